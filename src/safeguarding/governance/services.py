"""Every write to the executive, subgroups, meetings and budgets, each with its audit entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format

from safeguarding.audit.services import apply_changes, audit_record
from safeguarding.core.models import Agency, Partnership
from safeguarding.core.years import ReportingYear
from safeguarding.governance.models import (
    Activity,
    CommunicationFigure,
    Contribution,
    Engagement,
    ExecutiveMember,
    Expenditure,
    Grant,
    GuidanceChange,
    Indicator,
    Invitation,
    Meeting,
    ParticipationGroup,
    PlanOnAPage,
    Priority,
    Subgroup,
)

if TYPE_CHECKING:
    from safeguarding.accounts.models import User

M = TypeVar("M", bound=models.Model)

#: How far ahead a meeting may be booked.
MAX_DAYS_AHEAD = 366


def _day(day: dt.date) -> str:
    return date_format(day, "j F Y")


def _create(actor: User | None, partnership: Partnership, obj: M, action: str, changes: Any) -> M:
    obj.full_clean()
    obj.save()
    audit_record(actor=actor, action=action, target=obj, partnership=partnership, changes=changes)
    return obj


def _update(
    actor: User | None, partnership: Partnership, obj: M, action: str, data: dict[str, Any]
) -> M:
    changes = apply_changes(obj, data)
    obj.full_clean()
    obj.save()
    if changes:
        audit_record(
            actor=actor, action=action, target=obj, partnership=partnership, changes=changes
        )
    return obj


# The executive


def _check_served(partnership: Partnership, agency: Agency | None, field: str) -> None:
    if agency is not None and not agency.memberships.filter(partnership=partnership).exists():
        raise ValidationError({field: f"{agency} does not serve {partnership}."})


@transaction.atomic
def executive_member_create(
    *,
    actor: User | None,
    partnership: Partnership,
    name: str,
    organisation: Agency | None,
    role_title: str,
    kind: str,
    started_on: dt.date,
    is_chair: bool = False,
) -> ExecutiveMember:
    _check_served(partnership, organisation, "organisation")
    member = ExecutiveMember(
        partnership=partnership,
        name=name.strip(),
        organisation=organisation,
        role_title=role_title.strip(),
        kind=kind,
        is_chair=is_chair,
        started_on=started_on,
    )
    changes = {"name": [None, member.name], "kind": [None, kind], "started_on": [None, started_on]}
    return _create(actor, partnership, member, "governance.executive_member.create", changes)


@transaction.atomic
def executive_member_update(
    *, actor: User | None, member: ExecutiveMember, data: dict[str, Any]
) -> ExecutiveMember:
    _check_served(member.partnership, data.get("organisation"), "organisation")
    ended_on = member.ended_on
    if ended_on and data.get("started_on") and data["started_on"] > ended_on:
        raise ValidationError({"started_on": f"They left on {_day(ended_on)}: start before it."})
    action = "governance.executive_member.update"
    return _update(actor, member.partnership, member, action, data)


@transaction.atomic
def executive_member_end(
    *, actor: User | None, member: ExecutiveMember, ended_on: dt.date
) -> ExecutiveMember:
    if member.ended_on is not None:
        raise ValidationError({"ended_on": f"{member} already left on {_day(member.ended_on)}."})
    if ended_on < member.started_on:
        raise ValidationError(
            {"ended_on": f"The date they left must be on or after {_day(member.started_on)}."}
        )
    action = "governance.executive_member.end"
    return _update(actor, member.partnership, member, action, {"ended_on": ended_on})


# Subgroups


def _unique_subgroup(partnership: Partnership, name: str, exclude: int | None = None) -> None:
    clash = Subgroup.objects.filter(partnership=partnership, name__iexact=name.strip())
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise ValidationError({"name": "This partnership already has a subgroup with this name."})


@transaction.atomic
def subgroup_create(
    *, actor: User | None, partnership: Partnership, name: str, purpose: str = ""
) -> Subgroup:
    _unique_subgroup(partnership, name)
    subgroup = Subgroup(partnership=partnership, name=name.strip(), purpose=purpose)
    changes = {"name": [None, subgroup.name]}
    return _create(actor, partnership, subgroup, "governance.subgroup.create", changes)


@transaction.atomic
def subgroup_update(*, actor: User | None, subgroup: Subgroup, data: dict[str, Any]) -> Subgroup:
    if "name" in data:
        data["name"] = data["name"].strip()
        _unique_subgroup(subgroup.partnership, data["name"], exclude=subgroup.pk)
    return _update(actor, subgroup.partnership, subgroup, "governance.subgroup.update", data)


@transaction.atomic
def subgroup_retire(*, actor: User | None, subgroup: Subgroup, retired_on: dt.date) -> Subgroup:
    if subgroup.retired_on is not None:
        raise ValidationError(
            {"retired_on": f"{subgroup} was already retired on {_day(subgroup.retired_on)}."}
        )
    action = "governance.subgroup.retire"
    return _update(actor, subgroup.partnership, subgroup, action, {"retired_on": retired_on})


# Meetings


def _check_meeting(
    partnership: Partnership, subgroup: Subgroup, date: dt.date, invited: Iterable[Agency]
) -> None:
    if subgroup.partnership_id != partnership.pk:
        raise ValidationError({"subgroup": "Select one of this partnership's subgroups."})
    if (date - timezone.localdate()).days > MAX_DAYS_AHEAD:
        raise ValidationError({"date": "The meeting date must be within a year from today."})
    if subgroup.retired_on is not None and date >= subgroup.retired_on:
        raise ValidationError(
            {"subgroup": f"{subgroup} was retired on {_day(subgroup.retired_on)}."}
        )
    for agency in invited:
        _check_served(partnership, agency, "invited")


@transaction.atomic
def meeting_create(
    *,
    actor: User | None,
    partnership: Partnership,
    subgroup: Subgroup,
    date: dt.date,
    invited: Iterable[Agency],
) -> Meeting:
    invited = list(invited)
    _check_meeting(partnership, subgroup, date, invited)
    meeting = Meeting(partnership=partnership, subgroup=subgroup, date=date)
    changes = {
        "subgroup": [None, str(subgroup)],
        "date": [None, date],
        "invited": [None, sorted(agency.name for agency in invited)],
    }
    _create(actor, partnership, meeting, "governance.meeting.create", changes)
    Invitation.objects.bulk_create(Invitation(meeting=meeting, agency=a) for a in invited)
    return meeting


@transaction.atomic
def meeting_update(
    *,
    actor: User | None,
    meeting: Meeting,
    subgroup: Subgroup,
    date: dt.date,
    invited: Iterable[Agency],
) -> Meeting:
    wanted = {agency.pk: agency for agency in invited}
    _check_meeting(meeting.partnership, subgroup, date, wanted.values())
    changes = apply_changes(meeting, {"subgroup": subgroup, "date": date})
    meeting.save()
    before = set(meeting.invitations.values_list("agency_id", flat=True))
    if before != set(wanted):
        meeting.invitations.exclude(agency_id__in=wanted).delete()
        new = [Invitation(meeting=meeting, agency=wanted[pk]) for pk in set(wanted) - before]
        Invitation.objects.bulk_create(new)
        names = Agency.objects.filter(pk__in=before).values_list("name", flat=True)
        changes["invited"] = [sorted(names), sorted(a.name for a in wanted.values())]
    if changes:
        audit_record(
            actor=actor,
            action="governance.meeting.update",
            target=meeting,
            partnership=meeting.partnership,
            changes=changes,
        )
    return meeting


@transaction.atomic
def meeting_record_attendance(
    *, actor: User | None, meeting: Meeting, attended: Iterable[Agency]
) -> Meeting:
    """Record which invited agencies came; every other invited agency did not."""
    came = {agency.pk for agency in attended}
    invitations = list(meeting.invitations.select_related("agency"))
    strangers = came - {invitation.agency_id for invitation in invitations}
    if strangers:
        names = ", ".join(Agency.objects.filter(pk__in=strangers).values_list("name", flat=True))
        raise ValidationError({"attended": f"{names} was not invited to this meeting."})
    changes: dict[str, list[Any]] = {}
    for invitation in invitations:
        now = invitation.agency_id in came
        if invitation.attended != now:
            changes[invitation.agency.name] = [invitation.attended, now]
            invitation.attended = now
    Invitation.objects.bulk_update(invitations, ["attended"])
    if changes:
        audit_record(
            actor=actor,
            action="governance.meeting.attendance",
            target=meeting,
            partnership=meeting.partnership,
            changes=changes,
        )
    return meeting


# The budget


def _positive(amount: Decimal) -> None:
    if amount <= 0:
        raise ValidationError({"amount": "The amount must be more than £0."})


def _one_contribution(
    partnership: Partnership, year: ReportingYear, agency: Agency, exclude: int | None = None
) -> None:
    rows = Contribution.objects.filter(partnership=partnership, year=year.start_year, agency=agency)
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    if rows.exists():
        raise ValidationError(
            {"agency": f"{agency} already has a contribution for {year}: change that one."}
        )


@transaction.atomic
def contribution_create(
    *,
    actor: User | None,
    partnership: Partnership,
    year: ReportingYear,
    agency: Agency,
    amount: Decimal,
) -> Contribution:
    _positive(amount)
    _check_served(partnership, agency, "agency")
    _one_contribution(partnership, year, agency)
    line = Contribution(partnership=partnership, year=year.start_year, agency=agency, amount=amount)
    changes = {"year": [None, year.label], "agency": [None, agency.name], "amount": [None, amount]}
    return _create(actor, partnership, line, "governance.contribution.create", changes)


@transaction.atomic
def contribution_update(
    *, actor: User | None, line: Contribution, agency: Agency, amount: Decimal
) -> Contribution:
    _positive(amount)
    _check_served(line.partnership, agency, "agency")
    _one_contribution(line.partnership, ReportingYear(line.year), agency, exclude=line.pk)
    data = {"agency": agency, "amount": amount}
    return _update(actor, line.partnership, line, "governance.contribution.update", data)


@transaction.atomic
def grant_create(
    *,
    actor: User | None,
    partnership: Partnership,
    year: ReportingYear,
    amount: Decimal,
    funder: str,
    purpose: str,
    uses: list[str],
) -> Grant:
    _positive(amount)
    line = Grant(
        partnership=partnership,
        year=year.start_year,
        amount=amount,
        funder=funder.strip(),
        purpose=purpose.strip(),
        uses=uses,
    )
    changes = {"year": [None, year.label], "funder": [None, line.funder], "amount": [None, amount]}
    return _create(actor, partnership, line, "governance.grant.create", changes)


@transaction.atomic
def grant_update(*, actor: User | None, line: Grant, data: dict[str, Any]) -> Grant:
    _positive(data.get("amount", line.amount))
    return _update(actor, line.partnership, line, "governance.grant.update", data)


@transaction.atomic
def expenditure_create(
    *,
    actor: User | None,
    partnership: Partnership,
    year: ReportingYear,
    category: str,
    amount: Decimal,
) -> Expenditure:
    _positive(amount)
    line = Expenditure(
        partnership=partnership, year=year.start_year, category=category.strip(), amount=amount
    )
    changes: dict[str, list[Any]] = {
        "year": [None, year.label],
        "category": [None, line.category],
        "amount": [None, amount],
    }
    return _create(actor, partnership, line, "governance.expenditure.create", changes)


@transaction.atomic
def expenditure_update(
    *, actor: User | None, line: Expenditure, data: dict[str, Any]
) -> Expenditure:
    _positive(data.get("amount", line.amount))
    return _update(actor, line.partnership, line, "governance.expenditure.update", data)


@transaction.atomic
def budget_line_remove(*, actor: User | None, line: Contribution | Grant | Expenditure) -> None:
    """Remove a line entered in error; the audit log keeps what it said."""
    audit_record(
        actor=actor,
        action=f"governance.{line._meta.model_name}.remove",
        target=line,
        partnership=line.partnership,
        changes={"year": [ReportingYear(line.year).label, None], "amount": [line.amount, None]},
    )
    line.delete()


# Shared by the records below: years arrive as ReportingYear and are stored as a start year.


def _excluding(rows: models.QuerySet[M], pk: int | None) -> models.QuerySet[M]:
    return rows if pk is None else rows.exclude(pk=pk)


def _years(data: dict[str, Any], *fields: str) -> dict[str, Any]:
    for field in fields:
        if isinstance(data.get(field), ReportingYear):
            data[field] = data[field].start_year
    return data


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


# Priorities and the plan on a page


def _check_priority(
    partnership: Partnership, data: dict[str, Any], exclude: int | None = None
) -> None:
    title = str(data.get("title", "")).strip()
    clash = Priority.objects.filter(partnership=partnership, title__iexact=title)
    if title and _excluding(clash, exclude).exists():
        raise ValidationError({"title": "This partnership already has a priority with this title."})
    first, last = data.get("first_year"), data.get("last_year")
    if first is not None and last is not None and last < first:
        raise ValidationError(
            {"last_year": "The last reporting year must be the first or after it."}
        )


@transaction.atomic
def priority_create(
    *, actor: User | None, partnership: Partnership, title: str, statement: str, **fields: Any
) -> Priority:
    fields = _years(fields, "first_year", "last_year")
    _check_priority(partnership, {"title": title, **fields})
    priority = Priority(
        partnership=partnership, title=title.strip(), statement=statement.strip(), **fields
    )
    changes = {"title": [None, priority.title], "first_year": [None, priority.first_year]}
    return _create(actor, partnership, priority, "governance.priority.create", changes)


@transaction.atomic
def priority_update(*, actor: User | None, priority: Priority, data: dict[str, Any]) -> Priority:
    data = _years(data, "first_year", "last_year")
    current = {"first_year": priority.first_year, "last_year": priority.last_year}
    _check_priority(priority.partnership, {**current, **data}, exclude=priority.pk)
    return _update(actor, priority.partnership, priority, "governance.priority.update", data)


@transaction.atomic
def indicator_create(
    *, actor: User | None, priority: Priority, label: str, **fields: Any
) -> Indicator:
    indicator = Indicator(priority=priority, label=label.strip(), **fields)
    changes = {"priority": [None, priority.title], "label": [None, indicator.label]}
    return _create(actor, priority.partnership, indicator, "governance.indicator.create", changes)


@transaction.atomic
def indicator_update(
    *, actor: User | None, indicator: Indicator, data: dict[str, Any]
) -> Indicator:
    partnership = indicator.priority.partnership
    return _update(actor, partnership, indicator, "governance.indicator.update", data)


@transaction.atomic
def activity_create(
    *, actor: User | None, priority: Priority, year: ReportingYear, text: str, evidence: str = ""
) -> Activity:
    activity = Activity(
        priority=priority, year=year.start_year, text=text.strip(), evidence=evidence.strip()
    )
    changes = {"priority": [None, priority.title], "year": [None, year.label]}
    return _create(actor, priority.partnership, activity, "governance.activity.create", changes)


@transaction.atomic
def activity_update(*, actor: User | None, activity: Activity, data: dict[str, Any]) -> Activity:
    partnership = activity.priority.partnership
    return _update(actor, partnership, activity, "governance.activity.update", _years(data, "year"))


@transaction.atomic
def plan_on_a_page_save(
    *, actor: User | None, partnership: Partnership, year: ReportingYear, **text: str
) -> PlanOnAPage:
    """Write the year's plan on a page text, creating the record the first time."""
    plan = PlanOnAPage.objects.filter(partnership=partnership, year=year.start_year).first()
    text = {key: value.strip() for key, value in text.items()}
    if plan is None:
        plan = PlanOnAPage(partnership=partnership, year=year.start_year, **text)
        changes = {"year": [None, year.label]}
        return _create(actor, partnership, plan, "governance.plan_on_a_page.create", changes)
    return _update(actor, partnership, plan, "governance.plan_on_a_page.update", text)


# Changes to national guidance


@transaction.atomic
def guidance_change_create(
    *,
    actor: User | None,
    partnership: Partnership,
    year: ReportingYear,
    topic: str,
    guidance: str,
    decision: str,
) -> GuidanceChange:
    change = GuidanceChange(
        partnership=partnership,
        year=year.start_year,
        topic=topic.strip(),
        guidance=guidance.strip(),
        decision=decision.strip(),
    )
    changes = {"year": [None, year.label], "topic": [None, change.topic]}
    return _create(actor, partnership, change, "governance.guidance_change.create", changes)


@transaction.atomic
def guidance_change_update(
    *, actor: User | None, change: GuidanceChange, data: dict[str, Any]
) -> GuidanceChange:
    data = _years(data, "year")
    return _update(actor, change.partnership, change, "governance.guidance_change.update", data)
