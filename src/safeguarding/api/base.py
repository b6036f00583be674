"""The pattern every app's API follows: resolve the partnership to a Scope, then ask the policy.

- A list answers for `?partnership=<slug>` (404 if it is not one of the user's), or, with no
  partnership named, for every partnership the user belongs to: the union of the rows the
  policy lets them see in each.
- A detail URL (`/<id>/`) acts in the named partnership, or else in the row's own partnership
  (the first of the user's, by name, that it belongs to). `policy.get(scope, pk, action)` then
  answers 404 outside the scope and 403 where the row may be read but not changed.
- A write to the collection (create; an action such as `link`) names the partnership in the
  body (`"partnership": "<slug>"`); the policy must allow the action there (403) before the rest
  of the body is validated. A slug that is not one of the user's partnerships is a 400.
- Each viewset action needs the policy action of the same name, except the standard ones in
  `DEFAULT_POLICY_ACTIONS`; extend `policy_actions` for a custom read action.

The shared pieces of an app's `api.py` (docs/api.md, "Adding an app's endpoints"):
`RecordViewSet` (show a record with its output serializer; `write` one: fetch and authorise it,
parse the body, write through a service, show it again), `ListRetrieveViewSet` (adds the plain
list and retrieve), and the schemas `read_schemas`, `list_schema`, `retrieve_schema`,
`write_schema` and `create_schema`.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from functools import cached_property, reduce
from typing import TYPE_CHECKING, Any, ClassVar, cast

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.viewsets import GenericViewSet

from safeguarding.accounts.policy_base import VIEW, Policy
from safeguarding.accounts.scope import Scope, scope_for, scope_for_slug, scopes_for
from safeguarding.api.errors import error_responses
from safeguarding.core.selectors import partnerships_for_user

if TYPE_CHECKING:
    from safeguarding.accounts.models import User

PARTNERSHIP = "partnership"

PARTNERSHIP_QUERY = OpenApiParameter(
    PARTNERSHIP,
    str,
    description=(
        "The partnership's short name, for example `somerset`. Lists cover all your "
        "partnerships without it; a record is shown in its own partnership without it."
    ),
)

#: The policy action each standard viewset action needs; any other action needs its own name
#: (a `retire` action needs the policy's "retire"), so an unlisted action is refused.
DEFAULT_POLICY_ACTIONS = {
    "list": VIEW,
    "retrieve": VIEW,
    "create": "add",
    "partial_update": "change",
    "metadata": VIEW,  # OPTIONS, answered 405: there is no metadata view
}


class PolicyPermission(IsAuthenticated):
    """Signed in; and for writes to the collection (create), allowed in the partnership named.

    Detail actions are authorised row by row in `ScopedViewSet.get_object` (404 before 403).
    """

    def has_permission(self, request: Request, view: APIView) -> bool:
        if not super().has_permission(request, view):
            return False
        scoped = cast(ScopedViewSet, view)
        if scoped.writes_collection:
            scoped.policy.require(scoped.scope, scoped.policy_action)
        return True


class ScopedViewSet(GenericViewSet):
    """Rows come from `policy.visible(scope)`; one row comes from `policy.get(scope, pk, action)`.

    A subclass sets `policy`, `queryset = Model.objects.none()` (it names the model for the
    router and the schema; rows never come from it) and, when the model reaches its partnership
    by another path than `partnership`, `partnership_path` (an agency: `"partnerships"`).
    """

    policy: ClassVar[Policy[Any]]
    partnership_path: ClassVar[str] = PARTNERSHIP
    policy_actions: ClassVar[dict[str, str]] = {}
    permission_classes = (PolicyPermission,)
    metadata_class = None
    lookup_value_converter = "int"

    @property
    def user(self) -> User:
        return cast("User", self.request.user)

    @property
    def policy_action(self) -> str:
        action = self.action or ""
        return {**DEFAULT_POLICY_ACTIONS, **self.policy_actions}.get(action, action)

    @property
    def writes_collection(self) -> bool:
        """A write to the collection (create, link): the body names its partnership."""
        return bool(self.action) and not self.detail and self.policy_action != VIEW

    @cached_property
    def scope(self) -> Scope:
        """The one partnership a detail action or a write to the collection acts in."""
        if self.writes_collection:
            return self._body_scope()
        slug = self.request.query_params.get(PARTNERSHIP)
        return scope_for_slug(self.user, slug) if slug else self._row_scope()

    @cached_property
    def scopes(self) -> list[Scope]:
        """The partnerships a request covers: the one named (or the row's), or all the user's."""
        if self.detail or self.writes_collection or self.request.query_params.get(PARTNERSHIP):
            return [self.scope]
        return scopes_for(self.user)

    def with_related(self, rows: QuerySet[Any]) -> QuerySet[Any]:
        """Load what the output serializer reads (override with the app's selector)."""
        return rows

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):
            return self.policy.model._default_manager.none()
        return self.with_related(self._visible_rows())

    def get_object(self) -> Any:
        pk = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        rows = self.with_related(self.policy.visible(self.scope))
        return self.policy.get(self.scope, pk, self.policy_action, queryset=rows)

    def reread(self, obj: Model) -> Any:
        """The row again after a write, with what the output serializer reads."""
        return self.with_related(self.policy.visible(self.scope)).get(pk=obj.pk)

    def validated(
        self,
        serializer_class: type[serializers.Serializer],
        data: Any = None,
        *,
        partial: bool = False,
    ) -> dict[str, Any]:
        """Parse input (the body unless `data` is given); a 400 names each wrong field."""
        body = self.request.data if data is None else data
        serializer = serializer_class(data=body, partial=partial)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _visible_rows(self) -> QuerySet[Any]:
        visible = [self.policy.visible(scope) for scope in self.scopes]
        if len(visible) == 1:
            return visible[0]
        either = reduce(operator.or_, (Q(pk__in=rows.values("pk")) for rows in visible), Q())
        manager = self.policy.model._default_manager
        return manager.filter(either) if visible else manager.none()

    def _row_scope(self) -> Scope:
        if not self.detail:
            raise ValidationError({PARTNERSHIP: ["Name the partnership: ?partnership=<slug>."]})
        pk = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        rows = self.policy.model._default_manager.filter(pk=pk)
        owners = partnerships_for_user(self.user).filter(pk__in=rows.values(self.partnership_path))
        partnership = owners.first()
        scope = scope_for(self.user, partnership) if partnership else None
        if scope is None:
            raise Http404("Not found.")
        return scope

    def _body_scope(self) -> Scope:
        data = self.request.data
        slug = data.get(PARTNERSHIP) if isinstance(data, Mapping) else None
        if not slug or not isinstance(slug, str):
            raise ValidationError({PARTNERSHIP: ["Name the partnership by its short name."]})
        try:
            return scope_for_slug(self.user, slug)
        except Http404:
            message = f"You are not a member of a partnership with the short name “{slug}”."
            raise ValidationError({PARTNERSHIP: [message]}) from None


class RecordViewSet(ScopedViewSet):
    """Records shown by one output serializer, and the step every write to one record takes.

    A subclass sets `output` (the serializer) and, when it needs more than the row,
    `output_context`. It defines only the actions its records have (`ListRetrieveViewSet` adds
    the plain list and retrieve). With `list_needs_read_role`, a list is 403 (not an empty page)
    to a member who may read none of these records in the partnerships it covers: a role with
    no part in them.
    """

    output: ClassVar[type[serializers.Serializer]]
    list_needs_read_role: ClassVar[bool] = False

    @property
    def output_context(self) -> dict[str, Any]:
        return {}

    def get_queryset(self) -> QuerySet[Any]:
        fake = getattr(self, "swagger_fake_view", False)
        readers_only = self.list_needs_read_role and not fake and self.scopes
        if readers_only and not any(self.policy.can(scope, VIEW) for scope in self.scopes):
            raise PermissionDenied("You may not view this.")
        return super().get_queryset()

    def show(self, rows: Any, *, many: bool = False) -> Any:
        """The output of a row (or, `many`, of a page of rows)."""
        return self.output(rows, many=many, context=self.output_context).data

    def shown(self, record: Model, answer: int = status.HTTP_200_OK) -> Response:
        """The record read again after a write (with what the output reads), answered `answer`."""
        return Response(self.show(self.reread(record)), status=answer)

    def created(self, record: Model) -> Response:
        return self.shown(record, status.HTTP_201_CREATED)

    def write(
        self,
        serializer_class: type[serializers.Serializer],
        call: Callable[[Any, dict[str, Any]], object],
        *,
        partial: bool = False,
        answer: int = status.HTTP_200_OK,
    ) -> Response:
        """Fetch and authorise the record (404 outside the scope, 403 without the action), parse
        the body (400 naming each wrong field), write through a service, show it again."""
        record = self.get_object()
        call(record, self.validated(serializer_class, partial=partial))
        return self.shown(record, answer)


class ListRetrieveViewSet(RecordViewSet):
    """`RecordViewSet` with the plain list (a page of the visible rows) and retrieve."""

    # No docstrings on these two: the schema describes each with its viewset's docstring.

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.show(page, many=True))

    def retrieve(self, request: Request, pk: int) -> Response:
        return Response(self.show(self.get_object()))


# The schema of each endpoint, for `extend_schema_view(**read_schemas(Thing), create=...)`.
# `errors` are the error statuses documented (`api.errors.error_responses`); a register that
# never says it exists answers 404 where another record answers 403.


def list_schema(
    output: type[serializers.Serializer],
    filters: type[serializers.Serializer] | None = None,
    *,
    errors: Sequence[int] = (401, 403, 404),
) -> Any:
    """A list: `?partnership=`, and the query serializer `filters` (a wrong filter is a 400)."""
    query = [filters] if filters else []
    bad = (400,) if filters else ()
    return extend_schema(
        parameters=[PARTNERSHIP_QUERY, *query],
        responses=error_responses({200: output(many=True)}, *bad, *errors),
    )


def retrieve_schema(
    output: type[serializers.Serializer], *, errors: Sequence[int] = (401, 403, 404)
) -> Any:
    return extend_schema(
        parameters=[PARTNERSHIP_QUERY], responses=error_responses({200: output}, *errors)
    )


def read_schemas(
    output: type[serializers.Serializer], *, errors: Sequence[int] = (401, 403, 404)
) -> dict[str, Any]:
    """The `list` and `retrieve` schemas, both shown with `output`."""
    return {
        "list": list_schema(output, errors=errors),
        "retrieve": retrieve_schema(output, errors=errors),
    }


def write_schema(
    request: type[serializers.Serializer],
    output: type[serializers.Serializer],
    operation_id: str | None = None,
    answer: int = status.HTTP_200_OK,
    *,
    errors: Sequence[int] = (400, 401, 403, 404),
) -> Any:
    """A write to one record (PATCH or an action on it), answered `answer` with the record."""
    return extend_schema(
        operation_id=operation_id,
        parameters=[PARTNERSHIP_QUERY],
        request=request,
        responses=error_responses({answer: output}, *errors),
    )


def create_schema(
    request: type[serializers.Serializer],
    output: type[serializers.Serializer],
    *,
    errors: Sequence[int] = (400, 401, 403),
) -> Any:
    """A create: the body names the partnership (no `?partnership=`); 201 with the record."""
    return extend_schema(
        request=request, responses=error_responses({status.HTTP_201_CREATED: output}, *errors)
    )
