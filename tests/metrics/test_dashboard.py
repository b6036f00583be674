"""The partnership dashboard: panels with a chart and their data table, and the downloads."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from decimal import Decimal
from html.parser import HTMLParser

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from safeguarding.accounts.roles import ALL_ROLES, Role
from safeguarding.audit.models import AuditEntry
from safeguarding.core import services as core_services
from safeguarding.core.years import ReportingYear
from safeguarding.metrics import dashboard, services
from safeguarding.metrics.dashboard import ChartKind, Panel, registered_panels

REFERRALS = Panel(
    code="referrals",
    metric="test.referrals",
    title="Referrals by agency",
    breakdown="agency",
    chart=ChartKind.BREAKDOWN,
    order=1,
)
RETIRED = Panel(code="retired", metric="test.retired_agencies", title="Agencies retired", order=2)
YEAR = "?year=2023-24"


@pytest.fixture(autouse=True)
def only_test_panels(monkeypatch):
    """These tests are about the dashboard itself: apps' own panels are set aside."""
    monkeypatch.setattr(dashboard, "_panels", {})


@pytest.fixture
def panels(test_metrics) -> Iterator[tuple[Panel, ...]]:
    with registered_panels(REFERRALS, RETIRED) as added:
        yield added


@pytest.fixture
def business_unit(client_as, personas, panels):
    return client_as(personas[Role.BUSINESS_UNIT])


def url(partnership, name="dashboard", *args):
    return reverse(f"metrics:{name}", args=[partnership.slug, *args])


def enter(partnership, metric, start, value, key="", source="Old report"):
    return services.entered_value_set(
        actor=None,
        partnership=partnership,
        metric=metric,
        period=ReportingYear(start),
        value=Decimal(value),
        source=source,
        breakdown="agency" if key else "",
        breakdown_value=key,
    )


def retire(partnership, name, day):
    agency = core_services.agency_create(
        actor=None,
        partnership=partnership,
        name=name,
        sector="health",
        designation="relevant_agency",
    )
    core_services.agency_retire(actor=None, partnership=partnership, agency=agency, retired_on=day)


def fill(partnership):
    """Referrals by agency for five years; one retired agency in 2023-24 against 3 entered."""
    for start, police, health in [(2019, 7, 4), (2020, 9, 5), (2021, 12, 6), (2022, 15, 8)]:
        enter(partnership, "test.referrals", start, police, key="Police")
        enter(partnership, "test.referrals", start, health, key="Health")
    enter(partnership, "test.referrals", 2023, 21, key="Police")
    enter(partnership, "test.referrals", 2023, 2, key="=HYPERLINK(1)")
    enter(partnership, "test.retired_agencies", 2022, 2)
    enter(partnership, "test.retired_agencies", 2023, 3, source="Spreadsheet")
    retire(partnership, "Old Trust", dt.date(2023, 6, 1))


class TableCells(HTMLParser):
    """The text of each cell of one table, leaving out markers, tags and hidden text."""

    MARKS = ("sup", "strong", "span")

    def __init__(self, table_id):
        super().__init__()
        self.table_id, self.inside, self.skip, self.rows = table_id, False, 0, []

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.inside = dict(attrs).get("id") == self.table_id
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag in ("th", "td"):
            self.rows[-1].append("")
        self.skip += self.inside and tag in self.MARKS

    def handle_endtag(self, tag):
        self.skip -= self.inside and tag in self.MARKS
        self.inside = self.inside and tag != "table"

    def handle_data(self, data):
        if self.inside and not self.skip and self.rows and self.rows[-1]:
            self.rows[-1][-1] += data.strip()


def table(page, code):
    """The panel's data table as lists of cell text: the header, then each row."""
    parser = TableCells(f"panel-{code}-table")
    parser.feed(page)
    return parser.rows


# The page


def test_each_panel_shows_a_chart_with_a_text_alternative_and_its_data_table(
    business_unit, partnership
):
    fill(partnership)
    page = business_unit.get(url(partnership) + YEAR).content.decode()
    assert page.index("Referrals by agency") < page.index("Agencies retired")
    assert 'aria-label="Bar chart: Referrals by agency. =HYPERLINK(1): 2; Police: 21."' in page
    assert 'aria-label="Bar chart: Agencies retired. 2022-23: 2; 2023-24: 1."' in page
    header, *rows = table(page, "referrals")
    assert header == ["Agency", "2019-20", "2020-21", "2021-22", "2022-23", "2023-24"]
    assert rows == [
        ["=HYPERLINK(1)", "–", "–", "–", "–", "2"],
        ["Health", "4", "5", "6", "8", "–"],
        ["Police", "7", "9", "12", "15", "21"],
    ]
    assert table(page, "retired")[1:] == [["Agencies retired", "–", "–", "–", "2", "1"]]
    assert page.index('id="panel-referrals-table"') > page.index("<svg")


def test_entered_cells_are_marked_with_a_legend(business_unit, partnership):
    fill(partnership)
    page = business_unit.get(url(partnership) + YEAR).content.decode()
    assert '>21<sup aria-hidden="true" title="Entered from: Old report">*</sup>' in page
    assert 'id="panel-referrals-legend"' in page
    assert "Entered from a source, for a year before the Hub held the records" in page


def test_a_conflict_between_records_and_an_entered_figure_is_shown(business_unit, partnership):
    fill(partnership)
    page = business_unit.get(url(partnership) + YEAR).content.decode()
    assert 'id="panel-retired-conflicts"' in page
    assert "2023-24, Agencies retired: 1 from the records, 3 entered (source: Spreadsheet)" in page
    assert '>1 <strong class="govuk-tag govuk-tag--orange">Conflict</strong>' in page
    assert 'id="panel-referrals-conflicts"' not in page


def test_the_page_shows_true_values_and_says_downloads_can_be_published(business_unit, partnership):
    enter(partnership, "test.referrals", 2023, 2, key="Police")
    page = business_unit.get(url(partnership) + YEAR).content.decode()
    assert table(page, "referrals")[1] == ["Police", "–", "–", "–", "–", "2"]
    assert (
        "counts of children, families, practitioners or cases from 1 to 5 are shown as “c”" in page
    )
    assert "published=1" in page


def test_the_year_chooses_the_five_years_shown(business_unit, partnership):
    page = business_unit.get(url(partnership) + "?year=2020-21").content.decode()
    assert table(page, "retired")[0] == [
        "Figure",
        "2016-17",
        "2017-18",
        "2018-19",
        "2019-20",
        "2020-21",
    ]
    assert "No figures for 2016-17 to 2020-21." in page


def test_money_is_written_in_pounds(business_unit, partnership):
    enter(partnership, "test.budget", 2022, "195500")
    enter(partnership, "test.budget", 2023, "47300.5")
    with registered_panels(Panel(code="budget", metric="test.budget", title="Budget")):
        page = business_unit.get(url(partnership) + YEAR).content.decode()
    assert table(page, "budget")[1][-2:] == ["£195,500", "£47,300.50"]
    assert 'aria-label="Bar chart: Budget. 2022-23: 195500; 2023-24: 47300.5."' in page


@time_machine.travel(dt.datetime(2024, 9, 1, 12, tzinfo=dt.UTC), tick=False)
def test_without_a_year_the_last_complete_reporting_year_is_shown(business_unit, partnership):
    page = business_unit.get(url(partnership)).content.decode()
    assert table(page, "retired")[0][-1] == "2023-24"


@pytest.mark.parametrize("year", ["2023", "2023-25", "last"])
def test_a_bad_year_is_not_found(business_unit, partnership, year):
    assert business_unit.get(url(partnership) + f"?year={year}").status_code == 404
    assert (
        business_unit.get(
            url(partnership, "dashboard_csv", "referrals") + f"?year={year}"
        ).status_code
        == 404
    )


def test_with_no_metric_registered_the_dashboard_says_so(client_as, personas, partnership):
    with registered_panels(RETIRED):  # its metric is not registered: not shown
        page = client_as(personas[Role.BUSINESS_UNIT]).get(url(partnership) + YEAR)
    assert page.status_code == 200
    assert 'id="dashboard-empty"' in page.content.decode()
    assert "Agencies retired" not in page.content.decode()


def test_the_dashboard_is_in_the_navigation(business_unit, partnership):
    page = business_unit.get(url(partnership) + YEAR).content.decode()
    assert (
        'aria-current="true"><strong class="govuk-service-navigation__active-fallback">Dashboard'
        in page
    )


# Downloads


def test_the_csv_holds_the_table_with_formulas_escaped(business_unit, partnership):
    fill(partnership)
    response = business_unit.get(url(partnership, "dashboard_csv", "referrals") + YEAR)
    assert response["Content-Type"].startswith("text/csv")
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="{partnership.slug}-referrals-2019-20-to-2023-24.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        ["Agency", "2019-20", "2020-21", "2021-22", "2022-23", "2023-24"],
        ["'=HYPERLINK(1)", "", "", "", "", "2"],
        ["Health", "4", "5", "6", "8", ""],
        ["Police", "7", "9", "12", "15", "21"],
    ]


def test_the_xlsx_holds_numbers_as_numbers_and_text_escaped(business_unit, partnership):
    fill(partnership)
    response = business_unit.get(url(partnership, "dashboard_xlsx", "referrals") + YEAR)
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="{partnership.slug}-referrals-2019-20-to-2023-24.xlsx"'
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["Agency", "2019-20", "2020-21", "2021-22", "2022-23", "2023-24"]
    assert rows[1] == ["'=HYPERLINK(1)", None, None, None, None, 2]
    assert rows[3] == ["Police", 7, 9, 12, 15, 21]
    assert sheet.cell(row=2, column=1).data_type == "s"


def test_a_published_download_applies_disclosure_control(business_unit, partnership):
    fill(partnership)
    response = business_unit.get(
        url(partnership, "dashboard_csv", "referrals") + YEAR + "&published=1"
    )
    assert response["Content-Disposition"].endswith('-2023-24-published.csv"')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1] == ["'=HYPERLINK(1)", "", "", "", "", "c"]
    assert rows[2] == ["Health", "c", "c", "6", "8", ""]
    assert rows[3][1:] == ["7", "9", "12", "15", "21"]


def test_a_published_download_shows_counts_that_are_not_disclosive(business_unit, partnership):
    services.entered_value_set(
        actor=None,
        partnership=partnership,
        metric="test.meetings",
        period=ReportingYear(2023),
        value=Decimal(3),
        source="Minutes",
        breakdown="group",
        breakdown_value="Finance subgroup",
    )
    meetings = Panel(code="meetings", metric="test.meetings", title="Meetings", breakdown="group")
    with registered_panels(meetings):
        response = business_unit.get(
            url(partnership, "dashboard_csv", "meetings") + YEAR + "&published=1"
        )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1:] == [["Finance subgroup", "", "", "", "", "3"]]


def test_the_members_chart_has_true_values_and_a_published_one_draws_no_hidden_bar(
    panels, partnership
):
    fill(partnership)
    year = ReportingYear(2023)
    members = dashboard.panel_data(REFERRALS, partnership=partnership, year=year)
    public = dashboard.panel_data(REFERRALS, partnership=partnership, year=year, published=True)
    assert members.chart["points"] == [("=HYPERLINK(1)", 2), ("Police", 21)]
    assert public.chart["points"] == [("=HYPERLINK(1)", "c"), ("Police", 21)]


@pytest.mark.parametrize(
    ("name", "file_format"), [("dashboard_csv", "csv"), ("dashboard_xlsx", "xlsx")]
)
def test_each_download_is_in_the_audit_log(business_unit, personas, partnership, name, file_format):
    fill(partnership)
    business_unit.get(url(partnership, name, "referrals") + YEAR)
    entry = AuditEntry.objects.filter(action="metrics.dashboard.referrals.export").get()
    assert entry.actor == personas[Role.BUSINESS_UNIT]
    assert entry.partnership == partnership
    assert entry.changes == {"format": [None, file_format], "rows": [None, 3]}


def test_a_published_download_is_audited_as_published(business_unit, partnership):
    business_unit.get(url(partnership, "dashboard_xlsx", "retired") + YEAR + "&published=1")
    assert AuditEntry.objects.filter(action="metrics.dashboard.retired.published.export").exists()


def test_an_unknown_panel_is_not_found(business_unit, partnership):
    assert business_unit.get(url(partnership, "dashboard_csv", "nothing") + YEAR).status_code == 404


# Access


@pytest.mark.parametrize(
    ("name", "args"),
    [("dashboard", []), ("dashboard_csv", ["retired"]), ("dashboard_xlsx", ["retired"])],
)
def test_every_member_may_read_the_dashboard_and_its_downloads(
    client_as, personas, partnership, panels, name, args
):
    for role in ALL_ROLES:
        assert (
            client_as(personas[role]).get(url(partnership, name, *args) + YEAR).status_code == 200
        )


@pytest.mark.parametrize(
    ("name", "args"),
    [("dashboard", []), ("dashboard_csv", ["retired"]), ("dashboard_xlsx", ["retired"])],
)
def test_outsiders_get_not_found_and_visitors_are_sent_to_sign_in(
    client, client_as, outsider, partnership, panels, name, args
):
    address = url(partnership, name, *args) + YEAR
    anonymous = client.get(address)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("accounts:login"))
    assert client_as(outsider).get(address).status_code == 404
    assert not AuditEntry.objects.filter(action__startswith="metrics.dashboard").exists()


# Query counts


def test_the_page_runs_a_fixed_number_of_queries(
    business_unit, partnership, django_assert_num_queries
):
    fill(partnership)
    # 9 for the shell (user, membership, partnership, roles, the partnership switcher, session),
    # then one per panel for its entered values (2), plus the retired-agencies metric's own
    # compute: one query for each of its five years (5).
    with django_assert_num_queries(QUERIES):
        assert business_unit.get(url(partnership) + YEAR).status_code == 200


def test_the_query_count_does_not_grow_with_more_years_of_entered_values(
    business_unit, partnership
):
    enter(partnership, "test.referrals", 2023, 1, key="Police")
    few = _count_queries(business_unit, url(partnership) + YEAR)
    fill(partnership)
    for start in range(2010, 2019):
        for key in ("Police", "Health", "Schools"):
            enter(partnership, "test.referrals", start, start % 7 + 1, key=key)
    assert _count_queries(business_unit, url(partnership) + "?year=2019-20") == few
    assert _count_queries(business_unit, url(partnership) + YEAR) == few == QUERIES


def _count_queries(client, address):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


QUERIES = 16
