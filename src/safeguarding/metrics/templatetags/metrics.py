"""Template filters for metrics: a metric's label from its code."""

from __future__ import annotations

from django import template

from safeguarding.metrics import registry

register = template.Library()


@register.filter
def metric_label(code: str) -> str:
    """The registered metric's label; the code itself for a metric no longer registered."""
    return registry.get(code).label if registry.is_registered(code) else code
