"""factory_boy factories for the foundation's models. Invented people only."""

from datetime import date, timedelta

import factory
from django.utils import timezone

from apps.accounts.models import Organisation, User
from apps.supervision.models import Agreement
from apps.teams.models import Membership, Team


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Test Trust {n}")
    time_zone = "Europe/London"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    username = factory.Sequence(lambda n: f"worker{n}")
    display_name = factory.Sequence(lambda n: f"Worker {n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.invalid")
    worker_kind = User.WorkerKind.PEER
    contracted_hours_per_week = 30
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")
    # Personas stand for real people who set their own password (the team voice counts only
    # them); an account made up by someone else is ``UserFactory(own_credentials_at=None)``.
    own_credentials_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Team {n}")
    setting = Team.Setting.COMMUNITY


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    team = factory.SubFactory(TeamFactory)
    worker = factory.SubFactory(UserFactory, organisation=factory.SelfAttribute("..team.organisation"))
    team_role = Membership.TeamRole.MEMBER
    joined_on = factory.LazyFunction(lambda: date.today() - timedelta(days=365))


def _consented():
    now = timezone.now()
    return {"status": Agreement.Status.ACTIVE, "supervisee_accepted_at": now, "supervisor_accepted_at": now}


# Fields of an agreement both people agreed to, for Agreement(...) / bulk_create in tests.
ACTIVE = _consented()


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    organisation = factory.SelfAttribute("supervisee.organisation")
    supervisee = factory.SubFactory(UserFactory)
    supervisor = factory.SubFactory(UserFactory, organisation=factory.SelfAttribute("..supervisee.organisation"))
    kind = Agreement.Kind.PEER
    frequency_days = 28
    starts_on = factory.LazyFunction(lambda: date.today() - timedelta(days=60))
    # "An agreement" in tests means one in force: both people agreed (issue 13). Pass
    # status="proposed" (and accepted timestamps as needed) for the other consent states.
    status = Agreement.Status.ACTIVE
    supervisee_accepted_at = factory.LazyAttribute(lambda o: timezone.now() if o.status != "proposed" else None)
    supervisor_accepted_at = factory.LazyAttribute(lambda o: timezone.now() if o.status != "proposed" else None)
    # The due column as the supervision services keep it: no session yet, so starts_on + frequency.
    next_due_on = factory.LazyAttribute(lambda o: o.starts_on + timedelta(days=o.frequency_days))
