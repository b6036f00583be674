"""Learning gain (docs/training.md, "Figures"): computed in the database over `Rating` rows,
one per booking and question with the pre-course and post-course rating side by side, for the
training dashboard, the metrics, the API and the yearly report. A reporting year holds a session
when the session starts within it (UK time).

- a **matched pair** is a row with both ratings; a row with exactly one is **unmatched**, excluded
  and counted;
- **headline** = the mean over pairs of (post − pre) ÷ (the course's scale − 1) × 100: the gain as a
  percentage of the scale's range. Within one course this is exactly (mean post − mean pre) ÷
  (scale − 1) × 100; when a group mixes courses with different scales (by agency, or the total)
  each pair's gain is a fraction of its own course's range, so a 1–10 course and a 1–5 course
  weigh alike. Rounded half up to one decimal place (31.25 → 31.3);
- **normalised gain** = the mean over pairs of (post − pre) ÷ (scale − pre) (Hake's g for each
  answer, averaged), over pairs whose pre-course rating is below the top of the scale; pairs
  already at the top (g is undefined) are excluded and counted (**ceiling**). Four decimal places;
- **improved** = the share of matched pairs whose post rating is above the pre rating, a
  percentage to one decimal place; mean pre and mean post to two decimal places.

The database sums integers only, so SQLite and PostgreSQL give the same answer to the last digit:
each pair's gain (post − pre) ÷ d, with d from 1 to 9, is summed as (post − pre) × (2520 ÷ d) in
units of 1/2520 (2520 is divisible by every d from 1 to 9, so the integer division is exact), and
the sums are divided in Python with exact fractions. `gain_of` computes the same figures from the
pairs in pure Python (for the benchmark, and to cross-check the database in tests).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any, Literal

from django.db.models import Count, ExpressionWrapper, F, IntegerField, Q, QuerySet, Sum, Value
from django.db.models.functions import NullIf

from safeguarding.core.models import Agency, Partnership
from safeguarding.core.years import ReportingYear
from safeguarding.training.clocks import sessions_in
from safeguarding.training.models import SCALE_MIN, Course, Rating, Session

#: Divisible by every whole number from 1 to 9: a pair's gain in units of 1/2520 is a whole number.
GAIN_UNITS = 2520

GainGroup = Literal["course", "agency"]
Key = tuple[str, ...]

_GAIN_GROUPS: dict[str, str] = {
    "course": "booking__session__course__title",
    "agency": "booking__agency__name",
}
_SCALE = "booking__session__course__scale"


def rounded(value: Fraction, places: int) -> Decimal:
    """`value` rounded half up to `places` decimal places (exact: a tie is a terminating
    decimal, so Decimal's division finds it)."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Gain:
    """Learning gain over the matched pairs of a group (see the module's docstring)."""

    n: int  # matched pairs
    unmatched: int  # rows with only one of the two ratings
    ceiling: int  # matched pairs whose pre-course rating is the top of the scale
    mean_pre: Decimal
    mean_post: Decimal
    headline: Decimal  # % of the scale's range, 1 decimal place
    normalised: Decimal | None  # None when every pair is at the ceiling
    improved: Decimal  # % of matched pairs with post > pre, 1 decimal place


@dataclass(frozen=True)
class GainSums:
    """Whole-number sums from which a `Gain` follows; sums of disjoint groups add up.

    Each is an aggregate of an expression that is NULL unless the row is a matched pair (pre +
    post, post − pre, ...), so SQL's NULL handling picks the pairs with no per-aggregate filter
    (a filter on each of nine aggregates doubled the time on SQLite)."""

    n: int = 0  # COUNT(pre + post): matched pairs
    rated_pre: int = 0  # COUNT(pre)
    rated_post: int = 0  # COUNT(post)
    improved: int = 0  # pairs with post > pre
    both: int = 0  # Σ (pre + post) over pairs
    change: int = 0  # Σ (post − pre) over pairs
    range_units: int = 0  # Σ (post − pre) × (2520 ÷ (scale − 1)) over pairs
    normalised_n: int = 0  # pairs with pre below the top of the scale
    normalised_units: int = 0  # Σ (post − pre) × (2520 ÷ (scale − pre)) over those

    def __add__(self, other: GainSums) -> GainSums:
        return GainSums(
            **{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)}
        )

    @property
    def unmatched(self) -> int:
        """Rows with exactly one rating: each pair gave one to both counts."""
        return self.rated_pre + self.rated_post - 2 * self.n

    def gain(self) -> Gain | None:
        """The figures, or None without a matched pair."""
        if not self.n:
            return None
        normalised = (
            rounded(Fraction(self.normalised_units, GAIN_UNITS * self.normalised_n), 4)
            if self.normalised_n
            else None
        )
        return Gain(
            n=self.n,
            unmatched=self.unmatched,
            ceiling=self.n - self.normalised_n,
            mean_pre=rounded(Fraction(self.both - self.change, 2 * self.n), 2),
            mean_post=rounded(Fraction(self.both + self.change, 2 * self.n), 2),
            headline=rounded(Fraction(self.range_units * 100, GAIN_UNITS * self.n), 1),
            normalised=normalised,
            improved=rounded(Fraction(self.improved * 100, self.n), 1),
        )


@dataclass(frozen=True)
class GainTable:
    """Learning gain for each group (keyed by the group's values in the order asked, e.g.
    ("Advanced Child Protection 2 day", "Somerset Police")) and over every row filtered."""

    groups: dict[Key, Gain | None]
    total: Gain | None


def ratings(
    *,
    partnership: Partnership,
    year: ReportingYear,
    courses: Sequence[Course] = (),
    agencies: Sequence[Agency] = (),
) -> QuerySet[Rating]:
    """The ratings given on the partnership's sessions that start in the year, of the courses and
    booking agencies given (every one when none is given). The sessions are picked in a subquery,
    so the ratings are reached through the booking's session index."""
    sessions = Session.objects.filter(sessions_in(year), course__partnership=partnership)
    if courses:
        sessions = sessions.filter(course__in=courses)
    rows = Rating.objects.filter(booking__session__in=sessions.values("pk"))
    if agencies:
        rows = rows.filter(booking__agency__in=agencies)
    return rows


def _whole(expression: Any) -> ExpressionWrapper:
    return ExpressionWrapper(expression, output_field=IntegerField())


def _gain_sums() -> dict[str, Any]:
    """The aggregates behind `GainSums`, whole numbers only (see the module's docstring), named
    `gain_<field>` so they never shadow a column. Ratings lie within their course's scale (the
    services check it), so a pair whose pre-course rating is not below the top is at it."""
    change = _whole(F("post") - F("pre"))
    per_range = _whole(change * _whole(Value(GAIN_UNITS) / (F(_SCALE) - SCALE_MIN)))
    per_headroom = _whole(change * _whole(Value(GAIN_UNITS) / NullIf(F(_SCALE) - F("pre"), 0)))
    sums = {
        "n": Count(_whole(F("pre") + F("post"))),
        "rated_pre": Count("pre"),
        "rated_post": Count("post"),
        "improved": Count("pk", filter=Q(post__gt=F("pre"))),
        "both": Sum(_whole(F("pre") + F("post"))),
        "change": Sum(change),
        "range_units": Sum(per_range),
        "normalised_n": Count(per_headroom),
        "normalised_units": Sum(per_headroom),
    }
    return {f"gain_{name}": aggregate for name, aggregate in sums.items()}


def _sums(row: dict[str, Any]) -> GainSums:
    return GainSums(**{f.name: row[f"gain_{f.name}"] or 0 for f in fields(GainSums)})


def learning_gain(
    *,
    partnership: Partnership,
    year: ReportingYear,
    courses: Sequence[Course] = (),
    agencies: Sequence[Agency] = (),
    by: Sequence[GainGroup] = (),
) -> GainTable:
    """Learning gain over the year's ratings (see `ratings`), grouped by course title and/or
    booking agency name, and in total: one aggregate query. A group without a matched pair (only
    unmatched ratings) is None; so is the total when there is no pair at all."""
    rows = ratings(partnership=partnership, year=year, courses=courses, agencies=agencies)
    paths = [_GAIN_GROUPS[group] for group in by]
    if not paths:
        return GainTable(groups={}, total=_sums(rows.aggregate(**_gain_sums())).gain())
    grouped = {
        tuple(row[path] for path in paths): _sums(row)
        for row in rows.values(*paths).annotate(**_gain_sums()).order_by()
    }
    total = sum(grouped.values(), GainSums())
    return GainTable({key: sums.gain() for key, sums in grouped.items()}, total.gain())


Pair = tuple[int | None, int | None, int]  # pre, post, the course's scale


def gain_of(pairs: Iterable[Pair]) -> Gain | None:
    """Learning gain from (pre, post, scale) rows in pure Python, with exact fractions: the same
    definitions as `learning_gain`, computed independently of its whole-number sums."""
    matched: list[tuple[int, int, int]] = []
    unmatched = 0
    for pre, post, scale in pairs:
        if pre is not None and post is not None:
            matched.append((pre, post, scale))
        elif pre is not None or post is not None:
            unmatched += 1
    if not matched:
        return None
    n = len(matched)
    below = [(pre, post, scale) for pre, post, scale in matched if pre < scale]
    headline = sum((Fraction(post - pre, scale - SCALE_MIN) for pre, post, scale in matched), 0)
    g = sum((Fraction(post - pre, scale - pre) for pre, post, scale in below), Fraction(0))
    return Gain(
        n=n,
        unmatched=unmatched,
        ceiling=n - len(below),
        mean_pre=rounded(Fraction(sum(pre for pre, _, _ in matched), n), 2),
        mean_post=rounded(Fraction(sum(post for _, post, _ in matched), n), 2),
        headline=rounded(Fraction(headline) * 100 / n, 1),
        normalised=rounded(g / len(below), 4) if below else None,
        improved=rounded(Fraction(sum(1 for pre, post, _ in matched if post > pre) * 100, n), 1),
    )


def learning_gain_in_python(
    *,
    partnership: Partnership,
    year: ReportingYear,
    courses: Sequence[Course] = (),
    agencies: Sequence[Agency] = (),
    by: Sequence[GainGroup] = (),
) -> GainTable:
    """`learning_gain` computed in Python over every rating fetched (one query): the benchmark's
    comparison and the tests' cross-check, not for pages."""
    rows = ratings(partnership=partnership, year=year, courses=courses, agencies=agencies)
    paths = [_GAIN_GROUPS[group] for group in by]
    grouped: dict[Key, list[Pair]] = defaultdict(list)
    everything: list[Pair] = []
    for *key, pre, post, scale in rows.values_list(*paths, "pre", "post", _SCALE).iterator(
        chunk_size=10_000
    ):
        everything.append((pre, post, scale))
        if paths:
            grouped[tuple(key)].append((pre, post, scale))
    return GainTable({key: gain_of(pairs) for key, pairs in grouped.items()}, gain_of(everything))
