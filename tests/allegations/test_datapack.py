"""The LADO register's `allegations` sheet: restricted to the LADO role (a business unit manager
granted it imports and exports it; one without it cannot, and the export leaves it out), new
rows saved in one batch through `allegations_create_many`, changed rows through the update and
conclude services, every error reported by sheet, row and column with nothing saved."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from safeguarding.accounts.roles import Role
from safeguarding.allegations import services
from safeguarding.allegations.datapack import ALLEGATIONS
from safeguarding.allegations.models import Allegation, Outcome
from safeguarding.audit.models import AuditEntry
from safeguarding.core import services as core_services
from safeguarding.core.models import Partnership
from safeguarding.datapack.formats import Pack, read_bytes
from safeguarding.datapack.services import RowError, export_pack, export_rows, import_pack
from tests.datapack.helpers import xlsx
from tests.factories import MembershipFactory

NOW = dt.datetime(2024, 9, 30, 12, tzinfo=dt.UTC)
HEADER = ALLEGATIONS.column_names
RESTRICTED = "Only a member with the LADO (allegations) role may import or export this sheet."


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def manager(partnership, personas):
    """The business unit manager, granted the LADO role by a second membership."""
    user = personas[Role.BUSINESS_UNIT]
    MembershipFactory(user=user, partnership=partnership, role=Role.LADO)
    return user


@pytest.fixture
def register(partnership):
    """Three allegations recorded through the services: a referral concluded as substantiated
    (referred to the DBS and the Teaching Regulation Agency), a referral not meeting the
    criteria and closed, and a request for advice not yet decided."""
    teacher = services.allegation_create(
        actor=None,
        partnership=partnership,
        contact_type="referral",
        received_on=dt.date(2023, 6, 5),
        lado_informed_on=dt.date(2023, 6, 5),
        employer_sector="education",
        person_role="Teacher",
        person_code="P-0001",
        category="physical",
        criteria_met=True,
        harmed_child=True,
        risk_of_harm=True,
        strategy_meeting_on=dt.date(2023, 6, 8),
    )
    services.allegation_conclude(
        actor=None,
        allegation=teacher,
        outcome=Outcome.SUBSTANTIATED,
        concluded_on=dt.date(2023, 8, 1),
        referred_to_dbs=True,
        referred_to_regulator="Teaching Regulation Agency",
    )
    coach = services.allegation_create(
        actor=None,
        partnership=partnership,
        contact_type="referral",
        received_on=dt.date(2023, 7, 3),
        employer_sector="sport",
        person_role="Sports coach",
        category="emotional",
        criteria_met=False,
    )
    services.allegation_conclude(
        actor=None, allegation=coach, outcome="criteria_not_met", concluded_on=dt.date(2023, 7, 5)
    )
    services.allegation_create(
        actor=None,
        partnership=partnership,
        contact_type="advice",
        received_on=dt.date(2024, 3, 28),
        employer_sector="early_years",
        person_role="Nursery practitioner",
    )
    return partnership


def rows_of(partnership: Partnership) -> list[dict[str, str]]:
    return next(rows for name, _, rows in export_rows(partnership) if name == "allegations")


def only(pack: Pack, *names: str) -> Pack:
    return {name: sheet for name, sheet in pack.items() if name in names}


def fresh() -> Partnership:
    return core_services.partnership_create(
        actor=None, name="Copy of Testshire", slug="copy", local_authority_areas=["Copy"]
    )


def sheet(*rows: list[object]) -> Pack:
    return read_bytes("pack.xlsx", xlsx({"allegations": [HEADER, *rows]}))


def line(**values: str) -> list[object]:
    """A row of the sheet: a referral about a teacher received on 5 June 2023, undecided."""
    row = {
        "reference": "LADO-0100",
        "contact_type": "referral",
        "received_on": "2023-06-05",
        "employer_sector": "education",
        "person_role": "Teacher",
        "category": "physical",
    } | values
    return [row.get(column, "") for column in HEADER]


def state() -> tuple[int, int]:
    return Allegation.objects.count(), AuditEntry.objects.count()


# Export and round trip


def test_the_export_writes_each_allegation_as_the_sheet_says(register, manager):
    rows = rows_of(register)
    assert [row["reference"] for row in rows] == ["LADO-0001", "LADO-0002", "LADO-0003"]
    assert rows[0] == {
        "reference": "LADO-0001",
        "contact_type": "referral",
        "received_on": "2023-06-05",
        "lado_informed_on": "2023-06-05",
        "employer_sector": "education",
        "person_role": "Teacher",
        "person_code": "P-0001",
        "category": "physical",
        "criteria_met": "yes",
        "harmed_child": "yes",
        "criminal_offence": "no",
        "risk_of_harm": "yes",
        "unsuitable": "no",
        "strategy_meeting_on": "2023-06-08",
        "outcome": "substantiated",
        "concluded_on": "2023-08-01",
        "referred_to_dbs": "yes",
        "referred_to_regulator": "Teaching Regulation Agency",
    }
    assert (rows[1]["criteria_met"], rows[1]["outcome"]) == ("no", "criteria_not_met")
    assert (rows[2]["criteria_met"], rows[2]["outcome"], rows[2]["category"]) == (
        "",
        "ongoing",
        "",
    )


def test_an_exported_register_rebuilds_itself_in_another_partnership(register, manager):
    pack = read_bytes("testshire.xlsx", export_pack(actor=manager, partnership=register))
    copy = fresh()
    result = import_pack(
        actor=None, partnership=copy, pack=only(pack, "allegations"), dry_run=False
    )
    assert result.ok, result.errors
    assert result.counts["allegations"].added == 3
    assert rows_of(copy) == rows_of(register)
    batch = AuditEntry.objects.filter(action="allegations.allegation.create_many")
    assert batch.get().partnership == copy  # one entry for the batch, not one per row


def test_the_register_imported_again_changes_nothing(register, manager):
    pack = read_bytes("testshire.xlsx", export_pack(actor=manager, partnership=register))
    before = Allegation.objects.count()
    result = import_pack(
        actor=manager, partnership=register, pack=only(pack, "allegations"), dry_run=False
    )
    assert result.ok, result.errors
    assert result.counts["allegations"].unchanged == 3
    assert Allegation.objects.count() == before


def test_a_changed_row_is_updated_and_concluded_through_the_services(register, manager):
    rows = rows_of(register)
    advice = rows[2] | {
        "criteria_met": "no",
        "outcome": "criteria_not_met",
        "concluded_on": "2024-04-02",
    }
    pack = sheet([advice[column] for column in HEADER])
    result = import_pack(actor=manager, partnership=register, pack=pack, dry_run=False)
    assert result.ok, result.errors
    assert result.counts["allegations"].changed == 1
    allegation = Allegation.objects.get(partnership=register, reference="LADO-0003")
    assert (allegation.criteria_met, allegation.outcome) == (False, Outcome.CRITERIA_NOT_MET)
    assert allegation.concluded_on == dt.date(2024, 4, 2)
    actions = set(AuditEntry.objects.filter(target_id=str(allegation.pk)).values_list("action"))
    assert {("allegations.allegation.update",), ("allegations.allegation.conclude",)} <= actions


# Restricted to the LADO role


def test_a_business_unit_member_without_the_lado_role_cannot_import_the_sheet(
    partnership, personas
):
    before = state()
    result = import_pack(
        actor=personas[Role.BUSINESS_UNIT],
        partnership=partnership,
        pack=sheet(line()),
        dry_run=False,
    )
    assert result.errors == [RowError("allegations", None, "", RESTRICTED)]
    assert state() == before


def test_the_export_leaves_the_sheet_out_for_anyone_without_the_role(register, personas):
    without = read_bytes(
        "pack.xlsx", export_pack(actor=personas[Role.BUSINESS_UNIT], partnership=register)
    )
    assert "allegations" not in without
    assert "agencies" in without
    lado = read_bytes("pack.xlsx", export_pack(actor=personas[Role.LADO], partnership=register))
    assert len(lado["allegations"].rows) == 3


def test_the_lado_and_the_command_line_may_import_it(partnership, personas):
    for actor, reference in ((personas[Role.LADO], "LADO-0100"), (None, "LADO-0101")):
        pack = sheet(line(reference=reference))
        result = import_pack(actor=actor, partnership=partnership, pack=pack, dry_run=False)
        assert result.ok, result.errors
    assert Allegation.objects.filter(partnership=partnership).count() == 2


# Bad rows


def test_bad_rows_are_reported_by_sheet_row_and_column_and_nothing_is_saved(partnership, personas):
    before = state()
    pack = sheet(
        line(reference="LADO-0100", category="bruising"),
        line(reference="LADO-0101", received_on="5 June 2023"),
        line(reference="LADO-0102", criteria_met="maybe"),
        line(reference="LADO-0103", harmed_child="perhaps"),
    )
    result = import_pack(
        actor=personas[Role.LADO], partnership=partnership, pack=pack, dry_run=False
    )
    found = {(error.row, error.column) for error in result.errors}
    assert found == {(2, "category"), (3, "received_on"), (4, "criteria_met"), (5, "harmed_child")}
    assert all(error.sheet == "allegations" for error in result.errors)
    assert state() == before


@pytest.mark.parametrize(
    ("values", "column", "message"),
    [
        (
            {
                "outcome": "substantiated",
                "concluded_on": "2023-06-01",
                "criteria_met": "yes",
                "harmed_child": "yes",
            },
            "concluded_on",
            "The date concluded must be on or after the date received (5 June 2023)",
        ),
        (
            {"criteria_met": "yes"},
            "criteria_met",
            "Select the criteria of the harm test the allegation meets",
        ),
        ({"category": ""}, "category", "Select the category of the allegation"),
        (
            {"received_on": "2024-10-01"},
            "received_on",
            "The date received must be today or in the past",
        ),
        (
            {"outcome": "substantiated"},
            "concluded_on",
            "Enter the date the allegation was concluded",
        ),
    ],
    ids=["concluded-before-received", "no-criterion", "no-category", "future", "no-date"],
)
def test_a_row_the_service_refuses_names_its_column_and_nothing_is_saved(
    partnership, personas, values, column, message
):
    """A good row first: the batch is refused as a whole."""
    before = state()
    pack = sheet(line(reference="LADO-0099"), line(**values))
    result = import_pack(
        actor=personas[Role.LADO], partnership=partnership, pack=pack, dry_run=False
    )
    assert RowError("allegations", 3, column, message) in result.errors
    assert state() == before


def test_a_reference_twice_in_the_sheet_is_refused(partnership, personas):
    pack = sheet(line(), line())
    result = import_pack(
        actor=personas[Role.LADO], partnership=partnership, pack=pack, dry_run=True
    )
    assert [(e.row, e.column) for e in result.errors] == [(3, "reference")]
