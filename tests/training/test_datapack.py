"""The training sheets: the catalogue, delegates, the attendance register, evaluations, webinar
weeks, commissioned training and requirements move through the data pack, every row saved
through the training services."""

from __future__ import annotations

import datetime as dt

import pytest

from safeguarding.audit.models import AuditEntry
from safeguarding.core import services as core_services
from safeguarding.core.models import Partnership, Theme
from safeguarding.core.years import ReportingYear
from safeguarding.datapack.formats import Pack, read_bytes
from safeguarding.datapack.services import RowError, export_pack, export_rows, import_pack
from safeguarding.governance import services as governance_services
from safeguarding.training import figures, services
from safeguarding.training.gain import learning_gain
from safeguarding.training.models import (
    Attendance,
    Booking,
    BookingStatus,
    Course,
    CourseLevel,
    Delegate,
    Evaluation,
    Rating,
    Session,
)
from tests.datapack.helpers import xlsx
from tests.training.factories import (
    LONDON,
    NOW,
    make_booking,
    make_course,
    make_delegate,
    make_evaluated,
    make_session,
)

pytestmark = pytest.mark.django_db

SHEETS = [
    "courses",
    "course_questions",
    "sessions",
    "delegates",
    "bookings",
    "evaluations",
    "webinar_weeks",
    "commissioned_training",
    "training_requirements",
]
ACP = "Advanced Child Protection 2 day"
MI = "Motivational Interviewing"
MAY = dt.datetime(2026, 5, 12, 9, 30, tzinfo=LONDON)
YEAR = ReportingYear(2026)
SESSION_HEADER = ["course", "starts_at", "ends_at", "capacity"]
BOOKING_HEADER = ["course", "session_starts_at", "delegate_email", "status", "attendance"]
EVALUATION_HEADER = [
    "course",
    "session_starts_at",
    "delegate_email",
    "stage",
    "completed_at",
    "ratings",
]


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def health(partnership):
    return core_services.agency_create(
        actor=None,
        partnership=partnership,
        name="Testshire Health",
        sector="health",
        designation="statutory_partner",
    )


@pytest.fixture
def recorded(partnership, agency, health):
    """A year of training: a past session with its register and evaluations, a future one with
    a booking awaiting approval and a waiting list, a cancelled one, a webinar week, a commission
    and requirements."""
    theme = Theme.objects.filter(partnership=partnership).order_by("name").first()
    priority = governance_services.priority_create(
        actor=None,
        partnership=partnership,
        title="Safe Start to Life",
        statement="Babies will have the best start to life.",
        first_year=2026,
    )
    acp = make_course(partnership, ACP, duration_hours=14, needs_manager_approval=True)
    acp.themes.set([theme])
    acp.priorities.set([priority])
    mi = make_course(partnership, MI, CourseLevel.COMMISSIONED, scale=10, questions=2)
    services.question_retire(
        actor=None, question=mi.questions.last(), retired_on=dt.date(2026, 6, 1)
    )
    may = make_session(acp, MAY, trainer="A. Trainer")
    january = make_session(acp, capacity=2, online=True, venue="")
    cancelled = make_session(acp, dt.datetime(2027, 2, 2, 9, 30, tzinfo=LONDON))
    services.session_cancel(actor=None, session=cancelled, cancelled_on=dt.date(2026, 11, 20))
    ann = make_delegate(partnership, agency, email="ann@police.example", name="Ann Police")
    bob = make_delegate(partnership, health, email="bob@health.example", job_role="Health visitor")
    cat = make_delegate(
        partnership, agency, email="cat@police.example", left_on=dt.date(2026, 10, 1)
    )
    ann_may = make_booking(may, ann, attendance=Attendance.ATTENDED)
    bob_may = make_booking(may, bob, attendance=Attendance.ATTENDED)
    make_booking(may, cat, attendance=Attendance.DID_NOT_ATTEND)
    make_evaluated(ann_may, pre=(3, 2, 4), post=(5, 4, 5))
    make_evaluated(
        bob_may,
        pre=(5, 3, 2),
        post=(5, 5, 4),
        feedback="The best course I have been on.",
        consent_to_quote=True,
        quote_chosen=True,
    )
    services.follow_up_submit(
        actor=None,
        booking=ann_may,
        practice_changed="yes",
        feedback="I now ask about fathers.",
        consent_to_quote=True,
        completed_at=dt.datetime(2026, 8, 20, 12, 0, tzinfo=LONDON),
    )
    make_booking(january, ann, status=BookingStatus.PENDING)
    make_booking(january, bob, status=BookingStatus.BOOKED)
    dee = make_delegate(partnership, health, email="dee@health.example", name="Dee Health")
    make_booking(january, dee, status=BookingStatus.WAITING)
    services.webinar_week_create(
        actor=None,
        partnership=partnership,
        title="Safeguarding Week",
        starts_on=dt.date(2026, 10, 5),
        webinars=5,
        attendees=413,
        recording_views=250,
        themes=[theme],
    )
    services.commissioned_create(
        actor=None,
        course=mi,
        provider="MI Associates",
        audience="Managers",
        delivered_on=dt.date(2026, 6, 15),
        attendance={agency: 12, health: 30},
    )
    services.requirement_create(
        actor=None,
        partnership=partnership,
        agency=None,
        job_role="Social worker",
        course=acp,
        renew_every_months=36,
    )
    kept = services.requirement_create(
        actor=None, partnership=partnership, agency=health, job_role="Health visitor", course=acp
    )
    services.requirement_retire(actor=None, requirement=kept, retired_on=dt.date(2026, 9, 1))
    return partnership


def _fresh() -> Partnership:
    return core_services.partnership_create(
        actor=None, name="Copy of Testshire", slug="copy", local_authority_areas=["Testshire"]
    )


def _rows(partnership: Partnership) -> dict[str, list[dict[str, str]]]:
    return {name: rows for name, _, rows in export_rows(partnership) if name in SHEETS}


def _only(pack: Pack, *names: str) -> Pack:
    return {name: sheet for name, sheet in pack.items() if name in names}


def _import(partnership: Partnership, sheets: dict[str, list[list[object]]]):
    pack = read_bytes("pack.xlsx", xlsx(sheets))
    return import_pack(actor=None, partnership=partnership, pack=pack, dry_run=False)


def _counts() -> dict[str, int]:
    models = (Course, Session, Delegate, Booking, Evaluation, Rating, AuditEntry)
    return {model.__name__: model.objects.count() for model in models}


def _figures(partnership: Partnership) -> tuple[object, ...]:
    gain = learning_gain(partnership=partnership, year=YEAR, by=["course"])
    return (
        gain.total,
        {key[0]: value for key, value in gain.groups.items()},
        figures.trained(partnership=partnership, year=YEAR, by="agency"),
        figures.trained(partnership=partnership, year=YEAR, by="course"),
        figures.webinar_reach(partnership=partnership, year=YEAR),
    )


def test_the_export_writes_each_sheet_as_the_contract_says(recorded):
    rows = _rows(recorded)

    assert rows["courses"][0] | {"description": "", "audience": ""} == {
        "title": ACP,
        "level": "core",
        "description": "",
        "audience": "",
        "duration_hours": "14",
        "default_capacity": "20",
        "scale": "5",
        "needs_manager_approval": "yes",
        "themes": Theme.objects.filter(partnership=recorded).order_by("name").first().name,
        "priorities": "Safe Start to Life",
        "created_on": "2023-04-01",
        "retired_on": "",
    }
    assert [row["starts_at"] for row in rows["sessions"]] == [
        "2026-05-12 09:30",
        "2027-01-12 09:30",
        "2027-02-02 09:30",
    ]
    ann_pre = rows["evaluations"][0]
    assert (ann_pre["delegate_email"], ann_pre["stage"], ann_pre["ratings"]) == (
        "ann@police.example",
        "pre",
        "3; 2; 4",
    )
    assert [(r["agency"], r["attendees"]) for r in rows["commissioned_training"]] == [
        ("Testshire Health", "30"),
        ("Testshire Police", "12"),
    ]
    assert rows["training_requirements"][0]["agency"] == ""  # every agency


def test_an_exported_pack_rebuilds_the_training_and_its_figures_in_an_empty_partnership(
    recorded,
):
    pack = read_bytes("testshire.xlsx", export_pack(actor=None, partnership=recorded))
    copy = _fresh()

    result = import_pack(
        actor=None,
        partnership=copy,
        pack=_only(pack, "agencies", "themes", "priorities", *SHEETS),
        dry_run=False,
    )

    assert result.ok, result.errors
    assert {name: result.counts[name].added for name in SHEETS} == {
        "courses": 2,
        "course_questions": 5,
        "sessions": 3,
        "delegates": 4,
        "bookings": 6,
        "evaluations": 5,
        "webinar_weeks": 1,
        "commissioned_training": 2,
        "training_requirements": 2,
    }
    assert _rows(copy) == _rows(recorded)
    assert _figures(copy) == _figures(recorded)
    gain = learning_gain(partnership=copy, year=YEAR).total
    assert gain is not None
    assert gain.n == 6
    actions = set(AuditEntry.objects.filter(partnership=copy).values_list("action", flat=True))
    assert {
        "training.course.create",
        "training.question.add",
        "training.question.retire",
        "training.session.create",
        "training.session.cancel",
        "training.delegate.create_many",
        "training.delegate.update",
        "training.booking.record_many",
        "training.evaluation.submit",
        "training.evaluation.follow_up",
        "training.webinar_week.create",
        "training.commissioned.create",
        "training.commissioned.update",
        "training.requirement.create",
        "training.requirement.retire",
    } <= actions


def test_the_exported_pack_imported_again_changes_nothing(recorded):
    pack = read_bytes("testshire.xlsx", export_pack(actor=None, partnership=recorded))
    before = _counts()

    result = import_pack(actor=None, partnership=recorded, pack=pack, dry_run=False)

    assert result.ok, result.errors
    assert {name: result.counts[name].added + result.counts[name].changed for name in SHEETS} == (
        dict.fromkeys(SHEETS, 0)
    )
    assert result.counts["evaluations"].unchanged == 5
    assert _counts() == before | {"AuditEntry": before["AuditEntry"] + 1}  # datapack.import only


def test_a_handwritten_register_and_evaluations_are_saved_through_the_services(recorded):
    """A new delegate, their place on the May session, its register mark and both evaluations;
    a date written as a workbook's own cell (with seconds) is read too."""
    result = _import(
        recorded,
        {
            "delegates": [
                ["email", "name", "agency"],
                ["Dan@Police.example", "Dan Police", "testshire police"],
            ],
            "bookings": [
                [*BOOKING_HEADER, "requested_at"],
                [ACP, "2026-05-12 09:30", "dan@police.example", "booked", "", "2026-04-01 08:15"],
            ],
            "evaluations": [
                EVALUATION_HEADER,
                [ACP, "2026-05-12 09:30", "dan@police.example", "pre", "2026-05-12 09:00", "1;2;3"],
            ],
        },
    )
    assert result.ok, result.errors
    booking = Booking.objects.get(delegate__email="dan@police.example")
    assert (booking.status, booking.agency.name) == ("booked", "Testshire Police")
    assert booking.requested_at == dt.datetime(2026, 4, 1, 8, 15, tzinfo=LONDON)

    marked = _import(
        recorded,
        {
            "bookings": [
                BOOKING_HEADER,
                [ACP, "2026-05-12 09:30", "dan@police.example", "booked", "attended"],
            ]
        },
    )

    assert marked.ok, marked.errors
    assert marked.counts["bookings"].changed == 1
    booking.refresh_from_db()
    assert booking.attendance == Attendance.ATTENDED
    assert [r.pre for r in booking.ratings.order_by("question__position")] == [1, 2, 3]
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert {"training.booking.record_many", "training.booking.attendance"} <= set(actions)
    assert "training.evaluation.submit" in actions


def test_a_booking_awaiting_approval_is_approved_by_its_row(recorded):
    result = _import(
        recorded,
        {
            "bookings": [
                BOOKING_HEADER,
                [ACP, "2027-01-12 09:30", "ann@police.example", "booked", ""],
            ]
        },
    )

    assert result.ok, result.errors
    booking = Booking.objects.get(
        delegate__email="ann@police.example", session__starts_at__year=2027
    )
    assert booking.status == BookingStatus.BOOKED
    assert AuditEntry.objects.filter(action="training.booking.approve").count() == 1


BAD_PACKS = {
    "a rating outside the scale": (
        {
            "evaluations": [
                EVALUATION_HEADER,
                [
                    ACP,
                    "2026-05-12 09:30",
                    "cat@police.example",
                    "pre",
                    "2026-05-12 09:00",
                    "4; 6; 5",
                ],
            ]
        },
        RowError("evaluations", 2, "ratings", "Enter a rating from 1 to 5"),
    ),
    "an unknown course": (
        {
            "sessions": [
                SESSION_HEADER,
                ["Astrology for Safeguarding", "2027-03-01 09:30", "2027-03-01 12:30", "12"],
            ]
        },
        RowError(
            "sessions",
            2,
            "course",
            "There is no “Astrology for Safeguarding” in courses, in this partnership or in this "
            "pack.",
        ),
    ),
    "a session time that is not a time": (
        {"sessions": [SESSION_HEADER, [ACP, "2027-03-01 25:00", "2027-03-01 16:30", "12"]]},
        RowError(
            "sessions",
            2,
            "starts_at",
            "Enter a real date and time as YYYY-MM-DD HH:MM, like 2023-05-10 09:30.",
        ),
    ),
    "a booking for an unknown delegate": (
        {
            "bookings": [
                BOOKING_HEADER,
                [ACP, "2027-01-12 09:30", "nobody@police.example", "booked", ""],
            ]
        },
        RowError(
            "bookings",
            2,
            "delegate_email",
            "There is no “nobody@police.example” in delegates, in this partnership or in this "
            "pack.",
        ),
    ),
    "a post-course evaluation of a course not attended": (
        {
            "evaluations": [
                EVALUATION_HEADER,
                [
                    ACP,
                    "2026-05-12 09:30",
                    "cat@police.example",
                    "post",
                    "2026-05-12 17:00",
                    "4;4;4",
                ],
            ]
        },
        RowError(
            "evaluations",
            2,
            "stage",
            "Cat did not attend: you cannot evaluate a course not attended.",
        ),
    ),
    "too few ratings": (
        {
            "evaluations": [
                EVALUATION_HEADER,
                [ACP, "2026-05-12 09:30", "cat@police.example", "pre", "2026-05-12 09:00", "4; 4"],
            ]
        },
        RowError(
            "evaluations",
            2,
            "ratings",
            f"{ACP} asked 3 questions on 2026-05-12: give 3 ratings, in question order.",
        ),
    ),
    "commission rows that disagree": (
        {
            "commissioned_training": [
                ["course", "delivered_on", "agency", "attendees", "provider", "audience"],
                [MI, "2026-06-15", "Testshire Police", "12", "MI Associates", "Managers"],
                [MI, "2026-06-15", "Testshire Health", "31", "Someone Else", "Managers"],
            ]
        },
        RowError(
            "commissioned_training",
            3,
            "provider",
            "The rows of one commission must agree: “MI Associates” above.",
        ),
    ),
}


@pytest.mark.parametrize("case", BAD_PACKS)
def test_a_bad_row_is_named_by_sheet_row_and_column_and_nothing_is_written(case, recorded):
    sheets, expected = BAD_PACKS[case]
    # A good new delegate in the same pack is not saved either.
    pack = {
        "delegates": [
            ["email", "name", "agency"],
            ["eve@police.example", "Eve", "Testshire Police"],
        ],
        **sheets,
    }
    before = _counts()

    result = _import(recorded, pack)

    assert result.errors == [expected]
    assert _counts() == before
    assert not Delegate.objects.filter(email="eve@police.example").exists()


def test_a_submitted_evaluation_is_not_changed_but_its_quote_may_be_unchosen(recorded):
    header = [*EVALUATION_HEADER, "feedback", "consent_to_quote", "quote_chosen"]
    bob = [ACP, "2026-05-12 09:30", "bob@health.example", "post", "2026-05-12 16:30", "5; 5; 4"]
    changed = _import(recorded, {"evaluations": [header, [*bob, "Something else.", "yes", "yes"]]})
    assert changed.errors == [
        RowError(
            "evaluations",
            2,
            "feedback",
            "The delegate's submitted evaluation cannot be changed here.",
        )
    ]

    unchosen = _import(
        recorded, {"evaluations": [header, [*bob, "The best course I have been on.", "yes", "no"]]}
    )

    assert unchosen.ok, unchosen.errors
    assert not Evaluation.objects.get(
        booking__delegate__email="bob@health.example", stage="post"
    ).quote_chosen


def test_a_dry_run_of_a_pack_that_names_a_course_earlier_in_it_passes(partnership, agency):
    result = import_pack(
        actor=None,
        partnership=partnership,
        pack=read_bytes(
            "pack.xlsx",
            xlsx(
                {
                    "courses": [["title", "level"], ["Neglect", "core"]],
                    "course_questions": [["course", "position", "text"], ["neglect", "1", "Q?"]],
                    "sessions": [
                        SESSION_HEADER,
                        ["Neglect", "2027-03-01 09:30", "2027-03-01 12:30", ""],
                    ],
                }
            ),
        ),
        dry_run=True,
    )

    assert result.ok, result.errors
    assert result.counts["sessions"].added == 1
    assert not Course.objects.exists()
