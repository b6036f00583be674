"""Training records over the API (docs/api.md, "Training"), registered by `training.api`:
webinar weeks, commissioned training, requirements, the staff list of delegates and learning
gain. The same policies and services as the pages; see `training.api` for who sees what.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.db.models import Q, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.viewsets import ViewSet

from safeguarding.accounts.scope import Scope, scope_for_slug
from safeguarding.api.base import create_schema, list_schema, retrieve_schema, write_schema
from safeguarding.api.errors import error_responses
from safeguarding.core.models import Agency
from safeguarding.core.years import ReportingYear
from safeguarding.training import policies, services
from safeguarding.training.api import LIST_ERRORS, TrainingViewSet, agency_of, bad
from safeguarding.training.gain import learning_gain
from safeguarding.training.models import (
    CommissionedTraining,
    Course,
    Delegate,
    Requirement,
    WebinarWeek,
)
from safeguarding.training.serializers import (
    CommissionedTrainingSerializer,
    DelegateChangeSerializer,
    DelegateCreateSerializer,
    DelegateFilterSerializer,
    DelegateSerializer,
    LearningGainQuerySerializer,
    LearningGainSerializer,
    RequirementSerializer,
    WebinarWeekSerializer,
)

if TYPE_CHECKING:
    from safeguarding.accounts.models import User


# Records kept by the business unit


@extend_schema_view(
    list=list_schema(WebinarWeekSerializer, errors=LIST_ERRORS),
    retrieve=retrieve_schema(WebinarWeekSerializer),
)
class WebinarWeekViewSet(TrainingViewSet):
    """Themed weeks of webinars, the latest first: live attendees and recording views."""

    policy = policies.webinar_weeks
    queryset = WebinarWeek.objects.none()
    serializer_class = output = WebinarWeekSerializer

    def with_related(self, rows: QuerySet[Any]) -> QuerySet[Any]:
        return rows.select_related("partnership").prefetch_related("themes")

    def list(self, request: Request) -> Response:
        return self.page(self.get_queryset().order_by("-starts_on", "title", "pk"))


@extend_schema_view(
    list=list_schema(CommissionedTrainingSerializer, errors=LIST_ERRORS),
    retrieve=retrieve_schema(CommissionedTrainingSerializer),
)
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


@extend_schema_view(
    list=list_schema(RequirementSerializer, errors=LIST_ERRORS),
    retrieve=retrieve_schema(RequirementSerializer),
)
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
    list=list_schema(DelegateSerializer, DelegateFilterSerializer),
    retrieve=retrieve_schema(DelegateSerializer),
    create=create_schema(DelegateCreateSerializer, DelegateSerializer),
    partial_update=write_schema(DelegateChangeSerializer, DelegateSerializer),
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
        agency = agency_of(self.scope, pk)
        if not self.scope.has_any(policies.MANAGERS) and agency.pk not in self.scope.agency_ids:
            raise bad("agency", "Choose your own agency: you keep only its delegates.")
        return agency

    def create(self, request: Request) -> Response:
        """Add a delegate to the staff list of the partnership named in the body."""
        data = self.validated(DelegateCreateSerializer)
        del data["partnership"]
        data["agency"] = self._agency(data["agency"])
        delegate = services.delegate_create(
            actor=self.user, partnership=self.scope.partnership, **data
        )
        return self.created(delegate)

    def partial_update(self, request: Request, pk: int) -> Response:
        """Change the fields given (`left_on`: they left the staff list)."""
        return self.write(DelegateChangeSerializer, self._update, partial=True)

    def _update(self, delegate: Delegate, data: dict[str, Any]) -> None:
        fields = ("name", "email", "job_role", "manager_email", "left_on")
        services.delegate_update(
            actor=self.user,
            delegate=delegate,
            agency=self._agency(data["agency"]) if "agency" in data else delegate.agency,
            **{field: data.get(field, getattr(delegate, field)) for field in fields},
        )


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
        policies.require_figures(scope)
        year = _year(data.get("year"))
        by = [data["by"]] if data.get("by") else []
        table = learning_gain(
            partnership=scope.partnership,
            year=year,
            courses=[_course_of(scope, data["course"])] if "course" in data else [],
            agencies=[agency_of(scope, data["agency"])] if "agency" in data else [],
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
        raise bad("year", str(error)) from None


def _course_of(scope: Scope, pk: int) -> Course:
    course = policies.courses.visible(scope).filter(pk=pk).first()
    if course is None:
        raise bad("course", "Choose a course of this partnership, by its id.")
    return course
