"""Sign-in, passwords, two-factor sign-in and set-up, and the person's own account page."""

from __future__ import annotations

import base64
from io import BytesIO
from typing import Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token

from safeguarding.accounts import selectors, services
from safeguarding.accounts.forms import (
    NewPasswordForm,
    PasswordResetRequestForm,
    SignInForm,
    TokenForm,
)
from safeguarding.audit.services import audit_record
from safeguarding.core.http import AuthenticatedHttpRequest, is_verified
from safeguarding.core.web import posted_data


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(failure_limit=settings.AXES_FAILURE_LIMIT, **kwargs)


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a link to set a new password (the same page answers whether or not we know you)."""

    form_class = PasswordResetRequestForm
    template_name = "accounts/password_reset.html"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    email_template_name = "accounts/email/password_reset_body.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Set a password from an emailed link: an invitation or a reset."""

    form_class = NewPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"


@login_required
def two_factor(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The second step: a code from the authenticator app or a backup code."""
    user = request.user
    if not selectors.has_second_factor(user):
        return redirect(f"/accounts/two-factor/setup/?next={_next_url(request)}")
    form = TokenForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["token"].strip().replace(" ", ""))
        if device is not None:
            otp_login(request, device)
            audit_record(actor=user, action="accounts.two_factor.pass", target=user)
            return redirect(_next_url(request))
        audit_record(actor=user, action="accounts.two_factor.fail", target=user)
        form.add_error("token", "The code is wrong or has expired: enter the current code.")
    return render(request, "accounts/two_factor.html", {"form": form, "next": _next_url(request)})


def _qr_svg(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    buffer = BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode("utf-8").split("?>", 1)[-1]


@login_required
def two_factor_setup(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Add an authenticator app: show its secret, then confirm a code from it."""
    user = request.user
    if selectors.has_second_factor(user) and not is_verified(user):
        return redirect("accounts:two_factor")
    device = services.totp_device_start(actor=user)
    form = TokenForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.totp_device_confirm(
                actor=user,
                device=device,
                token=form.cleaned_data["token"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            otp_login(request, device)
            return render(
                request, "accounts/backup_codes.html", {"codes": codes, "next": _next_url(request)}
            )
    secret = base64.b32encode(device.bin_key).decode("ascii")
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "secret": secret,
            "qr": _qr_svg(device.config_url),
            "next": _next_url(request),
        },
    )


@login_required
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "accounts/profile.html",
        {
            "memberships": selectors.memberships_of(user),
            "has_token": selectors.has_api_token(user),
            "needs_two_factor": selectors.user_needs_two_factor(user),
        },
    )


@login_required
@require_POST
def api_token_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    token = services.api_token_replace(actor=request.user)
    return render(request, "accounts/api_token.html", {"token": token.key})


@login_required
@require_POST
def api_token_revoke(request: AuthenticatedHttpRequest) -> HttpResponse:
    services.api_token_revoke(actor=request.user)
    messages.success(request, "Your API token was revoked.")
    return redirect("accounts:profile")
