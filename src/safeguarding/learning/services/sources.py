"""Sources of learning (created and kept in step by the domain app that owns the record), and the
comments on their learning."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Protocol, cast

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from safeguarding.core.models import Partnership
from safeguarding.core.service_helpers import save_changes
from safeguarding.learning.models import Comment, Source
from safeguarding.learning.services._shared import NOT_GIVEN, create, given, update

if TYPE_CHECKING:
    from safeguarding.accounts.models import User


@transaction.atomic
def source_create(
    *, actor: User | None, partnership: Partnership, kind: str, title: str, started_on: dt.date
) -> Source:
    source = Source(partnership=partnership, kind=kind, title=title.strip(), started_on=started_on)
    changes = {
        "kind": [None, kind],
        "title": [None, source.title],
        "started_on": [None, started_on],
    }
    return create(actor, partnership, source, "learning.source.create", changes)


class _Sourced(Protocol):
    """A domain record whose learning starts with its first finding."""

    source: Source | None
    partnership: Partnership


@transaction.atomic
def source_for(
    *,
    actor: User | None,
    record: models.Model,
    kind: str,
    title: str,
    started_on: dt.date,
    action: str,
) -> Source:
    """A domain record's own learning source (an escalation's, an allegation's, a death's), made
    the first time a finding is raised from it and tied to it with an audit entry (`action`).
    `record` has a one-to-one `source` and a `partnership`; its row is locked meanwhile, so two
    first findings at once still make one source."""
    rows = type(record)._default_manager.select_for_update(of=("self",)).select_related("source")
    locked = cast("_Sourced", rows.get(pk=record.pk))
    source = locked.source
    if source is None:
        partnership = locked.partnership
        source = source_create(
            actor=actor, partnership=partnership, kind=kind, title=title, started_on=started_on
        )
        save_changes(actor, partnership, cast("models.Model", locked), action, {"source": source})
    cast("_Sourced", record).source = source
    return source


@transaction.atomic
def source_update(
    *,
    actor: User | None,
    source: Source,
    title: str = NOT_GIVEN,
    started_on: dt.date = NOT_GIVEN,
) -> Source:
    data = given(title=title.strip() if isinstance(title, str) else title, started_on=started_on)
    return update(actor, source.partnership, source, "learning.source.update", data)


@transaction.atomic
def comment_add(*, actor: User, source: Source, text: str) -> Comment:
    if not text.strip():
        raise ValidationError({"text": "Enter your comment."})
    comment = Comment(source=source, author=actor, text=text.strip(), written_at=timezone.now())
    changes = {"text": [None, comment.text]}
    return create(actor, source.partnership, comment, "learning.comment.create", changes)
