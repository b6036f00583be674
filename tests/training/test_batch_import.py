"""Batch imports of a training history (decision 0014): `bookings_record_many` and
`delegates_create_many` refuse exactly the rows `booking_record` and `delegate_create` refuse,
write nothing when one is refused, keep each session's capacity across the rows of a batch, and
audit in entries of 1,000 that list every row; the data pack's sheets save through them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from safeguarding.audit.models import AuditEntry
from safeguarding.datapack.formats import read_bytes
from safeguarding.datapack.services import import_pack
from safeguarding.training import services
from safeguarding.training.models import Attendance, Booking, BookingStatus, Delegate
from safeguarding.training.services import (
    BatchRowRefused,
    bookings_record_many,
    delegates_create_many,
)
from tests.datapack.helpers import xlsx
from tests.training.factories import LONDON, NOW, make_booking, make_delegate, make_session

pytestmark = pytest.mark.django_db

PAST = dt.datetime(2024, 5, 14, 9, 30, tzinfo=LONDON)
REQUESTED = PAST - dt.timedelta(days=20)


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def past(course):
    """A past session of the course with two places."""
    return make_session(course, starts_at=PAST, capacity=2)


def _written() -> tuple[int, int, int]:
    return Booking.objects.count(), Delegate.objects.count(), AuditEntry.objects.count()


def _refused_by_batch(call: Callable[[], Any]) -> BatchRowRefused:
    """`call` refuses a row, and nothing at all is written."""
    before = _written()
    with pytest.raises(BatchRowRefused) as refused:
        call()
    assert _written() == before
    return refused.value


def _refused_one_by_one(call: Callable[[], Any]) -> dict[str, list[str]]:
    before = _written()
    with pytest.raises(ValidationError) as error:
        call()
    assert _written() == before
    return error.value.message_dict


# Bookings: the same rows refused, one by one or in a batch.


def _full(ctx):
    make_booking(ctx["past"], ctx["ann"])
    make_booking(ctx["past"], ctx["bob"])
    return {"delegate": ctx["pat"]}


def _cancelled(ctx):
    ctx["past"].cancelled_on = dt.date(2024, 5, 1)
    ctx["past"].save()
    return {}


def _left(ctx):
    ctx["pat"].left_on = dt.date(2024, 1, 31)
    ctx["pat"].save()
    return {}


def _booked_already(ctx):
    make_booking(ctx["past"], ctx["pat"], status=BookingStatus.WAITING)
    return {}


def _to_come(ctx):
    return {"session": ctx["future"], "attendance": Attendance.ATTENDED}


def _other_partnership(ctx):
    return {"delegate": make_delegate(ctx["other_partnership"], ctx["other_agency"])}


BOOKING_CASES = {
    "a full session": (_full, "session", "This session is full: all 2 places are taken."),
    "a cancelled session": (_cancelled, "session", "This session was cancelled on 1 May 2024."),
    "a delegate who had left": (_left, "delegate", "left the staff list on 31 January 2024"),
    "a delegate booked already": (_booked_already, "delegate", "already has a booking"),
    "attendance at a session to come": (_to_come, "attendance", "has not started yet"),
    "attendance on the waiting list": (
        lambda ctx: {"status": BookingStatus.WAITING, "attendance": Attendance.ATTENDED},
        "attendance",
        "Attendance can only be recorded for a booked place",
    ),
    "late cancellation of a waiting place": (
        lambda ctx: {"status": BookingStatus.WAITING, "attendance": Attendance.CANCELLED_LATE},
        "attendance",
        "Only a booked place can be cancelled late",
    ),
    "an unknown status": (lambda ctx: {"status": "maybe"}, "status", "Select the booking's status"),
    "an unknown attendance": (
        lambda ctx: {"attendance": "asleep"},
        "attendance",
        "Select attended, did not attend or cancelled late",
    ),
    "a request in the future": (
        lambda ctx: {"requested_at": NOW + dt.timedelta(days=1)},
        "requested_at",
        "must be today or in the past",
    ),
    "an agency not serving": (
        lambda ctx: {"agency": ctx["other_agency"]},
        "agency",
        "does not serve Testshire",
    ),
    "a delegate of another partnership": (
        _other_partnership,
        "delegate",
        "is not a delegate of Testshire",
    ),
}


@pytest.mark.parametrize("case", BOOKING_CASES, ids=list(BOOKING_CASES))
def test_a_batch_refuses_the_booking_booking_record_refuses_and_writes_nothing(
    case, partnership, agency, course, past, other_partnership, other_agency, officer
):
    arrange, field, message = BOOKING_CASES[case]
    ctx = {
        "past": past,
        "future": make_session(course),
        "pat": make_delegate(partnership, agency, email="pat@police.example", name="Pat"),
        "ann": make_delegate(partnership, agency, email="ann@police.example"),
        "bob": make_delegate(partnership, agency, email="bob@police.example"),
        "other_partnership": other_partnership,
        "other_agency": other_agency,
    }
    row = {"session": past, "delegate": ctx["pat"], "requested_at": REQUESTED}
    row |= arrange(ctx)
    one_by_one = _refused_one_by_one(lambda: services.booking_record(actor=officer, **row))

    fine = make_delegate(partnership, agency, email="fine@police.example")
    rows = [(2, {"session": ctx["future"], "delegate": fine}), (3, row)]
    refused = _refused_by_batch(
        lambda: bookings_record_many(actor=officer, partnership=partnership, rows=rows)
    )

    assert refused.number == 3
    assert refused.error.message_dict == one_by_one
    assert message in one_by_one[field][0]


def test_a_batch_keeps_the_capacity_across_its_rows(partnership, agency, past, officer):
    ann, bob, cat, dan = (
        make_delegate(partnership, agency, email=f"{name}@police.example")
        for name in ("ann", "bob", "cat", "dan")
    )
    booked = [(2, {"session": past, "delegate": ann}), (3, {"session": past, "delegate": bob})]

    refused = _refused_by_batch(
        lambda: bookings_record_many(
            actor=officer,
            partnership=partnership,
            rows=[*booked, (4, {"session": past, "delegate": cat})],
        )
    )
    assert refused.number == 4
    assert refused.error.message_dict == {
        "session": ["This session is full: all 2 places are taken."]
    }

    waiting = {"session": past, "delegate": cat, "status": BookingStatus.WAITING}
    cancelled = {"session": past, "delegate": dan, "status": BookingStatus.CANCELLED}
    rows = [*booked, (4, waiting), (5, cancelled)]
    bookings = bookings_record_many(actor=officer, partnership=partnership, rows=rows)

    assert [(b.delegate.email, b.status) for b in past.bookings.order_by("pk")] == [
        ("ann@police.example", "booked"),
        ("bob@police.example", "booked"),
        ("cat@police.example", "waiting"),
        ("dan@police.example", "cancelled"),
    ]
    assert bookings[2].waiting_since == bookings[2].requested_at == NOW
    assert bookings[3].cancelled_at == NOW


def test_a_batch_refuses_a_second_live_booking_of_the_same_delegate(
    partnership, agency, past, officer
):
    pat = make_delegate(partnership, agency, email="pat@police.example", name="Pat")
    rows = [
        (2, {"session": past, "delegate": pat, "status": BookingStatus.CANCELLED}),
        (3, {"session": past, "delegate": pat}),
        (4, {"session": past, "delegate": pat, "status": BookingStatus.WAITING}),
    ]

    refused = _refused_by_batch(
        lambda: bookings_record_many(actor=officer, partnership=partnership, rows=rows)
    )

    assert refused.number == 4
    assert refused.error.message_dict == {
        "delegate": ["Pat already has a booking on this session."]
    }


def test_a_batch_refuses_a_session_of_another_partnership(
    partnership, agency, other_partnership, officer
):
    elsewhere = make_session(
        services.course_create(
            actor=None, partnership=other_partnership, title="Elsewhere course", level="core"
        ),
        starts_at=PAST,
    )
    pat = make_delegate(partnership, agency)
    rows = [(2, {"session": elsewhere, "delegate": pat})]

    refused = _refused_by_batch(
        lambda: bookings_record_many(actor=officer, partnership=partnership, rows=rows)
    )

    assert list(refused.error.message_dict) == ["session"]


# Delegates: the same rows refused, one by one or in a batch.

DELEGATE_CASES = {
    "no name": ({"name": "  "}, "name", "Enter the delegate's name"),
    "no email": ({"email": ""}, "email", "Enter the delegate's work email address"),
    "an email that is not one": ({"email": "pat.police"}, "email", "in the correct format"),
    "an email recorded already, in another case": (
        {"email": "Stored@Police.example"},
        "email",
        "already recorded",
    ),
    "a manager's email that is not one": (
        {"manager_email": "boss"},
        "manager_email",
        "in the correct format",
    ),
    "a name too long": ({"name": "P" * 201}, "name", "at most 200 characters"),
    "an agency not serving": ({"agency": "other"}, "agency", "does not serve Testshire"),
}


@pytest.mark.parametrize("case", DELEGATE_CASES, ids=list(DELEGATE_CASES))
def test_a_batch_refuses_the_delegate_delegate_create_refuses_and_writes_nothing(
    case, partnership, agency, other_agency, officer
):
    change, field, message = DELEGATE_CASES[case]
    make_delegate(partnership, agency, email="stored@police.example")
    row = {"name": "Pat Officer", "email": "pat@police.example", "agency": agency} | change
    if row["agency"] == "other":
        row["agency"] = other_agency
    one_by_one = _refused_one_by_one(
        lambda: services.delegate_create(actor=officer, partnership=partnership, **row)
    )

    fine = {"name": "Fine", "email": "fine@police.example", "agency": agency}
    refused = _refused_by_batch(
        lambda: delegates_create_many(
            actor=officer, partnership=partnership, rows=[(2, fine), (3, row)]
        )
    )

    assert refused.number == 3
    assert refused.error.message_dict == one_by_one
    assert message in one_by_one[field][0]


def test_a_batch_refuses_an_email_twice_in_any_case(partnership, agency, officer):
    rows = [
        (2, {"name": "Pat", "email": "pat@police.example", "agency": agency}),
        (3, {"name": "Pat again", "email": " PAT@Police.Example ", "agency": agency}),
    ]

    refused = _refused_by_batch(
        lambda: delegates_create_many(actor=officer, partnership=partnership, rows=rows)
    )

    assert refused.number == 3
    assert refused.error.message_dict == {
        "email": ["A delegate with the email pat@police.example is already recorded."]
    }


def test_a_batch_of_delegates_is_saved_as_delegate_create_saves_one(partnership, agency, officer):
    row = {
        "name": " Pat Officer ",
        "email": " Pat@Police.Example",
        "agency": agency,
        "job_role": " Sergeant ",
        "manager_email": " boss@police.example ",
    }
    [batch] = delegates_create_many(actor=officer, partnership=partnership, rows=[(2, row)])
    one = services.delegate_create(
        actor=officer, partnership=partnership, **(row | {"email": "one@police.example"})
    )

    fields = ("name", "agency_id", "job_role", "manager_email", "partnership_id", "user_id")
    assert [getattr(batch, f) for f in fields] == [getattr(one, f) for f in fields]
    assert Delegate.objects.get(pk=batch.pk).email == "pat@police.example"


# Audit: one entry per 1,000 rows, listing every one.


def test_the_audit_lists_every_delegate_and_booking_in_entries_of_1000(
    partnership, agency, course, officer
):
    session = make_session(course, starts_at=PAST, capacity=1_001)
    rows = [
        (n, {"name": f"Delegate {n}", "email": f"d{n}@police.example", "agency": agency})
        for n in range(2, 1_003)
    ]

    delegates = delegates_create_many(actor=officer, partnership=partnership, rows=rows)
    bookings = bookings_record_many(
        actor=officer,
        partnership=partnership,
        rows=[
            (n, {"session": session, "delegate": d, "requested_at": REQUESTED})
            for n, d in enumerate(delegates, start=2)
        ],
    )

    created = AuditEntry.objects.filter(action="training.delegate.create_many").order_by("seq")
    assert [len(entry.changes) for entry in created] == [1_000, 1]
    assert {e for entry in created for e in entry.changes} == {d.email for d in delegates}
    assert created[0].changes["d2@police.example"] == [
        None,
        "Delegate 2, Testshire Police",
    ]
    recorded = AuditEntry.objects.filter(action="training.booking.record_many").order_by("seq")
    assert [len(entry.changes) for entry in recorded] == [1_000, 1]
    assert all(entry.actor == officer and entry.partnership == partnership for entry in recorded)
    lines = {line: value for entry in recorded for line, value in entry.changes.items()}
    assert len(lines) == Booking.objects.count() == 1_001
    first = bookings[0]
    course_start = "Working Together to Safeguard Children 2024-05-14 09:30"
    assert lines[f"d2@police.example on {course_start} (booking {first.pk})"] == [
        None,
        "booked (Testshire Police), requested 2024-04-24 09:30",
    ]
    assert not AuditEntry.objects.filter(action__in=["training.booking.record"]).exists()


# The data pack's sheets.

BOOKINGS_HEADER = ["course", "session_starts_at", "delegate_email", "status", "attendance"]
COURSE = "Working Together to Safeguard Children"


def _import(partnership, sheets):
    pack = read_bytes("pack.xlsx", xlsx(sheets))
    return import_pack(actor=None, partnership=partnership, pack=pack, dry_run=False)


def _pack(emails: list[str]) -> dict[str, list[list[Any]]]:
    return {
        "delegates": [
            ["email", "name", "agency", "left_on"],
            *[[email, email.split("@")[0].title(), "Testshire Police", ""] for email in emails],
        ],
        "bookings": [
            BOOKINGS_HEADER,
            *[[COURSE, "2024-05-14 09:30", email, "booked", "attended"] for email in emails],
        ],
    }


def test_the_sheets_save_through_the_batches_and_a_second_import_changes_nothing(
    partnership, agency, past
):
    pack = _pack(["ann@police.example", "bob@police.example"])
    pack["delegates"].append(["cat@police.example", "Cat", "Testshire Police", "2024-06-01"])

    first = _import(partnership, pack)

    assert first.ok, first.errors
    assert (first.counts["delegates"].added, first.counts["bookings"].added) == (3, 2)
    assert sorted(past.bookings.values_list("delegate__email", "attendance")) == [
        ("ann@police.example", "attended"),
        ("bob@police.example", "attended"),
    ]
    assert Delegate.objects.get(email="cat@police.example").left_on == dt.date(2024, 6, 1)
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert actions.count("training.delegate.create_many") == 1
    assert actions.count("training.booking.record_many") == 1
    assert "training.delegate.update" in actions  # Cat's leaving day

    before = _written()
    again = _import(partnership, pack)

    assert again.ok, again.errors
    assert (again.counts["delegates"].unchanged, again.counts["bookings"].unchanged) == (3, 2)
    assert _written() == (before[0], before[1], before[2] + 1)  # datapack.import only


def test_a_sheet_row_the_batch_refuses_is_named_by_row_and_column_and_nothing_is_written(
    partnership, agency, past
):
    before = _written()

    result = _import(
        partnership, _pack(["ann@police.example", "bob@police.example", "cat@police.example"])
    )

    assert [(e.sheet, e.row, e.column, e.message) for e in result.errors] == [
        ("bookings", 4, "session_starts_at", "This session is full: all 2 places are taken.")
    ]
    assert _written() == before


def test_a_place_freed_by_a_row_of_the_sheet_goes_to_a_new_booking_in_it(partnership, agency, past):
    ann = make_delegate(partnership, agency, email="ann@police.example")
    bob = make_delegate(partnership, agency, email="bob@police.example")
    make_delegate(partnership, agency, email="cat@police.example")
    future = make_session(past.course, capacity=2)
    make_booking(future, ann)
    make_booking(future, bob)
    future_start = "2027-01-12 09:30"

    result = _import(
        partnership,
        {
            "bookings": [
                BOOKINGS_HEADER,
                [COURSE, future_start, "cat@police.example", "booked", ""],
                [COURSE, future_start, "bob@police.example", "cancelled", ""],
            ]
        },
    )

    assert result.ok, result.errors
    assert sorted(future.bookings.values_list("delegate__email", "status")) == [
        ("ann@police.example", "booked"),
        ("bob@police.example", "cancelled"),
        ("cat@police.example", "booked"),
    ]
