"""The one way to write to the audit log. Every service calls `audit_record` in its transaction."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from safeguarding.audit import context
from safeguarding.audit.models import AuditChainHead, AuditEntry

if TYPE_CHECKING:
    from safeguarding.accounts.models import User
    from safeguarding.core.models import Partnership

Changes = dict[str, list[Any]]


def _json_safe(value: Any) -> Any:
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _stored_ip(ip: str | None) -> str | None:
    """The address as the database will keep it (IPv6 normalised), so the hash still matches."""
    return AuditEntry._meta.get_field("ip").get_prep_value(ip)


def _describe_target(target: models.Model | None) -> tuple[str, str, str]:
    if target is None:
        return "", "", ""
    return target._meta.label_lower, str(target.pk), str(target)[:300]


def audit_record(
    *,
    actor: User | None,
    action: str,
    target: models.Model | None = None,
    partnership: Partnership | None = None,
    changes: Changes | dict[str, Any] | None = None,
    actor_label: str | None = None,
) -> AuditEntry:
    """Append one entry to the chain. Runs inside the caller's transaction (or its own)."""
    request = context.current()
    target_type, target_id, target_label = _describe_target(target)
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        entry = AuditEntry(
            seq=head.seq + 1,
            at=timezone.now(),
            actor=actor,
            actor_label=actor_label if actor_label is not None else (actor.email if actor else ""),
            action=action,
            target_type=target_type,
            target_id=target_id,
            target_label=target_label,
            partnership=partnership,
            changes=_json_safe(changes or {}),
            request_id=request.request_id,
            ip=_stored_ip(request.ip),
            prev_hash=head.hash,
        )
        entry.hash = entry.compute_hash()
        entry.save()
        head.seq, head.hash = entry.seq, entry.hash
        head.save(update_fields=["seq", "hash"])
    return entry


def audit_record_read(
    *, actor: User, target: models.Model, partnership: Partnership | None
) -> AuditEntry:
    """Record that someone opened a restricted record ("allegations.allegation.read")."""
    return audit_record(
        actor=actor,
        action=f"{target._meta.label_lower}.read",
        target=target,
        partnership=partnership,
    )


def audit_record_export(
    *,
    actor: User,
    partnership: Partnership | None,
    what: str | type[models.Model],
    rows: int,
    file_format: str = "csv",
) -> AuditEntry:
    """Record an export: what was exported ("training.booking.export"), its format and size."""
    label = what if isinstance(what, str) else what._meta.label_lower
    return audit_record(
        actor=actor,
        action=f"{label}.export",
        partnership=partnership,
        changes={"format": [None, file_format], "rows": [None, rows]},
    )


def apply_changes(instance: models.Model, data: dict[str, Any]) -> Changes:
    """Set the given fields on `instance`; return {field: [old, new]} for those that changed."""
    changes: Changes = {}
    for name, new in data.items():
        old = getattr(instance, name)
        if old != new:
            changes[name] = [_display(old), _display(new)]
            setattr(instance, name, new)
    return changes


def _display(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    return value
