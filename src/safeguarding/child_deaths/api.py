"""The child death register over the API (docs/api.md, "Child deaths"): `/api/child-deaths/`,
list (`?partnership=`), retrieve, create, partial update and the panel's `review`.

Reads go through `child_deaths.policies`, writes through `child_deaths.services`, so the same
rules and audit entries apply as on the pages. Restricted: every address answers 404 (never 403)
to a member without the CDOP role in the partnership asked about, as the pages do; every list
and every retrieve is written to the audit log.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from safeguarding.accounts.policy_base import VIEW
from safeguarding.api.base import PARTNERSHIP_QUERY, ScopedViewSet
from safeguarding.api.errors import error_responses
from safeguarding.child_deaths import policies, services
from safeguarding.child_deaths.models import ChildDeath
from safeguarding.child_deaths.serializers import (
    ChildDeathChangeSerializer,
    ChildDeathCreateSerializer,
    ChildDeathSerializer,
    ReviewSerializer,
)
from safeguarding.core.models import Footprint

NOT_FOUND = "Not found."


def _panel(slug: str) -> Footprint:
    """The panel (a footprint) by its short name; a 400 naming `panel` when there is none (the
    service says whether it serves the partnership)."""
    panel = Footprint.objects.filter(slug=slug).first()
    if panel is None:
        message = f"There is no panel with the short name “{slug}”."
        raise serializers.ValidationError({"panel": [message]})
    return panel


def _with_panel(data: dict[str, Any]) -> dict[str, Any]:
    if "panel" in data:
        data["panel"] = _panel(data["panel"])
    return data


def _write(
    request: type[serializers.Serializer], code: int = 200, operation_id: str | None = None
) -> Any:
    return extend_schema(
        operation_id=operation_id,
        parameters=[] if code == 201 else [PARTNERSHIP_QUERY],
        request=request,
        responses=error_responses({code: ChildDeathSerializer}, 400, 401, 403, 404),
    )


@extend_schema_view(
    list=extend_schema(
        parameters=[PARTNERSHIP_QUERY],
        responses=error_responses({200: ChildDeathSerializer(many=True)}, 401, 403, 404),
    ),
    retrieve=extend_schema(
        parameters=[PARTNERSHIP_QUERY],
        responses=error_responses({200: ChildDeathSerializer}, 401, 403, 404),
    ),
    create=_write(ChildDeathCreateSerializer, 201),
    partial_update=_write(ChildDeathChangeSerializer),
    review=_write(ReviewSerializer, operation_id="child_deaths_review"),
)
class ChildDeathViewSet(ScopedViewSet):
    """Deaths of children who lived in the partnership, from notification to the panel's review.
    The CDOP role only: anyone else gets 404."""

    policy = policies.child_deaths
    queryset = ChildDeath.objects.none()
    serializer_class = ChildDeathSerializer

    def check_permissions(self, request: Request) -> None:
        """A list or a create in partnerships where the member has no CDOP role does not exist
        (404, before the 403 a create would otherwise get); one record is 404 by its policy."""
        fake = getattr(self, "swagger_fake_view", False)
        asked = request.user.is_authenticated and not fake and not self.detail
        if asked and not any(self.policy.can(scope, VIEW) for scope in self.scopes):
            raise Http404(NOT_FOUND)
        super().check_permissions(request)

    def with_related(self, rows: QuerySet[Any]) -> QuerySet[Any]:
        return rows.select_related("partnership", "panel")

    def list(self, request: Request) -> Response:
        """The deaths, newest notification first; the read is audited in each partnership."""
        rows = self.get_queryset().order_by("-notified_on", "case_code", "pk")
        page = self.paginate_queryset(rows)
        counts = dict(rows.values_list("partnership").annotate(n=Count("pk")).order_by())
        for scope in self.scopes:
            if self.policy.can(scope, VIEW):
                services.child_deaths_list_read(
                    actor=self.user,
                    partnership=scope.partnership,
                    rows=counts.get(scope.partnership.pk, 0),
                    filters={"api": request.query_params.get("page", "1")},
                )
        return self.get_paginated_response(ChildDeathSerializer(page, many=True).data)

    def retrieve(self, request: Request, pk: int) -> Response:
        """One death; the read is audited."""
        death = self.get_object()
        services.child_death_read(actor=self.user, death=death)
        return Response(ChildDeathSerializer(death).data)

    def create(self, request: Request) -> Response:
        """Record a death notified to the panel, in the partnership named in the body."""
        data = _with_panel(self.validated(ChildDeathCreateSerializer))
        del data["partnership"]
        death = services.child_death_create(
            actor=self.user, partnership=self.scope.partnership, **data
        )
        return self.shown(death, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: int) -> Response:
        """Correct what was recorded at notification: the fields given only."""
        death = self.get_object()
        data = _with_panel(self.validated(ChildDeathChangeSerializer, partial=True))
        services.child_death_update(actor=self.user, death=death, data=data)
        return self.shown(death)

    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: int) -> Response:
        """Record the review meeting and the panel's review (complete or in progress)."""
        death = self.get_object()
        data = self.validated(ReviewSerializer)
        services.child_death_review_record(actor=self.user, death=death, **data)
        return self.shown(death)

    def shown(self, death: ChildDeath, code: int = status.HTTP_200_OK) -> Response:
        return Response(ChildDeathSerializer(self.reread(death)).data, status=code)


def register(router: DefaultRouter) -> None:
    router.register("child-deaths", ChildDeathViewSet)
