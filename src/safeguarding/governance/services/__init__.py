"""Every write to the partnership's governance records, each with its audit entry.

Split by responsibility; callers use `governance.services.<function>`.
"""

from safeguarding.governance.services.budget import (
    budget_line_remove,
    contribution_create,
    contribution_update,
    expenditure_create,
    expenditure_update,
    grant_create,
    grant_update,
)
from safeguarding.governance.services.leadership import (
    executive_member_create,
    executive_member_end,
    executive_member_update,
    meeting_create,
    meeting_record_attendance,
    meeting_update,
    subgroup_create,
    subgroup_retire,
    subgroup_update,
)
from safeguarding.governance.services.outreach import (
    communication_figure_create,
    communication_figure_update,
    engagement_create,
    engagement_update,
    participation_group_create,
    participation_group_retire,
    participation_group_update,
)
from safeguarding.governance.services.plans import (
    activity_create,
    activity_update,
    guidance_change_create,
    guidance_change_update,
    indicator_create,
    indicator_update,
    plan_on_a_page_save,
    priority_create,
    priority_update,
)

__all__ = [
    "activity_create",
    "activity_update",
    "budget_line_remove",
    "communication_figure_create",
    "communication_figure_update",
    "contribution_create",
    "contribution_update",
    "engagement_create",
    "engagement_update",
    "executive_member_create",
    "executive_member_end",
    "executive_member_update",
    "expenditure_create",
    "expenditure_update",
    "grant_create",
    "grant_update",
    "guidance_change_create",
    "guidance_change_update",
    "indicator_create",
    "indicator_update",
    "meeting_create",
    "meeting_record_attendance",
    "meeting_update",
    "participation_group_create",
    "participation_group_retire",
    "participation_group_update",
    "plan_on_a_page_save",
    "priority_create",
    "priority_update",
    "subgroup_create",
    "subgroup_retire",
    "subgroup_update",
]
