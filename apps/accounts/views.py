import base64
from urllib.parse import urlencode

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import LoginView, PasswordResetConfirmView
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts import services, sign_in_hooks, sign_ins, two_factor
from apps.accounts.forms import SignInForm


class CodeForm(forms.Form):
    code = forms.CharField(
        label="6-digit code",
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text="From your authenticator app (e.g. Aegis, FreeOTP, Google Authenticator).",
    )


def _next_url(request, default="core:my-day"):
    target = request.GET.get("next") or request.POST.get("next")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


class SignInView(LoginView):
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    """Signing out; when the session began at the organisation's identity provider and that
    provider offers it, the browser goes on to end the provider's session too."""

    def post(self, request, *args, **kwargs):
        provider_url = sign_in_hooks.provider_sign_out(request)
        response = super().post(request, *args, **kwargs)
        if not provider_url:
            return response
        context = {
            "title": "You are signed out",
            "message": "Now signing you out of your organisation's sign-in service too.",
            "url": provider_url,
        }
        return render(request, "handoff.html", context)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Changing one's password keeps this session and ends every other one and every API token
    (someone who knew the old password may hold them)."""

    @transaction.atomic
    def form_valid(self, form):
        user = form.save()
        sign_ins.password_changed(self.request, user)
        # FormView's redirect: Django's own form_valid would cycle the session key again.
        return super(auth_views.PasswordChangeView, self).form_valid(form)


class SetOwnPasswordView(PasswordResetConfirmView):
    """Setting a password through the one-time link e-mailed to the person (invitation or reset).

    Reaching this step proves the person reads their own mailbox, so the new password is theirs
    alone: recorded as ``own_credentials_at`` (the team voice counts only such people). Every
    session and every API token of the account ends (someone who knew the old one may hold them)."""

    @transaction.atomic
    def form_valid(self, form):
        response = super().form_valid(form)
        services.own_credentials_record(form.user)
        sign_ins.sign_ins_end(user=form.user)
        return response


def two_factor_verify(request):
    """Second sign-in step for users with a confirmed TOTP device."""
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = two_factor.confirmed_totp_device(request.user)
        if two_factor.verify_token(request.user, form.cleaned_data["code"]):
            otp_login(request, device)
            request.session[two_factor.SESSION_KEY] = two_factor.VERIFIED
            return redirect(_next_url(request))
        form.add_error("code", "That code did not match. Check your device's clock and try the newest code.")
    return render(
        request,
        "registration/two_factor_verify.html",
        {"form": form, "next": _next_url(request, "")},
        status=400 if form.errors else 200,
    )


def two_factor_setup(request):
    """Add a TOTP device: scan the QR code (or type the key), then confirm with a code.

    A session still waiting for its second step must take it first: otherwise the password
    alone would be enough to replace the owner's device with one's own."""
    if request.session.get(two_factor.SESSION_KEY) == two_factor.PENDING:
        return redirect(f"{reverse('accounts:two-factor-verify')}?{urlencode({'next': _next_url(request, '')})}")
    device, _ = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "Authenticator app"}
    )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token("".join(form.cleaned_data["code"].split())):
            TOTPDevice.objects.filter(user=request.user, confirmed=True).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            request.session[two_factor.SESSION_KEY] = two_factor.VERIFIED
            messages.success(request, "Two-factor sign-in is on. You'll be asked for a code each time you sign in.")
            return redirect(_next_url(request))
        form.add_error("code", "That code did not match. Scan the QR code again and enter the newest code.")
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    qr = segno.make(device.config_url, error="m")
    context = {
        "form": form,
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "qr_data_uri": qr.svg_data_uri(scale=5, dark="#1d2330"),
        "has_device": TOTPDevice.objects.filter(user=request.user, confirmed=True).exists(),
        "required": two_factor.two_factor_required(request.user),
        "next": _next_url(request, ""),
    }
    return render(request, "registration/two_factor_setup.html", context, status=400 if form.errors else 200)
