"""One date style in prose (issue 15, item 11): "4 Dec 2026" for a date, "4 Dec 2026, 14:30" for
a moment (in the organisation's time zone), "December 2026" for a month, from one module,
``apps.core.dates``. Machines keep ISO (``<time datetime>``, input values, CSV, JSON, iCalendar).

The scans below fail when a template or a Python message writes a date its own way, so that a
page, notification or e-mail added later keeps to the one style.
"""

import re
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.template import Context, Template
from django.test import RequestFactory

from apps.core.dates import prose_date, prose_datetime, prose_month, prose_zone_var
from apps.core.middleware import ProseZoneMiddleware

ROOT = Path(settings.BASE_DIR)
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")

# `|date:"..."` or `|time:"..."` in a template, or a date or moment written bare (`{{ x.closes_on }}`,
# which Django writes in its own default format): allowed only inside a machine attribute.
_TEMPLATE_FORMAT = re.compile(r"\|(date|time)(?![a-z_])(:(\"[^\"]*\"|'[^']*'))?|\{\{ [a-z_.0-9]*(_on|_at) \}\}")
_MACHINE_ATTRIBUTE = re.compile(r"""(datetime|value|content|data-[a-z-]+)=["'][^"']*$""")


def template_files() -> list[Path]:
    """Pages and e-mails (their HTML and plain-text bodies and subjects)."""
    return sorted(
        path
        for pattern in ("*.html", "*.txt")
        for path in [
            *ROOT.joinpath("templates").rglob(pattern),
            *ROOT.joinpath("apps").glob(f"*/templates/**/{pattern}"),
        ]
    )


def own_formats(text: str) -> list[str]:
    """Each `|date`/`|time` of ``text`` outside a machine attribute (its line, for the message)."""
    found = []
    for match in _TEMPLATE_FORMAT.finditer(text):
        before = text[max(0, match.start() - 300) : match.start()]
        if _MACHINE_ATTRIBUTE.search(before):
            continue
        line = text.count("\n", 0, match.start()) + 1
        found.append(f"line {line}: {match.group(0)}")
    return found


def test_no_template_writes_a_date_its_own_way():
    offenders = {
        str(path.relative_to(ROOT)): found for path in template_files() if (found := own_formats(path.read_text()))
    }
    assert offenders == {}, (
        "Write dates in prose with {% load prose %} |prose_date, |prose_datetime or |prose_month "
        "(apps/core/dates.py); |date is for machine attributes (datetime=, value=) only."
    )


def test_the_template_scan_sees_a_reverted_template():
    assert own_formats('<td>{{ a.next_due_on|date:"j M Y" }}</td>') == ['line 1: |date:"j M Y"']
    assert own_formats("<p>{{ run.created_at|date }}</p>") == ["line 1: |date"]
    assert own_formats('<h1>At {{ t|time:"H:i" }}</h1>') == ['line 1: |time:"H:i"']
    assert own_formats("<p>Open until {{ pulse.closes_on }}.</p>") == ["line 1: {{ pulse.closes_on }}"]
    assert own_formats('<div data-saved-at="{{ saved_at }}">') == []
    assert own_formats("""<time datetime="{{ r.at|date:'c' }}">{{ r.at|prose_datetime }}</time>""") == []
    assert own_formats("""<input value="{{ d|date:'Y-m-d' }}">""") == []


# Python that writes a date into words: an f-string date format (`{due:%-d %b %Y}`), strftime or
# isoformat. Allowed only where the text is for machines or operators, by file.
_PY_FORMAT = re.compile(r"\{[^{}]*:%[^{}]*\}|\.strftime\(|\.isoformat\(")
MACHINE_FILES = (
    "/api/",  # JSON
    "/migrations/",
    "data_rights.py",  # the JSON download (its readable page is apps/core/readable.py)
    "exports.py",  # CSV
    "/management/commands/",  # operators' console
    "apps/imports/reading.py",  # cells of an HR file
    "apps/reminders/clock.py",  # SQL
    "apps/core/views.py",  # health JSON
    "apps/dashboard/views.py",  # CSV file names
    "apps/dashboard/charts.py",  # chart axis ticks; the table beside each chart uses prose
    "apps/reflections/views/chart.py",  # chart axis ticks
    "apps/reflections/views/autosave.py",  # JSON answer to the autosave script
    "apps/reflections/views/entries.py",  # a data attribute for the autosave script
    "apps/voice/selectors.py",  # chart data
    "apps/workers/erasure_requests.py",  # the JSON download
    "apps/supervision/forms.py",  # TIME input widget's value format
    "apps/audit/partitions.py",  # partition names and bounds in DDL
    "apps/dashboard/cache.py",  # the cache key's day
)


def python_date_formats() -> dict[str, list[str]]:
    """Lines of ``apps/`` that format a date themselves, outside machine files and model
    ``__str__`` (which is for the Django admin, not for prose)."""
    found: dict[str, list[str]] = {}
    for path in sorted(ROOT.joinpath("apps").rglob("*.py")):
        name = str(path.relative_to(ROOT))
        if "/tests/" in name or any(part in name for part in MACHINE_FILES):
            continue
        lines, function = [], ""
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            stripped = line.strip()
            if stripped.startswith("def "):
                function = stripped
            # "# machine date": a snapshot, file name or field for a program, said where it is written.
            if stripped.startswith("#") or function.startswith("def __str__") or "# machine date" in line:
                continue
            if _PY_FORMAT.search(line):
                lines.append(f"line {number}: {stripped}")
        if lines:
            found[name] = lines
    return found


def test_no_python_message_writes_a_date_its_own_way():
    assert python_date_formats() == {}, (
        "Write dates in messages, notifications and e-mails with apps.core.dates.prose_date / "
        "prose_datetime; ISO is for machine files (see MACHINE_FILES)."
    )


def test_prose_is_one_style():
    assert prose_date(date(2026, 12, 4)) == "4 Dec 2026"
    assert prose_month(date(2026, 12, 4)) == "December 2026"
    moment = datetime(2026, 12, 4, 23, 30, tzinfo=ZoneInfo("UTC"))
    assert prose_datetime(moment, "Europe/London") == "4 Dec 2026, 23:30"
    # In Auckland it is already the next morning: the date and time are the organisation's.
    assert prose_datetime(moment, "Pacific/Auckland") == "5 Dec 2026, 12:30"
    assert prose_date(moment, "Pacific/Auckland") == "5 Dec 2026"
    assert prose_date(None) == prose_datetime(None) == ""
    assert prose_date("2026-12-04") == "4 Dec 2026"  # an ISO date kept in JSON
    rendered = Template(
        "{% load prose %}{{ d|prose_date }} · {{ m|prose_datetime:'Pacific/Auckland' }} · {{ d|prose_month }}"
    )
    assert (
        rendered.render(Context({"d": date(2026, 12, 4), "m": moment}))
        == "4 Dec 2026 · 5 Dec 2026, 12:30 · December 2026"
    )


def test_pages_write_moments_in_the_signed_in_persons_organisation_zone():
    class Org:
        time_zone = "Pacific/Auckland"

    class Person:
        is_authenticated = True
        organisation = Org()

    moment = datetime(2026, 12, 4, 23, 30, tzinfo=ZoneInfo("UTC"))
    seen = []

    def view(request):
        seen.append(Template("{% load prose %}{{ m|prose_datetime }}").render(Context({"m": moment})))
        return None

    request = RequestFactory().get("/")
    request.user = Person()
    ProseZoneMiddleware(view)(request)
    assert seen == ["5 Dec 2026, 12:30"]
    assert prose_zone_var.get() is None  # nothing leaks to the next request


@pytest.mark.django_db
def test_a_step_away_notification_writes_the_return_date_in_prose(everyone):
    from datetime import timedelta

    from apps.core.dates import org_today
    from apps.notifications.models import Notification
    from apps.wellbeing.services import worker_step_away

    peer = everyone["peer"]
    until = org_today(peer.organisation) + timedelta(days=10)
    worker_step_away(actor=peer, until=until, message="")
    texts = [n.message for n in Notification.objects.filter(message_template__icontains="stepped away")]
    assert texts
    for text in texts:
        assert not ISO_DATE.search(text), text
        assert prose_date(until) in text


def test_every_template_that_writes_prose_dates_loads_them():
    """A template using the filters before (or without) ``{% load prose %}`` fails only when
    rendered: compile each one."""
    from django.template.loader import get_template

    for path in template_files():
        if re.search(r"\|prose_(date|datetime|month)", path.read_text()):
            parts = path.relative_to(ROOT).parts
            get_template("/".join(parts[parts.index("templates") + 1 :]))  # TemplateSyntaxError: Invalid filter
