"""`safeguarding import` and `export`: the preview or every error, and the exit code."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from safeguarding.audit.models import AuditEntry
from safeguarding.core.models import Agency
from safeguarding.datapack import registry
from tests.datapack.helpers import AGENCY_HEADER, xlsx

pytestmark = pytest.mark.django_db


def _run(*args, **options):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def _pack(tmp_path, *rows):
    path = tmp_path / "pack.xlsx"
    path.write_bytes(xlsx({"agencies": [AGENCY_HEADER, *rows]}))
    return path


def test_a_dry_run_prints_the_preview_and_saves_nothing(partnership, tmp_path):
    path = _pack(tmp_path, ["New Trust", "", "health", "relevant_agency", "", ""])

    out, _ = _run("import", str(path), partnership="testshire", dry_run=True)

    assert "agencies: 1 to add, 0 to change, 0 unchanged" in out
    assert "Dry run: nothing was saved." in out
    assert not Agency.objects.filter(name="New Trust").exists()


def test_import_saves_and_records_who_ran_it(partnership, tmp_path):
    path = _pack(tmp_path, ["New Trust", "", "health", "relevant_agency", "", ""])

    out, _ = _run("import", str(path), partnership="testshire")

    assert "Imported." in out
    assert Agency.objects.get(name="New Trust").partnerships.get() == partnership
    assert AuditEntry.objects.get(action="datapack.import").actor_label == "command line"


def test_errors_are_printed_one_a_line_and_the_command_fails(partnership, tmp_path):
    path = _pack(tmp_path, ["New Trust", "", "shop", "relevant_agency", "", "2024-13-01"])
    err = StringIO()

    with pytest.raises(CommandError, match="2 problem"):
        call_command("import", str(path), partnership="testshire", stderr=err)

    assert err.getvalue().splitlines() == [
        "sheet agencies, row 2, column sector: Use one of: local_authority, health, police, "
        "education, probation, vcfse, other.",
        "sheet agencies, row 2, column retired_on: "
        "Enter a real date as YYYY-MM-DD, like 2024-03-27.",
    ]
    assert not Agency.objects.filter(name="New Trust").exists()


def test_a_file_that_is_not_a_pack_or_an_unknown_partnership_fails(partnership, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("hello")

    with pytest.raises(CommandError, match="must be an Excel workbook"):
        _run("import", str(notes), partnership="testshire")
    with pytest.raises(CommandError, match="no partnership “nowhere”"):
        _run("import", str(notes), partnership="nowhere")


def test_export_writes_a_workbook_or_a_folder_that_imports_back(partnership, agency, tmp_path):
    _run("export", str(tmp_path / "pack.xlsx"), partnership="testshire")
    _run("export", str(tmp_path / "csv"), partnership="testshire")

    assert (tmp_path / "pack.xlsx").read_bytes()[:2] == b"PK"
    expected = sorted(f"{sheet.name}.csv" for sheet in registry.sheets())
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == expected
    out, _ = _run("import", str(tmp_path / "csv"), partnership="testshire", dry_run=True)
    assert "agencies: 0 to add, 0 to change, 1 unchanged" in out


def test_the_command_line_exits_non_zero_on_errors(partnership, tmp_path, capsys):
    from django.core.management import execute_from_command_line

    path = _pack(tmp_path, ["", "", "police", "statutory_partner", "", ""])

    with pytest.raises(SystemExit) as exit_:
        execute_from_command_line(
            ["safeguarding", "import", str(path), "--partnership", "testshire"]
        )

    assert exit_.value.code == 1
    assert "sheet agencies, row 2, column name: Enter the agency name." in capsys.readouterr().err
