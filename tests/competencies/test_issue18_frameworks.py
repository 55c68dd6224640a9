"""Issue 18, item 5: the framework's organisational competences and new practice areas, own
wellbeing items that are never signed off nor shown to anyone else, and sign-off by the
assessor the worker chooses."""

import copy
import importlib
from datetime import timedelta

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from apps.audit.models import AuditEvent
from apps.competencies import services
from apps.competencies.loader import SHIPPED_FILE, parse_framework_file, sync_framework_now
from apps.competencies.models import Assessment, AssessorChoice, Competency, OrganisationalStatus, SignOff
from apps.core.capabilities import forget_caps
from apps.core.dates import org_today
from apps.supervision.models import Agreement
from tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db

ASSESSMENTS = "/api/v1/competencies/assessments/"
ASSESSOR = "/api/v1/competencies/assessor/"
ORG_STATUS = "/api/v1/competencies/organisational-status/"
WELLBEING_TITLE = "Looking after one&#x27;s own wellbeing"  # BS3's title, as a page shows it


@pytest.fixture
def bs3(shipped):
    return Competency.objects.get(framework=shipped, code="BS3")


@pytest.fixture
def or1(shipped):
    return Competency.objects.get(framework=shipped, code="OR1")


@pytest.fixture
def wellbeing_assessment(everyone, bs3):
    return services.assessment_create(actor=everyone["peer"], competency=bs3, level="developing")


def _snapshot():
    return (
        sorted(Assessment.objects.values_list("pk", "state", "is_current")),
        SignOff.objects.count(),
        sorted(AssessorChoice.objects.values_list("worker_id", "assessor_id")),
        sorted(OrganisationalStatus.objects.values_list("pk", "status", "is_current")),
    )


def _appoint(supervisee, supervisor, kind):
    """An agreement in force (both accepted), as a manager proposing themselves would get."""
    agreement = AgreementFactory(supervisee=supervisee, supervisor=supervisor, kind=kind)
    forget_caps(supervisor)
    forget_caps(supervisee)
    return agreement


# --- the data: new areas, kinds, sources; existing installs keep their assessments ----------------


def test_the_shipped_framework_has_the_new_areas_and_organisational_competences_with_sources(shipped):
    domains = {d.code: d for d in shipped.domains.all()}
    assert {"TI", "ED", "FC", "RA", "SG", "CR", "OR"} <= set(domains)
    assert all(d.informed_by for d in domains.values())
    assert "Open Government Licence" in domains["SG"].informed_by
    kinds = dict(shipped.competencies.values_list("code", "kind"))
    assert kinds["BS3"] == "wellbeing"
    assert {code for code, kind in kinds.items() if kind == "organisational"} == {f"OR{i}" for i in range(1, 7)}
    assert "informed_by" in shipped.licence or "sources" in shipped.licence


def test_the_data_migration_updates_an_existing_install_without_losing_assessments(everyone, shipped):
    """An install at version 1.0 (six domains, every item a practice item) with a signed-off BS3
    and an LE1 in progress: after the migration's loader run, both assessments and the sign-off
    are there, attached to the same competencies, and the new items exist."""
    old = parse_framework_file(SHIPPED_FILE)
    old["domains"] = copy.deepcopy(old["domains"][:6])
    for domain in old["domains"]:
        for item in domain["competencies"]:
            item["kind"] = "practice"
    sync_framework_now(old, organisation_id=None)
    assert not Competency.objects.filter(framework=shipped, code="OR1", is_active=True).exists()
    peer, supervisor = everyone["peer"], everyone["supervisor"]
    bs3 = Competency.objects.get(framework=shipped, code="BS3")
    assert bs3.kind == "practice"
    signed = services.assessment_create(actor=peer, competency=bs3, level="competent")
    services.assessment_sign_off(actor=supervisor, assessment=signed, decision="signed_off")
    le1 = services.assessment_create(
        actor=peer, competency=Competency.objects.get(framework=shipped, code="LE1"), level="developing"
    )
    before = sorted(Assessment.objects.values_list("pk", "competency_id", "state", "level", "is_current"))

    migration = importlib.import_module("apps.competencies.migrations.0008_load_shipped_framework_issue18")
    migration.load(django_apps, None)

    assert sorted(Assessment.objects.values_list("pk", "competency_id", "state", "level", "is_current")) == before
    assert SignOff.objects.filter(assessment=signed).count() == 1
    assert Competency.objects.get(pk=bs3.pk).kind == "wellbeing"
    assert Competency.objects.get(framework=shipped, code="OR1").kind == "organisational"
    assert Assessment.objects.get(pk=le1.pk).competency.code == "LE1"
    # Signed off before it became a wellbeing item: still the worker's, no longer anyone else's.
    forget_caps(supervisor)
    assert not Assessment.objects.filter(pk=signed.pk).exclude(competency__kind="wellbeing").exists()


# --- own wellbeing: never signed off, never shown to anyone else ----------------------------------


def test_a_wellbeing_item_is_never_signed_off_by_anyone(api, everyone, wellbeing_assessment):
    before = _snapshot()
    # The worker (who can see it) gets the rule by name.
    response = api.as_(everyone["peer"]).post(
        f"{ASSESSMENTS}{wellbeing_assessment.pk}/sign-off/", {"decision": "signed_off"}, format="json"
    )
    assert response.status_code == 400 and "competency" in response.json()
    # Their supervisor and manager do not even find it.
    for who in ("supervisor", "manager", "admin", "outsider"):
        response = api.as_(everyone[who]).post(
            f"{ASSESSMENTS}{wellbeing_assessment.pk}/sign-off/", {"decision": "signed_off"}, format="json"
        )
        assert response.status_code == 404, who
    # The service refuses it by name, whoever asks.
    with pytest.raises(services.ValidationError) as refused:
        services.assessment_sign_off(
            actor=everyone["supervisor"], assessment=wellbeing_assessment, decision="signed_off"
        )
    assert "competency" in refused.value.message_dict
    assert _snapshot() == before


@pytest.mark.parametrize("who", ["manager", "supervisor", "admin"])
def test_a_wellbeing_item_is_shown_to_nobody_but_the_worker(
    client, api, everyone, shipped, bs3, wellbeing_assessment, who
):
    peer, viewer = everyone["peer"], everyone[who]
    le1 = Competency.objects.get(framework=shipped, code="LE1")
    services.assessment_create(actor=peer, competency=le1, level="developing")
    # API list, detail and filter.
    body = api.as_(viewer).get(ASSESSMENTS, {"worker": str(peer.pk)}).content.decode()
    assert str(wellbeing_assessment.pk) not in body and str(bs3.pk) not in body and str(le1.pk) in body
    assert api.as_(viewer).get(f"{ASSESSMENTS}{wellbeing_assessment.pk}/").status_code == 404
    # Pages: the worker's progress, the people list's counts, the sign-off queue, the evidence map.
    client.force_login(viewer)
    progress = client.get(reverse("competencies:worker-progress", args=[peer.pk])).content.decode()
    assert WELLBEING_TITLE not in progress and str(bs3.pk) not in progress and "LE1" in progress
    people = client.get(reverse("competencies:people"))
    row = next(r for r in people.context["rows"] if r["worker"].pk == peer.pk)
    assert sum(v for k, v in row["assessments"].items() if not k.startswith("level_")) == 1
    if who == "supervisor":
        queue = client.get(reverse("competencies:sign-off-queue")).content.decode()
        assert WELLBEING_TITLE not in queue and "LE1" in queue
    evidence_map = client.get(reverse("portfolio:worker-map", args=[peer.pk]), {"framework": str(shipped.pk)})
    assert evidence_map.status_code == 200
    assert WELLBEING_TITLE not in evidence_map.content.decode() and str(bs3.pk) not in evidence_map.content.decode()
    # The worker sees their own.
    client.force_login(peer)
    own = client.get(reverse("competencies:my-progress")).content.decode()
    assert WELLBEING_TITLE in own and "Yours alone, never signed off" in own
    own_map = client.get(reverse("portfolio:map"), {"framework": str(shipped.pk)}).content.decode()
    assert WELLBEING_TITLE in own_map


def test_the_dashboard_csv_is_the_same_with_or_without_a_wellbeing_item(client, everyone, riverside, bs3):
    client.force_login(everyone["manager"])
    url = reverse("dashboard:team-export", args=[riverside.pk])
    before = client.get(url)
    assert before.status_code == 200
    services.assessment_create(actor=everyone["peer"], competency=bs3, level="not_yet")
    after = client.get(url)
    assert after.content == before.content


def test_a_role_never_requires_a_wellbeing_or_organisational_item(everyone, bs3, or1, riverside):
    from tests.roles.factories import RoleDefinitionFactory

    definition = RoleDefinitionFactory(team=riverside)
    for competency in (bs3, or1):
        with pytest.raises(services.ValidationError) as refused:
            services.role_requirements_set(
                actor=everyone["manager"], role_definition=definition, competencies=[competency]
            )
        assert "competencies" in refused.value.message_dict


# --- the assessor the worker chooses -----------------------------------------------------------


@pytest.fixture
def practice(everyone, le1):
    return services.assessment_create(actor=everyone["peer"], competency=le1, level="competent")


def _sign(api, user, assessment):
    return api.as_(user).post(f"{ASSESSMENTS}{assessment.pk}/sign-off/", {"decision": "signed_off"}, format="json")


def test_the_peer_supervisor_is_the_default_and_the_worker_sees_who(api, everyone, practice):
    body = api.as_(everyone["peer"]).get(ASSESSOR).json()
    assert body["assessor"] == str(everyone["supervisor"].pk) and body["chosen"] is False
    assert [o["id"] for o in body["options"]] == [str(everyone["supervisor"].pk)]
    assert _sign(api, everyone["supervisor"], practice).status_code == 201


@pytest.mark.parametrize("kind", [Agreement.Kind.LINE, Agreement.Kind.CLINICAL])
def test_a_manager_who_appoints_themselves_supervisor_still_cannot_sign_off(api, everyone, practice, kind):
    manager, peer = everyone["manager"], everyone["peer"]
    _appoint(peer, manager, kind)
    before = _snapshot()
    assert _sign(api, manager, practice).status_code == 403
    # Nor appoint themselves assessor: the only assessor endpoint is the signed-in worker's own.
    refused = api.as_(manager).put(ASSESSOR, {"assessor": str(manager.pk)}, format="json")
    assert refused.status_code == 400 and "assessor" in refused.json()
    assert _snapshot() == before
    assert Assessment.objects.get(pk=practice.pk).state == "awaiting_sign_off"


def test_a_manager_as_the_only_peer_supervisor_is_not_the_default(api, everyone, le1):
    peer2, manager = everyone["peer2"], everyone["manager"]
    _appoint(peer2, manager, Agreement.Kind.PEER)
    assessment = services.assessment_create(actor=peer2, competency=le1, level="competent")
    before = _snapshot()
    assert api.as_(peer2).get(ASSESSOR).json()["assessor"] is None
    assert _sign(api, manager, assessment).status_code == 403
    assert _snapshot() == before
    # Once the worker chooses them, they may.
    assert api.as_(peer2).put(ASSESSOR, {"assessor": str(manager.pk)}, format="json").status_code == 200
    assert _sign(api, manager, assessment).status_code == 201
    assert SignOff.objects.get(assessment=assessment).reviewer_id == manager.pk


def test_only_the_chosen_assessor_signs_off_and_changing_is_the_workers_act(api, everyone, practice):
    peer, sam, casey = everyone["peer"], everyone["supervisor"], everyone["clinician"]
    _appoint(peer, casey, Agreement.Kind.CLINICAL)
    chosen = api.as_(peer).put(ASSESSOR, {"assessor": str(casey.pk)}, format="json")
    assert chosen.status_code == 200 and chosen.json()["chosen"] is True
    assert AssessorChoice.objects.get(worker=peer).assessor_id == casey.pk
    assert AuditEvent.objects.filter(target_type="competencies.assessorchoice", action="create").exists()
    before = _snapshot()
    assert _sign(api, sam, practice).status_code == 403  # the peer supervisor, no longer chosen
    assert _snapshot() == before
    assert _sign(api, casey, practice).status_code == 201
    # Back to the default.
    assert api.as_(peer).put(ASSESSOR, {"assessor": None}, format="json").json()["assessor"] == str(sam.pk)
    assert not AssessorChoice.objects.filter(worker=peer).exists()


def test_a_chosen_assessor_whose_agreement_ended_signs_off_nothing(api, everyone, practice):
    peer, casey = everyone["peer"], everyone["clinician"]
    agreement = _appoint(peer, casey, Agreement.Kind.CLINICAL)
    services.assessor_choose(actor=peer, assessor=casey)
    Agreement.objects.filter(pk=agreement.pk).update(ends_on=org_today(peer.organisation) - timedelta(days=1))
    forget_caps(casey)
    before = _snapshot()
    assert _sign(api, casey, practice).status_code in (403, 404)
    assert _snapshot() == before
    assert api.as_(peer).get(ASSESSOR).json()["assessor"] is None


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"assessor": "not-a-uuid"}, 400),
        ({"assessor": "00000000-0000-0000-0000-000000000000"}, 400),
        ({}, 400),
    ],
)
def test_bad_assessor_input_is_a_400_naming_the_field(api, everyone, body, status):
    before = _snapshot()
    response = api.as_(everyone["peer"]).put(ASSESSOR, body, format="json")
    assert response.status_code == status and "assessor" in response.json()
    assert _snapshot() == before


def test_another_organisations_people_find_nothing(api, everyone, practice, riverside, or1):
    outsider = everyone["outsider"]
    before = _snapshot()
    assert _sign(api, outsider, practice).status_code == 404
    refused = api.as_(outsider).put(ASSESSOR, {"assessor": str(everyone["supervisor"].pk)}, format="json")
    assert refused.status_code == 400 and "assessor" in refused.json()
    record = services.organisational_status_record(
        actor=everyone["manager"], team=riverside, competency=or1, status="partly"
    )
    before = _snapshot()
    assert api.as_(outsider).get(f"{ORG_STATUS}{record.pk}/").status_code == 404
    assert str(record.pk) not in api.as_(outsider).get(ORG_STATUS).content.decode()
    posted = api.as_(outsider).post(
        ORG_STATUS, {"team": str(riverside.pk), "competency": str(or1.pk), "status": "in_place"}, format="json"
    )
    assert posted.status_code == 400 and "team" in posted.json()
    assert _snapshot() == before


@pytest.mark.django_db(transaction=True)
def test_a_change_of_assessor_racing_a_sign_off_never_lets_the_old_assessor_through(everyone, shipped):
    """The worker switches from Sam to Casey while Sam signs off: either Sam's decision came first
    (and stands), or the switch did and Sam is refused — never a sign-off by Sam after the switch."""
    from tests.concurrency import race

    peer, sam, casey = everyone["peer"], everyone["supervisor"], everyone["clinician"]
    _appoint(peer, casey, Agreement.Kind.CLINICAL)
    le1 = Competency.objects.get(framework=shipped, code="LE1")
    assessment = services.assessment_create(actor=peer, competency=le1, level="competent")

    def make_call(i):
        if i == 0:
            return lambda: services.assessor_choose(actor=peer, assessor=casey)
        return lambda: services.assessment_sign_off(actor=sam, assessment=assessment, decision="signed_off")

    results = race(2, make_call)
    choice = AssessorChoice.objects.get(worker=peer)
    sign_off = SignOff.objects.filter(assessment=assessment).first()
    if sign_off is None:
        assert type(results[1]).__name__ == "PermissionDenied"
    else:
        assert sign_off.reviewer_id == sam.pk and sign_off.created_at <= choice.created_at


# --- organisational competences --------------------------------------------------------------


def test_a_manager_records_for_their_team_and_the_peer_workers_read_it(api, client, everyone, riverside, or1):
    manager, peer = everyone["manager"], everyone["peer"]
    created = api.as_(manager).post(
        ORG_STATUS,
        {"team": str(riverside.pk), "competency": str(or1.pk), "status": "partly", "note": "Peer supervisor from May"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    record = OrganisationalStatus.objects.get(pk=created.json()["id"])
    assert (record.team_id, record.status, record.is_current, record.recorded_by_id) == (
        riverside.pk,
        "partly",
        True,
        manager.pk,
    )
    assert AuditEvent.objects.filter(target_id=str(record.pk), action="create").exists()
    again = api.as_(manager).post(
        ORG_STATUS, {"team": str(riverside.pk), "competency": str(or1.pk), "status": "in_place"}, format="json"
    )
    assert again.status_code == 201
    assert list(OrganisationalStatus.objects.filter(competency=or1).values_list("status", "is_current")) == [
        ("in_place", True),
        ("partly", False),
    ]
    listed = api.as_(peer).get(ORG_STATUS, {"current": "true"}).json()["results"]
    assert [r["status"] for r in listed] == ["in_place"]
    client.force_login(peer)
    page = client.get(reverse("competencies:organisation-team", args=[riverside.pk]))
    assert page.status_code == 200 and "In place" in page.content.decode()
    assert page.context["form"] is None


@pytest.mark.parametrize(
    ("who", "team", "status"),
    [
        ("peer", "riverside", 403),
        ("supervisor", "riverside", 403),
        ("manager", None, 403),  # the whole organisation is an org admin's
        ("other_manager", "riverside", 400),  # another team's manager does not see Riverside (team)
        ("admin", None, 201),
        ("admin", "riverside", 201),
    ],
)
def test_who_records_what_the_organisation_provides(api, everyone, riverside, or1, who, team, status):
    before = _snapshot()
    body = {"competency": str(or1.pk), "status": "in_place", "team": str(riverside.pk) if team else None}
    response = api.as_(everyone[who]).post(ORG_STATUS, body, format="json")
    assert response.status_code == status, response.content
    if status != 201:
        assert _snapshot() == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"status": "bogus"}, "status"),
        ({"competency": "LE1"}, "competency"),
        ({"competency": "not-a-uuid"}, "competency"),
        ({"note": "x" * 2001}, "note"),
    ],
)
def test_bad_organisational_input_is_a_400_naming_the_field(api, everyone, riverside, shipped, or1, change, field):
    body = {"team": str(riverside.pk), "competency": str(or1.pk), "status": "partly", **change}
    if change.get("competency") == "LE1":
        body["competency"] = str(Competency.objects.get(framework=shipped, code="LE1").pk)
    before = _snapshot()
    response = api.as_(everyone["manager"]).post(ORG_STATUS, body, format="json")
    assert response.status_code == 400 and field in response.json(), response.content
    assert _snapshot() == before


def test_an_organisational_competence_is_never_self_assessed(api, client, everyone, or1):
    before = _snapshot()
    response = api.as_(everyone["peer"]).post(
        ASSESSMENTS, {"competency": str(or1.pk), "level": "competent"}, format="json"
    )
    assert response.status_code == 400 and "competency" in response.json()
    client.force_login(everyone["peer"])
    assert client.get(reverse("competencies:assess", args=[or1.pk])).status_code == 404
    assert _snapshot() == before


def test_the_organisation_page_records_through_the_browser_form(client, everyone, riverside, or1):
    client.force_login(everyone["manager"])
    url = reverse("competencies:organisation-team", args=[riverside.pk])
    refused = client.post(url, {"competency": str(or1.pk), "status": "", "note": ""})
    assert refused.status_code == 400 and "status" in refused.context["form"].errors
    assert not OrganisationalStatus.objects.exists()
    done = client.post(url, {"competency": str(or1.pk), "status": "partly", "note": ""})
    assert done.status_code == 302
    assert OrganisationalStatus.objects.get().status == "partly"


def test_the_organisation_page_takes_the_same_queries_for_one_or_many_records(
    client, everyone, riverside, shipped, django_assert_num_queries
):
    client.force_login(everyone["peer"])
    url = reverse("competencies:organisation-team", args=[riverside.pk])
    client.get(url)
    competencies = list(Competency.objects.filter(framework=shipped, kind="organisational"))
    services.organisational_status_record(
        actor=everyone["admin"], team=None, competency=competencies[0], status="partly"
    )
    # session, user; caps (team roles); the teams for the tabs; the team asked for; the
    # organisational competences of the frameworks in use; their current records; unread
    # notifications and the supervision agreements (header) — none per competence or record.
    with django_assert_num_queries(9):
        assert client.get(url).status_code == 200
    for competency in competencies:
        services.organisational_status_record(
            actor=everyone["manager"], team=riverside, competency=competency, status="in_place"
        )
    with django_assert_num_queries(9):
        assert client.get(url).status_code == 200
