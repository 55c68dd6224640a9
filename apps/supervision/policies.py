"""Who may do what with supervision agreements and sessions (spec §2, issue 13), one reason
per rule. Pages, API and services all ask these functions.

Reading is decided by the selectors (what is not readable does not exist: 404); these rules
decide acting on what the user can already see (not allowed: 403), and which parts of a
visible agreement or session are shown to whom.
"""

from __future__ import annotations

from uuid import UUID

from django.conf import settings

from apps.accounts.models import User
from apps.boundaries.models import BoundaryNote
from apps.core.capabilities import caps
from apps.supervision.models import Agreement, PlannedSession, SupervisionSession
from apps.supervision.selectors import managed_worker_ids


def can_manage_agreements_of(user: User, supervisee_id: UUID) -> bool:
    """Org admins, and managers of one of the supervisee's teams, propose, change and end
    agreements (and see the supervisor's caseload)."""
    return caps(user).is_org_admin or supervisee_id in managed_worker_ids(user)


def can_manage_any_agreements(user: User) -> bool:
    """The agreements page is for team managers and org admins."""
    my = caps(user)
    return my.is_org_admin or bool(my.managed_team_ids)


def is_party(user: User, agreement: Agreement) -> bool:
    """The supervisee and the supervisor accept or decline a proposal and read its sessions."""
    return user.pk in (agreement.supervisee_id, agreement.supervisor_id)


def can_end(user: User, agreement: Agreement) -> bool:
    """Either person may end an agreement, and so may whoever may manage it."""
    return is_party(user, agreement) or can_manage_agreements_of(user, agreement.supervisee_id)


def can_request_supervision(user: User, agreement: Agreement) -> bool:
    """Only the supervisee asks for supervision now (the supervisor is told)."""
    return agreement.supervisee_id == user.pk


def can_answer_request(user: User, agreement: Agreement) -> bool:
    """Only the supervisor marks a request for supervision as handled (as only they record sessions)."""
    return can_record_under(user, agreement)


def can_see_consent_scope(user: User, agreement: Agreement) -> bool:
    """What accepting would share is shown to the supervisee, whose data it is."""
    return agreement.supervisee_id == user.pk


def can_see_supervisor_load(user: User, agreement: Agreement) -> bool:
    """The supervisor's caseload is for the supervisor and whoever manages the agreement: the
    supervisee is not burdened with it."""
    return agreement.supervisor_id == user.pk or can_manage_agreements_of(user, agreement.supervisee_id)


def is_overloaded(load: int | None) -> bool:
    """The one overload rule (SPEC §1): more than ``MAX_SUPERVISEES`` people supervised."""
    return load is not None and load > settings.MAX_SUPERVISEES


def supervisor_overloaded(user: User, agreement: Agreement) -> bool | None:
    """Whether ``agreement``'s supervisor is overloaded, as ``user`` is shown it: ``None`` when
    they may not see the caseload or it was not computed (``supervisor_load``)."""
    load: int | None = getattr(agreement, "supervisor_load", None)
    if load is None or not can_see_supervisor_load(user, agreement):
        return None
    return is_overloaded(load)


def can_record_under(user: User, agreement: Agreement) -> bool:
    """Only the supervisor records sessions under an agreement."""
    return agreement.supervisor_id == user.pk


def can_change_session(user: User, session: SupervisionSession) -> bool:
    """Only the supervisor who recorded a session corrects or deletes it."""
    return session.recorded_by_id == user.pk


def session_parts_shown_to(user: User, session: SupervisionSession) -> tuple[list[Agreement], list[BoundaryNote]]:
    """The agreements and boundary notes of ``session`` that ``user`` sees: everything for the
    supervisor who recorded it; in a group session each supervisee only their own agreement
    and notes. Reads the prefetched ``agreements`` and ``boundary_notes``."""
    agreements = list(session.agreements.all())
    notes = list(session.boundary_notes.all())
    if can_change_session(user, session):
        return agreements, notes
    return [a for a in agreements if is_party(user, a)], [n for n in notes if n.author_id == user.pk]


def can_plan_under(user: User, agreements: list[Agreement]) -> bool:
    """The supervisor plans under any of their agreements (several at once for a group
    session: only people they supervise are invited); a supervisee plans a one-to-one session
    under their own agreement. Nobody invites anyone outside the agreements covered."""
    if not agreements:
        return False
    if all(a.supervisor_id == user.pk for a in agreements):
        return True
    return len(agreements) == 1 and agreements[0].supervisee_id == user.pk


def can_change_planned(user: User, planned: PlannedSession) -> bool:
    """The supervisor changes or cancels a planned session; so does the supervisee of a
    one-to-one session (never one member of a group for everyone). Reads the prefetched
    ``agreements``."""
    if planned.supervisor_id == user.pk:
        return True
    agreements = list(planned.agreements.all())
    return len(agreements) == 1 and agreements[0].supervisee_id == user.pk


def can_mark_held(user: User, planned: PlannedSession) -> bool:
    """Only the supervisor records what happened (as only they record sessions)."""
    return planned.supervisor_id == user.pk
