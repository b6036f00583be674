"""Every write to the professional differences register, each with its audit entry.

A difference is raised at a step (usually step 1; an urgent one starts higher) and moves up one or
more steps until it is closed. Each step's due date comes from the partnership's timescale for
that step (`escalation_step_1` … `_4`) on the day the step starts, and is stored. A finding raised
from a difference goes into the learning loop through the difference's own learning Source, made
on first use. Survey responses are practitioners' answers about using the protocol.

| module | services |
| --- | --- |
| `records` | `escalation_create`, `escalation_update` |
| `steps` | `escalation_step_start`, `escalation_step_complete` |
| `outcomes` | `escalation_close`, `escalation_finding_raise` |
| `survey` | `survey_response_create`, `survey_response_update` |
"""

from safeguarding.escalations.services.outcomes import escalation_close, escalation_finding_raise
from safeguarding.escalations.services.records import (
    EDITABLE,
    escalation_create,
    escalation_update,
)
from safeguarding.escalations.services.steps import (
    escalation_step_complete,
    escalation_step_start,
)
from safeguarding.escalations.services.survey import (
    SURVEY_EDITABLE,
    survey_response_create,
    survey_response_update,
)

__all__ = [
    "EDITABLE",
    "SURVEY_EDITABLE",
    "escalation_close",
    "escalation_create",
    "escalation_finding_raise",
    "escalation_step_complete",
    "escalation_step_start",
    "escalation_update",
    "survey_response_create",
    "survey_response_update",
]
