"""The learning sheets: findings, recommendations, actions, evidence of impact and dissemination
move through the data pack, each row naming its source by kind and title."""

from __future__ import annotations

import datetime as dt

import pytest

from safeguarding.accounts.roles import Role
from safeguarding.audit.models import AuditEntry
from safeguarding.core import services as core_services
from safeguarding.core.models import Partnership, Theme
from safeguarding.datapack import registry
from safeguarding.datapack.formats import Pack, read_bytes
from safeguarding.datapack.services import export_pack, export_rows, import_pack
from safeguarding.learning import services
from safeguarding.learning.models import (
    Action,
    ActionStatus,
    Dissemination,
    Finding,
    ImpactEvidence,
    Recommendation,
    Source,
    SourceKind,
)
from tests.datapack.helpers import xlsx
from tests.factories import MembershipFactory
from tests.learning.factories import make_action, make_evidence, make_source

pytestmark = pytest.mark.django_db

SHEETS = ["findings", "recommendations", "actions", "impact_evidence", "dissemination"]
BABY = "Rapid Review 1 – non-accidental injuries to a baby"
COHORT = "Learning Review 1 – a thematic review of serious youth violence"
CURIOSITY = "Professional curiosity and taking a whole-family approach"
FATHERS = "Working with fathers and male carers"
BRUISING = "Bruising in a non-mobile baby was not seen as a safeguarding concern."
FATHER_UNSEEN = "The baby's father was not seen by any agency."
FINDINGS_HEADER = ["source_kind", "source_title", "text", "recorded_on", "themes"]
ACTIONS_HEADER = [
    "source_kind",
    "source_title",
    "title",
    "owner_agency",
    "raised_on",
    "due_on",
    "status",
]


def _themes(partnership: Partnership, *names: str) -> list[Theme]:
    return list(Theme.objects.filter(partnership=partnership, name__in=names))


def _sources(partnership: Partnership) -> tuple[Source, Source]:
    return (
        make_source(partnership, BABY, SourceKind.RAPID_REVIEW, dt.date(2023, 5, 2)),
        make_source(partnership, COHORT, SourceKind.LEARNING_REVIEW, dt.date(2023, 4, 20)),
    )


@pytest.fixture
def owner(personas):
    return personas[Role.AGENCY_LEAD]


@pytest.fixture
def recorded(partnership, agency, health, owner):
    """A partnership with findings, a recommendation, actions, evidence and dissemination."""
    baby, cohort = _sources(partnership)
    bruising = services.finding_create(
        actor=None,
        source=baby,
        text=BRUISING,
        recorded_on=dt.date(2023, 5, 20),
        themes=_themes(partnership, CURIOSITY, FATHERS),
    )
    services.finding_create(
        actor=None, source=baby, text=FATHER_UNSEEN, recorded_on=dt.date(2023, 5, 20)
    )
    services.finding_create(
        actor=None,
        source=cohort,
        text="Exclusion from school came before every incident.",
        recorded_on=dt.date(2023, 9, 1),
        themes=_themes(partnership, CURIOSITY),
    )
    protocol = services.recommendation_create(
        actor=None,
        source=baby,
        text="Agencies should follow the bruising protocol for every non-mobile baby.",
        made_on=dt.date(2023, 5, 25),
        findings=[bruising],
    )
    done = make_action(
        baby,
        agency,
        title="Police: refresh the bruising protocol",
        recommendation=protocol,
        owner=owner,
        description="Briefings for every response team.",
        status=ActionStatus.COMPLETED,
        completed_on=dt.date(2023, 11, 20),
        rag="green",
    )
    make_evidence(done)
    make_action(cohort, health, title="Health: school nurse drop-ins", status="in_progress")
    services.dissemination_create(
        actor=None,
        partnership=partnership,
        method="bulletin",
        title="Learning Bulletin: bruising in babies",
        shared_on=dt.date(2023, 7, 3),
        reach=511,
        findings=[bruising],
    )
    services.dissemination_create(
        actor=None,
        partnership=partnership,
        method="podcast",
        title="Podcast: fathers",
        shared_on=dt.date(2023, 8, 1),
    )
    return partnership


def _fresh() -> Partnership:
    return core_services.partnership_create(
        actor=None, name="Copy of Testshire", slug="copy", local_authority_areas=["Testshire"]
    )


def _learning_rows(partnership: Partnership) -> dict[str, list[dict[str, str]]]:
    return {name: rows for name, _, rows in export_rows(partnership) if name in SHEETS}


def _only(pack: Pack, *names: str) -> Pack:
    return {name: sheet for name, sheet in pack.items() if name in names}


def _import(partnership: Partnership, sheets: dict[str, list[list[object]]], dry_run=False):
    pack = read_bytes("pack.xlsx", xlsx(sheets))
    return import_pack(actor=None, partnership=partnership, pack=pack, dry_run=dry_run)


def _counts() -> dict[str, int]:
    models = (Finding, Recommendation, Action, ImpactEvidence, Dissemination, AuditEntry)
    return {model.__name__: model.objects.count() for model in models}


def test_an_exported_pack_rebuilds_the_learning_in_an_empty_partnership(recorded, owner):
    """The sources come first (here through the learning services, as a review would make them);
    the learning sheets then name them by kind and title."""
    pack = read_bytes("testshire.xlsx", export_pack(actor=None, partnership=recorded))
    copy = _fresh()
    _sources(copy)
    MembershipFactory(user=owner, partnership=copy, role=Role.BUSINESS_UNIT)

    result = import_pack(
        actor=None, partnership=copy, pack=_only(pack, "agencies", "themes", *SHEETS), dry_run=False
    )

    assert result.ok, result.errors
    assert {name: result.counts[name].added for name in SHEETS} == {
        "findings": 3,
        "recommendations": 1,
        "actions": 2,
        "impact_evidence": 1,
        "dissemination": 2,
    }
    assert _learning_rows(copy) == _learning_rows(recorded)
    action = Action.objects.get(source__partnership=copy, status=ActionStatus.COMPLETED)
    assert (action.owner, action.recommendation.findings.get().text) == (owner, BRUISING)
    assert action.evidence.get().judgement == "shown"


def test_the_exported_pack_imported_again_changes_nothing(recorded):
    pack = read_bytes("testshire.xlsx", export_pack(actor=None, partnership=recorded))
    before = _counts()

    result = import_pack(actor=None, partnership=recorded, pack=pack, dry_run=False)

    assert result.ok, result.errors
    assert {name: result.counts[name].unchanged for name in SHEETS} == {
        "findings": 3,
        "recommendations": 1,
        "actions": 2,
        "impact_evidence": 1,
        "dissemination": 2,
    }
    assert {name: result.counts[name].added + result.counts[name].changed for name in SHEETS} == (
        dict.fromkeys(SHEETS, 0)
    )
    assert _counts() == before | {"AuditEntry": before["AuditEntry"] + 1}  # datapack.import only


def test_an_action_is_moved_on_and_its_evidence_corrected_with_audit_entries(recorded):
    result = _import(
        recorded,
        {
            "actions": [
                [*ACTIONS_HEADER, "completed_on", "rag"],
                [
                    "learning_review",
                    COHORT,
                    "Health: school nurse drop-ins",
                    "Testshire Health",
                    "2023-06-01",
                    "2024-01-31",
                    "completed",
                    "2024-01-10",
                    "green",
                ],
            ],
            "impact_evidence": [
                [
                    "source_kind",
                    "source_title",
                    "action",
                    "method",
                    "gathered_on",
                    "summary",
                    "judgement",
                ],
                [
                    "rapid_review",
                    BABY,
                    "police: refresh the  bruising protocol",  # keys ignore case and spaces
                    "audit",
                    "2024-01-15",
                    "A second look found it followed in 10 of 10 cases.",
                    "shown",
                ],
            ],
        },
    )

    assert result.ok, result.errors
    assert (result.counts["actions"].changed, result.counts["impact_evidence"].changed) == (1, 1)
    action = Action.objects.get(title="Health: school nurse drop-ins")
    assert (action.status, action.completed_on, action.rag) == (
        "completed",
        dt.date(2024, 1, 10),
        "green",
    )
    evidence = ImpactEvidence.objects.get()
    assert evidence.summary == "A second look found it followed in 10 of 10 cases."
    actions = AuditEntry.objects.values_list("action", flat=True)
    assert {"learning.action.update", "learning.impact_evidence.update"} <= set(actions)


def test_bad_rows_are_found_before_anything_is_saved(recorded):
    """An action due before it was raised, an unknown theme and agency, a repeated finding."""
    before = _counts()
    sheets: dict[str, list[list[object]]] = {
        "findings": [
            FINDINGS_HEADER,
            ["rapid_review", BABY, "Nobody asked who lived at home.", "2023-05-20", "Astrology"],
            ["rapid_review", BABY, "Nobody asked who lived at home.", "2023-05-21", ""],
        ],
        "actions": [
            ACTIONS_HEADER,
            [
                "rapid_review",
                BABY,
                "Ask who lives at home",
                "Testshire Police",
                "2023-06-01",
                "2023-05-01",
                "not_started",
            ],
            [
                "rapid_review",
                BABY,
                "Check the household",
                "Nowhere Council",
                "2023-06-01",
                "2023-07-01",
                "in_progress",
            ],
        ],
    }

    for dry_run in (True, False):
        result = _import(recorded, sheets, dry_run=dry_run)

        assert [str(e) for e in result.errors] == [
            "sheet findings, row 2, column themes: "
            "There is no “Astrology” in themes, in this partnership or in this pack.",
            "sheet findings, row 3, column source_kind: This row repeats row 2: "
            "each source_kind/source_title/text may appear once.",
            "sheet actions, row 2, column due_on: "
            "The due date must be on or after the date the action was raised, 1 June 2023.",
            "sheet actions, row 3, column owner_agency: "
            "There is no “Nowhere Council” in agencies, in this partnership or in this pack.",
        ]
        assert _counts() == before


def test_a_missing_source_refuses_the_whole_import_when_it_is_saved(recorded):
    """No sheet has sources as its key, so the dry run cannot see a missing one."""
    before = _counts()
    sheets: dict[str, list[list[object]]] = {
        "findings": [
            FINDINGS_HEADER,
            ["rapid_review", BABY, "Nobody asked who lived at home.", "2023-05-20", ""],
            ["rapid_review", "Rapid Review 9", "The GP was not invited.", "2023-05-20", ""],
        ]
    }

    assert _import(recorded, sheets, dry_run=True).ok
    result = _import(recorded, sheets)

    assert [str(e) for e in result.errors] == [
        "sheet findings, row 3, column source_title: There is no source (Rapid review) called "
        "“Rapid Review 9” in this partnership: add it first, in its sheet, rapid_reviews."
    ]
    assert _counts() == before


def test_rules_only_the_services_know_name_their_column(recorded):
    before = _counts()
    result = _import(
        recorded,
        {
            "recommendations": [
                ["source_kind", "source_title", "text", "made_on", "findings"],
                ["rapid_review", BABY, "See the father.", "2023-05-25", "The father was absent."],
            ],
            "actions": [
                [*ACTIONS_HEADER, "owner"],
                [
                    "rapid_review",
                    BABY,
                    "See the father",
                    "Testshire Police",
                    "2023-06-01",
                    "2023-07-01",
                    "in_progress",
                    "someone@elsewhere.example",
                ],
            ],
            "impact_evidence": [
                [
                    "source_kind",
                    "source_title",
                    "action",
                    "method",
                    "gathered_on",
                    "summary",
                    "judgement",
                ],
                [
                    "rapid_review",
                    BABY,
                    "Police: refresh the bruising protocol",
                    "survey",
                    "2099-01-01",
                    "Not yet.",
                    "not_yet",
                ],
            ],
        },
    )

    assert [str(e) for e in result.errors] == [
        f"sheet recommendations, row 2, column findings: "
        f"There is no finding “The father was absent.” of “{BABY}”.",
        "sheet actions, row 2, column owner: "
        "No member of this partnership has the email “someone@elsewhere.example”.",
        "sheet impact_evidence, row 2, column gathered_on: "
        "The date the evidence was gathered must be today or in the past.",
    ]
    assert _counts() == before


def test_a_pack_can_make_a_review_and_its_learning_in_one_import(partnership, agency):
    """The reviews sheets load first and make the source the learning sheets name."""
    from tests.reviews.factories import make_rapid_review

    review = make_rapid_review(partnership, BABY, case_code="Child Q")
    services.finding_create(
        actor=None, source=review.source, text=BRUISING, recorded_on=dt.date(2024, 4, 20)
    )
    make_action(review.source, agency, raised_on=dt.date(2024, 4, 22), due_on=dt.date(2024, 9, 1))
    pack = read_bytes("testshire.xlsx", export_pack(actor=None, partnership=partnership))
    copy = _fresh()

    result = import_pack(actor=None, partnership=copy, pack=pack, dry_run=False)

    assert result.ok, result.errors
    assert (result.counts["rapid_reviews"].added, result.counts["findings"].added) == (1, 1)
    assert _learning_rows(copy) == _learning_rows(partnership)


def test_the_learning_sheets_load_after_the_sheets_they_name():
    order = {sheet.name: sheet.order for sheet in registry.sheets()}
    for source_sheet in ("agencies", "themes", "rapid_reviews", "learning_reviews"):
        assert order[source_sheet] < order["findings"]
    assert [name for name in order if name in SHEETS] == SHEETS
