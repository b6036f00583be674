"""The reviews sheets: notifications, rapid reviews with their agency summaries, practice reviews
and learning reviews move through the data pack, saved by the reviews services."""

from __future__ import annotations

import datetime as dt

import pytest

from safeguarding.audit.models import AuditEntry
from safeguarding.core import services as core_services
from safeguarding.core.models import Partnership, Theme
from safeguarding.datapack.formats import read_bytes
from safeguarding.datapack.services import export_pack, export_rows, import_pack
from safeguarding.learning.models import Source
from safeguarding.reviews import services
from safeguarding.reviews.models import (
    AgencySummary,
    LearningReview,
    Notification,
    PracticeReview,
    RapidReview,
)
from tests.datapack.helpers import xlsx
from tests.reviews.factories import (
    ask_summary,
    complete,
    make_learning_review,
    make_notification,
    make_practice_review,
    make_practice_review_from,
    make_rapid_review,
)

pytestmark = pytest.mark.django_db

SHEETS = [
    "notifications",
    "rapid_reviews",
    "agency_summaries",
    "practice_reviews",
    "learning_reviews",
]
NEGLECT = "Professional curiosity and taking a whole-family approach"
FATHERS = "Working with fathers and male carers"


def themes(partnership: Partnership, *names: str):
    return list(Theme.objects.filter(partnership=partnership, name__in=names))


@pytest.fixture
def recorded(partnership, agency, health):
    """A partnership with one of everything the reviews sheets hold, at every step."""
    make_notification(partnership, "Child A")  # not yet sent to the Panel
    baby_q = make_rapid_review(partnership, "Baby Q", themes=themes(partnership, NEGLECT, FATHERS))
    services.rapid_review_record_meeting(
        actor=None, rapid_review=baby_q, meeting_on=dt.date(2024, 4, 22)
    )
    returned = ask_summary(baby_q, agency)
    services.summary_return(
        actor=None,
        summary=returned,
        text="Two visits; no concerns noted.",
        returned_on=dt.date(2024, 4, 18),
    )
    ask_summary(baby_q, health, due_on=dt.date(2024, 4, 26))  # still out
    complete(baby_q, dt.date(2024, 5, 7))
    services.rapid_review_record_sent(
        actor=None, rapid_review=baby_q, sent_to_panel_on=dt.date(2024, 5, 8)
    )
    services.rapid_review_record_response(
        actor=None,
        rapid_review=baby_q,
        panel_response="agrees",
        panel_response_on=dt.date(2024, 5, 20),
    )
    child_r = make_rapid_review(partnership, "Child R", notified_on=dt.date(2024, 6, 3))
    practice = make_practice_review_from(child_r, dt.date(2024, 6, 20))
    services.practice_review_record_sent(
        actor=None, practice_review=practice, sent_to_panel_on=dt.date(2024, 11, 1)
    )
    services.practice_review_publish(
        actor=None,
        practice_review=practice,
        published_on=dt.date(2024, 11, 20),
        published_url="https://testshire.example/child-r",
    )
    make_practice_review(partnership, "Family S", reviewer="A. Reviewer")
    review = make_learning_review(partnership, themes=themes(partnership, NEGLECT))
    services.learning_review_complete(
        actor=None, learning_review=review, completed_on=dt.date(2024, 2, 1)
    )
    return partnership


def _fresh() -> Partnership:
    return core_services.partnership_create(
        actor=None, name="Copy of Testshire", slug="copy", local_authority_areas=["Testshire"]
    )


def _records(partnership: Partnership) -> dict[str, object]:
    """What the reviews sheets hold, with the due dates and learning sources the services made."""
    sheets = {name: rows for name, _, rows in export_rows(partnership) if name in SHEETS}
    notifications = Notification.objects.filter(partnership=partnership)
    rapid = RapidReview.objects.filter(notification__partnership=partnership)
    practice = PracticeReview.objects.filter(partnership=partnership)
    sources = Source.objects.filter(partnership=partnership)
    return {
        **sheets,
        "due": [
            *notifications.values_list("case_code", "due_on").order_by("case_code"),
            *rapid.values_list("title", "due_on").order_by("title"),
            *practice.values_list("title", "due_on").order_by("title"),
        ],
        "sources": sorted(sources.values_list("kind", "title", "started_on")),
    }


def _import(partnership: Partnership, sheets: dict[str, list[list[object]]]):
    pack = read_bytes("pack.xlsx", xlsx(sheets))
    return import_pack(actor=None, partnership=partnership, pack=pack, dry_run=False)


def test_an_exported_pack_rebuilds_the_reviews_in_an_empty_partnership(recorded):
    pack = read_bytes("testshire.xlsx", export_pack(actor=None, partnership=recorded))
    copy = _fresh()

    result = import_pack(actor=None, partnership=copy, pack=pack, dry_run=False)

    assert result.ok, result.errors
    assert {name: result.counts[name].added for name in SHEETS} == {
        "notifications": 3,
        "rapid_reviews": 2,
        "agency_summaries": 2,
        "practice_reviews": 2,
        "learning_reviews": 1,
    }
    assert _records(copy) == _records(recorded)
    baby_q = RapidReview.objects.get(notification__partnership=copy, title="Baby Q")
    assert baby_q.due_on == dt.date(2024, 4, 29)  # 15 working days from 8 April, past Easter
    assert sorted(t.name for t in baby_q.themes.all()) == sorted([NEGLECT, FATHERS])
    assert (
        AuditEntry.objects.filter(partnership=copy, action="reviews.rapid_review.complete").count()
        == 2
    )


def test_reviews_whose_theme_and_agency_were_retired_since_still_rebuild(recorded, agency):
    """A theme or agency retired after the reviews that named it travels with them."""
    for theme in themes(recorded, NEGLECT, FATHERS):
        core_services.theme_retire(actor=None, theme=theme, retired_on=dt.date(2024, 9, 1))
    core_services.agency_retire(
        actor=None, partnership=recorded, agency=agency, retired_on=dt.date(2024, 9, 1)
    )
    pack = read_bytes("testshire.xlsx", export_pack(actor=None, partnership=recorded))
    copy = _fresh()

    result = import_pack(actor=None, partnership=copy, pack=pack, dry_run=False)

    assert result.ok, result.errors
    assert _records(copy) == _records(recorded)


def test_the_same_pack_imported_twice_is_all_unchanged_the_second_time(recorded):
    pack = read_bytes("testshire.xlsx", export_pack(actor=None, partnership=recorded))
    copy = _fresh()
    import_pack(actor=None, partnership=copy, pack=pack, dry_run=False)
    review_entries = AuditEntry.objects.filter(action__startswith="reviews.").count()

    again = import_pack(actor=None, partnership=copy, pack=pack, dry_run=False)

    assert again.ok, again.errors
    assert all(c.added == c.changed == 0 for c in again.counts.values()), again.counts
    assert again.counts["agency_summaries"].unchanged == 2
    assert AuditEntry.objects.filter(action__startswith="reviews.").count() == review_entries


def test_a_changed_row_goes_through_the_services_steps(recorded):
    header = ["case_code", "title", "completed_on", "decision", "sent_to_panel_on"]
    rows = [
        header,
        ["child baby q", "Baby Q (renamed)", "2024-05-09", "other_learning", "2024-05-10"],
    ]

    result = _import(recorded, {"rapid_reviews": rows})

    assert result.ok, result.errors
    assert result.counts["rapid_reviews"].changed == 1
    review = RapidReview.objects.get(notification__case_code="Child Baby Q")
    assert (review.title, review.completed_on, review.sent_to_panel_on) == (
        "Baby Q (renamed)",
        dt.date(2024, 5, 9),
        dt.date(2024, 5, 10),
    )
    assert review.source.title == "Baby Q (renamed)"  # the learning source kept in step
    actions = AuditEntry.objects.filter(target_id=str(review.pk), action__startswith="reviews.")
    assert {"reviews.rapid_review.update", "reviews.rapid_review.complete"} <= set(
        actions.values_list("action", flat=True)
    )


def _everything(partnership: Partnership) -> tuple[int, ...]:
    return (
        Notification.objects.filter(partnership=partnership).count(),
        RapidReview.objects.count(),
        AgencySummary.objects.count(),
        PracticeReview.objects.count(),
        LearningReview.objects.count(),
        AuditEntry.objects.count(),
    )


NOTIFICATION_HEADER = [
    "case_code",
    "aware_on",
    "notified_on",
    "outcome",
    "harm",
    "age_band",
    "sex",
    "local_authority",
]
CHILD_T = ["Child T", "2024-03-28", "2024-04-08", "died", "neglect", "1_4", "female", "Testshire"]


def test_a_rapid_review_completed_before_its_notification_is_refused(partnership, agency):
    before = _everything(partnership)
    sheets = {
        "notifications": [NOTIFICATION_HEADER, CHILD_T],
        "rapid_reviews": [
            ["case_code", "title", "completed_on", "decision"],
            ["Child T", "Child T", "2024-04-01", "other_learning"],
        ],
    }

    result = _import(partnership, sheets)

    assert [(e.sheet, e.row, e.column) for e in result.errors] == [
        ("rapid_reviews", 2, "completed_on")
    ]
    assert "before the Panel was notified on 8 April 2024" in result.errors[0].message
    assert _everything(partnership) == before


def test_unknown_themes_and_agencies_and_repeated_keys_are_reported_before_anything_is_saved(
    partnership, agency
):
    before = _everything(partnership)
    sheets = {
        "notifications": [NOTIFICATION_HEADER, CHILD_T, ["child t", *CHILD_T[1:]]],
        "rapid_reviews": [
            ["case_code", "title", "themes"],
            ["Child T", "Child T", f"{NEGLECT}; Astrology"],
        ],
        "agency_summaries": [
            ["case_code", "agency", "requested_on", "due_on"],
            ["Child T", "Testshire Police", "2024-04-09", "2024-04-19"],
            ["Child T", "Testshire Fire Service", "2024-04-09", "2024-04-19"],
        ],
        "practice_reviews": [
            ["title", "decided_on", "published_on"],
            ["Family S", "2024-05-01", "2024-04-30"],
        ],
        "learning_reviews": [
            ["title", "kind", "rationale", "started_on", "completed_on"],
            ["Neglect", "thematic", "Three cases.", "2024-01-10", "2024-01-09"],
        ],
    }

    dry_run = import_pack(
        actor=None, partnership=partnership, pack=read_bytes("p.xlsx", xlsx(sheets)), dry_run=True
    )
    result = _import(partnership, sheets)

    assert [(e.sheet, e.row, e.column) for e in result.errors] == [
        ("notifications", 3, "case_code"),
        ("rapid_reviews", 2, "themes"),
        ("agency_summaries", 2, "case_code"),  # its rapid review had an error
        ("agency_summaries", 3, "case_code"),
        ("agency_summaries", 3, "agency"),
        ("practice_reviews", 2, "published_on"),
        ("learning_reviews", 2, "completed_on"),
    ]
    assert dry_run.errors == result.errors  # all seen before anything is saved
    messages = [e.message for e in result.errors]
    assert "repeats row 2" in messages[0]
    assert "“Astrology”" in messages[1]
    assert "“Testshire Fire Service”" in messages[4]
    assert _everything(partnership) == before


def test_a_step_the_services_offer_no_way_back_from_is_refused_by_column(recorded):
    before = _everything(recorded)
    sheets = {
        "rapid_reviews": [["case_code", "title", "meeting_on"], ["Child Baby Q", "Baby Q", ""]],
    }

    result = _import(recorded, sheets)

    assert [(e.sheet, e.row, e.column) for e in result.errors] == [
        ("rapid_reviews", 2, "meeting_on")
    ]
    assert _everything(recorded) == before


def test_a_rapid_review_of_a_notification_not_yet_sent_is_refused_on_its_key(recorded):
    before = _everything(recorded)
    sheets = {"rapid_reviews": [["case_code", "title"], ["Child A", "Child A"]]}

    result = _import(recorded, sheets)

    assert [(e.sheet, e.row, e.column) for e in result.errors] == [
        ("rapid_reviews", 2, "case_code")
    ]
    assert "sent to the Panel first" in result.errors[0].message
    assert _everything(recorded) == before
