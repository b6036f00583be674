"""The training app's sheets in the data pack (docs/data-pack.md, docs/training.md): the course
catalogue (courses, their questions, their sessions) and the delegates here; bookings and
evaluations in `datapack_bookings.py`; webinar weeks, commissioned training and requirements in
`datapack_webinars.py`.

Every row is saved through the training services, so the same rules and audit entries apply as
on the pages. Sheets load in the order their references need: courses before their questions
and sessions, delegates before bookings, bookings before evaluations. A date once recorded (a
course or question retired, a session cancelled, a delegate who left) cannot be cleared or moved
here: no service does it, so such a row is refused on that column.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from safeguarding.core.models import Agency, Partnership
from safeguarding.datapack.fields import (
    YES,
    PackChoiceField,
    PackDateField,
    PackDateTimeField,
    PackListField,
    PackNumberField,
    PackYesNoField,
    choices_help,
    dated,
    plain_number,
)
from safeguarding.datapack.registry import (
    Column,
    ImportContext,
    NumberedRows,
    Row,
    RowRefused,
    Sheet,
    cell,
    normalise_key,
    register,
)
from safeguarding.training import services
from safeguarding.training.datapack_common import (
    LIST_HELP,
    TIME_HELP,
    agency_named,
    course_named,
    find_course,
    find_delegate,
    find_session,
    names_of,
    parse_time,
    priorities_named,
    retire_step,
    themes_named,
    write_time,
    yes_no,
)
from safeguarding.training.models import Course, CourseLevel, Delegate, Question, Session
from safeguarding.training.services import BatchRowRefused, delegates_create_many
from safeguarding.training.services.delegates import DelegateRow

SCALES = [("5", "1 to 5"), ("10", "1 to 10")]
PLACES = {"invalid": "Enter a whole number of 1 or more.", "min_value": "Enter 1 or more."}


# Courses


class CourseRowForm(forms.Form):
    title = forms.CharField(max_length=200, error_messages={"required": "Enter the course title."})
    level = PackChoiceField(choices=CourseLevel.choices)
    description = forms.CharField(required=False)
    audience = forms.CharField(max_length=300, required=False)
    duration_hours = PackNumberField(required=False, min_value=0, max_digits=5, decimal_places=1)
    default_capacity = forms.IntegerField(required=False, min_value=1, error_messages=PLACES)
    scale = PackChoiceField(choices=SCALES, required=False)
    needs_manager_approval = PackYesNoField(required=False)
    themes = PackListField(required=False)
    priorities = PackListField(required=False)
    created_on = PackDateField(required=False)
    retired_on = PackDateField(required=False)


def export_courses(partnership: Partnership) -> Iterator[Row]:
    rows = Course.objects.filter(partnership=partnership).prefetch_related("themes", "priorities")
    for course in rows.order_by("created_on", "title", "pk"):
        hours = course.duration_hours
        yield {
            "title": course.title,
            "level": course.level,
            "description": course.description,
            "audience": course.audience,
            "duration_hours": "" if hours is None else cell(plain_number(hours)),
            "default_capacity": cell(course.default_capacity),
            "scale": cell(course.scale),
            "needs_manager_approval": yes_no(course.needs_manager_approval),
            "themes": names_of(course.themes.all()),
            "priorities": names_of(course.priorities.all(), "title"),
            "created_on": cell(course.created_on),
            "retired_on": cell(course.retired_on),
        }


def _course_fields(partnership: Partnership, row: dict[str, Any]) -> dict[str, Any]:
    """The row's values as the services take them; a blank scale, capacity or start keeps the
    current one (or the default, for a new course)."""
    data = {k: v for k, v in row.items() if k != "retired_on" and v not in (None, "")}
    data |= {k: row[k] for k in ("description", "audience", "duration_hours") if k in row}
    if "scale" in data:
        data["scale"] = int(data["scale"])
    if "needs_manager_approval" in data:
        data["needs_manager_approval"] = data["needs_manager_approval"] == YES
    if "themes" in row:
        data["themes"] = themes_named(partnership, row["themes"])
    if "priorities" in row:
        data["priorities"] = priorities_named(partnership, row["priorities"])
    return data


def save_course(context: ImportContext, row: dict[str, Any]) -> Course:
    partnership = context.partnership
    data = _course_fields(partnership, row)
    course = find_course(partnership, row["title"])
    if course is None:
        course = services.course_create(actor=context.actor, partnership=partnership, **data)
    else:
        services.course_update(actor=context.actor, course=course, **data)
    retired_on = retire_step(row, course.retired_on)
    if retired_on is not None:
        services.course_retire(actor=context.actor, course=course, retired_on=retired_on)
    return course


# Course questions


class QuestionRowForm(forms.Form):
    course = forms.CharField(max_length=200, error_messages={"required": "Enter the course."})
    position = forms.IntegerField(
        min_value=1,
        error_messages={
            "required": "Enter the question's position, 1 for the first.",
            "invalid": "Enter the position as a whole number, 1 for the first.",
            "min_value": "Enter a position of 1 or more.",
        },
    )
    text = forms.CharField(max_length=300, error_messages={"required": "Enter the question."})
    retired_on = PackDateField(required=False)


def export_questions(partnership: Partnership) -> Iterator[Row]:
    rows = Question.objects.filter(course__partnership=partnership).select_related("course")
    for question in rows.order_by("course__created_on", "course__title", "position", "pk"):
        yield {
            "course": question.course.title,
            "position": cell(question.position),
            "text": question.text,
            "retired_on": cell(question.retired_on),
        }


def save_question(context: ImportContext, row: dict[str, Any]) -> Question:
    course = course_named(context.partnership, row["course"])
    position = row["position"]
    question = course.questions.filter(position=position).order_by("pk").first()
    if question is None:
        question = services.question_add(
            actor=context.actor, course=course, text=row["text"], position=position
        )
    elif question.text != row["text"]:
        services.question_update(
            actor=context.actor, question=question, text=row["text"], position=position
        )
    retired_on = retire_step(row, question.retired_on)
    if retired_on is not None:
        services.question_retire(actor=context.actor, question=question, retired_on=retired_on)
    return question


# Sessions


class SessionRowForm(forms.Form):
    course = forms.CharField(max_length=200, error_messages={"required": "Enter the course."})
    starts_at = PackDateTimeField(error_messages={"required": f"Enter when it starts. {TIME_HELP}"})
    ends_at = PackDateTimeField(error_messages={"required": f"Enter when it ends. {TIME_HELP}"})
    venue = forms.CharField(max_length=200, required=False)
    online = PackYesNoField(required=False)
    trainer = forms.CharField(max_length=200, required=False)
    capacity = forms.IntegerField(required=False, min_value=1, error_messages=PLACES)
    cancelled_on = PackDateField(required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:  # the same text format sorts as the times do
            self.add_error("ends_at", "The session must end after it starts.")
        return data


def export_sessions(partnership: Partnership) -> Iterator[Row]:
    rows = Session.objects.filter(course__partnership=partnership).select_related("course")
    for session in rows.order_by("starts_at", "course__title", "pk"):
        yield {
            "course": session.course.title,
            "starts_at": write_time(session.starts_at),
            "ends_at": write_time(session.ends_at),
            "venue": session.venue,
            "online": yes_no(session.online),
            "trainer": session.trainer,
            "capacity": cell(session.capacity),
            "cancelled_on": cell(session.cancelled_on),
        }


def _session_fields(row: dict[str, Any], session: Session | None) -> dict[str, Any]:
    """Every field the session services take: the row's, else the session's as it is (a blank
    capacity keeps the current one, or the course's default for a new session)."""
    data: dict[str, Any] = {"starts_at": parse_time(row["starts_at"])}
    data["ends_at"] = parse_time(row["ends_at"])
    for column in ("venue", "trainer"):
        data[column] = row[column] if column in row else getattr(session, column, "")
    data["online"] = row["online"] == YES if "online" in row else getattr(session, "online", False)
    data["capacity"] = row.get("capacity") or getattr(session, "capacity", None)
    return data


def save_session(context: ImportContext, row: dict[str, Any]) -> Session:
    course = course_named(context.partnership, row["course"])
    session = find_session(course, row["starts_at"])
    data = _session_fields(row, session)
    if session is None:
        session = services.session_create(actor=context.actor, course=course, **data)
    elif any(getattr(session, field) != value for field, value in data.items()):
        services.session_update(actor=context.actor, session=session, **data)
    cancelled_on = retire_step(row, session.cancelled_on, "cancelled_on")
    if cancelled_on is not None:
        services.session_cancel(actor=context.actor, session=session, cancelled_on=cancelled_on)
    return session


# Delegates


class DelegateRowForm(forms.Form):
    email = forms.EmailField(error_messages={"required": "Enter the delegate's work email."})
    name = forms.CharField(max_length=200, error_messages={"required": "Enter their name."})
    agency = forms.CharField(
        max_length=200, error_messages={"required": "Enter their agency, from agencies."}
    )
    job_role = forms.CharField(max_length=200, required=False)
    manager_email = forms.EmailField(required=False)
    left_on = PackDateField(required=False)

    def clean_email(self) -> str:
        return str(self.cleaned_data.get("email") or "").lower()

    def clean_manager_email(self) -> str:
        return str(self.cleaned_data.get("manager_email") or "").lower()


def export_delegates(partnership: Partnership) -> Iterator[Row]:
    rows = Delegate.objects.filter(partnership=partnership).select_related("agency")
    for delegate in rows.order_by("email", "pk"):
        yield {
            "email": delegate.email.lower(),
            "name": delegate.name,
            "agency": delegate.agency.name,
            "job_role": delegate.job_role,
            "manager_email": delegate.manager_email.lower(),
            "left_on": cell(delegate.left_on),
        }


def save_delegate(context: ImportContext, row: dict[str, Any]) -> Delegate:
    partnership = context.partnership
    agency = agency_named(partnership, row["agency"])
    delegate = find_delegate(partnership, row["email"])
    if delegate is None:
        delegate = services.delegate_create(
            actor=context.actor, partnership=partnership, **_new_delegate(row, agency)
        )
        if not row.get("left_on"):
            return delegate
    return _change_delegate(context, row, agency, delegate)


def _new_delegate(row: dict[str, Any], agency: Agency) -> dict[str, Any]:
    """The row as `delegate_create` takes it."""
    return {
        "name": row["name"],
        "email": row["email"],
        "agency": agency,
        "job_role": row.get("job_role", ""),
        "manager_email": row.get("manager_email", ""),
    }


def _change_delegate(
    context: ImportContext, row: dict[str, Any], agency: Agency, delegate: Delegate
) -> Delegate:
    if "left_on" in row and delegate.left_on and not row["left_on"]:
        raise ValidationError({"left_on": "Enter the day they left; it cannot be cleared here."})
    return services.delegate_update(
        actor=context.actor,
        delegate=delegate,
        name=row["name"],
        email=row["email"],
        agency=agency,
        job_role=row.get("job_role", delegate.job_role),
        manager_email=row.get("manager_email", delegate.manager_email),
        left_on=row.get("left_on", delegate.left_on),
    )


def save_delegates(context: ImportContext, rows: NumberedRows) -> None:
    """Add the new delegates in one batch (`delegates_create_many`, decision 0014), then change
    each changed one (and record the day a new one left) through `delegate_update`. The
    partnership's agencies and delegates are read once for every row."""
    partnership = context.partnership
    serving = Agency.objects.filter(memberships__partnership=partnership)
    agencies = {normalise_key(agency.name): agency for agency in serving}
    stored = Delegate.objects.filter(partnership=partnership)
    known = {delegate.email.lower(): delegate for delegate in stored}
    new: list[DelegateRow] = []
    steps: list[tuple[int, dict[str, Any], Agency]] = []
    for number, row in rows:
        agency = agencies.get(normalise_key(row["agency"]))
        if agency is None:
            message = f"No agency called “{row['agency']}” serves this partnership."
            raise RowRefused(number, ValidationError({"agency": message}))
        stored_already = row["email"] in known  # the form writes the email in lower case
        if not stored_already:
            new.append((number, _new_delegate(row, agency)))
        if stored_already or row.get("left_on"):
            steps.append((number, row, agency))
    if new:
        try:
            created = delegates_create_many(actor=context.actor, partnership=partnership, rows=new)
        except BatchRowRefused as refused:
            raise RowRefused(refused.number, refused.error) from None
        known |= {delegate.email: delegate for delegate in created}
    for number, row, agency in steps:
        try:
            _change_delegate(context, row, agency, known[row["email"]])
        except ValidationError as error:
            raise RowRefused(number, error) from None


THEMES_HELP = f"Themes from themes. {LIST_HELP}"

COURSES = register(
    Sheet(
        name="courses",
        order=400,
        description="The training catalogue: each course, its level and its rating scale.",
        columns=(
            Column("title", required=True, description="The course; the key."),
            Column("level", required=True, description=choices_help(CourseLevel.choices)),
            Column("description"),
            Column("audience", description="Who it is for."),
            Column("duration_hours", description="Hours, like 7 or 3.5."),
            Column("default_capacity", description="Places on a new session; blank is 20."),
            Column("scale", description="The self-rating scale's top: 5 or 10; blank is 5."),
            Column("needs_manager_approval", description="yes or no; blank is no."),
            Column("themes", description=THEMES_HELP),
            Column("priorities", description=f"Priorities from priorities, by title. {LIST_HELP}"),
            Column("created_on", description=dated("When it joined the catalogue.")),
            Column("retired_on", description=dated("When it was retired; blank if current.")),
        ),
        key=("title",),
        form=CourseRowForm,
        save=save_course,
        export=export_courses,
        references={"themes": "themes", "priorities": "priorities"},
        lists=frozenset({"themes", "priorities"}),
    )
)

COURSE_QUESTIONS = register(
    Sheet(
        name="course_questions",
        order=410,
        description="Each course's self-rating questions, asked before and after it.",
        columns=(
            Column("course", required=True, description="From courses; key with position."),
            Column("position", required=True, description="1 for the first question."),
            Column("text", required=True, description="The question."),
            Column("retired_on", description=dated("When it stopped being asked.")),
        ),
        key=("course", "position"),
        form=QuestionRowForm,
        save=save_question,
        export=export_questions,
        references={"course": "courses"},
    )
)

SESSIONS = register(
    Sheet(
        name="sessions",
        order=420,
        description="Each course's dates, with their venue, trainer and places.",
        columns=(
            Column("course", required=True, description="From courses; key with starts_at."),
            Column("starts_at", required=True, description=TIME_HELP),
            Column("ends_at", required=True, description="After starts_at."),
            Column("venue"),
            Column("online", description="yes or no; blank is no."),
            Column("trainer"),
            Column("capacity", description="Places; blank is the course's default."),
            Column("cancelled_on", description=dated("When it was cancelled; blank if not.")),
        ),
        key=("course", "starts_at"),
        form=SessionRowForm,
        save=save_session,
        export=export_sessions,
        references={"course": "courses"},
    )
)

DELEGATES = register(
    Sheet(
        name="delegates",
        order=430,
        description="The people who train, known by their work email.",
        columns=(
            Column("email", required=True, description="Their work email; the key."),
            Column("name", required=True),
            Column("agency", required=True, description="From agencies."),
            Column("job_role", description="As the training requirements name it."),
            Column("manager_email", description="Who approves their bookings."),
            Column("left_on", description=dated("When they left; blank if current.")),
        ),
        key=("email",),
        form=DelegateRowForm,
        save=save_delegate,
        save_many=save_delegates,
        export=export_delegates,
        references={"agency": "agencies"},
    )
)

# The sheets that name these ones register themselves on import.
from safeguarding.training import datapack_bookings, datapack_webinars  # noqa: E402, F401
