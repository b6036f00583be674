"""Partnerships and agencies over the API: the pattern each app's api.py follows.

Input and output serializers are separate. Reads go through the policy (`ScopedViewSet`),
writes through the same services as the web; a service's ValidationError is a 400 by field.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.viewsets import GenericViewSet

from safeguarding.accounts.scope import scope_for_slug
from safeguarding.api.base import PARTNERSHIP_QUERY, ScopedViewSet
from safeguarding.api.errors import error_responses
from safeguarding.core import policies, selectors, services
from safeguarding.core.models import Agency, AgencyPartnership, Designation, Partnership, Sector

if TYPE_CHECKING:
    from safeguarding.accounts.models import User

# Output


class PartnershipSerializer(serializers.ModelSerializer):
    local_authority_areas = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Partnership
        fields = ["slug", "name", "local_authority_areas"]
        read_only_fields = fields


class AgencyLinkSerializer(serializers.ModelSerializer):
    """An agency's place in one partnership."""

    partnership: serializers.SlugRelatedField[Partnership] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )

    class Meta:
        model = AgencyPartnership
        fields = ["partnership", "designation"]
        read_only_fields = fields


class AgencySerializer(serializers.ModelSerializer):
    partnerships = AgencyLinkSerializer(
        source="links_in_scope",
        many=True,
        read_only=True,
        help_text="Its designation in each partnership the request covers.",
    )

    class Meta:
        model = Agency
        fields = ["id", "name", "short_name", "sector", "website", "retired_on", "partnerships"]
        read_only_fields = fields


# Input


class AgencyChangeSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    short_name = serializers.CharField(max_length=60, required=False, allow_blank=True)
    sector = serializers.ChoiceField(choices=Sector.choices)
    designation = serializers.ChoiceField(
        choices=Designation.choices, help_text="Its designation in this partnership."
    )
    website = serializers.URLField(required=False, allow_blank=True)


class AgencyCreateSerializer(AgencyChangeSerializer):
    partnership = serializers.SlugField(help_text="The partnership's short name.")


class AgencyLinkCreateSerializer(serializers.Serializer):
    partnership = serializers.SlugField(help_text="The partnership's short name.")
    agency = serializers.IntegerField(help_text="An agency in the Hub not yet serving it.")
    designation = serializers.ChoiceField(
        choices=Designation.choices, help_text="Its designation in this partnership."
    )


class AgencyFilterSerializer(serializers.Serializer):
    search = serializers.CharField(required=False, help_text="Part of the name or short name.")
    sector = serializers.ChoiceField(choices=Sector.choices, required=False)
    include_retired = serializers.BooleanField(required=False, default=False)


class RetireSerializer(serializers.Serializer):
    retired_on = serializers.DateField(help_text="The date it stopped being used (YYYY-MM-DD).")


# Endpoints

READ_ERRORS = (401, 404)


@extend_schema_view(
    list=extend_schema(responses=error_responses({200: PartnershipSerializer(many=True)}, 401)),
    retrieve=extend_schema(responses=error_responses({200: PartnershipSerializer}, *READ_ERRORS)),
)
class PartnershipViewSet(GenericViewSet):
    """The partnerships you belong to. The partnership is the scope itself, so membership is
    the whole rule: another partnership answers 404."""

    queryset = Partnership.objects.none()
    serializer_class = PartnershipSerializer
    permission_classes = (IsAuthenticated,)
    lookup_field = "slug"
    lookup_value_converter = "slug"
    metadata_class = None

    def list(self, request: Request) -> Response:
        """The partnerships where you hold an active role."""
        rows = self.paginate_queryset(selectors.partnerships_for_user(cast("User", request.user)))
        return self.get_paginated_response(PartnershipSerializer(rows, many=True).data)

    def retrieve(self, request: Request, slug: str) -> Response:
        """One of your partnerships, by its short name."""
        scope = scope_for_slug(cast("User", request.user), slug)
        return Response(PartnershipSerializer(scope.partnership).data)


@extend_schema_view(
    list=extend_schema(
        parameters=[PARTNERSHIP_QUERY, AgencyFilterSerializer],
        responses=error_responses({200: AgencySerializer(many=True)}, 400, *READ_ERRORS),
    ),
    retrieve=extend_schema(
        parameters=[PARTNERSHIP_QUERY],
        responses=error_responses({200: AgencySerializer}, *READ_ERRORS),
    ),
    create=extend_schema(
        request=AgencyCreateSerializer,
        responses=error_responses({201: AgencySerializer}, 400, 401, 403),
    ),
    partial_update=extend_schema(
        parameters=[PARTNERSHIP_QUERY],
        request=AgencyChangeSerializer,
        responses=error_responses({200: AgencySerializer}, 400, 401, 403, 404),
    ),
    link=extend_schema(
        operation_id="agencies_link",
        request=AgencyLinkCreateSerializer,
        responses=error_responses({201: AgencySerializer}, 400, 401, 403),
    ),
    retire=extend_schema(
        operation_id="agencies_retire",
        parameters=[PARTNERSHIP_QUERY],
        request=RetireSerializer,
        responses=error_responses({200: AgencySerializer}, 400, 401, 403, 404),
    ),
)
class AgencyViewSet(ScopedViewSet):
    """The agency directory: every member reads it; the business unit keeps it.

    Agencies are retired, never deleted, so past reports stay true (no DELETE).
    """

    policy = policies.agencies
    queryset = Agency.objects.none()
    serializer_class = AgencySerializer
    partnership_path = "partnerships"

    def with_related(self, rows: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.agencies_with_links(rows, [scope.partnership for scope in self.scopes])

    def list(self, request: Request) -> Response:
        """Agencies serving the partnership named, or each of yours; current ones unless asked."""
        filters = self.validated(AgencyFilterSerializer, request.query_params)
        page = self.paginate_queryset(selectors.agencies_filtered(self.get_queryset(), **filters))
        return self.get_paginated_response(AgencySerializer(page, many=True).data)

    def retrieve(self, request: Request, pk: int) -> Response:
        """One agency, with its designation in the partnership."""
        return Response(AgencySerializer(self.get_object()).data)

    def create(self, request: Request) -> Response:
        """Add an agency to the Hub, serving the partnership named in the body."""
        data = self.validated(AgencyCreateSerializer)
        del data["partnership"]
        agency = services.agency_create(actor=self.user, partnership=self.scope.partnership, **data)
        return Response(AgencySerializer(self.reread(agency)).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: int) -> Response:
        """Change the fields given, and nothing else."""
        agency = self.get_object()
        data = self.validated(AgencyChangeSerializer, partial=True)
        services.agency_update(
            actor=self.user, partnership=self.scope.partnership, agency=agency, data=data
        )
        return Response(AgencySerializer(self.reread(agency)).data)

    @action(detail=False, methods=["post"])
    def link(self, request: Request) -> Response:
        """Record that an agency already in the Hub (serving elsewhere) serves this one too."""
        data = self.validated(AgencyLinkCreateSerializer)
        partnership = self.scope.partnership
        agency = selectors.agencies_not_serving(partnership).filter(pk=data["agency"]).first()
        if agency is None:
            message = "Choose an agency in the Hub that does not yet serve this partnership."
            raise serializers.ValidationError({"agency": [message]})
        services.agency_link(
            actor=self.user, partnership=partnership, agency=agency, designation=data["designation"]
        )
        return Response(AgencySerializer(self.reread(agency)).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def retire(self, request: Request, pk: int) -> Response:
        """Retire the agency from a date. Past records still name it; it cannot be undone here."""
        agency = self.get_object()
        data = self.validated(RetireSerializer)
        services.agency_retire(
            actor=self.user,
            partnership=self.scope.partnership,
            agency=agency,
            retired_on=data["retired_on"],
        )
        return Response(AgencySerializer(self.reread(agency)).data)


def register(router: DefaultRouter) -> None:
    router.register("partnerships", PartnershipViewSet)
    router.register("agencies", AgencyViewSet)
