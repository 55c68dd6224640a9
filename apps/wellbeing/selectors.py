"""Reading check-ins and step-away periods.

Check-ins are private: the author reads their own; a supervisor reads only the ones a
supervisee (agreement in force today) chose to share with their supervisor; managers and
org admins never read any. Callers audit every read by someone other than the author.
"""

from apps.core.capabilities import caps
from apps.wellbeing.models import CheckIn, StepAway


def my_check_ins(user):
    return CheckIn.objects.filter(author_id=user.pk).order_by("-created_at")


def check_ins_shared_with(user):
    """Supervisees' check-ins shared with their supervisor, newest first."""
    return (
        CheckIn.objects.filter(
            organisation_id=user.organisation_id,
            author_id__in=caps(user).supervisee_ids,
            share_with_supervisor=True,
        )
        .select_related("author")
        .order_by("-created_at")
    )


def open_step_away_of(user):
    return StepAway.objects.filter(author_id=user.pk, returned_on__isnull=True).first()


def supervisees_stepped_away(user):
    """Open step-away periods of the user's supervisees (with the message to their supervisor)."""
    return (
        StepAway.objects.filter(
            organisation_id=user.organisation_id, author_id__in=caps(user).supervisee_ids, returned_on__isnull=True
        )
        .select_related("author")
        .order_by("planned_return_on")
    )
