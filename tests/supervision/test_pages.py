"""Supervision pages: my supervision, "Supervising", recording a session, agreements."""

from datetime import timedelta

import pytest
from django.test import override_settings

from apps.audit.models import AuditEvent
from apps.core.dates import org_today
from apps.notifications.models import Notification
from apps.supervision.models import Agreement, SupervisionSession
from apps.wellbeing.models import StepAway
from tests.boundaries.factories import BoundaryNoteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement(everyone):
    return Agreement.objects.get(supervisee=everyone["peer"], supervisor=everyone["supervisor"])


def signed_in(client, user):
    client.force_login(user)
    return client


def test_my_supervision_shows_state_next_due_and_request_button(client, everyone, agreement):
    page = signed_in(client, everyone["peer"]).get("/supervision/mine/").content.decode()
    assert "Peer supervision with Sam Supervisor" in page
    assert "lived experience" in page
    assert "Overdue" in page
    assert "Request supervision now" in page


def test_requesting_supervision_from_the_page_tells_the_supervisor(client, everyone, agreement):
    response = signed_in(client, everyone["peer"]).post(f"/supervision/agreements/{agreement.pk}/request/")
    assert response.status_code == 302
    assert Notification.objects.filter(recipient=everyone["supervisor"], kind="supervision_requested").count() == 1
    again = client.post(f"/supervision/agreements/{agreement.pk}/request/", follow=True)
    assert "already asked" in again.content.decode()


def test_queue_orders_notes_by_risk_then_age(client, everyone):
    now_notes = []
    from django.utils import timezone

    base = timezone.now()
    for days, risk, situation in [
        (1, "low", "LOW-NEW"),
        (9, "low", "LOW-OLD"),
        (2, "high", "HIGH"),
        (5, "medium", "MED"),
    ]:
        now_notes.append(
            BoundaryNoteFactory(
                author=everyone["peer"], risk=risk, situation=situation, submitted_at=base - timedelta(days=days)
            )
        )
    page = signed_in(client, everyone["supervisor"]).get("/supervision/queue/")
    assert page.status_code == 200
    order = [n.pk for n in page.context["notes"].object_list]
    by_situation = {n.pk: n.situation for n in now_notes}
    assert [by_situation[pk] for pk in order] == ["HIGH", "MED", "LOW-OLD", "LOW-NEW"]
    # The queue shows no note text.
    assert "LOW-NEW" not in page.content.decode()


def test_queue_lists_supervisees_states_with_record_a_session(client, everyone, agreement):
    page = signed_in(client, everyone["supervisor"]).get("/supervision/queue/").content.decode()
    assert f"/supervision/sessions/new/?agreement={agreement.pk}" in page
    assert "Record a session with Pat Peer" in page
    assert "/reflections/shared-with-me/" in page and "/wellbeing/shared/" in page


def test_queue_shows_stepped_away_message_and_audits_reading_it(client, everyone, org):
    peer = everyone["peer"]
    StepAway.objects.create(
        organisation=org,
        author=peer,
        started_on=org_today(org),
        planned_return_on=org_today(org) + timedelta(days=7),
        message="Back soon, thanks.",
    )
    page = signed_in(client, everyone["supervisor"]).get("/supervision/queue/").content.decode()
    assert "Back soon, thanks." in page
    assert AuditEvent.objects.filter(action="read", actor=everyone["supervisor"], subject=peer).count() == 1


def test_queue_page_query_count_does_not_grow_with_notes(client, everyone, django_assert_num_queries):
    for risk in ("low", "high", "medium", "high"):
        BoundaryNoteFactory(author=everyone["peer"], risk=risk)
    signed_in(client, everyone["supervisor"]).get("/supervision/queue/")
    # session, user, caps.supervisee_ids, COUNT of awaiting notes, supervisees' agreements with
    # state, open step-aways, COUNT of shared check-ins, caps.team_roles (nav), unread
    # notifications (header), the page of awaiting notes with authors, proposals waiting for
    # the supervisor's answer (issue 13), planned sessions (issue 16: none here, so no prefetch)
    with django_assert_num_queries(12):
        response = client.get("/supervision/queue/")
    assert len(response.context["notes"].object_list) == 4


def test_queue_for_someone_who_supervises_nobody_is_an_empty_state(client, everyone):
    page = signed_in(client, everyone["peer2"]).get("/supervision/queue/")
    assert page.status_code == 200
    assert "You do not supervise anyone" in page.content.decode()


def test_supervisor_records_a_session_from_the_page_and_the_due_date_moves(client, everyone, agreement, org):
    note = BoundaryNoteFactory(author=everyone["peer"])
    today = org_today(org)
    signed_in(client, everyone["supervisor"])
    form = client.get(f"/supervision/sessions/new/?agreement={agreement.pk}&note={note.pk}")
    assert form.status_code == 200
    assert form.context["form"].initial["agreements"] == [agreement]
    response = client.post(
        "/supervision/sessions/new/",
        {
            "agreements": [str(agreement.pk)],
            "held_on": today.isoformat(),
            "duration_minutes": "45",
            "functions": ["restorative"],
            "topics": "Boundaries",
            "boundary_notes": [str(note.pk)],
            "value_respect": "lived_well",
            "value_shared_power": "in_the_way",
            "value_mutuality": "not_discussed",
            "organisation_could_change": "Clear",
            "values_agreed_together": "on",
            "agreed_actions": "",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    session = SupervisionSession.objects.get()
    assert list(session.boundary_notes.all()) == [note]
    assert session.values_check == {
        "answers": {"shared_power": "in_the_way", "respect": "lived_well"},
        "organisation_could_change": "Clear",
        "agreed_together": True,
    }
    agreement.refresh_from_db()
    assert agreement.next_due_on == today + timedelta(days=28)
    detail = client.get(response["Location"]).content.decode()
    assert "Equally shared power" in detail and "Getting in the way" in detail and "Boundaries" in detail


def test_a_rejected_session_form_keeps_what_was_typed_and_records_nothing(client, everyone, agreement, org):
    tomorrow = org_today(org) + timedelta(days=1)
    response = signed_in(client, everyone["supervisor"]).post(
        "/supervision/sessions/new/",
        {
            "agreements": [str(agreement.pk)],
            "held_on": tomorrow.isoformat(),
            "duration_minutes": "45",
            "functions": ["normative"],
            "topics": "Kept text",
        },
    )
    assert response.status_code == 400
    assert "Kept text" in response.content.decode()
    assert "held_on" in response.context["form"].errors
    assert not SupervisionSession.objects.exists()


def test_session_page_is_404_for_managers(client, everyone, agreement, org):
    session = SupervisionSession.objects.create(
        organisation=org, recorded_by=everyone["supervisor"], held_on=org_today(org), duration_minutes=30
    )
    session.agreements.set([agreement])
    assert signed_in(client, everyone["manager"]).get(f"/supervision/sessions/{session.pk}/").status_code == 404
    assert signed_in(client, everyone["peer"]).get(f"/supervision/sessions/{session.pk}/").status_code == 200


def test_agreements_page_is_for_managers_and_admins(client, everyone):
    assert signed_in(client, everyone["peer"]).get("/supervision/agreements/").status_code == 403
    assert signed_in(client, everyone["manager"]).get("/supervision/agreements/").status_code == 200
    assert signed_in(client, everyone["admin"]).get("/supervision/agreements/").status_code == 200


@override_settings(MAX_SUPERVISEES=1)
def test_manager_sets_up_an_agreement_and_is_warned_about_overload(client, everyone):
    response = signed_in(client, everyone["manager"]).post(
        "/supervision/agreements/",
        {
            "supervisee": str(everyone["peer2"].pk),
            "supervisor": str(everyone["supervisor"].pk),
            "kind": "peer",
            "frequency_days": "21",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Agreement proposed" in page
    assert "Once accepted, Sam Supervisor will supervise 2 people" in page
    # The list shows the proposal's status and whom it awaits.
    assert "Proposed: awaiting Robin Peer and Sam Supervisor" in page


def test_manager_ends_an_agreement_from_its_page(client, everyone, agreement, org):
    today = org_today(org)
    response = signed_in(client, everyone["manager"]).post(
        f"/supervision/agreements/{agreement.pk}/",
        {"frequency_days": "28", "starts_on": agreement.starts_on.isoformat(), "ends_on": today.isoformat()},
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.ends_on == today
    assert (
        signed_in(client, everyone["peer"])
        .post(f"/supervision/agreements/{agreement.pk}/", {"frequency_days": "7"})
        .status_code
        == 403
    )
    agreement.refresh_from_db()
    assert (agreement.frequency_days, agreement.ends_on) == (28, today)


def test_team_panel_shows_managers_states_and_note_counts_without_text(client, everyone, riverside, agreement):
    BoundaryNoteFactory(author=everyone["peer"], situation="SECRET SITUATION")
    page = signed_in(client, everyone["manager"]).get(f"/teams/{riverside.pk}/").content.decode()
    assert 'id="team-supervision"' in page
    assert "1 overdue" in page
    # The same words the notes use (BoundaryNote.Status labels), never "awaiting review".
    assert "Waiting for a reply: 1" in page and "Replied: 0" in page and "Done for now: 0" in page
    assert "awaiting review" not in page and "closed" not in page.split('id="team-note-counts"')[1][:300]
    assert "SECRET SITUATION" not in page
    # Not shown to a member of the team.
    assert (
        'id="team-supervision"'
        not in signed_in(client, everyone["peer2"]).get(f"/teams/{riverside.pk}/").content.decode()
    )


def test_my_day_shows_due_supervision_and_awaiting_review(client, everyone, agreement):
    BoundaryNoteFactory(author=everyone["peer"])
    peer_day = signed_in(client, everyone["peer"]).get("/").content.decode()
    assert "My due supervision" in peer_day
    supervisor_day = signed_in(client, everyone["supervisor"]).get("/").content.decode()
    assert "Conversations waiting" in supervisor_day
    assert "1 boundary note waiting" in supervisor_day


def test_supervisors_page_is_called_supervising_everywhere(client, everyone):
    """Issue 15, item 12: peer framing — the page is "Supervising" in its title, heading and nav."""
    page = signed_in(client, everyone["supervisor"]).get("/supervision/queue/").content.decode()
    assert "<title>Supervising · pspteam</title>" in page
    assert "<h1>Supervising</h1>" in page
    assert '<a href="/supervision/queue/" aria-current="page">Supervising</a>' in page
    assert "Review queue" not in page and "review queue" not in page
    assert "Review queue" not in signed_in(client, everyone["supervisor"]).get("/").content.decode()


def test_nav_links_follow_roles(client, everyone):
    peer_page = signed_in(client, everyone["peer"]).get("/").content.decode()
    assert "My supervision" in peer_page and "Boundary notes" in peer_page and "Supervising" not in peer_page
    supervisor_page = signed_in(client, everyone["supervisor"]).get("/").content.decode()
    assert "Supervising" in supervisor_page
    manager_page = signed_in(client, everyone["manager"]).get("/").content.decode()
    assert ">Agreements<" in manager_page


def test_the_supervision_root_leads_to_my_supervision_and_the_queue_is_the_only_current_link(client, everyone):
    signed_in(client, everyone["supervisor"])
    assert client.get("/supervision/")["Location"] == "/supervision/mine/"
    page = client.get("/supervision/queue/").content.decode()
    assert page.count('aria-current="page"') == 1
    assert 'href="/supervision/queue/" aria-current="page"' in page


# --- consent (issue 13) -------------------------------------------------------------------------


@pytest.fixture
def proposal(everyone, org):
    """Morgan proposed Casey as Robin's clinical supervisor; Casey has accepted, Robin has not."""
    from apps.supervision import services

    created = services.agreement_create(
        actor=everyone["manager"],
        supervisee=everyone["peer2"],
        supervisor=everyone["clinician"],
        kind="clinical",
        frequency_days=28,
    )
    return services.agreement_accept(actor=everyone["clinician"], agreement=created)


def test_the_supervisee_sees_what_a_proposal_would_share_and_accepts_it_from_the_page(client, everyone, proposal):
    from tests.reflections.factories import ReflectionFactory

    robin = everyone["peer2"]
    casey = everyone["clinician"]
    # Entries count only where they name Casey (issue 13: sharing names people).
    BoundaryNoteFactory(author=robin, situation="QXnever-on-a-page", readers=[casey])
    BoundaryNoteFactory(author=robin, situation="QXnever-unnamed", readers=[])
    ReflectionFactory(
        author=robin, visibility="supervisor", sections={"description": "QXnever-either"}, readers=[casey]
    )
    page = signed_in(client, robin).get("/supervision/mine/").content.decode()
    assert "Waiting for your answer" in page
    assert 'data-scope="boundary_notes"><strong class="consent-scope__count">1</strong>' in page
    assert 'data-scope="reflections"><strong class="consent-scope__count">1</strong>' in page
    assert "QXnever" not in page
    response = client.post(f"/supervision/agreements/{proposal.pk}/accept/", follow=True)
    assert response.status_code == 200
    proposal.refresh_from_db()
    assert proposal.status == Agreement.Status.ACTIVE
    assert "Active" in response.content.decode()


def test_the_supervisee_declines_from_the_page(client, everyone, proposal):
    signed_in(client, everyone["peer2"]).post(f"/supervision/agreements/{proposal.pk}/decline/")
    proposal.refresh_from_db()
    assert (proposal.status, proposal.declined_by) == (Agreement.Status.DECLINED, everyone["peer2"])


def test_a_manager_cannot_accept_for_the_supervisee_from_the_page(client, everyone, proposal):
    response = signed_in(client, everyone["manager"]).post(f"/supervision/agreements/{proposal.pk}/accept/")
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == Agreement.Status.PROPOSED and proposal.supervisee_accepted_at is None
    # Another organisation: it does not exist.
    assert (
        signed_in(client, everyone["outsider"]).post(f"/supervision/agreements/{proposal.pk}/accept/").status_code
        == 404
    )


def test_only_the_supervisee_sees_the_scope_on_the_agreement_page(client, everyone, proposal):
    robin_page = signed_in(client, everyone["peer2"]).get(f"/supervision/agreements/{proposal.pk}/").content.decode()
    assert "What this agreement would share" in robin_page
    assert "Accept" in robin_page
    casey_page = (
        signed_in(client, everyone["clinician"]).get(f"/supervision/agreements/{proposal.pk}/").content.decode()
    )
    assert "What this agreement would share" not in casey_page
    assert "Withdraw the proposal" in casey_page  # a party may withdraw
    manager_page = (
        signed_in(client, everyone["manager"]).get(f"/supervision/agreements/{proposal.pk}/").content.decode()
    )
    assert "What this agreement would share" not in manager_page
    assert "Proposed: awaiting Robin Peer" in manager_page


def test_either_person_ends_an_agreement_from_its_page(client, everyone, agreement):
    response = signed_in(client, everyone["supervisor"]).post(
        f"/supervision/agreements/{agreement.pk}/end/", follow=True
    )
    assert "The agreement has ended." in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.ENDED
    # Ending again is refused with a message, and nothing changes.
    ended_at = agreement.ended_at
    again = client.post(f"/supervision/agreements/{agreement.pk}/end/", follow=True)
    assert "already ended" in again.content.decode()
    agreement.refresh_from_db()
    assert agreement.ended_at == ended_at


def test_my_day_lists_proposals_waiting_for_my_answer(client, everyone, proposal):
    page = signed_in(client, everyone["peer2"]).get("/").content.decode()
    assert "Supervision waiting for your answer" in page
    assert f"/supervision/agreements/{proposal.pk}/" in page
    # Casey has answered already.
    assert (
        "Supervision waiting for your answer" not in signed_in(client, everyone["clinician"]).get("/").content.decode()
    )


def test_the_manager_filters_agreements_by_status(client, everyone, proposal, agreement):
    page = signed_in(client, everyone["manager"]).get("/supervision/agreements/?status=proposed").content.decode()
    assert f"/supervision/agreements/{proposal.pk}/" in page
    assert f"/supervision/agreements/{agreement.pk}/" not in page
