"""Writes to communications figures and the voice of children and young people, audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction

from safeguarding.audit.services import apply_changes, audit_record
from safeguarding.core.models import Agency, Partnership
from safeguarding.core.years import ReportingYear
from safeguarding.governance.models import (
    CommunicationFigure,
    Engagement,
    ParticipationGroup,
)

if TYPE_CHECKING:
    from safeguarding.accounts.models import User

from safeguarding.governance.services._shared import (
    _check_served,
    _create,
    _day,
    _excluding,
    _update,
    _years,
)

# Communications


def _one_figure(
    partnership: Partnership, year: int, channel: str, measure: str, exclude: int | None = None
) -> None:
    rows = CommunicationFigure.objects.filter(
        partnership=partnership, year=year, channel=channel, measure=measure
    )
    if _excluding(rows, exclude).exists():
        raise ValidationError(
            {"measure": "This channel already has this measure for the year: change that one."}
        )


@transaction.atomic
def communication_figure_create(
    *,
    actor: User | None,
    partnership: Partnership,
    year: ReportingYear,
    channel: str,
    measure: str,
    value: Decimal,
    period: str = "",
    note: str = "",
) -> CommunicationFigure:
    _one_figure(partnership, year.start_year, channel, measure)
    figure = CommunicationFigure(
        partnership=partnership,
        year=year.start_year,
        channel=channel,
        measure=measure,
        value=value,
        period=period.strip(),
        note=note.strip(),
    )
    changes = {"year": [None, year.label], "figure": [None, str(figure)], "value": [None, value]}
    return _create(actor, partnership, figure, "governance.communication_figure.create", changes)


@transaction.atomic
def communication_figure_update(
    *, actor: User | None, figure: CommunicationFigure, data: dict[str, Any]
) -> CommunicationFigure:
    data = _years(data, "year")
    wanted = {key: data.get(key, getattr(figure, key)) for key in ("year", "channel", "measure")}
    _one_figure(figure.partnership, exclude=figure.pk, **wanted)
    action = "governance.communication_figure.update"
    return _update(actor, figure.partnership, figure, action, data)


# The voice of children and young people


def _unique_group(partnership: Partnership, name: str, exclude: int | None = None) -> None:
    clash = ParticipationGroup.objects.filter(partnership=partnership, name__iexact=name.strip())
    if _excluding(clash, exclude).exists():
        raise ValidationError({"name": "This partnership already has a group with this name."})


@transaction.atomic
def participation_group_create(
    *,
    actor: User | None,
    partnership: Partnership,
    name: str,
    host: str = "",
    agency: Agency | None = None,
) -> ParticipationGroup:
    _unique_group(partnership, name)
    _check_served(partnership, agency, "agency")
    group = ParticipationGroup(
        partnership=partnership, name=name.strip(), host=host.strip(), agency=agency
    )
    changes = {"name": [None, group.name], "hosted_by": [None, group.hosted_by]}
    return _create(actor, partnership, group, "governance.participation_group.create", changes)


@transaction.atomic
def participation_group_update(
    *, actor: User | None, group: ParticipationGroup, data: dict[str, Any]
) -> ParticipationGroup:
    if "name" in data:
        data["name"] = data["name"].strip()
        _unique_group(group.partnership, data["name"], exclude=group.pk)
    _check_served(group.partnership, data.get("agency"), "agency")
    return _update(actor, group.partnership, group, "governance.participation_group.update", data)


@transaction.atomic
def participation_group_retire(
    *, actor: User | None, group: ParticipationGroup, retired_on: dt.date
) -> ParticipationGroup:
    if group.retired_on is not None:
        raise ValidationError(
            {"retired_on": f"{group} was already retired on {_day(group.retired_on)}."}
        )
    action = "governance.participation_group.retire"
    return _update(actor, group.partnership, group, action, {"retired_on": retired_on})


def _check_groups(partnership: Partnership, groups: Iterable[ParticipationGroup]) -> None:
    if any(group.partnership_id != partnership.pk for group in groups):
        raise ValidationError({"groups": "Select this partnership's participation groups."})


@transaction.atomic
def engagement_create(
    *,
    actor: User | None,
    partnership: Partnership,
    year: ReportingYear,
    title: str,
    influenced: str = "",
    details: list[str] | None = None,
    groups: Iterable[ParticipationGroup] = (),
) -> Engagement:
    groups = list(groups)
    _check_groups(partnership, groups)
    engagement = Engagement(
        partnership=partnership,
        year=year.start_year,
        title=title.strip(),
        influenced=influenced.strip(),
        details=details or [],
    )
    changes = {
        "year": [None, year.label],
        "title": [None, engagement.title],
        "groups": [None, sorted(group.name for group in groups)],
    }
    _create(actor, partnership, engagement, "governance.engagement.create", changes)
    engagement.groups.set(groups)
    return engagement


@transaction.atomic
def engagement_update(
    *, actor: User | None, engagement: Engagement, data: dict[str, Any]
) -> Engagement:
    groups = list(data.pop("groups", engagement.groups.all()))
    _check_groups(engagement.partnership, groups)
    changes = apply_changes(engagement, _years(data, "year"))
    engagement.full_clean()
    engagement.save()
    before = sorted(engagement.groups.values_list("name", flat=True))
    after = sorted(group.name for group in groups)
    if before != after:
        engagement.groups.set(groups)
        changes["groups"] = [before, after]
    if changes:
        audit_record(
            actor=actor,
            action="governance.engagement.update",
            target=engagement,
            partnership=engagement.partnership,
            changes=changes,
        )
    return engagement
