"""Training over the API (docs/api.md, "Training"): the catalogue, sessions with their places,
booking and cancelling a place, your bookings and their evaluations here; learning gain, webinar
weeks, commissioned training, requirements and delegates in `training.api_records`, on the
same `TrainingViewSet`.

Reads go through the training policies, writes through the same services as the pages, so the
same rules and audit entries apply. Every member reads the catalogue and books; a practitioner
sees and changes only their own bookings; an agency lead sees their agency's bookings and keeps
its delegates; the executive and the scrutineer read; another partnership's rows answer 404.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from safeguarding.accounts.policy_base import VIEW
from safeguarding.accounts.scope import Scope
from safeguarding.api.base import (
    PARTNERSHIP_QUERY,
    ListRetrieveViewSet,
    list_schema,
    retrieve_schema,
    write_schema,
)
from safeguarding.api.errors import error_responses
from safeguarding.core.models import Agency
from safeguarding.training import policies, selectors, services
from safeguarding.training.models import Booking, Course, Question, Session
from safeguarding.training.serializers import (
    BookingFilterSerializer,
    BookingSerializer,
    BookSerializer,
    CourseFilterSerializer,
    CourseSerializer,
    EvaluateSerializer,
    EvaluationSerializer,
    SessionFilterSerializer,
    SessionSerializer,
)


def bad(field: str, message: str) -> serializers.ValidationError:
    """A 400 naming the field."""
    return serializers.ValidationError({field: [message]})


def agency_of(scope: Scope, pk: int) -> Agency:
    """An agency serving the scope's partnership, by its id; else a 400 naming `agency`."""
    agency = Agency.objects.filter(pk=pk, memberships__partnership=scope.partnership).first()
    if agency is None:
        raise bad("agency", "Choose an agency serving this partnership, by its id.")
    return agency


class TrainingViewSet(ListRetrieveViewSet):
    """What every training endpoint shares: 403 for roles the policy gives no read (as the
    pages do), from a list and from a record alike, and lists shown a page at a time."""

    list_needs_read_role = True

    def get_object(self) -> Any:
        self.policy.require(self.scope, VIEW)
        return super().get_object()

    def page(self, rows: QuerySet[Any]) -> Response:
        return self.get_paginated_response(self.show(self.paginate_queryset(rows), many=True))


#: A training list documents a 400 even where it takes no filters (`list_schema(..., errors=)`).
LIST_ERRORS = (400, 401, 403, 404)


# The catalogue


@extend_schema_view(
    list=list_schema(CourseSerializer, CourseFilterSerializer),
    retrieve=retrieve_schema(CourseSerializer),
)
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
    list=list_schema(SessionSerializer, SessionFilterSerializer),
    retrieve=retrieve_schema(SessionSerializer),
    book=write_schema(BookSerializer, BookingSerializer, "training_sessions_book", 201),
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
        agency = agency_of(self.scope, data["agency"]) if "agency" in data else None
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
    list=list_schema(BookingSerializer, BookingFilterSerializer),
    retrieve=retrieve_schema(BookingSerializer),
    cancel=extend_schema(
        operation_id="bookings_cancel",
        parameters=[PARTNERSHIP_QUERY],
        request=None,
        responses=error_responses({200: BookingSerializer}, 400, 401, 403, 404),
    ),
    evaluate=write_schema(EvaluateSerializer, EvaluationSerializer, "bookings_evaluate", 201),
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
        return self.shown(booking)

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


def register(router: DefaultRouter) -> None:
    from safeguarding.training import api_records as records  # it builds on this module

    router.register("courses", CourseViewSet)
    router.register("training-sessions", SessionViewSet)
    router.register("bookings", BookingViewSet)
    router.register("delegates", records.DelegateViewSet)
    router.register("webinar-weeks", records.WebinarWeekViewSet)
    router.register("commissioned-training", records.CommissionedTrainingViewSet)
    router.register("training-requirements", records.RequirementViewSet)
    router.register("learning-gain", records.LearningGainViewSet, basename="learning-gain")
