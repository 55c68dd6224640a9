"""Six identical agreement proposals at once (issue 13, case 8): one 201, five 400s naming the
field, never a 500 and never two live rows. Real concurrency: six threads, each with its own
PostgreSQL connection, released together by a barrier, against committed data."""

import json
import threading

import pytest
from django.db import IntegrityError, connection, transaction
from rest_framework.test import APIClient

from apps.supervision.models import Agreement
from tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db(transaction=True)

URL = "/api/v1/supervision/agreements/"
THREADS = 6


def test_six_concurrent_identical_proposals_make_one_agreement(everyone):
    manager, robin, casey = everyone["manager"], everyone["peer2"], everyone["clinician"]
    body = json.dumps(
        {"supervisee": str(robin.pk), "supervisor": str(casey.pk), "kind": "clinical", "frequency_days": 28}
    )
    barrier = threading.Barrier(THREADS)
    results: list = []

    def create():
        try:
            client = APIClient()
            client.force_login(manager)
            barrier.wait(timeout=30)
            response = client.post(URL, body, content_type="application/json")
            results.append((response.status_code, response.json()))
        except Exception as exc:  # noqa: BLE001 (a 500 or a hang surfaces in the assertions below)
            results.append((None, repr(exc)))
        finally:
            connection.close()

    threads = [threading.Thread(target=create) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    statuses = sorted(status for status, _ in results)
    assert statuses == [201] + [400] * (THREADS - 1), results
    for status, payload in results:
        if status == 400:
            assert "supervisor" in payload, payload
    assert Agreement.objects.live().filter(supervisee=robin, supervisor=casey, kind="clinical").count() == 1


def test_the_database_refuses_a_second_live_agreement_of_a_kind_between_the_same_people(everyone):
    pat, sam = everyone["peer"], everyone["supervisor"]
    with pytest.raises(IntegrityError, match="agreement_one_live_per_pair_kind"), transaction.atomic():
        AgreementFactory(supervisee=pat, supervisor=sam, status="proposed")
    # Declined and ended ones do not hold the slot.
    AgreementFactory(supervisee=pat, supervisor=sam, status="declined")
    AgreementFactory(supervisee=pat, supervisor=sam, status="ended")
    assert Agreement.objects.filter(supervisee=pat, supervisor=sam).count() == 3


def test_the_database_refuses_an_active_agreement_without_both_consents(everyone):
    robin, casey = everyone["peer2"], everyone["clinician"]
    with pytest.raises(IntegrityError, match="agreement_active_needs_both_consents"), transaction.atomic():
        AgreementFactory(supervisee=robin, supervisor=casey, status="active", supervisee_accepted_at=None)
