"""Fidelity check pages: take the check, my checks and my trend, who reads each; checks shared
with me (supervisors); the team's and the organisation's aggregates."""

import csv
import io

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from apps.core.capabilities import caps, require
from apps.core.forms import add_readers_field, run_service
from apps.core.sharing import supervisor_choices
from apps.fidelity import policies, selectors, services
from apps.fidelity.forms import CheckForm, CheckShareForm, SettingsForm
from apps.fidelity.principles import PRINCIPLES, SCALE, SKIPS


def _home(request, *, share_errors=None, status=200):
    user = request.user
    page = Paginator(selectors.my_checks(user).prefetch_related("readers"), 10).get_page(request.GET.get("page"))
    labels, _peers = supervisor_choices(user)
    share_errors = share_errors or {}
    for c in page.object_list:
        c.reader_ids = {r.pk for r in c.readers.all()}
        c.share_errors = share_errors.get(c.pk, [])
    return render(
        request,
        "fidelity/home.html",
        {
            "takes_checks": policies.takes_checks(user),
            "page": page,
            "trend": selectors.my_trend(user),
            "principles": PRINCIPLES,
            "next_due": selectors.next_due_for(user),
            "supervisors": sorted(labels.items(), key=lambda item: item[1]),
            "has_supervisees": bool(caps(user).supervisee_ids),
        },
        status=status,
    )


def home(request):
    return _home(request)


def new_check(request):
    user = request.user
    require(policies.takes_checks(user), services.NOT_A_PEER)
    form = CheckForm(request.POST or None)
    add_readers_field(form, user, label="Which supervisors read it")
    status = 200
    if request.method == "POST":
        if form.is_valid():
            check = run_service(
                form,
                services.check_record,
                actor=user,
                answers=form.answers(),
                share_with_supervisor=form.cleaned_data["share_with_supervisor"],
                readers=list(form.cleaned_data.get("readers") or []),
            )
            if check:
                names = ", ".join(u.display_name for u in check.readers.order_by("display_name"))
                messages.success(request, f"Check saved. Read by: {names or 'only you'}.")
                return redirect("fidelity:home")
        status = 400
    return render(
        request,
        "fidelity/check_form.html",
        {"form": form, "scale": SCALE, "skips": SKIPS, "has_supervisor": bool(caps(user).supervisor_ids)},
        status=status,
    )


def check_detail(request, check_id):
    """The author, or a supervisor they named (the read is recorded)."""
    check = selectors.get_check_for(request.user, check_id)
    return render(
        request,
        "fidelity/check_detail.html",
        {
            "check": check,
            "rows": selectors.answers_by_principle(check),
            "is_author": check.author_id == request.user.pk,
            "readers": sorted(r.display_name for r in check.readers.all()),
        },
    )


@require_POST
def check_share(request, check_id):
    check = selectors.my_checks(request.user).filter(pk=check_id).first()
    if check is None:
        raise Http404
    form = CheckShareForm(request.POST)
    add_readers_field(form, request.user, label="Who reads this")
    if form.is_valid():
        shared = run_service(
            form,
            services.check_share,
            actor=request.user,
            check=check,
            share_with_supervisor=form.cleaned_data["share_with_supervisor"],
            readers=list(form.cleaned_data.get("readers") or []),
        )
        if shared:
            names = ", ".join(u.display_name for u in shared.readers.order_by("display_name"))
            messages.success(request, f"Sharing updated. Read by: {names or 'only you'}.")
            return redirect("fidelity:home")
    errors = [str(e) for errs in form.errors.values() for e in errs]
    return _home(request, share_errors={check.pk: errors}, status=400)


def shared_with_me(request):
    """Supervisors: checks their supervisees chose to share with them (each read recorded)."""
    page = selectors.checks_shared_with_page(request.user, number=request.GET.get("page"), per_page=20)
    for check in page.object_list:
        check.rows = selectors.answers_by_principle(check)
    return render(request, "fidelity/shared_with_me.html", {"page": page})


def _team_or_404(request, team_id):
    team = selectors.get_team_for_summary(request.user, team_id)
    if not policies.can_read_team_summary(request.user, team.pk):
        raise Http404
    return team


def team(request, team_id):
    team = _team_or_404(request, team_id)
    summary = selectors.team_summary(request.user, team)
    return render(
        request,
        "fidelity/summary.html",
        {
            "heading": f"Peer practice in {team.name}",
            "team": team,
            "summary": summary,
            "chart": selectors.chart_of(summary),
            "principles": PRINCIPLES,
            "export_url": True,
        },
    )


def summary_csv(summary) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["period", "workers", "principle", "average (1-4)", "answered"])
    for period in summary["periods"]:
        if not period["shown"]:
            writer.writerow([period["period"], "", "", period["message"], ""])
            continue
        for p in period["principles"]:
            average = "" if p["average"] is None else p["average"]
            answered = "" if p["answered"] is None else p["answered"]
            writer.writerow([period["period"], period["workers"], p["label"], average, answered])
    return out.getvalue()


def team_export(request, team_id):
    team = _team_or_404(request, team_id)
    response = HttpResponse(summary_csv(selectors.team_summary(request.user, team)), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="peer-practice-team.csv"'
    return response


def organisation(request):
    user = request.user
    require(policies.can_read_organisation_summary(user), "Only an org admin sees the organisation's figures.")
    current = services.current_settings(user)
    form = SettingsForm(request.POST or None, initial={"interval_days": current.interval_days})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            saved = run_service(
                form, services.settings_update, actor=user, interval_days=form.cleaned_data["interval_days"]
            )
            if saved:
                messages.success(request, f"Saved: the check is due every {saved.interval_days} days.")
                return redirect("fidelity:organisation")
        status = 400
    summary = selectors.organisation_summary(user)
    return render(
        request,
        "fidelity/summary.html",
        {
            "heading": "Peer practice across the organisation",
            "summary": summary,
            "chart": selectors.chart_of(summary),
            "principles": PRINCIPLES,
            "settings_form": form,
        },
        status=status,
    )
