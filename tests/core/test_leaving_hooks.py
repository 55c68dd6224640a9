"""Leaving hooks (issue 14): workers sits below supervision, so supervision registers what ends
when a worker leaves, and ``worker_mark_left`` runs it inside the leaving transaction."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from apps.accounts.models import User
from apps.supervision.models import Agreement
from apps.supervision.services import agreements_end_for_leaver
from apps.workers import leaving_hooks
from apps.workers.services import worker_mark_left
from tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db

SUPERVISION_HOOK = "supervision: every live agreement of the leaver ends"


@pytest.fixture
def extra_hook():
    """Registers one more hook for a test and removes it afterwards (the registry is process-wide)."""
    before = list(leaving_hooks._HOOKS)
    yield leaving_hooks.register_leaving_hook
    leaving_hooks._HOOKS[:] = before


def test_supervision_registers_its_leaving_hook_once_at_start_up():
    assert leaving_hooks.leaving_hook_names().count(SUPERVISION_HOOK) == 1


def test_registering_a_leaving_hook_name_twice_is_a_start_up_error():
    before = leaving_hooks.leaving_hook_names()
    with pytest.raises(ImproperlyConfigured, match="already registered"):
        leaving_hooks.register_leaving_hook(SUPERVISION_HOOK, agreements_end_for_leaver)
    assert leaving_hooks.leaving_hook_names() == before


def test_leaving_ends_the_leavers_agreements_as_supervisee_and_as_supervisor(everyone):
    sam, pat, robin, casey = everyone["supervisor"], everyone["peer"], everyone["peer2"], everyone["clinician"]
    supervises = Agreement.objects.get(supervisee=pat, supervisor=sam)
    supervised = AgreementFactory(supervisee=sam, supervisor=casey, kind=Agreement.Kind.CLINICAL)
    untouched = AgreementFactory(supervisee=robin, supervisor=casey, kind=Agreement.Kind.CLINICAL)

    worker_mark_left(actor=everyone["admin"], worker=sam)

    for agreement in (supervises, supervised):
        agreement.refresh_from_db()
        assert agreement.status == Agreement.Status.ENDED
    untouched.refresh_from_db()
    assert untouched.status == Agreement.Status.ACTIVE


def test_a_failing_leaving_step_rolls_back_the_ended_agreements_with_the_leaving(everyone, extra_hook):
    """The supervision hook has run (it is registered first) when a later hook fails: one
    transaction, so the account stays active and the agreements stay in force."""
    sam, pat = everyone["supervisor"], everyone["peer"]
    agreement = Agreement.objects.get(supervisee=pat, supervisor=sam)
    ended_inside: list[str] = []

    def fails_after_supervision(*, actor: User, worker: User) -> None:
        ended_inside.append(Agreement.objects.get(pk=agreement.pk).status)
        raise RuntimeError("a later leaving step failed")

    extra_hook("test: fails after supervision", fails_after_supervision)
    with pytest.raises(RuntimeError):
        worker_mark_left(actor=everyone["admin"], worker=sam)

    assert ended_inside == [Agreement.Status.ENDED]
    agreement.refresh_from_db()
    sam.refresh_from_db()
    assert agreement.status == Agreement.Status.ACTIVE
    assert (sam.status, sam.is_active) == (User.Status.ACTIVE, True)
