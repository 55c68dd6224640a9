"""Factories for assessments and training records (invented content only)."""

from datetime import timedelta

import factory
from django.utils import timezone

from apps.competencies.models import Assessment, TrainingRecord
from tests.factories import UserFactory


class TrainingRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingRecord

    worker = factory.SubFactory(UserFactory)
    organisation = factory.SelfAttribute("worker.organisation")
    course = factory.Sequence(lambda n: f"Course {n}")
    provider = "Recovery College"
    completed_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=300))
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=400))


class AssessmentFactory(factory.django.DjangoModelFactory):
    """A current, undecided self-assessment. Create through the services when history matters."""

    class Meta:
        model = Assessment

    worker = factory.SubFactory(UserFactory)
    organisation = factory.SelfAttribute("worker.organisation")
    level = Assessment.Level.DEVELOPING
    state = Assessment.State.AWAITING
    is_current = True
