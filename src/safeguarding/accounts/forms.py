"""Sign-in, second-factor, password and people forms. They parse input; services hold the rules."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.db.models import QuerySet

from safeguarding.accounts import services
from safeguarding.accounts.models import User
from safeguarding.accounts.roles import AGENCY_ROLES, Role
from safeguarding.core.govuk_forms import GovukDateField, GovukForm, limit_choices
from safeguarding.core.models import Agency


class SignInForm(AuthenticationForm, GovukForm):
    username = forms.EmailField(
        label="Email address", widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": "Enter a correct email address and password. Both are case-sensitive.",
        "inactive": "This account has been switched off.",
    }


class TokenForm(GovukForm):
    token = forms.CharField(
        label="Code",
        max_length=16,
        help_text="The 6-digit code from your authenticator app, or one of your backup codes.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )


class PasswordResetRequestForm(PasswordResetForm, GovukForm):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def get_users(self, email: str) -> Iterator[User]:
        """Active accounts with this email, including invited people who never set a password.

        Django leaves out accounts without a usable password; here every account signs in with
        a password, so someone who lost their invitation can still set one.
        """
        yield from User.objects.filter(email__iexact=email, is_active=True)


class NewPasswordForm(SetPasswordForm, GovukForm):
    """Set a new password; a weak one is reported against the new password, not the repeat."""

    new_password1 = forms.CharField(
        label="New password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password2 = forms.CharField(
        label="Confirm new password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        hints = password_validation.password_validators_help_texts()
        self.fields["new_password1"].help_text = " ".join(hints)

    def clean(self) -> dict[str, Any]:
        self.validate_passwords("new_password1", "new_password2")
        self.validate_password_for_user(self.user, "new_password1")
        return forms.Form.clean(self) or {}

    def save(self, commit: bool = True) -> User:
        return services.user_set_password(
            actor=self.user, user=self.user, password=self.cleaned_data["new_password1"]
        )


class RoleForm(GovukForm):
    """A role in the partnership, with the agency for the roles that need one."""

    role = forms.ChoiceField(label="Role", choices=Role.choices, widget=forms.RadioSelect)
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="Choose an agency",
        help_text="Needed for agency safeguarding leads and practitioners.",
        error_messages={"invalid_choice": "Choose an agency that serves this partnership."},
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "agency", agencies)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("role") in AGENCY_ROLES
            and not data.get("agency")
            and "agency" not in self.errors
        ):
            self.add_error("agency", "Choose the agency this person works for.")
        return data


class PersonForm(RoleForm):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="If they already have an account, the role is added to it.",
    )
    full_name = forms.CharField(label="Full name", max_length=200)
    job_title = forms.CharField(label="Job title", max_length=200, required=False)

    field_order = ["email", "full_name", "job_title", "role", "agency"]


class EndRoleForm(GovukForm):
    ended_on = GovukDateField(
        label="Date the role ends",
        help_text="From this date they can no longer use the role. For example, 27 3 2024",
    )


class MemberSearchForm(forms.Form):
    q = forms.CharField(label="Search by name or email", required=False, max_length=200)
