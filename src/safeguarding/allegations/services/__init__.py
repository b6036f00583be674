"""Every write to the LADO register, each with its audit entry (docs/allegations.md, "Services").

Split by responsibility: one allegation at a time (`records`), many at once (`batch`), and the
rules both ask (`_rules`); callers use `allegations.services.<function>`.
"""

from safeguarding.allegations.services.batch import AllegationRow, allegations_create_many
from safeguarding.allegations.services.reads import allegation_read, register_read
from safeguarding.allegations.services.records import (
    allegation_conclude,
    allegation_create,
    allegation_finding_raise,
    allegation_update,
    next_reference,
    source_title,
)

# A refused row of `allegations_create_many` (its number, and the field errors).
from safeguarding.core.service_helpers import BatchRowRefused

__all__ = [
    "AllegationRow",
    "BatchRowRefused",
    "allegation_conclude",
    "allegation_create",
    "allegation_finding_raise",
    "allegation_read",
    "allegation_update",
    "allegations_create_many",
    "next_reference",
    "register_read",
    "source_title",
]
