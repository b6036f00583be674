"""The evaluation, figures and records pages in the access sweep (tests/test_access_sweep.py).

A delegate evaluates only their own booking (everyone else gets 403). The business unit and
administrators choose quotes and keep webinar weeks, commissioned training and requirements;
those who read every figure (managers, executive, scrutineer) read learning gain; agency leads
also read compliance, the staff list and the records, and keep their agency's staff list.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from safeguarding.accounts.roles import Role
from safeguarding.training.models import (
    Attendance,
    CommissionedAttendance,
    CommissionedTraining,
    CourseLevel,
    Delegate,
    EvaluationStage,
    Requirement,
    WebinarWeek,
)
from safeguarding.training.policies import COMPLIANCE_READERS, FIGURE_READERS, READ_ALL
from tests.sweep import MANAGERS, Route, _agency, _p, _pk
from tests.training.factories import (
    LONDON,
    make_booking,
    make_course,
    make_delegate,
    make_evaluated,
    make_session,
)

DELEGATE = frozenset({Role.PRACTITIONER})
STAFF_LIST_READERS = READ_ALL | {Role.AGENCY_LEAD}
STAFF_LIST_KEEPERS = MANAGERS | {Role.AGENCY_LEAD}


def _evaluate(world: dict[str, Any]) -> dict[str, Any]:
    return {**_p(world), "pk": world["training_to_evaluate"].pk, "stage": "post"}


ROUTES: dict[str, Route] = {
    "training:evaluate": Route(_evaluate, writers=DELEGATE),
    "training:follow_up": Route(_pk("training_to_evaluate"), writers=DELEGATE),
    "training:quotes": Route(_p, readers=MANAGERS),
    "training:quote_choose": Route(_pk("training_quote"), writers=MANAGERS, post_only=True),
    "training:learning_gain": Route(_p, readers=FIGURE_READERS),
    "training:compliance": Route(_p, readers=COMPLIANCE_READERS),
    "training:compliance_agency": Route(_agency, readers=COMPLIANCE_READERS),
    "training:delegate_list": Route(_p, readers=STAFF_LIST_READERS),
    "training:delegate_add": Route(_p, writers=STAFF_LIST_KEEPERS),
    "training:delegate_edit": Route(_pk("training_delegate"), writers=STAFF_LIST_KEEPERS),
    "training:webinar_list": Route(_p, readers=READ_ALL | {Role.AGENCY_LEAD, Role.PRACTITIONER}),
    "training:webinar_add": Route(_p, writers=MANAGERS),
    "training:webinar_edit": Route(_pk("training_webinar"), writers=MANAGERS),
    "training:commissioned_list": Route(_p, readers=STAFF_LIST_READERS),
    "training:commissioned_add": Route(_p, writers=MANAGERS),
    "training:commissioned_edit": Route(_pk("training_commissioned"), writers=MANAGERS),
    "training:requirement_list": Route(_p, readers=STAFF_LIST_READERS),
    "training:requirement_add": Route(_p, writers=MANAGERS),
    "training:requirement_edit": Route(_pk("training_requirement"), writers=MANAGERS),
    "training:requirement_retire": Route(_pk("training_requirement"), writers=MANAGERS),
}


def records(world: dict[str, Any]) -> dict[str, Any]:
    """A past session the practitioner attended and has not evaluated; a colleague's evaluation
    quoted with consent; a webinar week, a commission and a requirement."""
    partnership, agency = world["partnership"], world["agency"]
    practitioner = world["personas"][Role.PRACTITIONER]
    course = make_course(partnership, "Sweep Evaluated Course")
    past = make_session(course, dt.datetime(2025, 2, 11, 9, 30, tzinfo=LONDON))
    mine = Delegate.objects.filter(partnership=partnership, user=practitioner).first()
    mine = mine or make_delegate(partnership, agency, user=practitioner)
    colleague = make_delegate(partnership, agency, email="colleague@testshire.example")
    quoted = make_booking(past, colleague, attendance=Attendance.ATTENDED)
    make_evaluated(quoted, [2, 3, 3], [4, 4, 5], feedback="Useful.", consent_to_quote=True)
    return {
        "training_to_evaluate": make_booking(past, mine, attendance=Attendance.ATTENDED),
        "training_quote": quoted.evaluations.get(stage=EvaluationStage.POST),
        "training_delegate": colleague,
        **_kept_records(partnership, agency),
    }


def _kept_records(partnership: Any, agency: Any) -> dict[str, Any]:
    commissioned_course = make_course(
        partnership, "Sweep Commissioned Course", level=CourseLevel.COMMISSIONED
    )
    commissioned = CommissionedTraining.objects.create(
        course=commissioned_course, audience="Managers", delivered_on=dt.date(2025, 3, 4)
    )
    CommissionedAttendance.objects.create(commissioned=commissioned, agency=agency, attendees=9)
    return {
        "training_webinar": WebinarWeek.objects.create(
            partnership=partnership, title="Sweep Week", starts_on=dt.date(2025, 1, 6)
        ),
        "training_commissioned": commissioned,
        "training_requirement": Requirement.objects.create(
            partnership=partnership, job_role="Social worker", course=commissioned_course
        ),
    }
