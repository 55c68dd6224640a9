"""Factories for role definitions, duties and assignments (invented roles only)."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from apps.core.dates import org_today
from apps.roles.models import Assignment, Duty, RoleDefinition
from tests.factories import TeamFactory, UserFactory

DEFAULT_DUTIES = [
    ("Share lived experience of recovery to inspire hope", Duty.Category.PEER_DISTINCT),
    ("Attend team meetings", Duty.Category.SHARED),
]


class RoleDefinitionFactory(factory.django.DjangoModelFactory):
    """A *published* version 1 by default; pass ``status="draft"`` for a draft."""

    class Meta:
        model = RoleDefinition
        skip_postgeneration_save = True

    team = factory.SubFactory(TeamFactory)
    organisation = factory.SelfAttribute("team.organisation")
    title = factory.Sequence(lambda n: f"Role {n}")
    kind = RoleDefinition.Kind.PEER
    purpose = "Why the role exists."
    boundaries = "What the role does not do."
    hours_per_week = Decimal("20")
    status = RoleDefinition.Status.PUBLISHED
    published_at = factory.LazyAttribute(lambda o: timezone.now() if o.status != RoleDefinition.Status.DRAFT else None)

    @factory.post_generation
    def duties(obj, create, extracted, **kwargs):
        """``duties=[(description, category), ...]``; default: two duties."""
        if not create:
            return
        items = DEFAULT_DUTIES if extracted is None else extracted
        Duty.objects.bulk_create(
            Duty(role_definition=obj, position=i, description=d, category=c) for i, (d, c) in enumerate(items, 1)
        )


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    role_definition = factory.SubFactory(RoleDefinitionFactory)
    team = factory.SelfAttribute("role_definition.team")
    organisation = factory.SelfAttribute("role_definition.organisation")
    worker = factory.SubFactory(UserFactory, organisation=factory.SelfAttribute("..role_definition.organisation"))
    starts_on = factory.LazyAttribute(lambda o: org_today(o.organisation) - timedelta(days=30))
    hours_per_week = Decimal("10")
