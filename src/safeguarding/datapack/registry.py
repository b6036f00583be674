"""The data pack's sheets: each app registers its own in its `datapack.py`.

A sheet names its columns, its natural key, the form that parses one row, the service call
that saves a row (or, for sheets that run to many thousands of rows, a batch of rows) and the
export that lists the partnership's rows. Sheets load in `order`, so a sheet that refers to
another (by name) loads after it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError

if TYPE_CHECKING:
    from safeguarding.accounts.models import User
    from safeguarding.core.models import Partnership

Row = dict[str, str]
#: The rows a batch save is given: (the row's number in the sheet, its cleaned values).
NumberedRows = list[tuple[int, dict[str, Any]]]
LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class Column:
    name: str
    required: bool = False
    description: str = ""


@dataclass(frozen=True)
class ImportContext:
    """Who is importing into which partnership: what a sheet's `save` needs."""

    actor: User | None
    partnership: Partnership


class RowRefused(Exception):
    """Raised by a sheet's `save_many` when its service refuses a row: the row's number and why."""

    def __init__(self, number: int, error: ValidationError) -> None:
        super().__init__(number, error)
        self.number, self.error = number, error


@dataclass(frozen=True)
class Sheet:
    name: str
    order: int
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    form: type[forms.Form]
    save: Callable[[ImportContext, dict[str, Any]], object]
    export: Callable[[Partnership], Iterable[Row]]
    #: Columns that name a row of another sheet, checked before anything is saved. A column:
    #: {"agency": "agencies"}; several columns that together make the other sheet's key, in its
    #: key's order: {("subgroup", "date"): "meetings"}. A column in `lists` names several rows.
    references: dict[str | tuple[str, ...], str] = field(default_factory=dict)
    #: Columns holding several names separated by `;` (`invited`, `groups`).
    lists: frozenset[str] = frozenset()
    #: Saves every added or changed row at once, in place of `save` row by row: for sheets that
    #: run to many thousands of rows. Raises RowRefused for a row its service refuses.
    save_many: Callable[[ImportContext, NumberedRows], object] | None = None
    #: Rules across the sheet's rows (shares that must add up), given the rows that passed their
    #: form; yields (row number, column, message) for each problem.
    check_rows: Callable[[NumberedRows], Iterable[tuple[int, str, str]]] | None = None
    description: str = ""
    #: The roles that may import and export this sheet (a restricted register's own role). Empty:
    #: whoever may use the data pack. The command line (no actor) may always.
    restricted_to: frozenset[str] = frozenset()

    def open_to(self, roles: frozenset[str] | None) -> bool:
        """Whether someone holding these roles (None: the command line) may import or export it."""
        return roles is None or not self.restricted_to or bool(self.restricted_to & roles)

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]

    @property
    def required_columns(self) -> list[str]:
        return [column.name for column in self.columns if column.required]

    def key_of(self, row: Row) -> tuple[str, ...]:
        return tuple(normalise_key(row.get(name, "")) for name in self.key)


_SHEETS: dict[str, Sheet] = {}


def register(sheet: Sheet) -> Sheet:
    if sheet.name in _SHEETS:
        raise ValueError(f"A data pack sheet called “{sheet.name}” is already registered.")
    _SHEETS[sheet.name] = sheet
    return sheet


def unregister(name: str) -> None:
    _SHEETS.pop(name, None)


def sheets() -> list[Sheet]:
    """Every registered sheet, in the order they load."""
    return sorted(_SHEETS.values(), key=lambda sheet: (sheet.order, sheet.name))


def get(name: str) -> Sheet | None:
    return _SHEETS.get(name)


def normalise_key(value: str) -> str:
    return " ".join(value.split()).casefold()


def split_list(text: str) -> list[str]:
    """The names in a list cell ("Somerset Council; Police"), blanks dropped."""
    return [part for part in (part.strip() for part in text.split(LIST_SEPARATOR)) if part]


def cell(value: Any) -> str:
    """A cleaned value as the pack writes it: dates as YYYY-MM-DD, nothing as ""."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
