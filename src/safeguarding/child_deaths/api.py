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
from drf_spectacular.utils import extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from safeguarding.accounts.policy_base import VIEW
from safeguarding.api.base import RecordViewSet, create_schema, read_schemas, write_schema
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


@extend_schema_view(
    **read_schemas(ChildDeathSerializer),
    # A create is also 404 where the member has no CDOP role (`check_permissions`).
    create=create_schema(
        ChildDeathCreateSerializer, ChildDeathSerializer, errors=(400, 401, 403, 404)
    ),
    partial_update=write_schema(ChildDeathChangeSerializer, ChildDeathSerializer),
    review=write_schema(ReviewSerializer, ChildDeathSerializer, "child_deaths_review"),
)
class ChildDeathViewSet(RecordViewSet):
    """Deaths of children who lived in the partnership, from notification to the panel's review.
    The CDOP role only: anyone else gets 404."""

    policy = policies.child_deaths
    queryset = ChildDeath.objects.none()
    serializer_class = output = ChildDeathSerializer

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
        return self.get_paginated_response(self.show(page, many=True))

    def retrieve(self, request: Request, pk: int) -> Response:
        """One death; the read is audited."""
        death = self.get_object()
        services.child_death_read(actor=self.user, death=death)
        return Response(self.show(death))

    def create(self, request: Request) -> Response:
        """Record a death notified to the panel, in the partnership named in the body."""
        data = _with_panel(self.validated(ChildDeathCreateSerializer))
        del data["partnership"]
        death = services.child_death_create(
            actor=self.user, partnership=self.scope.partnership, **data
        )
        return self.created(death)

    def partial_update(self, request: Request, pk: int) -> Response:
        """Correct what was recorded at notification: the fields given only."""
        return self.write(
            ChildDeathChangeSerializer,
            lambda death, data: services.child_death_update(
                actor=self.user, death=death, data=_with_panel(data)
            ),
            partial=True,
        )

    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: int) -> Response:
        """Record the review meeting and the panel's review (complete or in progress)."""
        return self.write(
            ReviewSerializer,
            lambda death, data: services.child_death_review_record(
                actor=self.user, death=death, **data
            ),
        )


def register(router: DefaultRouter) -> None:
    router.register("child-deaths", ChildDeathViewSet)
