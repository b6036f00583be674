"""The webinar weeks, commissioned training and training requirements sheets (training/datapack.py
has the catalogue).

Commissioned training is one row per agency: the rows with the same course and delivery date are
one commission, so they must agree on its provider and audience. A row adds or changes that
agency's attendees and keeps the other agencies' as they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django import forms
from django.db.models import F

from safeguarding.core.models import Partnership
from safeguarding.datapack.fields import DATE_HELP, PackDateField, PackListField, dated
from safeguarding.datapack.registry import (
    Column,
    ImportContext,
    NumberedRows,
    Row,
    Sheet,
    cell,
    normalise_key,
    register,
)
from safeguarding.training import services
from safeguarding.training.datapack_common import (
    LIST_HELP,
    agency_named,
    course_named,
    names_of,
    one,
    retire_step,
    themes_named,
)
from safeguarding.training.models import (
    CommissionedAttendance,
    CommissionedTraining,
    Requirement,
    WebinarWeek,
)

COUNT = {
    "invalid": "Enter a whole number, 0 or more.",
    "min_value": "Enter a whole number, 0 or more.",
}


def _count(*, minimum: int = 0, required: bool = False) -> forms.IntegerField:
    messages = COUNT if minimum == 0 else {**COUNT, "min_value": f"Enter {minimum} or more."}
    if required:
        messages = {**messages, "required": messages["invalid"]}
    return forms.IntegerField(min_value=minimum, required=required, error_messages=messages)


# Webinar weeks


class WebinarWeekRowForm(forms.Form):
    title = forms.CharField(max_length=200, error_messages={"required": "Enter the week's title."})
    starts_on = PackDateField(required_message="Enter the day the week starts.")
    webinars = _count(minimum=1)
    attendees = _count()
    recording_views = _count()
    themes = PackListField(required=False)


def export_webinar_weeks(partnership: Partnership) -> Iterator[Row]:
    rows = WebinarWeek.objects.filter(partnership=partnership).prefetch_related("themes")
    for week in rows.order_by("starts_on", "title", "pk"):
        yield {
            "title": week.title,
            "starts_on": cell(week.starts_on),
            "webinars": cell(week.webinars),
            "attendees": cell(week.attendees),
            "recording_views": cell(week.recording_views),
            "themes": names_of(week.themes.all()),
        }


def save_webinar_week(context: ImportContext, row: dict[str, Any]) -> WebinarWeek:
    partnership = context.partnership
    data = {k: v for k, v in row.items() if v is not None}
    if "themes" in row:
        data["themes"] = themes_named(partnership, row["themes"])
    weeks = WebinarWeek.objects.filter(partnership=partnership, starts_on=row["starts_on"])
    week = one(weeks, "title", row["title"])
    if week is None:
        return services.webinar_week_create(actor=context.actor, partnership=partnership, **data)
    return services.webinar_week_update(actor=context.actor, week=week, **data)


# Commissioned training


class CommissionedRowForm(forms.Form):
    course = forms.CharField(max_length=200, error_messages={"required": "Enter the course."})
    delivered_on = PackDateField(required_message="Enter the day it was delivered.")
    agency = forms.CharField(
        max_length=200, error_messages={"required": "Enter the agency, from agencies."}
    )
    attendees = _count(minimum=1, required=True)
    provider = forms.CharField(max_length=200, required=False)
    audience = forms.CharField(
        max_length=200, error_messages={"required": "Enter who attended, like managers."}
    )


def export_commissioned(partnership: Partnership) -> Iterator[Row]:
    rows = CommissionedAttendance.objects.filter(
        commissioned__course__partnership=partnership
    ).select_related("commissioned__course", "agency")
    order = ("commissioned__delivered_on", "commissioned__course__title", "commissioned_id")
    for attendance in rows.order_by(*order, "agency__name"):
        commission = attendance.commissioned
        yield {
            "course": commission.course.title,
            "delivered_on": cell(commission.delivered_on),
            "agency": attendance.agency.name,
            "attendees": cell(attendance.attendees),
            "provider": commission.provider,
            "audience": commission.audience,
        }


def check_commissions(rows: NumberedRows) -> Iterable[tuple[int, str, str]]:
    """The rows of one commission (a course on a day) give it one provider and one audience."""
    first: dict[tuple[str, str], dict[str, Any]] = {}
    for number, data in rows:
        key = (normalise_key(data["course"]), cell(data["delivered_on"]))
        earlier = first.setdefault(key, data)
        for column in ("provider", "audience"):
            if column in data and column in earlier and data[column] != earlier[column]:
                message = f"The rows of one commission must agree: “{earlier[column]}” above."
                yield number, column, message


def save_commissioned(context: ImportContext, row: dict[str, Any]) -> CommissionedTraining:
    partnership = context.partnership
    course = course_named(partnership, row["course"])
    agency = agency_named(partnership, row["agency"])
    commission = (
        course.commissions.filter(delivered_on=row["delivered_on"])
        .prefetch_related("attendance__agency")
        .first()
    )
    common = {"actor": context.actor, "delivered_on": row["delivered_on"]}
    if commission is None:
        return services.commissioned_create(
            course=course,
            provider=row.get("provider", ""),
            audience=row["audience"],
            attendance={agency: row["attendees"]},
            **common,
        )
    attendance = {line.agency: line.attendees for line in commission.attendance.all()}
    attendance = {a: n for a, n in attendance.items() if a.pk != agency.pk} | {
        agency: row["attendees"]
    }
    return services.commissioned_update(
        commissioned=commission,
        provider=row.get("provider", commission.provider),
        audience=row["audience"],
        attendance=attendance,
        **common,
    )


# Training requirements


class RequirementRowForm(forms.Form):
    agency = forms.CharField(max_length=200, required=False)
    job_role = forms.CharField(max_length=200, error_messages={"required": "Enter the job role."})
    course = forms.CharField(max_length=200, error_messages={"required": "Enter the course."})
    renew_every_months = forms.IntegerField(
        required=False,
        min_value=1,
        error_messages={
            "invalid": "Enter how often it is renewed, in whole months, or leave it blank.",
            "min_value": "Enter 1 month or more, or leave it blank for once.",
        },
    )
    retired_on = PackDateField(required=False)


def export_requirements(partnership: Partnership) -> Iterator[Row]:
    rows = Requirement.objects.filter(partnership=partnership).select_related("agency", "course")
    every_agency_first = F("agency__name").asc(nulls_first=True)
    for requirement in rows.order_by(every_agency_first, "job_role", "course__title", "pk"):
        yield {
            "agency": requirement.agency.name if requirement.agency else "",
            "job_role": requirement.job_role,
            "course": requirement.course.title,
            "renew_every_months": cell(requirement.renew_every_months),
            "retired_on": cell(requirement.retired_on),
        }


def save_requirement(context: ImportContext, row: dict[str, Any]) -> Requirement:
    partnership = context.partnership
    agency = agency_named(partnership, row["agency"]) if row.get("agency") else None
    course = course_named(partnership, row["course"])
    rows = Requirement.objects.filter(partnership=partnership, agency=agency, course=course)
    requirement = one(rows, "job_role", row["job_role"])
    renew = row.get("renew_every_months")
    if requirement is None:
        requirement = services.requirement_create(
            actor=context.actor,
            partnership=partnership,
            agency=agency,
            job_role=row["job_role"],
            course=course,
            renew_every_months=renew,
        )
    elif "renew_every_months" in row and renew != requirement.renew_every_months:
        services.requirement_update(
            actor=context.actor, requirement=requirement, renew_every_months=renew
        )
    retired_on = retire_step(row, requirement.retired_on)
    if retired_on is not None:
        services.requirement_retire(
            actor=context.actor, requirement=requirement, retired_on=retired_on
        )
    return requirement


WEBINAR_WEEKS = register(
    Sheet(
        name="webinar_weeks",
        order=460,
        description="Themed weeks of webinars: live attendees and views of the recordings.",
        columns=(
            Column("title", required=True, description="The week; key with starts_on."),
            Column("starts_on", required=True, description=DATE_HELP),
            Column("webinars", description="How many webinars; blank is 1."),
            Column("attendees", description="Live attendees, all webinars together."),
            Column("recording_views", description="Views of the recordings."),
            Column("themes", description=f"Themes from themes. {LIST_HELP}"),
        ),
        key=("title", "starts_on"),
        form=WebinarWeekRowForm,
        save=save_webinar_week,
        export=export_webinar_weeks,
        references={"themes": "themes"},
        lists=frozenset({"themes"}),
    )
)

COMMISSIONED_TRAINING = register(
    Sheet(
        name="commissioned_training",
        order=470,
        description="Training commissioned from a provider: its attendees, one row per agency.",
        columns=(
            Column("course", required=True, description="From courses; key with the next two."),
            Column("delivered_on", required=True, description=DATE_HELP),
            Column("agency", required=True, description="From agencies."),
            Column("attendees", required=True, description="That agency's attendees, 1 or more."),
            Column("provider", description="Who delivered it; the same on each of its rows."),
            Column("audience", required=True, description="Who attended, like managers."),
        ),
        key=("course", "delivered_on", "agency"),
        form=CommissionedRowForm,
        save=save_commissioned,
        export=export_commissioned,
        references={"course": "courses", "agency": "agencies"},
        check_rows=check_commissions,
    )
)

TRAINING_REQUIREMENTS = register(
    Sheet(
        name="training_requirements",
        order=480,
        description="The courses each agency's job roles must have, and how often renewed.",
        columns=(
            Column("agency", description="From agencies; blank for every agency."),
            Column("job_role", required=True, description="Key with agency and course."),
            Column("course", required=True, description="From courses."),
            Column("renew_every_months", description="Blank: once is enough."),
            Column("retired_on", description=dated("When it stopped applying.")),
        ),
        key=("agency", "job_role", "course"),
        form=RequirementRowForm,
        save=save_requirement,
        export=export_requirements,
        references={"course": "courses", "agency": "agencies"},
    )
)
