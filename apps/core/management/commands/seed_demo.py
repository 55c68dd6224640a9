import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

from apps.core.demo import DEMO_PASSWORD, SEEDERS, DemoContext


class Command(BaseCommand):
    help = "Create the demo organisation (idempotent: a second run changes nothing) and print its sign-ins."

    def handle(self, *args, **options):
        ctx = DemoContext()
        with transaction.atomic():
            for module in SEEDERS:
                importlib.import_module(module).seed(ctx)
        if ctx.created:
            self.stdout.write(f"Created {len(ctx.created)} demo records.")
        else:
            self.stdout.write("Demo data already present; nothing changed.")
        self.stdout.write(self.style.SUCCESS(f"Demo organisation: {ctx.organisation}"))
        self.stdout.write(f"Sign in with any of these (password for all: {DEMO_PASSWORD}):")
        for key, person in ctx.people.items():
            self.stdout.write(f"  {person.username:<18} {person.display_name} — {DEMO_ROLES.get(key, '')}")


DEMO_ROLES = {
    "admin": "org admin",
    "manager": "manager of Riverside Community Team",
    "supervisor": "peer supervisor (lived experience)",
    "clinician": "clinical supervisor",
    "peer": "peer support worker",
    "peer2": "peer support worker",
    "peer3": "peer support worker (only clinical supervision)",
    "peer4": "peer support worker (stepped away)",
    "crisis_manager": "manager of Harbour Crisis Team",
}
