"""Boundary-note factories (invented situations that identify nobody)."""

from datetime import date, timedelta

import factory
from django.utils import timezone

from apps.boundaries.models import BoundaryNote


class BoundaryNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoundaryNote

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
