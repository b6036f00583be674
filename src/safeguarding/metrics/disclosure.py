"""Disclosure control for published outputs: pure functions over a table of counts.

- Primary suppression: a count from 1 to the threshold (the partnership's own when it set one,
  else settings.DISCLOSURE_THRESHOLD, 5) is shown as the symbol (settings.DISCLOSURE_SYMBOL,
  "c"). Zero is shown.
- Secondary suppression: where a line (a row or a column) has a published total and exactly one
  of its cells is suppressed, the smallest other cell (non-zero first) is suppressed too, so the
  hidden count cannot be worked out by subtraction; repeated until nothing changes.
- A percentage derived from a suppressed count is suppressed.
- A restricted view (`restricted=True`) shows the true values.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

from safeguarding.core.models import Partnership

Count = int | Decimal | None
Table = Mapping[str, Mapping[str, Count]]
Position = tuple[str, str]  # (row, column)
Line = tuple[list[Position], Position]  # the cells of a line, and its total


#: The threshold of the partnership whose outputs are being made (`threshold_of`), if any.
_partnership_threshold: ContextVar[int | None] = ContextVar("disclosure_threshold", default=None)


def site_threshold() -> int:
    return int(getattr(settings, "DISCLOSURE_THRESHOLD", 5))


def threshold() -> int:
    """The largest count hidden: the partnership's own (inside `threshold_of`), else the site's."""
    own = _partnership_threshold.get()
    return own if own is not None else site_threshold()


@contextmanager
def threshold_of(partnership: Partnership) -> Iterator[None]:
    """Make the partnership's outputs with its own threshold (its information governance may
    set one; empty: the site's). Wraps each place a partnership's published figures are made:
    the report's sections, the dashboard's panels, the API's series."""
    token = _partnership_threshold.set(partnership.disclosure_threshold)
    try:
        yield
    finally:
        _partnership_threshold.reset(token)


def symbol() -> str:
    return str(getattr(settings, "DISCLOSURE_SYMBOL", "c"))


def is_small(count: Count, limit: int | None = None) -> bool:
    """A count that must not be published: from 1 to the threshold."""
    return count is not None and 1 <= count <= (threshold() if limit is None else limit)


def disclose_value(count: Count, *, restricted: bool = False) -> Count | str:
    """One count on its own (no totals to protect)."""
    return symbol() if not restricted and is_small(count) else count


@dataclass(frozen=True)
class DisclosedTable:
    values: dict[str, dict[str, Count]]
    suppressed: frozenset[Position]
    symbol: str

    def is_suppressed(self, row: str, column: str) -> bool:
        return (row, column) in self.suppressed

    def shown(self, row: str, column: str) -> Count | str:
        value = self.values.get(row, {}).get(column)
        return self.symbol if self.is_suppressed(row, column) else value

    def as_dict(self) -> dict[str, dict[str, Count | str]]:
        return {
            row: {col: self.shown(row, col) for col in cols} for row, cols in self.values.items()
        }

    def percentage(
        self, row: str, column: str, *, of: Position, places: int = 1
    ) -> Decimal | str | None:
        """row/column as a percentage of the cell `of`; suppressed if either count is."""
        if self.is_suppressed(row, column) or self.is_suppressed(*of):
            return self.symbol
        return percent(self.values.get(row, {}).get(column), self.values[of[0]].get(of[1]), places)


def percent(part: Count, whole: Count, places: int = 1) -> Decimal | None:
    if part is None or not whole:
        return None
    exponent = Decimal(1).scaleb(-places)
    return (Decimal(part) * 100 / Decimal(whole)).quantize(exponent, rounding=ROUND_HALF_UP)


def disclose(
    table: Table,
    *,
    total_row: str | None = None,
    total_column: str | None = None,
    restricted: bool = False,
    limit: int | None = None,
) -> DisclosedTable:
    """The table as it may be published: small counts and the cells that would reveal them hidden.

    `total_row` / `total_column` name the row and column holding totals (each published total
    protects its line).
    """
    values = {row: dict(cols) for row, cols in table.items()}
    if restricted:
        return DisclosedTable(values, frozenset(), symbol())
    hidden = {
        (row, col) for row, cols in values.items() for col, v in cols.items() if is_small(v, limit)
    }
    lines = _lines(values, total_row, total_column)
    while _suppress_one_more(values, lines, hidden):
        pass
    return DisclosedTable(values, frozenset(hidden), symbol())


def suppress_percentages(
    percentages: Table, counts: DisclosedTable
) -> dict[str, dict[str, Count | str]]:
    """A table of percentages with the same shape as `counts`: hidden where the count is."""
    return {
        row: {
            col: counts.symbol if counts.is_suppressed(row, col) else v for col, v in cols.items()
        }
        for row, cols in percentages.items()
    }


def _columns(values: dict[str, dict[str, Count]]) -> list[str]:
    return list(dict.fromkeys(col for cols in values.values() for col in cols))


def _lines(
    values: dict[str, dict[str, Count]], total_row: str | None, total_column: str | None
) -> list[Line]:
    rows, columns = list(values), _columns(values)
    lines: list[Line] = []
    if total_column is not None:
        for row in rows:
            lines.append(
                ([(row, col) for col in columns if col != total_column], (row, total_column))
            )
    if total_row is not None:
        for col in columns:
            lines.append(([(row, col) for row in rows if row != total_row], (total_row, col)))
    return lines


def _value(values: dict[str, dict[str, Count]], position: Position) -> Count:
    return values.get(position[0], {}).get(position[1])


def _suppress_one_more(
    values: dict[str, dict[str, Count]], lines: list[Line], hidden: set[Position]
) -> bool:
    """Suppress one more cell where a line would give a hidden count away; False when stable."""
    for cells, total in lines:
        if _value(values, total) is None or total in hidden:
            continue  # no published total: nothing to subtract from
        present = [cell for cell in cells if _value(values, cell) is not None]
        if sum(cell in hidden for cell in present) != 1:
            continue
        hidden.add(_complement([cell for cell in present if cell not in hidden], values) or total)
        return True
    return False


def _complement(candidates: list[Position], values: dict[str, dict[str, Count]]) -> Position | None:
    """The smallest cell to hide beside one hidden count, a non-zero one if there is one."""
    if not candidates:
        return None
    return min(candidates, key=lambda cell: (_value(values, cell) == 0, _value(values, cell) or 0))
