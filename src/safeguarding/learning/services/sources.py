"""Sources of learning (created and kept in step by the domain app that owns the record), and the
comments on their learning."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safeguarding.core.models import Partnership
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
