"""Sign-ins and failed sign-ins reach the audit log through Django's auth signals.

Django raises these from its own login code (including the admin's), so they are the one place
every sign-in passes; the receivers only call the audit service.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from safeguarding.audit.services import audit_record


@receiver(user_logged_in)
def record_sign_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(actor=user, action="accounts.sign_in", target=user)


@receiver(user_logged_out)
def record_sign_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(actor=user, action="accounts.sign_out", target=user)


@receiver(user_login_failed)
def record_failed_sign_in(sender: Any, credentials: dict[str, Any], **kwargs: Any) -> None:
    attempted = str(credentials.get("username") or credentials.get("email") or "")[:254]
    audit_record(actor=None, actor_label=attempted, action="accounts.sign_in_failed")
