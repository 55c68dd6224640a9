"""A worker's own wellness action plan (issue 18, item 7).

The plan belongs to the worker, not to a team: it has no team, so moving team or a manager
leaving changes nothing. It is private by default; the worker names people (anyone active in
their organisation) and, for each, which sections they read, always or only while the worker
has stepped away. Every edit keeps a version, for the worker only.
"""

from django.conf import settings
from django.db import models

from apps.core.models import TimeStampedModel
from apps.wellness_plans.sections import MAX_SECTION_LENGTH, SECTION_FIELDS, Section


class WellnessPlan(TimeStampedModel):
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    # ``author``, as on every private entry: the audit and ``apps.core.sharing`` read it.
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wellness_plans")
    keeps_well = models.TextField(max_length=MAX_SECTION_LENGTH, blank=True)
    early_signs = models.TextField(max_length=MAX_SECTION_LENGTH, blank=True)
    what_helps = models.TextField(max_length=MAX_SECTION_LENGTH, blank=True)
    at_work = models.TextField(max_length=MAX_SECTION_LENGTH, blank=True)
    # [{"what", "agreed_with", "agreed_on"}]: reasonable adjustments, who agreed them and when.
    adjustments = models.JSONField(default=list, blank=True)
    contact = models.TextField(max_length=MAX_SECTION_LENGTH, blank=True)
    do_not_contact = models.TextField(max_length=MAX_SECTION_LENGTH, blank=True)
    stepping_away = models.TextField(max_length=MAX_SECTION_LENGTH, blank=True)
    # The last time the worker looked it over (set when written, and by "I've reviewed it").
    # The review reminder is due REVIEW_DAYS after it (apps/wellness_plans/reminders.py).
    reviewed_on = models.DateField()
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["author"], name="wellness_plan_one_per_worker")]
        indexes = [
            # the review reminder's range scan: plans last reviewed on or before a date.
            models.Index(fields=["reviewed_on"], name="wellness_plan_review_idx"),
        ]

    def __str__(self):
        return f"Wellness plan of {self.author}"

    def section_content(self, section: str) -> dict[str, object]:
        """One section's content as stored: its text fields, or the adjustments."""
        if section == Section.ADJUSTMENTS:
            return {"adjustments": list(self.adjustments or [])}
        return {field: getattr(self, field) for field in SECTION_FIELDS[section]}

    def content(self) -> dict[str, object]:
        """Every section's content (for versions and the export)."""
        data: dict[str, object] = {}
        for section in Section.values:
            data.update(self.section_content(section))
        return data


class PlanReader(TimeStampedModel):
    """Someone the worker named, and which sections they read.

    ``sections``: always (until the worker changes it); ``away_sections``: only while the
    worker has stepped away (their status is ``stepped_away``), hidden again when they return.
    A reader who leaves the organisation reads nothing (checked at every read).
    """

    plan = models.ForeignKey(WellnessPlan, on_delete=models.CASCADE, related_name="plan_readers")
    reader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sections = models.JSONField(default=list, blank=True)
    away_sections = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "reader"], name="wellness_plan_reader_once")]
        indexes = [
            # "plans shared with me": the rows naming a reader.
            models.Index(fields=["reader"], name="wellness_plan_reader_idx"),
        ]

    def __str__(self):
        return f"{self.reader} reads part of {self.plan}"


class PlanVersion(TimeStampedModel):
    """The plan as it was after one edit (the worker's history; nobody else reads it)."""

    plan = models.ForeignKey(WellnessPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    content = models.JSONField(default=dict)

    class Meta:
        ordering = ["-number"]
        constraints = [
            # One row per edit; also the history's index (newest first).
            models.UniqueConstraint(fields=["plan", "number"], name="wellness_plan_version_once")
        ]

    def __str__(self):
        return f"Version {self.number} of {self.plan}"
