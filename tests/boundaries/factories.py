"""Boundary-note factories (invented situations that identify nobody)."""

from datetime import date, timedelta

import factory
from django.utils import timezone

from apps.boundaries.models import BoundaryNote


class BoundaryNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoundaryNote
        skip_postgeneration_save = True

    organisation = factory.SelfAttribute("author.organisation")
    author = None  # always given
    occurred_on = factory.LazyFunction(lambda: date.today() - timedelta(days=1))
    category = BoundaryNote.Category.SELF_DISCLOSURE
    situation = "A person asked whether I had been in hospital myself."
    what_i_shared = "That I had, briefly."
    reasoning = "It seemed to build trust."
    risk = BoundaryNote.Risk.LOW
    status = BoundaryNote.Status.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def readers(obj, create, extracted, **kwargs):
        """``readers=[...]`` names them; by default the author's peer supervisors (as the service does)."""
        from tests.reflections.factories import _default_readers

        _default_readers(obj, create, extracted, True)
