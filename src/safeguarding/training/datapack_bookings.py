"""The bookings and evaluations sheets (training/datapack.py has the catalogue and delegates).

A booking is named by its session (the course's title and the session's start) and the
delegate's email; a new row is recorded as it stands (`booking_record`, a past register), and a
changed one takes the step the pages take: its attendance (`attendance_record`), or its status
(approved, declined or cancelled). The pack holds one booking per session and delegate: the
latest, when someone cancelled and booked the same session again.

An evaluation is one completed stage of a booking's evaluation. Its ratings are written in the
order of the course's questions that were current on the day it was completed (`4; 3; 5`); the
follow-up survey has none, but says whether practice changed. A submitted evaluation is not
changed here, except whether its quote is chosen for the yearly report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils import timezone

from safeguarding.core.models import Partnership
from safeguarding.datapack.fields import (
    SEPARATOR,
    YES,
    PackChoiceField,
    PackDateTimeField,
    PackYesNoField,
    choices_help,
)
from safeguarding.datapack.registry import (
    Column,
    ImportContext,
    NumberedRows,
    Row,
    RowRefused,
    Sheet,
    cell,
    register,
    split_list,
)
from safeguarding.training import services
from safeguarding.training.datapack_common import (
    NOT_MOVED,
    TIME_HELP,
    PackRecords,
    booking_named,
    parse_time,
    renamed,
    write_time,
    yes_no,
)
from safeguarding.training.models import (
    Attendance,
    Booking,
    BookingStatus,
    Evaluation,
    EvaluationStage,
    PracticeChange,
    Question,
    Rating,
)
from safeguarding.training.services import BatchRowRefused, bookings_record_many
from safeguarding.training.services.bookings import BookingRow

BOOKING = ("course", "session_starts_at", "delegate_email")
#: A service's fields that are these sheets' columns under another name.
RENAMED = {"delegate": "delegate_email", "session": "session_starts_at", "booking": "status"}
#: The same for evaluations, where a refusal of the booking is a refusal of the stage.
EVALUATION_RENAMED = RENAMED | {"booking": "stage", "chosen": "quote_chosen"}
#: The status changes a row may make: each is the step its page takes.
STEPS: dict[tuple[str, str], str] = {
    (BookingStatus.PENDING, BookingStatus.BOOKED): "booking_approve",
    (BookingStatus.PENDING, BookingStatus.DECLINED): "booking_decline",
    (BookingStatus.PENDING, BookingStatus.CANCELLED): "booking_cancel",
    (BookingStatus.BOOKED, BookingStatus.CANCELLED): "booking_cancel",
    (BookingStatus.WAITING, BookingStatus.CANCELLED): "booking_cancel",
}
#: Columns of a submitted evaluation that no step changes.
SUBMITTED = ("completed_at", "ratings", "feedback", "consent_to_quote", "practice_changed")
RATINGS_HELP = "Whole numbers on the course's scale, in question order, like 4; 3; 5."


class BookingKeyForm(forms.Form):
    """The three columns that name a booking."""

    course = forms.CharField(max_length=200, error_messages={"required": "Enter the course."})
    session_starts_at = PackDateTimeField(
        error_messages={"required": f"Enter when the session starts. {TIME_HELP}"}
    )
    delegate_email = forms.EmailField(
        error_messages={"required": "Enter the delegate's email, from delegates."}
    )

    def clean_delegate_email(self) -> str:
        return str(self.cleaned_data.get("delegate_email") or "").lower()


def _booking_cells(booking: Booking) -> Row:
    return {
        "course": booking.session.course.title,
        "session_starts_at": write_time(booking.session.starts_at),
        "delegate_email": booking.delegate.email.lower(),
    }


# Bookings


class BookingRowForm(BookingKeyForm):
    agency = forms.CharField(max_length=200, required=False)
    status = PackChoiceField(choices=BookingStatus.choices)
    attendance = PackChoiceField(choices=Attendance.choices, required=False)
    requested_at = PackDateTimeField(required=False)


def _latest_bookings(partnership: Partnership) -> Iterator[Booking]:
    """Each delegate's latest booking for each session, in the order they were made."""
    rows = Booking.objects.filter(session__course__partnership=partnership).select_related(
        "session__course", "delegate", "agency"
    )
    latest: dict[tuple[int, int], Booking] = {}
    for booking in rows.order_by("requested_at", "pk"):
        latest[(booking.session_id, booking.delegate_id)] = booking
    return iter(sorted(latest.values(), key=lambda b: (b.session.starts_at, b.requested_at, b.pk)))


def export_bookings(partnership: Partnership) -> Iterator[Row]:
    for booking in _latest_bookings(partnership):
        yield {
            **_booking_cells(booking),
            "agency": booking.agency.name,
            "status": booking.status,
            "attendance": booking.attendance,
            "requested_at": write_time(booking.requested_at),
        }


def save_bookings(context: ImportContext, rows: NumberedRows) -> None:
    """Save every added or changed row, the partnership's records read once for them all: each
    changed booking takes its step through the services, then the new ones are recorded in one
    batch (`bookings_record_many`, decision 0014), counting the places the steps freed."""
    records = PackRecords(context.partnership)
    new: list[BookingRow] = []
    for number, row in rows:
        try:
            recorded = _recorded_row(row, records)
            booking = records.booking(recorded["session"], recorded["delegate"])
            if booking is None:
                new.append((number, recorded))
            else:
                _unmovable(row, booking, recorded["agency"])
                _change_booking(context, row, booking)
        except ValidationError as error:
            raise RowRefused(number, renamed(error, RENAMED)) from None
    if not new:
        return
    try:
        bookings_record_many(actor=context.actor, partnership=context.partnership, rows=new)
    except BatchRowRefused as refused:
        raise RowRefused(refused.number, renamed(refused.error, RENAMED)) from None


def save_booking(context: ImportContext, row: dict[str, Any]) -> Booking:
    try:
        return _save_booking(context, row, PackRecords(context.partnership))
    except ValidationError as error:
        raise renamed(error, RENAMED) from None


def _recorded_row(row: dict[str, Any], records: PackRecords) -> dict[str, Any]:
    """The row's records and values as `booking_record` takes them."""
    session = records.session(records.course(row["course"]), row["session_starts_at"])
    return {
        "session": session,
        "delegate": records.delegate(row["delegate_email"]),
        "agency": records.agency(row["agency"]) if row.get("agency") else None,
        "status": row["status"],
        "attendance": row.get("attendance", ""),
        "requested_at": parse_time(row.get("requested_at", "")),
    }


def _save_booking(context: ImportContext, row: dict[str, Any], records: PackRecords) -> Booking:
    recorded = _recorded_row(row, records)
    booking = records.booking(recorded["session"], recorded["delegate"])
    if booking is None:
        booking = services.booking_record(actor=context.actor, **recorded)
        records.add(booking)
        return booking
    _unmovable(row, booking, recorded["agency"])
    _change_booking(context, row, booking)
    return booking


def _unmovable(row: dict[str, Any], booking: Booking, agency: Any) -> None:
    """The agency and the time requested are a booking's history: not changed here."""
    requested = row.get("requested_at")
    if requested and requested != write_time(booking.requested_at):
        current = write_time(booking.requested_at)
        raise ValidationError({"requested_at": NOT_MOVED.format(value=current)})
    if agency is not None and agency.pk != booking.agency_id:
        raise ValidationError({"agency": NOT_MOVED.format(value=booking.agency.name)})


def _change_booking(context: ImportContext, row: dict[str, Any], booking: Booking) -> None:
    status = row["status"]
    if status != booking.status:
        step = STEPS.get((booking.status, status))
        if step is None:
            message = f"A booking that is {booking.get_status_display().lower()} cannot be "
            raise ValidationError({"status": message + f"made {status} here."})
        getattr(services, step)(actor=context.actor, booking=booking)
    attendance = row.get("attendance", booking.attendance)
    if attendance != booking.attendance:
        if not attendance:
            raise ValidationError({"attendance": NOT_MOVED.format(value=booking.attendance)})
        services.attendance_record(actor=context.actor, booking=booking, attendance=attendance)


# Evaluations


class EvaluationRowForm(BookingKeyForm):
    stage = PackChoiceField(choices=EvaluationStage.choices)
    completed_at = PackDateTimeField(
        error_messages={"required": f"Enter when it was completed. {TIME_HELP}"}
    )
    ratings = forms.CharField(required=False)
    feedback = forms.CharField(required=False)
    consent_to_quote = PackYesNoField(required=False)
    quote_chosen = PackYesNoField(required=False)
    practice_changed = PackChoiceField(choices=PracticeChange.choices, required=False)

    def clean_ratings(self) -> str:
        text = str(self.cleaned_data.get("ratings") or "")
        if any(not part.isdigit() for part in split_list(text)):
            raise ValidationError(
                f"Enter the ratings as {RATINGS_HELP[0].lower()}{RATINGS_HELP[1:]}"
            )
        return text

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        follow_up = data.get("stage") == EvaluationStage.FOLLOW_UP
        if follow_up and data.get("ratings"):
            self.add_error("ratings", "The follow-up survey has no ratings: leave this blank.")
        if follow_up and "practice_changed" in self.data and not data.get("practice_changed"):
            self.add_error("practice_changed", choices_help(PracticeChange.choices))
        if data.get("stage") in (EvaluationStage.PRE, EvaluationStage.POST):
            if "ratings" in self.data and not data.get("ratings"):
                self.add_error("ratings", f"Enter the ratings: {RATINGS_HELP}")
            if data.get("practice_changed"):
                self.add_error("practice_changed", "Only the follow-up survey asks this.")
        return data


def _stage_ratings(evaluation: Evaluation) -> str:
    if evaluation.stage == EvaluationStage.FOLLOW_UP:
        return ""
    values = [getattr(rating, evaluation.stage) for rating in evaluation.booking.ratings.all()]
    return SEPARATOR.join(str(value) for value in values if value is not None)


def export_evaluations(partnership: Partnership) -> Iterator[Row]:
    ratings = Rating.objects.order_by("question__position", "question_id")
    rows = (
        Evaluation.objects.filter(booking__session__course__partnership=partnership)
        .select_related("booking__session__course", "booking__delegate")
        .prefetch_related(Prefetch("booking__ratings", queryset=ratings))
        .order_by("booking__session__starts_at", "booking__delegate__email", "completed_at", "pk")
    )
    for evaluation in rows:
        yield {**_booking_cells(evaluation.booking), **_evaluation_cells(evaluation)}


def _evaluation_cells(evaluation: Evaluation) -> Row:
    return {
        "stage": evaluation.stage,
        "completed_at": write_time(evaluation.completed_at),
        "ratings": _stage_ratings(evaluation),
        "feedback": evaluation.feedback,
        "consent_to_quote": yes_no(evaluation.consent_to_quote),
        "quote_chosen": yes_no(evaluation.quote_chosen),
        "practice_changed": evaluation.practice_changed,
    }


def _ratings(booking: Booking, text: str, on: dt.date) -> dict[int, int]:
    """The cell's ratings by question id, in the order of the questions current `on`."""
    questions = list(
        Question.objects.filter(course=booking.session.course)
        .current(on)
        .order_by("position", "pk")
    )
    values = [int(part) for part in split_list(text)]
    if len(values) != len(questions):
        message = (
            f"{booking.session.course} asked {len(questions)} questions on {on:%Y-%m-%d}: "
            f"give {len(questions)} ratings, in question order."
        )
        raise ValidationError({"ratings": message})
    return {question.pk: value for question, value in zip(questions, values, strict=True)}


def _question_errors(error: ValidationError) -> ValidationError:
    """A service's error about one question's rating (`question_<id>`) is the ratings cell's."""
    if not hasattr(error, "error_dict"):
        return error
    renamed_error = renamed(error, EVALUATION_RENAMED)
    messages: dict[str, list[str]] = {}
    for field, found in renamed_error.message_dict.items():
        column = "ratings" if field.startswith("question_") else field
        messages.setdefault(column, []).extend(found)
    return ValidationError(messages)


def save_evaluation(context: ImportContext, row: dict[str, Any]) -> Evaluation:
    booking = booking_named(context.partnership, row)
    evaluation = booking.evaluations.filter(stage=row["stage"]).first()
    return _save_evaluation(context, row, booking, evaluation)


def save_evaluations(context: ImportContext, rows: NumberedRows) -> None:
    """Save each added or changed row through the services, the partnership's bookings and
    their evaluations read once for them all (rather than five lookups a row)."""
    records = PackRecords(context.partnership)
    stored = Evaluation.objects.filter(booking__session__course__partnership=context.partnership)
    done = {(e.booking_id, e.stage): e for e in stored}  # each stage once
    for number, row in rows:
        try:
            booking = _booking_of(row, records)
            _save_evaluation(context, row, booking, done.get((booking.pk, row["stage"])))
        except ValidationError as error:
            raise RowRefused(number, error) from None


def _booking_of(row: dict[str, Any], records: PackRecords) -> Booking:
    """The booking an evaluations row names (as `booking_named` finds it)."""
    session = records.session(records.course(row["course"]), row["session_starts_at"])
    booking = records.booking(session, records.delegate(row["delegate_email"]))
    if booking is None:
        message = f"{row['delegate_email']} has no booking for {session}."
        raise ValidationError({"delegate_email": message})
    return booking


def _save_evaluation(
    context: ImportContext, row: dict[str, Any], booking: Booking, evaluation: Evaluation | None
) -> Evaluation:
    try:
        if evaluation is None:
            return _submit(context, row, booking)
        _unchanged_answers(row, evaluation)
        chosen = row.get("quote_chosen", yes_no(evaluation.quote_chosen)) == YES
        if chosen != evaluation.quote_chosen:
            services.quote_choose(actor=context.actor, evaluation=evaluation, chosen=chosen)
    except ValidationError as error:
        raise _question_errors(error) from None
    return evaluation


def _unchanged_answers(row: dict[str, Any], evaluation: Evaluation) -> None:
    """A delegate's submitted answers stay as they gave them: a row that changes one is refused."""
    current = _evaluation_cells(evaluation)
    for column in SUBMITTED:
        if column in row and cell(row[column]) != current[column]:
            message = "The delegate's submitted evaluation cannot be changed here."
            raise ValidationError({column: message})


def _submit(context: ImportContext, row: dict[str, Any], booking: Booking) -> Evaluation:
    completed_at = parse_time(row["completed_at"]) or timezone.now()
    common = {
        "actor": context.actor,
        "booking": booking,
        "feedback": row.get("feedback", ""),
        "consent_to_quote": row.get("consent_to_quote") == YES,
        "completed_at": completed_at,
    }
    if row["stage"] == EvaluationStage.FOLLOW_UP:
        practice = row.get("practice_changed", "")
        evaluation = services.follow_up_submit(practice_changed=practice, **common)
        if row.get("quote_chosen") == YES:
            services.quote_choose(actor=context.actor, evaluation=evaluation, chosen=True)
        return evaluation
    ratings = _ratings(booking, row.get("ratings", ""), timezone.localdate(completed_at))
    return services.evaluation_submit(
        stage=row["stage"], ratings=ratings, quote_chosen=row.get("quote_chosen") == YES, **common
    )


BOOKING_COLUMNS = (
    Column("course", required=True, description="The session's course, from courses."),
    Column("session_starts_at", required=True, description=f"The session's start. {TIME_HELP}"),
    Column("delegate_email", required=True, description="From delegates."),
)
SESSION_KEY = ("course", "session_starts_at")

BOOKINGS = register(
    Sheet(
        name="bookings",
        order=440,
        description="Who booked each session, and whether they came: the attendance register.",
        columns=(
            *BOOKING_COLUMNS,
            Column("agency", description="Their agency when they booked; blank is theirs now."),
            Column("status", required=True, description=choices_help(BookingStatus.choices)),
            Column("attendance", description=choices_help(Attendance.choices)),
            Column("requested_at", description=f"When they booked. {TIME_HELP}"),
        ),
        key=BOOKING,
        form=BookingRowForm,
        save=save_booking,
        save_many=save_bookings,
        export=export_bookings,
        references={SESSION_KEY: "sessions", "delegate_email": "delegates", "agency": "agencies"},
    )
)

EVALUATIONS = register(
    Sheet(
        name="evaluations",
        order=450,
        description="Each completed stage of a booking's evaluation, with its self-ratings.",
        columns=(
            *BOOKING_COLUMNS,
            Column("stage", required=True, description=choices_help(EvaluationStage.choices)),
            Column("completed_at", required=True, description=TIME_HELP),
            Column("ratings", description=f"Before or after the course: {RATINGS_HELP}"),
            Column("feedback"),
            Column("consent_to_quote", description="yes or no; blank is no."),
            Column("quote_chosen", description="yes or no: chosen for the yearly report."),
            Column(
                "practice_changed",
                description="The follow-up survey's answer. "
                + choices_help(PracticeChange.choices),
            ),
        ),
        key=(*BOOKING, "stage"),
        form=EvaluationRowForm,
        save=save_evaluation,
        save_many=save_evaluations,
        export=export_evaluations,
        references={BOOKING: "bookings"},
    )
)
