"""Every write to training records, each with its audit entry (docs/training.md, "Writes").

Split by responsibility; callers use `training.services.<function>`.
"""

from safeguarding.core.service_helpers import BatchRowRefused
from safeguarding.training.services.bookings import (
    attendance_record,
    booking_approve,
    booking_cancel,
    booking_decline,
    booking_record,
    booking_request,
    bookings_record_many,
    register_take,
)
from safeguarding.training.services.catalogue import (
    course_create,
    course_retire,
    course_update,
    question_add,
    question_retire,
    question_update,
    session_cancel,
    session_create,
    session_update,
)
from safeguarding.training.services.certificates import certificate_issue
from safeguarding.training.services.delegates import (
    delegate_create,
    delegate_for_user,
    delegate_update,
    delegates_create_many,
)
from safeguarding.training.services.evaluations import (
    evaluation_submit,
    follow_up_submit,
    quote_choose,
)
from safeguarding.training.services.webinars import (
    commissioned_create,
    commissioned_update,
    requirement_create,
    requirement_retire,
    requirement_update,
    webinar_week_create,
    webinar_week_update,
)

__all__ = [
    "BatchRowRefused",
    "attendance_record",
    "booking_approve",
    "booking_cancel",
    "booking_decline",
    "booking_record",
    "booking_request",
    "bookings_record_many",
    "certificate_issue",
    "commissioned_create",
    "commissioned_update",
    "course_create",
    "course_retire",
    "course_update",
    "delegate_create",
    "delegate_for_user",
    "delegate_update",
    "delegates_create_many",
    "evaluation_submit",
    "follow_up_submit",
    "question_add",
    "question_retire",
    "question_update",
    "quote_choose",
    "register_take",
    "requirement_create",
    "requirement_retire",
    "requirement_update",
    "session_cancel",
    "session_create",
    "session_update",
    "webinar_week_create",
    "webinar_week_update",
]
