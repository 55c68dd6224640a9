"""Pages: role definitions (list, editor, versions, diff), assigning, acknowledging, team
role overview and the overlap report. Forms validate, services act, then redirect."""

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from apps.accounts.models import User
from apps.core.capabilities import caps, require
from apps.core.forms import run_service
from apps.core.hours import hours_text
from apps.core.selectors import get_or_404
from apps.roles import policies, services
from apps.roles.diff import diff_versions
from apps.roles.extensions import definition_field_names
from apps.roles.forms import (
    AssignmentCommentForm,
    AssignmentForm,
    ConsultationResponseForm,
    ConsultForm,
    DecideCommentForm,
    DefinitionCommentForm,
    RoleDefinitionForm,
    duty_formset,
    with_added_row,
)
from apps.roles.models import RoleDefinition
from apps.roles.overlaps import (
    RULE_PLAIN,
    assignment_finding,
    assignment_findings,
    compared_roles,
    find_overlaps,
    team_assignment_findings,
)
from apps.roles.selectors import (
    assignable_role_definitions,
    assigned_hours,
    assignment_comments_for,
    assignments_visible_to,
    consultations_of,
    definition_comments_for,
    get_assignment_for,
    get_definition_comment_for,
    get_role_definition_for,
    group_duties,
    hours_summary,
    role_definition_list,
    role_writable_teams,
    roles_held_by,
    team_published_definitions,
    team_role_overview,
    versions_of,
    with_duties,
)
from apps.teams.models import Membership
from apps.teams.selectors import get_team_for, teams_visible_to


def _messages_from(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


# --- role definitions ------------------------------------------------------------------------


def role_list(request):
    """Roles I hold; the role definitions I can read (filterable); links to team pages."""
    user = request.user
    team_id = request.GET.get("team") or None
    teams = list(teams_visible_to(user).order_by("name"))
    if team_id and team_id not in {str(t.pk) for t in teams}:
        team_id = None
    status = request.GET.get("status") if request.GET.get("status") in RoleDefinition.Status.values else None
    definitions = role_definition_list(user, team_id=team_id, status=status)
    page = Paginator(definitions, 25).get_page(request.GET.get("page"))
    writable = list(role_writable_teams(user))
    return render(
        request,
        "roles/role_list.html",
        {
            "page": page,
            "teams": teams,
            "selected_team": team_id,
            "selected_status": status,
            "statuses": RoleDefinition.Status.choices,
            "held": list(roles_held_by(user)),
            "can_define": bool(writable),
            "can_assign": bool(writable),
            "today": caps(user).today,
        },
    )


def _render_editor(request, *, form, formset, definition=None, status=200):
    return render(
        request,
        "roles/role_form.html",
        {"form": form, "formset": formset, "definition": definition, "empty_form": formset.empty_form},
        status=status,
    )


def role_create(request):
    """New role definition (draft v1) with its duties."""
    teams = role_writable_teams(request.user)
    require(teams.exists(), "Only team managers and org admins can define roles.")
    if request.method != "POST":
        form = RoleDefinitionForm(user=request.user, teams=teams, initial={"team": request.GET.get("team")})
        return _render_editor(request, form=form, formset=duty_formset())
    form = RoleDefinitionForm(request.POST, user=request.user, teams=teams)
    if "add_duty" in request.POST:
        return _render_editor(request, form=form, formset=with_added_row(request.POST))
    formset = duty_formset(request.POST)
    if form.is_valid() and formset.is_valid():
        definition = run_service(
            form,
            services.role_definition_create,
            actor=request.user,
            duties=formset.ordered_duties(),
            **form.cleaned_data,
        )
        if definition:
            messages.success(request, f"Saved {definition.title} as a draft (version 1). Publish it when it is ready.")
            return redirect("roles:role-detail", definition_id=definition.pk)
    return _render_editor(request, form=form, formset=formset, status=400)


def _editor_initial(definition: RoleDefinition) -> dict:
    names = [*services.DEFINITION_FIELDS, *definition_field_names()]
    initial = {name: getattr(definition, name) for name in names}
    initial["lived_experience"] = "\n".join(definition.lived_experience)
    return initial


def _changed_extras_only(form: RoleDefinitionForm) -> dict:
    """The form's data, leaving out other apps' fields the manager did not touch: an untouched
    list stays inherited by the next version instead of being written again."""
    extras = definition_field_names()
    return {k: v for k, v in form.cleaned_data.items() if k not in extras or k in form.changed_data}


def role_edit(request, definition_id):
    """Edit a draft; for a published version, saving creates the next version as a draft."""
    definition = get_role_definition_for(request.user, definition_id)
    require(
        policies.can_write_role_definitions(request.user, definition.team_id),
        "Only this team's managers or an org admin can edit its roles.",
    )
    if definition.is_retired:
        messages.error(request, "This version is retired and cannot be edited.")
        return redirect("roles:role-detail", definition_id=definition.pk)
    if definition.is_published:
        draft = RoleDefinition.objects.filter(lineage=definition.lineage, status=RoleDefinition.Status.DRAFT).first()
        if draft is not None:
            messages.info(request, f"Version {draft.version} is already being drafted; you are editing that draft.")
            return redirect("roles:role-edit", definition_id=draft.pk)
    if request.method != "POST":
        form = RoleDefinitionForm(user=request.user, initial=_editor_initial(definition))
        return _render_editor(
            request, form=form, formset=duty_formset(definition=definition, extra_rows=1), definition=definition
        )
    form = RoleDefinitionForm(request.POST, user=request.user, initial=_editor_initial(definition))
    if "add_duty" in request.POST:
        return _render_editor(request, form=form, formset=with_added_row(request.POST), definition=definition)
    formset = duty_formset(request.POST)
    if form.is_valid() and formset.is_valid():
        result = run_service(
            form,
            services.role_definition_update,
            actor=request.user,
            definition=definition,
            data={**_changed_extras_only(form), "duties": formset.ordered_duties()},
        )
        if result:
            if result.pk != definition.pk:
                messages.success(
                    request,
                    f"Saved as version {result.version} (draft). Version {definition.version} stays published "
                    "until you publish this one.",
                )
            else:
                messages.success(request, f"Saved the draft of version {result.version}.")
            return redirect("roles:role-detail", definition_id=result.pk)
    return _render_editor(request, form=form, formset=formset, definition=definition, status=400)


def role_detail(request, definition_id):
    """One version: its duties, version history, assignments, and overlaps with the team's roles."""
    return _render_detail(request, get_role_definition_for(request.user, definition_id))


def _render_detail(request, definition, *, forms=None, status=200):
    """The role's page; ``forms`` replaces a form the user sent back with its errors (400)."""
    user = request.user
    can_write = policies.can_write_role_definitions(user, definition.team_id)
    versions = list(versions_of(user, definition))
    previous = next((v for v in versions if v.version < definition.version), None)
    assignments = assignments_visible_to(user).filter(role_definition=definition).select_related("worker")
    assignments = list(assignments.order_by("-starts_on", "worker__display_name"))
    today = caps(user).today
    for assignment in assignments:
        assignment.role_definition = definition
        assignment.active_today = assignment.is_active_on(today)
    mine = [a for a in assignments if a.worker_id == user.pk]
    # Overlaps this version has with the team's other published roles (the editor's early warning).
    others = [d for d in team_published_definitions(definition.team) if d.lineage != definition.lineage]
    overlaps = [
        f
        for f in find_overlaps([*others, definition])
        if (f.peer_role is not None and f.peer_role.pk == definition.pk)
        or (f.clinical_role is not None and f.clinical_role.pk == definition.pk)
    ]
    held_findings = assignment_findings(a for a in assignments if not a.has_ended_by(today))
    draft_exists = any(v.is_draft for v in versions)
    return render(
        request,
        "roles/role_detail.html",
        {
            "definition": definition,
            "groups": group_duties(definition),
            "versions": versions,
            "previous": previous,
            "assignments": assignments,
            "mine": mine,
            "can_write": can_write,
            "can_assign": policies.can_assign_roles(user, definition.team_id) and definition.is_published,
            "draft_exists": draft_exists,
            "overlaps": overlaps,
            "held_findings": held_findings,
            **_co_production(request, definition, forms or {}),
        },
        status=status,
    )


def _co_production(request, definition, forms) -> dict:
    """Who was consulted and their answers, comments and proposals, and the forms the user may use."""
    user = request.user
    consultations = consultations_of(definition)
    my_consultation = next((c for c in consultations if c.worker_id == user.pk), None)
    comments = definition_comments_for(user, definition)
    can_decide = policies.can_decide_comments(user, definition)
    context: dict[str, Any] = {
        "consultations": consultations,
        "my_consultation": my_consultation,
        "definition_comments": comments,
        "can_decide": can_decide,
        "consult_form": None,
        "respond_form": None,
        "comment_form": None,
    }
    if policies.can_consult(user, definition):
        workers = services.consultable_workers(definition, caps(user).today).exclude(
            pk__in=[c.worker_id for c in consultations]
        )
        if workers.exists() or "consult_form" in forms:
            context["consult_form"] = forms.get("consult_form") or ConsultForm(workers=workers)
    if my_consultation is not None and not definition.is_retired:
        context["respond_form"] = forms.get("respond_form") or ConsultationResponseForm(
            initial={"response": my_consultation.response or None}
        )
    if policies.can_comment_on_definition(user, definition, consultation_open=bool(consultations)):
        context["comment_form"] = forms.get("comment_form") or DefinitionCommentForm()
    if can_decide:
        sent = forms.get("decide_form")
        for comment in comments:
            if not comment.decision:
                keep = sent is not None and sent.comment_id == comment.pk
                comment.decide_form = sent if keep else DecideCommentForm(comment_id=comment.pk)  # type: ignore[attr-defined]
    return context


@require_POST
def role_consult(request, definition_id):
    """The team's managers ask peer workers of the team about a draft."""
    definition = get_role_definition_for(request.user, definition_id)
    require(policies.can_write_role_definitions(request.user, definition.team_id), services.CONSULT_DENIED)
    if not definition.is_draft:
        messages.error(request, "Peer workers are asked about a draft, before it is published.")
        return redirect("roles:role-detail", definition_id=definition.pk)
    workers = services.consultable_workers(definition, caps(request.user).today)
    form = ConsultForm(request.POST, workers=workers)
    if form.is_valid():
        asked = run_service(
            form,
            services.consultation_ask,
            actor=request.user,
            definition=definition,
            workers=form.cleaned_data["workers"],
        )
        if asked is not None:
            names = ", ".join(c.worker.display_name for c in asked) or "nobody new"
            messages.success(request, f"Asked {names}. They are told, and the team's peer workers can comment.")
            return redirect("roles:role-detail", definition_id=definition.pk)
    return _render_detail(request, definition, forms={"consult_form": form}, status=400)


@require_POST
def role_respond(request, definition_id):
    """A peer worker who was asked says whether they agree (their own answer only)."""
    definition = get_role_definition_for(request.user, definition_id)
    form = ConsultationResponseForm(request.POST)
    if form.is_valid():
        answer = run_service(
            form,
            services.consultation_respond,
            actor=request.user,
            definition=definition,
            response=form.cleaned_data["response"],
        )
        if answer is not None:
            messages.success(request, f"Recorded: {answer.get_response_display().lower()}. Your manager is told.")
            return redirect("roles:role-detail", definition_id=definition.pk)
    return _render_detail(request, definition, forms={"respond_form": form}, status=400)


@require_POST
def role_comment(request, definition_id):
    """A peer worker of the team comments on a draft or proposes a change."""
    definition = get_role_definition_for(request.user, definition_id)
    form = DefinitionCommentForm(request.POST)
    if form.is_valid():
        comment = run_service(
            form, services.definition_comment_add, actor=request.user, definition=definition, **form.cleaned_data
        )
        if comment is not None:
            messages.success(request, "Sent to the team's managers. You will be told when they decide.")
            return redirect("roles:role-detail", definition_id=definition.pk)
    return _render_detail(request, definition, forms={"comment_form": form}, status=400)


@require_POST
def role_comment_decide(request, definition_id, comment_id):
    """The team's managers accept or decline a comment or proposal, with a reason."""
    definition = get_role_definition_for(request.user, definition_id)
    comment = get_definition_comment_for(request.user, definition, comment_id)
    require(policies.can_decide_comments(request.user, definition), services.DECIDE_DENIED)
    form = DecideCommentForm(request.POST, comment_id=comment.pk)
    if form.is_valid():
        decided = run_service(
            form,
            services.definition_comment_decide,
            actor=request.user,
            comment=comment,
            decision=form.cleaned_data["decision"],
            reason=form.cleaned_data["reason"],
        )
        if decided is not None:
            messages.success(
                request,
                f"{decided.get_decision_display()}. "
                f"{decided.author.display_name if decided.author else 'The author'} is told.",
            )
            return redirect("roles:role-detail", definition_id=definition.pk)
    return _render_detail(request, definition, forms={"decide_form": form}, status=400)


@require_POST
def role_publish(request, definition_id):
    definition = get_role_definition_for(request.user, definition_id)
    try:
        definition = services.role_definition_publish(actor=request.user, definition=definition)
    except ValidationError as exc:
        messages.error(request, _messages_from(exc))
    else:
        messages.success(request, f"Published {definition}. It can now be assigned.")
    return redirect("roles:role-detail", definition_id=definition.pk)


@require_POST
def role_retire(request, definition_id):
    definition = get_role_definition_for(request.user, definition_id)
    try:
        definition = services.role_definition_retire(actor=request.user, definition=definition)
    except ValidationError as exc:
        messages.error(request, _messages_from(exc))
    else:
        messages.success(request, f"Retired {definition}. Its assignments stay as they are.")
    return redirect("roles:role-detail", definition_id=definition.pk)


@require_POST
def role_discard(request, definition_id):
    """Delete a draft that was never published; back to the published version, or the role list."""
    definition = get_role_definition_for(request.user, definition_id)
    try:
        services.role_definition_discard(actor=request.user, definition=definition)
    except ValidationError as exc:
        messages.error(request, _messages_from(exc))
        return redirect("roles:role-detail", definition_id=definition.pk)
    messages.success(request, f"Discarded the draft of {definition.title} (version {definition.version}).")
    published = versions_of(request.user, definition).filter(status=RoleDefinition.Status.PUBLISHED).first()
    if published is not None:
        return redirect("roles:role-detail", definition_id=published.pk)
    return redirect(f"{reverse('roles:role-list')}?team={definition.team_id}")


def role_diff(request, definition_id):
    """What changed between two versions of the same role (default: this one and the one before)."""
    user = request.user
    definition = get_role_definition_for(user, definition_id)
    versions = list(with_duties(versions_of(user, definition)))
    against_id = request.GET.get("against")
    if against_id:
        other = get_or_404(with_duties(versions_of(user, definition)), against_id)
    else:
        other = next((v for v in versions if v.version < definition.version), None)
    if other is None:
        messages.info(request, "This is the first version; there is nothing earlier to compare it with.")
        return redirect("roles:role-detail", definition_id=definition.pk)
    old, new = sorted([other, definition], key=lambda d: d.version)
    return render(
        request,
        "roles/role_diff.html",
        {"diff": diff_versions(old, new), "definition": definition, "versions": versions},
    )


# --- assignments --------------------------------------------------------------------------


def _assign_workers(user, definitions, definition=None):
    """Current members of the chosen role's team, or of every team the user may assign in."""
    today = caps(user).today
    team_ids = [definition.team_id] if definition is not None else {d.team_id for d in definitions}
    members = Membership.objects.active(today).filter(team_id__in=team_ids).values("worker_id")
    return User.objects.filter(pk__in=members).exclude(status=User.Status.LEFT).order_by("display_name")


def _uuid_or_none(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def assignment_create(request):
    """Assign a published role version to a member of its team; over-allocation asks for confirmation."""
    user = request.user
    definitions = assignable_role_definitions(user)
    require(
        caps(user).is_org_admin or bool(caps(user).managed_team_ids),
        "Only team managers and org admins can assign roles.",
    )
    source = request.POST if request.method == "POST" else request.GET
    chosen = None
    role_id = source.get("role_definition") or source.get("role")
    if role_id:
        try:
            chosen = definitions.get(pk=role_id)
        except (RoleDefinition.DoesNotExist, ValueError, ValidationError):
            chosen = None
    workers = _assign_workers(user, definitions, chosen)
    over = None
    status = 200
    dropped_worker = None
    if request.method == "POST":
        form = AssignmentForm(request.POST, definitions=definitions, workers=workers, refresh_url=request.path)
        if form.is_valid():
            data = form.cleaned_data
            definition, worker = data["role_definition"], data["worker"]
            today = caps(user).today
            hours = data["hours_per_week"] or definition.hours_per_week
            starts_on = data["starts_on"] or today
            projected = assigned_hours(
                [worker.pk], today=today, extra={worker.pk: [(starts_on, data["ends_on"], hours)]}
            )[worker.pk]
            over = hours_summary(worker, projected)
            if over["over_allocated"] and not data["confirm_over_allocation"]:
                form.add_error(
                    "hours_per_week",
                    f"{worker} is contracted for {hours_text(over['contracted_hours_per_week'])} a week; with this "
                    f"role they would hold {hours_text(projected)} at the busiest point. Lower the hours, or tick "
                    "“Assign anyway” to confirm.",
                )
            else:
                assignment = run_service(
                    form,
                    services.assignment_create,
                    actor=user,
                    worker=worker,
                    role_definition=definition,
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    hours_per_week=data["hours_per_week"],
                )
                if assignment:
                    note = " This is more than their contracted hours." if over["over_allocated"] else ""
                    messages.success(
                        request,
                        f"Assigned {definition} to {worker}. It reaches them as a proposal: they can ask you "
                        f"questions before they agree.{note}",
                    )
                    blur = assignment_finding(assignment)
                    if blur is not None:
                        messages.warning(request, blur.advice)
                    return redirect("roles:role-detail", definition_id=definition.pk)
        status = 400
    else:
        # Everything already chosen is kept when a role is chosen (the htmx reload sends the whole form).
        initial = {k: v for k, v in request.GET.items() if k in AssignmentForm.base_fields and v}
        if chosen is not None:
            initial["role_definition"] = chosen.pk
        if initial.get("worker") and not workers.filter(pk=_uuid_or_none(initial["worker"])).exists():
            dropped = User.objects.filter(pk=_uuid_or_none(initial.pop("worker")), organisation_id=user.organisation_id)
            dropped_worker = dropped.first()
        form = AssignmentForm(initial=initial, definitions=definitions, workers=workers, refresh_url=request.path)
    show_confirm = bool(over and over["over_allocated"]) or bool(request.POST.get("confirm_over_allocation"))
    return render(
        request,
        "roles/assignment_form.html",
        {
            "form": form,
            "chosen": chosen,
            "show_confirm": show_confirm,
            "has_roles": definitions.exists(),
            "dropped_worker": dropped_worker,
        },
        status=status,
    )


@require_POST
def assignment_end(request, assignment_id):
    assignment = get_assignment_for(request.user, assignment_id)
    try:
        services.assignment_end(actor=request.user, assignment=assignment)
    except ValidationError as exc:
        messages.error(request, _messages_from(exc))
    else:
        messages.success(
            request, f"Ended {assignment.worker}'s assignment as {assignment.role_definition}. It stays in the history."
        )
    return redirect(_safe_next(request, reverse("roles:role-detail", args=[assignment.role_definition_id])))


@require_POST
def assignment_acknowledge(request, assignment_id):
    assignment = get_assignment_for(request.user, assignment_id)
    services.assignment_acknowledge(actor=request.user, assignment=assignment)
    messages.success(request, f"Thank you: you agreed to your role as {assignment.role_definition}.")
    return redirect(_safe_next(request, reverse("core:my-day")))


def _render_assignment(request, assignment, *, form=None, status=200):
    user = request.user
    definition = get_role_definition_for(user, assignment.role_definition_id)
    assignment.role_definition = definition
    today = caps(user).today
    can_discuss = policies.can_discuss(user, assignment)
    replying = user.pk != assignment.worker_id
    if can_discuss and form is None:
        form = AssignmentCommentForm(replying=replying)
    return render(
        request,
        "roles/assignment_detail.html",
        {
            "assignment": assignment,
            "definition": definition,
            "groups": group_duties(definition),
            "mine": assignment.worker_id == user.pk,
            "ended": assignment.has_ended_by(today),
            "finding": assignment_finding(assignment),
            "comments": assignment_comments_for(user, assignment),
            "form": form if can_discuss else None,
            "replying": replying,
            "can_end": policies.can_assign_roles(user, assignment.team_id) and assignment.is_active_on(today),
        },
        status=status,
    )


def assignment_detail(request, assignment_id):
    """One assignment: the role proposed, the worker's questions and the managers' answers, agreeing."""
    return _render_assignment(request, get_assignment_for(request.user, assignment_id))


@require_POST
def assignment_comment(request, assignment_id):
    """The worker asks a question (the managers are told), or a manager answers (the worker is told)."""
    assignment = get_assignment_for(request.user, assignment_id)
    require(
        policies.can_discuss(request.user, assignment),
        "Only the person this role is proposed to and the team's managers can talk about it here.",
    )
    replying = request.user.pk != assignment.worker_id
    form = AssignmentCommentForm(request.POST, replying=replying)
    if form.is_valid():
        comment = run_service(
            form, services.assignment_comment_add, actor=request.user, assignment=assignment, **form.cleaned_data
        )
        if comment:
            messages.success(
                request,
                f"Sent. {assignment.worker} has been told." if replying else "Sent. Your manager has been told.",
            )
            return redirect("roles:assignment-detail", assignment_id=assignment.pk)
    return _render_assignment(request, assignment, form=form, status=400)


# --- team pages --------------------------------------------------------------------------------


def team_overview(request, team_id):
    """Each member, the role they hold, its duties by category, acknowledged or not. Printable."""
    team = get_team_for(request.user, team_id)
    my = caps(request.user)
    with_hours = policies.can_see_hours(request.user, team.pk)
    rows = team_role_overview(team, today=my.today, with_hours=with_hours)
    return render(
        request,
        "roles/team_overview.html",
        {
            "team": team,
            "rows": rows,
            "with_hours": with_hours,
            "can_write": policies.can_write_role_definitions(request.user, team.pk),
            "today": my.today,
        },
    )


def team_overlaps(request, team_id):
    """The overlap report of a team's published peer and clinical roles."""
    team = get_team_for(request.user, team_id)
    definitions = team_published_definitions(team)
    findings = find_overlaps(definitions)
    return render(
        request,
        "roles/team_overlaps.html",
        {
            "team": team,
            "attention": [f for f in findings if f.severity == "attention"],
            "info": [f for f in findings if f.severity == "info"],
            "held_findings": team_assignment_findings(team, caps(request.user).today),
            "compared": compared_roles(definitions),
            "rule": RULE_PLAIN,
            "can_write": policies.can_write_role_definitions(request.user, team.pk),
        },
    )
