"""A person with no e-mail address is answered with ``"email": null``, never ``""`` (issue 21,
finding 7): ``""`` is no address, and the schema says ``format: email`` (nullable)."""

import pytest

from apps.accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def components(api, admin):
    return api.as_(admin).get("/api/schema/", {"format": "json"}).json()["components"]["schemas"]


@pytest.mark.parametrize("component", ["Worker", "Me"])
def test_the_schema_says_email_is_an_address_or_null(components, component):
    email = components[component]["properties"]["email"]
    assert email["format"] == "email" and email["nullable"] is True


def test_a_worker_without_an_address_reads_null_and_one_with_an_address_reads_it(api, admin, org):
    without = UserFactory(organisation=org, username="noaddress", email="")
    with_address = UserFactory(organisation=org, username="withaddress", email="kai@example.invalid")
    client = api.as_(admin)
    assert User.objects.get(pk=without.pk).email == ""  # what the model keeps for "none"
    assert client.get(f"/api/v1/workers/{without.pk}/").json()["email"] is None
    assert client.get(f"/api/v1/workers/{with_address.pk}/").json()["email"] == "kai@example.invalid"
    listed = {row["id"]: row["email"] for row in client.get("/api/v1/workers/", {"page_size": 100}).json()["results"]}
    assert listed[str(without.pk)] is None and listed[str(with_address.pk)] == "kai@example.invalid"
    assert "" not in listed.values()


def test_me_without_an_address_reads_null(api, org):
    me = UserFactory(organisation=org, username="menoaddress", email="")
    assert api.as_(me).get("/api/v1/me/").json()["email"] is None
