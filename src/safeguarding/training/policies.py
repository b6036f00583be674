"""Who may see and change training.

The business unit (the training officer) and administrators keep everything: the catalogue,
sessions, registers, webinar weeks, commissioned training, requirements and the choice of quotes.
Every member of the partnership reads the catalogue and its sessions, so practitioners can book.

A practitioner sees their own delegate record, books, cancels and evaluates their own bookings and
downloads their own certificates. An agency lead sees their agency's delegates (its staff list for
compliance, which they keep) and bookings, and approves or declines them as the delegates' manager.
The executive and the independent scrutineer read everything except individual evaluations' free
text before it is chosen as a quote; they read the figures. The LADO and CDOP roles read only the
catalogue. Another partnership's rows answer 404.
"""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from safeguarding.accounts.policy_base import VIEW, M, Policy
from safeguarding.accounts.roles import ALL_ROLES, Role
from safeguarding.accounts.scope import Scope
from safeguarding.training.models import (
    Booking,
    CommissionedTraining,
    Course,
    Delegate,
    Evaluation,
    Requirement,
    Session,
    WebinarWeek,
)

MANAGERS = frozenset({Role.BUSINESS_UNIT, Role.ADMINISTRATOR})
#: Roles that read every delegate, booking and figure of their partnership.
READ_ALL = MANAGERS | {Role.EXECUTIVE, Role.SCRUTINEER}
#: Roles that read some delegates and bookings: their agency's, or their own.
READ_SOME = READ_ALL | {Role.AGENCY_LEAD, Role.PRACTITIONER}
WRITE = {"add": MANAGERS, "change": MANAGERS, "retire": MANAGERS}


class CoursePolicy(Policy[Course]):
    model = Course
    read_roles = ALL_ROLES
    action_roles = {**WRITE, "questions": MANAGERS}


class SessionPolicy(Policy[Session]):
    model = Session
    read_roles = ALL_ROLES
    partnership_path = "course__partnership"
    action_roles = {
        **WRITE,
        "cancel": MANAGERS,
        "register": MANAGERS,
        "book": frozenset({Role.PRACTITIONER, Role.AGENCY_LEAD}) | MANAGERS,
        "record": MANAGERS,
    }


class _PersonalPolicy(Policy[M]):
    """Rows that belong to one delegate: everything for READ_ALL, an agency lead their agency's,
    anyone else only their own. `agency_path` and `user_path` say how a row reaches them."""

    read_roles: ClassVar[frozenset[Role]] = READ_SOME
    agency_path: ClassVar[str] = "agency"
    user_path: ClassVar[str] = "user"

    def visible(self, scope: Scope) -> QuerySet[M]:
        rows = super().visible(scope)
        if scope.has_any(READ_ALL):
            return rows
        mine = Q(**{self.user_path: scope.user})
        if scope.has_any({Role.AGENCY_LEAD}):
            mine |= Q(**{f"{self.agency_path}__in": scope.agency_ids})
        return rows.filter(mine)

    def owner_and_agency(self, obj: M) -> tuple[int | None, int]:
        """The user a row belongs to (None: a delegate without a login) and its agency."""
        raise NotImplementedError

    def is_own(self, scope: Scope, obj: M) -> bool:
        return self.owner_and_agency(obj)[0] == scope.user.pk

    def in_agency(self, scope: Scope, obj: M) -> bool:
        return self.owner_and_agency(obj)[1] in scope.agency_ids


class DelegatePolicy(_PersonalPolicy[Delegate]):
    """An agency lead keeps their agency's staff list; a practitioner sees themselves."""

    model = Delegate

    def owner_and_agency(self, obj: Delegate) -> tuple[int | None, int]:
        return obj.user_id, obj.agency_id

    action_roles = {"add": MANAGERS | {Role.AGENCY_LEAD}, "change": MANAGERS | {Role.AGENCY_LEAD}}

    def can(self, scope: Scope, action: str, obj: Delegate | None = None) -> bool:
        if not super().can(scope, action, obj):
            return False
        if action == VIEW or scope.has_any(MANAGERS) or obj is None:
            return True
        return self.in_agency(scope, obj)


#: What a delegate may do to their own booking, and what their agency's lead may do to it.
OWN_BOOKING = frozenset({"cancel", "evaluate", "certificate"})
MANAGER_OF_DELEGATE = frozenset({"approve", "cancel"})


class BookingPolicy(_PersonalPolicy[Booking]):
    model = Booking
    partnership_path = "session__course__partnership"
    user_path = "delegate__user"
    action_roles = {
        "cancel": READ_SOME - {Role.EXECUTIVE, Role.SCRUTINEER},
        "approve": MANAGERS | {Role.AGENCY_LEAD},
        "attendance": MANAGERS,
        "evaluate": frozenset(ALL_ROLES),
        "certificate": frozenset(ALL_ROLES),
    }

    def owner_and_agency(self, obj: Booking) -> tuple[int | None, int]:
        return obj.delegate.user_id, obj.agency_id

    def scoped(self, scope: Scope) -> QuerySet[Booking]:
        return super().scoped(scope).select_related("session__course", "delegate", "agency")

    def can(self, scope: Scope, action: str, obj: Booking | None = None) -> bool:
        """Managers do anything they have a role for; others only to their own bookings (the
        delegate) or their agency's (the agency lead, as the delegate's manager)."""
        if not super().can(scope, action, obj):
            return False
        if action == VIEW or obj is None:
            return True
        if action in OWN_BOOKING and self.is_own(scope, obj):
            return True
        if scope.has_any(MANAGERS):
            return action not in {"evaluate"}
        return (
            action in MANAGER_OF_DELEGATE
            and scope.has_any({Role.AGENCY_LEAD})
            and self.in_agency(scope, obj)
        )


class EvaluationPolicy(_PersonalPolicy[Evaluation]):
    """Managers read every evaluation and choose quotes; a delegate reads their own."""

    model = Evaluation
    read_roles = MANAGERS | {Role.PRACTITIONER, Role.AGENCY_LEAD}
    partnership_path = "booking__session__course__partnership"
    user_path = "booking__delegate__user"
    agency_path = "booking__agency"
    action_roles = {"quote": MANAGERS}

    def owner_and_agency(self, obj: Evaluation) -> tuple[int | None, int]:
        return obj.booking.delegate.user_id, obj.booking.agency_id

    def visible(self, scope: Scope) -> QuerySet[Evaluation]:
        rows = Policy.visible(self, scope)
        if scope.has_any(MANAGERS):
            return rows
        return rows.filter(booking__delegate__user=scope.user)


class WebinarWeekPolicy(Policy[WebinarWeek]):
    model = WebinarWeek
    read_roles = READ_ALL | {Role.AGENCY_LEAD, Role.PRACTITIONER}
    action_roles = WRITE


class CommissionedTrainingPolicy(Policy[CommissionedTraining]):
    model = CommissionedTraining
    read_roles = READ_ALL | {Role.AGENCY_LEAD}
    partnership_path = "course__partnership"
    action_roles = WRITE


class RequirementPolicy(Policy[Requirement]):
    model = Requirement
    read_roles = READ_ALL | {Role.AGENCY_LEAD}
    action_roles = WRITE


#: Who reads the training figures (learning gain, numbers trained, compliance of every agency).
FIGURE_READERS = READ_ALL
#: Who reads their own agency's compliance.
COMPLIANCE_READERS = READ_ALL | {Role.AGENCY_LEAD}


def require_figures(scope: Scope, readers: frozenset[Role] = FIGURE_READERS) -> None:
    """403 unless the scope holds one of the figures' readers (the pages and the API alike)."""
    if not scope.has_any(readers):
        raise PermissionDenied("You may not read the training figures.")


courses = CoursePolicy()
sessions = SessionPolicy()
delegates = DelegatePolicy()
bookings = BookingPolicy()
evaluations = EvaluationPolicy()
webinar_weeks = WebinarWeekPolicy()
commissioned = CommissionedTrainingPolicy()
requirements = RequirementPolicy()
