from django.core.management.base import BaseCommand

from apps.core.db import long_statements
from apps.reminders.services import reminders_scan


class Command(BaseCommand):
    help = (
        "Run one reminder scan now, in the foreground, and print what it sent. Safe at any time, "
        "alongside the scheduled scan: every reminder is keyed and sent once."
    )

    def handle(self, *args: object, **options: object) -> None:
        with long_statements():
            report = reminders_scan(deliver_all=True)
        self.stdout.write(f"Reminder scan at {report.now:%Y-%m-%d %H:%M:%S %Z}")
        for kind, username, due_on in sorted(report.delivered):
            self.stdout.write(f"  sent {kind} to {username} (due {due_on:%Y-%m-%d})")
        self.stdout.write(
            f"{len(report.delivered)} reminder(s) sent in-app, {report.skipped} skipped (stepped away or left), "
            f"{report.emails_queued} e-mail(s) queued."
        )
        if not report.delivered:
            self.stdout.write("Nothing new was due.")
