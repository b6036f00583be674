"""The escalations pages in the access sweep (tests/test_access_sweep.py).

The sweep's difference was raised by the practitioner persona for the personas' agency, so every
role that reads the register reads it: the business unit, administrators, executive and
scrutineer read everything; the agency lead and the practitioner read this one. The agency lead
records its steps; the business unit and administrators change, close and raise findings from it,
and keep the survey. Those who read the register but not the survey or the figures (the agency lead
and the practitioner) get 403 there. The LADO and CDOP roles get 404 on every escalations page
(`hidden_from`).
"""

from __future__ import annotations

from typing import Any

from safeguarding.accounts.roles import Role
from safeguarding.escalations.policies import READ_ALL, READ_SOME
from tests.escalations.factories import EscalationFactory, SurveyResponseFactory
from tests.sweep import MANAGERS, Route, _p, _pk

RAISERS = MANAGERS | {Role.AGENCY_LEAD, Role.PRACTITIONER}
STEPPERS = MANAGERS | {Role.AGENCY_LEAD}
#: Members who get 404 (never 403) on every escalations page.
HIDDEN_FROM = frozenset({Role.LADO, Role.CDOP})


def route(kwargs: Any, **who: Any) -> Route:
    return Route(kwargs, **who, hidden_from=HIDDEN_FROM)


def _step(world: dict[str, Any]) -> dict[str, Any]:
    escalation = world["escalation"]
    return {**_pk("escalation")(world), "step_pk": escalation.steps.get().pk}


ROUTES: dict[str, Route] = {
    "escalations:escalation_list": route(_p, readers=READ_SOME),
    "escalations:escalation_raise": route(_p, writers=RAISERS),
    "escalations:escalation_detail": route(_pk("escalation"), readers=READ_SOME),
    "escalations:escalation_edit": route(_pk("escalation"), writers=MANAGERS),
    "escalations:escalation_step": route(_pk("escalation"), writers=STEPPERS),
    "escalations:step_complete": route(_step, writers=STEPPERS),
    "escalations:escalation_close": route(_pk("escalation"), writers=MANAGERS),
    "escalations:escalation_finding": route(_pk("escalation"), writers=MANAGERS),
    "escalations:survey_list": route(_p, readers=READ_ALL),
    "escalations:survey_add": route(_p, writers=MANAGERS),
    "escalations:survey_edit": route(_pk("escalation_survey_response"), writers=MANAGERS),
    "escalations:figures": route(_p, readers=READ_ALL),
}


def records(world: dict[str, Any]) -> dict[str, Any]:
    partnership, agency = world["partnership"], world["agency"]
    escalation = EscalationFactory(
        partnership=partnership,
        raising_agency=agency,
        raised_by=world["personas"][Role.PRACTITIONER],
        reference="RPD-SWEEP",
    )
    return {
        "escalation": escalation,
        "escalation_survey_response": SurveyResponseFactory(partnership=partnership),
    }
