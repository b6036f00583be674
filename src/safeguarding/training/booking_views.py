"""Booking a place, "My training", cancelling, a manager's approval, the register and the
certificate."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format

from safeguarding.accounts.policy_base import VIEW
from safeguarding.accounts.scope import Scope
from safeguarding.core import selectors as core_selectors
from safeguarding.core.web import partnership_view, posted_data, querystring_without_page, submit
from safeguarding.training import certificates, policies, selectors, services
from safeguarding.training.clocks import cancellation_cutoff
from safeguarding.training.forms import (
    BookForm,
    BookingFilterForm,
    ConfirmForm,
    RegisterForm,
    register_field,
)
from safeguarding.training.models import Booking, BookingStatus, Session
from safeguarding.training.policies import MANAGERS
from safeguarding.training.views import my_training_url, session_url

BOOKINGS_PER_PAGE = 50


def _when(session: Session) -> str:
    return date_format(timezone.localtime(session.starts_at), "l j F Y")


def booking_outcome(booking: Booking) -> str:
    """What booking did, in the words the confirmation shows."""
    course, when = booking.session.course, _when(booking.session)
    if booking.status == BookingStatus.BOOKED:
        return f"You are booked on {course} on {when}."
    if booking.status == BookingStatus.PENDING:
        return (
            f"Your place on {course} on {when} is awaiting your manager's approval. "
            "We have emailed them."
        )
    position = selectors.waiting_position(booking)
    return (
        f"{course} on {when} is full: you are on the waiting list, number {position}. "
        "We will email you if a place becomes free."
    )


# Booking a place


@partnership_view
def session_book(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    session = policies.sessions.get(scope, pk, "book", queryset=selectors.session_for_page(scope))
    needs_agency = selectors.delegate_of(scope) is None and not scope.agency_ids
    agencies = core_selectors.current_agencies_serving(scope.partnership) if needs_agency else None
    form = BookForm(posted_data(request), agencies=agencies)
    booking = submit(request, form, lambda data: _book(scope, session, data))
    if booking:
        messages.success(request, booking_outcome(booking))
        return redirect(my_training_url(scope))
    context = {
        "form": form,
        "session": session,
        "course": session.course,
        "mine": selectors.own_booking(scope, session),
        "back": session_url(scope, session),
    }
    return render(request, "training/book.html", context)


def _book(scope: Scope, session: Session, data: dict[str, Any]) -> Booking:
    """The signed-in user's delegate (found, linked by email, or made with the agency of their
    membership or the one they chose), then their booking: a place or the waiting list."""
    delegate = services.delegate_for_user(
        actor=scope.user,
        partnership=scope.partnership,
        user=scope.user,
        agency=data.get("agency"),
        job_role=data.get("job_role") or None,
    )
    return services.booking_request(actor=scope.user, session=session, delegate=delegate)


# My training


@partnership_view
def booking_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    policies.bookings.require(scope, VIEW)
    now = timezone.now()
    context: dict[str, Any] = {
        "mine": selectors.my_bookings(scope, now=now),
        "approvals": list(selectors.agency_approvals(scope)),
        "now": now,
    }
    if scope.has_any(MANAGERS):
        context |= _every_booking(request, scope)
    return render(request, "training/booking_list.html", context)


def _every_booking(request: HttpRequest, scope: Scope) -> dict[str, Any]:
    filters = BookingFilterForm(
        request.GET or None,
        courses=selectors.course_filter_choices(scope.partnership),
        agencies=core_selectors.current_agencies_serving(scope.partnership),
    )
    data = filters.cleaned_data if filters.is_valid() else {}
    agency = data.get("agency")
    rows = selectors.all_bookings(
        scope,
        course=data.get("course"),
        agency_id=agency.pk if agency else None,
        status=data.get("status", ""),
    )
    return {
        "sees_all": True,
        "filters": filters,
        "page": Paginator(rows, BOOKINGS_PER_PAGE).get_page(request.GET.get("page")),
        "querystring": querystring_without_page(request),
    }


# Cancelling, approving, declining


def _booking(scope: Scope, pk: int, action: str) -> Booking:
    """Fetch and authorise a booking: 403 for a role that reads no bookings, 404 outside the
    scope, 403 for one the scope may see but not `action`."""
    policies.bookings.require(scope, VIEW)
    return policies.bookings.get(scope, pk, action, queryset=selectors.booking_for_page(scope))


def _after(scope: Scope, booking: Booking) -> str:
    """Where a decision on a booking leads: the session for managers, else My training."""
    if scope.has_any(MANAGERS):
        return session_url(scope, booking.session)
    return my_training_url(scope)


def _booking_step(
    request: HttpRequest,
    scope: Scope,
    booking: Booking,
    save: Any,
    message: str,
    page: dict[str, Any],
) -> HttpResponse:
    form = ConfirmForm(posted_data(request))
    saved = submit(request, form, lambda data: save(actor=scope.user, booking=booking))
    if saved:
        messages.success(request, message)
        return redirect(_after(scope, booking))
    context = {"form": form, "booking": booking, "back": _after(scope, booking), **page}
    return render(request, "training/booking_confirm.html", context)


@partnership_view
def booking_cancel(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    booking = _booking(scope, pk, "cancel")
    cutoff = cancellation_cutoff(booking.session)
    late = timezone.localdate() > cutoff
    own = booking.delegate.user_id == scope.user.pk
    return _booking_step(
        request,
        scope,
        booking,
        services.booking_cancel,
        f"The place on {booking.session.course} on {_when(booking.session)} was cancelled.",
        {
            "title": "Cancel your place" if own else f"Cancel {booking.delegate}'s place",
            "late": late and booking.status != BookingStatus.WAITING,
            "cutoff": cutoff if booking.status != BookingStatus.WAITING else None,
            "button": "Cancel the place",
            "warning": True,
        },
    )


@partnership_view
def booking_approve(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    booking = _booking(scope, pk, "approve")
    return _booking_step(
        request,
        scope,
        booking,
        services.booking_approve,
        f"{booking.delegate}'s place on {booking.session.course} was approved.",
        {"title": f"Approve {booking.delegate}'s place", "button": "Approve", "decide": True},
    )


@partnership_view
def booking_decline(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    booking = _booking(scope, pk, "approve")
    return _booking_step(
        request,
        scope,
        booking,
        services.booking_decline,
        f"{booking.delegate}'s place on {booking.session.course} was not approved.",
        {
            "title": f"Decline {booking.delegate}'s place",
            "button": "Decline",
            "warning": True,
        },
    )


# The register


@partnership_view
def register(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    session = policies.sessions.get(
        scope, pk, "register", queryset=selectors.session_for_page(scope)
    )
    bookings = selectors.register_bookings(session)
    initial = {register_field(b): b.attendance for b in bookings if b.attendance}
    form = RegisterForm(posted_data(request), initial=initial, bookings=bookings)
    saved = submit(
        request,
        form,
        lambda data: (
            services.register_take(actor=scope.user, session=session, marks=form.marks()) or True
        ),
    )
    if saved:
        messages.success(
            request, f"The register for {session.course} on {_when(session)} was saved."
        )
        return redirect(session_url(scope, session))
    context = {
        "form": form,
        "session": session,
        "course": session.course,
        "started": session.starts_at <= timezone.now(),
        "back": session_url(scope, session),
    }
    return render(request, "training/register.html", context)


# The certificate


@partnership_view
def certificate(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    booking = _booking(scope, pk, "certificate")
    try:
        pdf = certificates.certificate_pdf(actor=scope.user, booking=booking)
    except ValidationError as error:
        context = {"booking": booking, "reasons": error.messages, "back": my_training_url(scope)}
        return render(request, "training/certificate_refused.html", context)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{certificates.filename(booking)}"'
    return response
