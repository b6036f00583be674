"""The escalations sheets: professional differences with their steps and outcome, and the survey
responses, move through the data pack, saved by the escalations services; a bad row is reported by
sheet, row and column, and nothing is saved."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from safeguarding.audit.models import AuditEntry
from safeguarding.core import services as core_services
from safeguarding.core.models import Partnership
from safeguarding.datapack.formats import read_bytes
from safeguarding.datapack.services import export_pack, export_rows, import_pack
from safeguarding.escalations import services
from safeguarding.escalations.models import Escalation, EscalationStep, SurveyResponse
from tests.datapack.helpers import xlsx
from tests.escalations.conftest import TALK

SHEETS = ["escalations", "escalation_survey"]
NOW = dt.datetime(2024, 9, 30, 12, tzinfo=dt.UTC)

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def recorded(partnership, agency, health, council, charity, themes):
    """Three differences (one closed at step 3, an urgent one open at step 3, one withdrawn at
    step 1) and three survey responses, two received on the same day."""
    first = services.escalation_create(
        actor=None,
        partnership=partnership,
        raised_on=dt.date(2023, 10, 2),
        raising_agency=health,
        raising_role="Health visitor",
        receiving_agency=council,
        issue_type="communication",
        case_code="Child E1",
        summary="The plan did not say who would visit.",
        theme=themes[TALK],
    )
    [step_1] = first.steps.all()
    services.escalation_step_complete(actor=None, step=step_1, completed_on=dt.date(2023, 10, 4))
    services.escalation_step_start(
        actor=None, escalation=first, step=2, started_on=dt.date(2023, 10, 5)
    )
    services.escalation_step_start(
        actor=None, escalation=first, step=3, started_on=dt.date(2023, 10, 16)
    )
    services.escalation_close(
        actor=None,
        escalation=first,
        outcome="resolved",
        closed_on=dt.date(2023, 10, 20),
        resolution_type="plan_changed",
        improved_plan=True,
    )
    services.escalation_create(
        actor=None,
        partnership=partnership,
        raised_on=dt.date(2023, 11, 6),
        raising_agency=agency,
        raising_role="Detective sergeant",
        receiving_agency=council,
        issue_type="threshold",
        case_code="Child E2",
        step=3,
    )
    third = services.escalation_create(
        actor=None,
        partnership=partnership,
        raised_on=dt.date(2024, 1, 8),
        raising_agency=charity,
        raising_role="Youth worker",
        receiving_agency=health,
        issue_type="information_sharing",
        case_code="Child E3",
    )
    services.escalation_close(
        actor=None, escalation=third, outcome="withdrawn", closed_on=dt.date(2024, 1, 9)
    )
    for received_on, answer, comment, linked in (
        (dt.date(2023, 11, 1), "yes", "It resulted in improved care planning.", first),
        (dt.date(2023, 11, 1), "not_sure", "", None),
        (dt.date(2024, 2, 1), "no", "It took too long.", None),
    ):
        services.survey_response_create(
            actor=None,
            partnership=partnership,
            received_on=received_on,
            positive_outcome=answer,
            comment=comment,
            escalation=linked,
            agency=health if linked else None,
            quote_in_report=bool(linked),
        )
    return partnership


def _fresh() -> Partnership:
    return core_services.partnership_create(
        actor=None, name="Copy of Testshire", slug="copy", local_authority_areas=["Testshire"]
    )


def _records(partnership: Partnership) -> dict[str, object]:
    """What the sheets hold, with the due dates the services worked out."""
    sheets = {name: rows for name, _, rows in export_rows(partnership) if name in SHEETS}
    steps = EscalationStep.objects.filter(escalation__partnership=partnership)
    return {
        **sheets,
        "due": list(steps.values_list("escalation__reference", "step", "due_on").order_by("pk")),
    }


def _import(partnership: Partnership, sheets: dict[str, list[list[object]]], dry_run=False):
    pack = read_bytes("pack.xlsx", xlsx(sheets))
    return import_pack(actor=None, partnership=partnership, pack=pack, dry_run=dry_run)


def _everything() -> tuple[int, ...]:
    tables = (Escalation, EscalationStep, SurveyResponse, AuditEntry)
    return tuple(table.objects.count() for table in tables)


def test_an_exported_pack_rebuilds_the_register_in_an_empty_partnership(recorded):
    pack = read_bytes("testshire.xlsx", export_pack(actor=None, partnership=recorded))
    copy = _fresh()

    result = import_pack(actor=None, partnership=copy, pack=pack, dry_run=False)

    assert result.ok, result.errors
    assert {name: result.counts[name].added for name in SHEETS} == {
        "escalations": 3,
        "escalation_survey": 3,
    }
    assert _records(copy) == _records(recorded)
    rows = _records(copy)["escalations"]
    assert rows[0]["reference"] == "RPD-0001"
    assert (rows[0]["step_3_completed_on"], rows[0]["outcome"]) == ("2023-10-20", "resolved")
    assert (rows[1]["step_1_started_on"], rows[1]["step_3_started_on"]) == ("", "2023-11-06")
    steps = AuditEntry.objects.filter(partnership=copy, action="escalations.step.start")
    assert steps.count() == 5
    survey = _records(copy)["escalation_survey"]
    assert [(r["received_on"], r["number"], r["escalation"]) for r in survey] == [
        ("2023-11-01", "1", "RPD-0001"),
        ("2023-11-01", "2", ""),
        ("2024-02-01", "1", ""),
    ]


def test_the_same_pack_imported_twice_is_all_unchanged_the_second_time(recorded):
    pack = read_bytes("testshire.xlsx", export_pack(actor=None, partnership=recorded))
    copy = _fresh()
    import_pack(actor=None, partnership=copy, pack=pack, dry_run=False)
    entries = AuditEntry.objects.filter(action__startswith="escalations.").count()

    again = import_pack(actor=None, partnership=copy, pack=pack, dry_run=False)

    assert again.ok, again.errors
    assert all(c.added == c.changed == 0 for c in again.counts.values()), again.counts
    assert AuditEntry.objects.filter(action__startswith="escalations.").count() == entries


HEADER = [
    "reference",
    "raised_on",
    "raising_agency",
    "raising_role",
    "receiving_agency",
    "issue_type",
    "case_code",
    "step_1_started_on",
    "step_1_completed_on",
    "step_2_started_on",
    "step_3_started_on",
    "step_3_completed_on",
    "outcome",
    "resolution_type",
    "closed_on",
    "improved_plan",
]
POLICE, COUNCIL = "Testshire Police", "Testshire Children's Social Care"


def row(reference="RPD-0100", **changes):
    values = {
        "reference": reference,
        "raised_on": "2024-02-05",
        "raising_agency": POLICE,
        "raising_role": "Police officer",
        "receiving_agency": COUNCIL,
        "issue_type": "plan",
        "case_code": "Child E9",
        "step_1_started_on": "2024-02-05",
        "step_1_completed_on": "2024-02-06",
        "step_2_started_on": "2024-02-07",
        "step_3_started_on": "",
        "step_3_completed_on": "",
        "outcome": "",
        "resolution_type": "",
        "closed_on": "",
        "improved_plan": "",
    } | changes
    return [values[column] for column in HEADER]


def test_a_changed_row_moves_the_difference_up_and_closes_it_through_the_services(recorded):
    """RPD-0002 (urgent, open at step 3) is closed; a new one is raised and moved to step 2."""
    second = row(
        "rpd-0002",
        raised_on="2023-11-06",
        raising_agency=POLICE,
        raising_role="Detective sergeant",
        issue_type="threshold",
        case_code="Child E2",
        step_1_started_on="",
        step_1_completed_on="",
        step_2_started_on="",
        step_3_started_on="2023-11-06",
        outcome="not_resolved",
        closed_on="2023-11-10",
        improved_plan="no",
    )
    result = _import(recorded, {"escalations": [HEADER, second, row()]})

    assert result.ok, result.errors
    counts = result.counts["escalations"]
    assert (counts.added, counts.changed) == (1, 1)
    closed = Escalation.objects.get(reference="RPD-0002")
    assert (closed.outcome, closed.closed_on, closed.improved_plan) == (
        "not_resolved",
        dt.date(2023, 11, 10),
        False,
    )
    assert closed.steps.get().completed_on == dt.date(2023, 11, 10)
    new = Escalation.objects.get(reference="RPD-0100")
    assert list(new.steps.values_list("step", "started_on", "due_on", "completed_on")) == [
        (1, dt.date(2024, 2, 5), dt.date(2024, 2, 7), dt.date(2024, 2, 6)),
        (2, dt.date(2024, 2, 7), dt.date(2024, 2, 14), None),
    ]
    assert new.raised_by is None
    made = AuditEntry.objects.filter(target_label__startswith="RPD-0100")
    assert sorted(made.values_list("action", flat=True)) == [
        "escalations.escalation.create",
        "escalations.step.complete",
        "escalations.step.start",
        "escalations.step.start",
    ]
    assert AuditEntry.objects.filter(action="escalations.escalation.close").count() == 3


def test_bad_rows_are_reported_by_sheet_row_and_column_before_anything_is_saved(recorded):
    before = _everything()
    sheets = {
        "escalations": [
            HEADER,
            row("RPD-0101", raising_agency="Testshire Fire Service"),
            row("RPD-0102", step_1_completed_on="2024-02-04", issue_type="gossip"),
            row("RPD-0103", step_1_started_on="2024-02-06", outcome="resolved"),
            row("RPD-0104", step_2_started_on="2024-02-04"),
            row("rpd-0101"),
            row("RPD-0105", step_1_started_on="", step_1_completed_on="", step_2_started_on=""),
        ],
        "escalation_survey": [
            ["received_on", "number", "positive_outcome", "escalation", "quote_in_report"],
            ["2024-02-01", "0", "perhaps", "RPD-0999", "maybe"],
            ["2024-02-30", "1", "yes", "", ""],
        ],
    }

    dry_run = _import(recorded, sheets, dry_run=True)
    result = _import(recorded, sheets)

    assert [(e.sheet, e.row, e.column) for e in result.errors] == [
        ("escalations", 2, "raising_agency"),
        ("escalations", 3, "issue_type"),
        ("escalations", 3, "step_1_completed_on"),
        ("escalations", 4, "step_1_started_on"),
        ("escalations", 4, "closed_on"),
        ("escalations", 4, "resolution_type"),
        ("escalations", 5, "step_2_started_on"),
        ("escalations", 5, "step_1_completed_on"),
        ("escalations", 6, "reference"),
        ("escalations", 7, "step_1_started_on"),
        ("escalation_survey", 2, "number"),
        ("escalation_survey", 2, "positive_outcome"),
        ("escalation_survey", 2, "quote_in_report"),
        ("escalation_survey", 2, "escalation"),
        ("escalation_survey", 3, "received_on"),
    ]
    assert dry_run.errors == result.errors
    messages = {(e.row, e.column): e.message for e in result.errors if e.sheet == "escalations"}
    assert "“Testshire Fire Service”" in messages[(2, "raising_agency")]
    assert messages[(4, "step_1_started_on")] == (
        "The first step starts on raised_on: make them match."
    )
    assert messages[(4, "closed_on")] == "Enter outcome and closed_on together, or neither."
    assert "repeats row 2" in messages[(6, "reference")]
    assert _everything() == before


@pytest.mark.parametrize(
    ("line", "column", "message"),
    [
        (
            row(
                raised_on="2024-10-07",
                step_1_started_on="2024-10-07",
                step_1_completed_on="",
                step_2_started_on="",
            ),
            "raised_on",
            "The date raised must be today or in the past",
        ),
        (row(receiving_agency=POLICE), "receiving_agency", "must be different"),
        (
            row(
                "RPD-0001",
                raising_agency="Testshire Health Trust",
                raised_on="2023-10-02",
                step_1_started_on="2023-10-02",
                step_1_completed_on="2023-10-04",
                step_2_started_on="2023-10-06",
            ),
            "step_2_started_on",
            "cannot be changed here",
        ),
        (
            row(
                "RPD-0001",
                raising_agency="Testshire Health Trust",
                raised_on="2023-10-02",
                step_1_started_on="2023-10-02",
                step_1_completed_on="",
                step_2_started_on="2023-10-05",
            ),
            "step_1_completed_on",
            "cannot be cleared",
        ),
    ],
    ids=["raised-in-the-future", "same-agency", "step-start-moved", "completion-cleared"],
)
def test_a_row_the_services_refuse_is_reported_on_its_column_and_nothing_is_saved(
    recorded, line, column, message
):
    before = _everything()

    result = _import(recorded, {"escalations": [HEADER, row("RPD-0200"), line]})

    assert [(e.sheet, e.row, e.column) for e in result.errors] == [("escalations", 3, column)]
    assert message in result.errors[0].message
    assert _everything() == before


def test_how_a_closed_difference_ended_cannot_be_changed_here(recorded):
    before = _everything()
    header = ["reference", "raised_on", "raising_agency", "raising_role", "receiving_agency"]
    header += ["issue_type", "case_code", "outcome", "resolution_type", "closed_on"]
    line = ["RPD-0003", "2024-01-08", "Testshire Youth Charity", "Youth worker"]
    line += ["Testshire Health Trust", "information_sharing", "Child E3", "resolved", "other"]
    line += ["2024-01-09"]

    result = _import(recorded, {"escalations": [header, line]})

    assert [(e.row, e.column) for e in result.errors] == [(2, "outcome")]
    assert "cannot be changed here" in result.errors[0].message
    assert _everything() == before


SURVEY = ["received_on", "number", "positive_outcome", "comment", "escalation", "quote_in_report"]


def test_a_survey_response_is_changed_by_its_day_and_number_and_added_in_turn(recorded):
    sheets = {
        "escalation_survey": [
            SURVEY,
            ["2023-11-01", "2", "yes", "Allowed open challenge.", "RPD-0001", "yes"],
            ["2023-11-01", "3", "yes", "", "", "no"],
        ]
    }

    result = _import(recorded, sheets)

    assert result.ok, result.errors
    counts = result.counts["escalation_survey"]
    assert (counts.added, counts.changed) == (1, 1)
    second = SurveyResponse.objects.filter(received_on=dt.date(2023, 11, 1)).order_by("pk")[1]
    assert (second.comment, second.escalation.reference, second.quote_in_report) == (
        "Allowed open challenge.",
        "RPD-0001",
        True,
    )
    assert SurveyResponse.objects.filter(received_on=dt.date(2023, 11, 1)).count() == 3


def test_a_survey_number_past_the_next_or_a_quote_without_a_comment_is_refused(recorded):
    before = _everything()
    sheets = {
        "escalation_survey": [
            SURVEY,
            ["2024-02-01", "3", "yes", "Skipped a number.", "", "no"],
            ["2024-02-01", "1", "no", "", "", "yes"],
        ]
    }

    result = _import(recorded, sheets)

    assert [(e.row, e.column) for e in result.errors] == [(2, "number"), (3, "comment")]
    assert "The next response received on 2024-02-01 is number 2" in result.errors[0].message
    assert result.errors[1].message == "Enter the comment to quote, or do not quote it"
    assert _everything() == before
