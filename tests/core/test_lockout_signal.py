"""accounts announces a locked account by signal; notifications listens (issue 14: accounts sits
below notifications). The behaviour itself is tested in tests/accounts/test_lockout.py."""

import pytest

from apps.accounts.lockout import ACCOUNT_LOCKED, account_locked, account_locked_notify
from apps.notifications.models import Notification
from apps.notifications.receivers import tell_locked_account_owner

pytestmark = pytest.mark.django_db


def test_notifications_listens_to_account_locked_exactly_once():
    # Each entry is (lookup key, weak reference to the receiver, is_async).
    live = [entry[1]() for entry in account_locked.receivers]
    assert live == [tell_locked_account_owner]


def test_a_second_lock_within_the_cool_off_tells_the_owner_nothing_more(everyone):
    account_locked_notify(username="pat")
    account_locked_notify(username="PAT")
    told = Notification.objects.filter(kind=ACCOUNT_LOCKED)
    assert [n.recipient_id for n in told] == [everyone["peer"].pk]
    assert told.get().email_status == Notification.EmailStatus.PENDING


def test_an_operator_without_an_organisation_is_told_nothing(everyone, django_user_model):
    django_user_model.objects.create_user(username="opal", password="x", is_staff=True)
    account_locked_notify(username="opal")
    assert not Notification.objects.filter(kind=ACCOUNT_LOCKED).exists()
