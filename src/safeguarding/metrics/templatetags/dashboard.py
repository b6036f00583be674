"""Template filters for the dashboard: a figure written as its unit asks."""

from __future__ import annotations

from django import template

from safeguarding.metrics.presenting import formatted

register = template.Library()


@register.filter
def figure(value: object, unit: str) -> str:
    """12,345 for counts and numbers, £195,500 (or £47,300.50) for money, 92.5% for percentages;
    a hidden count (the disclosure symbol) as it is; an empty cell as a dash."""
    return formatted(value, unit)
