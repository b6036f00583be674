"""Every write to the learning loop, each with its audit entry.

Split by responsibility; callers (this app's views, domain apps) use `learning.services.<function>`.
A domain app creates the Source of its record with `source_create` (or, for a record whose learning
starts with its first finding, `source_for`) and keeps its title and date in step with
`source_update`.
"""

from safeguarding.learning.services.actions import (
    action_create,
    action_date_errors,
    action_progress_add,
    action_update,
    impact_evidence_add,
    impact_evidence_update,
)
from safeguarding.learning.services.findings import (
    dissemination_create,
    dissemination_update,
    finding_create,
    finding_update,
    recommendation_create,
    recommendation_update,
)
from safeguarding.learning.services.sources import (
    comment_add,
    source_create,
    source_for,
    source_update,
)

__all__ = [
    "action_create",
    "action_date_errors",
    "action_progress_add",
    "action_update",
    "comment_add",
    "dissemination_create",
    "dissemination_update",
    "finding_create",
    "finding_update",
    "impact_evidence_add",
    "impact_evidence_update",
    "recommendation_create",
    "recommendation_update",
    "source_create",
    "source_for",
    "source_update",
]
