"""Single sign-on pages: starting at the organisation's provider, coming back from it, and the
org admin's settings."""

import logging
from typing import cast

from django.contrib import messages
from django.contrib.auth import login
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
from apps.sso.forms import ProviderSettingsForm, WorkEmailForm
from apps.sso.models import ProviderSettings

logger = logging.getLogger(__name__)

SESSION_PROVIDER = "_psp_sso_provider"  # the provider a sign-in was started at
SESSION_NEXT = "_psp_sso_next"


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
        return _problem(
            request,
            None,
            title="That sign-in link has already been used or has run out",
            message="Please start again from the sign-in page.",
            status=400,
        )
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
