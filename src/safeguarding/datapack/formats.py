"""Reading and writing packs: an XLSX workbook, a folder of CSVs, or a .zip of CSVs.

Every written cell that a spreadsheet would run as a formula is escaped with a leading
apostrophe; reading strips that escape again.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook

from safeguarding.core.spreadsheets import escape, unescape

NOT_A_PACK = "The data pack must be an Excel workbook (.xlsx), a .zip of CSV files or a CSV file."


class PackError(Exception):
    """The file is not a pack at all (as opposed to a pack with bad rows)."""


@dataclass
class RawSheet:
    header: list[str]
    #: (row number as the spreadsheet shows it, {column: text}).
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)


Pack = dict[str, RawSheet]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unescape(str(value).strip())


def _sheet(lines: Iterable[Iterable[Any]], first_row: int = 1) -> RawSheet:
    rows = iter(lines)
    header = [_text(name).lower() for name in next(rows, [])]
    sheet = RawSheet(header=[name for name in header if name])
    for number, values in enumerate(rows, start=first_row + 1):
        texts = [_text(value) for value in values]
        if any(texts):
            sheet.rows.append((number, dict(zip(header, texts, strict=False))))
    return sheet


def read_bytes(name: str, content: bytes) -> Pack:
    """Read an uploaded pack; PackError when it is not a workbook, a zip or a CSV."""
    if zipfile.is_zipfile(io.BytesIO(content)):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if "xl/workbook.xml" in archive.namelist():
                return _read_xlsx(content)
            return _read_zip(archive)
    if name.lower().endswith(".csv"):
        return {Path(name).stem.lower(): _read_csv(content)}
    raise PackError(NOT_A_PACK)


def read_path(path: Path) -> Pack:
    if path.is_dir():
        return {file.stem.lower(): _read_csv(file.read_bytes()) for file in path.glob("*.csv")}
    if not path.exists():
        raise PackError(f"There is no file or folder at {path}.")
    return read_bytes(path.name, path.read_bytes())


def _read_xlsx(content: bytes) -> Pack:
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise PackError(NOT_A_PACK) from error
    try:
        return {ws.title.lower(): _sheet(ws.iter_rows(values_only=True)) for ws in book}
    finally:
        book.close()


def _read_zip(archive: zipfile.ZipFile) -> Pack:
    names = [name for name in archive.namelist() if name.lower().endswith(".csv")]
    if not names:
        raise PackError(NOT_A_PACK)
    return {Path(name).stem.lower(): _read_csv(archive.read(name)) for name in names}


def _read_csv(content: bytes) -> RawSheet:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise PackError("CSV files in a data pack must be saved as UTF-8.") from error
    return _sheet(csv.reader(io.StringIO(text, newline="")))


def _lines(columns: list[str], rows: Iterable[dict[str, str]]) -> Iterator[list[str]]:
    yield columns
    for row in rows:
        yield [escape(row.get(column, "")) for column in columns]


def write_xlsx(sheets: Iterable[tuple[str, list[str], Iterable[dict[str, str]]]]) -> bytes:
    book = Workbook(write_only=True)
    for name, columns, rows in sheets:
        sheet = book.create_sheet(title=name)
        for line in _lines(columns, rows):
            sheet.append(line)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def write_csv_folder(
    folder: Path, sheets: Iterable[tuple[str, list[str], Iterable[dict[str, str]]]]
) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, columns, rows in sheets:
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows(_lines(columns, rows))
