"""Training counted rather than booked: webinar weeks, commissioned training delivered by a
provider (attendees by agency), and the training each agency's roles must keep in date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction

from safeguarding.core.models import Agency, Partnership, Theme
from safeguarding.core.services import themes_check
from safeguarding.training.models import (
    CommissionedAttendance,
    CommissionedTraining,
    Course,
    Requirement,
    WebinarWeek,
)
from safeguarding.training.services._shared import (
    NOT_GIVEN,
    audit,
    check_served,
    create,
    day,
    given,
    not_future,
    raise_if,
    set_many,
    taken,
    update,
)

if TYPE_CHECKING:
    from safeguarding.accounts.models import User


# Webinar weeks.


def _check_week(partnership: Partnership, data: dict[str, Any], exclude: int | None) -> None:
    errors: dict[str, str] = {}
    title = data["title"] = data["title"].strip()
    if not title:
        errors["title"] = "Enter the webinar week's title"
    elif taken(
        WebinarWeek.objects.filter(
            partnership=partnership, title__iexact=title, starts_on=data["starts_on"]
        ),
        exclude,
    ):
        errors["title"] = f"“{title}” starting on {day(data['starts_on'])} is already recorded."
    if (data["webinars"] or 0) < 1:
        errors["webinars"] = "Enter a number of webinars of 1 or more"
    for field in ("attendees", "recording_views"):
        if data[field] is None or data[field] < 0:
            errors[field] = "Enter a number of 0 or more"
    raise_if(errors)


@transaction.atomic
def webinar_week_create(
    *,
    actor: User | None,
    partnership: Partnership,
    title: str,
    starts_on: dt.date,
    webinars: int = 1,
    attendees: int = 0,
    recording_views: int = 0,
    themes: Iterable[Theme] = (),
) -> WebinarWeek:
    data: dict[str, Any] = {"title": title, "starts_on": starts_on, "webinars": webinars}
    data |= {"attendees": attendees, "recording_views": recording_views}
    _check_week(partnership, data, None)
    chosen = themes_check(partnership, themes, on=starts_on)
    week = create(
        actor,
        partnership,
        WebinarWeek(partnership=partnership, **data),
        "training.webinar_week.create",
    )
    week.themes.set(chosen)
    return week


@transaction.atomic
def webinar_week_update(
    *,
    actor: User | None,
    week: WebinarWeek,
    title: str = NOT_GIVEN,
    starts_on: dt.date = NOT_GIVEN,
    webinars: int = NOT_GIVEN,
    attendees: int = NOT_GIVEN,
    recording_views: int = NOT_GIVEN,
    themes: Iterable[Theme] | None = None,
) -> WebinarWeek:
    changed = given(title=title, starts_on=starts_on, webinars=webinars, attendees=attendees)
    changed |= given(recording_views=recording_views)
    current = {f: getattr(week, f) for f in ("title", "starts_on", "webinars", "attendees")}
    data = current | {"recording_views": week.recording_views} | changed
    _check_week(week.partnership, data, week.pk)
    if themes is not None:
        on, keep = data["starts_on"], week.themes.all()
        themes = themes_check(week.partnership, themes, on=on, keep=keep)
    extra = set_many(week, "themes", themes)
    return update(actor, week.partnership, week, "training.webinar_week.update", data, extra)


# Commissioned training.


def _check_commission(
    course: Course, audience: str, delivered_on: dt.date, attendance: Mapping[Agency, int]
) -> None:
    errors: dict[str, str] = {}
    if not audience.strip():
        errors["audience"] = "Enter who attended, for example managers"
    if not attendance:
        errors["attendance"] = "Enter the attendees of at least one agency"
    elif any(count is None or count < 1 for count in attendance.values()):
        errors["attendance"] = "Enter 1 or more attendees for each agency listed"
    raise_if(errors)
    not_future(delivered_on, "delivered_on", "The date delivered")
    for agency in attendance:
        check_served(course.partnership, agency, "attendance")


def _set_attendance(
    commissioned: CommissionedTraining, attendance: Mapping[Agency, int]
) -> dict[str, list[Any]]:
    """Replace the attendees by agency; the audit change if they changed."""
    old = {str(row.agency): row.attendees for row in commissioned.attendance.all()}
    new = {str(agency): count for agency, count in attendance.items()}
    commissioned.attendance.all().delete()
    CommissionedAttendance.objects.bulk_create(
        CommissionedAttendance(commissioned=commissioned, agency=agency, attendees=count)
        for agency, count in attendance.items()
    )
    return {"attendance": [old or None, new]} if old != new else {}


@transaction.atomic
def commissioned_create(
    *,
    actor: User | None,
    course: Course,
    provider: str,
    audience: str,
    delivered_on: dt.date,
    attendance: Mapping[Agency, int],
) -> CommissionedTraining:
    """A commissioned course delivered on a date, with its attendees by agency."""
    _check_commission(course, audience, delivered_on, attendance)
    commissioned = CommissionedTraining(
        course=course,
        provider=provider.strip(),
        audience=audience.strip(),
        delivered_on=delivered_on,
    )
    commissioned.full_clean()
    commissioned.save()
    changes = {"course": [None, course.title], "delivered_on": [None, delivered_on]}
    changes |= _set_attendance(commissioned, attendance)
    audit(actor, course.partnership, commissioned, "training.commissioned.create", changes)
    return commissioned


@transaction.atomic
def commissioned_update(
    *,
    actor: User | None,
    commissioned: CommissionedTraining,
    provider: str,
    audience: str,
    delivered_on: dt.date,
    attendance: Mapping[Agency, int],
) -> CommissionedTraining:
    course = commissioned.course
    _check_commission(course, audience, delivered_on, attendance)
    extra = _set_attendance(commissioned, attendance)
    data: dict[str, Any] = {"provider": provider.strip(), "audience": audience.strip()}
    data["delivered_on"] = delivered_on
    action = "training.commissioned.update"
    return update(actor, course.partnership, commissioned, action, data, extra)


# The training each agency's roles must keep in date.


def _check_requirement(
    partnership: Partnership, data: dict[str, Any], existing: Requirement | None
) -> None:
    """Field errors for a requirement; a retired course stays only on one that already had it."""
    errors: dict[str, str] = {}
    role = data["job_role"] = data["job_role"].strip()
    course, agency, months = data["course"], data["agency"], data["renew_every_months"]
    if not role:
        errors["job_role"] = "Enter the job role"
    if course.partnership_id != partnership.pk:
        errors["course"] = f"Choose a course of {partnership}."
    elif course.retired_on is not None and (existing is None or existing.course_id != course.pk):
        errors["course"] = f"{course} was retired on {day(course.retired_on)}."
    if months is not None and months < 1:
        errors["renew_every_months"] = "Enter a number of months of 1 or more, or leave it empty"
    clash = Requirement.objects.filter(
        partnership=partnership, agency=agency, job_role__iexact=role, course=course
    )
    if role and not errors and taken(clash, existing.pk if existing else None):
        errors["job_role"] = f"{role} already needs {course}{_for(agency)}."
    raise_if(errors)
    check_served(partnership, agency)


def _for(agency: Agency | None) -> str:
    return f" at {agency}" if agency else " in every agency"


@transaction.atomic
def requirement_create(
    *,
    actor: User | None,
    partnership: Partnership,
    agency: Agency | None,
    job_role: str,
    course: Course,
    renew_every_months: int | None = None,
) -> Requirement:
    """A role (in one agency, or every agency) must have a course, renewed every N months."""
    data: dict[str, Any] = {"agency": agency, "job_role": job_role, "course": course}
    data["renew_every_months"] = renew_every_months
    _check_requirement(partnership, data, None)
    requirement = Requirement(partnership=partnership, **data)
    return create(actor, partnership, requirement, "training.requirement.create")


@transaction.atomic
def requirement_update(
    *,
    actor: User | None,
    requirement: Requirement,
    agency: Agency | None = NOT_GIVEN,
    job_role: str = NOT_GIVEN,
    course: Course = NOT_GIVEN,
    renew_every_months: int | None = NOT_GIVEN,
) -> Requirement:
    changed = given(agency=agency, job_role=job_role, course=course)
    changed |= given(renew_every_months=renew_every_months)
    current: dict[str, Any] = {"agency": requirement.agency, "job_role": requirement.job_role}
    current |= {"course": requirement.course, "renew_every_months": requirement.renew_every_months}
    data = current | changed
    _check_requirement(requirement.partnership, data, requirement)
    partnership = requirement.partnership
    return update(actor, partnership, requirement, "training.requirement.update", data)


@transaction.atomic
def requirement_retire(
    *, actor: User | None, requirement: Requirement, retired_on: dt.date
) -> Requirement:
    if requirement.retired_on is not None:
        raise ValidationError(
            {"retired_on": f"This requirement was retired on {day(requirement.retired_on)}."}
        )
    data = {"retired_on": retired_on}
    return update(actor, requirement.partnership, requirement, "training.requirement.retire", data)
