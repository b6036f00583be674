"""Helpers every training service shares: auditing, the session lock and its places, the
cancellation cut-off and follow-up dates, the waiting list's promotion, and emails on commit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format

from safeguarding.audit.services import apply_changes, audit_record
from safeguarding.core.models import Agency, AgencyPartnership, Partnership
from safeguarding.core.reminders import site_url
from safeguarding.core.service_helpers import IN_BATCH
from safeguarding.training.models import HOLDS_PLACE, Booking, BookingStatus, Session

if TYPE_CHECKING:
    from safeguarding.accounts.models import User

M = TypeVar("M", bound=models.Model)

#: Stands for "not passed" in update services whose fields are keyword arguments.
NOT_GIVEN: Any = object()


def given(**fields: Any) -> dict[str, Any]:
    """The keyword arguments a caller actually passed (those not left as `NOT_GIVEN`)."""
    return {name: value for name, value in fields.items() if value is not NOT_GIVEN}


def day(value: dt.date) -> str:
    """A date as the pages write it: 12 January 2027."""
    return date_format(value, "j F Y")


def raise_if(errors: dict[str, str]) -> None:
    """Report every problem found at once, each against its field."""
    if errors:
        raise ValidationError(errors)


def audit(
    actor: User | None,
    partnership: Partnership,
    obj: models.Model,
    action: str,
    changes: dict[str, Any],
) -> None:
    audit_record(actor=actor, action=action, target=obj, partnership=partnership, changes=changes)


def create(
    actor: User | None,
    partnership: Partnership,
    obj: M,
    action: str,
    *,
    checked: Sequence[str] = (),
    constraints: bool = True,
) -> M:
    """Validate and save a new row; audit every field it was given.

    `checked` names foreign keys the calling service holds as rows it has already checked (a
    session it locked, an agency it found serving the partnership): validating them again would
    look each one up. `constraints=False` only where the service checks every unique and check
    constraint of the model itself, against the rows it locked (each would be another query).
    """
    obj.full_clean(exclude=list(checked) or None, validate_constraints=constraints)
    obj.save()
    audit(actor, partnership, obj, action, _as_created(obj))
    return obj


def update(
    actor: User | None,
    partnership: Partnership,
    obj: M,
    action: str,
    data: dict[str, Any],
    extra: dict[str, list[Any]] | None = None,
) -> M:
    """Apply `data`, save, and audit what changed (`extra`: many-to-many changes already made)."""
    changes = apply_changes(obj, data) | (extra or {})
    obj.full_clean()
    obj.save()
    if changes:
        audit(actor, partnership, obj, action, changes)
    return obj


def _as_created(obj: models.Model) -> dict[str, list[Any]]:
    skip = {"id", "partnership"}
    return {
        field.name: [None, field.value_from_object(obj)]
        for field in obj._meta.concrete_fields
        if field.name not in skip and field.value_from_object(obj) not in (None, "", False)
    }


def names(rows: Iterable[models.Model]) -> list[str]:
    return sorted(str(row) for row in rows)


def set_many(obj: models.Model, field: str, rows: Iterable[Any] | None) -> dict[str, list[Any]]:
    """Replace a many-to-many field when `rows` is given; {field: [old, new]} if it changed."""
    if rows is None:
        return {}
    rows = list(rows)
    manager = getattr(obj, field)
    old, new = names(manager.all()), names(rows)
    manager.set(rows)
    return {field: [old, new]} if old != new else {}


def taken(rows: models.QuerySet[M], exclude: int | None) -> bool:
    """Whether any of `rows` is another row than `exclude` (the one being changed, if any)."""
    return (rows if exclude is None else rows.exclude(pk=exclude)).exists()


def serves(partnership: Partnership, agency: Agency) -> bool:
    return agency.memberships.filter(partnership=partnership).exists()


def serving_agency_ids(partnership: Partnership) -> set[int]:
    """The agencies serving the partnership, read once for a batch (`serves` for each of them)."""
    rows = AgencyPartnership.objects.filter(partnership=partnership)
    return set(rows.values_list("agency_id", flat=True))


def served_errors(
    partnership: Partnership, agency: Agency | None, served: bool, field: str = "agency"
) -> dict[str, str]:
    """The rule `check_served` enforces, given whether the agency serves the partnership."""
    if agency is not None and not served:
        return {field: f"{agency} does not serve {partnership}."}
    return {}


def check_served(partnership: Partnership, agency: Agency | None, field: str = "agency") -> None:
    raise_if(
        served_errors(partnership, agency, agency is None or serves(partnership, agency), field)
    )


def not_future(value: dt.date | None, field: str, what: str) -> None:
    if value is not None and value > timezone.localdate():
        raise ValidationError({field: f"{what} must be today or in the past."})


# The session's places, locked while they are counted.


def lock_session(session: Session) -> Session:
    """The session row, locked until the transaction ends: place counts read under this lock
    cannot race another booking, cancellation or capacity change for the same session. Only the
    session's row is locked (not its course's), so other sessions book freely."""
    rows = Session.objects.select_related("course__partnership")
    return rows.select_for_update(of=("self",)).get(pk=session.pk)


def lock_sessions(partnership: Partnership, ids: Iterable[int]) -> dict[int, Session]:
    """The partnership's sessions among `ids`, by id, locked as `lock_session` locks one (in id
    order, so two batches naming the same sessions cannot deadlock)."""
    rows = Session.objects.select_related("course__partnership").filter(
        course__partnership=partnership
    )
    wanted = sorted(set(ids))
    found: dict[int, Session] = {}
    for start in range(0, len(wanted), IN_BATCH):
        chunk = rows.filter(pk__in=wanted[start : start + IN_BATCH]).order_by("pk")
        found |= {session.pk: session for session in chunk.select_for_update(of=("self",))}
    return found


def places_held(session: Session) -> int:
    return session.bookings.filter(status__in=HOLDS_PLACE).count()


def places_free(session: Session) -> int:
    return max(session.capacity - places_held(session), 0)


def place_status(session: Session) -> str:
    """The status of a booking that takes a place: awaiting approval when the course needs it."""
    if session.course.needs_manager_approval:
        return BookingStatus.PENDING
    return BookingStatus.BOOKED


def promote_waiting(actor: User | None, session: Session) -> list[Booking]:
    """Give each free place to the longest waiting delegate (by `waiting_since`, then booking);
    each is audited and emailed once the transaction commits. Call with the session locked."""
    free = places_free(session)
    if free == 0 or session.cancelled_on is not None:
        return []
    waiting = session.bookings.filter(status=BookingStatus.WAITING)
    first = list(waiting.select_related("delegate").order_by("waiting_since", "pk")[:free])
    for booking in first:
        booking.status = place_status(session)
        booking.save(update_fields=["status"])
        audit(
            actor,
            session.course.partnership,
            booking,
            "training.booking.promote",
            {"status": [BookingStatus.WAITING.value, booking.status]},
        )
        email_on_commit("promoted", booking, [booking.delegate.email])
        if booking.status == BookingStatus.PENDING:
            email_on_commit("approval", booking, [booking.delegate.manager_email])
    return first


# Emails, sent only once the booking they are about is committed.

EMAILS = {
    "approval": "training/email/approval",
    "promoted": "training/email/promoted",
    "session_cancelled": "training/email/session_cancelled",
}


def email_on_commit(kind: str, booking: Booking, to: list[str]) -> None:
    """Send the `kind` email about `booking` to `to` after the transaction commits (never for a
    booking a rollback undid); an empty address is skipped."""
    recipients = [address for address in to if address]
    if not recipients:
        return
    context: dict[str, Any] = {"booking": booking, "session": booking.session}
    context["delegate"] = booking.delegate
    context |= {"course": booking.session.course, "site_url": site_url()}
    template = EMAILS[kind]

    def send() -> None:
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        send_mail(subject, render_to_string(f"{template}_body.txt", context), None, recipients)

    transaction.on_commit(send)
