"""Competency pages: my progress, self-assessment, sign-off, training records, frameworks, role requirements."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from apps.competencies import policies, services
from apps.competencies.certificates import certificate_response
from apps.competencies.forms import (
    AssessmentForm,
    AssessorForm,
    FrameworkChoiceForm,
    FrameworkUploadForm,
    OrganisationalStatusForm,
    RequirementsForm,
    SignOffForm,
    TrainingRecordForm,
)
from apps.competencies.loader import FrameworkFileError, format_for, parse_framework
from apps.competencies.models import Assessment, Competency
from apps.competencies.selectors import (
    assessment_history,
    assessor_of,
    assessor_options,
    assessor_state,
    awaiting_sign_off,
    competencies_in_use,
    competencies_visible_to,
    effective_requirement_sets,
    frameworks_in_use,
    frameworks_visible_to,
    frameworks_with_competencies,
    get_assessment_for,
    get_certificate_for,
    get_organisational_team_for,
    get_readable_worker,
    get_training_record_for,
    organisational_competencies,
    organisational_overview,
    organisational_teams_visible_to,
    own_citable_reflections,
    progress_for,
    role_definitions_visible_to,
    training_records_visible_to,
    worker_states,
    workers_whose_competencies_are_readable,
)
from apps.core.capabilities import caps, require
from apps.core.forms import run_service
from apps.core.selectors import get_or_404

# --- progress and self-assessment --------------------------------------------------------------


def my_progress(request):
    """My framework progress: what my roles require, my current self-assessments and their sign-off."""
    me = caps(request.user)
    context = progress_for(request.user, request.user, on_date=me.today)
    context["is_me"] = True
    assessor_id, chosen, supervisors = assessor_state(request.user.pk, me.today)
    context["assessor"] = next((o for o in assessor_options(supervisors) if o["id"] == assessor_id), None)
    context["assessor_chosen"] = chosen
    context["supervises"] = bool(me.supervisee_ids)
    context["sees_people"] = me.is_org_admin or bool(me.supervisee_ids) or bool(me.managed_team_ids)
    return render(request, "competencies/progress.html", context)


def assess(request, competency_id):
    """Rate myself on one competency and cite my reflections; see this competency's history."""
    # What the organisation provides is recorded for a team, never self-assessed (issue 18).
    competency = get_or_404(
        competencies_visible_to(request.user)
        .exclude(kind=Competency.Kind.ORGANISATIONAL)
        .select_related("domain", "framework"),
        competency_id,
    )
    history = assessment_history(request.user, request.user.pk, competency.pk)
    current = next((a for a in history if a.is_current), None)
    # While nobody has decided on the current assessment it is edited in place; after a
    # decision, saving adds a new assessment and the earlier one stays as history.
    editable = (
        current if current and current.state == Assessment.State.AWAITING and not current.sign_offs.all() else None
    )
    # A signed-off assessment is locked (issue 17, part 4): no edit control, only "Start a new
    # assessment", which shows the form for a new one (the locked one stays in the history).
    locked = current if current and current.is_locked else None
    starting_new = request.method == "POST" or request.GET.get("new") == "1"
    reflections = own_citable_reflections(request.user)
    initial = {}
    if current:
        initial = {"level": current.level, "evidence": [r.pk for r in current.visible_evidence]}
    form = AssessmentForm(initial=initial, reflections=reflections)
    status = 200
    if request.method == "POST":
        form = AssessmentForm(request.POST, reflections=reflections)
        if form.is_valid():
            data = {"level": form.cleaned_data["level"], "evidence": list(form.cleaned_data["evidence"])}
            if editable:
                done = run_service(
                    form,
                    services.assessment_update,
                    actor=request.user,
                    assessment=editable,
                    data=data,
                )
            else:
                done = run_service(form, services.assessment_create, actor=request.user, competency=competency, **data)
            if done:
                if competency.kind == Competency.Kind.WELLBEING:
                    what = "It is yours alone: nobody else sees it and it is never signed off."
                else:
                    what = "Your assessor can now sign it off."
                messages.success(request, f"Saved your self-assessment of {competency.code}. {what}")
                return redirect("competencies:my-progress")
        status = 400
    return render(
        request,
        "competencies/assess.html",
        {
            "competency": competency,
            "history": history,
            "current": current,
            "form": form if not locked or starting_new else None,
            "editable": editable,
            "locked": locked,
        },
        status=status,
    )


def _rows(progress):
    for framework in progress["frameworks"]:
        for domain in framework["domains"]:
            yield from domain["rows"]


def _attach_sign_off_forms(request, progress, bound=None) -> None:
    """A sign-off form on each current assessment the viewer may decide on (``bound``: the one
    just submitted with errors, as ``(assessment_id, form)``, so nothing typed is lost)."""
    worker_id = progress["worker"].pk
    allowed = (
        policies.can_sign_off(request.user, worker_id)
        and assessor_of(worker_id, caps(request.user).today)[0] == request.user.pk
    )
    for row in _rows(progress):
        assessment = row["assessment"]
        row["sign_off_form"] = None
        if (
            allowed
            and assessment
            and assessment.state != Assessment.State.SIGNED_OFF
            and assessment.competency.kind == Competency.Kind.PRACTICE
        ):
            if bound and bound[0] == assessment.pk:
                row["sign_off_form"] = bound[1]
            else:
                row["sign_off_form"] = SignOffForm(prefix=str(assessment.pk))


def worker_progress(request, worker_id):
    """A worker's progress as the viewer may see it: supervisors see evidence they may read and
    sign off; managers and org admins see states only."""
    worker = get_readable_worker(request.user, worker_id)
    if worker.pk == request.user.pk:
        return redirect("competencies:my-progress")
    me = caps(request.user)
    progress = progress_for(request.user, worker, on_date=me.today)
    _attach_sign_off_forms(request, progress)
    training = list(training_records_visible_to(request.user).filter(worker=worker).order_by("-completed_on"))
    return render(
        request,
        "competencies/progress.html",
        {**progress, "is_me": False, "training": training, "today": me.today},
    )


@require_POST
def sign_off(request, assessment_id):
    assessment = get_assessment_for(request.user, assessment_id)
    require(
        policies.can_sign_off(request.user, assessment.worker_id), "Only the worker's supervisor can sign this off."
    )
    form = SignOffForm(request.POST, prefix=str(assessment.pk))
    if form.is_valid():
        done = run_service(
            form,
            services.assessment_sign_off,
            actor=request.user,
            assessment=assessment,
            decision=form.cleaned_data["decision"],
            comment=form.cleaned_data["comment"],
        )
        if done:
            what = "Signed off" if done.decision == "signed_off" else "Asked for more evidence on"
            messages.success(request, f"{what} {assessment.competency.code} for {assessment.worker}.")
            next_url = request.POST.get("next")
            if next_url == "queue":
                return redirect("competencies:sign-off-queue")
            return redirect("competencies:worker-progress", worker_id=assessment.worker_id)
    me = caps(request.user)
    progress = progress_for(request.user, assessment.worker, on_date=me.today)
    _attach_sign_off_forms(request, progress, bound=(assessment.pk, form))
    training = list(training_records_visible_to(request.user).filter(worker=assessment.worker))
    return render(
        request,
        "competencies/progress.html",
        {**progress, "is_me": False, "training": training, "today": me.today},
        status=400,
    )


def sign_off_queue(request):
    """A supervisor's view: supervisees' self-assessments awaiting a decision, oldest first."""
    me = caps(request.user)
    require(bool(me.supervisee_ids), "This page is for supervisors.")
    page = Paginator(awaiting_sign_off(request.user), 25).get_page(request.GET.get("page"))
    rows = [{"assessment": a, "form": SignOffForm(prefix=str(a.pk))} for a in page.object_list]
    return render(request, "competencies/sign_off_queue.html", {"page": page, "rows": rows})


def people(request):
    """Supervisors, managers and org admins: the states of the people they may see (no evidence)."""
    me = caps(request.user)
    require(
        me.is_org_admin or bool(me.supervisee_ids) or bool(me.managed_team_ids),
        "This page is for supervisors and managers.",
    )
    workers = workers_whose_competencies_are_readable(request.user).exclude(pk=request.user.pk).order_by("display_name")
    query = request.GET.get("q", "").strip()
    if query:
        workers = workers.filter(display_name__icontains=query)
    page = Paginator(workers, 25).get_page(request.GET.get("page"))
    rows = worker_states(request.user, list(page.object_list), on_date=me.today)
    return render(request, "competencies/people.html", {"page": page, "rows": rows, "query": query})


# --- the assessor (issue 18) -----------------------------------------------------------------------


def assessor(request):
    """The worker chooses which of their supervisors signs off their competencies."""
    me = caps(request.user)
    assessor_id, chosen, supervisors = assessor_state(request.user.pk, me.today)
    options = assessor_options(supervisors)
    form = AssessorForm(initial={"assessor": str(assessor_id) if assessor_id else None}, options=options)
    status = 200
    if request.method == "POST":
        form = AssessorForm(request.POST, options=options)
        if form.is_valid():
            done = run_service(
                form, services.assessor_choose, actor=request.user, assessor=form.cleaned_data["assessor"]
            )
            if done:
                name = next(o["display_name"] for o in options if o["id"] == done.assessor_id)
                messages.success(request, f"{name} now signs off your competencies.")
                return redirect("competencies:assessor")
        status = 400
    current = next((o for o in options if o["id"] == assessor_id), None)
    return render(
        request,
        "competencies/assessor.html",
        {"form": form, "options": options, "current": current, "chosen": chosen},
        status=status,
    )


# --- organisational competences (issue 18) --------------------------------------------------------


def organisation(request, team_id=None):
    """What the organisation provides: each organisational competence's status for the whole
    organisation or one team. Everyone reads their teams' and the organisation's; the team's
    managers (and org admins, for any team and the organisation) record it."""
    me = caps(request.user)
    teams = list(organisational_teams_visible_to(request.user).order_by("name"))
    team = get_organisational_team_for(request.user, team_id) if team_id else None
    can_record = policies.can_record_organisational(request.user, team.pk if team else None)
    competencies = list(organisational_competencies(request.user))
    form = OrganisationalStatusForm(competencies=competencies) if can_record else None
    status = 200
    if request.method == "POST":
        require(can_record, "Only the team's managers (or an org admin, for the whole organisation) record this.")
        form = OrganisationalStatusForm(request.POST, competencies=competencies)
        if form.is_valid():
            done = run_service(
                form,
                services.organisational_status_record,
                actor=request.user,
                team=team,
                competency=form.cleaned_data["competency"],
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
            )
            if done:
                messages.success(request, f"Recorded {done.competency.code}: {done.get_status_display().lower()}.")
                if team is not None:
                    return redirect("competencies:organisation-team", team_id=team.pk)
                return redirect("competencies:organisation")
        status = 400
    return render(
        request,
        "competencies/organisation.html",
        {
            "teams": teams,
            "team": team,
            "rows": organisational_overview(request.user, team, competencies),
            "form": form,
            "is_org_admin": me.is_org_admin,
        },
        status=status,
    )


# --- training records ----------------------------------------------------------------------------


def training_list(request):
    """My training records, and a form to add one (with its certificate)."""
    me = caps(request.user)
    form = TrainingRecordForm()
    status = 200
    if request.method == "POST":
        form = TrainingRecordForm(request.POST, request.FILES)
        if form.is_valid():
            record = run_service(form, services.training_record_create, actor=request.user, **form.cleaned_data)
            if record:
                messages.success(request, f"Added “{record.course}”.")
                return redirect("competencies:training-list")
        status = 400
    records = training_records_visible_to(request.user).filter(worker=request.user).order_by("-completed_on", "course")
    page = Paginator(records, 25).get_page(request.GET.get("page"))
    return render(
        request, "competencies/training_list.html", {"page": page, "form": form, "today": me.today}, status=status
    )


def _own_record(request, record_id):
    record = get_training_record_for(request.user, record_id)
    require(policies.can_write(request.user, record.worker_id), "Only the worker can change their training record.")
    return record


def training_edit(request, record_id):
    record = _own_record(request, record_id)
    initial = {f: getattr(record, f) for f in ("course", "provider", "completed_on", "expires_on", "hours")}
    form = TrainingRecordForm(initial=initial)
    status = 200
    if request.method == "POST":
        form = TrainingRecordForm(request.POST, request.FILES)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "certificate" or v}
            done = run_service(form, services.training_record_update, actor=request.user, record=record, data=data)
            if done:
                messages.success(request, f"Saved “{done.course}”.")
                return redirect("competencies:training-list")
        status = 400
    return render(request, "competencies/training_edit.html", {"record": record, "form": form}, status=status)


@require_POST
def training_delete(request, record_id):
    record = _own_record(request, record_id)
    services.training_record_delete(actor=request.user, record=record)
    messages.success(request, f"Removed “{record.course}”.")
    return redirect("competencies:training-list")


def training_certificate(request, record_id):
    """The certificate, as a download, for the worker and their supervisors only (the read is audited)."""
    return certificate_response(get_certificate_for(request.user, record_id))


# --- frameworks and role requirements ------------------------------------------------------------------


def framework_list(request):
    """Every framework available here, with its source and licence; org admins load their own
    and choose which frameworks their roles use (issue 17)."""
    frameworks = list(frameworks_with_competencies(request.user).order_by("name"))
    in_use = set(frameworks_in_use(request.user).values_list("pk", flat=True))
    form = choice_form = None
    status = 200
    if caps(request.user).is_org_admin:
        form = FrameworkUploadForm()
        choice_form = FrameworkChoiceForm(
            initial={"frameworks": sorted(in_use)}, frameworks=frameworks_visible_to(request.user).order_by("name")
        )
        if request.method == "POST" and "choose" in request.POST:
            choice_form = FrameworkChoiceForm(
                request.POST, frameworks=frameworks_visible_to(request.user).order_by("name")
            )
            if choice_form.is_valid():
                chosen = run_service(
                    choice_form,
                    services.framework_choice_set,
                    actor=request.user,
                    frameworks=choice_form.cleaned_data["frameworks"],
                )
                if chosen:
                    messages.success(request, "Saved: your roles use " + ", ".join(f.name for f in chosen) + ".")
                    return redirect("competencies:framework-list")
            status = 400
        elif request.method == "POST":
            form = FrameworkUploadForm(request.POST, request.FILES)
            if form.is_valid():
                upload = form.cleaned_data["file"]
                try:
                    data = parse_framework(upload.read(), fmt=format_for(upload.name))
                except FrameworkFileError as exc:
                    form.add_error("file", str(exc))
                else:
                    result = run_service(form, services.framework_load, actor=request.user, data=data)
                    if result:
                        framework, changes = result
                        if changes:
                            messages.success(request, f"Loaded {framework}: {changes} changes.")
                        else:
                            messages.info(request, f"{framework} was already up to date; nothing changed.")
                        return redirect("competencies:framework-list")
            status = 400
    return render(
        request,
        "competencies/framework_list.html",
        {"frameworks": frameworks, "form": form, "choice_form": choice_form, "in_use": in_use},
        status=status,
    )


def role_requirements(request, role_definition_id):
    """The competencies one role definition (version) requires; its team's managers change them."""
    definition = get_or_404(role_definitions_visible_to(request.user).select_related("team"), role_definition_id)
    required = effective_requirement_sets([definition])[definition.pk]
    can_edit = (
        policies.can_manage_role_requirements(request.user, definition.team_id) and definition.status != "retired"
    )
    competencies = (
        competencies_in_use(request.user).select_related("domain", "framework").order_by("framework__name", "position")
    )
    form = RequirementsForm(initial={"competencies": [c.pk for c in required]}, competencies=competencies)
    status = 200
    if request.method == "POST":
        require(can_edit, "Only this team's managers can change what a role requires.")
        form = RequirementsForm(request.POST, competencies=competencies)
        if form.is_valid():
            done = run_service(
                form,
                services.role_requirements_set,
                actor=request.user,
                role_definition=definition,
                competencies=list(form.cleaned_data["competencies"]),
            )
            if done:
                messages.success(request, f"Saved what {definition} requires.")
                return redirect("competencies:role-requirements", role_definition_id=definition.pk)
        status = 400
    return render(
        request,
        "competencies/role_requirements.html",
        {"definition": definition, "required": required, "form": form, "can_edit": can_edit},
        status=status,
    )
