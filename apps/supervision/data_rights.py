"""Supervision in a worker's export: agreements they are in, and the sessions held under them
or recorded by them. Nothing is erased: the other person in an agreement or session needs the
record, which stays under the erased worker's anonymised account."""

from django.db.models import Q

from apps.core.readable import Readable
from apps.supervision.models import Agreement, SupervisionSession


def _iso(value):
    return value.isoformat() if value else None


def export(user) -> dict:
    agreements = (
        Agreement.objects.filter(Q(supervisee=user) | Q(supervisor=user))
        .select_related("supervisee", "supervisor")
        .order_by("starts_on")
    )
    sessions = (
        SupervisionSession.objects.filter(
            Q(recorded_by=user) | Q(agreements__supervisee=user) | Q(agreements__supervisor=user)
        )
        .distinct()
        .select_related("recorded_by")
        .order_by("held_on")
    )
    return {
        "agreements": [
            {
                "id": str(a.pk),
                "my_part": "supervisee" if a.supervisee_id == user.pk else "supervisor",
                "supervisee": a.supervisee.display_name,
                "supervisor": a.supervisor.display_name,
                "kind": a.kind,
                "frequency_days": a.frequency_days,
                "starts_on": _iso(a.starts_on),
                "ends_on": _iso(a.ends_on),
                "last_requested_at": _iso(a.last_requested_at),
                "status": a.status,
                "supervisee_accepted_at": _iso(a.supervisee_accepted_at),
                "supervisor_accepted_at": _iso(a.supervisor_accepted_at),
                "declined_at": _iso(a.declined_at),
                "ended_at": _iso(a.ended_at),
            }
            for a in agreements
        ],
        "sessions": [
            {
                "id": str(s.pk),
                "held_on": _iso(s.held_on),
                "duration_minutes": s.duration_minutes,
                "topics": s.topics,
                "functions": s.functions,
                "values_check": s.values_check,
                "legacy_values_check": s.legacy_values_check,
                "agreed_actions": s.agreed_actions,
                "recorded_by": s.recorded_by.display_name if s.recorded_by is not None else None,
            }
            for s in sessions
        ],
    }


READABLE = Readable(
    title="Supervision",
    labels={
        "agreements": "Agreements",
        "my_part": "My part",
        "supervisee": "Supervisee",
        "supervisor": "Supervisor",
        "kind": "Kind",
        "frequency_days": "Every (days)",
        "starts_on": "From",
        "ends_on": "Until",
        "last_requested_at": "Last asked for supervision",
        "status": "Status",
        "supervisee_accepted_at": "Supervisee agreed",
        "supervisor_accepted_at": "Supervisor agreed",
        "declined_at": "Declined",
        "ended_at": "Ended",
        "sessions": "Sessions",
        "held_on": "Held on",
        "duration_minutes": "Minutes",
        "topics": "Topics",
        "functions": "What it was for",
        "values_check": "Peer values check (agreed together)",
        "legacy_values_check": "Peer values check (earlier form, recorded by the supervisor)",
        "agreed_actions": "Agreed actions",
        "recorded_by": "Recorded by",
    },
    values={
        "my_part": {"supervisee": "Supervisee", "supervisor": "Supervisor"},
        "kind": dict(Agreement.Kind.choices),
        "status": dict(Agreement.Status.choices),
        "functions": dict(SupervisionSession.Function.choices),
    },
    free_form=frozenset({"values_check", "legacy_values_check"}),
)
