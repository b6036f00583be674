"""The LADO register over the API (docs/api.md, "Allegations"; docs/allegations.md): list
(`?partnership=`), retrieve, create, partial update and the `conclude` action, listed in
api/registry.py.

Reads go through the allegations policy, writes through the same services as the pages, so the
same rules and audit entries apply. Restricted: anyone without the LADO role in the partnership
gets 404 from every endpoint (never 403: the register does not say it exists), and every read is
written to the audit log: a retrieve as a read of that allegation, a list page as a read of the
register naming each reference shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import Any, cast

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema_view
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView

from safeguarding.accounts.policy_base import VIEW
from safeguarding.accounts.scope import Scope
from safeguarding.allegations import policies, services
from safeguarding.allegations.models import Allegation
from safeguarding.allegations.serializers import (
    AllegationChangeSerializer,
    AllegationCreateSerializer,
    AllegationSerializer,
    ConcludeSerializer,
)
from safeguarding.api.base import (
    PolicyPermission,
    RecordViewSet,
    ScopedViewSet,
    create_schema,
    list_schema,
    retrieve_schema,
    write_schema,
)
from safeguarding.core.selectors import EffectiveTimescale, timescale_for

TIMESCALE = "lado_referral"
API_LIST = {"via": "api"}


class RegisterPermission(PolicyPermission):
    """Signed in; a write to the collection in a partnership where the member may not read the
    register is 404, as every other endpoint answers without the LADO role (not 403)."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        if not IsAuthenticated.has_permission(self, request, view):
            return False
        register = cast(ScopedViewSet, view)
        if register.writes_collection and not policies.allegations.can(register.scope, VIEW):
            raise Http404("Not found.")
        return super().has_permission(request, view)


#: The refusals each endpoint documents: 404, never 403, without the LADO role.
ERRORS = (401, 404)


@extend_schema_view(
    list=list_schema(AllegationSerializer, errors=(400, *ERRORS)),
    retrieve=retrieve_schema(AllegationSerializer, errors=ERRORS),
    create=create_schema(AllegationCreateSerializer, AllegationSerializer, errors=(400, *ERRORS)),
    partial_update=write_schema(
        AllegationChangeSerializer, AllegationSerializer, errors=(400, *ERRORS)
    ),
    conclude=write_schema(
        ConcludeSerializer, AllegationSerializer, "allegations_conclude", errors=(400, *ERRORS)
    ),
)
class AllegationViewSet(RecordViewSet):
    """The LADO register: allegations and concerns about people who work with children, each
    with its "LADO informed" clock. The LADO role only; 404 for anyone else."""

    policy = policies.allegations
    queryset = Allegation.objects.none()
    serializer_class = output = AllegationSerializer
    permission_classes = (RegisterPermission,)

    def with_related(self, rows: QuerySet[Any]) -> QuerySet[Any]:
        return rows.select_related("partnership")

    def get_queryset(self) -> QuerySet[Any]:
        """The register in the partnerships where the member holds the LADO role; 404 where
        they hold it in none of those the request covers."""
        fake = getattr(self, "swagger_fake_view", False)
        if not fake and not any(self.policy.can(scope, VIEW) for scope in self.scopes):
            raise Http404("Not found.")
        return super().get_queryset()

    @cached_property
    def output_context(self) -> dict[str, Any]:
        """Today, and the `lado_referral` timescale of each partnership covered (one query each)."""
        timescales: dict[int, EffectiveTimescale] = {
            scope.partnership.pk: timescale_for(scope.partnership, TIMESCALE)
            for scope in self.scopes
            if self.policy.can(scope, VIEW)
        }
        return {"today": timezone.localdate(), "timescales": timescales}

    def list(self, request: Request) -> Response:
        """A page of the register, newest first; the read is written to the audit log."""
        page = self.paginate_queryset(self.get_queryset())
        shown = list(page) if page is not None else []
        self._audit_list(shown)
        return self.get_paginated_response(self.show(shown, many=True))

    def retrieve(self, request: Request, pk: int) -> Response:
        """One allegation; the read is written to the audit log."""
        allegation = self.get_object()
        services.allegation_read(actor=self.user, allegation=allegation)
        return Response(self.show(allegation))

    def create(self, request: Request) -> Response:
        """Record a notification in the partnership named in the body."""
        data = self.validated(AllegationCreateSerializer)
        del data["partnership"]
        allegation = services.allegation_create(
            actor=self.user, partnership=self.scope.partnership, **data
        )
        return self.created(allegation)

    def partial_update(self, request: Request, pk: int) -> Response:
        """Change the details given, by the same rules as recording one."""
        return self.write(
            AllegationChangeSerializer,
            lambda allegation, data: services.allegation_update(
                actor=self.user, allegation=allegation, data=data
            ),
            partial=True,
        )

    @action(detail=True, methods=["post"])
    def conclude(self, request: Request, pk: int) -> Response:
        """Record the outcome and the date concluded (again, to change them); `ongoing` with no
        date reopens it."""
        return self.write(
            ConcludeSerializer,
            lambda allegation, data: services.allegation_conclude(
                actor=self.user,
                allegation=allegation,
                outcome=data["outcome"],
                concluded_on=data.get("concluded_on"),
                referred_to_dbs=data.get("referred_to_dbs"),
                referred_to_regulator=data.get("referred_to_regulator"),
            ),
        )

    def _audit_list(self, shown: Sequence[Allegation]) -> None:
        """One entry for each partnership whose rows the page shows (or the one named)."""
        for scope in self._readable():
            rows = [row for row in shown if row.partnership_id == scope.partnership.pk]
            if rows or len(self.scopes) == 1:
                services.register_read(
                    actor=self.user,
                    partnership=scope.partnership,
                    shown=rows,
                    filters=API_LIST,
                    page=self._page_number(),
                )

    def _readable(self) -> Sequence[Scope]:
        return [scope for scope in self.scopes if self.policy.can(scope, VIEW)]

    def _page_number(self) -> int:
        paginator = getattr(self, "paginator", None)
        page = getattr(paginator, "page", None)
        return page.number if page is not None else 1


def register(router: DefaultRouter) -> None:
    router.register("allegations", AllegationViewSet)
