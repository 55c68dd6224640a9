"""Reading check-ins and step-away periods.

Check-ins are private: the author reads their own; a supervisor reads only the ones a
supervisee shared with them by name (``policies.read_filter``); managers and org admins
never read any. Callers audit every read by someone other than the author.
"""

from apps.core.capabilities import caps
from apps.wellbeing.models import CheckIn, StepAway
from apps.wellbeing.policies import read_filter, supervisor_read_filter


def my_check_ins(user):
    return CheckIn.objects.filter(author_id=user.pk).order_by("-created_at")


def check_ins_visible_to(user):
    """Every check-in ``user`` may read: their own and those shared with them by name."""
    return CheckIn.objects.filter(organisation_id=user.organisation_id).filter(read_filter(user))


def check_ins_shared_with(user):
    """Supervisees' check-ins that name ``user`` as a reader, newest first."""
    return (
        CheckIn.objects.filter(organisation_id=user.organisation_id)
        .filter(supervisor_read_filter(user))
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
