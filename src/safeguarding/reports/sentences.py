"""Sentences that compare a year's count with earlier years, for the report's sections.

>>> compare("escalation", "escalations",
...         [("2019-20", 23), ("2020-21", 13), ("2021-22", 6), ("2022-23", 7), ("2023-24", 21)])
'21 escalations, up from 7 in 2022-23, the most since 2019-20.'

A value may be a count that disclosure control hides (any str, as `metrics.presenting`'s
`PublishedSeries.totals()` gives it: a count from 1 to the threshold). The sentence never states
it: "Fewer than 6 escalations in 2023-24." or "21 escalations, up from fewer than 6 in 2022-23."
"""

from __future__ import annotations

from collections.abc import Sequence

from safeguarding.metrics.disclosure import threshold

Shown = int | str  # a count, or the disclosure symbol for a hidden one
Series = Sequence[tuple[str, Shown]]


def _hidden(value: Shown) -> bool:
    return isinstance(value, str)


def _count(value: Shown, singular: str, plural: str) -> str:
    if isinstance(value, str):
        return f"fewer than {threshold() + 1} {plural}"
    return f"{value:,} {singular if value == 1 else plural}"


def _amount(value: Shown) -> str:
    return f"fewer than {threshold() + 1}" if isinstance(value, str) else f"{value:,}"


def _order(value: Shown) -> int:
    """A hidden count stands for one from 1 to the threshold: below any shown count above the
    threshold and above zero (the only shown counts beside a hidden one)."""
    return 1 if isinstance(value, str) else value


def _change(value: Shown, previous: tuple[str, Shown]) -> str:
    label, before = previous
    if _hidden(value) and _hidden(before):
        return ""  # both hidden: saying more or fewer would narrow them down
    if _order(value) > _order(before):
        return f"up from {_amount(before)} in {label}"
    if _order(value) < _order(before):
        return f"down from {_amount(before)} in {label}"
    return f"the same as in {label}"


def _extreme(value: Shown, earlier: Series) -> str:
    """'the most since 2019-20', 'the fewest ever recorded', or '' when nothing stands out.

    Said only with two or more earlier years, and "since" only when at least two years lie
    between (otherwise the change from last year already says it); never of a hidden count.
    """
    if len(earlier) < 2 or isinstance(value, str):
        return ""
    values = [_order(v) for _, v in earlier]
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
    counted = _count(value, singular, plural)
    if not earlier:
        return _sentence(f"{counted} in {label}, the first year recorded")
    if _hidden(value):
        counted = f"{counted} in {label}"
    parts = [counted, *filter(None, [_change(value, earlier[-1]), _extreme(value, earlier)])]
    return _sentence(", ".join(parts))


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."
