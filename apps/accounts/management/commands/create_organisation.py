import getpass
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from apps.accounts.services import organisation_create


class Command(BaseCommand):
    help = "First run: create an organisation and its first org admin."

    def add_arguments(self, parser):
        parser.add_argument("name", help="The organisation's name")
        parser.add_argument("--admin", required=True, help="Username of the first org admin")
        parser.add_argument("--password", help="The admin's password (otherwise asked for, or read from stdin)")
        parser.add_argument("--email", default="", help="The admin's e-mail address")
        parser.add_argument("--time-zone", default="Europe/London", help="IANA time zone (default Europe/London)")

    def handle(self, *args, name, admin, password, email, time_zone, **options):
        if not password:
            if sys.stdin.isatty():
                password = getpass.getpass(f"Password for {admin}: ")
                if password != getpass.getpass("Password (again): "):
                    raise CommandError("The passwords did not match.")
            else:
                password = sys.stdin.readline().rstrip("\n")
        if not password:
            raise CommandError("A password is required (--password, a prompt, or stdin).")
        try:
            organisation, user = organisation_create(
                name=name, admin_username=admin, admin_password=password, time_zone=time_zone, admin_email=email
            )
        except ValidationError as exc:
            raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Created organisation “{organisation}” ({organisation.time_zone}) with org admin “{user.username}”."
            )
        )
