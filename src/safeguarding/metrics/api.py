"""GET /api/metrics/series/: one metric's figures for a partnership over some reporting years.

The same `series` call as the dashboards and the report; with `published=true` the counts pass
through disclosure control, as they would in the published report.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.viewsets import ViewSet

from safeguarding.accounts.scope import scope_for_slug
from safeguarding.api.errors import error_responses
from safeguarding.core.years import ReportingYear
from safeguarding.metrics import policies, registry
from safeguarding.metrics.disclosure import threshold_of
from safeguarding.metrics.presenting import series_as_json
from safeguarding.metrics.selectors import series

if TYPE_CHECKING:
    from safeguarding.accounts.models import User


class SeriesQuerySerializer(serializers.Serializer):
    partnership = serializers.SlugField(help_text="The partnership's short name.")
    metric = serializers.CharField(help_text="The metric's code, like governance.attendance_rate.")
    years = serializers.CharField(help_text="Reporting years, comma-separated: 2019-20,2023-24.")
    breakdown = serializers.CharField(required=False, help_text="A breakdown the metric supports.")
    published = serializers.BooleanField(
        required=False, default=False, help_text="Apply disclosure control, as published."
    )

    def validate_metric(self, code: str) -> registry.Metric:
        if not registry.is_registered(code):
            raise serializers.ValidationError(f"There is no metric with the code “{code}”.")
        return registry.get(code)

    def validate_years(self, labels: str) -> list[ReportingYear]:
        try:
            years = [ReportingYear.from_label(label) for label in labels.split(",")]
        except ValueError as error:
            raise serializers.ValidationError(str(error)) from None
        return sorted(set(years))

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        breakdown = attrs.get("breakdown")
        if not attrs["metric"].supports(breakdown):
            message = f"This metric cannot be broken down by “{breakdown}”."
            raise serializers.ValidationError({"breakdown": [message]})
        return attrs


class CellSerializer(serializers.Serializer):
    year = serializers.CharField()
    value = serializers.JSONField(help_text="A number, a string for decimals, the symbol, or null.")
    origin = serializers.CharField(allow_null=True, help_text="computed, entered, or null.")
    source = serializers.CharField(help_text="The entered value's source.")  # type: ignore[assignment]


class RowSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="The breakdown value; empty for the total.")
    label = serializers.CharField()  # type: ignore[assignment]
    cells = CellSerializer(many=True)


class ConflictSerializer(serializers.Serializer):
    year = serializers.CharField()
    key = serializers.CharField()
    computed = serializers.JSONField()
    entered = serializers.JSONField()
    source = serializers.CharField()  # type: ignore[assignment]


class SeriesSerializer(serializers.Serializer):
    metric = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    unit = serializers.CharField()
    partnership = serializers.CharField()
    breakdown = serializers.CharField(allow_null=True)
    published = serializers.BooleanField()
    years = serializers.ListField(child=serializers.CharField())
    rows = RowSerializer(many=True)
    conflicts = ConflictSerializer(many=True, help_text="Empty when published.")


class SeriesViewSet(ViewSet):
    """A metric's figures over reporting years: computed from the Hub's records where it holds
    them, else the figures entered from past reports."""

    permission_classes = (IsAuthenticated,)
    metadata_class = None

    @extend_schema(
        parameters=[SeriesQuerySerializer],
        responses=error_responses({200: SeriesSerializer}, 400, 401, 404),
    )
    def list(self, request: Request) -> Response:
        query = SeriesQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        scope = scope_for_slug(cast("User", request.user), data["partnership"])
        policies.entered_values.require(scope, "view")
        result = series(
            data["metric"].code,
            partnership=scope.partnership,
            years=data["years"],
            breakdown=data.get("breakdown"),
        )
        restricted = not result.metric.true_values_for(frozenset(scope.roles))
        with threshold_of(scope.partnership):
            body = series_as_json(result, published=data["published"] or restricted)
        return Response({"partnership": scope.partnership.slug, **body})


def register(router: DefaultRouter) -> None:
    router.register("metrics/series", SeriesViewSet, basename="metric-series")
