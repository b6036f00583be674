import io
import subprocess

import docx
import pytest
from django.core.management import call_command

from safeguarding.accounts.roles import Role
from safeguarding.reports import document, rendering, services
from tests.reports.conftest import YEAR


@pytest.fixture
def doc(report, partnership, personas):
    services.narrative_update(
        actor=personas[Role.BUSINESS_UNIT],
        report=report,
        section_code="about",
        html="<p>We are <strong>three</strong> partners.</p><ul><li>One</li></ul>",
    )
    return document.build(partnership, YEAR, report)


def pdf_text(content: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return result.stdout.decode()


def test_the_pdf_holds_the_sections_contents_and_page_numbers(doc):
    text = pdf_text(rendering.pdf_bytes(doc))
    assert "Yearly report 2023-24" in text
    assert "About the partnership" in text
    assert "Testshire Police" in text
    assert "We are three partners." in text
    assert "Page 2 of" in text
    assert "Agencies by sector: data" in text


def test_the_word_document_has_headings_tables_and_a_chart(doc):
    word = docx.Document(io.BytesIO(rendering.docx_bytes(doc)))
    headings = [p.text for p in word.paragraphs if p.style and p.style.name == "Heading 1"]
    assert headings == ["About the partnership"]
    assert word.tables
    assert word.tables[0].rows[1].cells[0].text == "Police"
    assert len(word.inline_shapes) == 1
    assert any(p.text == "We are three partners." for p in word.paragraphs)
    assert any(r.bold for p in word.paragraphs for r in p.runs if r.text == "three")


@pytest.mark.parametrize("file_format", ["html", "pdf", "docx"])
def test_the_command_writes_each_format(tmp_path, report, file_format):
    output = tmp_path / f"report.{file_format}"
    out = io.StringIO()
    call_command(
        "report",
        "--partnership=testshire",
        "--year=2023-24",
        f"--format={file_format}",
        f"--output={output}",
        stdout=out,
    )
    content = output.read_bytes()
    assert b"Testshire" in content if file_format == "html" else len(content) > 1000
    assert "Version 1, draft" in out.getvalue()


def test_the_command_uses_live_data_when_there_is_no_report(tmp_path, partnership, agency):
    output = tmp_path / "report.html"
    out = io.StringIO()
    call_command(
        "report",
        "--partnership=testshire",
        "--year=2022-23",
        "--format=html",
        f"--output={output}",
        stdout=out,
    )
    assert "Live data" in out.getvalue()
    assert "Testshire Police" in output.read_text()


def test_the_command_refuses_an_unknown_partnership(tmp_path, db):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="no partnership"):
        call_command(
            "report",
            "--partnership=nowhere",
            "--year=2023-24",
            "--format=html",
            f"--output={tmp_path / 'x.html'}",
        )
