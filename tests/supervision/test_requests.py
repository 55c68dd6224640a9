"""Issue 15, item 8: a request for supervision stops showing as waiting once it is answered —
by a session recorded under the agreement, or by the supervisor marking it handled."""

import pytest
from django.core.exceptions import PermissionDenied

from apps.audit.models import AuditEvent
from apps.core.api.exceptions import DomainError
from apps.core.dates import org_today
from apps.notifications.models import Notification
from apps.supervision import services
from apps.supervision.models import Agreement

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement(everyone):
    agreement = Agreement.objects.get(supervisee=everyone["peer"], supervisor=everyone["supervisor"])
    services.agreement_request_supervision(actor=everyone["peer"], agreement=agreement)
    agreement.refresh_from_db()
    assert agreement.request_waiting
    return agreement


def queue_html(client, supervisor):
    client.force_login(supervisor)
    return client.get("/supervision/queue/").content.decode()


def test_a_recorded_session_answers_the_waiting_request(client, everyone, agreement):
    supervisor = everyone["supervisor"]
    assert "Asked for supervision" in queue_html(client, supervisor)

    services.session_record(
        actor=supervisor,
        agreements=[agreement],
        held_on=org_today(supervisor.organisation),
        duration_minutes=30,
        functions=["restorative"],
    )

    agreement.refresh_from_db()
    assert not agreement.request_waiting and agreement.request_handled_at >= agreement.last_requested_at
    assert "Asked for supervision" not in queue_html(client, supervisor)
    client.force_login(everyone["peer"])
    assert "You asked" not in client.get("/supervision/mine/").content.decode()


def test_the_supervisor_marks_the_request_handled_and_the_supervisee_is_told(client, everyone, agreement):
    supervisor, peer = everyone["supervisor"], everyone["peer"]
    client.force_login(peer)
    assert "You asked" in client.get("/supervision/mine/").content.decode()
    client.force_login(supervisor)

    response = client.post(f"/supervision/agreements/{agreement.pk}/request/handled/", follow=True)

    assert response.status_code == 200 and "Marked as handled" in response.content.decode()
    agreement.refresh_from_db()
    assert not agreement.request_waiting
    assert "Asked for supervision" not in queue_html(client, supervisor)
    told = Notification.objects.get(recipient=peer, kind="supervision_request_handled")
    assert told.message == "Sam Supervisor has picked up your request for supervision."
    assert AuditEvent.objects.filter(target_id=str(agreement.pk), detail="request:handled").exists()
    # Nothing is waiting any more: a second answer is refused.
    with pytest.raises(DomainError):
        services.agreement_request_handled(actor=supervisor, agreement=agreement)


@pytest.mark.parametrize("who", ["peer", "manager", "clinician"])
def test_only_the_supervisor_marks_a_request_handled(client, everyone, agreement, who):
    client.force_login(everyone[who])
    response = client.post(f"/supervision/agreements/{agreement.pk}/request/handled/")

    assert response.status_code in (403, 404)
    agreement.refresh_from_db()
    assert agreement.request_waiting and agreement.request_handled_at is None
    with pytest.raises((PermissionDenied, DomainError)):
        services.agreement_request_handled(actor=everyone[who], agreement=agreement)
    assert not Notification.objects.filter(kind="supervision_request_handled").exists()


def test_a_new_request_after_an_answer_shows_as_waiting_again(everyone, agreement):
    services.agreement_request_handled(actor=everyone["supervisor"], agreement=agreement)
    Agreement.objects.filter(pk=agreement.pk).update(last_requested_at=None)  # as if asked yesterday
    agreement.refresh_from_db()

    services.agreement_request_supervision(actor=everyone["peer"], agreement=agreement)

    agreement.refresh_from_db()
    assert agreement.request_waiting
