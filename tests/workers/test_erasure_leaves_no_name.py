"""After erasure the person's name and username appear nowhere (issue 13, case 10).

Quillon takes part in everything that names a person to someone else — a boundary note, its
review, stepping away and back, a supervision request (its e-mail still waiting), a session,
reminders about them, comments, an e-mail change, sign-ins (good and bad), a Django-admin edit.
Then they leave and are erased. The check is not a list of places: **every text and JSON column
of every table** is searched (and every session, decoded), then the pages and API answers of the
people who had notifications about them, and an e-mail sent after the erasure.

Policy (README, "Leaving and erasure"): the audit trail is searched too — it links people by id
and never stores a name, so it needs no exception. Free text someone else wrote about a person is
theirs and is not rewritten; this world has none.
"""

from datetime import timedelta

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import connection
from django.test import Client

from apps.accounts.models import User
from apps.boundaries.services import boundary_note_review, boundary_note_submit
from apps.core.dates import org_today
from apps.notifications.models import Notification
from apps.notifications.services import notification_email_send
from apps.reflections.services import comment_create
from apps.reminders.services import reminders_scan
from apps.supervision.models import Agreement
from apps.supervision.services import agreement_request_supervision, session_record
from apps.teams.models import Membership
from apps.wellbeing.services import worker_return, worker_step_away
from apps.workers.data_rights import worker_erase
from apps.workers.services import email_change_request, worker_mark_left
from tests.factories import AgreementFactory, MembershipFactory, UserFactory
from tests.reflections.factories import ReflectionFactory

pytestmark = pytest.mark.django_db

NEEDLES = ("quillon", "vantreight")  # in the display name, the username and both e-mail addresses
PASSWORD = "correct-horse-battery"


def text_columns() -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns"
            " WHERE table_schema = current_schema()"
            " AND data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY')"
            " ORDER BY table_name, column_name"
        )
        return cursor.fetchall()


def rows_naming(needles=NEEDLES) -> list[tuple[str, str, str]]:
    """``(table, column, value)`` of every text/JSON value in the database holding a needle."""
    found = []
    with connection.cursor() as cursor:
        for table, column in text_columns():
            t, c = connection.ops.quote_name(table), connection.ops.quote_name(column)
            for needle in needles:
                cursor.execute(f"SELECT {c}::text FROM {t} WHERE {c}::text ILIKE %s", [f"%{needle}%"])  # noqa: S608
                found += [(table, column, value[:120]) for (value,) in cursor.fetchall()]
    for session in Session.objects.all():
        decoded = str(session.get_decoded())
        found += [("django_session", "session_data (decoded)", decoded[:120]) for n in needles if n in decoded.lower()]
    return found


def names(text: str) -> list[str]:
    return [needle for needle in NEEDLES if needle in text.lower()]


@pytest.fixture
def quillon(everyone, riverside):
    person = UserFactory(
        organisation=riverside.organisation,
        username="quillonv",
        display_name="Quillon Vantreight",
        email="quillon.vantreight@example.invalid",
    )
    MembershipFactory(team=riverside, worker=person, joined_on=org_today(riverside.organisation) - timedelta(days=400))
    AgreementFactory(
        supervisee=person,
        supervisor=everyone["supervisor"],
        kind=Agreement.Kind.PEER,
        frequency_days=28,
        starts_on=org_today(riverside.organisation) - timedelta(days=90),
    )
    return person


def test_after_erasure_no_table_page_api_answer_or_later_email_holds_the_name(api, client, everyone, quillon):
    sam, morgan, ada = everyone["supervisor"], everyone["manager"], everyone["admin"]
    today = org_today(quillon.organisation)

    # Everything that names Quillon to someone else.
    Client().post("/accounts/login/", {"username": "quillonv", "password": "wrong"})  # a failed sign-in
    signed_in = Client()
    signed_in.post("/accounts/login/", {"username": "quillonv", "password": PASSWORD})  # a session
    note = boundary_note_submit(
        actor=quillon,
        occurred_on=today - timedelta(days=1),
        category="self_disclosure",
        situation="A situation",
        risk="low",
    )
    boundary_note_review(actor=sam, note=note, response="Thank you.")
    worker_step_away(actor=quillon, until=today + timedelta(days=7))
    worker_return(actor=quillon)
    agreement = Agreement.objects.get(supervisee=quillon)
    agreement_request_supervision(actor=quillon, agreement=agreement)  # e-mailed: still pending below
    session_record(
        actor=sam, agreements=[agreement], held_on=today, duration_minutes=50, functions=["formative"], topics="Hope"
    )
    entry = ReflectionFactory(author=quillon, visibility="supervisor", framework="free", sections={"body": "x"})
    comment_create(actor=sam, reflection=entry, body="Thank you for this.")
    comment_create(actor=quillon, reflection=entry, body="A reply.")
    email_change_request(actor=quillon, new_email="quillon.new@example.invalid")
    LogEntry.objects.create(
        user=ada,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(quillon.pk),
        object_repr=str(quillon),
        action_flag=CHANGE,
        change_message="[]",
    )
    Agreement.objects.filter(pk=agreement.pk).update(next_due_on=today - timedelta(days=10))
    reminders_scan()  # "Supervision with … is overdue", escalated to the manager
    requested = Notification.objects.get(kind="supervision_requested", recipient=sam)
    assert requested.email_status == "pending"
    told_sam = Notification.objects.filter(recipient=sam, actor=quillon) | Notification.objects.filter(
        recipient=sam, about=quillon
    )
    assert told_sam.count() >= 5 and "Quillon Vantreight" in " ".join(n.message for n in told_sam)
    assert Notification.objects.filter(recipient=morgan, about=quillon).exists()
    assert rows_naming()  # the check below would find the name if it were left anywhere

    worker_mark_left(actor=ada, worker=quillon)
    worker_erase(actor=ada, worker=User.objects.get(pk=quillon.pk))

    # 1. The database: every text and JSON column of every table, and every session.
    left = rows_naming()
    assert left == [], left

    # 2. What the others read: pages and API answers.
    for person in (sam, morgan, ada):
        client.force_login(person)
        for url in ("/", "/notifications/", "/supervision/", "/people/", "/audit/"):
            response = client.get(url, follow=True)
            assert names(response.content.decode()) == [], (person.username, url)
        reader = api.as_(person)
        for url in ("/api/v1/notifications/", "/api/v1/workers/", "/api/v1/supervision/agreements/"):
            response = reader.get(url)
            assert names(response.content.decode()) == [], (person.username, url)
    assert "Erased worker" in " ".join(n.message for n in Notification.objects.filter(recipient=sam))

    # 3. An e-mail queued before the erasure and sent after it.
    mail.outbox = []
    assert notification_email_send(requested.pk)[0] == "sent"
    sent = mail.outbox[0]
    assert names(sent.subject + sent.body + sent.alternatives[0][0]) == []
    assert "Erased worker asked for" in sent.body


def test_the_check_finds_a_name_left_in_any_column(riverside):
    """The scan itself works: a name written into an unlikely column is found."""
    type(riverside).objects.filter(pk=riverside.pk).update(description="Led by Quillon Vantreight since 2020")
    assert {(t, c) for t, c, _ in rows_naming()} == {("teams_team", "description")}


def test_admin_history_loses_the_name_as_a_whole_word_and_keeps_other_words(everyone):
    pat, ada = everyone["peer"], everyone["admin"]
    membership_type = ContentType.objects.get_for_model(Membership)

    def entry(repr_):
        return LogEntry.objects.create(
            user=ada, content_type=membership_type, object_id="1", object_repr=repr_, action_flag=CHANGE
        )

    mentions, username, unrelated = entry("Pat Peer in Riverside"), entry("pat (Riverside)"), entry("Patterson ward")
    worker_mark_left(actor=ada, worker=pat)
    worker_erase(actor=ada, worker=User.objects.get(pk=pat.pk))
    for e in (mentions, username, unrelated):
        e.refresh_from_db()
    assert mentions.object_repr == "Erased worker in Riverside"
    assert username.object_repr == "Erased worker (Riverside)"
    assert unrelated.object_repr == "Patterson ward"
