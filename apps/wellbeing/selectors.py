"""Reading check-ins and step-away periods.

Check-ins are private: the author reads their own; a supervisor reads only the ones a
supervisee shared with them by name (``policies.read_filter``); managers and org admins
never read any. Supervisees' check-ins reach a page or the API only through
:func:`check_ins_shared_with_page` or :func:`read_check_ins`, which record each read (one
INSERT per page); :func:`check_ins_shared_with` is the query (for counts and parity checks).
"""

from collections.abc import Iterable

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from apps.accounts.models import User
from apps.accounts.scope import org_id
from apps.audit.services import audit_reads
from apps.core import answers
from apps.core.answers import Supervisor
from apps.core.capabilities import caps
from apps.wellbeing.models import CheckIn, StepAway, SupportContact
from apps.wellbeing.policies import read_filter, supervisor_read_filter


def my_check_ins(user: User) -> QuerySet[CheckIn]:
    """The user's own check-ins, newest first."""
    return CheckIn.objects.filter(author_id=user.pk).order_by("-created_at")


def check_ins_visible_to(user: User) -> QuerySet[CheckIn]:
    """Every check-in ``user`` may read: their own and those shared with them by name."""
    return CheckIn.objects.filter(organisation_id=org_id(user)).filter(read_filter(user))


def check_ins_shared_with(user: User) -> QuerySet[CheckIn]:
    """Supervisees' check-ins that name ``user`` as a reader, newest first."""
    return (
        CheckIn.objects.filter(organisation_id=org_id(user))
        .filter(supervisor_read_filter(user))
        .select_related("author")
        .order_by("-created_at")
    )


def read_check_ins(user: User, rows: Iterable[CheckIn]) -> list[CheckIn]:
    """Check-ins about to be shown to ``user`` with their notes: one read recorded per
    check-in not written by ``user``, in one INSERT."""
    rows = list(rows)
    audit_reads(actor=user, targets=rows)
    return rows


def check_ins_shared_with_page(user: User, *, number: str | None, per_page: int) -> Page:
    """Page ``number`` of :func:`check_ins_shared_with` as shown: each read is recorded."""
    page = Paginator(check_ins_shared_with(user), per_page).get_page(number)
    page.object_list = read_check_ins(user, page.object_list)
    return page


def open_step_away_of(user: User) -> StepAway | None:
    """The user's step-away period in progress, if any."""
    return StepAway.objects.filter(author_id=user.pk, returned_on__isnull=True).first()


def supervisees_stepped_away(user: User) -> QuerySet[StepAway]:
    """Open step-away periods of the user's supervisees (with the message to their supervisor)."""
    return (
        StepAway.objects.filter(
            organisation_id=org_id(user), author_id__in=caps(user).supervisee_ids, returned_on__isnull=True
        )
        .select_related("author")
        .order_by("planned_return_on")
    )


def support_contacts(user: User) -> QuerySet[SupportContact]:
    """The support contacts of the user's organisation (every member reads them)."""
    return SupportContact.objects.filter(organisation_id=org_id(user)).order_by("kind", "name")


def my_supervision_in_force(user: User) -> list[Supervisor]:
    """Everyone supervising the user today, one row per agreement (with its id, for "request
    supervision now"). Stepping away pauses an agreement but keeps it in force, so a worker
    who has stepped away can still ask for supervision."""
    return answers.supervision().supervisors(user.pk, caps(user).today)
