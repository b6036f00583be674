"""The learning app's routes in the access sweep (tests/test_access_sweep.py), and its records.

Practitioners, the LADO and CDOP roles do not see learning; the business unit and administrators
keep it; agency leads move on their own agency's actions (the world's action is theirs); the
scrutineer comments.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from safeguarding.accounts.roles import Role
from safeguarding.learning import services
from safeguarding.learning.models import SourceKind
from tests.sweep import MANAGERS, Route, _p, _pk

READERS = MANAGERS | {Role.EXECUTIVE, Role.SCRUTINEER, Role.AGENCY_LEAD}
MOVERS = MANAGERS | {Role.AGENCY_LEAD}
COMMENTERS = MANAGERS | {Role.SCRUTINEER}


def _in_source(key: str | None = None) -> Callable[[dict[str, Any]], dict[str, Any]]:
    def kwargs(world: dict[str, Any]) -> dict[str, Any]:
        found = {**_p(world), "source_pk": world["learning_source"].pk}
        return found | ({"pk": world[key].pk} if key else {})

    return kwargs


ROUTES: dict[str, Route] = {
    "learning:action_list": Route(_p, readers=READERS),
    "learning:action_detail": Route(_pk("learning_action"), readers=READERS),
    "learning:action_progress": Route(_pk("learning_action"), writers=MOVERS),
    "learning:action_evidence": Route(_pk("learning_action"), writers=MOVERS),
    "learning:source_list": Route(_p, readers=READERS),
    "learning:source_detail": Route(_pk("learning_source"), readers=READERS),
    "learning:comment_add": Route(_pk("learning_source"), writers=COMMENTERS),
    "learning:finding_add": Route(_in_source(), writers=MANAGERS),
    "learning:finding_edit": Route(_in_source("learning_finding"), writers=MANAGERS),
    "learning:recommendation_add": Route(_in_source(), writers=MANAGERS),
    "learning:recommendation_edit": Route(_in_source("learning_recommendation"), writers=MANAGERS),
    "learning:action_add": Route(_in_source(), writers=MANAGERS),
    "learning:action_edit": Route(_in_source("learning_action"), writers=MANAGERS),
    "learning:dissemination_list": Route(_p, readers=READERS),
    "learning:dissemination_add": Route(_p, writers=MANAGERS),
    "learning:dissemination_edit": Route(_pk("learning_dissemination"), writers=MANAGERS),
}


def records(world: dict[str, Any]) -> dict[str, Any]:
    partnership, day = world["partnership"], dt.date(2023, 6, 1)
    source = services.source_create(
        actor=None,
        partnership=partnership,
        kind=SourceKind.RAPID_REVIEW,
        title="Rapid review: Child Q",
        started_on=day,
    )
    finding = services.finding_create(
        actor=None, source=source, text="Bruising was not escalated.", recorded_on=day
    )
    return {
        "learning_source": source,
        "learning_finding": finding,
        "learning_recommendation": services.recommendation_create(
            actor=None, source=source, text="Refresh the protocol.", made_on=day
        ),
        "learning_action": services.action_create(
            actor=None,
            source=source,
            title="Refresh the bruising protocol",
            owner_agency=world["agency"],
            raised_on=day,
            due_on=dt.date(2023, 12, 1),
        ),
        "learning_dissemination": services.dissemination_create(
            actor=None,
            partnership=partnership,
            method="bulletin",
            title="Learning bulletin 7",
            shared_on=day,
            findings=[finding],
        ),
    }
