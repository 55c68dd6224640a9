"""Names people are known by (issue 13, case 8): look-alike usernames and display names are
refused with a 400 naming the field, by a check and by a database constraint, under any
concurrency; display names lose control and bidi formatting characters."""

import pytest
from django.db import IntegrityError, transaction

from apps.accounts.models import User
from tests.concurrency import race_api, statuses
from tests.factories import UserFactory


def _names():
    from apps.accounts import names  # imported late: each test fails on its own on a main without it

    return names


PASSWORD = "a long enough passphrase"


def _create(api, admin, **body):
    body = {"display_name": body.get("username", "x").title() + " Person", "password": PASSWORD, **body}
    return api.as_(admin).post("/api/v1/workers/", body, format="json")


# --- usernames ------------------------------------------------------------------------


@pytest.mark.django_db
def test_full_width_lookalike_of_a_username_is_a_400_on_username_not_a_500(api, everyone):
    before = User.objects.count()
    response = _create(api, everyone["admin"], username="ｐａｔ", display_name="Full Width")
    assert response.status_code == 400, response.content
    assert "username" in response.json()
    assert User.objects.count() == before


@pytest.mark.django_db
@pytest.mark.parametrize("lookalike", ["раt", "рat", "pаt"])  # Cyrillic р and/or а with Latin letters
def test_cyrillic_lookalike_of_a_username_is_refused(api, everyone, lookalike):
    before = User.objects.count()
    response = _create(api, everyone["admin"], username=lookalike, display_name="Cyril Lic")
    assert response.status_code == 400, response.content
    assert "username" in response.json()
    assert User.objects.count() == before


@pytest.mark.django_db
def test_username_differing_only_in_case_is_refused(api, everyone):
    response = _create(api, everyone["admin"], username="Pat", display_name="Other Pat")
    assert response.status_code == 400 and "username" in response.json()


@pytest.mark.django_db
def test_mixed_script_lookalike_username_is_refused_even_when_nobody_holds_the_latin_one(api, everyone):
    response = _create(api, everyone["admin"], username="аlex", display_name="Alex Ander")  # Cyrillic а
    assert response.status_code == 400 and "username" in response.json()
    assert not User.objects.filter(display_name="Alex Ander").exists()


@pytest.mark.django_db
def test_unicode_username_without_lookalikes_is_accepted_and_stored_nfkc(api, everyone):
    response = _create(api, everyone["admin"], username="zoë", display_name="Zoë Example")
    assert response.status_code == 201, response.json()
    user = User.objects.get(display_name="Zoë Example")
    assert user.username == "zoë" and user.username_key == _names().username_key("ZOË")


@pytest.mark.django_db
def test_the_database_refuses_a_lookalike_username_written_past_the_service(everyone):
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(organisation=everyone["admin"].organisation, username="ｐａｔ", display_name="Past Service")


@pytest.mark.django_db(transaction=True)
def test_eight_concurrent_creates_of_one_username_give_one_201_and_seven_400s(everyone):
    responses = race_api(
        8,
        everyone["admin"],
        "post",
        "/api/v1/workers/",
        lambda i: {"username": "racer", "display_name": f"Racer {i}", "password": PASSWORD},
    )
    assert statuses(responses) == {201: 1, 400: 7}, [r.content for r in responses]
    assert all("username" in r.json() for r in responses if r.status_code == 400)
    assert User.objects.filter(username_key=_names().username_key("racer")).count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_creates_of_lookalike_usernames_give_one_201(everyone):
    spellings = ["lookout", "LOOKOUT", "ｌｏｏｋｏｕｔ", "Lookout", "lOOKOUT", "ｌｏｏｋout"]
    responses = race_api(
        len(spellings),
        everyone["admin"],
        "post",
        "/api/v1/workers/",
        lambda i: {"username": spellings[i], "display_name": f"Look Out {i}", "password": PASSWORD},
    )
    assert statuses(responses) == {201: 1, 400: len(spellings) - 1}, [r.content for r in responses]
    assert User.objects.filter(username_key=_names().username_key("lookout")).count() == 1


# --- display names ----------------------------------------------------------------------


@pytest.mark.django_db
def test_display_name_loses_bidi_and_control_characters_and_is_trimmed(api, everyone):
    response = _create(api, everyone["admin"], username="rtl", display_name="  Jo\u202e\u200b Ro\x07w \n ")
    assert response.status_code == 201, response.json()
    user = User.objects.get(username="rtl")
    assert user.display_name == "Jo Row"
    assert response.json()["display_name"] == "Jo Row"


@pytest.mark.django_db
def test_display_name_of_only_formatting_characters_is_a_400(api, everyone):
    response = _create(api, everyone["admin"], username="blank", display_name="\u202e\u200b")
    assert response.status_code == 400 and "display_name" in response.json()
    assert not User.objects.filter(username="blank").exists()


@pytest.mark.django_db
def test_copying_a_colleagues_display_name_is_refused(api, everyone):
    for copy in ["Pat Peer", "pat  peer", "PAT PEER", "Раt Peer", "Pat\u202e Peer"]:
        response = _create(api, everyone["admin"], username="copycat", display_name=copy)
        assert response.status_code == 400, (copy, response.content)
        assert "display_name" in response.json()
    assert not User.objects.filter(username="copycat").exists()


@pytest.mark.django_db
def test_renaming_oneself_to_a_colleagues_name_is_refused(api, everyone):
    peer2 = everyone["peer2"]
    response = api.as_(peer2).patch(f"/api/v1/workers/{peer2.pk}/", {"display_name": "Pat Peer"}, format="json")
    assert response.status_code == 400 and "display_name" in response.json()
    peer2.refresh_from_db()
    assert peer2.display_name == "Robin Peer"


@pytest.mark.django_db
def test_same_display_name_in_another_organisation_is_fine(api, everyone):
    response = _create(api, everyone["outsider"], username="otherpat", display_name="Pat Peer")
    assert response.status_code == 201, response.json()


@pytest.mark.django_db
def test_a_worker_who_left_does_not_hold_their_name(api, everyone):
    leaver = everyone["peer2"]
    api.as_(everyone["admin"]).post(f"/api/v1/workers/{leaver.pk}/leave/")
    response = _create(api, everyone["admin"], username="newrobin", display_name="Robin Peer")
    assert response.status_code == 201, response.json()


@pytest.mark.django_db
def test_the_database_refuses_a_duplicate_display_name_written_past_the_service(everyone):
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(organisation=everyone["admin"].organisation, username="dupe", display_name="pat peer")


@pytest.mark.django_db(transaction=True)
def test_concurrent_creates_with_one_display_name_give_one_201_and_400s_naming_display_name(everyone):
    responses = race_api(
        6,
        everyone["admin"],
        "post",
        "/api/v1/workers/",
        lambda i: {"username": f"twin{i}", "display_name": "Tw In", "password": PASSWORD},
    )
    assert statuses(responses) == {201: 1, 400: 5}, [r.content for r in responses]
    assert all("display_name" in r.json() for r in responses if r.status_code == 400)


# --- the skeleton itself ----------------------------------------------------------------


def test_skeleton_folds_case_width_and_confusables():
    assert (
        _names().skeleton("pat") == _names().skeleton("PAT") == _names().skeleton("ｐａｔ") == _names().skeleton("раt")
    )
    assert _names().skeleton("pat") != _names().skeleton("pit")
    assert _names().clean_display_name("\u202eAda\u2028Admin\u200d ") == "Ada Admin"
