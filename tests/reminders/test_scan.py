"""The reminder scan (SPEC §3), run in-process: who is told what, when, and only once."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.accounts.models import User
from apps.notifications.models import Notification
from apps.reminders.clock import now as database_now  # the real clock (the fixture patches the module)
from apps.reminders.models import Reminder
from apps.reminders.services import reminders_scan
from tests.reminders.helpers import SUPERVISION, bulk_world, make_world, sent

pytestmark = pytest.mark.django_db

DUE = date(2025, 6, 16)  # a Monday in British Summer Time (UTC+1)


def at(*args) -> time_machine.travel:
    return time_machine.travel(datetime(*args, tzinfo=UTC), tick=False)


def scan_at(*args):
    with at(*args):
        return reminders_scan()


def test_an_overdue_agreement_tells_supervisee_and_supervisor_and_escalates_to_the_team_managers(everyone):
    # The personas' agreement (pat supervised by sam) started 60 days ago, every 28 days: due
    # 32 days ago, so overdue and past the 7-day escalation.
    report = reminders_scan()

    assert sent(*SUPERVISION) == [
        ("supervision_escalated", "morgan"),  # Riverside's manager; not Harbour's (oakley)
        ("supervision_overdue", "pat"),
        ("supervision_overdue", "sam"),
    ]
    assert report.created["supervision_overdue"] == 2 and report.created["supervision_escalated"] == 1
    pat = Notification.objects.get(kind="supervision_overdue", recipient=everyone["peer"])
    assert pat.message.startswith("Your supervision was due on ")
    assert pat.message.endswith(
        "Your supervisor has been reminded too. If you would like a session, you can ask for one now."
    )
    sam = Notification.objects.get(kind="supervision_overdue", recipient=everyone["supervisor"])
    assert sam.message.startswith("Supervision with Pat Peer was due on ")
    morgan = Notification.objects.get(kind="supervision_escalated")
    assert morgan.message.startswith(
        "The supervision agreement for Pat Peer, with Sam Supervisor as supervisor, has had no session since it was "
        "due on "
    )
    assert morgan.message.endswith("A session is for Sam Supervisor to arrange.")
    # Every recipient has an address: each notification's e-mail is pending, for the send task.
    assert set(Notification.objects.values_list("email_status", flat=True)) == {"pending"}


def test_a_second_scan_sends_nothing_new(everyone):
    first = reminders_scan()
    before = sent()
    second = reminders_scan()

    assert first.delivered and not second.delivered and sum(second.created.values()) == 0
    assert sent() == before


def test_each_in_app_notification_is_its_reminder_row_under_the_named_unique_key(everyone):
    reminders_scan()

    reminder_ids = set(Reminder.objects.filter(notified_at__isnull=False).values_list("id", flat=True))
    assert reminder_ids == set(Notification.objects.values_list("id", flat=True))
    constraint_names = {c.name for c in Reminder._meta.constraints}
    assert "reminder_once_per_key" in constraint_names


def test_due_soon_starts_lead_days_before_in_local_time_and_overdue_replaces_it_on_the_day():
    world = make_world(next_due_on=DUE)
    peer, supervisor = world.supervisee.username, world.supervisor.username

    # 3 days before (REMINDER_LEAD_DAYS) begins at local midnight: 13 June 00:00 BST = 12 June 23:00 UTC.
    scan_at(2025, 6, 12, 22, 59, 59)
    assert sent() == []
    scan_at(2025, 6, 12, 23, 0, 1)
    assert sent() == [("supervision_due_soon", peer), ("supervision_due_soon", supervisor)]
    scan_at(2025, 6, 14, 12, 0)
    assert len(sent()) == 2  # no second "due soon"

    scan_at(2025, 6, 15, 23, 0, 1)  # 16 June 00:00:01 BST: due today, so overdue
    assert sent("supervision_overdue") == [("supervision_overdue", peer), ("supervision_overdue", supervisor)]
    assert len(sent("supervision_due_soon")) == 2


def test_escalation_reaches_managers_escalation_days_after_the_due_date():
    world = make_world(next_due_on=DUE)

    scan_at(2025, 6, 22, 22, 59)  # 22 June 23:59 BST: 6 days late
    assert sent("supervision_escalated") == []
    scan_at(2025, 6, 22, 23, 0, 1)  # 23 June 00:00:01 BST: 7 days (ESCALATION_DAYS)
    assert sent("supervision_escalated") == [("supervision_escalated", world.manager.username)]


def test_after_downtime_the_next_scan_sends_what_became_due_once_keyed_by_the_due_date():
    world = make_world(next_due_on=DUE)
    scan_at(2025, 6, 1, 9, 0)
    assert sent() == []

    # Down for three weeks: due soon, overdue and escalation all came and went meanwhile.
    report = scan_at(2025, 6, 25, 9, 0)
    scan_at(2025, 6, 25, 9, 5)
    scan_at(2025, 7, 2, 9, 0)

    assert sent() == sorted(
        [
            ("supervision_escalated", world.manager.username),
            ("supervision_overdue", world.supervisee.username),
            ("supervision_overdue", world.supervisor.username),
        ]
    )  # "due soon" is not sent once the date has passed
    assert len(report.delivered) == 3
    assert set(Reminder.objects.values_list("due_on", flat=True)) == {DUE}


def test_a_new_due_date_is_a_new_reminder():
    world = make_world(next_due_on=DUE)
    scan_at(2025, 6, 17, 9, 0)
    world.agreement.next_due_on = DUE + timedelta(days=28)  # a session was held
    world.agreement.save()
    scan_at(2025, 7, 14, 9, 0)  # 14 July 10:00 BST, 3 days before 14 July… (due 14 July)

    assert sent("supervision_overdue") == sorted(
        [
            ("supervision_overdue", world.supervisee.username),
            ("supervision_overdue", world.supervisor.username),
            ("supervision_overdue", world.supervisee.username),
            ("supervision_overdue", world.supervisor.username),
        ]
    )


def test_stepped_away_and_left_workers_get_nothing_and_only_the_managers_escalation_goes(everyone):
    """A stepped-away worker and their supervisor are reminded of nothing; the managers'
    escalation goes out as for anyone (missing, it would tell the manager of the step-away).
    Nothing at all about a leaver."""
    peer, supervisor = everyone["peer"], everyone["supervisor"]
    peer.status = User.Status.STEPPED_AWAY
    peer.save()
    everyone["peer2"].status = User.Status.LEFT
    everyone["peer2"].save()

    reminders_scan()

    assert sent(*SUPERVISION) == [("supervision_escalated", "morgan")]
    about = set(Reminder.objects.exclude(kind="supervision_escalated").values_list("about_id", flat=True))
    assert peer.pk not in about and everyone["peer2"].pk not in about  # no "without peer supervision" either
    assert everyone["peer2"].pk not in set(Reminder.objects.values_list("about_id", flat=True))
    assert not Notification.objects.filter(recipient__in=[peer, everyone["peer2"]]).exists()

    # Back at work, while their supervisor has left: the supervisee and managers are told.
    peer.status = User.Status.ACTIVE
    peer.save()
    supervisor.status = User.Status.LEFT
    supervisor.save()
    reminders_scan()
    assert sent(*SUPERVISION) == [("supervision_escalated", "morgan"), ("supervision_overdue", "pat")]


def test_a_worker_who_steps_away_between_scan_and_delivery_is_skipped_not_told(everyone):
    from apps.reminders.engine import ScanContext, insert_reminders
    from apps.reminders.registry import RULES
    from apps.reminders.services import reminders_deliver

    now = datetime.now(UTC)
    ctx = ScanContext.build(now)
    for rule in RULES:
        for rows in rule.queries(ctx):
            insert_reminders(rows, now=now)
    User.objects.filter(pk=everyone["peer"].pk).update(status=User.Status.STEPPED_AWAY)

    delivered, skipped, _ = reminders_deliver(now=now, limit=1000)

    assert skipped == 2  # pat's overdue, to pat and to sam; the managers' escalation still goes
    assert [d[:2] for d in delivered if d[0].startswith("supervision")] == [("supervision_escalated", "morgan")]
    assert Reminder.objects.filter(skipped_at__isnull=False).count() == 2


def test_dates_follow_each_organisations_own_time_zone():
    london = make_world(next_due_on=DUE, prefix="ldn", time_zone="Europe/London")
    new_york = make_world(next_due_on=DUE, prefix="nyc", time_zone="America/New_York")

    # 16 June 02:00 UTC: 03:00 on the 16th in London (due today), 22:00 on the 15th in New York.
    scan_at(2025, 6, 16, 2, 0)

    overdue = {username for _, username in sent("supervision_overdue")}
    assert overdue == {london.supervisee.username, london.supervisor.username}
    assert {u for _, u in sent("supervision_due_soon")} == {new_york.supervisee.username, new_york.supervisor.username}


# --- daylight saving (Europe/London: last Sunday of March and of October) -----------------------


def test_spring_forward_due_the_day_after_the_clocks_change_starts_at_local_midnight():
    # 2025-03-30: clocks go forward at 01:00 UTC. 31 March starts at 00:00 BST = 30 March 23:00 UTC,
    # an hour before the UTC date changes.
    world = make_world(next_due_on=date(2025, 3, 31))
    scan_at(2025, 3, 30, 22, 59, 59)
    assert sent("supervision_overdue") == []
    scan_at(2025, 3, 30, 23, 0, 1)
    assert {u for _, u in sent("supervision_overdue")} == {world.supervisee.username, world.supervisor.username}


def test_spring_forward_the_changeover_day_itself_starts_at_midnight_gmt():
    world = make_world(next_due_on=date(2025, 3, 30))  # the day the clocks change
    scan_at(2025, 3, 29, 23, 59, 59)  # still 29 March (GMT)
    assert sent("supervision_overdue") == []
    scan_at(2025, 3, 30, 0, 0, 1)
    assert len(sent("supervision_overdue")) == 2
    # and its due-soon window opened three local days earlier, 27 March 00:00 GMT
    assert world.agreement.next_due_on - timedelta(days=3) == date(2025, 3, 27)


def test_fall_back_the_changeover_day_starts_an_hour_before_utc_midnight():
    # 2025-10-26: clocks go back at 01:00 UTC. 26 October starts at 00:00 BST = 25 October 23:00 UTC.
    world = make_world(next_due_on=date(2025, 10, 26))
    scan_at(2025, 10, 25, 22, 59, 59)
    assert sent("supervision_overdue") == []
    scan_at(2025, 10, 25, 23, 0, 1)
    assert {u for _, u in sent("supervision_overdue")} == {world.supervisee.username, world.supervisor.username}


def test_fall_back_the_day_after_starts_at_utc_midnight_and_escalation_counts_local_days():
    world = make_world(next_due_on=date(2025, 10, 27))  # 27 October starts at 00:00 GMT = 00:00 UTC
    scan_at(2025, 10, 26, 23, 30)  # 23:30 GMT on the 26th (a naive "+1 hour" would say the 27th)
    assert sent("supervision_overdue") == []
    scan_at(2025, 10, 27, 0, 0, 1)
    assert len(sent("supervision_overdue")) == 2
    # Escalation 7 local days later: 3 November 00:00 GMT.
    scan_at(2025, 11, 2, 23, 59, 59)
    assert sent("supervision_escalated") == []
    scan_at(2025, 11, 3, 0, 0, 1)
    assert sent("supervision_escalated") == [("supervision_escalated", world.manager.username)]


def test_due_soon_window_across_the_spring_change_opens_at_local_midnight():
    world = make_world(next_due_on=date(2025, 4, 2))  # due soon from 30 March (GMT at midnight)
    scan_at(2025, 3, 29, 23, 59, 59)
    assert sent() == []
    scan_at(2025, 3, 30, 0, 0, 1)
    assert {u for _, u in sent("supervision_due_soon")} == {world.supervisee.username, world.supervisor.username}


# --- set-based: the query count does not depend on the number of agreements ----------------------


def _scan_queries(n: int, next_due_on: date, prefix: str) -> tuple[int, int]:
    bulk_world(n, next_due_on=next_due_on, prefix=prefix)
    queries, delivered = _measured_scan()
    Notification.objects.all().delete()
    Reminder.objects.all().delete()
    return queries, delivered


def _measured_scan() -> tuple[int, int]:
    """One scan at noon on 16 June 2025: its queries and how many reminders it delivered."""
    from apps.core.models import SchedulerHeartbeat
    from apps.reminders.registry import RULES

    # The same state before each measured scan: scanned before (the very first scan also creates
    # its heartbeat rows), and the hourly rules due again.
    SchedulerHeartbeat.objects.all().delete()
    for name in ["reminders.scan", *(rule.heartbeat for rule in RULES if rule.every)]:
        SchedulerHeartbeat.objects.create(name=name, last_run_at=datetime(2025, 1, 1, tzinfo=UTC))
    with at(2025, 6, 16, 12, 0), CaptureQueriesContext(connection) as queries:
        report = reminders_scan()
    return len(queries), len(report.delivered)


@pytest.mark.parametrize("next_due_on", [date(2025, 9, 1), date(2025, 6, 1)], ids=["none_due", "all_due"])
def test_the_scan_runs_the_same_number_of_queries_for_10_and_1000_agreements(next_due_on, settings):
    settings.REMINDER_SCAN_DELIVERY_BATCH = 3000  # all in the scan's own batch (split: the next test)
    queries_10, delivered_10 = _scan_queries(10, next_due_on, "ten")
    User.objects.all().delete()
    queries_1000, delivered_1000 = _scan_queries(1000, next_due_on, "thousand")

    assert queries_10 == queries_1000
    if next_due_on < date(2025, 6, 16):
        # each overdue agreement: supervisee, supervisor (overdue) and the manager (escalated)
        assert (delivered_10, delivered_1000) == (30, 3000)
    else:
        assert (delivered_10, delivered_1000) == (0, 0)
    # time zones (1); last runs of paced rules (1); one INSERT … SELECT per rule audience (11 with
    # the competencies rules, 13 with the wellness-plan review and the fidelity check, 14 with the
    # peer community's weekly digest, 15 with the team voice follow-up, each one statement whatever
    # the number of rows; 19 with role drift's four audiences) and the hourly rules' heartbeats (3, with
    # the fidelity check's since issue 20);
    # role drift's snapshots (1 here, no one holds a role; 4 for any number of workers who do,
    # tests/drift/test_snapshots_and_findings.py); delivery:
    # savepoint, SELECT … FOR UPDATE SKIP LOCKED, INSERT notifications, UPDATE, release (5);
    # e-mail sweep: savepoint, SELECT … FOR UPDATE SKIP LOCKED, release (3); the scan's heartbeat (1);
    # the planner's random_page_cost set and reset around the rules (2, issue 20).
    assert queries_1000 <= 37


def test_the_rules_run_with_a_lower_random_page_cost_and_the_connection_gets_its_own_back(settings):
    # Issue 20: an INSERT … SELECT has no parallel workers, and at the default random_page_cost
    # the planner read whole tables of a million people for 1 % due; the scan lowers it for its
    # rules only, and a worker's connection is left as it was.
    settings.REMINDER_SCAN_RANDOM_PAGE_COST = 1.3
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        (before,) = cursor.fetchone()
    bulk_world(3, next_due_on=date(2025, 6, 1), prefix="cost")
    with at(2025, 6, 16, 12, 0), CaptureQueriesContext(connection) as queries:
        reminders_scan()
    sqls = [q["sql"] for q in queries.captured_queries]
    inserts = [i for i, sql in enumerate(sqls) if sql.startswith('INSERT INTO "reminders_reminder"')]
    (set_at,) = [i for i, sql in enumerate(sqls) if "set_config('random_page_cost', '1.3'" in sql]
    (reset_at,) = [i for i, sql in enumerate(sqls) if sql == "RESET random_page_cost"]
    assert inserts and set_at < min(inserts) and max(inserts) < reset_at
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone() == (before,)


def test_a_delivery_larger_than_a_batch_costs_the_scan_the_same_queries_and_the_deliver_task_sends_the_rest(
    settings, monkeypatch
):
    # Issue 20: at a million agreements, 1 % due is 30,000 reminders, more than one delivery batch.
    # The scan delivers one (smaller) batch of its own and rings the deliver task for the rest, so
    # its query count is the same for 30 reminders (under a batch) as for 3,000 (many batches), and
    # its time does not grow with how much fell due at once.
    from apps.reminders import services, tasks

    settings.REMINDER_SCAN_DELIVERY_BATCH = 40
    settings.REMINDER_DELIVERY_BATCH = 100
    rung: list[str] = []
    monkeypatch.setattr(services, "publish", lambda task, *args: rung.append(task) or True)
    monkeypatch.setattr(tasks, "publish", lambda task, *args: rung.append(task) or True)

    queries_10, delivered_10 = _scan_queries(10, date(2025, 6, 1), "ten")
    assert (delivered_10, rung) == (30, [])
    User.objects.all().delete()
    bulk_world(1000, next_due_on=date(2025, 6, 1), prefix="thousand")
    assert (*_measured_scan(), rung) == (queries_10, 40, [services.DELIVER_TASK])

    # The task delivers a (larger) batch at a time and rings itself again while its batch was full.
    batches = []
    while rung:
        rung.pop()
        with at(2025, 6, 16, 12, 1):
            batches.append(tasks.deliver()["delivered"])
    assert batches == [100] * 29 + [60]  # the 2,960 the scan left
    assert Reminder.objects.filter(notified_at__isnull=True, skipped_at__isnull=True).count() == 0
    notified = set(Reminder.objects.values_list("id", flat=True))
    assert len(notified) == 3000 and set(Notification.objects.values_list("id", flat=True)) == notified


def test_the_scan_reads_the_database_clock(monkeypatch):
    from django.utils import timezone

    from apps.reminders import clock

    monkeypatch.setattr(clock, "now", database_now)
    assert abs(database_now() - timezone.now()) < timedelta(seconds=5)
    with CaptureQueriesContext(connection) as queries:
        database_now()
    assert "statement_timestamp" in queries[0]["sql"]
