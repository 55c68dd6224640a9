"""Wellness plan pages: my plan (write, share, review, history) and plans shared with me."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from apps.core.capabilities import caps
from apps.core.forms import run_service
from apps.wellness_plans import services
from apps.wellness_plans.forms import AdjustmentFormSet, PlanForm, adjustments_of
from apps.wellness_plans.sections import FIELD_LABELS, REVIEW_DAYS, SECTION_FIELDS, TEXT_FIELDS, Section
from apps.wellness_plans.selectors import my_plan, my_readers, my_versions, people_to_name, read_plan, shared_with


def _sections(content: dict, visible: list[str]) -> list[dict]:
    """The sections to show, each with its fields' labels and text (from a plan or a version)."""
    shown = []
    for code, label in Section.choices:
        if code not in visible:
            continue
        fields = [(FIELD_LABELS[f], content.get(f, "")) for f in SECTION_FIELDS[code]]
        shown.append(
            {
                "code": code,
                "label": label,
                "fields": fields if len(fields) > 1 else [("", fields[0][1])] if fields else [],
                "adjustments": content.get("adjustments", []) if code == Section.ADJUSTMENTS else None,
            }
        )
    return shown


def _labels(codes) -> str:
    names = dict(Section.choices)
    return ", ".join(str(names[c]) for c in Section.values if c in set(codes)) or "nothing"


def mine(request):
    user = request.user
    plan = my_plan(user)
    context = {"plan": plan, "review_days": REVIEW_DAYS}
    if plan is not None:
        context.update(
            sections=_sections(plan.content(), list(Section.values)),
            readers=[
                {"name": row.reader.display_name, "always": _labels(row.sections), "away": _labels(row.away_sections)}
                for row in my_readers(plan)
            ],
            review_by=plan.reviewed_on + timedelta(days=REVIEW_DAYS),
            review_due=plan.reviewed_on + timedelta(days=REVIEW_DAYS) <= caps(user).today,
        )
    context["shared_with_me"] = bool(shared_with(user))
    return render(request, "wellness_plans/mine.html", context)


def edit(request):
    user = request.user
    plan = my_plan(user)
    status = 200
    if request.method == "POST":
        form = PlanForm(request.POST)
        formset = AdjustmentFormSet(request.POST, prefix="adj")
        if form.is_valid() and formset.is_valid():
            saved = run_service(
                form,
                services.plan_save,
                actor=user,
                **{f: form.cleaned_data[f] for f in TEXT_FIELDS},
                adjustments=adjustments_of(formset),
            )
            if saved:
                messages.success(request, "Your plan is saved. Only you can read it unless you choose otherwise.")
                return redirect("wellness_plans:mine")
        status = 400
    else:
        form = PlanForm(initial={f: getattr(plan, f) for f in TEXT_FIELDS} if plan else None)
        formset = AdjustmentFormSet(initial=list(plan.adjustments) if plan else None, prefix="adj")
    return render(request, "wellness_plans/edit.html", {"form": form, "formset": formset, "plan": plan}, status=status)


def _sharing_page(request, plan, *, errors=None, status=200):
    rows = list(my_readers(plan))
    named = {row.reader_id for row in rows}
    return render(
        request,
        "wellness_plans/sharing.html",
        {
            "plan": plan,
            "sections": Section.choices,
            "readers": [
                {"row": row, "always": set(row.sections or []), "away": set(row.away_sections or [])} for row in rows
            ],
            "people": [p for p in people_to_name(request.user) if p.pk not in named],
            "errors": errors or [],
        },
        status=status,
    )


def sharing(request):
    """Who reads which sections: for each person named, always or only while I'm away."""
    user = request.user
    plan = my_plan(user)
    if plan is None:
        messages.info(request, "Write your plan first; then you can choose who reads which parts.")
        return redirect("wellness_plans:edit")
    if request.method != "POST":
        return _sharing_page(request, plan)
    try:
        with transaction.atomic():
            for row in my_readers(plan):
                services.plan_reader_set(
                    actor=user,
                    reader=row.reader_id,
                    sections=request.POST.getlist(f"always-{row.reader_id}"),
                    away_sections=request.POST.getlist(f"away-{row.reader_id}"),
                )
            new_reader = request.POST.get("new-reader", "").strip()
            if new_reader:
                always = request.POST.getlist("new-always")
                away = request.POST.getlist("new-away")
                if not always and not away:
                    raise ValidationError("Tick at least one part for the person you added.")
                services.plan_reader_set(actor=user, reader=new_reader, sections=always, away_sections=away)
    except ValidationError as exc:
        return _sharing_page(request, plan, errors=exc.messages, status=400)
    messages.success(request, "Saved. Only the people and parts you ticked can be read by anyone but you.")
    return redirect("wellness_plans:mine")


@require_POST
def reviewed(request):
    try:
        services.plan_reviewed(actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("wellness_plans:edit")
    messages.success(request, "Thank you. We'll remind you again in six months.")
    return redirect("wellness_plans:mine")


def history(request):
    plan = my_plan(request.user)
    versions = list(my_versions(plan)) if plan else []
    return render(request, "wellness_plans/history.html", {"plan": plan, "versions": versions})


def version(request, number):
    plan = my_plan(request.user)
    found = my_versions(plan).filter(number=number).first() if plan else None
    if found is None:
        raise Http404
    return render(
        request,
        "wellness_plans/version.html",
        {"version": found, "sections": _sections(found.content, list(Section.values))},
    )


def shared(request):
    """Plans whose authors chose to let me read a part (names and part titles; no text here)."""
    items = [{"plan": s.plan, "parts": _labels(s.sections)} for s in shared_with(request.user)]
    return render(request, "wellness_plans/shared.html", {"items": items})


def read(request, plan_id):
    """A plan as I may read it: mine whole, someone else's only the parts they chose for me (audited)."""
    found = read_plan(request.user, plan_id)
    if found is None:
        raise Http404
    if found.plan.author_id == request.user.pk:
        return redirect("wellness_plans:mine")
    return render(
        request,
        "wellness_plans/read.html",
        {"plan": found.plan, "sections": _sections(found.plan.content(), found.sections)},
    )
