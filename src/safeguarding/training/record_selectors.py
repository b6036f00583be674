"""Reads for the evaluation, quotes, delegate, webinar, commissioned training and requirement
pages, and for the evaluations due on a delegate's home page. The figures are in
`training.figures` (compliance) and `training.gain` (learning gain)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Exists, OuterRef, Prefetch, Q, QuerySet, Sum, Value, When
from django.db.models.functions import ExtractYear
from django.utils import timezone

from safeguarding.accounts.scope import Scope
from safeguarding.core.models import Agency
from safeguarding.core.selectors import current_agencies_serving
from safeguarding.core.years import ReportingYear
from safeguarding.training import figures, policies
from safeguarding.training.clocks import sessions_in
from safeguarding.training.figures import ComplianceRow, ComplianceState
from safeguarding.training.gain import Gain, GainTable
from safeguarding.training.models import (
    HOLDS_PLACE,
    Attendance,
    Booking,
    CommissionedAttendance,
    CommissionedTraining,
    Course,
    Delegate,
    Evaluation,
    EvaluationStage,
    Requirement,
    WebinarWeek,
)

# Evaluations


def evaluation_of(booking: Booking, stage: str) -> Evaluation | None:
    """The booking's completed evaluation at this stage, if there is one."""
    return booking.evaluations.filter(stage=stage).first()


@dataclass(frozen=True)
class QuoteFilters:
    year: ReportingYear | None = None
    course: Course | None = None
    chosen: bool = False


def quotes(scope: Scope, filters: QuoteFilters) -> QuerySet[Evaluation]:
    """Feedback given with consent to quote, the latest sessions first, by course."""
    rows = policies.evaluations.visible(scope).filter(consent_to_quote=True).exclude(feedback="")
    if filters.year is not None:
        rows = rows.filter(sessions_in(filters.year, "booking__session__"))
    if filters.course is not None:
        rows = rows.filter(booking__session__course=filters.course)
    if filters.chosen:
        rows = rows.filter(quote_chosen=True)
    rows = rows.select_related("booking__session__course", "booking__agency")
    rows = rows.annotate(year_start=_reporting_year_start("booking__session__starts_at"))
    return rows.order_by(
        "-year_start", "booking__session__course__title", "-booking__session__starts_at", "pk"
    )


def _reporting_year_start(field: str) -> Any:
    """The first calendar year of the reporting year a moment falls in (local time)."""
    january_to_march = Case(When(**{f"{field}__month__lt": 4}, then=Value(1)), default=Value(0))
    return ExtractYear(field) - january_to_march


@dataclass(frozen=True)
class QuoteGroup:
    year: ReportingYear
    course: Course
    quotes: list[Evaluation]


def quote_groups(rows: Iterable[Evaluation]) -> list[QuoteGroup]:
    """Quotes (in the order `quotes` gives them) grouped by reporting year and course."""
    groups: list[QuoteGroup] = []
    for evaluation in rows:
        session = evaluation.booking.session
        year = reporting_year_of(session.starts_at)
        if not groups or (groups[-1].year, groups[-1].course) != (year, session.course):
            groups.append(QuoteGroup(year, session.course, []))
        groups[-1].quotes.append(evaluation)
    return groups


def reporting_year_of(moment: dt.datetime) -> ReportingYear:
    return ReportingYear.containing(timezone.localdate(moment))


def current_courses(scope: Scope, keep: Course | None = None) -> QuerySet[Course]:
    """Courses a new record may name (and the one it already names)."""
    rows = Course.objects.filter(partnership=scope.partnership)
    current = Q(retired_on__isnull=True) | Q(retired_on__gt=timezone.localdate())
    return rows.filter(current | Q(pk=keep.pk if keep else None)).order_by("title")


# The evaluations a delegate has to do (home page)


def _own_bookings_with_stages(scope: Scope) -> QuerySet[Booking]:
    """The signed-in user's own bookings in the partnership, with which stages are done."""
    done = {
        f"has_{stage}": Exists(Evaluation.objects.filter(booking=OuterRef("pk"), stage=stage))
        for stage in EvaluationStage.values
    }
    rows = Booking.objects.filter(
        session__course__partnership=scope.partnership, delegate__user=scope.user
    )
    return rows.annotate(**done).select_related("session__course__partnership")


def evaluations_to_do(scope: Scope, now: dt.datetime, soon: dt.datetime) -> list[Booking]:
    """Bookings with an evaluation to do: before a course starting by `soon` whose place is
    held; after a course attended; the follow-up once the after-course one is done."""
    rows = _own_bookings_with_stages(scope).filter(session__cancelled_on__isnull=True)
    before = Q(
        status__in=HOLDS_PLACE,
        has_pre=False,
        session__starts_at__lte=soon,
        session__ends_at__gt=now,
    )
    after = Q(attendance=Attendance.ATTENDED, has_post=False, session__ends_at__lte=now)
    follow_up = Q(attendance=Attendance.ATTENDED, has_post=True, has_follow_up=False)
    return list(rows.filter(before | after | follow_up).order_by("session__starts_at", "pk"))


# Delegates


def delegate_agencies(scope: Scope) -> QuerySet[Agency]:
    """The agencies whose delegates the scope keeps: all serving the partnership for managers,
    their own for an agency lead."""
    agencies = current_agencies_serving(scope.partnership)
    if scope.has_any(policies.MANAGERS):
        return agencies
    return agencies.filter(pk__in=scope.agency_ids)


def filter_agencies(scope: Scope) -> QuerySet[Agency]:
    """Agencies to filter the staff list by: every agency serving (retired too) for those who
    read all, an agency lead's own."""
    agencies = Agency.objects.filter(memberships__partnership=scope.partnership).order_by("name")
    if scope.has_any(policies.READ_ALL):
        return agencies
    return agencies.filter(pk__in=scope.agency_ids)


def agencies_and(rows: QuerySet[Agency], pk: int | None) -> QuerySet[Agency]:
    """The agencies offered, and the one a record already names (retired or not)."""
    return Agency.objects.filter(Q(pk__in=rows.values("pk")) | Q(pk=pk)).order_by("name")


@dataclass(frozen=True)
class DelegateFilters:
    name: str = ""
    agency: Agency | None = None
    job_role: str = ""
    left: bool = False


def delegate_list(scope: Scope, filters: DelegateFilters) -> QuerySet[Delegate]:
    rows = policies.delegates.visible(scope).select_related("agency")
    if filters.name:
        rows = rows.filter(Q(name__icontains=filters.name) | Q(email__icontains=filters.name))
    if filters.agency is not None:
        rows = rows.filter(agency=filters.agency)
    if filters.job_role:
        rows = rows.filter(job_role__icontains=filters.job_role)
    if not filters.left:
        rows = rows.filter(Q(left_on__isnull=True) | Q(left_on__gt=timezone.localdate()))
    return rows.order_by("name", "pk")


# Webinar weeks, commissioned training, requirements


def webinar_weeks(scope: Scope) -> QuerySet[WebinarWeek]:
    return policies.webinar_weeks.visible(scope).prefetch_related("themes")


def commissioned_list(scope: Scope) -> QuerySet[CommissionedTraining]:
    attendance = CommissionedAttendance.objects.select_related("agency")
    rows = policies.commissioned.visible(scope).select_related("course")
    rows = rows.annotate(total=Sum("attendance__attendees"))
    return rows.prefetch_related(Prefetch("attendance", queryset=attendance))


def commissioned_agencies(scope: Scope, commissioned: CommissionedTraining | None) -> list[Agency]:
    """An attendees box for each agency serving the partnership, and for any agency the
    commission already counts (a retired one keeps its number)."""
    serving = list(current_agencies_serving(scope.partnership))
    if commissioned is None:
        return serving
    counted = [row.agency for row in commissioned.attendance.select_related("agency")]
    extra = [agency for agency in counted if agency not in serving]
    return sorted([*serving, *extra], key=lambda agency: agency.name)


def commissioned_initial(commissioned: CommissionedTraining) -> dict[str, object]:
    initial: dict[str, object] = {
        "course": commissioned.course,
        "provider": commissioned.provider,
        "audience": commissioned.audience,
        "delivered_on": commissioned.delivered_on,
    }
    for row in commissioned.attendance.all():
        initial[f"attendees_{row.agency_id}"] = row.attendees
    return initial


def requirement_list(scope: Scope) -> QuerySet[Requirement]:
    rows = policies.requirements.visible(scope).select_related("agency", "course")
    return rows.order_by("job_role", "course__title", "pk")


# Compliance, shaped for its pages from `training.figures.compliance_rows`


@dataclass
class CourseCompliance:
    """One course an agency's people must have, and how many of them are in each state."""

    course: str
    counts: Counter[str]

    def count(self, state: str) -> int:
        return self.counts[state]

    @property
    def in_date(self) -> int:
        return self.counts[ComplianceState.IN_DATE]

    @property
    def expiring(self) -> int:
        return self.counts[ComplianceState.EXPIRING]

    @property
    def expired(self) -> int:
        return self.counts[ComplianceState.EXPIRED]

    @property
    def never_trained(self) -> int:
        return self.counts[ComplianceState.NEVER_TRAINED]

    @property
    def required(self) -> int:
        return sum(self.counts.values())


@dataclass
class AgencyComplianceRows:
    agency: Agency | None
    name: str
    total: CourseCompliance
    courses: list[CourseCompliance]


def compliance_rows_for(
    scope: Scope, on: dt.date, agencies: Iterable[Agency]
) -> list[ComplianceRow]:
    """The figures' compliance rows the scope reads: every agency's, or an agency lead's own."""
    if scope.has_any(policies.READ_ALL):
        return figures.compliance_rows(partnership=scope.partnership, on=on)
    return [
        row
        for agency in agencies
        for row in figures.compliance_rows(partnership=scope.partnership, on=on, agency=agency)
    ]


def compliance_by_agency(
    rows: Iterable[ComplianceRow], agencies: Iterable[Agency]
) -> list[AgencyComplianceRows]:
    """Each agency's required courses with their delegates by state, and its total, from the
    figures' rows (sorted by agency and course); `agencies` link each name to its agency."""
    known = {agency.name: agency for agency in agencies}
    grouped: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    for row in rows:
        grouped[row.agency][row.course][row.state] += 1
    result = []
    for name, courses in grouped.items():
        lines = [CourseCompliance(course, counts) for course, counts in sorted(courses.items())]
        total = CourseCompliance("Every course", sum((c.counts for c in lines), Counter()))
        result.append(AgencyComplianceRows(known.get(name), name, total, lines))
    return result


def gain_rows(table: GainTable) -> list[tuple[str, Gain | None]]:
    """A learning gain table's groups (one grouping) by name, for a page."""
    return sorted(((key[0], gain) for key, gain in table.groups.items()), key=lambda row: row[0])
