"""The wellness action plan (issue 18, item 7): the worker's own, private by default, shared
part by part with people they name; stepping away shows the chosen parts to the chosen people
until the worker returns; managers read nothing they were not named for; every read by
someone else is audited; history for the worker only."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from apps.accounts.models import User
from apps.audit.models import AuditEvent
from apps.core.dates import org_today
from apps.notifications.models import Notification
from apps.teams.models import Membership
from apps.wellbeing import services as wellbeing
from apps.wellness_plans import services
from apps.wellness_plans.models import PlanReader, PlanVersion, WellnessPlan
from apps.wellness_plans.sections import Section
from apps.wellness_plans.selectors import read_plan, shared_with

pytestmark = pytest.mark.django_db

KEEPS = "QXwpkeepswell walks by the river"
HELPS = "QXwphelps a quiet word at the end of the day"
AWAY = "QXwpaway a text once a week"
ALL_MARKERS = (KEEPS, HELPS, AWAY)


@pytest.fixture
def plan(everyone):
    peer = everyone["peer"]
    plan = services.plan_save(actor=peer, keeps_well=KEEPS, what_helps=HELPS, stepping_away=AWAY)
    services.plan_reader_set(actor=peer, reader=everyone["supervisor"], sections=[Section.WHAT_HELPS])
    services.plan_reader_set(actor=peer, reader=everyone["peer2"], away_sections=[Section.STEPPING_AWAY])
    return plan


def test_a_plan_is_written_once_per_worker_and_every_change_keeps_a_version(everyone):
    peer = everyone["peer"]
    plan = services.plan_save(actor=peer, keeps_well="first")
    services.plan_save(actor=peer, keeps_well="second", early_signs="tired")
    services.plan_save(actor=peer, keeps_well="second")  # the same text: no new version
    plan.refresh_from_db()
    assert (plan.keeps_well, plan.early_signs, plan.version) == ("second", "tired", 2)
    assert WellnessPlan.objects.filter(author=peer).count() == 1
    versions = list(PlanVersion.objects.filter(plan=plan).order_by("number"))
    assert [v.content["keeps_well"] for v in versions] == ["first", "second"]
    # Audit rows name the fields changed, never their text.
    details = list(AuditEvent.objects.filter(target_id=plan.pk).values_list("detail", flat=True))
    assert not any("first" in d or "second" in d or "tired" in d for d in details)


def test_by_default_nobody_but_the_worker_reads_any_of_it(everyone):
    plan = services.plan_save(actor=everyone["peer"], keeps_well=KEEPS)
    for key in ("supervisor", "manager", "admin", "peer2", "outsider", "other_manager"):
        assert read_plan(everyone[key], plan.pk) is None, key
        assert shared_with(everyone[key]) == []


def test_a_named_reader_reads_only_the_sections_chosen_for_them_and_each_read_is_audited(everyone, plan):
    found = read_plan(everyone["supervisor"], plan.pk)
    assert found is not None and found.sections == [Section.WHAT_HELPS]
    event = AuditEvent.objects.get(actor=everyone["supervisor"], action=AuditEvent.Action.READ, target_id=plan.pk)
    assert event.subject_id == everyone["peer"].pk and event.detail == "what_helps"
    # The worker's own reads are not audited.
    assert read_plan(everyone["peer"], plan.pk).sections == list(Section.values)
    assert not AuditEvent.objects.filter(actor=everyone["peer"], action=AuditEvent.Action.READ).exists()


def test_stepping_away_shows_the_chosen_part_to_the_chosen_person_until_the_worker_returns(everyone, plan):
    peer, peer2 = everyone["peer"], everyone["peer2"]
    assert read_plan(peer2, plan.pk) is None
    wellbeing.worker_step_away(actor=peer, until=org_today(peer.organisation) + timedelta(days=10))
    found = read_plan(peer2, plan.pk)
    assert found is not None and found.sections == [Section.STEPPING_AWAY]
    # Told, without content.
    told = Notification.objects.get(recipient=peer2, kind="wellness_plan_shared")
    assert not any(m in told.message for m in ALL_MARKERS) and "stepped away" in told.message
    # The supervisor reads what was always shared, nothing more.
    assert read_plan(everyone["supervisor"], plan.pk).sections == [Section.WHAT_HELPS]
    wellbeing.worker_return(actor=User.objects.get(pk=peer.pk))
    assert read_plan(peer2, plan.pk) is None
    assert shared_with(peer2) == []


def test_the_step_away_form_confirms_and_adjusts_who_reads_what_in_one_place(everyone, plan):
    peer = User.objects.get(pk=everyone["peer"].pk)
    data = {
        "wellness_plan_part": "1",
        f"away-{everyone['supervisor'].pk}": [Section.STEPPING_AWAY, Section.CONTACTS],
        # peer2 unticked: no longer named at all
        "away-new-reader": str(everyone["clinician"].pk),
    }

    class Posted(dict):
        def getlist(self, key):
            value = self.get(key, [])
            return value if isinstance(value, list) else [value]

    wellbeing.worker_step_away(
        actor=peer, until=org_today(peer.organisation) + timedelta(days=5), parts_data=Posted(data)
    )
    rows = {r.reader_id: r for r in PlanReader.objects.filter(plan=plan)}
    assert rows[everyone["supervisor"].pk].away_sections == [Section.CONTACTS, Section.STEPPING_AWAY]
    assert rows[everyone["supervisor"].pk].sections == [Section.WHAT_HELPS]
    assert everyone["peer2"].pk not in rows
    assert rows[everyone["clinician"].pk].away_sections == [Section.STEPPING_AWAY]
    assert read_plan(everyone["clinician"], plan.pk).sections == [Section.STEPPING_AWAY]


def test_a_refused_choice_on_the_step_away_form_changes_nothing(everyone, plan):
    peer = User.objects.get(pk=everyone["peer"].pk)
    with pytest.raises(ValidationError):
        wellbeing.worker_step_away(
            actor=peer,
            until=org_today(peer.organisation) + timedelta(days=5),
            parts_data={"wellness_plan_part": "1", "away-new-reader": str(everyone["outsider"].pk)},
        )
    peer.refresh_from_db()
    assert peer.status == User.Status.ACTIVE
    assert not PlanReader.objects.filter(plan=plan, reader=everyone["outsider"]).exists()


def test_a_manager_reads_nothing_unless_named_and_then_only_that_section(everyone, plan):
    manager = everyone["manager"]
    assert read_plan(manager, plan.pk) is None
    services.plan_reader_set(actor=everyone["peer"], reader=manager, sections=[Section.ADJUSTMENTS])
    assert read_plan(manager, plan.pk).sections == [Section.ADJUSTMENTS]
    assert AuditEvent.objects.filter(actor=manager, action=AuditEvent.Action.READ, target_id=plan.pk).count() == 1


def test_the_plan_survives_team_and_manager_changes_and_a_reader_who_leaves_loses_access(everyone, plan):
    peer, supervisor = everyone["peer"], everyone["supervisor"]
    today = org_today(peer.organisation)
    # The worker moves team and their manager leaves: nothing changes.
    Membership.objects.filter(worker=peer).update(left_on=today)
    Membership.objects.filter(worker=everyone["manager"]).update(left_on=today)
    assert read_plan(supervisor, plan.pk).sections == [Section.WHAT_HELPS]
    assert WellnessPlan.objects.filter(author=peer).exists()
    # The named reader leaves the organisation: they read nothing.
    User.objects.filter(pk=supervisor.pk).update(status=User.Status.LEFT)
    supervisor.refresh_from_db()
    assert read_plan(supervisor, plan.pk) is None
    assert shared_with(supervisor) == []


def test_only_active_people_of_the_organisation_may_be_named_and_refusals_change_nothing(everyone, plan):
    peer = everyone["peer"]
    before = list(PlanReader.objects.filter(plan=plan).values_list("reader_id", "sections", "away_sections"))
    for who in (everyone["outsider"], peer):
        with pytest.raises(ValidationError) as refused:
            services.plan_reader_set(actor=peer, reader=who, sections=[Section.KEEPS_WELL])
        assert "reader" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.plan_reader_set(actor=peer, reader=everyone["peer2"], sections=["diagnosis"])
    assert "sections" in refused.value.message_dict
    after = list(PlanReader.objects.filter(plan=plan).values_list("reader_id", "sections", "away_sections"))
    assert after == before


def test_adjustments_say_what_with_whom_and_when_and_bad_ones_name_the_field(everyone):
    peer = everyone["peer"]
    today = org_today(peer.organisation)
    plan = services.plan_save(
        actor=peer, adjustments=[{"what": "Later starts", "agreed_with": "Morgan", "agreed_on": today.isoformat()}]
    )
    plan.refresh_from_db()
    assert plan.adjustments == [{"what": "Later starts", "agreed_with": "Morgan", "agreed_on": today.isoformat()}]
    future = (today + timedelta(days=3)).isoformat()
    with pytest.raises(ValidationError) as refused:
        services.plan_save(actor=peer, adjustments=[{"what": "x", "agreed_with": "y", "agreed_on": future}])
    assert "adjustments" in refused.value.message_dict
    plan.refresh_from_db()
    assert plan.version == 1
