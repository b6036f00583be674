"""Template tags for the report: narratives sanitised on the way out."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from safeguarding.reports.sanitise import clean_narrative

register = template.Library()


@register.filter
def narrative(html: str) -> SafeString:
    """A narrative, sanitised again on the way out (it was sanitised when saved)."""
    return mark_safe(clean_narrative(html))
