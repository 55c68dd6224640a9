"""External raters (issue 17, part 5): a worker invites someone without an account, the rater
answers once through a single-use link, and the answers go to the worker first, who decides
whether they become evidence. Rate-limited, audited, revocable; nobody else reads the answers."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from apps.accounts.models import User
from apps.audit.models import AuditEvent
from apps.competencies.models import Competency
from apps.notifications.models import Notification
from apps.raters import data_rights, selectors, services
from apps.raters.models import Answer, Invitation
from apps.workers.data_rights import export_worker_data, worker_erase
from tests.competencies.conftest import load_shipped
from tests.reflections.factories import ReflectionFactory

pytestmark = pytest.mark.django_db

PRIVATE_TITLE = "QXraters private reflection title"
LINK = re.compile(r"https?://[^\s\"<]+/feedback/respond/([\w-]+)/")


@pytest.fixture
def two_competencies(db):
    load_shipped()  # after a transactional test elsewhere has emptied the database
    return list(Competency.objects.filter(framework__organisation__isnull=True, is_active=True).order_by("code")[:2])


def invite(peer, competencies, email="jo.clinician@example.org", **kwargs):
    with_defaults = {"rater_name": "Jo Clinician", "rater_email": email, "relationship": "clinical_colleague", **kwargs}
    return services.invitation_create(actor=peer, competencies=competencies, **with_defaults)


def answers_for(competencies, observed="often", comment=""):
    return {str(c.pk): {"observed": observed, "comment": comment} for c in competencies}


def form_for(competencies, observed="often", comment="Listens well in team meetings."):
    data = {}
    for c in competencies:
        data[f"observed_{c.pk}"] = observed
        data[f"comment_{c.pk}"] = comment
    return data


def snapshot():
    return (
        list(Invitation.objects.order_by("pk").values()),
        list(Answer.objects.order_by("pk").values()),
        Notification.objects.count(),
    )


def test_a_worker_invites_from_the_page_and_the_email_holds_only_the_link_and_their_name(
    client, peer, two_competencies, django_capture_on_commit_callbacks
):
    ReflectionFactory(author=peer, title=PRIVATE_TITLE)
    client.force_login(peer)
    page = client.get("/feedback/new/")
    assert page.status_code == 200 and two_competencies[0].title in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/feedback/new/",
            {
                "rater_name": "Jo Clinician",
                "rater_email": "Jo.Clinician@Example.org",
                "relationship": "clinical_colleague",
                "competencies": [str(c.pk) for c in two_competencies],
            },
        )
    invitation = Invitation.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/feedback/{invitation.pk}/"
    assert invitation.worker == peer and invitation.rater_email == "jo.clinician@example.org"
    assert set(invitation.competencies.all()) == set(two_competencies)
    assert invitation.expires_at - timezone.now() > timedelta(days=13, hours=23)
    [message] = mail.outbox
    assert message.to == ["jo.clinician@example.org"]
    token = LINK.search(message.body).group(1)
    assert len(token) >= 43 and token not in str(Invitation.objects.values().get())
    assert invitation.token_digest == services.token_digest(token)
    everything = message.subject + message.body + message.alternatives[0][0]
    assert peer.display_name in everything
    for private in (PRIVATE_TITLE, "Jo Clinician", two_competencies[0].title, peer.email):
        assert private not in everything
    assert AuditEvent.objects.filter(target_id=invitation.pk, action="create", actor=peer).count() == 1


def test_the_rater_page_shows_only_the_name_and_competency_titles_and_warns_about_identifying_anyone(
    peer, two_competencies
):
    ReflectionFactory(author=peer, title=PRIVATE_TITLE)
    invitation, token = invite(peer, two_competencies)
    response = Client().get(f"/feedback/respond/{token}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert peer.display_name in html and all(c.title in html for c in two_competencies)
    assert "never write anything that could identify a person who uses services" in html
    assert PRIVATE_TITLE not in html and peer.email not in html and "Jo Clinician" not in html
    assert response["Referrer-Policy"] == "same-origin" and "no-store" in response["Cache-Control"]
    invitation.refresh_from_db()
    assert invitation.viewed_at is not None
    viewed = AuditEvent.objects.filter(target_id=invitation.pk, action="read", actor=None, subject=peer)
    assert viewed.count() == 1


def test_a_rater_answers_once_the_worker_is_told_without_content_and_a_second_answer_changes_nothing(
    peer, two_competencies
):
    invitation, token = invite(peer, two_competencies)
    rater = Client()
    rater.get(f"/feedback/respond/{token}/")
    response = rater.post(f"/feedback/respond/{token}/", form_for(two_competencies, comment="QXcomment kind"))
    assert response.status_code == 200 and "Thank you" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.submitted_at is not None
    assert sorted(Answer.objects.filter(invitation=invitation).values_list("observed", flat=True)) == ["often", "often"]
    [told] = Notification.objects.filter(recipient=peer, kind=services.NOTIFICATION_KIND)
    assert "QXcomment" not in told.message and told.link == f"/feedback/{invitation.pk}/"
    assert AuditEvent.objects.filter(target_id=invitation.pk, action="create", actor=None).count() == 1

    before = snapshot()
    again = rater.post(f"/feedback/respond/{token}/", form_for(two_competencies, observed="sometimes"))
    assert again.status_code == 410 and "already been sent" in again.content.decode()
    assert rater.get(f"/feedback/respond/{token}/").status_code == 410
    assert snapshot() == before


def test_a_missing_answer_is_a_400_naming_the_question_and_stores_nothing(peer, two_competencies):
    invitation, token = invite(peer, two_competencies)
    data = form_for(two_competencies)
    del data[f"observed_{two_competencies[1].pk}"]
    data[f"comment_{two_competencies[0].pk}"] = "x" * 501
    before = snapshot()
    response = Client().post(f"/feedback/respond/{token}/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Please choose how often you have seen this." in html and "at most 500 characters" in html
    assert snapshot() == before


@pytest.mark.parametrize("token", ["nonsense", "x" * 43, "a" * 500, "%00"])
def test_a_guessed_token_is_a_404_never_a_500(token):
    assert Client().get(f"/feedback/respond/{token}/").status_code == 404
    assert Client().post(f"/feedback/respond/{token}/", {}).status_code == 404


def test_an_expired_link_is_a_friendly_410_and_takes_no_answer(peer, two_competencies):
    invitation, token = invite(peer, two_competencies)
    with time_machine.travel(timezone.now() + timedelta(days=14, minutes=1)):
        before = snapshot()
        response = Client().get(f"/feedback/respond/{token}/")
        assert response.status_code == 410 and "expired" in response.content.decode()
        assert Client().post(f"/feedback/respond/{token}/", form_for(two_competencies)).status_code == 410
        assert snapshot() == before


def test_the_link_lasts_as_long_as_the_setting_says(peer, two_competencies, settings):
    settings.RATER_LINK_DAYS = 3
    invitation, token = invite(peer, two_competencies)
    with time_machine.travel(timezone.now() + timedelta(days=2, hours=23)):
        assert Client().get(f"/feedback/respond/{token}/").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=3, minutes=1)):
        assert Client().get(f"/feedback/respond/{token}/").status_code == 410


def test_a_withdrawn_link_stops_working_and_only_while_open_can_be_withdrawn(client, peer, two_competencies):
    invitation, token = invite(peer, two_competencies)
    client.force_login(peer)
    assert client.post(f"/feedback/{invitation.pk}/withdraw/").status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    response = Client().get(f"/feedback/respond/{token}/")
    assert response.status_code == 410 and "withdrawn" in response.content.decode()
    assert AuditEvent.objects.filter(target_id=invitation.pk, detail="feedback invitation withdrawn").count() == 1
    # A second withdrawal is refused and changes nothing.
    before = snapshot()
    client.post(f"/feedback/{invitation.pk}/withdraw/")
    assert snapshot() == before


def test_the_worker_reads_the_answers_audited_and_accepts_them_as_evidence(client, peer, two_competencies):
    invitation, token = invite(peer, two_competencies)
    services.feedback_submit(invitation=invitation, answers=answers_for(two_competencies, comment="QXseen"))
    client.force_login(peer)
    page = client.get(f"/feedback/{invitation.pk}/")
    assert page.status_code == 200 and "QXseen" in page.content.decode()
    assert AuditEvent.objects.filter(target_id=invitation.pk, actor=peer, action="read").count() == 1
    invitation.refresh_from_db()
    assert invitation.read_at is not None
    assert client.post(f"/feedback/{invitation.pk}/decide/", {"decision": "accept"}).status_code == 302
    invitation.refresh_from_db()
    assert invitation.decision == "accepted" and invitation.decided_at is not None
    # Decided once: a second decision is refused and changes nothing.
    before = snapshot()
    client.post(f"/feedback/{invitation.pk}/decide/", {"decision": "delete"})
    assert snapshot() == before


def test_declining_keeps_the_answers_private_or_deletes_them_as_the_worker_chooses(peer, two_competencies):
    kept, _ = invite(peer, two_competencies)
    gone, _ = invite(peer, two_competencies, email="sky.trainer@example.org")
    for invitation in (kept, gone):
        services.feedback_submit(invitation=invitation, answers=answers_for(two_competencies))
    services.feedback_decline(actor=peer, invitation=kept, keep=True)
    services.feedback_decline(actor=peer, invitation=gone, keep=False)
    kept.refresh_from_db()
    gone.refresh_from_db()
    assert kept.decision == "kept_private" and kept.answers.count() == 2
    assert gone.decision == "deleted" and gone.answers.count() == 0
    assert AuditEvent.objects.filter(target_id=gone.pk, action="delete", actor=peer).count() == 1


@pytest.mark.parametrize("persona", ["supervisor", "manager", "peer2", "admin", "outsider"])
def test_nobody_else_reaches_an_invitation_or_its_answers(client, everyone, two_competencies, persona):
    peer = everyone["peer"]
    invitation, _ = invite(peer, two_competencies)
    services.feedback_submit(invitation=invitation, answers=answers_for(two_competencies, comment="QXhidden"))
    client.force_login(everyone[persona])
    for path in (f"/feedback/{invitation.pk}/", f"/api/v1/raters/invitations/{invitation.pk}/"):
        assert client.get(path).status_code == 404
    assert "QXhidden" not in client.get("/feedback/").content.decode()
    assert client.get("/api/v1/raters/invitations/").json()["count"] == 0
    before = snapshot()
    assert client.post(f"/feedback/{invitation.pk}/decide/", {"decision": "accept"}).status_code == 404
    assert client.post(f"/feedback/{invitation.pk}/withdraw/").status_code == 404
    assert snapshot() == before


def test_only_accepted_feedback_reaches_the_supervisor_and_never_a_manager(everyone, two_competencies):
    peer, supervisor, manager = everyone["peer"], everyone["supervisor"], everyone["manager"]
    invitation, _ = invite(peer, two_competencies)
    services.feedback_submit(invitation=invitation, answers=answers_for(two_competencies))
    assert not selectors.accepted_feedback_visible_to(supervisor).exists()
    services.feedback_accept(actor=peer, invitation=invitation)
    assert list(selectors.accepted_feedback_visible_to(supervisor)) == [invitation]
    assert list(selectors.accepted_feedback_visible_to(peer)) == [invitation]
    for other in ("manager", "admin", "peer2", "outsider"):
        assert not selectors.accepted_feedback_visible_to(everyone[other]).exists(), other
    assert manager  # named for the reader


def test_a_worker_sends_at_most_the_daily_number_of_invitations(client, peer, two_competencies, settings):
    settings.RATER_INVITES_PER_DAY = 2
    invite(peer, two_competencies, email="a@example.org")
    invite(peer, two_competencies, email="b@example.org")
    client.force_login(peer)
    before = snapshot()
    body = {"rater_name": "C", "rater_email": "c@example.org", "relationship": "trainer"}
    page = client.post("/feedback/new/", {**body, "competencies": [str(two_competencies[0].pk)]})
    assert page.status_code == 429 and "2 feedback invitations a day" in page.content.decode()
    api = client.post(
        "/api/v1/raters/invitations/",
        {**body, "competencies": [str(two_competencies[0].pk)]},
        content_type="application/json",
    )
    assert api.status_code == 429 and int(api["Retry-After"]) > 0
    assert snapshot() == before
    with time_machine.travel(timezone.now() + timedelta(days=1, minutes=1)):
        invite(peer, two_competencies, email="c@example.org")


def test_one_address_is_asked_at_most_the_set_number_of_times_by_anyone(everyone, two_competencies, settings):
    settings.RATER_INVITES_PER_ADDRESS = 2
    invite(everyone["peer"], two_competencies, email="busy@example.org")
    invite(everyone["peer2"], two_competencies, email="BUSY@example.org")
    before = snapshot()
    with pytest.raises(services.TooManyInvitations) as refused:
        invite(everyone["supervisor"], two_competencies, email="Busy@Example.org")
    assert refused.value.field == "rater_email"
    assert snapshot() == before


def test_the_invitation_refuses_bad_input_naming_the_field(peer, two_competencies):
    cases = [
        ({"rater_name": "  "}, "rater_name"),
        ({"rater_email": "not an address"}, "rater_email"),
        ({"rater_email": peer.email}, "rater_email"),
        ({"relationship": "cousin"}, "relationship"),
        ({"competencies": []}, "competencies"),
    ]
    for change, field in cases:
        arguments = {
            "rater_name": "Jo",
            "rater_email": "jo@example.org",
            "relationship": "trainer",
            "competencies": two_competencies,
            **change,
        }
        before = snapshot()
        with pytest.raises(ValidationError) as refused:
            services.invitation_create(actor=peer, **arguments)
        assert field in refused.value.message_dict, change
        assert snapshot() == before


def test_the_worker_export_holds_invitations_and_answers_and_erasure_removes_every_address(
    peer, two_competencies, admin
):
    invitation, token = invite(peer, two_competencies)
    services.feedback_submit(invitation=invitation, answers=answers_for(two_competencies, comment="QXexport"))
    _, open_token = invite(peer, two_competencies, email="second@example.org")
    exported = data_rights.export(peer)
    assert export_worker_data(actor=peer)["rater_feedback"] == exported
    assert [i["rater_email"] for i in exported["invitations"]] == ["jo.clinician@example.org", "second@example.org"]
    assert exported["invitations"][0]["answers"][0]["comment"] == "QXexport"

    User.objects.filter(pk=peer.pk).update(status=User.Status.LEFT)
    peer.refresh_from_db()
    worker_erase(actor=admin, worker=peer)
    assert not Invitation.objects.exists() and not Answer.objects.exists()
    assert Client().get(f"/feedback/respond/{open_token}/").status_code == 404
    assert not Invitation.objects.filter(rater_email__in=["jo.clinician@example.org", "second@example.org"]).exists()


@pytest.mark.parametrize("kind", [Competency.Kind.WELLBEING, Competency.Kind.ORGANISATIONAL])
def test_a_rater_is_never_asked_about_the_workers_wellbeing_or_the_organisation(client, peer, two_competencies, kind):
    """Issue 18, item 5: someone outside rates the worker's practice; their own wellbeing is theirs
    alone, and what the organisation provides is not the worker's to be rated on."""
    other = Competency.objects.filter(framework__organisation__isnull=True, is_active=True, kind=kind).first()
    assert other is not None
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        invite(peer, [two_competencies[0], other])
    assert "competencies" in refused.value.message_dict
    assert snapshot() == before
    client.force_login(peer)
    page = client.get("/feedback/new/").content.decode()
    assert two_competencies[0].title in page and f'value="{other.pk}"' not in page
