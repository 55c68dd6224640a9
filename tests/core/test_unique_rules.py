"""Every uniqueness rule of the project has a database constraint, and a request that breaks one
is a 400 naming the field — also when many requests race (issue 13, case 8).

The races use ``tests.concurrency``: N threads, each on its own database connection, released
together by a barrier, with real commits (``transaction=True``). Agreements are covered by the
supervision tests (consent), voice participation by the voice tests.
"""

import pytest
from django.apps import apps
from django.db import models
from rest_framework.test import APIClient

from apps.teams.models import Membership, Team
from tests.concurrency import race, race_api, statuses
from tests.factories import UserFactory

OUR_APPS = {c.label for c in apps.get_app_configs() if c.name.startswith("apps.")}


def _our_models():
    return [m for m in apps.get_models() if m._meta.app_label in OUR_APPS]


def test_every_unique_constraint_has_a_field_and_message_for_its_400():
    from apps.core.integrity import FIELD_UNIQUE_RULES, UNIQUE_RULES

    missing = []
    for model in _our_models():
        for constraint in model._meta.constraints:
            if isinstance(constraint, models.UniqueConstraint) and constraint.name not in UNIQUE_RULES:
                missing.append(f"{model._meta.label}: {constraint.name}")
        for field in model._meta.local_fields:
            if field.unique and not field.primary_key:
                if (model._meta.db_table, field.column) not in FIELD_UNIQUE_RULES:
                    missing.append(f"{model._meta.label}.{field.name}")
    assert missing == [], f"add these to apps/core/integrity.py: {missing}"


def test_every_named_rule_is_a_real_constraint_naming_a_real_field_or_detail():
    from apps.core.integrity import UNIQUE_RULES

    constraints = {c.name: m for m in _our_models() for c in m._meta.constraints}
    for name, (field, message) in UNIQUE_RULES.items():
        assert name in constraints, f"{name} is not a constraint of any model"
        model = constraints[name]
        names = {f.name for f in model._meta.get_fields()}
        # duties, answers: the request's list the clashing items came in; status: a version's state.
        assert field == "detail" or field in names or field in {"duties", "answers", "status"}, (name, field)
        assert message.endswith(".")


@pytest.mark.django_db
def test_the_database_refuses_a_team_name_differing_only_in_case(riverside):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Team.objects.create(organisation=riverside.organisation, name="RIVERSIDE")


@pytest.mark.django_db(transaction=True)
def test_eight_concurrent_team_creates_with_one_name_in_any_case_give_one_201(everyone):
    spellings = ["Outreach", "outreach", "OUTREACH", "Outreach", "oUTREACH", "outReach", "Outreach", "OutReach"]
    responses = race_api(
        8, everyone["admin"], "post", "/api/v1/teams/", lambda i: {"name": spellings[i], "setting": "community"}
    )
    assert statuses(responses) == {201: 1, 400: 7}, [r.content for r in responses]
    assert all("name" in r.json() for r in responses if r.status_code == 400)
    assert Team.objects.filter(organisation=everyone["admin"].organisation, name__iexact="outreach").count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_renames_of_two_teams_to_one_name_leave_one(everyone, riverside, harbour):
    teams = [riverside, harbour]

    def make_call(i):
        client = APIClient(raise_request_exception=False)
        client.force_login(everyone["admin"])
        return lambda: client.patch(f"/api/v1/teams/{teams[i].pk}/", {"name": "merged"}, format="json")

    responses = race(2, make_call)
    assert statuses(responses) == {200: 1, 400: 1}, [r.content for r in responses]
    # The one error shape (docs/api.md): the sentence in ``detail``, and the field at fault alone.
    assert next(r for r in responses if r.status_code == 400).json().keys() == {"detail", "name"}
    assert Team.objects.filter(name__iexact="merged").count() == 1


@pytest.mark.django_db(transaction=True)
def test_eight_concurrent_adds_of_one_person_to_a_team_give_one_membership(everyone, riverside):
    newcomer = UserFactory(organisation=riverside.organisation, username="newcomer", display_name="New Comer")
    body = {"team": str(riverside.pk), "worker": str(newcomer.pk), "team_role": "member"}
    responses = race_api(8, everyone["manager"], "post", "/api/v1/memberships/", body)
    assert statuses(responses) == {201: 1, 400: 7}, [r.content for r in responses]
    assert all("worker" in r.json() for r in responses if r.status_code == 400)
    assert Membership.objects.filter(team=riverside, worker=newcomer, left_on__isnull=True).count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_edits_of_a_published_role_start_one_next_version(everyone, riverside):
    from apps.roles.models import RoleDefinition
    from apps.roles.services import role_definition_create, role_definition_publish

    draft = role_definition_create(
        actor=everyone["manager"],
        team=riverside,
        title="Peer Navigator",
        kind="peer",
        hours_per_week=20,
        duties=[{"description": "Walk alongside", "category": "peer_distinct"}],
    )
    published = role_definition_publish(actor=everyone["manager"], definition=draft)
    responses = race_api(
        6, everyone["manager"], "patch", f"/api/v1/role-definitions/{published.pk}/", {"purpose": "Clearer."}
    )
    counts = statuses(responses)
    assert counts[201] == 1 and counts[500] == 0 and counts[201] + counts[400] == 6, [r.content for r in responses]
    assert all("status" in r.json() for r in responses if r.status_code == 400)
    assert RoleDefinition.objects.filter(lineage=published.lineage, status="draft").count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_self_assessments_of_one_competency_leave_one_current(everyone):
    from apps.competencies.models import Assessment, Competency, Domain, Framework

    # The organisation's own framework: the shipped one is flushed by earlier transactional tests.
    framework = Framework.objects.create(
        organisation=everyone["peer"].organisation, slug="local", name="Local", version="1", source="Tests"
    )
    domain = Domain.objects.create(framework=framework, code="L", title="Local")
    competency = Competency.objects.create(
        framework=framework, domain=domain, code="L1", title="Listening", description="Listens.", level="foundation"
    )
    responses = race_api(
        6,
        everyone["peer"],
        "post",
        "/api/v1/competencies/assessments/",
        {"competency": str(competency.pk), "level": "developing"},
    )
    assert statuses(responses) == {201: 6}, [r.content for r in responses]
    assert Assessment.objects.filter(worker=everyone["peer"], competency=competency, is_current=True).count() == 1


@pytest.mark.django_db
def test_a_page_that_loses_a_race_on_a_unique_rule_answers_400_with_the_message(riverside, rf):
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.db import IntegrityError, transaction

    from apps.core.middleware import UniqueViolationMiddleware

    try:
        with transaction.atomic():
            Team.objects.create(organisation=riverside.organisation, name="riverside")
    except IntegrityError as exc:
        lost = exc
    request = rf.post("/teams/new/")
    request.user = AnonymousUser()
    request.session = {}
    request._messages = FallbackStorage(request)
    response = UniqueViolationMiddleware(lambda r: None).process_exception(request, lost)
    assert response.status_code == 400
    assert "A team with this name already exists" in response.content.decode()


@pytest.mark.django_db
def test_a_form_whose_service_loses_a_race_shows_the_message_beside_the_field(riverside):
    from django import forms
    from django.db import transaction

    from apps.core.forms import run_service

    class TeamForm(forms.Form):
        name = forms.CharField()

    def service():
        with transaction.atomic():
            return Team.objects.create(organisation=riverside.organisation, name="RIVERSIDE")

    form = TeamForm({"name": "RIVERSIDE"})
    assert form.is_valid()
    assert run_service(form, service) is None
    assert "already exists" in form.errors["name"][0]
