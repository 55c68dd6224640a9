"""Small builders for dashboard tests (invented people and records only)."""

from datetime import date

from apps.supervision.models import SupervisionSession
from apps.supervision.services import agreements_refresh_due
from apps.wellbeing.models import StepAway


def hold(*agreements, on: date, topics: str = "Keeping peer practice distinct.") -> SupervisionSession:
    """A session held ``on`` under ``agreements``; their due dates move as the services move them."""
    first = agreements[0]
    session = SupervisionSession.objects.create(
        organisation=first.organisation,
        recorded_by=first.supervisor,
        held_on=on,
        duration_minutes=60,
        topics=topics,
        functions=["formative"],
    )
    session.agreements.set(agreements)
    for agreement in agreements:
        agreement.refresh_from_db()
    agreements_refresh_due(agreements)
    for agreement in agreements:
        agreement.refresh_from_db()
    return session


def stepped_away(worker, *, started_on: date, returned_on: date | None = None, message: str = "") -> StepAway:
    """A step-away period (written directly: the service only steps away from today)."""
    period = StepAway.objects.create(
        organisation=worker.organisation,
        author=worker,
        started_on=started_on,
        planned_return_on=returned_on or started_on,
        returned_on=returned_on,
        message=message,
    )
    if returned_on is None:
        worker.status = worker.Status.STEPPED_AWAY
        worker.save(update_fields=["status"])
    return period
