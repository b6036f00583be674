"""The metric_values sheet: entered values travel through the pack and the metrics service."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from safeguarding.audit.models import AuditEntry
from safeguarding.core.years import ReportingYear
from safeguarding.datapack.formats import read_bytes
from safeguarding.datapack.services import export_pack, export_rows, import_pack
from safeguarding.metrics import registry, services
from safeguarding.metrics.models import EnteredValue
from safeguarding.metrics.registry import Metric, Unit
from tests.datapack.helpers import xlsx

pytestmark = pytest.mark.django_db

HEADER = ["metric", "period", "breakdown", "breakdown_value", "value", "source"]
REFERRALS = Metric(
    code="test.referrals", label="Referrals", unit=Unit.COUNT, breakdowns=("agency",)
)
BUDGET = Metric(code="test.budget", label="Budget", unit=Unit.MONEY)


@pytest.fixture(autouse=True)
def metrics() -> Iterator[None]:
    with registry.registered(REFERRALS, BUDGET):
        yield


def _enter(partnership, metric, year, value, breakdown="", breakdown_value=""):
    return services.entered_value_set(
        actor=None,
        partnership=partnership,
        metric=metric,
        period=ReportingYear(year),
        value=Decimal(value),
        source="2019-20 yearly report, page 12",
        breakdown=breakdown,
        breakdown_value=breakdown_value,
    )


@pytest.fixture
def entered(partnership):
    _enter(partnership, "test.referrals", 2019, "21")
    _enter(partnership, "test.referrals", 2019, "8", "agency", "Testshire Police")
    _enter(partnership, "test.budget", 2020, "47300.50")
    return partnership


def _import(partnership, lines, dry_run=False):
    pack = read_bytes("pack.xlsx", xlsx({"metric_values": [HEADER, *lines]}))
    return import_pack(actor=None, partnership=partnership, pack=pack, dry_run=dry_run)


def _values(partnership):
    return {name: rows for name, _, rows in export_rows(partnership)}["metric_values"]


def test_the_export_writes_each_entered_value_as_the_sheet_reads_it(entered):
    assert _values(entered) == [
        {
            "metric": "test.budget",
            "period": "2020-21",
            "breakdown": "",
            "breakdown_value": "",
            "value": "47300.5",
            "source": "2019-20 yearly report, page 12",
        },
        {
            "metric": "test.referrals",
            "period": "2019-20",
            "breakdown": "",
            "breakdown_value": "",
            "value": "21",
            "source": "2019-20 yearly report, page 12",
        },
        {
            "metric": "test.referrals",
            "period": "2019-20",
            "breakdown": "agency",
            "breakdown_value": "Testshire Police",
            "value": "8",
            "source": "2019-20 yearly report, page 12",
        },
    ]


def test_a_pack_carries_entered_values_into_another_partnership_and_again_unchanged(
    entered, other_partnership
):
    pack = read_bytes("pack.xlsx", export_pack(actor=None, partnership=entered))

    first = import_pack(actor=None, partnership=other_partnership, pack=pack, dry_run=False)
    again = import_pack(actor=None, partnership=other_partnership, pack=pack, dry_run=False)

    assert first.ok, first.errors
    assert first.counts["metric_values"].added == 3
    assert _values(other_partnership) == _values(entered)
    assert (again.counts["metric_values"].unchanged, again.counts["metric_values"].added) == (3, 0)


def test_a_changed_value_is_saved_through_the_service_with_its_audit_entry(entered):
    result = _import(
        entered,
        [
            ["test.referrals", "2019-20", "", "", 25, "Corrected from the 2020-21 report"],
            ["test.budget", "2020-21", "", "", "47300.50", "2019-20 yearly report, page 12"],
            ["test.referrals", "2021-22", "agency", "Testshire Council", 3, "Council's return"],
        ],
    )

    assert result.ok, result.errors
    counts = result.counts["metric_values"]
    assert (counts.added, counts.changed, counts.unchanged) == (1, 1, 1)
    total = EnteredValue.objects.get(
        partnership=entered, metric_code="test.referrals", breakdown=""
    )
    assert (total.value, total.source) == (Decimal(25), "Corrected from the 2020-21 report")
    batch = AuditEntry.objects.get(action="metrics.entered_value.set_many")
    assert batch.changes == {
        "test.referrals 2019-20": [
            "21 (2019-20 yearly report, page 12)",
            "25 (Corrected from the 2020-21 report)",
        ],
        "test.referrals 2021-22 (agency: Testshire Council)": [None, "3 (Council's return)"],
    }


def test_bad_rows_are_errors_on_their_columns_and_nothing_is_written(entered):
    before = (EnteredValue.objects.count(), AuditEntry.objects.count())

    result = _import(
        entered,
        [
            ["test.nothing", "2019-20", "", "", 1, "A report"],
            ["test.budget", "2019-20", "agency", "Testshire Police", 1, "A report"],
            ["test.referrals", "2019/20", "", "", 1, "A report"],
            ["test.referrals", "2020-21", "", "", "lots", "A report"],
            ["test.referrals", "2021-22", "", "", 4, ""],
            ["test.referrals", "2022-23", "agency", "", 4, "A report"],
            ["test.referrals", "2023-24", "", "", 4, "A report"],
            ["Test.Referrals", "2023-24", "", "", 5, "Another report"],
        ],
    )

    assert {(e.sheet, e.row, e.column) for e in result.errors} == {
        ("metric_values", 2, "metric"),
        ("metric_values", 3, "breakdown"),
        ("metric_values", 4, "period"),
        ("metric_values", 5, "value"),
        ("metric_values", 6, "source"),
        ("metric_values", 7, "breakdown_value"),
        ("metric_values", 9, "metric"),
    }
    messages = {str(e) for e in result.errors}
    assert (
        "sheet metric_values, row 2, column metric: "
        "There is no metric with the code “test.nothing”." in messages
    )
    assert (
        "sheet metric_values, row 3, column breakdown: test.budget cannot be broken down by "
        "“agency”." in messages
    )
    assert (
        "sheet metric_values, row 9, column metric: This row repeats row 8: each "
        "metric/period/breakdown/breakdown_value may appear once." in messages
    )
    assert (EnteredValue.objects.count(), AuditEntry.objects.count()) == before


def test_a_batch_over_the_audit_size_gets_an_entry_per_thousand_cells(partnership):
    lines = [
        ["test.referrals", "2019-20", "agency", f"Agency {n:04d}", n, "Agencies' returns"]
        for n in range(2_500)
    ]

    result = _import(partnership, lines)

    assert result.ok, result.errors[:3]
    assert EnteredValue.objects.filter(partnership=partnership).count() == 2_500
    entries = AuditEntry.objects.filter(action="metrics.entered_value.set_many").order_by("seq")
    assert [len(entry.changes) for entry in entries] == [1_000, 1_000, 500]
    assert entries[0].changes["test.referrals 2019-20 (agency: Agency 0007)"] == [
        None,
        "7 (Agencies' returns)",
    ]


def test_a_cell_the_service_refuses_names_its_row_and_writes_nothing(partnership, monkeypatch):
    before = (EnteredValue.objects.count(), AuditEntry.objects.count())
    real_check = services._check_cell

    def refuse_police(metric, breakdown, breakdown_value, source):
        if breakdown_value == "Testshire Police":
            raise ValidationError({"breakdown_value": "Testshire Police has left."})
        real_check(metric, breakdown, breakdown_value, source)

    monkeypatch.setattr(services, "_check_cell", refuse_police)

    result = _import(
        partnership,
        [
            ["test.referrals", "2019-20", "agency", "Testshire Council", 3, "Return"],
            ["test.referrals", "2019-20", "agency", "Testshire Police", 4, "Return"],
        ],
    )

    assert [str(e) for e in result.errors] == [
        "sheet metric_values, row 3, column breakdown_value: Testshire Police has left."
    ]
    assert (EnteredValue.objects.count(), AuditEntry.objects.count()) == before
