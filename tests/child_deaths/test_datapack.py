"""The `child_deaths` sheet of the data pack: deaths move through it by panel and case code,
saved by the child deaths services; only a member with the CDOP role (or the command line)
imports or exports it; a bad row is reported by sheet, row and column and nothing is saved."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from safeguarding.accounts.roles import Role
from safeguarding.audit.models import AuditEntry
from safeguarding.child_deaths.models import AgeBand, Category, ChildDeath, Expectation
from safeguarding.core import services as core_services
from safeguarding.datapack.formats import read_bytes
from safeguarding.datapack.services import export_pack, export_rows, import_pack
from tests.child_deaths.factories import ChildDeathFactory, PanelFactory
from tests.datapack.helpers import xlsx
from tests.factories import MembershipFactory

NOW = dt.datetime(2024, 9, 30, 12, tzinfo=dt.UTC)
HEADER = [
    "panel",
    "case_code",
    "died_on",
    "born_on",
    "notified_on",
    "age_band",
    "expectation",
    "joint_agency_response",
    "review_meeting_on",
    "review_completed_on",
    "category",
    "modifiable_factors",
]
#: A baby born on 3 May 2024 who died on 20 May (0 to 27 days), notified two days later.
BABY = [
    "testshire-elsewhere-cdop",
    "CDOP-0100",
    "2024-05-20",
    "2024-05-03",
    "2024-05-22",
    "0_27_days",
    "unexpected",
    "yes",
    "",
    "",
    "",
    "",
]

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def recorded(partnership, other_partnership, panel):
    """Testshire's deaths at every step, and one of an Elsewhere child in the same panel."""
    ChildDeathFactory(partnership=partnership, panel=panel, case_code="CDOP-0001")
    ChildDeathFactory(
        partnership=partnership,
        panel=panel,
        case_code="CDOP-0002",
        age_band=AgeBand.NEONATAL,
        expectation=Expectation.UNEXPECTED,
        joint_agency_response=True,
        reviewed=True,
    )
    ChildDeathFactory(
        partnership=partnership,
        panel=panel,
        case_code="CDOP-0003",
        age_band=AgeBand.AGE_15_17,
        born_on=None,
        review_meeting_on=dt.date(2023, 9, 4),
    )
    ChildDeathFactory(partnership=other_partnership, panel=panel, case_code="CDOP-0004")
    return partnership


@pytest.fixture
def manager(personas, partnership):
    """A business unit member also granted the CDOP role."""
    user = personas[Role.BUSINESS_UNIT]
    MembershipFactory(user=user, partnership=partnership, role=Role.CDOP)
    return user


def rows_of(partnership):
    return next(rows for name, _, rows in export_rows(partnership) if name == "child_deaths")


def _import(partnership, lines, actor=None):
    pack = read_bytes("pack.xlsx", xlsx({"child_deaths": lines}))
    return import_pack(actor=actor, partnership=partnership, pack=pack, dry_run=False)


def everything():
    return ChildDeath.objects.count(), AuditEntry.objects.count()


def test_the_export_lists_the_partnerships_deaths_only(recorded):
    rows = rows_of(recorded)
    assert [row["case_code"] for row in rows] == ["CDOP-0001", "CDOP-0002", "CDOP-0003"]
    assert rows[1] == {
        "panel": "testshire-elsewhere-cdop",
        "case_code": "CDOP-0002",
        "died_on": "2023-06-01",
        "born_on": "2023-05-22",
        "notified_on": "2023-06-03",
        "age_band": "0_27_days",
        "expectation": "unexpected",
        "joint_agency_response": "yes",
        "review_meeting_on": "2023-08-02",
        "review_completed_on": "2023-09-01",
        "category": str(Category.ACUTE.value),
        "modifiable_factors": "no",
    }
    assert rows[2]["born_on"] == rows[2]["review_completed_on"] == ""


def test_an_exported_pack_imports_back_unchanged(recorded, cdop):
    pack = read_bytes("testshire.xlsx", export_pack(actor=cdop, partnership=recorded))
    assert "child_deaths" in pack
    before = AuditEntry.objects.filter(action__startswith="child_deaths.").count()

    result = import_pack(actor=cdop, partnership=recorded, pack=pack, dry_run=False)

    assert result.ok, result.errors
    assert result.counts["child_deaths"].unchanged == 3
    assert result.counts["child_deaths"].added == result.counts["child_deaths"].changed == 0
    assert AuditEntry.objects.filter(action__startswith="child_deaths.").count() == before


def test_the_deaths_rebuild_in_another_partnership_and_panel(recorded):
    copy = core_services.partnership_create(
        actor=None, name="Copy of Testshire", slug="copy", local_authority_areas=["Testshire"]
    )
    PanelFactory(name="Copy CDOP", slug="copy-cdop", partnerships=[copy])
    lines = [HEADER] + [
        [row[c] if c != "panel" else "copy-cdop" for c in HEADER] for row in rows_of(recorded)
    ]

    result = _import(copy, lines)

    assert result.ok, result.errors
    assert result.counts["child_deaths"].added == 3
    copied = [{**row, "panel": "testshire-elsewhere-cdop"} for row in rows_of(copy)]
    assert copied == rows_of(recorded)
    actions = AuditEntry.objects.filter(partnership=copy, action__startswith="child_deaths.")
    assert sorted(actions.values_list("action", flat=True)) == [
        "child_deaths.childdeath.create",
        "child_deaths.childdeath.create",
        "child_deaths.childdeath.create",
        "child_deaths.childdeath.review",
        "child_deaths.childdeath.review",
    ]


def test_a_changed_row_corrects_the_death_and_records_its_review(recorded):
    row = rows_of(recorded)[0] | {
        "expectation": "unexpected",
        "review_meeting_on": "2024-01-08",
        "review_completed_on": "2024-02-05",
        "category": "9",
        "modifiable_factors": "insufficient",
    }

    result = _import(recorded, [HEADER, [row[c] for c in HEADER]])

    assert result.ok, result.errors
    assert result.counts["child_deaths"].changed == 1
    death = ChildDeath.objects.get(partnership=recorded, case_code="CDOP-0001")
    assert (death.expectation, death.category, death.review_completed_on) == (
        "unexpected",
        Category.INFECTION,
        dt.date(2024, 2, 5),
    )
    actions = AuditEntry.objects.filter(target_id=str(death.pk), action__startswith="child_")
    assert {"child_deaths.childdeath.update", "child_deaths.childdeath.review"} <= set(
        actions.values_list("action", flat=True)
    )


def test_a_new_death_is_added_with_the_cdop_role(partnership, panel, manager):
    result = _import(partnership, [HEADER, BABY], actor=manager)

    assert result.ok, result.errors
    death = ChildDeath.objects.get(case_code="CDOP-0100")
    assert (death.partnership, death.panel, death.joint_agency_response) == (
        partnership,
        panel,
        True,
    )
    assert AuditEntry.objects.filter(
        action="child_deaths.childdeath.create", actor=manager
    ).exists()


# Restricted to the CDOP role


def test_a_member_without_the_cdop_role_cannot_import_the_sheet(partnership, panel, personas):
    before = everything()

    result = _import(partnership, [HEADER, BABY], actor=personas[Role.BUSINESS_UNIT])

    assert [(e.sheet, e.row, e.column) for e in result.errors] == [("child_deaths", None, "")]
    assert result.errors[0].message == (
        "Only a member with the CDOP coordinator (child deaths) role may import or export this "
        "sheet."
    )
    assert everything() == before


def test_the_export_leaves_the_sheet_out_without_the_cdop_role(recorded, personas, manager):
    without = read_bytes(
        "x.xlsx", export_pack(actor=personas[Role.EXECUTIVE], partnership=recorded)
    )
    assert "child_deaths" not in without
    assert "agencies" in without
    granted = read_bytes("x.xlsx", export_pack(actor=manager, partnership=recorded))
    assert [row["case_code"] for _, row in granted["child_deaths"].rows] == [
        "CDOP-0001",
        "CDOP-0002",
        "CDOP-0003",
    ]


# Bad rows


def bad(row, **changes):
    return [changes.get(column, value) for column, value in zip(HEADER, row, strict=True)]


@pytest.mark.parametrize(
    ("changes", "column", "message"),
    [
        (
            {"age_band": "1_4"},
            "age_band",
            "The age band must match the dates: a child born on 3 May 2024 who died on 20 May "
            "2024 was in the band 0 to 27 days",
        ),
        ({"category": "11"}, "category", "Use one of: 1, 2, 3, 4, 5, 6, 7, 8, 9, 10."),
        (
            {"notified_on": "2024-05-19"},
            "notified_on",
            "The date notified must be on or after the date of death",
        ),
        (
            {"born_on": "2006-05-03"},
            "born_on",
            "The child must have died before their 18th birthday: a child born on 3 May 2006 "
            "who died on 20 May 2024 was 18",
        ),
        ({"age_band": "newborn"}, "age_band", None),
        ({"died_on": "20/05/2024"}, "died_on", "Enter a real date as YYYY-MM-DD, like 2024-03-27."),
    ],
)
def test_a_bad_row_is_reported_by_column_and_nothing_is_saved(
    partnership, panel, changes, column, message
):
    before = everything()
    good = ["testshire-elsewhere-cdop", "CDOP-0101", *BABY[2:]]

    result = _import(partnership, [HEADER, good, bad(BABY, **changes)])

    assert [(e.sheet, e.row, e.column) for e in result.errors] == [("child_deaths", 3, column)]
    if message:
        assert result.errors[0].message == message
    assert everything() == before


def test_the_services_refusals_are_row_errors_and_nothing_is_saved(
    partnership, other_partnership, panel
):
    ChildDeathFactory(partnership=other_partnership, panel=panel, case_code="CDOP-0100")
    PanelFactory(name="Elsewhere only", slug="elsewhere-cdop", partnerships=[other_partnership])
    before = everything()
    lines = [
        HEADER,
        bad(BABY, case_code="CDOP-0200"),  # fine on its own
        BABY,  # the panel has used the code for an Elsewhere child
        bad(BABY, panel="elsewhere-cdop", case_code="CDOP-0201"),  # not Testshire's panel
        bad(BABY, case_code="CDOP-0202", review_completed_on="2024-06-03"),  # no category
    ]

    result = _import(partnership, lines)

    assert [(e.row, e.column) for e in result.errors] == [
        (3, "case_code"),
        (4, "panel"),
        (5, "category"),
        (5, "modifiable_factors"),
    ]
    assert "has already used the case code CDOP-0100" in result.errors[0].message
    assert everything() == before
