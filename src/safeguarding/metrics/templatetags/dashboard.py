"""Template filters for the dashboard: a figure written as its unit asks."""

from __future__ import annotations

from decimal import Decimal

from django import template

from safeguarding.metrics.registry import Unit

register = template.Library()


@register.filter
def figure(value: object, unit: str) -> str:
    """12,345 for counts and numbers, £195,500 (or £47,300.50) for money, 92.5% for percentages;
    a hidden count (the disclosure symbol) as it is; an empty cell as a dash."""
    if value is None or value == "":
        return "–"
    if not isinstance(value, int | Decimal):
        return str(value)
    if unit == Unit.MONEY:
        whole = value == int(value)
        return f"£{value:,.0f}" if whole else f"£{value:,.2f}"
    text = f"{value:,}"
    return f"{text}%" if unit == Unit.PERCENT else text
