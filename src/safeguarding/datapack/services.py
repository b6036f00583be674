"""Importing and exporting data packs: every row checked before anything is written."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction

from safeguarding.accounts.roles import Role
from safeguarding.accounts.scope import scope_for
from safeguarding.audit.services import audit_record
from safeguarding.datapack import registry
from safeguarding.datapack.formats import Pack, RawSheet, read_bytes, write_csv_folder, write_xlsx
from safeguarding.datapack.models import ImportJob
from safeguarding.datapack.registry import ImportContext, Row, RowRefused, Sheet

if TYPE_CHECKING:
    from safeguarding.accounts.models import User
    from safeguarding.core.models import Partnership

#: Called with (rows done, rows in all) as the rows are checked.
Progress = Callable[[int, int], None]
PROGRESS_EVERY = 200


@dataclass(frozen=True)
class RowError:
    sheet: str
    #: The row number the spreadsheet shows (the header is row 1); None for the whole sheet.
    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = [f"sheet {self.sheet}"]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}"


@dataclass
class SheetCounts:
    added: int = 0
    changed: int = 0
    unchanged: int = 0


@dataclass
class ImportResult:
    dry_run: bool
    counts: dict[str, SheetCounts] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ImportResult:
        return cls(
            dry_run=data.get("dry_run", True),
            counts={name: SheetCounts(**c) for name, c in data.get("counts", {}).items()},
            errors=[RowError(**e) for e in data.get("errors", [])],
        )


@dataclass
class _PlannedRow:
    number: int
    data: dict[str, Any]
    state: str  # "added", "changed" or "unchanged"


@dataclass
class _Plan:
    sheet: Sheet
    rows: list[_PlannedRow] = field(default_factory=list)


class _RollBack(Exception):
    pass


def import_pack(
    *,
    actor: User | None,
    partnership: Partnership,
    pack: Pack,
    dry_run: bool,
    on_progress: Progress | None = None,
) -> ImportResult:
    """Check every sheet and row; write nothing on any error, else save every row at once.

    A dry run checks and counts (by key, against the partnership's export) without calling the
    services; a rule only a service knows is then reported by the real import, which saves
    nothing when any row is refused.
    """
    result = ImportResult(dry_run=dry_run)
    roles = _roles(actor, partnership)
    plans = _check(pack, partnership, result.errors, on_progress or _ignore, roles)
    result.counts = {plan.sheet.name: _count(plan) for plan in plans}
    if result.errors or dry_run:
        return result
    try:
        with transaction.atomic():
            _save(plans, ImportContext(actor=actor, partnership=partnership), result.errors)
            if result.errors:
                raise _RollBack
            _audit_import(actor, partnership, result)
    except _RollBack:
        pass
    return result


def _ignore(done: int, total: int) -> None:
    return None


def _count(plan: _Plan) -> SheetCounts:
    counts = SheetCounts()
    for row in plan.rows:
        setattr(counts, row.state, getattr(counts, row.state) + 1)
    return counts


def _audit_import(actor: User | None, partnership: Partnership, result: ImportResult) -> None:
    audit_record(
        actor=actor,
        action="datapack.import",
        partnership=partnership,
        changes={name: [None, asdict(counts)] for name, counts in result.counts.items()},
        actor_label=None if actor else "command line",
    )


def _roles(actor: User | None, partnership: Partnership) -> frozenset[str] | None:
    """The actor's roles in the partnership (they open restricted sheets); None: command line."""
    if actor is None:
        return None
    scope = scope_for(actor, partnership)
    return frozenset(scope.roles) if scope else frozenset()


def _check(
    pack: Pack,
    partnership: Partnership,
    errors: list[RowError],
    on_progress: Progress,
    roles: frozenset[str] | None,
) -> list[_Plan]:
    """Plan every known sheet in the pack, appending every problem found to `errors`."""
    known = registry.sheets()
    for name in pack:
        sheet = registry.get(name)
        if sheet is None:
            names = ", ".join(sheet.name for sheet in known)
            errors.append(RowError(name, None, "", f"This is not a data pack sheet; use {names}."))
        elif not sheet.open_to(roles):
            errors.append(RowError(name, None, "", _restricted_message(sheet)))
    total = sum(len(pack[sheet.name].rows) for sheet in known if sheet.name in pack)
    progress = _Counter(total, on_progress)
    keys: dict[str, set[tuple[str, ...]]] = {}
    plans = []
    for sheet in known:
        existing = {sheet.key_of(row): row for row in sheet.export(partnership)}
        keys[sheet.name] = set(existing)
        if sheet.name in pack and sheet.open_to(roles):
            plan = _check_sheet(sheet, pack[sheet.name], existing, keys, errors, progress)
            plans.append(plan)
    progress.finish()
    return plans


@dataclass
class _Counter:
    total: int
    on_progress: Progress
    done: int = 0

    def tick(self) -> None:
        self.done += 1
        if self.done % PROGRESS_EVERY == 0:
            self.on_progress(self.done, self.total)

    def finish(self) -> None:
        self.on_progress(self.done, self.total)


def _check_sheet(
    sheet: Sheet,
    raw: RawSheet,
    existing: dict[tuple[str, ...], Row],
    keys: dict[str, set[tuple[str, ...]]],
    errors: list[RowError],
    progress: _Counter,
) -> _Plan:
    plan = _Plan(sheet)
    if not _header_ok(sheet, raw.header, errors):
        return plan
    parser = _RowParser(sheet)
    seen: dict[tuple[str, ...], int] = {}
    for number, values in raw.rows:
        progress.tick()
        cleaned, found = parser.parse(number, values)
        key = sheet.key_of(values)
        if key in seen:
            key_name = "/".join(sheet.key)
            message = f"This row repeats row {seen[key]}: each {key_name} may appear once."
            found.append(RowError(sheet.name, number, sheet.key[0], message))
        seen.setdefault(key, number)
        found += _reference_errors(sheet, number, values, keys)
        if found:
            errors += found
            continue
        keys[sheet.name].add(key)
        plan.rows.append(_plan_row(number, cleaned, raw.header, existing.get(key)))
    if sheet.check_rows is not None:
        rows = [(row.number, row.data) for row in plan.rows]
        errors += [RowError(sheet.name, *problem) for problem in sheet.check_rows(rows)]
    return plan


def _header_ok(sheet: Sheet, header: list[str], errors: list[RowError]) -> bool:
    before = len(errors)
    for column in sheet.required_columns:
        if column not in header:
            errors.append(RowError(sheet.name, 1, column, f"The sheet has no “{column}” column."))
    for column in header:
        if column not in sheet.column_names:
            expected = ", ".join(sheet.column_names)
            message = f"“{column}” is not a column of this sheet; its columns are {expected}."
            errors.append(RowError(sheet.name, 1, column, message))
    return len(errors) == before


class _RowParser:
    """One form per sheet, bound to each row in turn.

    Building a Django form deep-copies its fields, which costs more than cleaning a row, so a
    sheet's rows share one form instance: a row form must keep no state between rows (none of
    the registered forms does; `full_clean` starts every row with fresh `cleaned_data`).
    """

    def __init__(self, sheet: Sheet) -> None:
        self.sheet = sheet
        self.form = sheet.form(data={})

    def parse(self, number: int, values: dict[str, str]) -> tuple[dict[str, Any], list[RowError]]:
        """The row's cleaned values, and its errors by column."""
        form = self.form
        form.data = values
        form.full_clean()
        found = [
            RowError(self.sheet.name, number, "" if column == "__all__" else column, str(message))
            for column, messages in form.errors.items()
            for message in messages
        ]
        return form.cleaned_data, found


def _reference_errors(
    sheet: Sheet, number: int, values: dict[str, str], keys: dict[str, set[tuple[str, ...]]]
) -> list[RowError]:
    found = []
    for columns, target in sheet.references.items():
        known = keys.get(target, set())
        if isinstance(columns, tuple):
            named = [[values.get(column, "") for column in columns]]
            column = columns[-1]
        elif columns in sheet.lists:
            named = [[name] for name in registry.split_list(values.get(columns, ""))]
            column = columns
        else:
            named = [[values.get(columns, "")]]
            column = columns
        for parts in named:
            if all(parts) and tuple(map(registry.normalise_key, parts)) not in known:
                message = (
                    f"There is no “{', '.join(parts)}” in {target}, "
                    "in this partnership or in this pack."
                )
                found.append(RowError(sheet.name, number, column, message))
    return found


def _plan_row(
    number: int, cleaned: dict[str, Any], header: list[str], current: Row | None
) -> _PlannedRow:
    data = {column: cleaned[column] for column in header if column in cleaned}
    if current is None:
        return _PlannedRow(number, data, "added")
    # A column the export does not write (a checked-only `share`) is not stored: not a change.
    same = all(registry.cell(data[c]) == current[c] for c in data if c in current)
    return _PlannedRow(number, data, "unchanged" if same else "changed")


def _save(plans: list[_Plan], context: ImportContext, errors: list[RowError]) -> None:
    for plan in plans:
        sheet = plan.sheet
        rows = [(row.number, dict(row.data)) for row in plan.rows if row.state != "unchanged"]
        if sheet.save_many is not None and rows:
            try:
                sheet.save_many(context, rows)
            except RowRefused as refused:
                errors += _refusal(sheet, refused.number, refused.error)
            continue
        for number, data in rows:
            try:
                sheet.save(context, data)
            except ValidationError as error:
                errors += _refusal(sheet, number, error)


def _refusal(sheet: Sheet, number: int, error: ValidationError) -> list[RowError]:
    """A service's refusal of a row, against the row's columns (else the key's first column)."""
    return [
        RowError(sheet.name, number, column if column in sheet.column_names else sheet.key[0], m)
        for column, messages in _messages(error).items()
        for m in messages
    ]


def _messages(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return error.message_dict
    return {"": error.messages}


def _restricted_message(sheet: Sheet) -> str:
    roles = " or ".join(sorted(Role(role).label for role in sheet.restricted_to))
    return f"Only a member with the {roles} role may import or export this sheet."


def export_rows(
    partnership: Partnership, roles: frozenset[str] | None = None
) -> Iterator[tuple[str, list[str], list[Row]]]:
    """Each sheet open to these roles (None: every sheet) with its rows."""
    for sheet in registry.sheets():
        if sheet.open_to(roles):
            yield sheet.name, sheet.column_names, list(sheet.export(partnership))


def export_pack(*, actor: User | None, partnership: Partnership, path: Path | None = None) -> bytes:
    """The partnership's pack as an XLSX workbook; or, given a folder path, written as CSVs.
    A restricted register's sheet is left out unless the actor holds its role."""
    sheets = list(export_rows(partnership, _roles(actor, partnership)))
    rows = sum(len(rows) for _, _, rows in sheets)
    if path is not None and path.suffix.lower() != ".xlsx":
        write_csv_folder(path, sheets)
        content = b""
    else:
        content = write_xlsx(sheets)
    audit_record(
        actor=actor,
        action="datapack.export",
        partnership=partnership,
        changes={"format": [None, "xlsx" if content else "csv"], "rows": [None, rows]},
        actor_label=None if actor else "command line",
    )
    return content


@transaction.atomic
def import_job_preview(
    *, actor: User, partnership: Partnership, filename: str, content: bytes
) -> ImportJob:
    """Keep an uploaded pack and what importing it would do, until someone confirms it."""
    result = import_pack(
        actor=actor, partnership=partnership, pack=read_bytes(filename, content), dry_run=True
    )
    job = ImportJob.objects.create(
        partnership=partnership,
        created_by=actor,
        filename=filename,
        content=content,
        rows_total=sum(c.added + c.changed + c.unchanged for c in result.counts.values()),
        result=result.as_json(),
    )
    audit_record(
        actor=actor,
        action="datapack.upload",
        target=job,
        partnership=partnership,
        changes={"filename": [None, filename], "errors": [None, len(result.errors)]},
    )
    return job


def import_job_confirm(*, actor: User, job: ImportJob) -> ImportJob:
    """Queue a previewed, error-free pack for import (the task writes the import's audit entry)."""
    if job.status != ImportJob.Status.PREVIEWED or not ImportResult.from_json(job.result).ok:
        raise ValidationError("Only a checked pack without errors can be imported, and only once.")
    with transaction.atomic():
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.QUEUED, rows_done=0)
        audit_record(
            actor=actor, action="datapack.confirm", target=job, partnership=job.partnership
        )
    from safeguarding.datapack.tasks import run_import

    run_import.enqueue(job.pk)
    job.refresh_from_db()
    return job
