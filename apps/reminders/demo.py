import logging

from django.db import transaction

from apps.core.demo import DemoContext
from apps.reminders.services import reminders_scan

logger = logging.getLogger(__name__)


def seed(ctx: DemoContext) -> None:
    """No demo rows of its own. Once the demo data has committed, run one reminder scan, so the
    demo shows due and overdue supervision at once instead of after the first scheduled scan
    (beat's first tick comes one REMINDER_SCAN_INTERVAL after it starts). Idempotent: a second
    scan finds nothing new (every reminder is keyed)."""
    transaction.on_commit(_scan)


def _scan() -> None:
    try:
        report = reminders_scan()
    except Exception:  # noqa: BLE001 - the demo is seeded either way; the scheduled scan follows
        logger.exception("demo: the first reminder scan failed; the scheduled scan will run it")
        return
    logger.info("demo: first reminder scan sent %s reminder(s)", len(report.delivered))
