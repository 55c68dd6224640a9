"""My hours: totals per period and category, progress on the profiles I track, my practice log."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from apps.core.capabilities import caps
from apps.core.forms import run_service
from apps.core.selectors import get_or_404
from apps.credentials import services
from apps.credentials.forms import PeriodForm, PracticeEntryForm, ProfileChoiceForm
from apps.credentials.loader import shipped_profiles
from apps.credentials.periods import PERIOD_LABELS, check_range, period_range
from apps.credentials.selectors import chosen_profile_slugs, hours_summary, practice_entries_of


def _period(request, today):
    """The period asked for in the query (``period``, and for a custom range ``date_after`` and
    ``date_before``), its dates, and the form showing it (with errors: then this year)."""
    form = PeriodForm(request.GET or None)
    period = "year"
    start, end = period_range("year", today)
    if form.is_bound and form.is_valid():
        period = form.cleaned_data["period"] or "year"
        if period == "custom":
            first, last = form.cleaned_data["date_after"], form.cleaned_data["date_before"]
            errors = check_range(first, last)
            for field, message in errors.items():
                form.add_error(field, message)
            if not errors:
                start, end = first, last
            else:
                period = "year"
        else:
            start, end = period_range(period, today)
    return form, period, start, end


def my_hours(request):
    me = caps(request.user)
    period_form, period, start, end = _period(request, me.today)
    entry_form = PracticeEntryForm(initial={"worked_on": me.today})
    status = 200 if not period_form.errors else 400
    if request.method == "POST":
        entry_form = PracticeEntryForm(request.POST)
        if entry_form.is_valid():
            entry = run_service(
                entry_form, services.practice_entry_create, actor=request.user, **entry_form.cleaned_data
            )
            if entry:
                messages.success(
                    request, f"Logged {entry.hours.normalize():f} hours of {entry.get_category_display().lower()}."
                )
                return redirect(request.get_full_path())
        status = 400
    entries = practice_entries_of(request.user)
    page = Paginator(entries, 20).get_page(request.GET.get("page"))
    context = {
        "summary": hours_summary(request.user, start, end),
        "period": period,
        "period_label": PERIOD_LABELS[period],
        "period_form": period_form,
        "entry_form": entry_form,
        "profile_form": ProfileChoiceForm(initial={"profiles": chosen_profile_slugs(request.user)}),
        "profiles": shipped_profiles(),
        "page": page,
    }
    return render(request, "credentials/my_hours.html", context, status=status)


@require_POST
def choose_profiles(request):
    form = ProfileChoiceForm(request.POST)
    if (
        form.is_valid()
        and run_service(form, services.profiles_choose, actor=request.user, profiles=form.cleaned_data["profiles"])
        is not None
    ):
        messages.success(request, "Saved the profiles you track.")
    else:
        messages.error(request, "That profile choice could not be saved; choose from the list.")
    return redirect("credentials:my-hours")


def entry_edit(request, entry_id):
    """Correct one entry of my practice log (another person's entry does not exist: 404)."""
    entry = get_or_404(practice_entries_of(request.user), entry_id)
    fields = ("worked_on", "hours", "category", "note")
    form = PracticeEntryForm(initial={f: getattr(entry, f) for f in fields})
    status = 200
    if request.method == "POST":
        form = PracticeEntryForm(request.POST)
        if form.is_valid():
            done = run_service(
                form, services.practice_entry_update, actor=request.user, entry=entry, data=dict(form.cleaned_data)
            )
            if done:
                messages.success(request, "Saved the entry.")
                return redirect("credentials:my-hours")
        status = 400
    return render(request, "credentials/entry_edit.html", {"entry": entry, "form": form}, status=status)


@require_POST
def entry_delete(request, entry_id):
    entry = get_or_404(practice_entries_of(request.user), entry_id)
    services.practice_entry_delete(actor=request.user, entry=entry)
    messages.success(request, "Removed the entry.")
    return redirect("credentials:my-hours")
