"""Reading agreements and sessions, scoped to what the signed-in user may see (spec §2).

* Agreements: the supervisee (own), the supervisor, managers of one of the supervisee's
  teams, and org admins. Managers and admins read the agreement and its state, never the
  sessions' content.
* Sessions: the supervisor who recorded them and the supervisees of the agreements they
  cover. Nobody else.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any
from uuid import UUID

from django.db.models import (
    Case,
    Exists,
    F,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)

from apps.accounts.models import User
from apps.accounts.scope import org_id
from apps.audit.services import audit_reads
from apps.boundaries.models import BoundaryNote
from apps.competencies.models import Assessment, TrainingRecord
from apps.core.capabilities import caps
from apps.core.selectors import get_or_404
from apps.reflections.models import Reflection
from apps.reflections.policies import SHARED_WITH_SUPERVISORS
from apps.supervision.models import Agreement, AgreementQuerySet, PlannedSession, SupervisionSession
from apps.supervision.state import agreement_state
from apps.teams.models import Membership
from apps.wellbeing.models import CheckIn, StepAway
from apps.wellbeing.selectors import supervisees_stepped_away


def managed_worker_ids(user: User) -> set[UUID]:
    """Workers who are active members of a team ``user`` manages (cached for the request)."""
    cached: set[UUID] | None = getattr(user, "_psp_managed_worker_ids", None)
    if cached is None:
        my = caps(user)
        if not my.managed_team_ids:
            cached = set()
        else:
            cached = set(
                Membership.objects.active(my.today)
                .filter(team_id__in=my.managed_team_ids)
                .values_list("worker_id", flat=True)
            )
        # Cached on the user object, which lives as long as the request (or the task).
        setattr(user, "_psp_managed_worker_ids", cached)  # noqa: B010
    return cached


def agreements_visible_to(user: User) -> AgreementQuerySet:
    qs = Agreement.objects.filter(organisation_id=org_id(user))
    if caps(user).is_org_admin:
        return qs
    return qs.filter(
        Q(supervisee_id=user.pk) | Q(supervisor_id=user.pk) | Q(supervisee_id__in=managed_worker_ids(user))
    )


def told_stepped_away(user: User) -> QuerySet[User]:
    """The workers whose stepping away ``user`` is shown, as a subquery of ids: themselves and
    whom they supervise under an agreement in force — the rule of
    ``Capabilities.is_told_stepped_away`` in SQL, so that a list costs no query more."""
    supervised = Agreement.objects.active(caps(user).today).filter(supervisor_id=user.pk).values("supervisee_id")
    return User.objects.filter(Q(pk=user.pk) | Q(pk__in=supervised)).values("pk")


def agreements_with_state(user: User, *, lead_days: int | None = None) -> AgreementQuerySet:
    """Visible agreements with their people, ``state``/``state_rank`` and ``supervisor_load``."""
    me = caps(user)
    return (
        agreements_visible_to(user)
        .select_related("supervisee", "supervisor")
        .with_state(me.today, lead_days, told=told_stepped_away(user))
        .with_supervisor_load(me.today)
    )


def get_agreement_for(user: User, agreement_id: UUID | str) -> Agreement:
    return get_or_404(agreements_with_state(user), agreement_id)


def agreements_supervised_by(user: User) -> AgreementQuerySet:
    """Agreements in force today where ``user`` is the supervisor: what they may record sessions on."""
    today = caps(user).today
    return (
        Agreement.objects.active(today)
        .filter(organisation_id=org_id(user), supervisor_id=user.pk)
        .select_related("supervisee", "supervisor")
        .with_state(today)
    )


def supervisor_load(supervisor: User, today: date, *, with_supervisee: User | None = None) -> int:
    """Distinct people ``supervisor`` supervises under agreements in force (leavers not counted);
    with ``with_supervisee``: how many it would be once that person's proposal is accepted."""
    ids = set(
        Agreement.objects.active(today)
        .filter(supervisor_id=supervisor.pk)
        .exclude(supervisee__status=User.Status.LEFT)
        .values_list("supervisee_id", flat=True)
        .distinct()
    )
    if with_supervisee is not None:
        ids.add(with_supervisee.pk)
    return len(ids)


def state_of(agreement: Agreement, user: User) -> str:
    """The agreement's state for display: the annotation when present (annotated for ``user``,
    ``agreements_with_state``), else the same rule in Python, as ``user`` is shown it."""
    state = getattr(agreement, "state", None)
    if state is not None:
        return state
    me = caps(user)
    return agreement_state(agreement, today=me.today, told=me.told_stepped_away_ids)


def sessions_visible_to(user: User) -> QuerySet[SupervisionSession]:
    through = SupervisionSession.agreements.through
    covering_me = through.objects.filter(
        Q(agreement__supervisee_id=user.pk) | Q(agreement__supervisor_id=user.pk)
    ).values("supervisionsession_id")
    return SupervisionSession.objects.filter(organisation_id=org_id(user)).filter(
        Q(recorded_by_id=user.pk) | Q(pk__in=covering_me)
    )


def sessions_for_listing(user: User) -> QuerySet[SupervisionSession]:
    return (
        sessions_visible_to(user)
        .select_related("recorded_by")
        .prefetch_related("agreements__supervisee", "boundary_notes")
        .order_by("-held_on", "-created_at")
    )


def get_session_for(user: User, session_id: UUID | str) -> SupervisionSession:
    return get_or_404(sessions_for_listing(user), session_id)


def last_held_on_by_agreement(agreement_ids: Iterable[UUID]) -> dict[UUID, date]:
    """``{agreement_id: latest held_on}`` over the sessions covering each agreement."""
    through = SupervisionSession.agreements.through
    rows = (
        through.objects.filter(agreement_id__in=list(agreement_ids))
        .values("agreement_id")
        .annotate(last=Max("supervisionsession__held_on"))
    )
    return {row["agreement_id"]: row["last"] for row in rows}


# --- consent ------------------------------------------------------------------------------

# What a supervisor reads of a supervisee (the policies of each app, SPEC §2), in the words
# shown to the supervisee before they accept. (key, label, what it means)
SCOPE_KINDS = [
    # Sharing names people (issue 13): a new supervisor reads only the entries that name them.
    ("reflections", "Reflections", "published entries you shared with them by name"),
    ("boundary_notes", "Boundary notes", "notes you named them as a reader of, with their text"),
    ("check_ins", "Wellbeing check-ins", "check-ins you shared with them by name"),
    ("assessments", "Competency self-assessments", "your self-assessments and the evidence you cite"),
    ("training_records", "Training records", "your training records and certificates"),
]


def consent_scope(agreement: Agreement) -> list[dict[str, Any]]:
    """What the supervisor will be able to read once the agreement is active: for each kind of
    entry, how many of the supervisee's entries that exist today would become readable (one
    query). Entries the supervisee shares later are added as they are shared.

    Computed from the same rules the read policies apply to any supervisor of the supervisee
    (``apps.reflections.policies``, ``apps.boundaries.selectors``, ``apps.wellbeing.selectors``,
    ``apps.competencies.policies``); only the supervisee is shown it.
    """
    worker_id = agreement.supervisee_id

    def count(qs: QuerySet[Any]) -> Subquery:
        # COUNT(*) as a plain function (not an aggregate): no GROUP BY, one row per subquery.
        return Subquery(qs.order_by().annotate(n=Func("pk", function="COUNT")).values("n"), output_field=IntegerField())

    # Entries name their readers (apps.core.sharing): earlier entries reach the new supervisor
    # only where the supervisee named them (e.g. under an earlier agreement), never by default.
    reader = agreement.supervisor_id
    sources = {
        "reflections": Reflection.objects.filter(
            author_id=worker_id, is_draft=False, visibility__in=SHARED_WITH_SUPERVISORS, readers=reader
        ),
        "boundary_notes": BoundaryNote.objects.filter(author_id=worker_id, readers=reader),
        "check_ins": CheckIn.objects.filter(author_id=worker_id, share_with_supervisor=True, readers=reader),
        # Own-wellbeing items stay the worker's alone (issue 18): no supervisor reads them.
        "assessments": Assessment.objects.filter(worker_id=worker_id).exclude(competency__kind="wellbeing"),
        "training_records": TrainingRecord.objects.filter(worker_id=worker_id),
    }
    row = (
        User.objects.filter(pk=worker_id)
        .annotate(**{f"n_{key}": count(qs) for key, qs in sources.items()})
        .values(*(f"n_{key}" for key in sources))
        .get()
    )
    return [
        {"kind": key, "label": label, "description": description, "count": row[f"n_{key}"] or 0}
        for key, label, description in SCOPE_KINDS
    ]


def agreements_awaiting(user: User) -> AgreementQuerySet:
    """Proposals waiting for ``user``'s answer, as supervisee or as supervisor."""
    return (
        Agreement.objects.filter(organisation_id=org_id(user), status=Agreement.Status.PROPOSED)
        .filter(
            Q(supervisee_id=user.pk, supervisee_accepted_at__isnull=True)
            | Q(supervisor_id=user.pk, supervisor_accepted_at__isnull=True)
        )
        .select_related("supervisee", "supervisor", "created_by")
        .order_by("created_at")
    )


def stepped_away_for_queue(user: User) -> Sequence[StepAway]:
    """Open step-away periods of ``user``'s supervisees, each with ``shared_message``: the
    worker's message when ``user`` may read it, else "". The messages returned are shown, so
    each is recorded as a read (one INSERT for all), like a note or a check-in.

    Every supervisor is told a supervisee stepped away (supervision pauses); the message is
    read only by those the worker wrote it for, like any entry shared "with my supervisor"
    (issue 13): a peer or clinical supervisor whose agreement both people had accepted by the
    time the message was last written. Not line management, and not a supervisor who arrived
    later (they read it once the worker writes it anew)."""
    written_for_me = Exists(
        Agreement.objects.active(caps(user).today)
        .filter(supervisor_id=user.pk, supervisee_id=OuterRef("author_id"))
        .exclude(kind=Agreement.Kind.LINE)
        .filter(supervisee_accepted_at__lte=OuterRef("updated_at"), supervisor_accepted_at__lte=OuterRef("updated_at"))
    )
    periods = list(
        supervisees_stepped_away(user).annotate(
            shared_message=Case(When(written_for_me, then=F("message")), default=Value(""), output_field=TextField())
        )
    )
    audit_reads(actor=user, targets=[p for p in periods if p.shared_message])
    return periods


# --- planned sessions -----------------------------------------------------------------------


def planned_sessions_of(user_id: UUID, organisation_id: UUID) -> QuerySet[PlannedSession]:
    """Planned sessions ``user_id`` is in: as the supervisor, or as a supervisee of one of the
    agreements covered. Nobody else sees them (managers and org admins see only the effect of
    held sessions on the agreements' state)."""
    through = PlannedSession.agreements.through
    mine = through.objects.filter(agreement__supervisee_id=user_id).values("plannedsession_id")
    return (
        PlannedSession.objects.filter(organisation_id=organisation_id)
        .filter(Q(supervisor_id=user_id) | Q(pk__in=mine))
        .select_related("supervisor", "organisation")
        .prefetch_related("agreements__supervisee")
        .order_by("starts_at")
    )


def planned_sessions_visible_to(user: User) -> QuerySet[PlannedSession]:
    return planned_sessions_of(user.pk, org_id(user))


def get_planned_for(user: User, planned_id: UUID | str) -> PlannedSession:
    return get_or_404(planned_sessions_visible_to(user), planned_id)


def agreements_to_plan_under(user: User) -> AgreementQuerySet:
    """Agreements in force today under which ``user`` may plan a session: all those they
    supervise (several at once for a group), and their own as a supervisee."""
    return (
        Agreement.objects.active(caps(user).today)
        .filter(organisation_id=org_id(user))
        .filter(Q(supervisor_id=user.pk) | Q(supervisee_id=user.pk))
        .select_related("supervisee", "supervisor")
        .order_by("supervisee__display_name", "kind")
    )


def upcoming_planned(user: User, limit: int = 20) -> list[PlannedSession]:
    """The planned sessions ``user`` is in that are neither cancelled nor held, soonest first."""
    return list(planned_sessions_visible_to(user).filter(status=PlannedSession.Status.PLANNED)[:limit])
