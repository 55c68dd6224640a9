"""Single sign-on pages: starting at the organisation's provider, coming back from it, and the
org admin's settings."""

import logging
import time
from typing import cast

from django.contrib import messages
from django.contrib.auth import authenticate, login
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods

from apps.accounts import services as account_services
from apps.accounts import two_factor
from apps.accounts.models import User
from apps.core.capabilities import caps, require
from apps.core.forms import run_service
from apps.sso import client, hooks, selectors, services
from apps.sso.forms import LinkPasswordForm, ProviderSettingsForm, WorkEmailForm
from apps.sso.models import ProviderSettings

logger = logging.getLogger(__name__)

SESSION_PROVIDER = "_psp_sso_provider"  # the provider a sign-in was started at
SESSION_NEXT = "_psp_sso_next"
SESSION_LINK = "_psp_sso_link"  # a link waiting for the person's own password: user, provider, sub, at
LINK_WAITS_SECONDS = 15 * 60


def _problem(request: HttpRequest, provider: ProviderSettings | None, *, title: str, message: str, status: int):
    context = {
        "title": title,
        "message": message,
        "password_open": provider is None or not provider.sso_only,
    }
    return render(request, "sso/problem.html", context, status=status)


def _unavailable(request: HttpRequest, provider: ProviderSettings) -> HttpResponse:
    return _problem(
        request,
        provider,
        title="Your organisation's sign-in service is not answering",
        message="We could not reach it just now. Please try again in a few minutes.",
        status=503,
    )


def _go(request: HttpRequest, provider: ProviderSettings) -> HttpResponse:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    request.session[SESSION_PROVIDER] = str(provider.pk)
    request.session[SESSION_NEXT] = next_url
    try:
        url = client.authorize_url(request, provider, request.build_absolute_uri(reverse("sso:callback")))
    except client.ProviderUnavailable as exc:
        logger.warning("single sign-on provider unavailable", extra={"reason": str(exc)})
        return _unavailable(request, provider)
    if request.method == "GET":
        return redirect(url)
    context = {
        "title": "Going to your organisation's sign-in",
        "message": "Sign in there, and you will come straight back.",
        "url": url,
    }
    return render(request, "handoff.html", context)


@login_not_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    """ "Sign in with your organisation": the work e-mail address says which organisation. With
    ``?provider=<id>`` (the link an IT team can put on their intranet), straight to its provider."""
    if request.method == "GET" and "provider" in request.GET:
        provider = selectors.provider_enabled(request.GET["provider"])
        if provider is not None:
            return _go(request, provider)
    form = WorkEmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        provider = selectors.provider_for_email(form.cleaned_data["email"])
        if provider is not None:
            return _go(request, provider)
        form.add_error(
            "email",
            "No organisation signs in people of this e-mail address here. Check it, or sign in with your password.",
        )
    context = {
        "sso_email": request.POST.get("email", ""),
        "sso_error": " ".join(str(error) for error in form.errors.get("email", [])),
        "next": request.POST.get("next") or request.GET.get("next") or "",
    }
    return render(request, "sso/start.html", context, status=400 if form.errors else 200)


@login_not_required
@require_GET
def callback(request: HttpRequest) -> HttpResponse:
    provider = selectors.provider_enabled(request.session.get(SESSION_PROVIDER))
    if provider is None:
        return _link_gone(request)
    try:
        token = client.authorize_callback(request, provider)
        claims = dict(token["userinfo"])
        user, created = services.sign_in_resolve(provider=provider, claims=claims)
    except client.ProviderUnavailable as exc:
        services.sign_in_refused_record(provider=provider, reason=f"provider_unavailable: {exc}")
        return _unavailable(request, provider)
    except client.SignInRejected as exc:
        services.sign_in_refused_record(provider=provider, reason=exc.reason)
        return _problem(
            request,
            provider,
            title="We could not sign you in",
            message="Your organisation's sign-in did not complete, or its answer did not pass our checks. "
            "Please start again from the sign-in page.",
            status=400,
        )
    except services.SignInRefused as exc:
        services.sign_in_refused_record(provider=provider, reason=exc.reason)
        return _problem(request, provider, title="We could not sign you in", message=exc.message, status=403)
    except services.LinkNeedsConsent as exc:
        request.session.pop(SESSION_PROVIDER, None)
        request.session[SESSION_LINK] = {
            "user": str(exc.user.pk),
            "provider": str(provider.pk),
            "sub": str(claims["sub"]),
            "at": int(time.time()),
        }
        services.sign_in_refused_record(provider=provider, reason="link_waits_for_own_password")
        return redirect("sso:link")
    next_url = request.session.pop(SESSION_NEXT, "")
    request.session.pop(SESSION_PROVIDER, None)
    login(request, user, backend="apps.accounts.backends.WorkerBackend")
    second_factor = services.second_factor_used(provider, claims)
    if second_factor:
        request.session[two_factor.SESSION_KEY] = two_factor.VERIFIED
    request.session[hooks.SESSION_SIGNED_IN] = {"provider": str(provider.pk), "id_token": token["id_token"]}
    account_services.own_credentials_record(user)
    services.sign_in_record(user=user, provider=provider, second_factor=second_factor)
    if created:
        messages.info(request, "Welcome to pspteam. Your org admin will add you to your team.")
    return redirect(next_url or "core:my-day")


def _pending_link(request: HttpRequest) -> tuple[User, dict] | None:
    pending = request.session.get(SESSION_LINK)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > LINK_WAITS_SECONDS:
        return None
    user = User.objects.filter(pk=pending["user"]).first()
    return (user, pending) if user is not None else None


def _link_gone(request: HttpRequest) -> HttpResponse:
    return _problem(
        request,
        None,
        title="That sign-in link has already been used or has run out",
        message="Please start again from the sign-in page.",
        status=400,
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def link(request: HttpRequest) -> HttpResponse:
    """The provider vouched for an e-mail address whose account its owner has made their own:
    they prove it is theirs with their own password once (their second factor follows, as at any
    sign-in), and only then is it linked (``link_finish``). Open in SSO-only organisations too:
    the provider has already vouched for this person."""
    found = _pending_link(request)
    if found is None:
        return _link_gone(request)
    user, _pending = found
    form = LinkPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        signed_in = authenticate(request, username=user.get_username(), password=form.cleaned_data["password"])
        if signed_in is not None and signed_in.pk == user.pk:
            login(request, signed_in)  # the session was anonymous: the waiting link is kept
            return redirect("sso:link-finish")
        form.add_error("password", "That is not the password of this account. Try again, or ask your org admin.")
    context = {"form": form, "email": user.email}
    return render(request, "sso/link.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def link_finish(request: HttpRequest) -> HttpResponse:
    """Signed in with their own password (and second factor: the two-factor middleware holds this
    page until it is done): the person links the account to their organisation's sign-in."""
    found = _pending_link(request)
    if found is None or found[0].pk != request.user.pk:
        request.session.pop(SESSION_LINK, None)
        return _link_gone(request)
    user, pending = found
    if request.method == "POST":
        request.session.pop(SESSION_LINK, None)
        try:
            services.identity_link_confirmed(user=user, provider_id=pending["provider"], sub=pending["sub"])
        except services.SignInRefused as exc:
            return _problem(request, None, title="We could not link your account", message=exc.message, status=403)
        messages.success(request, "Your account is linked. Next time, sign in with your organisation.")
        return redirect(request.session.pop(SESSION_NEXT, "") or "core:my-day")
    return render(request, "sso/link_finish.html", {"email": user.email})


def settings_page(request: HttpRequest) -> HttpResponse:
    """Org admins: connect the organisation's identity provider."""
    user = cast(User, request.user)
    require(caps(user).is_org_admin, "Only an org admin can change single sign-on.")
    provider = selectors.provider_settings_for(user)
    form = ProviderSettingsForm(
        request.POST or None,
        initial=ProviderSettingsForm.initial_for(provider),
        organisation_id=user.organisation_id,
    )
    if request.method == "POST" and form.is_valid():
        data = services.SettingsInput(**form.cleaned_data)
        saved = run_service(form, services.provider_settings_save, actor=user, data=data)
        if saved:
            messages.success(request, "Single sign-on settings saved.")
            return redirect("sso:settings")
    context = {
        "form": form,
        "provider": provider,
        "redirect_uri": request.build_absolute_uri(reverse("sso:callback")),
        "start_uri": f"{request.build_absolute_uri(reverse('sso:start'))}?provider={provider.pk}" if provider else "",
    }
    return render(request, "sso/settings.html", context, status=400 if form.errors else 200)
