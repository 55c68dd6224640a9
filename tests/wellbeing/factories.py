"""Check-in factory (invented content only)."""

import factory

from apps.wellbeing.models import CheckIn
from tests.reflections.factories import _default_readers


class CheckInFactory(factory.django.DjangoModelFactory):
    """A check-in; ``share_with_supervisor=True`` names the author's peer supervisors unless
    ``readers=[...]`` names others (as the service does)."""

    class Meta:
        model = CheckIn
        skip_postgeneration_save = True

    organisation = factory.SelfAttribute("author.organisation")
    author = None  # always given
    mood = 3
    note = ""
    share_with_supervisor = False

    @factory.post_generation
    def readers(obj, create, extracted, **kwargs):
        _default_readers(obj, create, extracted, obj.share_with_supervisor)
