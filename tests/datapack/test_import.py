"""Importing a pack: every problem by sheet, row and column; nothing written unless all is well."""

from __future__ import annotations

import datetime as dt

import pytest

from safeguarding.audit.models import AuditEntry
from safeguarding.core import services as core_services
from safeguarding.core.models import Agency, AgencyPartnership, Theme
from safeguarding.datapack.formats import read_bytes
from safeguarding.datapack.services import export_pack, export_rows, import_pack
from tests.datapack.helpers import AGENCY_HEADER, contacts_sheet, xlsx

__all__ = ["contacts_sheet"]

pytestmark = pytest.mark.django_db


def _import(partnership, sheets, dry_run=False, actor=None):
    pack = read_bytes("pack.xlsx", xlsx(sheets))
    return import_pack(actor=actor, partnership=partnership, pack=pack, dry_run=dry_run)


def _rows(partnership):
    return {name: rows for name, _, rows in export_rows(partnership)}


def _counts():
    return (
        Agency.objects.count(),
        AgencyPartnership.objects.count(),
        Theme.objects.count(),
        AuditEntry.objects.count(),
    )


@pytest.fixture
def filled(partnership, agency):
    core_services.agency_create(
        actor=None,
        partnership=partnership,
        name="Testshire Council",
        short_name="TC",
        sector="local_authority",
        designation="statutory_partner",
        website="https://testshire.example",
    )
    old = core_services.agency_create(
        actor=None,
        partnership=partnership,
        name="Old Trust",
        sector="health",
        designation="relevant_agency",
    )
    core_services.agency_retire(
        actor=None, partnership=partnership, agency=old, retired_on=dt.date(2023, 3, 31)
    )
    theme = core_services.theme_create(
        actor=None, partnership=partnership, name="Neglect", description="Chronic neglect"
    )
    core_services.theme_retire(actor=None, theme=theme, retired_on=dt.date(2024, 1, 2))
    return partnership


def test_round_trip_into_a_fresh_partnership_gives_the_same_agencies_and_themes(
    filled, other_partnership
):
    pack = read_bytes("pack.xlsx", export_pack(actor=None, partnership=filled))

    result = import_pack(actor=None, partnership=other_partnership, pack=pack, dry_run=False)

    assert result.ok, result.errors
    assert result.counts["agencies"].added == 3
    assert _rows(other_partnership) == _rows(filled)
    again = import_pack(actor=None, partnership=other_partnership, pack=pack, dry_run=False)
    assert all(c.added + c.changed == 0 for c in again.counts.values())
    assert again.counts["agencies"].unchanged == 3


def test_counts_rows_added_changed_and_unchanged_and_records_the_import(partnership, agency):
    result = _import(
        partnership,
        {
            "agencies": [
                AGENCY_HEADER,
                ["Testshire Police", "", "police", "statutory_partner", "", ""],
                ["New Academy Trust", "NAT", "education", "relevant_agency", "", ""],
            ],
            "themes": [
                ["name", "description"],
                ["Dynamic risk assessment", "Changed words"],
                ["Brand new", ""],
            ],
        },
    )

    assert result.ok, result.errors
    assert (result.counts["agencies"].added, result.counts["agencies"].unchanged) == (1, 1)
    assert (result.counts["themes"].added, result.counts["themes"].changed) == (1, 1)
    assert Theme.objects.get(
        partnership=partnership, name="Dynamic risk assessment"
    ).description == ("Changed words")
    entry = AuditEntry.objects.get(action="datapack.import")
    assert entry.changes["agencies"][1] == {"added": 1, "changed": 0, "unchanged": 1}
    assert AuditEntry.objects.filter(action="core.agency.create").count() == 2


def test_a_column_left_out_of_the_file_keeps_its_value(partnership):
    core_services.agency_create(
        actor=None,
        partnership=partnership,
        name="Testshire Council",
        short_name="TC",
        sector="local_authority",
        designation="statutory_partner",
    )
    result = _import(
        partnership,
        {
            "agencies": [
                ["name", "sector", "designation"],
                ["Testshire Council", "other", "statutory_partner"],
            ]
        },
    )

    assert result.counts["agencies"].changed == 1
    assert Agency.objects.get(name="Testshire Council").short_name == "TC"


def test_a_dry_run_previews_the_same_counts_and_writes_nothing(partnership, agency):
    before = _counts()
    result = _import(
        partnership,
        {
            "agencies": [
                AGENCY_HEADER,
                ["Testshire Police", "TP", "police", "statutory_partner", "", ""],
                ["Another", "", "other", "relevant_agency", "", "2024-05-01"],
            ]
        },
        dry_run=True,
    )

    assert result.ok
    assert (result.counts["agencies"].added, result.counts["agencies"].changed) == (1, 1)
    assert _counts() == before


def test_bad_input_names_each_problem_by_sheet_row_and_column_and_writes_nothing(
    partnership, agency, contacts_sheet
):
    before = _counts()
    result = _import(
        partnership,
        {
            "agencies": [
                AGENCY_HEADER,
                ["Testshire Council", "", "local_authority", "statutory_partner", "", ""],
                ["Youth Service", "", "youth", "relevant_agency", "", ""],
                ["testshire council", "", "local_authority", "statutory_partner", "", ""],
                ["Health Trust", "", "health", "relevant_agency", "", "31/02/2024"],
            ],
            "themes": [["description"], ["No name column"]],
            "contacts": [
                ["agency", "name"],
                ["Testshire Police", "Ann"],
                ["Nowhere Council", "Bo"],
            ],
        },
    )

    assert {(e.sheet, e.row, e.column) for e in result.errors} == {
        ("agencies", 3, "sector"),
        ("agencies", 4, "name"),
        ("agencies", 5, "retired_on"),
        ("themes", 1, "name"),
        ("contacts", 3, "agency"),
    }
    messages = {str(e) for e in result.errors}
    assert (
        "sheet agencies, row 4, column name: This row repeats row 2: each name may appear once."
        in messages
    )
    assert "sheet themes, row 1, column name: The sheet has no “name” column." in messages
    assert _counts() == before


def test_an_agency_named_by_the_pack_itself_is_a_known_reference(partnership, contacts_sheet):
    result = _import(
        partnership,
        {
            "agencies": [AGENCY_HEADER, ["New Trust", "", "health", "relevant_agency", "", ""]],
            "contacts": [["agency", "name"], ["new trust", "Ann"]],
        },
        dry_run=True,
    )

    assert result.ok, result.errors


def test_an_unknown_sheet_or_column_is_an_error(partnership):
    result = _import(
        partnership,
        {"agencys": [["name"]], "themes": [["name", "colour"], ["Neglect", "red"]]},
    )

    assert {(e.sheet, e.column) for e in result.errors} == {("agencys", ""), ("themes", "colour")}


def test_a_services_refusal_becomes_a_row_error_and_rolls_everything_back(partnership, agency):
    """The form accepts any web address; the model refuses one over 200 characters."""
    long_address = "https://example.org/" + "a" * 200
    before = _counts()
    result = _import(
        partnership,
        {
            "agencies": [
                AGENCY_HEADER,
                ["Fresh", "", "other", "relevant_agency", "", ""],
                ["Testshire Police", "", "police", "statutory_partner", long_address, ""],
            ]
        },
    )

    assert [(e.sheet, e.row, e.column) for e in result.errors] == [("agencies", 3, "website")]
    assert "200 characters" in result.errors[0].message
    assert _counts() == before
