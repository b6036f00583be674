"""The shape of every policy: which rows a scope may see, and what it may do to one.

One policy per record type. Views, the API, exports and the report ask it both questions:
`visible(scope)` for lists and `get(scope, pk, action)` to fetch and authorise one row, which
answers 404 when the row is outside the scope and 403 when it may be read but not changed.
"""

from __future__ import annotations

from typing import Any, ClassVar, Generic, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models
from django.http import Http404

from safeguarding.accounts.roles import ALL_ROLES, Role
from safeguarding.accounts.scope import Scope

M = TypeVar("M", bound=models.Model)

VIEW = "view"


class Policy(Generic[M]):
    model: type[M]
    #: Roles that may read rows of this type in their partnership.
    read_roles: ClassVar[frozenset[Role]] = ALL_ROLES
    #: For each action other than "view", the roles that may do it.
    action_roles: ClassVar[dict[str, frozenset[Role]]] = {}
    #: The lookup from a row to its partnership (override `scoped` for anything more).
    partnership_path: ClassVar[str] = "partnership"

    def visible(self, scope: Scope) -> models.QuerySet[M]:
        """Rows of this partnership that the scope may see (none without a read role)."""
        if not scope.has_any(self.read_roles):
            return self.model._default_manager.none()
        return self.scoped(scope)

    def scoped(self, scope: Scope) -> models.QuerySet[M]:
        """The partnership's rows of this type, whatever the roles."""
        return self.model._default_manager.filter(**{self.partnership_path: scope.partnership})

    def can(self, scope: Scope, action: str, obj: M | None = None) -> bool:
        if action == VIEW:
            return scope.has_any(self.read_roles)
        return scope.has_any(self.action_roles.get(action, frozenset()))

    def require(self, scope: Scope, action: str, obj: M | None = None) -> None:
        if not self.can(scope, action, obj):
            raise PermissionDenied(f"You may not {action} this.")

    def get(
        self,
        scope: Scope,
        pk: Any,
        action: str = VIEW,
        queryset: models.QuerySet[M] | None = None,
    ) -> M:
        """Fetch and authorise: 404 outside the scope, 403 where it may be read but not changed."""
        rows = queryset if queryset is not None else self.visible(scope)
        try:
            obj = rows.get(pk=pk)
        except (ObjectDoesNotExist, ValueError, TypeError):
            raise Http404("Not found.") from None
        self.require(scope, action, obj)
        return obj
