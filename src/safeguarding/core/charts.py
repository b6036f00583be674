"""Bar charts for the report, drawn with matplotlib: SVG for HTML and PDF, PNG for Word.

A point whose value is not a number (the disclosure symbol of a hidden count) has no bar: its
label is written where the bar would start, as the chart's data table shows it.

Uses the object-oriented `Figure` API (no pyplot, no display, safe in threads).
"""

from __future__ import annotations

import hashlib
import io
import re
import textwrap
from collections.abc import Sequence
from functools import lru_cache
from html import escape

import matplotlib
from matplotlib.figure import Figure

Points = Sequence[tuple[str, int | float | str]]

_PROLOG = re.compile(r"^.*?(?=<svg)", re.DOTALL)


LABEL_WIDTH = 32  # characters a bar's label wraps at, so long names leave room for the bars


def _number(value: int | float | str) -> float | None:
    """The bar's length; None for a value that is not a number (a hidden count's symbol)."""
    try:
        return float(value)
    except ValueError:
        return None


def _figure(title: str, points: Points) -> Figure:
    labels = [textwrap.fill(str(label), LABEL_WIDTH) for label, _ in points]
    values = [_number(value) for _, value in points]
    label_lines = sum(label.count("\n") + 1 for label in labels)
    height = 0.9 + 0.2 * label_lines + 0.15 * max(len(points), 2)
    figure = Figure(figsize=(6.4, height), layout="constrained")
    axes = figure.add_subplot()
    axes.barh(labels, [value or 0.0 for value in values], color="#1d70b8")
    for position, ((_, shown), value) in enumerate(zip(points, values, strict=True)):
        if value is None:  # no bar: write what the data table shows instead (for example "c")
            axes.annotate(
                str(shown),
                (0, position),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                fontsize=9,
            )
    if not any(values):  # no bar at all: an empty axis from 0, not one around it
        axes.set_xlim(0, 1)
        axes.set_xticks([])
    axes.invert_yaxis()
    axes.set_title(title, loc="left", fontsize=11)
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(labelsize=9)
    return figure


def alt_text(title: str, points: Points) -> str:
    """What the chart shows, for screen readers and Word's alternative text."""
    values = "; ".join(f"{label}: {value}" for label, value in points)
    return f"Bar chart: {title}. {values}." if values else f"Bar chart: {title}. No data."


def bar_chart_svg(title: str, points: Points) -> str:
    """An inline <svg> element (no XML prolog) with a <title> giving its alternative text.

    Drawing takes matplotlib tens of milliseconds and a dashboard draws dozens, so the last
    CHARTS_KEPT charts are kept: the same title and points give the same SVG."""
    return _svg(title, tuple((label, value) for label, value in points))


CHARTS_KEPT = 256


@lru_cache(maxsize=CHARTS_KEPT)
def _svg(title: str, points: tuple[tuple[str, int | float | str], ...]) -> str:
    salt = hashlib.sha1(f"{title}{list(points)}".encode()).hexdigest()[:10]
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": salt}):
        _figure(title, points).savefig(buffer, format="svg", metadata={"Date": None})
    svg = _PROLOG.sub("", buffer.getvalue(), count=1)
    label = escape(alt_text(title, points))
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
    head_end = svg.index(">") + 1
    return f"{svg[:head_end]}<title>{label}</title>{svg[head_end:]}"


def bar_chart_png(title: str, points: Points) -> bytes:
    buffer = io.BytesIO()
    _figure(title, points).savefig(buffer, format="png", dpi=150)
    return buffer.getvalue()
