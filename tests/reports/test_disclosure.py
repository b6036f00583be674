"""The published report applies disclosure control: a section built with
`metrics.presenting.as_published` shows small counts of people or cases as "c" in its tables,
charts and sentences, on the page, in the Word file and in the frozen snapshot."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from decimal import Decimal
from html.parser import HTMLParser

import docx
import pytest
from django.urls import reverse
from docx.document import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

from safeguarding.accounts.roles import Role
from safeguarding.core.models import Partnership
from safeguarding.core.years import ReportingYear
from safeguarding.metrics import registry as metrics_registry
from safeguarding.metrics import services as metrics_services
from safeguarding.metrics.presenting import as_published
from safeguarding.metrics.registry import Metric, Unit
from safeguarding.metrics.selectors import series
from safeguarding.reports import registry, services
from safeguarding.reports.registry import Section, SectionData
from safeguarding.reports.sentences import compare

pytestmark = pytest.mark.django_db

ESCALATIONS = Metric(
    code="test.escalations",
    label="Escalations",
    unit=Unit.COUNT,
    breakdowns=("agency",),
    disclosive=True,
)
SENTENCE = "Fewer than 6 escalations in 2023-24, down from 25 in 2022-23."
# The true counts that must never be published: 2022-23 Police 4 (and Health 9, which would
# give it away from the total of 25); 2023-24 Police 2, Health 1 and their total of 3.
HIDDEN = {"4", "9", "2", "1", "3"}


def escalations_data(partnership: Partnership, year: ReportingYear) -> SectionData:
    years = [year.previous(2), year.previous(), year]
    shown = as_published(
        series("test.escalations", partnership=partnership, years=years, breakdown="agency")
    )
    return {
        "paragraphs": [compare("escalation", "escalations", shown.totals(until=year))],
        "tables": [shown.table("Escalations by agency")],
        "charts": [shown.chart("Escalations by year")],
    }


@pytest.fixture
def escalations(partnership) -> Iterator[Section]:
    section = Section(code="escalations", title="Professional differences", data=escalations_data)
    with metrics_registry.registered(ESCALATIONS):
        registry.register(section)
        for year, key, value in [
            (2021, "", 14),
            (2022, "Police", 4),
            (2022, "Health", 9),
            (2022, "Schools", 12),
            (2023, "Police", 2),
            (2023, "Health", 1),
        ]:
            metrics_services.entered_value_set(
                actor=None,
                partnership=partnership,
                metric="test.escalations",
                period=ReportingYear(year),
                value=Decimal(value),
                source="Escalations log",
                breakdown="agency" if key else "",
                breakdown_value=key,
            )
        yield section
        registry.unregister(section.code)


class Cells(HTMLParser):
    """The text of every table cell inside the section with the given id."""

    def __init__(self, section_id: str) -> None:
        super().__init__()
        self.section_id, self.depth = section_id, 0
        self.cell: str | None = None
        self.cells: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "section" and dict(attrs).get("id") == self.section_id:
            self.depth = 1
        elif tag == "section" and self.depth:
            self.depth += 1
        elif self.depth and tag in ("td", "th"):
            self.cell = ""

    def handle_endtag(self, tag):
        if tag == "section" and self.depth:
            self.depth -= 1
        elif tag in ("td", "th") and self.cell is not None:
            self.cells.append(self.cell.strip())
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def section_cells(page: str) -> list[str]:
    parser = Cells("section-escalations")
    parser.feed(page)
    return parser.cells


def test_the_report_page_shows_c_and_never_the_small_counts(
    escalations, client_as, personas, report
):
    page = client_as(personas[Role.PRACTITIONER]).get(
        reverse("reports:report_detail", args=[report.partnership.slug, report.pk])
    )
    text = page.content.decode()
    cells = section_cells(text)
    assert cells[:5] == ["Agency", "2021-22", "2022-23", "2023-24", "Health"]
    assert cells.count("c") == 6  # Health, Police (2 years each), 2023-24's total; the chart's
    assert {"12", "14", "25"} <= set(cells)
    assert not HIDDEN & set(cells)
    assert SENTENCE in text
    assert "Bar chart: Escalations by year. 2021-22: 14; 2022-23: 25; 2023-24: c." in text


def section_tables(word: Document) -> list[Table]:
    """The Word tables after the section's heading."""
    tables: list[Table] = []
    inside = False
    for block in word.iter_inner_content():
        if isinstance(block, Paragraph) and block.style and block.style.name == "Heading 1":
            inside = block.text == "Professional differences"
        elif inside and isinstance(block, Table):
            tables.append(block)
    return tables


def test_the_word_file_shows_c_and_never_the_small_counts(escalations, client_as, personas, report):
    response = client_as(personas[Role.PRACTITIONER]).get(
        reverse("reports:download_docx", args=[report.partnership.slug, report.pk])
    )
    word = docx.Document(io.BytesIO(response.content))
    rows = [row for table in section_tables(word) for row in table.rows]
    cells = [cell.text for row in rows for cell in row.cells]
    assert {"c", "12", "14", "25"} <= set(cells)
    assert not HIDDEN & set(cells)
    assert SENTENCE in [p.text for p in word.paragraphs]
    chart = word.inline_shapes[-1]._inline.docPr.get("descr")
    assert chart == "Bar chart: Escalations by year. 2021-22: 14; 2022-23: 25; 2023-24: c."


def test_the_published_snapshot_keeps_only_what_may_be_published(escalations, personas, report):
    day = dt.date(2024, 9, 30)
    services.report_approve(actor=personas[Role.EXECUTIVE], report=report, approved_on=day)
    services.report_publish(actor=personas[Role.BUSINESS_UNIT], report=report, published_on=day)
    report.refresh_from_db()
    (frozen,) = [s for s in report.snapshot["sections"] if s["code"] == "escalations"]
    assert frozen["data"]["tables"][0]["rows"] == [
        ["Health", "–", "c", "c"],
        ["Police", "–", "c", "c"],
        ["Schools", "–", "12", "–"],
        ["Total", "14", "25", "c"],
    ]
    assert frozen["data"]["paragraphs"] == [SENTENCE]
    assert frozen["data"]["charts"][0]["points"] == [
        ["2021-22", 14],
        ["2022-23", 25],
        ["2023-24", "c"],
    ]
