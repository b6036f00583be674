"""What this app's views share: the form page, and where each record lives."""

from __future__ import annotations

from functools import partial

from django.urls import reverse

from safeguarding.accounts.scope import Scope
from safeguarding.core.web import form_page
from safeguarding.learning import policies
from safeguarding.learning.models import Action, Source

FORM = "learning/form.html"


save_page = partial(form_page, template=FORM)


def source_url(source: Source, anchor: str = "") -> str:
    url = reverse("learning:source_detail", args=[source.partnership.slug, source.pk])
    return f"{url}#{anchor}" if anchor else url


def action_url(action: Action) -> str:
    return reverse("learning:action_detail", args=[action.source.partnership.slug, action.pk])


def source_to_add_to(scope: Scope, source_pk: int, action: str) -> Source:
    """The source whose learning is being added or changed (`action` is "add" or "change"):
    403 to those who may not read learning or may not do that, 404 outside the partnership."""
    policies.sources.require(scope, "view")
    source = policies.sources.get(scope, source_pk)
    policies.sources.require(scope, action, source)
    return source
