"""Learning records for tests, made through the services so they are always valid."""

from __future__ import annotations

import datetime as dt
from typing import Any

from safeguarding.core.models import Agency, Partnership
from safeguarding.learning import services
from safeguarding.learning.models import (
    Action,
    ActionStatus,
    ImpactEvidence,
    ImpactJudgement,
    ImpactMethod,
    Source,
    SourceKind,
)

RAISED = dt.date(2023, 6, 1)


def make_source(
    partnership: Partnership,
    title: str = "Rapid review: Child Q",
    kind: str = SourceKind.RAPID_REVIEW,
    started_on: dt.date = dt.date(2023, 5, 2),
) -> Source:
    return services.source_create(
        actor=None, partnership=partnership, kind=kind, title=title, started_on=started_on
    )


def make_action(
    source: Source, agency: Agency, title: str = "Refresh the bruising protocol", **fields: Any
) -> Action:
    values: dict[str, Any] = {"raised_on": RAISED, "due_on": dt.date(2023, 12, 1)} | fields
    if values.get("status") == ActionStatus.COMPLETED:
        values.setdefault("completed_on", values["due_on"])
    return services.action_create(
        actor=None, source=source, title=title, owner_agency=agency, **values
    )


def make_evidence(
    action: Action,
    judgement: str = ImpactJudgement.SHOWN,
    gathered_on: dt.date = dt.date(2024, 1, 15),
) -> ImpactEvidence:
    return services.impact_evidence_add(
        actor=None,
        action=action,
        method=ImpactMethod.AUDIT,
        summary="A dip-sample audit found the protocol followed in 9 of 10 cases.",
        judgement=judgement,
        gathered_on=gathered_on,
    )
