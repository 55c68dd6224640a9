"""Who reads the message a worker leaves when they step away (issue 13, "sharing names people").

The step-away form promises "Only your supervisors read this". Like every other entry shared
with supervisors, that means the supervisors the worker had when they wrote it, and not line
management: a manager whose line agreement the worker accepted, or a supervisor whose agreement
began after the message was written, is told the worker stepped away (never why) and does not
read the message. Before this change both read it on their review queue.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.core.dates import org_today
from apps.supervision.models import Agreement
from apps.wellbeing.models import StepAway
from tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db

MESSAGE = "QXstepaway being admitted to hospital"


def step_away(api, worker, org):
    until = org_today(org) + timedelta(days=14)
    response = api.as_(worker).post(
        "/api/v1/workers/me/step-away/", {"until": until.isoformat(), "message": MESSAGE}, format="json"
    )
    assert response.status_code in (200, 201), response.content
    return StepAway.objects.get(author=worker, returned_on__isnull=True)


def queue_of(client, user) -> str:
    client.force_login(user)
    response = client.get("/supervision/queue/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_peer_supervisor_at_the_time_reads_the_message(api, client, everyone, org):
    pat, sam = everyone["peer"], everyone["supervisor"]
    period = step_away(api, pat, org)
    page = queue_of(client, sam)
    assert "Pat Peer" in page and MESSAGE in page
    assert AuditEvent.objects.filter(actor=sam, target_id=str(period.pk)).exists()


def test_a_line_manager_is_told_but_does_not_read_the_message(api, client, everyone, org):
    pat, manager = everyone["peer"], everyone["manager"]
    AgreementFactory(supervisee=pat, supervisor=manager, kind=Agreement.Kind.LINE)
    period = step_away(api, pat, org)
    page = queue_of(client, manager)
    assert "Pat Peer" in page  # they know Pat stepped away (supervision is paused) ...
    assert MESSAGE not in page  # ... never why
    assert not AuditEvent.objects.filter(actor=manager, target_id=str(period.pk)).exists()


def test_a_supervisor_who_arrives_after_the_message_does_not_read_it(api, client, everyone, org):
    pat, casey = everyone["peer"], everyone["clinician"]
    period = step_away(api, pat, org)
    # Casey's clinical agreement is agreed to by both after Pat wrote the message.
    later = period.updated_at + timedelta(minutes=5)
    AgreementFactory(
        supervisee=pat,
        supervisor=casey,
        kind=Agreement.Kind.CLINICAL,
        supervisee_accepted_at=later,
        supervisor_accepted_at=later,
    )
    page = queue_of(client, casey)
    assert "Pat Peer" in page
    assert MESSAGE not in page


def test_a_clinical_supervisor_agreed_before_reads_it(api, client, everyone, org):
    pat, casey = everyone["peer"], everyone["clinician"]
    earlier = timezone.now() - timedelta(days=3)
    AgreementFactory(
        supervisee=pat,
        supervisor=casey,
        kind=Agreement.Kind.CLINICAL,
        supervisee_accepted_at=earlier,
        supervisor_accepted_at=earlier,
    )
    step_away(api, pat, org)
    assert MESSAGE in queue_of(client, casey)


def test_the_step_away_form_says_who_reads_the_message(client, everyone):
    client.force_login(everyone["peer"])
    page = client.get("/wellbeing/").content.decode()
    assert "Only your peer and clinical supervisors of today read this" in page
    assert "not line management" in page
