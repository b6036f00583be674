"""Certificates: issued only to a delegate who attended and completed the evaluation after the
course (the web page renders the PDF once this has said yes and recorded it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from safeguarding.training.models import Attendance, Booking, EvaluationStage
from safeguarding.training.services._shared import audit

if TYPE_CHECKING:
    from safeguarding.accounts.models import User


@transaction.atomic
def certificate_issue(*, actor: User | None, booking: Booking) -> Booking:
    """Check the booking earns a certificate and record that one was issued."""
    if booking.attendance != Attendance.ATTENDED:
        raise ValidationError(
            {"booking": f"{booking.delegate.name} did not attend: there is no certificate."}
        )
    if not booking.evaluations.filter(stage=EvaluationStage.POST).exists():
        raise ValidationError({"booking": "Complete the evaluation to get your certificate"})
    session = booking.session
    changes = {"course": [None, session.course.title], "session": [None, session.starts_at]}
    audit(actor, session.course.partnership, booking, "training.certificate.issue", changes)
    return booking
