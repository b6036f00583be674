"""Template tags for the report: charts drawn from a section's data."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from safeguarding.reports.charts import bar_chart_svg
from safeguarding.reports.sanitise import clean_narrative

register = template.Library()


@register.simple_tag
def bar_chart(chart: dict[str, Any]) -> SafeString:
    """The chart as inline SVG; its labels are escaped by matplotlib and `bar_chart_svg`."""
    points = [(str(label), value) for label, value in chart.get("points", [])]
    return mark_safe(bar_chart_svg(str(chart.get("title", "")), points))


@register.filter
def narrative(html: str) -> SafeString:
    """A narrative, sanitised again on the way out (it was sanitised when saved)."""
    return mark_safe(clean_narrative(html))
