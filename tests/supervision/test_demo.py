"""The demo data of this issue: agreements in every state, notes in every state, a peer whose
only supervision is clinical, due dates consistent with sessions; a second run changes nothing."""

import pytest

from apps.boundaries.models import BoundaryNote
from apps.core.demo import DemoContext
from apps.supervision.models import Agreement
from apps.supervision.selectors import last_held_on_by_agreement
from apps.supervision.state import compute_next_due_on

pytestmark = pytest.mark.django_db


def seed():
    from apps.boundaries import demo as boundaries_demo
    from apps.supervision import demo as supervision_demo
    from apps.teams import demo as teams_demo
    from apps.wellbeing import demo as wellbeing_demo

    ctx = DemoContext()
    for module in (teams_demo, supervision_demo, boundaries_demo, wellbeing_demo):
        module.seed(ctx)
    return ctx


def test_demo_has_every_state_and_is_idempotent():
    ctx = seed()
    assert ctx.created
    today = ctx.today
    states = set(Agreement.objects.filter(status="active").with_state(today).values_list("state", flat=True))
    assert states == {"on_track", "due_soon", "overdue", "paused"}
    # One proposal awaiting the peer's consent: the supervisor has accepted, Jamie has not.
    proposal = Agreement.objects.get(status="proposed")
    assert (proposal.supervisee.username, proposal.supervisor.username) == ("demo-peer3", "demo-supervisor")
    assert proposal.supervisor_accepted_at is not None and proposal.supervisee_accepted_at is None
    assert set(BoundaryNote.objects.values_list("status", flat=True)) == {"submitted", "reviewed", "closed"}
    peer3 = ctx.people["peer3"]
    assert list(
        Agreement.objects.active(today).filter(supervisee=peer3).values_list("kind", "supervisor__username")
    ) == [("clinical", "demo-clinician")]
    last = last_held_on_by_agreement(Agreement.objects.values_list("pk", flat=True))
    for agreement in Agreement.objects.all():
        expected = compute_next_due_on(
            starts_on=agreement.starts_on, frequency_days=agreement.frequency_days, last_held_on=last.get(agreement.pk)
        )
        assert agreement.next_due_on == expected

    again = seed()
    assert again.created == []
