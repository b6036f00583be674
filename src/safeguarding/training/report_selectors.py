"""Reads for the yearly report's "Learning and Development" section and the training cited
under each priority (`training.report`): the short lists the section names, one query each.
The numbers trained and learning gain come from the metrics and `training.figures`."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, Min, OuterRef, Sum

from safeguarding.core.models import Partnership
from safeguarding.core.years import ReportingYear
from safeguarding.governance.models import Priority
from safeguarding.training.models import (
    Attendance,
    CommissionedTraining,
    Course,
    CourseLevel,
    Evaluation,
    WebinarWeek,
)


def _in(year: ReportingYear) -> tuple[dt.date, dt.date]:
    return (year.start, year.end)


def core_course_titles(partnership: Partnership) -> set[str]:
    """The titles of the partnership's core safeguarding courses, retired ones too."""
    return set(
        Course.objects.filter(partnership=partnership, level=CourseLevel.CORE).values_list(
            "title", flat=True
        )
    )


def funded_courses_run(partnership: Partnership, year: ReportingYear) -> list[str]:
    """Titles of the funded courses with an attended session in the year, first run first."""
    return list(
        Course.objects.filter(
            partnership=partnership,
            level=CourseLevel.FUNDED,
            sessions__starts_at__date__range=_in(year),
            sessions__bookings__attendance=Attendance.ATTENDED,
        )
        .annotate(first=Min("sessions__starts_at"))
        .order_by("first", "title")
        .values_list("title", flat=True)
    )


def webinar_weeks_in(partnership: Partnership, year: ReportingYear) -> list[WebinarWeek]:
    """The webinar weeks starting in the year, in date order."""
    return list(
        WebinarWeek.objects.filter(partnership=partnership, starts_on__range=_in(year)).order_by(
            "starts_on", "title"
        )
    )


def commissions_in(partnership: Partnership, year: ReportingYear) -> list[CommissionedTraining]:
    """Commissions delivered in the year with their course, `attendees` and `agencies` counted."""
    return list(
        CommissionedTraining.objects.filter(
            course__partnership=partnership, delivered_on__range=_in(year)
        )
        .select_related("course")
        .annotate(attendees=Sum("attendance__attendees"), agencies=Count("attendance"))
        .order_by("delivered_on", "pk")
    )


def chosen_quotes(partnership: Partnership, year: ReportingYear) -> list[str]:
    """Feedback chosen for the report, with consent, from the year's sessions, in session order."""
    return list(
        Evaluation.objects.filter(
            booking__session__course__partnership=partnership,
            booking__session__starts_at__date__range=_in(year),
            quote_chosen=True,
            consent_to_quote=True,
        )
        .exclude(feedback="")
        .order_by("booking__session__starts_at", "pk")
        .values_list("feedback", flat=True)
    )


def priority_courses(priorities: list[Priority]) -> list[tuple[int, str, str]]:
    """(priority id, course title, level) for each course citing one of the priorities, by title."""
    return list(
        Course.objects.filter(priorities__in=priorities)
        .order_by("title")
        .values_list("priorities", "title", "level")
    )


def commissioned_audiences(partnership: Partnership, year: ReportingYear) -> dict[str, str]:
    """Each commissioned course title's audience in the year (the latest delivered wins)."""
    return dict(
        CommissionedTraining.objects.filter(
            course__partnership=partnership, delivered_on__range=_in(year)
        )
        .order_by("delivered_on")
        .values_list("course__title", "audience")
    )


def cites_priority() -> Exists:
    """True over a Priority row when a course cites it (governance's citation expression)."""
    return Exists(Course.objects.filter(priorities=OuterRef("pk")))
