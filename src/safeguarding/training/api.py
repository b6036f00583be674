"""Training over the API (docs/api.md, "Training"): the catalogue, sessions with their places,
booking and cancelling a place, your bookings and their evaluations, learning gain, webinar
weeks, commissioned training, requirements and delegates.

Reads go through the training policies, writes through the same services as the pages, so the
same rules and audit entries apply. Every member reads the catalogue and books; a practitioner
sees and changes only their own bookings; an agency lead sees their agency's bookings and keeps
its delegates; the executive and the scrutineer read; another partnership's rows answer 404.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.viewsets import ViewSet

from safeguarding.accounts.policy_base import VIEW
from safeguarding.accounts.scope import Scope, scope_for_slug
from safeguarding.api.base import PARTNERSHIP_QUERY, ScopedViewSet
from safeguarding.api.errors import error_responses
from safeguarding.core.models import Agency
from safeguarding.core.years import ReportingYear
from safeguarding.training import figures, policies, selectors, services
from safeguarding.training.models import (
    Booking,
    CommissionedTraining,
    Course,
    Delegate,
    Question,
    Requirement,
    Session,
    WebinarWeek,
)
from safeguarding.training.serializers import (
    BookingFilterSerializer,
    BookingSerializer,
    BookSerializer,
    CommissionedTrainingSerializer,
    CourseFilterSerializer,
    CourseSerializer,
    DelegateChangeSerializer,
    DelegateCreateSerializer,
    DelegateFilterSerializer,
    DelegateSerializer,
    EvaluateSerializer,
    EvaluationSerializer,
    LearningGainQuerySerializer,
    LearningGainSerializer,
    RequirementSerializer,
    SessionFilterSerializer,
    SessionSerializer,
    WebinarWeekSerializer,
)

if TYPE_CHECKING:
    from safeguarding.accounts.models import User


def _bad(field: str, message: str) -> serializers.ValidationError:
    return serializers.ValidationError({field: [message]})


def _agency_of(scope: Scope, pk: int) -> Agency:
    agency = Agency.objects.filter(pk=pk, memberships__partnership=scope.partnership).first()
    if agency is None:
        raise _bad("agency", "Choose an agency serving this partnership, by its id.")
    return agency


class TrainingViewSet(ScopedViewSet):
    """What every training endpoint shares: 403 for roles the policy gives no read (as the
    pages do), lists shown through `output`, one page at a time."""

    output: type[serializers.Serializer]

    def get_queryset(self) -> QuerySet[Any]:
        fake = getattr(self, "swagger_fake_view", False)
        if not fake and self.scopes and not any(self.policy.can(s, VIEW) for s in self.scopes):
            raise PermissionDenied("You may not view this.")
        return super().get_queryset()

    def get_object(self) -> Any:
        self.policy.require(self.scope, VIEW)
        return super().get_object()

    def page(self, rows: QuerySet[Any]) -> Response:
        return self.get_paginated_response(
            self.output(self.paginate_queryset(rows), many=True).data
        )

    def retrieve(self, request: Request, pk: int) -> Response:
        return Response(self.output(self.get_object()).data)


def _reads(output: type[serializers.Serializer], filters: Any = None) -> dict[str, Any]:
    return {
        "list": extend_schema(
            parameters=[PARTNERSHIP_QUERY, *([filters] if filters else [])],
            responses=error_responses({200: output(many=True)}, 400, 401, 403, 404),
        ),
        "retrieve": extend_schema(
            parameters=[PARTNERSHIP_QUERY],
            responses=error_responses({200: output}, 401, 403, 404),
        ),
    }


def _step(request: Any, output: type[serializers.Serializer], operation_id: str) -> Any:
    return extend_schema(
        operation_id=operation_id,
        parameters=[PARTNERSHIP_QUERY],
        request=request,
        responses=error_responses({201: output}, 400, 401, 403, 404),
    )


# The catalogue


@extend_schema_view(**_reads(CourseSerializer, CourseFilterSerializer))
class CourseViewSet(TrainingViewSet):
    """The course catalogue, each course with its current self-rating questions."""

    policy = policies.courses
    queryset = Course.objects.none()
    serializer_class = output = CourseSerializer

    def with_related(self, rows: QuerySet[Any]) -> QuerySet[Any]:
        asked = Question.objects.current().order_by("position", "pk")
        return rows.select_related("partnership").prefetch_related(
            "themes", Prefetch("questions", queryset=asked, to_attr="current_questions")
        )

    def list(self, request: Request) -> Response:
        """Courses by title: current ones unless `include_retired=true`."""
        filters = self.validated(CourseFilterSerializer, request.query_params)
        rows = self.get_queryset()
        if not filters["include_retired"]:
            rows = rows.filter(pk__in=Course.objects.current().values("pk"))
        if filters.get("level"):
            rows = rows.filter(level=filters["level"])
        return self.page(rows.order_by("title", "pk"))


@extend_schema_view(
    **_reads(SessionSerializer, SessionFilterSerializer),
    book=_step(BookSerializer, BookingSerializer, "training_sessions_book"),
)
class SessionViewSet(TrainingViewSet):
    """Sessions with their places left and waiting list; book one for yourself."""

    policy = policies.sessions
    queryset = Session.objects.none()
    serializer_class = output = SessionSerializer
    partnership_path = "course__partnership"

    def with_related(self, rows: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.with_places(rows.select_related("course"))

    def list(self, request: Request) -> Response:
        """Sessions, soonest first; `upcoming=true` for those not yet started nor cancelled."""
        filters = self.validated(SessionFilterSerializer, request.query_params)
        rows = self.get_queryset()
        if filters.get("course") is not None:
            rows = rows.filter(course_id=filters["course"])
        if filters["upcoming"]:
            rows = rows.filter(starts_at__gt=timezone.now(), cancelled_on__isnull=True)
        return self.page(rows.order_by("starts_at", "pk"))

    @action(detail=True, methods=["post"])
    def book(self, request: Request, pk: int) -> Response:
        """Book a place for yourself: a place, or the waiting list when the session is full
        (awaiting your manager's approval on a course that needs it)."""
        session = self.get_object()
        data = self.validated(BookSerializer)
        agency = _agency_of(self.scope, data["agency"]) if "agency" in data else None
        with transaction.atomic():  # a refused booking leaves no new delegate behind
            delegate = services.delegate_for_user(
                actor=self.user,
                partnership=self.scope.partnership,
                user=self.user,
                agency=agency,
                job_role=data.get("job_role"),
            )
            booking = services.booking_request(actor=self.user, session=session, delegate=delegate)
        shown = _bookings(policies.bookings.visible(self.scope)).get(pk=booking.pk)
        return Response(BookingSerializer(shown).data, status=status.HTTP_201_CREATED)


# Bookings and evaluations


def _bookings(rows: QuerySet[Booking]) -> QuerySet[Booking]:
    return rows.select_related("session__course", "delegate", "agency").prefetch_related(
        "evaluations"
    )


@extend_schema_view(
    **_reads(BookingSerializer, BookingFilterSerializer),
    cancel=extend_schema(
        operation_id="bookings_cancel",
        parameters=[PARTNERSHIP_QUERY],
        request=None,
        responses=error_responses({200: BookingSerializer}, 400, 401, 403, 404),
    ),
    evaluate=_step(EvaluateSerializer, EvaluationSerializer, "bookings_evaluate"),
)
class BookingViewSet(TrainingViewSet):
    """Bookings: your own; an agency lead's agency's; every one for the business unit."""

    policy = policies.bookings
    queryset = Booking.objects.none()
    serializer_class = output = BookingSerializer
    partnership_path = "session__course__partnership"

    def with_related(self, rows: QuerySet[Any]) -> QuerySet[Any]:
        return _bookings(rows)

    def list(self, request: Request) -> Response:
        """Bookings, latest session first; `mine=true` for only your own."""
        filters = self.validated(BookingFilterSerializer, request.query_params)
        rows = self.get_queryset()
        if filters["mine"]:
            rows = rows.filter(delegate__user=self.user)
        if filters.get("session") is not None:
            rows = rows.filter(session_id=filters["session"])
        if filters.get("status"):
            rows = rows.filter(status=filters["status"])
        return self.page(rows.order_by("-session__starts_at", "delegate__name", "pk"))

    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: int) -> Response:
        """Cancel a booking: after the cut-off it is a late cancellation; the place goes to the
        first delegate waiting."""
        booking = self.get_object()
        services.booking_cancel(actor=self.user, booking=booking)
        return Response(BookingSerializer(self.reread(booking)).data)

    @action(detail=True, methods=["post"])
    def evaluate(self, request: Request, pk: int) -> Response:
        """Complete your evaluation: before or after the course (a rating for each current
        question, by its id), or the follow-up survey."""
        booking = self.get_object()
        data = self.validated(EvaluateSerializer)
        common = {"actor": self.user, "booking": booking, "feedback": data["feedback"]}
        common["consent_to_quote"] = data["consent_to_quote"]
        if data["stage"] == "follow_up":
            practice = data.get("practice_changed", "")
            evaluation = services.follow_up_submit(practice_changed=practice, **common)
        else:
            evaluation = services.evaluation_submit(
                stage=data["stage"], ratings=data["ratings"], **common
            )
        return Response(EvaluationSerializer(evaluation).data, status=status.HTTP_201_CREATED)


# Records kept by the business unit


@extend_schema_view(**_reads(WebinarWeekSerializer))
class WebinarWeekViewSet(TrainingViewSet):
    """Themed weeks of webinars, the latest first: live attendees and recording views."""

    policy = policies.webinar_weeks
    queryset = WebinarWeek.objects.none()
    serializer_class = output = WebinarWeekSerializer

    def with_related(self, rows: QuerySet[Any]) -> QuerySet[Any]:
        return rows.select_related("partnership").prefetch_related("themes")

    def list(self, request: Request) -> Response:
        return self.page(self.get_queryset().order_by("-starts_on", "title", "pk"))


@extend_schema_view(**_reads(CommissionedTrainingSerializer))
class CommissionedTrainingViewSet(TrainingViewSet):
    """Training commissioned from providers, the latest first, with attendees by agency."""

    policy = policies.commissioned
    queryset = CommissionedTraining.objects.none()
    serializer_class = output = CommissionedTrainingSerializer
    partnership_path = "course__partnership"

    def with_related(self, rows: QuerySet[Any]) -> QuerySet[Any]:
        return rows.select_related("course").prefetch_related("attendance__agency")

    def list(self, request: Request) -> Response:
        return self.page(self.get_queryset().order_by("-delivered_on", "pk"))


@extend_schema_view(**_reads(RequirementSerializer))
class RequirementViewSet(TrainingViewSet):
    """The courses each agency's job roles must have, and how often they are renewed."""

    policy = policies.requirements
    queryset = Requirement.objects.none()
    serializer_class = output = RequirementSerializer

    def with_related(self, rows: QuerySet[Any]) -> QuerySet[Any]:
        return rows.select_related("agency", "course")

    def list(self, request: Request) -> Response:
        return self.page(self.get_queryset().order_by("job_role", "course__title", "pk"))


# Delegates


@extend_schema_view(
    **_reads(DelegateSerializer, DelegateFilterSerializer),
    create=extend_schema(
        request=DelegateCreateSerializer,
        responses=error_responses({201: DelegateSerializer}, 400, 401, 403),
    ),
    partial_update=extend_schema(
        parameters=[PARTNERSHIP_QUERY],
        request=DelegateChangeSerializer,
        responses=error_responses({200: DelegateSerializer}, 400, 401, 403, 404),
    ),
)
class DelegateViewSet(TrainingViewSet):
    """The people who train: managers keep every agency's, an agency lead their own agency's."""

    policy = policies.delegates
    queryset = Delegate.objects.none()
    serializer_class = output = DelegateSerializer

    def with_related(self, rows: QuerySet[Any]) -> QuerySet[Any]:
        return rows.select_related("partnership", "agency")

    def list(self, request: Request) -> Response:
        """Delegates by name."""
        filters = self.validated(DelegateFilterSerializer, request.query_params)
        rows = self.get_queryset()
        if filters.get("agency") is not None:
            rows = rows.filter(agency_id=filters["agency"])
        if filters.get("search"):
            text = filters["search"]
            rows = rows.filter(Q(name__icontains=text) | Q(email__icontains=text))
        return self.page(rows.order_by("name", "pk"))

    def _agency(self, pk: int) -> Agency:
        """An agency serving the partnership; for an agency lead, one of their own."""
        agency = _agency_of(self.scope, pk)
        if not self.scope.has_any(policies.MANAGERS) and agency.pk not in self.scope.agency_ids:
            raise _bad("agency", "Choose your own agency: you keep only its delegates.")
        return agency

    def create(self, request: Request) -> Response:
        """Add a delegate to the staff list of the partnership named in the body."""
        data = self.validated(DelegateCreateSerializer)
        del data["partnership"]
        data["agency"] = self._agency(data["agency"])
        delegate = services.delegate_create(
            actor=self.user, partnership=self.scope.partnership, **data
        )
        return Response(self.output(self.reread(delegate)).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: int) -> Response:
        """Change the fields given (`left_on`: they left the staff list)."""
        delegate = self.get_object()
        data = self.validated(DelegateChangeSerializer, partial=True)
        fields = ("name", "email", "job_role", "manager_email", "left_on")
        services.delegate_update(
            actor=self.user,
            delegate=delegate,
            agency=self._agency(data["agency"]) if "agency" in data else delegate.agency,
            **{field: data.get(field, getattr(delegate, field)) for field in fields},
        )
        return Response(self.output(self.reread(delegate)).data)


# Learning gain


class LearningGainViewSet(ViewSet):
    """Learning gain over matched pairs for a reporting year, in total and by course or agency:
    the same figures as the dashboard and the yearly report."""

    permission_classes = (IsAuthenticated,)
    metadata_class = None

    @extend_schema(
        parameters=[LearningGainQuerySerializer],
        responses=error_responses({200: LearningGainSerializer}, 400, 401, 403, 404),
    )
    def list(self, request: Request) -> Response:
        query = LearningGainQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        scope = scope_for_slug(cast("User", request.user), data["partnership"])
        if not scope.has_any(policies.FIGURE_READERS):
            raise PermissionDenied("You may not view the training figures.")
        year = _year(data.get("year"))
        by = [data["by"]] if data.get("by") else []
        table = figures.learning_gain(
            partnership=scope.partnership,
            year=year,
            courses=[_course_of(scope, data["course"])] if "course" in data else [],
            agencies=[_agency_of(scope, data["agency"])] if "agency" in data else [],
            by=by,
        )
        groups = [{"key": list(key), "gain": gain} for key, gain in sorted(table.groups.items())]
        body: dict[str, Any] = {"partnership": scope.partnership.slug, "year": year.label}
        body |= {"by": by, "total": table.total, "groups": groups}
        return Response(LearningGainSerializer(body).data)


def _year(label: str | None) -> ReportingYear:
    if not label:
        return ReportingYear.current()
    try:
        return ReportingYear.from_label(label)
    except ValueError as error:
        raise _bad("year", str(error)) from None


def _course_of(scope: Scope, pk: int) -> Course:
    course = policies.courses.visible(scope).filter(pk=pk).first()
    if course is None:
        raise _bad("course", "Choose a course of this partnership, by its id.")
    return course


def register(router: DefaultRouter) -> None:
    router.register("courses", CourseViewSet)
    router.register("training-sessions", SessionViewSet)
    router.register("bookings", BookingViewSet)
    router.register("delegates", DelegateViewSet)
    router.register("webinar-weeks", WebinarWeekViewSet)
    router.register("commissioned-training", CommissionedTrainingViewSet)
    router.register("training-requirements", RequirementViewSet)
    router.register("learning-gain", LearningGainViewSet, basename="learning-gain")
