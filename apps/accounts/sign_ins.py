"""Issuing and ending sign-ins: API tokens (knox) and browser sessions (tracked by
``SignInSession``, since Django's session table is not indexed by user)."""

from django.contrib.auth import update_session_auth_hash
from django.contrib.sessions.models import Session
from django.db import transaction
from knox.models import AuthToken
from knox.settings import knox_settings

from apps.accounts.models import SignInSession, TokenSignIn


@transaction.atomic
def token_issue(*, user, second_factor: bool) -> tuple[AuthToken, str]:
    """A new expiring API token, recording whether a second factor was used to get it."""
    instance, token = AuthToken.objects.create(user=user, expiry=knox_settings.TOKEN_TTL)
    TokenSignIn.objects.create(token=instance, second_factor=second_factor)
    return instance, token


@transaction.atomic
def sign_ins_end(*, user, keep_session_key: str | None = None) -> tuple[int, int]:
    """End every API token and every browser session of ``user``, except the session
    ``keep_session_key`` (the one that changed the password). ``(sessions, tokens)`` ended.

    Django would also refuse the other sessions at their next request (their password hash no
    longer matches), but they would stay in the database, still holding what they carried."""
    keys = set(SignInSession.objects.filter(user=user).values_list("session_key", flat=True))
    if keep_session_key is not None:
        keys.discard(keep_session_key)
    sessions, _ = Session.objects.filter(session_key__in=keys).delete()
    SignInSession.objects.filter(user=user, session_key__in=keys).delete()
    _, deleted = AuthToken.objects.filter(user=user).delete()
    return sessions, deleted.get(AuthToken._meta.label, 0)


def password_changed(request, user) -> None:
    """After the signed-in user changed their own password: keep this session (under a new key)
    and end every other session and every API token."""
    old_key = request.session.session_key
    update_session_auth_hash(request, user)  # cycles the session key
    new_key = request.session.session_key
    with transaction.atomic():
        SignInSession.objects.filter(session_key=old_key).delete()
        SignInSession.objects.get_or_create(session_key=new_key, defaults={"user": user})
        sign_ins_end(user=user, keep_session_key=new_key)
