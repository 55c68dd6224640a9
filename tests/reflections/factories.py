"""Factories for reflections (invented content only)."""

from datetime import timedelta

import factory
from django.utils import timezone

from apps.core.sharing import default_reader_ids
from apps.reflections.models import Reflection, ReflectionComment
from tests.factories import UserFactory


def _default_readers(obj, create, extracted, shared: bool):
    """Name readers as the services would: the given ones, else (when shared) the author's
    peer supervisors today."""
    if not create:
        return
    if extracted is not None:
        obj.readers.set(extracted)
    elif shared:
        obj.readers.set(default_reader_ids(obj.author))


class ReflectionFactory(factory.django.DjangoModelFactory):
    """A published reflection. Pass ``visibility``/``team``; drafts with ``is_draft=True``."""

    class Meta:
        model = Reflection
        skip_postgeneration_save = True

    author = factory.SubFactory(UserFactory)
    organisation = factory.SelfAttribute("author.organisation")
    title = factory.Sequence(lambda n: f"Reflection {n}")
    occurred_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=3))
    framework = "gibbs"
    sections = factory.LazyFunction(
        lambda: {"description": "We talked about hope in the team meeting.", "feelings": "Nervous, then heard."}
    )
    search_text = factory.LazyAttribute(lambda o: "\n".join([o.title, *o.sections.values()]))
    visibility = Reflection.Visibility.PRIVATE
    is_draft = False
    published_at = factory.LazyAttribute(lambda o: None if o.is_draft else timezone.now())

    @factory.post_generation
    def readers(obj, create, extracted, **kwargs):
        """``readers=[...]`` names them; by default a shared entry names the peer supervisors."""
        _default_readers(obj, create, extracted, obj.visibility in ("supervisor", "team"))


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReflectionComment

    reflection = factory.SubFactory(ReflectionFactory)
    author = factory.SubFactory(UserFactory)
    body = "Thank you for sharing this."
