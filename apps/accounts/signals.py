"""Reacting to Django's sign-in signal. This is authentication plumbing, not domain logic:
every path that signs a user in (form, test client, admin) goes through ``login()``."""

import time

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from apps.accounts import two_factor
from apps.accounts.middleware import SEEN_KEY, STARTED_KEY
from apps.accounts.models import SignInSession


@receiver(user_logged_in, dispatch_uid="pspteam-sign-in")
def remember_sign_in(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is None or getattr(request, "pspteam_token_sign_in", False):
        return  # API token sign-in: no browser session
    # A sign-in form that checked a code itself (django-otp's, in the admin) leaves the device on
    # the user: that session was created with a second factor.
    verified = getattr(user, "otp_device", None) is not None
    session[two_factor.SESSION_KEY] = two_factor.VERIFIED if verified else two_factor.state_at_sign_in(user)
    session[STARTED_KEY] = session[SEEN_KEY] = int(time.time())
    if session.session_key is None:
        session.save()
    SignInSession.objects.get_or_create(session_key=session.session_key, defaults={"user": user})
