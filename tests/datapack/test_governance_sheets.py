"""The governance sheets: a partnership's executive, meetings, budget, communications, voice of
the child, priorities, plan on a page and guidance changes move through the pack."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest

from safeguarding.audit.models import AuditEntry
from safeguarding.core import services as core_services
from safeguarding.core.models import Partnership
from safeguarding.core.years import ReportingYear
from safeguarding.datapack import registry as datapack_registry
from safeguarding.datapack.formats import read_bytes, read_path
from safeguarding.datapack.services import export_pack, import_pack
from safeguarding.demo import loader
from safeguarding.governance import selectors, services
from safeguarding.governance.models import (
    Activity,
    CommunicationFigure,
    Contribution,
    Engagement,
    ExecutiveMember,
    Expenditure,
    Grant,
    GuidanceChange,
    Indicator,
    Invitation,
    Meeting,
    ParticipationGroup,
    PlanOnAPage,
    Priority,
    Subgroup,
)
from safeguarding.metrics import registry
from safeguarding.metrics import services as metric_services
from safeguarding.metrics.models import EnteredValue
from safeguarding.metrics.registry import Metric, Unit
from tests.datapack.helpers import xlsx
from tests.factories import pack_for_copy, partnership_copy

pytestmark = pytest.mark.django_db

YEAR = ReportingYear(2023)
GOVERNANCE_SHEETS = [
    "executive",
    "subgroups",
    "meetings",
    "attendance",
    "contributions",
    "grants",
    "expenditure",
]
VISITORS = Metric(code="test.website_visitors", label="Website visitors", unit=Unit.COUNT)


@pytest.fixture
def somerset() -> Iterator[Partnership]:
    loader.load(password="demo-password-for-tests")
    somerset = Partnership.objects.get(slug="somerset")
    with registry.registered(VISITORS):
        for start, value in ((2019, "1200"), (2020, "1530")):
            metric_services.entered_value_set(
                actor=None,
                partnership=somerset,
                metric=VISITORS.code,
                period=ReportingYear(start),
                value=Decimal(value),
                source="Website analytics report",
            )
        yield somerset


def _fresh() -> Partnership:
    somerset = Partnership.objects.get(slug="somerset")
    return partnership_copy(somerset, name="Copy of Somerset", slug="copy")


def _figures(partnership: Partnership) -> dict[str, object]:
    """Every governance figure the report shows, through the governance selectors."""
    attendance = selectors.attendance_for(partnership, YEAR)
    budget = selectors.budget_for(partnership, YEAR)
    return {
        "meetings": attendance.meetings,
        "attendance": {
            row.agency: (row.invited, row.attended, row.percent) for row in attendance.rows
        },
        "contributions": [
            (line.agency.name, line.amount, selectors.whole_percent(line.share))
            for line in budget.contributions.lines
        ],
        "budget_total": budget.contributions.total,
        "grants": [(g.funder, g.amount, g.purpose, g.uses) for g in budget.grants.lines],
        "expenditure": [
            (line.category, line.amount, selectors.whole_percent(line.share))
            for line in budget.expenditure.lines
        ],
        "executive": sorted(
            (m.name, m.organisation.name if m.organisation else "", m.kind, m.ended_on)
            for m in selectors.executive_for(partnership, YEAR)
        ),
        "subgroups": sorted(s.name for s in selectors.subgroups_for(partnership)),
        "entered": sorted(
            EnteredValue.objects.filter(partnership=partnership).values_list(
                "metric_code", "period_start_year", "value", "source"
            )
        ),
    }


def test_somersets_pack_rebuilds_its_governance_in_an_empty_partnership(somerset):
    pack = read_bytes("somerset.xlsx", export_pack(actor=None, partnership=somerset))
    copy = _fresh()

    result = import_pack(
        actor=None, partnership=copy, pack=pack_for_copy(pack, copy), dry_run=False
    )

    assert result.ok, result.errors
    assert {name: result.counts[name].added for name in GOVERNANCE_SHEETS} == {
        "executive": 8,
        "subgroups": 5,
        "meetings": 15,
        "attendance": 90,
        "contributions": 4,
        "grants": 1,
        "expenditure": 3,
    }
    figures = _figures(copy)
    assert figures == _figures(somerset)
    assert figures["meetings"] == 15
    assert figures["attendance"]["Education Services (Somerset Council)"] == (15, 10, 67)
    assert figures["budget_total"] == Decimal("195500")
    assert [share for _, _, share in figures["contributions"]] == [74, 15, 10, 1]
    assert [share for _, _, share in figures["expenditure"]] == [82, 13, 5]
    assert len(figures["grants"][0][3]) == 4
    # the demo's 5 rapid review, 4 training, 4 professional differences, 1 allegations and 4
    # child deaths figures, and 2 of this test's
    assert len(figures["entered"]) == 20


def test_the_same_pack_imported_twice_leaves_every_row_unchanged_the_second_time(somerset):
    pack = read_bytes("somerset.xlsx", export_pack(actor=None, partnership=somerset))
    copy = _fresh()
    pack = pack_for_copy(pack, copy)
    import_pack(actor=None, partnership=copy, pack=pack, dry_run=False)
    audit_entries = AuditEntry.objects.count()

    again = import_pack(actor=None, partnership=copy, pack=pack, dry_run=False)

    assert again.ok, again.errors
    assert all(c.added == c.changed == 0 for c in again.counts.values()), again.counts
    assert again.counts["attendance"].unchanged == 90
    # Only the import's own entry: no row was saved again.
    assert AuditEntry.objects.count() == audit_entries + 1


def test_the_pack_round_trips_through_csv_files_too(somerset, tmp_path):
    export_pack(actor=None, partnership=somerset, path=tmp_path / "pack")
    copy = _fresh()
    pack = pack_for_copy(read_path(tmp_path / "pack"), copy)
    result = import_pack(actor=None, partnership=copy, pack=pack, dry_run=False)

    assert result.ok, result.errors
    assert result.counts["attendance"].added == 90


# Changes and bad input, on a small partnership


@pytest.fixture
def governed(partnership, agency):
    council = core_services.agency_create(
        actor=None,
        partnership=partnership,
        name="Testshire Council",
        sector="local_authority",
        designation="statutory_partner",
    )
    subgroup = services.subgroup_create(actor=None, partnership=partnership, name="Health")
    meeting = services.meeting_create(
        actor=None,
        partnership=partnership,
        subgroup=subgroup,
        date=YEAR.start.replace(month=6, day=5),
        invited=[agency, council],
    )
    services.meeting_record_attendance(actor=None, meeting=meeting, attended=[agency])
    services.contribution_create(
        actor=None, partnership=partnership, year=YEAR, agency=council, amount=Decimal("1000")
    )
    return partnership


def _import(partnership, sheets, dry_run=False):
    pack = read_bytes("pack.xlsx", xlsx(sheets))
    return import_pack(actor=None, partnership=partnership, pack=pack, dry_run=dry_run)


def _counts() -> tuple[int, ...]:
    models = (ExecutiveMember, Subgroup, Meeting, Invitation, Contribution, Grant, Expenditure)
    return (*(model.objects.count() for model in models), AuditEntry.objects.count())


def _where(result) -> set[tuple[str, int | None, str]]:
    return {(e.sheet, e.row, e.column) for e in result.errors}


def test_changed_rows_are_saved_through_the_governance_services(governed):
    result = _import(
        governed,
        {
            "attendance": [
                ["subgroup", "date", "agency", "attended"],
                ["Health", "2023-06-05", "Testshire Council", "Yes"],
                ["Health", "2023-06-05", "Testshire Police", "yes"],
            ],
            "contributions": [
                ["year", "agency", "amount"],
                ["2023-24", "Testshire Council", "1500.00"],
                ["2023-24", "Testshire Police", "500"],
            ],
            "subgroups": [
                ["name", "purpose", "retired_on"],
                ["Health", "Health services", "2024-03-31"],
            ],
            "executive": [
                ["name", "organisation", "role_title", "kind", "is_chair", "started_on"],
                ["Ann Chair", "Testshire Council", "Independent chair", "other", "y", "2023-04-01"],
            ],
        },
    )

    assert result.ok, result.errors
    assert result.counts["attendance"].changed == 1
    assert result.counts["attendance"].unchanged == 1
    assert (result.counts["contributions"].changed, result.counts["contributions"].added) == (1, 1)
    attendance = selectors.attendance_for(governed, YEAR)
    assert {row.agency: row.attended for row in attendance.rows} == {
        "Testshire Council": 1,
        "Testshire Police": 1,
    }
    assert selectors.budget_for(governed, YEAR).contributions.total == Decimal("2000")
    chair = ExecutiveMember.objects.get(partnership=governed, name="Ann Chair")
    assert (chair.is_chair, chair.organisation.name) == (True, "Testshire Council")
    health = Subgroup.objects.get(partnership=governed, name="Health")
    assert (health.purpose, str(health.retired_on)) == ("Health services", "2024-03-31")
    assert AuditEntry.objects.filter(action="governance.subgroup.retire").count() == 1
    assert AuditEntry.objects.filter(action="governance.contribution.update").count() == 1
    assert AuditEntry.objects.filter(action="governance.meeting.attendance").count() == 2


def test_bad_executive_and_subgroup_rows_name_sheet_row_and_column(governed):
    before = _counts()
    result = _import(
        governed,
        {
            "executive": [
                ["name", "organisation", "role_title", "kind", "started_on", "ended_on"],
                ["Ann", "Nowhere Council", "Chair", "lead", "2023-04-01", ""],
                ["Bo", "", "Chair", "boss", "1 April 2023", ""],
                ["Cy", "", "Chair", "lead", "2023-04-01", "2023-03-01"],
                ["ann", "", "Chair", "lead", "2023-04-01", ""],
            ],
            "subgroups": [
                ["name", "retired_on"],
                ["Learning", "2024-02-30"],
                ["learning", ""],
            ],
        },
    )

    assert _where(result) == {
        ("executive", 2, "organisation"),
        ("executive", 3, "kind"),
        ("executive", 3, "started_on"),
        ("executive", 4, "ended_on"),
        ("executive", 5, "name"),
        ("subgroups", 2, "retired_on"),
        ("subgroups", 3, "name"),
    }
    assert _counts() == before


def test_bad_meeting_and_attendance_rows_name_sheet_row_and_column(governed):
    before = _counts()
    result = _import(
        governed,
        {
            "meetings": [
                ["subgroup", "date", "invited"],
                ["Finance", "2023-07-01", "Testshire Police"],
                ["Health", "2023-13-01", ""],
            ],
            "attendance": [
                ["subgroup", "date", "agency", "attended"],
                ["Health", "2023-06-05", "Testshire Police", "maybe"],
                ["Health", "2023-06-05", "Nowhere Council", "yes"],
                ["Health", "June 2023", "Testshire Police", "no"],
                ["Health", "2023-06-05", "Testshire Police", "no"],
            ],
        },
    )

    assert _where(result) == {
        ("meetings", 2, "subgroup"),
        ("meetings", 3, "date"),
        ("attendance", 2, "attended"),
        ("attendance", 3, "agency"),
        ("attendance", 4, "date"),
        ("attendance", 5, "subgroup"),
    }
    assert _counts() == before


@pytest.mark.parametrize("dry_run", [True, False])
def test_an_unknown_meeting_or_invited_agency_is_found_before_anything_is_saved(governed, dry_run):
    before = _counts()
    result = _import(
        governed,
        {
            "subgroups": [["name"], ["Finance"]],
            "meetings": [
                ["subgroup", "date", "invited"],
                ["Finance", "2023-07-01", "Testshire Police; Nowhere Council"],
                ["Finance", "2023-08-01", "Testshire Police"],
            ],
            "attendance": [
                ["subgroup", "date", "agency", "attended"],
                ["Health", "2023-06-06", "Testshire Police", "yes"],
                ["Finance", "2023-08-01", "Testshire Police", "yes"],
            ],
        },
        dry_run=dry_run,
    )

    assert {str(e) for e in result.errors} == {
        "sheet meetings, row 2, column invited: "
        "There is no “Nowhere Council” in agencies, in this partnership or in this pack.",
        "sheet attendance, row 2, column date: "
        "There is no “Health, 2023-06-06” in meetings, in this partnership or in this pack.",
    }
    assert _counts() == before


def test_an_agency_not_invited_is_refused_when_saved_and_nothing_is_written(governed):
    before = _counts()
    result = _import(
        governed,
        {
            "attendance": [
                ["subgroup", "date", "agency", "attended"],
                ["Health", "2023-06-05", "Testshire Police", "yes"],
                ["Health", "2023-06-05", "Somewhere Else", "yes"],
            ],
            "agencies": [
                ["name", "sector", "designation"],
                ["Somewhere Else", "other", "relevant_agency"],
            ],
        },
    )

    assert [str(e) for e in result.errors] == [
        "sheet attendance, row 3, column agency: Somewhere Else was not invited to this meeting."
    ]
    assert _counts() == before


def test_bad_budget_rows_name_sheet_row_and_column(governed):
    before = _counts()
    result = _import(
        governed,
        {
            "contributions": [
                ["year", "agency", "amount"],
                ["2023-24", "Testshire Police", "0"],
                ["2023-24", "Nowhere Council", "100"],
                ["2023/24", "Testshire Council", "100"],
                ["2023-24", "testshire police", "200"],
            ],
            "grants": [
                ["year", "funder", "purpose", "amount", "uses"],
                ["2023-24", "Department for Education", "", "lots", "Training"],
            ],
            "expenditure": [
                ["year", "category", "amount"],
                ["2023-24", "Salaries", "-5"],
                ["2023-24", "salaries", "10"],
            ],
        },
    )

    assert _where(result) == {
        ("contributions", 2, "amount"),
        ("contributions", 3, "agency"),
        ("contributions", 4, "year"),
        ("contributions", 5, "year"),
        ("grants", 2, "purpose"),
        ("grants", 2, "amount"),
        ("expenditure", 2, "amount"),
        ("expenditure", 3, "year"),
    }
    messages = {str(e) for e in result.errors}
    assert "sheet expenditure, row 2, column amount: The amount must be more than £0." in messages
    assert _counts() == before


def test_the_issues_bad_pack_names_each_error_and_writes_nothing(governed):
    """A missing column, a bad date, an unknown agency, a duplicate row and shares over 100%."""
    before = _counts()
    result = _import(
        governed,
        {
            "executive": [
                ["name", "role_title", "kind", "started_on"],
                ["Ada Example", "Director", "lead", "31/02/2023"],
            ],
            "subgroups": [["purpose"], ["No names here"]],
            "contributions": [
                ["year", "agency", "amount", "share"],
                ["2023-24", "Testshire Council", "7400", "74"],
                ["2023-24", "Nowhere Council", "1500", "15"],
                ["2023-24", "Testshire Police", "1000", "30"],
                ["2023-24", "Testshire Police", "100", "1"],
            ],
        },
    )

    assert [str(e) for e in result.errors] == [
        "sheet executive, row 2, column started_on: "
        "Enter a real date as YYYY-MM-DD, like 2024-03-27.",
        "sheet subgroups, row 1, column name: The sheet has no “name” column.",
        "sheet contributions, row 3, column agency: "
        "There is no “Nowhere Council” in agencies, in this partnership or in this pack.",
        "sheet contributions, row 5, column year: "
        "This row repeats row 4: each year/agency may appear once.",
        *(
            f"sheet contributions, row {row}, column share: The shares for 2023-24 add up to "
            "104%: they cannot add up to more than 100%. Correct them, or leave the share column "
            "out: the Hub works shares out from the amounts."
            for row in (2, 4)
        ),
    ]
    assert _counts() == before


def test_published_shares_that_round_to_100_are_checked_not_stored(governed):
    result = _import(
        governed,
        {
            "contributions": [
                ["year", "agency", "amount", "share"],
                ["2023-24", "Testshire Council", "1000", "66.7"],
                ["2023-24", "Testshire Police", "500", "33.7"],
            ],
        },
    )

    assert result.ok, result.errors
    counts = result.counts["contributions"]
    assert (counts.added, counts.unchanged) == (1, 1)
    assert Contribution.objects.get(agency__name="Testshire Police").amount == Decimal("500")


def test_the_governance_sheets_load_after_the_agencies_they_name():
    names = [sheet.name for sheet in datapack_registry.sheets()]
    assert names.index("agencies") < names.index("executive")
    assert [name for name in names if name in GOVERNANCE_SHEETS] == GOVERNANCE_SHEETS


# Part 2: communications, the voice of the child, priorities, the plan and guidance changes

PART_TWO = [
    "communications",
    "participation_groups",
    "engagements",
    "priorities",
    "indicators",
    "activities",
    "plan_on_a_page",
    "guidance_changes",
]
PART_TWO_MODELS = (
    CommunicationFigure,
    ParticipationGroup,
    Engagement,
    Priority,
    Indicator,
    Activity,
    PlanOnAPage,
    GuidanceChange,
)


def test_somersets_part_two_sheets_rebuild_in_an_empty_partnership(somerset):
    pack = read_bytes("somerset.xlsx", export_pack(actor=None, partnership=somerset))
    copy = _fresh()

    result = import_pack(
        actor=None, partnership=copy, pack=pack_for_copy(pack, copy), dry_run=False
    )

    assert result.ok, result.errors
    assert {name: result.counts[name].added for name in PART_TWO} == {
        "communications": 10,
        "participation_groups": 9,
        "engagements": 3,
        "priorities": 3,
        "indicators": 9,
        "activities": 12,
        "plan_on_a_page": 1,
        "guidance_changes": 2,
    }
    youth = Engagement.objects.get(partnership=copy, title__startswith="Worked with Members")
    assert sorted(g.name for g in youth.groups.all()) == [
        "Somerset Leaving Care Council (SLCC)",
        "Somerset Youth Forum",
        "Somerset in Care Council (SiCC)",
    ]
    wellbeing = Priority.objects.get(partnership=copy, order=3)
    assert (wellbeing.progress, len(wellbeing.aims), wellbeing.first_year) == ("amber", 2, 2023)
    harm = wellbeing.indicators.get(label__startswith="Hospital admissions as a result")
    assert (harm.local, harm.england, harm.unit) == (Decimal("611.8"), 319, "per 100,000")
    police = ParticipationGroup.objects.get(partnership=copy, name="Police participation group")
    assert police.hosted_by == "Avon and Somerset Constabulary"


@pytest.fixture
def planned(governed, agency):
    services.participation_group_create(actor=None, partnership=governed, name="Youth Forum")
    services.priority_create(
        actor=None,
        partnership=governed,
        title="Safe Start",
        statement="Babies are safe.",
        first_year=YEAR,
        progress="green",
    )
    services.communication_figure_create(
        actor=None,
        partnership=governed,
        year=YEAR,
        channel="podcast",
        measure="downloads",
        value=Decimal("1700"),
    )
    return governed


def _part_two_counts() -> tuple[int, ...]:
    return (*(m.objects.count() for m in PART_TWO_MODELS), AuditEntry.objects.count())


def test_part_two_rows_are_added_and_changed_through_the_services(planned):
    result = _import(
        planned,
        {
            "communications": [
                ["year", "channel", "measure", "value", "period"],
                ["2023-24", "podcast", "downloads", "1750", "Since September"],
            ],
            "participation_groups": [
                ["name", "agency", "host", "retired_on"],
                ["Parent Forum", "", "Parents Together", ""],
                ["Police group", "Testshire Police", "", ""],
                ["Youth Forum", "", "", "2024-03-31"],
            ],
            "engagements": [
                ["year", "title", "details", "influenced", "groups"],
                ["2023-24", "Bulletin", "Grow Up!; Feeling safe", "Practice", "Police group"],
            ],
            "priorities": [
                ["title", "statement", "aims", "progress", "first_year", "last_year"],
                ["safe start", "Babies are safe.", "Early help; Fathers", "amber", "2023-24", ""],
            ],
            "indicators": [
                ["priority", "label", "local_value", "england_value", "unit"],
                ["Safe Start", "Self-harm admissions", "611.80", "319.0", "per 100,000"],
            ],
            "activities": [
                ["priority", "year", "text", "evidence"],
                ["Safe Start", "2023-24", "A pilot for fathers.", "Good feedback."],
            ],
            "plan_on_a_page": [["year", "working_with"], ["2024-25", "Every agency"]],
            "guidance_changes": [
                ["year", "topic", "guidance", "decision"],
                ["2023-24", "Education", "Involve schools.", "Schools join every subgroup."],
            ],
        },
    )

    assert result.ok, result.errors
    assert result.counts["communications"].changed == 1
    assert result.counts["priorities"].changed == 1
    assert result.counts["participation_groups"].added == 2
    figure = CommunicationFigure.objects.get(partnership=planned, channel="podcast")
    assert (figure.value, figure.period) == (Decimal("1750"), "Since September")
    priority = Priority.objects.get(partnership=planned)
    assert (priority.progress, priority.aims) == ("amber", ["Early help", "Fathers"])
    assert priority.indicators.get().england == 319
    assert priority.activities.get().evidence == "Good feedback."
    engagement = Engagement.objects.get(partnership=planned)
    assert engagement.details == ["Grow Up!", "Feeling safe"]
    assert [g.hosted_by for g in engagement.groups.all()] == ["Testshire Police"]
    youth = ParticipationGroup.objects.get(partnership=planned, name="Youth Forum")
    assert str(youth.retired_on) == "2024-03-31"
    assert PlanOnAPage.objects.get(partnership=planned).working_with == "Every agency"
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "governance.communication_figure.update",
        "governance.participation_group.retire",
        "governance.engagement.create",
        "governance.priority.update",
        "governance.indicator.create",
        "governance.activity.create",
        "governance.plan_on_a_page.create",
        "governance.guidance_change.create",
    } <= actions


def test_bad_part_two_rows_name_sheet_row_and_column(planned):
    before = _part_two_counts()
    result = _import(
        planned,
        {
            "communications": [
                ["year", "channel", "measure", "value"],
                ["2023/24", "radio", "downloads", "-1"],
                ["2023-24", "podcast", "downloads", "10"],
                ["2023-24", "podcast", "downloads", "12"],
            ],
            "participation_groups": [
                ["name", "agency", "host"],
                ["Carers", "Nowhere Council", ""],
                ["Parents", "Testshire Police", "Parents Together"],
            ],
            "engagements": [
                ["year", "title", "groups"],
                ["2023-25", "Bulletin", ""],
                ["2023-24", "", "Youth Forum"],
            ],
            "priorities": [
                ["title", "statement", "progress", "order", "first_year", "last_year"],
                ["Safe Start", "Safe.", "purple", "first", "2023-24", "2022-23"],
                ["Safe in School", "", "green", "2", "", ""],
                ["safe start", "Again.", "", "", "2023-24", ""],
            ],
            "indicators": [
                ["priority", "label", "local_value", "england_value"],
                ["Unknown Priority", "Admissions", "12", ""],
                ["Safe Start", "Admissions", "", ""],
                ["Safe Start", "Admissions per child", "lots", "1"],
            ],
            "activities": [
                ["priority", "year", "text"],
                ["Unknown Priority", "2023-24", "Training."],
                ["Safe Start", "2023", "Training."],
                ["Safe Start", "2023-24", ""],
            ],
            "plan_on_a_page": [["year", "understand"], ["", "Audits"], ["2024-25", "Audits"]],
            "guidance_changes": [
                ["year", "topic", "guidance", "decision"],
                ["2023-24", "Education", "", ""],
                ["2023-24", "education", "Involve schools.", "Yes."],
            ],
        },
    )

    assert _where(result) == {
        ("communications", 2, "year"),
        ("communications", 2, "channel"),
        ("communications", 2, "value"),
        ("communications", 4, "year"),
        ("participation_groups", 2, "agency"),
        ("participation_groups", 3, "host"),
        ("engagements", 2, "year"),
        ("engagements", 3, "title"),
        ("priorities", 2, "progress"),
        ("priorities", 2, "order"),
        ("priorities", 2, "last_year"),
        ("priorities", 3, "statement"),
        ("priorities", 3, "first_year"),
        ("priorities", 4, "title"),
        ("indicators", 2, "priority"),
        ("indicators", 3, "local_value"),
        ("indicators", 4, "local_value"),
        ("activities", 2, "priority"),
        ("activities", 3, "year"),
        ("activities", 4, "text"),
        ("plan_on_a_page", 2, "year"),
        ("guidance_changes", 2, "guidance"),
        ("guidance_changes", 2, "decision"),
        ("guidance_changes", 3, "year"),
    }
    messages = {str(e) for e in result.errors}
    assert "sheet priorities, row 2, column progress: Use one of: red, amber, green." in messages
    assert (
        "sheet indicators, row 2, column priority: There is no “Unknown Priority” in priorities, "
        "in this partnership or in this pack." in messages
    )
    assert _part_two_counts() == before


def test_an_unknown_group_refuses_the_whole_import(planned):
    before = _part_two_counts()
    result = _import(
        planned,
        {
            "priorities": [["title", "statement", "first_year"], ["New", "New.", "2023-24"]],
            "engagements": [
                ["year", "title", "groups"],
                ["2023-24", "Bulletin", "Youth Forum; Nobody's Group"],
            ],
        },
    )

    assert [str(e) for e in result.errors] == [
        "sheet engagements, row 2, column groups: "
        "There is no “Nobody's Group” in participation_groups, in this partnership or in this pack."
    ]
    assert _part_two_counts() == before


def test_the_part_two_sheets_load_after_the_sheets_they_name():
    names = [sheet.name for sheet in datapack_registry.sheets()]
    in_order = [name for name in PART_TWO if name != "activities"]
    assert [name for name in names if name in in_order] == in_order
    assert names.index("agencies") < names.index("participation_groups")
    assert names.index("participation_groups") < names.index("engagements")
    assert names.index("priorities") < names.index("indicators") < names.index("activities")
    assert names.index("actions") < names.index("activities")  # an activity names its actions
