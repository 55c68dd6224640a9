"""The worker's pages (invite, list, read, withdraw, decide) and the rater's page, which needs no
account: the token in its address is the key, and it shows only the worker's display name and
the competency titles."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from apps.competencies.models import Competency
from apps.core.forms import run_service
from apps.raters import selectors, services
from apps.raters.forms import DecisionForm, InvitationForm, RaterForm
from apps.raters.models import Invitation


def invitation_list(request):
    invitations = list(selectors.invitations_of(request.user))
    return render(request, "raters/invitation_list.html", {"invitations": invitations})


def _grouped(frameworks, form):
    """The competency checkboxes grouped by framework and domain, for fieldsets."""
    boxes = {str(box.data["value"]): box for box in form["competencies"]}
    groups = []
    for framework in frameworks:
        domains = []
        for domain in framework.domains.all():
            items = [boxes[str(c.pk)] for c in domain.competencies.all() if str(c.pk) in boxes]
            if items:
                domains.append((domain, items))
        if domains:
            groups.append((framework, domains))
    return groups


def invitation_create(request):
    user = request.user
    frameworks = list(selectors.choosable_frameworks(user))
    competencies = [c for f in frameworks for d in f.domains.all() for c in d.competencies.all()]
    queryset = Competency.objects.filter(pk__in=[c.pk for c in competencies])
    form = InvitationForm(request.POST or None, competencies=queryset)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                result = run_service(form, services.invitation_create, actor=user, **form.cleaned_data)
            except services.TooManyInvitations as exc:
                form.add_error("rater_email" if exc.field == "rater_email" else None, exc.message)
                result = None
                status = 429
            if result is not None:
                invitation, _token = result
                messages.success(request, f"Your invitation is on its way to {invitation.rater_name}.")
                return redirect("raters:invitation-detail", invitation_id=invitation.pk)
        if status == 200:
            status = 400
    context = {"form": form, "groups": _grouped(frameworks, form), "days": settings.RATER_LINK_DAYS}
    return render(request, "raters/invitation_form.html", context, status=status)


@never_cache
def invitation_detail(request, invitation_id):
    invitation = selectors.get_invitation_for(request.user, invitation_id)
    if invitation.submitted_at is not None and invitation.decision != Invitation.Decision.DELETED:
        services.feedback_read(actor=request.user, invitation=invitation)
    return render(
        request,
        "raters/invitation_detail.html",
        {"invitation": invitation, "answers": list(invitation.answers.all()), "decision_form": DecisionForm()},
    )


def _attempt(request, service, success: str, **kwargs) -> None:
    """Run a one-button service; its refusal (e.g. already decided) becomes an error message."""
    try:
        service(actor=request.user, **kwargs)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)


@require_POST
def invitation_revoke(request, invitation_id):
    invitation = selectors.get_invitation_for(request.user, invitation_id)
    _attempt(
        request, services.invitation_revoke, "Invitation withdrawn: the link no longer works.", invitation=invitation
    )
    return redirect("raters:invitation-detail", invitation_id=invitation.pk)


@require_POST
def invitation_decide(request, invitation_id):
    invitation = selectors.get_invitation_for(request.user, invitation_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "raters/invitation_detail.html",
            {"invitation": invitation, "answers": list(invitation.answers.all()), "decision_form": form},
            status=400,
        )
    decision = form.cleaned_data["decision"]
    if decision == "accept":
        _attempt(request, services.feedback_accept, "Added to your portfolio as evidence.", invitation=invitation)
    else:
        keep = decision == "keep"
        message = "Kept private to you: it is not evidence." if keep else "The answers are deleted."
        _attempt(request, services.feedback_decline, message, invitation=invitation, keep=keep)
    return redirect("raters:invitation-detail", invitation_id=invitation.pk)


def _closed(request, invitation):
    """A link that worked once: a friendly page, 410 Gone."""
    return render(
        request,
        "raters/respond_closed.html",
        {"state": invitation.state, "worker_name": invitation.worker.display_name},
        status=410,
    )


def _private(response):
    # Never sends the address (the token) to another site; "no-referrer" would also make Chromium
    # send "Origin: null" with the form, which the CSRF check refuses.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "private, no-store"
    return response


@login_not_required
@csrf_protect
@require_http_methods(["GET", "POST"])
def respond(request, rater_token: str):
    """The rater's page: an unknown token is a 404; a used, expired or withdrawn one a 410 page."""
    invitation = services.invitation_for_token(rater_token)
    if invitation is None:
        raise Http404("No such feedback link.")
    if not invitation.is_open:
        return _private(_closed(request, invitation))
    competencies = list(invitation.competencies.select_related("framework").order_by("framework__name", "position"))
    form = RaterForm(request.POST or None, competencies=competencies)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            done = run_service(form, services.feedback_submit, invitation=invitation, answers=form.answers())
            if done is not None:
                return _private(
                    render(request, "raters/respond_thanks.html", {"worker_name": invitation.worker.display_name})
                )
            invitation.refresh_from_db()
            if not invitation.is_open:
                return _private(_closed(request, invitation))
        status = 400
    else:
        services.rater_page_viewed(invitation=invitation)
    context = {"form": form, "worker_name": invitation.worker.display_name, "expires_at": invitation.expires_at}
    return _private(render(request, "raters/respond.html", context, status=status))
