"""What a higher app (single sign-on, ``apps.sso``) may say about signing in and out, registered
from its ``AppConfig.ready()`` (docs/architecture.md: accounts imports no app above it).

* ``password_refusal(user)``: why this person may not sign in with a password (their
  organisation signs in through its identity provider only), or ``None``. Asked by the sign-in
  form and the token endpoint after the password was checked, so that the answer says nothing
  about accounts to someone who does not know the password.
* ``provider_sign_out(request)``: where to send the browser after signing out, to end the
  session at the identity provider too, or ``None``. Asked before the session is ended.
"""

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

from apps.accounts.models import User

PasswordRefusal = Callable[[User], str | None]
ProviderSignOut = Callable[[HttpRequest], str | None]

_hooks: dict[str, Callable] = {}


def register(*, password_refusal: PasswordRefusal, provider_sign_out: ProviderSignOut) -> None:
    hooks: dict[str, Callable] = {"password_refusal": password_refusal, "provider_sign_out": provider_sign_out}
    if _hooks and _hooks != hooks:  # ready() may run again (tests do): the same hooks are no change
        raise ImproperlyConfigured("Sign-in hooks are registered by one app (apps.sso).")
    _hooks.update(hooks)


def password_refusal(user: User) -> str | None:
    hook = _hooks.get("password_refusal")
    return hook(user) if hook is not None else None


def provider_sign_out(request: HttpRequest) -> str | None:
    hook = _hooks.get("provider_sign_out")
    return hook(request) if hook is not None else None
