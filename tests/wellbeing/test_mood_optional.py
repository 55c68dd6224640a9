"""The mood scale is optional, with words instead (issue 15, item 12): "what's helping, what
would help" is private like the note, and a supervisor's read of it is audited."""

import pytest

from apps.audit.models import AuditEvent
from apps.wellbeing.models import CheckIn

pytestmark = pytest.mark.django_db


def test_a_check_in_in_words_only_is_saved_without_a_number(client, everyone):
    client.force_login(everyone["peer"])
    response = client.post("/wellbeing/", {"helping": "A walk at lunch; fewer late shifts would help."})
    assert response.status_code == 302
    check_in = CheckIn.objects.get(author=everyone["peer"])
    assert check_in.mood is None
    assert check_in.helping == "A walk at lunch; fewer late shifts would help."
    page = client.get("/wellbeing/").content.decode()
    assert "No number" in page and "A walk at lunch" in page


def test_a_check_in_that_says_nothing_is_refused_and_nothing_is_written(client, everyone):
    client.force_login(everyone["peer"])
    response = client.post("/wellbeing/", {"mood": "", "note": "  ", "helping": ""})
    assert response.status_code == 400
    assert "Choose a number, or write a few words" in response.content.decode()
    assert not CheckIn.objects.exists()


def test_the_form_offers_the_scale_as_optional(client, everyone):
    client.force_login(everyone["peer"])
    page = client.get("/wellbeing/").content.decode()
    assert "How are you today, on a scale? (optional)" in page
    assert "What&#x27;s helping, and what would help? (optional)" in page


def test_api_check_in_without_mood_and_the_empty_one_refused_naming_mood(api, everyone):
    client = api.as_(everyone["peer"])
    created = client.post("/api/v1/wellbeing/check-ins/", {"helping": "Talking to Sam"}, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["mood"] is None and created.json()["helping"] == "Talking to Sam"
    refused = client.post("/api/v1/wellbeing/check-ins/", {"note": ""}, format="json")
    assert refused.status_code == 400 and "mood" in refused.json()
    assert CheckIn.objects.count() == 1


def test_whats_helping_is_private_until_shared_and_a_supervisors_read_is_audited(client, everyone):
    peer, supervisor = everyone["peer"], everyone["supervisor"]
    client.force_login(peer)
    client.post("/wellbeing/", {"helping": "QXprivatehelping"})
    client.post(
        "/wellbeing/",
        {"mood": "3", "helping": "QXsharedhelping", "share_with_supervisor": "on", "readers": [str(supervisor.pk)]},
    )
    shared = CheckIn.objects.get(helping="QXsharedhelping")
    assert list(shared.readers.all()) == [supervisor]
    for other in ("manager", "admin", "peer2"):
        client.force_login(everyone[other])
        assert "QXsharedhelping" not in client.get("/wellbeing/shared/").content.decode()
    client.force_login(supervisor)
    page = client.get("/wellbeing/shared/").content.decode()
    assert "QXsharedhelping" in page and "QXprivatehelping" not in page
    assert AuditEvent.objects.filter(action="read", actor=supervisor, target_id=shared.pk, subject=peer).exists()


def test_the_export_holds_whats_helping(client, everyone):
    client.force_login(everyone["peer"])
    client.post("/wellbeing/", {"helping": "Music on the bus"})
    document = client.get("/people/me/data/?format=json").json()
    assert document["wellbeing"]["check_ins"][0] == {
        **document["wellbeing"]["check_ins"][0],
        "mood": None,
        "helping": "Music on the bus",
    }
