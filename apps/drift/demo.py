"""Demo role-drift history (invented): six months of Riverside's peer workers' duty hours, the
peer-distinct part slipping for Pat and Jamie as clinical tasks crept in, so the worker's page
shows a trend and the team indicators show quarters from five people. Today's snapshot is taken
by the reminder scan (``apps.reminders.demo``, last): the roles seeded by ``apps.roles.demo``
give Pat and Robin a clinical-only duty, a finding each. Idempotent (one row per person a month)."""

from datetime import timedelta
from decimal import Decimal

from apps.accounts.models import User
from apps.drift.models import DriftSnapshot

# person: (peer-distinct, shared, clinical-only) hours a week, oldest month first (six months)
HISTORY: dict[str, list[tuple[int, int, int]]] = {
    "peer": [(16, 5, 1), (15, 5, 2), (13, 5, 4), (12, 5, 5), (10, 6, 6), (9, 6, 7)],
    "peer2": [(11, 4, 0), (11, 4, 0), (10, 4, 1), (11, 4, 0), (10, 4, 1), (10, 4, 1)],
    "peer3": [(14, 6, 0), (13, 6, 1), (12, 6, 2), (10, 6, 4), (9, 6, 5), (8, 6, 6)],
    "supervisor": [(20, 10, 0), (20, 10, 0), (19, 10, 1), (20, 10, 0), (20, 10, 0), (19, 10, 1)],
    "peer4": [(12, 4, 0), (12, 4, 0), (11, 4, 1), (11, 4, 1), (10, 4, 2), (10, 4, 2)],
}


def seed(ctx) -> None:
    threshold = Decimal(50)
    for key, months in HISTORY.items():
        worker = ctx.people.get(key) or User.objects.filter(username=f"demo-{key}").first()
        if worker is None:
            continue
        below_since = None
        for back, (pd, sh, cl) in zip(range(len(months), 0, -1), months, strict=True):
            taken_on = ctx.today - timedelta(days=30 * back)
            total = pd + sh + cl
            below = pd * 100 < threshold * total
            below_since = (below_since or taken_on) if below else None
            _, created = DriftSnapshot.objects.get_or_create(
                worker=worker,
                taken_on=taken_on,
                defaults={
                    "organisation": ctx.organisation,
                    "worker_kind": worker.worker_kind,
                    "peer_distinct_hours": Decimal(pd),
                    "shared_hours": Decimal(sh),
                    "clinical_only_hours": Decimal(cl),
                    "below_since": below_since,
                },
            )
            if created:
                ctx.note(f"role drift snapshot {key} {taken_on.isoformat()}")  # machine date
