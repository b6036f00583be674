"""Workbooks, CSV folders and zips read alike; formulas are escaped on the way out and back."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import load_workbook

from safeguarding.core import services as core_services
from safeguarding.core.spreadsheets import escape, unescape
from safeguarding.datapack.formats import NOT_A_PACK, PackError, read_bytes, read_path
from safeguarding.datapack.services import export_pack, export_rows
from tests.datapack.helpers import xlsx


@pytest.mark.parametrize("value", ["=SUM(A1)", "+1", "-2", "@cmd", "\tx", "\rx"])
def test_a_cell_a_spreadsheet_would_run_is_escaped_and_unescaped(value):
    assert escape(value) == f"'{value}"
    assert unescape(escape(value)) == value


def test_ordinary_text_is_left_alone():
    assert escape("Testshire Police") == "Testshire Police"
    assert unescape("'quoted'") == "'quoted'"


@pytest.mark.django_db
def test_an_exported_formula_is_text_in_the_workbook_and_in_csv_and_reads_back(
    partnership, other_partnership, tmp_path
):
    core_services.theme_create(
        actor=None, partnership=partnership, name='=HYPERLINK("http://x")', description="@me"
    )
    content = export_pack(actor=None, partnership=partnership)
    sheet = load_workbook(io.BytesIO(content))["themes"]
    cells = [row for row in sheet.iter_rows(values_only=True) if row[0].startswith("'")]
    assert cells == [('\'=HYPERLINK("http://x")', "'@me", None)]

    export_pack(actor=None, partnership=partnership, path=tmp_path / "pack")
    assert "'=HYPERLINK" in (tmp_path / "pack" / "themes.csv").read_text(encoding="utf-8")

    for pack in (read_bytes("p.xlsx", content), read_path(tmp_path / "pack")):
        names = [values["name"] for _, values in pack["themes"].rows]
        assert '=HYPERLINK("http://x")' in names


def test_a_zip_of_csv_files_is_a_pack():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("pack/Themes.csv", "Name,description\r\nNeglect,\r\n,\r\n")
    pack = read_bytes("pack.zip", archive.getvalue())

    assert pack["themes"].header == ["name", "description"]
    assert pack["themes"].rows == [(2, {"name": "Neglect", "description": ""})]


def test_workbook_dates_and_whole_numbers_read_as_the_pack_writes_them():
    import datetime as dt

    content = xlsx({"themes": [["name", "retired_on"], [2024.0, dt.datetime(2024, 3, 27)]]})

    assert read_bytes("x.xlsx", content)["themes"].rows == [
        (2, {"name": "2024", "retired_on": "2024-03-27"})
    ]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("notes.txt", b"hello"),
        ("picture.png", b"\x89PNG\r\n"),
        ("broken.xlsx", b"PK\x03\x04broken"),
    ],
)
def test_a_file_that_is_not_a_pack_is_refused(name, content):
    with pytest.raises(PackError, match="must be an Excel workbook"):
        read_bytes(name, content)


def test_a_zip_without_csv_files_is_refused():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("readme.txt", "hello")

    with pytest.raises(PackError) as error:
        read_bytes("pack.zip", archive.getvalue())
    assert str(error.value) == NOT_A_PACK


def test_a_csv_not_in_utf8_is_refused():
    with pytest.raises(PackError, match="UTF-8"):
        read_bytes("themes.csv", "name\r\nCaf\u00e9\r\n".encode("latin-1"))


@pytest.mark.django_db
def test_export_lists_every_sheet_with_its_columns(partnership, agency):
    sheets = {name: (columns, rows) for name, columns, rows in export_rows(partnership)}

    assert list(sheets)[:2] == ["agencies", "themes"]
    assert sheets["agencies"][1][0]["name"] == "Testshire Police"
