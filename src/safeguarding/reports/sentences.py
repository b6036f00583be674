"""Sentences that compare a year's count with earlier years, for the report's sections.

>>> compare("escalation", "escalations",
...         [("2019-20", 23), ("2020-21", 13), ("2021-22", 6), ("2022-23", 7), ("2023-24", 21)])
'21 escalations, up from 7 in 2022-23, the most since 2019-20.'
"""

from __future__ import annotations

from collections.abc import Sequence

Series = Sequence[tuple[str, int]]


def _count(value: int, singular: str, plural: str) -> str:
    return f"{value:,} {singular if value == 1 else plural}"


def _change(value: int, previous: tuple[str, int]) -> str:
    label, before = previous
    if value > before:
        return f"up from {before:,} in {label}"
    if value < before:
        return f"down from {before:,} in {label}"
    return f"the same as in {label}"


def _extreme(value: int, earlier: Series) -> str:
    """'the most since 2019-20', 'the fewest ever recorded', or '' when nothing stands out.

    Said only with two or more earlier years, and "since" only when at least two years lie
    between (otherwise the change from last year already says it).
    """
    if len(earlier) < 2:
        return ""
    values = [v for _, v in earlier]
    if value > max(values):
        return "the most ever recorded"
    if value < min(values):
        return "the fewest ever recorded"
    last_higher = max(i for i, v in enumerate(values) if v >= value)
    last_lower = max(i for i, v in enumerate(values) if v <= value)
    if last_higher < len(values) - 2:
        return f"the most since {earlier[last_higher][0]}"
    if last_lower < len(values) - 2:
        return f"the fewest since {earlier[last_lower][0]}"
    return ""


def compare(singular: str, plural: str, series: Series) -> str:
    """One sentence on the last year of `series` (oldest first), set against the years before."""
    if not series:
        raise ValueError("There is no year to describe.")
    label, value = series[-1]
    earlier = series[:-1]
    if not earlier:
        return f"{_count(value, singular, plural)} in {label}, the first year recorded."
    parts = [_count(value, singular, plural), _change(value, earlier[-1])]
    if extreme := _extreme(value, earlier):
        parts.append(extreme)
    return ", ".join(parts) + "."
