"""Load a competency framework file (YAML or CSV) into the database, idempotently.

    python manage.py load_competency_framework apps/competencies/data/pspteam-peer-framework.yaml
    python manage.py load_competency_framework our-framework.csv --organisation "Demo Mental Health Trust"

Without ``--organisation`` the framework is shipped-wide (every organisation sees it). Loading
the same file again changes nothing.
"""

import uuid

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from apps.accounts.models import Organisation
from apps.competencies.loader import FrameworkFileError, parse_framework_file, sync_framework_now


class Command(BaseCommand):
    help = "Load a competency framework from a YAML or CSV file (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to a .yaml, .yml or .csv framework file.")
        parser.add_argument(
            "--organisation",
            help="Name or id of the organisation that owns it; omit to make it available to every organisation.",
        )

    def handle(self, *args, file, organisation=None, **options):
        organisation_id = None
        if organisation:
            match = Organisation.objects.filter(name=organisation).first()
            if match is None:
                try:
                    match = Organisation.objects.filter(pk=uuid.UUID(organisation)).first()
                except ValueError:  # not a UUID either
                    match = None
            if match is None:
                raise CommandError(f"No organisation named or with id “{organisation}”.")
            organisation_id = match.pk
        try:
            data = parse_framework_file(file)
        except FileNotFoundError:
            raise CommandError(f"No such file: {file}") from None
        except FrameworkFileError as exc:
            raise CommandError(str(exc)) from None
        with transaction.atomic():
            framework, changes = sync_framework_now(data, organisation_id=organisation_id)
        count = framework.competencies.filter(is_active=True).count()
        owner = f"for {match}" if organisation_id else "for every organisation"
        if changes:
            self.stdout.write(
                self.style.SUCCESS(f"Loaded {framework} {owner}: {count} competencies, {changes} rows changed.")
            )
        else:
            self.stdout.write(f"{framework} {owner} is already up to date ({count} competencies); nothing changed.")
