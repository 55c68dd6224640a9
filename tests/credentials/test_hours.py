"""Hours per period, category and source, and progress on the profiles a worker tracks
(issue 17, part 3): ``selectors.hours_summary`` and ``GET /api/v1/credentials/hours/``."""

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest

from apps.credentials import services
from apps.credentials.periods import period_range, window_start
from apps.credentials.selectors import hours_summary

pytestmark = pytest.mark.django_db

URL = "/api/v1/credentials/hours/"


def _by_key(summary):
    return {row.key: row.hours for row in summary.by_category}


def test_the_summary_counts_sessions_training_and_practice_per_category(everyone, hours_world, today):
    summary = hours_summary(everyone["peer"], today - timedelta(days=365), today)
    hours = _by_key(summary)
    # 90 minutes + the 60-minute group session (counted once although it covers two of Pat's agreements).
    assert hours["supervision"] == Decimal("2.50")
    assert hours["training"] == Decimal("16.00")  # the record without hours counts nothing; 800 days ago is out
    assert hours["practice:direct_peer_support"] == Decimal("3.00")
    assert hours["practice:group_work"] == Decimal("1.50")
    assert hours["practice:other"] == Decimal("2.00")
    assert hours["practice:training_delivery"] == Decimal("0.00")
    assert summary.by_source == {
        "supervision": Decimal("2.50"),
        "training": Decimal("16.00"),
        "practice": Decimal("6.50"),
    }
    assert summary.total == Decimal("25.00")


def test_both_ends_of_the_period_are_counted_and_nothing_outside(everyone, hours_world, today):
    day = today - timedelta(days=3)  # the 90-minute session
    assert _by_key(hours_summary(everyone["peer"], day, day))["supervision"] == Decimal("1.50")
    assert _by_key(hours_summary(everyone["peer"], day + timedelta(days=1), today))["supervision"] == 0
    assert hours_summary(everyone["peer"], today + timedelta(days=1), today + timedelta(days=9)).total == 0


def test_another_workers_hours_never_count(everyone, hours_world, today):
    robin = hours_summary(everyone["peer2"], today - timedelta(days=365), today)
    assert _by_key(robin)["training"] == Decimal("99.00")
    assert _by_key(robin)["practice:direct_peer_support"] == Decimal("8.00")
    assert _by_key(robin)["supervision"] == Decimal("1.00")  # the group session only


def test_profile_progress_counts_everything_up_to_the_end_of_the_period(everyone, hours_world, today):
    services.profiles_choose(actor=everyone["peer"], profiles=["icrc-peer-recovery"])
    # A one-day period: the totals are that day's, the progress everything up to it.
    summary = hours_summary(everyone["peer"], today, today)
    assert summary.total == 0
    (profile,) = summary.profiles
    assert profile.slug == "icrc-peer-recovery" and profile.url.startswith("https://")
    targets = {t.key: t for t in profile.targets}
    assert targets["training"].hours == Decimal("46.00") and targets["training"].target_hours == 46
    assert targets["training"].met and targets["training"].percent == 100
    assert targets["supervision"].hours == Decimal("2.50") and targets["supervision"].percent == 10
    assert targets["experience"].hours == Decimal("6.50") and not targets["experience"].met
    assert targets["experience"].remaining == Decimal("493.50")


def test_a_profile_with_a_window_counts_only_its_months(everyone, hours_world, today):
    services.profiles_choose(actor=everyone["peer"], profiles=["icrc-peer-recovery-renewal"])
    (profile,) = hours_summary(everyone["peer"], today, today).profiles
    assert profile.counted_from == window_start(today, 24)
    assert profile.targets[0].hours == Decimal("16.00")  # the course of 800 days ago is outside 24 months


def test_the_summary_holds_numbers_and_names_never_notes_or_session_text(everyone, hours_world, today):
    services.profiles_choose(actor=everyone["peer"], profiles=["icrc-peer-recovery"])
    text = repr(hours_summary(everyone["peer"], today - timedelta(days=365), today))
    assert "QXnoteneverinhours" not in text and "QXtopicsneverinhours" not in text


def test_the_periods_are_calendar_month_quarter_and_year():
    day = date(2026, 11, 17)
    assert period_range("month", day) == (date(2026, 11, 1), date(2026, 11, 30))
    assert period_range("quarter", day) == (date(2026, 10, 1), date(2026, 12, 31))
    assert period_range("year", day) == (date(2026, 1, 1), date(2026, 12, 31))
    assert period_range("month", date(2024, 2, 10)) == (date(2024, 2, 1), date(2024, 2, 29))
    assert window_start(date(2026, 12, 2), 24) == date(2024, 12, 3)
    assert window_start(date(2026, 3, 31), 1) == date(2026, 3, 1)


# --- API -------------------------------------------------------------------------------------


def test_the_api_answers_my_hours_for_a_period(api, everyone, hours_world, today):
    services.profiles_choose(actor=everyone["peer"], profiles=["icrc-peer-recovery"])
    response = api.as_(everyone["peer"]).get(URL, {"period": "year"})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["period"] == "year" and body["start"] == f"{today.year}-01-01"
    assert body["profiles"][0]["slug"] == "icrc-peer-recovery"
    assert {row["key"] for row in body["by_category"]} >= {"supervision", "training", "practice:group_work"}
    assert "QXnoteneverinhours" not in json.dumps(body)


def test_a_custom_range_is_inclusive(api, everyone, hours_world, today):
    day = (today - timedelta(days=3)).isoformat()
    body = api.as_(everyone["peer"]).get(URL, {"period": "custom", "date_after": day, "date_before": day}).json()
    assert body["by_source"]["supervision"] == "1.50" and body["start"] == body["end"] == day


def test_each_worker_gets_only_their_own_hours(api, everyone, hours_world):
    for persona in ("manager", "supervisor", "admin"):
        body = api.as_(everyone[persona]).get(URL).json()
        assert body["total"] == "0.00", persona


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"period": "decade"}, "period"),
        ({"period": "custom"}, "date_after"),
        ({"period": "custom", "date_after": "2026-05-01", "date_before": "2026-04-01"}, "date_before"),
        ({"period": "custom", "date_after": "1900-01-01", "date_before": "2026-04-01"}, "date_before"),
        ({"period": "custom", "date_after": "2026-02-30", "date_before": "2026-04-01"}, "date_after"),
        ({"period": "month", "date_after": "2026-01-01"}, "date_after"),
        ({"since": "2026-01-01"}, "since"),
    ],
)
def test_a_bad_period_is_a_400_naming_the_parameter(api, everyone, query, field):
    response = api.as_(everyone["peer"]).get(URL, query)
    assert response.status_code == 400 and field in response.json(), response.json()


def test_hours_read_as_people_write_them():
    from apps.core.hours import hours_number as hours

    assert [hours(Decimal(v)) for v in ("20.00", "7.50", "0.25", "0")] == ["20", "7.5", "0.25", "0"]
