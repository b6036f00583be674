"""`{% bar_chart chart %}`: a chart (title and (label, value) points) as inline SVG."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from safeguarding.core.charts import bar_chart_svg

register = template.Library()


@register.simple_tag
def bar_chart(chart: dict[str, Any]) -> SafeString:
    """The chart as inline SVG; its labels are escaped by matplotlib and `bar_chart_svg`."""
    points = [(str(label), value) for label, value in chart.get("points", [])]
    return mark_safe(bar_chart_svg(str(chart.get("title", "")), points))
