"""The booking pages in the access sweep (tests/test_access_sweep.py).

Every member reads the catalogue, courses and sessions; the business unit and administrators
keep them and take registers. Practitioners, agency leads and managers book. "My training" is
for everyone who may hold or manage bookings. A booking is cancelled by its delegate, their
agency's lead or a manager; approved or declined by the agency lead or a manager; its
certificate is downloaded by the delegate or a manager.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from safeguarding.accounts.roles import ALL_ROLES, Role
from safeguarding.training.models import Attendance, BookingStatus
from safeguarding.training.policies import READ_SOME
from tests.sweep import MANAGERS, Route, _p, _pk
from tests.training.factories import (
    LONDON,
    STARTS,
    make_booking,
    make_course,
    make_delegate,
    make_evaluated,
    make_session,
)

BOOKERS = MANAGERS | {Role.PRACTITIONER, Role.AGENCY_LEAD}

ROUTES: dict[str, Route] = {
    "training:course_list": Route(_p, readers=ALL_ROLES),
    "training:course_add": Route(_p, writers=MANAGERS),
    "training:course_detail": Route(_pk("training_course"), readers=ALL_ROLES),
    "training:course_edit": Route(_pk("training_course"), writers=MANAGERS),
    "training:course_retire": Route(_pk("training_course"), writers=MANAGERS),
    "training:question_add": Route(_pk("training_course"), writers=MANAGERS),
    "training:question_edit": Route(_pk("training_question"), writers=MANAGERS),
    "training:session_add": Route(_pk("training_course"), writers=MANAGERS),
    "training:session_detail": Route(_pk("training_session"), readers=ALL_ROLES),
    "training:session_edit": Route(_pk("training_session"), writers=MANAGERS),
    "training:session_cancel": Route(_pk("training_session"), writers=MANAGERS),
    "training:session_book": Route(_pk("training_session"), writers=BOOKERS),
    "training:register": Route(_pk("training_past_session"), writers=MANAGERS),
    "training:booking_list": Route(_p, readers=READ_SOME),
    "training:booking_cancel": Route(
        _pk("training_booking"), writers=MANAGERS | {Role.AGENCY_LEAD, Role.PRACTITIONER}
    ),
    "training:booking_approve": Route(
        _pk("training_pending"), writers=MANAGERS | {Role.AGENCY_LEAD}
    ),
    "training:booking_decline": Route(
        _pk("training_pending"), writers=MANAGERS | {Role.AGENCY_LEAD}
    ),
    "training:certificate": Route(_pk("training_attended"), readers=MANAGERS | {Role.PRACTITIONER}),
}


def records(world: dict[str, Any]) -> dict[str, Any]:
    """A course with a session the practitioner has booked, another where their place awaits
    approval, and a past one they attended and evaluated."""
    partnership, agency = world["partnership"], world["agency"]
    course = make_course(partnership, "Sweep Safeguarding Course")
    session = make_session(course)
    later = make_session(course, STARTS + dt.timedelta(days=7))
    past = make_session(course, dt.datetime(2025, 1, 14, 9, 30, tzinfo=LONDON))
    delegate = make_delegate(partnership, agency, user=world["personas"][Role.PRACTITIONER])
    attended = make_booking(past, delegate, attendance=Attendance.ATTENDED)
    make_evaluated(attended, pre=[2, 2, 3], post=[4, 4, 4])
    return {
        "training_course": course,
        "training_question": course.questions.first(),
        "training_session": session,
        "training_past_session": past,
        "training_booking": make_booking(session, delegate),
        "training_pending": make_booking(later, delegate, status=BookingStatus.PENDING),
        "training_attended": attended,
    }
