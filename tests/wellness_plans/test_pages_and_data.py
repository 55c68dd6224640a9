"""Wellness plan pages (write, share, review, history) and the plan in export and erasure."""

import pytest
from django.test import Client

from apps.accounts.models import User
from apps.wellness_plans import services
from apps.wellness_plans.models import PlanReader, PlanVersion, WellnessPlan
from apps.wellness_plans.sections import MAX_SECTION_LENGTH, Section
from apps.workers.data_rights import export_worker_data, worker_erase

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _form(**changes):
    data = {
        "keeps_well": "",
        "early_signs": "",
        "what_helps": "",
        "at_work": "",
        "contact": "",
        "do_not_contact": "",
        "stepping_away": "",
        "adj-TOTAL_FORMS": "2",
        "adj-INITIAL_FORMS": "0",
        "adj-MIN_NUM_FORMS": "0",
        "adj-MAX_NUM_FORMS": "20",
    }
    data.update(changes)
    return data


def test_the_worker_writes_their_plan_on_the_page_and_a_bad_row_changes_nothing(everyone):
    peer = everyone["peer"]
    client = client_of(peer)
    assert client.get("/wellness-plan/").status_code == 200
    response = client.post(
        "/wellness-plan/edit/",
        _form(
            keeps_well="Walking",
            **{"adj-0-what": "Later starts", "adj-0-agreed_with": "Morgan", "adj-0-agreed_on": "2026-01-05"},
        ),
    )
    assert response.status_code == 302
    plan = WellnessPlan.objects.get(author=peer)
    assert plan.keeps_well == "Walking"
    assert plan.adjustments == [{"what": "Later starts", "agreed_with": "Morgan", "agreed_on": "2026-01-05"}]
    refused = client.post("/wellness-plan/edit/", _form(keeps_well="x" * (MAX_SECTION_LENGTH + 1)))
    assert refused.status_code == 400
    half = client.post("/wellness-plan/edit/", _form(keeps_well="Changed", **{"adj-0-what": "No one agreed"}))
    assert half.status_code == 400
    plan.refresh_from_db()
    assert (plan.keeps_well, plan.version) == ("Walking", 1)
    assert client.get("/wellness-plan/history/1/").status_code == 200
    assert client_of(everyone["supervisor"]).get("/wellness-plan/history/1/").status_code == 404


def test_sharing_on_the_page_names_people_part_by_part_and_refuses_strangers(everyone):
    peer, supervisor = everyone["peer"], everyone["supervisor"]
    services.plan_save(actor=peer, what_helps="Tea")
    client = client_of(peer)
    response = client.post(
        "/wellness-plan/sharing/", {"new-reader": str(supervisor.pk), "new-always": [Section.WHAT_HELPS]}
    )
    assert response.status_code == 302
    assert PlanReader.objects.get(reader=supervisor).sections == [Section.WHAT_HELPS]
    refused = client.post(
        "/wellness-plan/sharing/",
        {
            f"always-{supervisor.pk}": [Section.WHAT_HELPS],
            "new-reader": str(everyone["outsider"].pk),
            "new-always": [Section.KEEPS_WELL],
        },
    )
    assert refused.status_code == 400
    assert list(PlanReader.objects.values_list("reader_id", flat=True)) == [supervisor.pk]
    # Unticking everything stops sharing.
    assert client.post("/wellness-plan/sharing/", {}).status_code == 302
    assert not PlanReader.objects.exists()


def test_reviewed_moves_the_review_date_and_only_the_worker_can_do_it(everyone):
    peer = everyone["peer"]
    plan = services.plan_save(actor=peer, keeps_well="Walking")
    WellnessPlan.objects.filter(pk=plan.pk).update(reviewed_on="2026-01-01")
    assert client_of(peer).post("/wellness-plan/reviewed/").status_code == 302
    plan.refresh_from_db()
    assert str(plan.reviewed_on) != "2026-01-01"
    # Someone without a plan "reviews" nothing.
    client_of(everyone["manager"]).post("/wellness-plan/reviewed/")
    assert WellnessPlan.objects.count() == 1


def test_the_plan_is_in_the_workers_export_and_gone_after_erasure(everyone):
    peer, supervisor = everyone["peer"], everyone["supervisor"]
    plan = services.plan_save(actor=peer, keeps_well="QXexportkeeps")
    services.plan_save(actor=peer, keeps_well="QXexportkeeps2")
    services.plan_reader_set(actor=peer, reader=supervisor, sections=[Section.KEEPS_WELL])
    # Someone else's plan names the peer as a reader: erasure removes them from it.
    other = services.plan_save(actor=everyone["peer2"], keeps_well="Robin's own")
    services.plan_reader_set(actor=everyone["peer2"], reader=peer, sections=[Section.KEEPS_WELL])
    document = export_worker_data(actor=peer)
    exported = document["wellness_plan"]["plan"]
    assert exported["keeps_well"] == "QXexportkeeps2"
    assert [v["content"]["keeps_well"] for v in exported["versions"]] == ["QXexportkeeps", "QXexportkeeps2"]
    assert exported["shared_with"] == [{"name": "Sam Supervisor", "sections": ["keeps_well"], "while_away": []}]
    # Nobody else's plan is in it.
    assert "Robin's own" not in str(document)
    User.objects.filter(pk=peer.pk).update(status=User.Status.LEFT)
    worker_erase(actor=everyone["admin"], worker=User.objects.get(pk=peer.pk))
    assert not WellnessPlan.objects.filter(pk=plan.pk).exists()
    assert not PlanVersion.objects.filter(plan_id=plan.pk).exists()
    assert not PlanReader.objects.filter(reader=peer).exists()
    assert WellnessPlan.objects.filter(pk=other.pk).exists()
