"""The governance app's sheets in the data pack (docs/data-pack.md): the executive, subgroups,
meetings and who attended them, each year's contributions, grants and expenditure,
communications figures, participation groups and engagements, priorities with their indicators
and activities, the plan on a page and the Working Together changes considered.

Rows name agencies and subgroups by name; the datapack checks a single-name reference against
the pack and the partnership before anything is saved. What it cannot check (a list of invited
agencies, a meeting named by subgroup and date) is checked here when the row is saved, which
refuses the whole import with the row's error.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from functools import reduce
from operator import or_
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

from safeguarding.core.models import Agency, Partnership
from safeguarding.core.years import ReportingYear
from safeguarding.datapack.fields import (
    DATE_HELP,
    NO,
    SEPARATOR,
    YES,
    PackChoiceField,
    PackDateField,
    PackListField,
    PackNumberField,
    PackYearField,
    PackYesNoField,
    joined,
    plain_number,
)
from safeguarding.datapack.registry import (
    Column,
    ImportContext,
    NumberedRows,
    Row,
    Sheet,
    cell,
    register,
    split_list,
)
from safeguarding.governance import services
from safeguarding.governance.models import (
    Activity,
    Channel,
    CommunicationFigure,
    Contribution,
    Engagement,
    ExecutiveMember,
    Expenditure,
    Grant,
    GuidanceChange,
    Indicator,
    Invitation,
    Measure,
    Meeting,
    MemberKind,
    ParticipationGroup,
    PlanOnAPage,
    Priority,
    Rag,
    Subgroup,
)
from safeguarding.learning.models import Action

AMOUNT_ERRORS = {
    "invalid": "Enter an amount in pounds, like 19550 or 1955.50.",
    "min_value": "The amount must be more than £0.",
    "required": "Enter the amount in pounds.",
}


def _amount() -> PackNumberField:
    return PackNumberField(
        max_digits=12, decimal_places=2, min_value=Decimal("0.01"), error_messages=AMOUNT_ERRORS
    )


def _agency(partnership: Partnership, name: str, column: str) -> Agency:
    agency = Agency.objects.filter(memberships__partnership=partnership, name__iexact=name).first()
    if agency is None:
        raise ValidationError({column: f"No agency called “{name}” serves this partnership."})
    return agency


def _subgroup(partnership: Partnership, name: str) -> Subgroup:
    subgroup = Subgroup.objects.filter(partnership=partnership, name__iexact=name).first()
    if subgroup is None:
        raise ValidationError({"subgroup": f"There is no subgroup called “{name}”."})
    return subgroup


def _money(amount: Decimal) -> str:
    return str(plain_number(amount))


# The executive


class ExecutiveRowForm(forms.Form):
    name = forms.CharField(max_length=200, error_messages={"required": "Enter the member's name."})
    organisation = forms.CharField(max_length=200, required=False)
    role_title = forms.CharField(
        max_length=200, error_messages={"required": "Enter the member's role."}
    )
    kind = PackChoiceField(choices=MemberKind.choices)
    is_chair = PackYesNoField(required=False)
    started_on = PackDateField(required_message="Enter the date they joined.")
    ended_on = PackDateField(required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        started, ended = data.get("started_on"), data.get("ended_on")
        if started and ended and ended < started:
            self.add_error(
                "ended_on", "The date they left must be on or after the date they joined."
            )
        return data


def export_executive(partnership: Partnership) -> Iterator[Row]:
    rows = ExecutiveMember.objects.filter(partnership=partnership).select_related("organisation")
    for member in rows.order_by("started_on", "name"):
        yield {
            "name": member.name,
            "organisation": member.organisation.name if member.organisation else "",
            "role_title": member.role_title,
            "kind": member.kind,
            "is_chair": YES if member.is_chair else NO,
            "started_on": cell(member.started_on),
            "ended_on": cell(member.ended_on),
        }


def _member_data(context: ImportContext, row: dict[str, Any]) -> dict[str, Any]:
    data = dict(row)
    if "organisation" in data:
        name = data["organisation"]
        data["organisation"] = _agency(context.partnership, name, "organisation") if name else None
    if "is_chair" in data:
        data["is_chair"] = data["is_chair"] == YES
    return data


def save_executive_member(context: ImportContext, row: dict[str, Any]) -> ExecutiveMember:
    data = _member_data(context, row)
    has_ended_on = "ended_on" in data
    ended_on: dt.date | None = data.pop("ended_on", None)
    member = ExecutiveMember.objects.filter(
        partnership=context.partnership, name__iexact=data["name"], started_on=data["started_on"]
    ).first()
    if member is None:
        member = services.executive_member_create(
            actor=context.actor,
            partnership=context.partnership,
            name=data["name"],
            organisation=data.get("organisation"),
            role_title=data["role_title"],
            kind=data["kind"],
            started_on=data["started_on"],
            is_chair=data.get("is_chair", False),
        )
    else:
        services.executive_member_update(actor=context.actor, member=member, data=data)
    if has_ended_on and ended_on != member.ended_on:
        _end_member(context, member, ended_on)
    return member


def _end_member(context: ImportContext, member: ExecutiveMember, ended_on: dt.date | None) -> None:
    if member.ended_on is None and ended_on is not None:
        services.executive_member_end(actor=context.actor, member=member, ended_on=ended_on)
    else:
        data = {"ended_on": ended_on}
        services.executive_member_update(actor=context.actor, member=member, data=data)


# Subgroups


class SubgroupRowForm(forms.Form):
    name = forms.CharField(
        max_length=200, error_messages={"required": "Enter the subgroup's name."}
    )
    purpose = forms.CharField(required=False)
    retired_on = PackDateField(required=False)


def export_subgroups(partnership: Partnership) -> Iterator[Row]:
    # In the order they were made, so an import makes them in the same order.
    for subgroup in Subgroup.objects.filter(partnership=partnership).order_by("pk"):
        yield {
            "name": subgroup.name,
            "purpose": subgroup.purpose,
            "retired_on": cell(subgroup.retired_on),
        }


def save_subgroup(context: ImportContext, row: dict[str, Any]) -> Subgroup:
    has_retired_on = "retired_on" in row
    retired_on: dt.date | None = row.pop("retired_on", None)
    subgroup = Subgroup.objects.filter(
        partnership=context.partnership, name__iexact=row["name"]
    ).first()
    if subgroup is None:
        subgroup = services.subgroup_create(
            actor=context.actor, partnership=context.partnership, **row
        )
    else:
        services.subgroup_update(actor=context.actor, subgroup=subgroup, data=row)
    if has_retired_on and retired_on != subgroup.retired_on:
        _retire_subgroup(context, subgroup, retired_on)
    return subgroup


def _retire_subgroup(
    context: ImportContext, subgroup: Subgroup, retired_on: dt.date | None
) -> None:
    if subgroup.retired_on is None and retired_on is not None:
        services.subgroup_retire(actor=context.actor, subgroup=subgroup, retired_on=retired_on)
    else:
        data = {"retired_on": retired_on}
        services.subgroup_update(actor=context.actor, subgroup=subgroup, data=data)


# Meetings and attendance


class MeetingRowForm(forms.Form):
    subgroup = forms.CharField(max_length=200, error_messages={"required": "Enter the subgroup."})
    date = PackDateField(required_message="Enter the meeting's date.")
    invited = PackListField(required=False)


def export_meetings(partnership: Partnership) -> Iterator[Row]:
    meetings = Meeting.objects.filter(partnership=partnership).select_related("subgroup")
    invited: dict[int, list[str]] = {}
    names = Invitation.objects.filter(meeting__partnership=partnership)
    for meeting_id, name in names.values_list("meeting_id", "agency__name"):
        invited.setdefault(meeting_id, []).append(name)
    for meeting in meetings.order_by("date", "subgroup__name"):
        yield {
            "subgroup": meeting.subgroup.name,
            "date": cell(meeting.date),
            "invited": SEPARATOR.join(sorted(invited.get(meeting.pk, []), key=str.casefold)),
        }


def _find_meeting(partnership: Partnership, subgroup: str, date: dt.date) -> Meeting | None:
    return Meeting.objects.filter(
        partnership=partnership, subgroup__name__iexact=subgroup, date=date
    ).first()


def save_meeting(context: ImportContext, row: dict[str, Any]) -> Meeting:
    partnership = context.partnership
    meeting = _find_meeting(partnership, row["subgroup"], row["date"])
    if meeting is not None and "invited" not in row:
        return meeting
    invited = [_agency(partnership, name, "invited") for name in split_list(row.get("invited", ""))]
    if meeting is None:
        subgroup = _subgroup(partnership, row["subgroup"])
        return services.meeting_create(
            actor=context.actor,
            partnership=partnership,
            subgroup=subgroup,
            date=row["date"],
            invited=invited,
        )
    return services.meeting_update(
        actor=context.actor,
        meeting=meeting,
        subgroup=meeting.subgroup,
        date=meeting.date,
        invited=invited,
    )


class AttendanceRowForm(forms.Form):
    subgroup = forms.CharField(max_length=200, error_messages={"required": "Enter the subgroup."})
    date = PackDateField(required_message="Enter the meeting's date.")
    agency = forms.CharField(max_length=200, error_messages={"required": "Enter the agency."})
    attended = PackYesNoField(error_messages={"required": "Enter yes or no."})


def export_attendance(partnership: Partnership) -> Iterator[Row]:
    rows = Invitation.objects.filter(
        meeting__partnership=partnership, attended__isnull=False
    ).select_related("meeting__subgroup", "agency")
    for invitation in rows.order_by("meeting__date", "meeting__subgroup__name", "agency__name"):
        yield {
            "subgroup": invitation.meeting.subgroup.name,
            "date": cell(invitation.meeting.date),
            "agency": invitation.agency.name,
            "attended": YES if invitation.attended else NO,
        }


def save_attendance(context: ImportContext, row: dict[str, Any]) -> Meeting:
    """Record whether one invited agency came. The service records a meeting's attendance as a
    whole, so the others keep theirs (an invitation not yet recorded becomes "no")."""
    meeting = _find_meeting(context.partnership, row["subgroup"], row["date"])
    if meeting is None:
        message = f"There is no meeting of {row['subgroup']} on {cell(row['date'])}."
        raise ValidationError({"date": f"{message} Add it to the meetings sheet."})
    invitations = list(meeting.invitations.select_related("agency"))
    mine = [i for i in invitations if i.agency.name.casefold() == row["agency"].casefold()]
    if not mine:
        raise ValidationError({"agency": f"{row['agency']} was not invited to this meeting."})
    came = [i.agency for i in invitations if i.attended and i not in mine]
    if row["attended"] == YES:
        came.append(mine[0].agency)
    return services.meeting_record_attendance(actor=context.actor, meeting=meeting, attended=came)


# The budget


def _share() -> PackNumberField:
    return PackNumberField(
        required=False,
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        error_messages={
            "invalid": "Enter the share as a percentage, like 74 or 12.5.",
            "min_value": "A share cannot be less than 0%.",
            "max_value": "A share cannot be more than 100%.",
        },
    )


#: Published shares are rounded: a year's may add up to a point over 100% and still be right.
SHARE_ROUNDING = Decimal(1)


def check_shares(rows: NumberedRows) -> Iterator[tuple[int, str, str]]:
    """Each year's `share` cells, where given, may not add up to more than 100%."""
    by_year: dict[ReportingYear, list[tuple[int, Decimal]]] = {}
    for number, row in rows:
        if row.get("share") is not None:
            by_year.setdefault(row["year"], []).append((number, row["share"]))
    for year, shares in by_year.items():
        total = sum((share for _, share in shares), Decimal(0))
        if total > 100 + SHARE_ROUNDING:
            message = (
                f"The shares for {year.label} add up to {plain_number(total)}%: they cannot add "
                "up to more than 100%. Correct them, or leave the share column out: the Hub works "
                "shares out from the amounts."
            )
            yield from ((number, "share", message) for number, _ in shares)


class ContributionRowForm(forms.Form):
    year = PackYearField(error_messages={"required": "Enter the reporting year, like 2023-24."})
    agency = forms.CharField(max_length=200, error_messages={"required": "Enter the agency."})
    amount = _amount()
    share = _share()


def export_contributions(partnership: Partnership) -> Iterator[Row]:
    rows = Contribution.objects.filter(partnership=partnership).select_related("agency")
    for line in rows.order_by("year", "agency__name"):
        yield {
            "year": ReportingYear(line.year).label,
            "agency": line.agency.name,
            "amount": _money(line.amount),
        }


def save_contribution(context: ImportContext, row: dict[str, Any]) -> Contribution:
    row.pop("share", None)  # checked, not stored
    year: ReportingYear = row["year"]
    agency = _agency(context.partnership, row["agency"], "agency")
    line = Contribution.objects.filter(
        partnership=context.partnership, year=year.start_year, agency=agency
    ).first()
    if line is None:
        return services.contribution_create(
            actor=context.actor,
            partnership=context.partnership,
            year=year,
            agency=agency,
            amount=row["amount"],
        )
    return services.contribution_update(
        actor=context.actor, line=line, agency=agency, amount=row["amount"]
    )


class GrantRowForm(forms.Form):
    year = PackYearField(error_messages={"required": "Enter the reporting year, like 2023-24."})
    funder = forms.CharField(max_length=200, error_messages={"required": "Enter the funder."})
    purpose = forms.CharField(error_messages={"required": "Enter what the grant is for."})
    amount = _amount()
    uses = PackListField(sort=False, required=False)


def export_grants(partnership: Partnership) -> Iterator[Row]:
    for line in Grant.objects.filter(partnership=partnership).order_by("year", "funder"):
        yield {
            "year": ReportingYear(line.year).label,
            "funder": line.funder,
            "purpose": line.purpose,
            "amount": _money(line.amount),
            "uses": SEPARATOR.join(line.uses),
        }


def save_grant(context: ImportContext, row: dict[str, Any]) -> Grant:
    year: ReportingYear = row.pop("year")
    if "uses" in row:
        row["uses"] = split_list(row["uses"])
    line = Grant.objects.filter(
        partnership=context.partnership, year=year.start_year, funder__iexact=row["funder"]
    ).first()
    if line is None:
        row.setdefault("uses", [])
        return services.grant_create(
            actor=context.actor, partnership=context.partnership, year=year, **row
        )
    return services.grant_update(actor=context.actor, line=line, data=row)


class ExpenditureRowForm(forms.Form):
    year = PackYearField(error_messages={"required": "Enter the reporting year, like 2023-24."})
    category = forms.CharField(max_length=300, error_messages={"required": "Enter the category."})
    amount = _amount()
    share = _share()


def export_expenditure(partnership: Partnership) -> Iterator[Row]:
    for line in Expenditure.objects.filter(partnership=partnership).order_by("year", "category"):
        yield {
            "year": ReportingYear(line.year).label,
            "category": line.category,
            "amount": _money(line.amount),
        }


def save_expenditure(context: ImportContext, row: dict[str, Any]) -> Expenditure:
    row.pop("share", None)  # checked, not stored
    year: ReportingYear = row.pop("year")
    line = Expenditure.objects.filter(
        partnership=context.partnership, year=year.start_year, category__iexact=row["category"]
    ).first()
    if line is None:
        return services.expenditure_create(
            actor=context.actor, partnership=context.partnership, year=year, **row
        )
    return services.expenditure_update(actor=context.actor, line=line, data=row)


YEAR_HELP = "The reporting year, like 2023-24."
AMOUNT_HELP = "In pounds, more than 0, like 19550."
SHARE_HELP = (
    "Optional: the line's share of the year's total in %, as published; checked to add up to "
    "no more than 100%, not stored (the Hub works shares out from the amounts)."
)

EXECUTIVE = register(
    Sheet(
        name="executive",
        order=40,
        description="The partnership's executive, past and present.",
        columns=(
            Column("name", required=True, description="The member's name; key with started_on."),
            Column("organisation", description="The agency they represent, from agencies."),
            Column("role_title", required=True, description="Their job title."),
            Column("kind", required=True, description="lead, delegated, education or other."),
            Column("is_chair", description="yes or no; blank is no."),
            Column("started_on", required=True, description=f"When they joined. {DATE_HELP}"),
            Column("ended_on", description=f"When they left; blank if current. {DATE_HELP}"),
        ),
        key=("name", "started_on"),
        form=ExecutiveRowForm,
        save=save_executive_member,
        export=export_executive,
        references={"organisation": "agencies"},
    )
)

SUBGROUPS = register(
    Sheet(
        name="subgroups",
        order=50,
        description="The partnership's subgroups.",
        columns=(
            Column("name", required=True, description="The subgroup; the key."),
            Column("purpose"),
            Column("retired_on", description=f"When it stopped; blank if current. {DATE_HELP}"),
        ),
        key=("name",),
        form=SubgroupRowForm,
        save=save_subgroup,
        export=export_subgroups,
    )
)

MEETINGS = register(
    Sheet(
        name="meetings",
        order=60,
        description="Subgroup meetings and the agencies invited to each.",
        columns=(
            Column("subgroup", required=True, description="From subgroups; key with date."),
            Column("date", required=True, description=DATE_HELP),
            Column("invited", description="The invited agencies' names, separated by “;”."),
        ),
        key=("subgroup", "date"),
        form=MeetingRowForm,
        save=save_meeting,
        export=export_meetings,
        references={"subgroup": "subgroups", "invited": "agencies"},
        lists=frozenset({"invited"}),
    )
)

ATTENDANCE = register(
    Sheet(
        name="attendance",
        order=70,
        description="Whether each invited agency came to a meeting.",
        columns=(
            Column("subgroup", required=True, description="The meeting's subgroup."),
            Column("date", required=True, description=f"The meeting's date. {DATE_HELP}"),
            Column("agency", required=True, description="An agency invited to the meeting."),
            Column("attended", required=True, description="yes or no."),
        ),
        key=("subgroup", "date", "agency"),
        form=AttendanceRowForm,
        save=save_attendance,
        export=export_attendance,
        references={
            "subgroup": "subgroups",
            ("subgroup", "date"): "meetings",
            "agency": "agencies",
        },
    )
)

CONTRIBUTIONS = register(
    Sheet(
        name="contributions",
        order=80,
        description="What each agency put into the budget, by year.",
        columns=(
            Column("year", required=True, description=YEAR_HELP),
            Column("agency", required=True, description="From agencies; once per year."),
            Column("amount", required=True, description=AMOUNT_HELP),
            Column("share", description=SHARE_HELP),
        ),
        key=("year", "agency"),
        form=ContributionRowForm,
        save=save_contribution,
        export=export_contributions,
        check_rows=check_shares,
        references={"agency": "agencies"},
    )
)

GRANTS = register(
    Sheet(
        name="grants",
        order=90,
        description="Grants received, by year.",
        columns=(
            Column("year", required=True, description=YEAR_HELP),
            Column("funder", required=True, description="Who gave it; key with year."),
            Column("purpose", required=True, description="What it is for."),
            Column("amount", required=True, description=AMOUNT_HELP),
            Column("uses", description="How it was invested, separated by “;”."),
        ),
        key=("year", "funder"),
        form=GrantRowForm,
        save=save_grant,
        export=export_grants,
    )
)

EXPENDITURE = register(
    Sheet(
        name="expenditure",
        order=100,
        description="How the budget was spent, by year and category.",
        columns=(
            Column("year", required=True, description=YEAR_HELP),
            Column("category", required=True, description="What it was spent on."),
            Column("amount", required=True, description=AMOUNT_HELP),
            Column("share", description=SHARE_HELP),
        ),
        key=("year", "category"),
        form=ExpenditureRowForm,
        save=save_expenditure,
        export=export_expenditure,
        check_rows=check_shares,
    )
)


# Part 2: communications, the voice of the child, priorities, the plan and guidance changes.


def _year_field(required: bool = True) -> PackYearField:
    return PackYearField(
        required=required,
        error_messages={"required": "Enter the reporting year, like 2023-24."},
    )


def _label(year: int | None) -> str:
    return "" if year is None else ReportingYear(year).label


def _number(value: Decimal | None) -> str:
    return "" if value is None else _money(value)


def choices_help(choices: list[tuple[str, str]]) -> str:
    return "One of: " + ", ".join(value for value, _ in choices) + "."


# Communications


class CommunicationRowForm(forms.Form):
    year = _year_field()
    channel = PackChoiceField(choices=Channel.choices)
    measure = PackChoiceField(choices=Measure.choices)
    value = PackNumberField(
        max_digits=12,
        decimal_places=2,
        min_value=Decimal(0),
        error_messages={
            "invalid": "Enter a number, like 511 or 24.5.",
            "min_value": "The value cannot be negative.",
            "required": "Enter the value.",
        },
    )
    period = forms.CharField(max_length=200, required=False)
    note = forms.CharField(required=False)


def export_communications(partnership: Partnership) -> Iterator[Row]:
    rows = CommunicationFigure.objects.filter(partnership=partnership)
    for figure in rows.order_by("year", "channel", "measure"):
        yield {
            "year": _label(figure.year),
            "channel": figure.channel,
            "measure": figure.measure,
            "value": _money(figure.value),
            "period": figure.period,
            "note": figure.note,
        }


def save_communication(context: ImportContext, row: dict[str, Any]) -> CommunicationFigure:
    year: ReportingYear = row.pop("year")
    figure = CommunicationFigure.objects.filter(
        partnership=context.partnership,
        year=year.start_year,
        channel=row["channel"],
        measure=row["measure"],
    ).first()
    if figure is None:
        return services.communication_figure_create(
            actor=context.actor, partnership=context.partnership, year=year, **row
        )
    return services.communication_figure_update(actor=context.actor, figure=figure, data=row)


# Participation groups and engagements


class ParticipationGroupRowForm(forms.Form):
    name = forms.CharField(max_length=200, error_messages={"required": "Enter the group's name."})
    agency = forms.CharField(max_length=200, required=False)
    host = forms.CharField(max_length=200, required=False)
    retired_on = PackDateField(required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("agency") and data.get("host"):
            self.add_error("host", "Leave the host empty when the host is an agency.")
        return data


def export_participation_groups(partnership: Partnership) -> Iterator[Row]:
    rows = ParticipationGroup.objects.filter(partnership=partnership).select_related("agency")
    for group in rows.order_by("name"):
        yield {
            "name": group.name,
            "agency": group.agency.name if group.agency else "",
            "host": group.host,
            "retired_on": cell(group.retired_on),
        }


def save_participation_group(context: ImportContext, row: dict[str, Any]) -> ParticipationGroup:
    has_retired_on = "retired_on" in row
    retired_on: dt.date | None = row.pop("retired_on", None)
    if "agency" in row:
        name = row["agency"]
        row["agency"] = _agency(context.partnership, name, "agency") if name else None
    group = ParticipationGroup.objects.filter(
        partnership=context.partnership, name__iexact=row["name"]
    ).first()
    if group is None:
        group = services.participation_group_create(
            actor=context.actor, partnership=context.partnership, **row
        )
    else:
        services.participation_group_update(actor=context.actor, group=group, data=row)
    if has_retired_on and retired_on != group.retired_on:
        _retire_group(context, group, retired_on)
    return group


def _retire_group(
    context: ImportContext, group: ParticipationGroup, retired_on: dt.date | None
) -> None:
    if group.retired_on is None and retired_on is not None:
        services.participation_group_retire(actor=context.actor, group=group, retired_on=retired_on)
    else:
        data = {"retired_on": retired_on}
        services.participation_group_update(actor=context.actor, group=group, data=data)


class EngagementRowForm(forms.Form):
    year = _year_field()
    title = forms.CharField(max_length=300, error_messages={"required": "Enter what was done."})
    details = PackListField(sort=False, required=False)
    influenced = forms.CharField(required=False)
    groups = PackListField(required=False)


def export_engagements(partnership: Partnership) -> Iterator[Row]:
    rows = Engagement.objects.filter(partnership=partnership).prefetch_related("groups")
    for engagement in rows.order_by("year", "pk"):
        names = sorted((group.name for group in engagement.groups.all()), key=str.casefold)
        yield {
            "year": _label(engagement.year),
            "title": engagement.title,
            "details": SEPARATOR.join(engagement.details),
            "influenced": engagement.influenced,
            "groups": SEPARATOR.join(names),
        }


def _groups(partnership: Partnership, text: str) -> list[ParticipationGroup]:
    names = split_list(text)
    found = {
        group.name.casefold(): group
        for group in ParticipationGroup.objects.filter(partnership=partnership)
    }
    missing = [name for name in names if name.casefold() not in found]
    if missing:
        listed = ", ".join(f"“{name}”" for name in missing)
        raise ValidationError({"groups": f"There is no participation group called {listed}."})
    return [found[name.casefold()] for name in names]


def save_engagement(context: ImportContext, row: dict[str, Any]) -> Engagement:
    year: ReportingYear = row.pop("year")
    if "details" in row:
        row["details"] = split_list(row["details"])
    if "groups" in row:
        row["groups"] = _groups(context.partnership, row["groups"])
    engagement = Engagement.objects.filter(
        partnership=context.partnership, year=year.start_year, title__iexact=row["title"]
    ).first()
    if engagement is None:
        return services.engagement_create(
            actor=context.actor, partnership=context.partnership, year=year, **row
        )
    return services.engagement_update(actor=context.actor, engagement=engagement, data=row)


# Priorities, their indicators and activities


class PriorityRowForm(forms.Form):
    title = forms.CharField(max_length=200, error_messages={"required": "Enter the title."})
    statement = forms.CharField(error_messages={"required": "Enter the priority's statement."})
    why_chosen = forms.CharField(required=False)
    aims = PackListField(sort=False, required=False)
    forward_focus = PackListField(sort=False, required=False)
    progress = PackChoiceField(choices=Rag.choices, required=False)
    progress_note = forms.CharField(required=False)
    order = forms.IntegerField(
        min_value=1,
        max_value=99,
        required=False,
        error_messages={
            "invalid": "Enter a whole number from 1 to 99.",
            "min_value": "Enter a whole number from 1 to 99.",
            "max_value": "Enter a whole number from 1 to 99.",
        },
    )
    first_year = _year_field()
    last_year = _year_field(required=False)

    def clean_order(self) -> int:
        return self.cleaned_data.get("order") or 1

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("first_year"), data.get("last_year")
        if first and last and last < first:
            self.add_error("last_year", "The last reporting year must be the first or after it.")
        return data


def export_priorities(partnership: Partnership) -> Iterator[Row]:
    for priority in Priority.objects.filter(partnership=partnership).order_by("order", "title"):
        yield {
            "title": priority.title,
            "statement": priority.statement,
            "why_chosen": priority.why_chosen,
            "aims": SEPARATOR.join(priority.aims),
            "forward_focus": SEPARATOR.join(priority.forward_focus),
            "progress": priority.progress,
            "progress_note": priority.progress_note,
            "order": str(priority.order),
            "first_year": _label(priority.first_year),
            "last_year": _label(priority.last_year),
        }


def save_priority(context: ImportContext, row: dict[str, Any]) -> Priority:
    for column in ("aims", "forward_focus"):
        if column in row:
            row[column] = split_list(row[column])
    priority = _priority(context.partnership, row["title"])
    if priority is None:
        return services.priority_create(actor=context.actor, partnership=context.partnership, **row)
    return services.priority_update(actor=context.actor, priority=priority, data=row)


def _priority(partnership: Partnership, title: str) -> Priority | None:
    return Priority.objects.filter(partnership=partnership, title__iexact=title).first()


def _known_priority(partnership: Partnership, title: str) -> Priority:
    priority = _priority(partnership, title)
    if priority is None:
        raise ValidationError({"priority": f"There is no priority called “{title}”."})
    return priority


class IndicatorRowForm(forms.Form):
    priority = forms.CharField(max_length=200, error_messages={"required": "Enter the priority."})
    label = forms.CharField(max_length=300, error_messages={"required": "Enter what is measured."})
    local_value = PackNumberField(max_digits=12, decimal_places=2, required=False)
    england_value = PackNumberField(max_digits=12, decimal_places=2, required=False)
    unit = forms.CharField(max_length=100, required=False)
    source = forms.CharField(max_length=300, required=False)
    year_label = forms.CharField(max_length=50, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        local, england = data.get("local_value"), data.get("england_value")
        if "local_value" in data and "england_value" in data and local is None and england is None:
            self.add_error("local_value", "Enter the local value, the England value, or both.")
        return data


def export_indicators(partnership: Partnership) -> Iterator[Row]:
    rows = Indicator.objects.filter(priority__partnership=partnership).select_related("priority")
    for indicator in rows.order_by("pk"):
        yield {
            "priority": indicator.priority.title,
            "label": indicator.label,
            "local_value": _number(indicator.local_value),
            "england_value": _number(indicator.england_value),
            "unit": indicator.unit,
            "source": indicator.source,
            "year_label": indicator.year_label,
        }


def save_indicator(context: ImportContext, row: dict[str, Any]) -> Indicator:
    priority = _known_priority(context.partnership, row.pop("priority"))
    indicator = priority.indicators.filter(label__iexact=row["label"]).first()
    if indicator is None:
        return services.indicator_create(actor=context.actor, priority=priority, **row)
    return services.indicator_update(actor=context.actor, indicator=indicator, data=row)


class ActivityRowForm(forms.Form):
    priority = forms.CharField(max_length=200, error_messages={"required": "Enter the priority."})
    year = _year_field()
    text = forms.CharField(error_messages={"required": "Enter what the partnership did."})
    evidence = forms.CharField(required=False)
    actions = PackListField(required=False)


def export_activities(partnership: Partnership) -> Iterator[Row]:
    rows = Activity.objects.filter(priority__partnership=partnership).select_related("priority")
    for activity in rows.prefetch_related("actions").order_by("pk"):
        yield {
            "priority": activity.priority.title,
            "year": _label(activity.year),
            "text": activity.text,
            "evidence": activity.evidence,
            "actions": joined(action.title for action in activity.actions.all()),
        }


def save_activity(context: ImportContext, row: dict[str, Any]) -> Activity:
    priority = _known_priority(context.partnership, row.pop("priority"))
    if "actions" in row:
        row["actions"] = _actions(context.partnership, row["actions"])
    year: ReportingYear = row["year"]
    activity = priority.activities.filter(year=year.start_year, text__iexact=row["text"]).first()
    if activity is None:
        return services.activity_create(actor=context.actor, priority=priority, **row)
    return services.activity_update(actor=context.actor, activity=activity, data=row)


def _actions(partnership: Partnership, text: str) -> list[Action]:
    """The partnership's learning actions a cell names by title: each title must name one."""
    titles = split_list(text)
    found = _actions_called(partnership, titles)
    missing = [f"“{title}”" for title in titles if title.casefold() not in found]
    if missing:
        raise ValidationError(
            {"actions": f"There is no learning action called {', '.join(missing)}."}
        )
    for title in titles:
        if len(alike := found[title.casefold()]) > 1:
            sources = "; ".join(sorted(str(action.source) for action in alike))
            raise ValidationError(
                {"actions": f"More than one learning action is called “{title}” ({sources})."}
            )
    return [found[title.casefold()][0] for title in titles]


def _actions_called(partnership: Partnership, titles: list[str]) -> dict[str, list[Action]]:
    """The partnership's actions with any of the titles, by title ignoring case (one query)."""
    if not titles:
        return {}
    named = reduce(or_, (Q(title__iexact=title) for title in titles))
    rows = Action.objects.filter(named, source__partnership=partnership).select_related("source")
    found: dict[str, list[Action]] = {}
    for action in rows:
        found.setdefault(action.title.casefold(), []).append(action)
    return found


# The plan on a page and changes to national guidance

PLAN_TEXT = ("working_with", "understand", "support_change", "improve_working")


class PlanOnAPageRowForm(forms.Form):
    year = _year_field()
    working_with = forms.CharField(required=False)
    understand = forms.CharField(required=False)
    support_change = forms.CharField(required=False)
    improve_working = forms.CharField(required=False)


def export_plans(partnership: Partnership) -> Iterator[Row]:
    for plan in PlanOnAPage.objects.filter(partnership=partnership).order_by("year"):
        yield {"year": _label(plan.year), **{key: getattr(plan, key) for key in PLAN_TEXT}}


def save_plan(context: ImportContext, row: dict[str, Any]) -> PlanOnAPage:
    year: ReportingYear = row.pop("year")
    return services.plan_on_a_page_save(
        actor=context.actor, partnership=context.partnership, year=year, **row
    )


class GuidanceChangeRowForm(forms.Form):
    year = _year_field()
    topic = forms.CharField(max_length=200, error_messages={"required": "Enter the topic."})
    guidance = forms.CharField(error_messages={"required": "Enter what the guidance says."})
    decision = forms.CharField(error_messages={"required": "Enter what the partnership decided."})


def export_guidance_changes(partnership: Partnership) -> Iterator[Row]:
    for change in GuidanceChange.objects.filter(partnership=partnership).order_by("year", "pk"):
        yield {
            "year": _label(change.year),
            "topic": change.topic,
            "guidance": change.guidance,
            "decision": change.decision,
        }


def save_guidance_change(context: ImportContext, row: dict[str, Any]) -> GuidanceChange:
    year: ReportingYear = row["year"]
    change = GuidanceChange.objects.filter(
        partnership=context.partnership, year=year.start_year, topic__iexact=row["topic"]
    ).first()
    if change is None:
        return services.guidance_change_create(
            actor=context.actor, partnership=context.partnership, **row
        )
    return services.guidance_change_update(actor=context.actor, change=change, data=row)


LIST_HELP = "Separated by “;”."

COMMUNICATIONS = register(
    Sheet(
        name="communications",
        order=110,
        description="Communications figures: one measure of one channel in a reporting year.",
        columns=(
            Column("year", required=True, description=f"{YEAR_HELP} Key with channel, measure."),
            Column("channel", required=True, description=choices_help(Channel.choices)),
            Column("measure", required=True, description=choices_help(Measure.choices)),
            Column("value", required=True, description="A number, 0 or more, like 511."),
            Column("period", description="Only if part of the year, like “since September”."),
            Column("note"),
        ),
        key=("year", "channel", "measure"),
        form=CommunicationRowForm,
        save=save_communication,
        export=export_communications,
    )
)

PARTICIPATION_GROUPS = register(
    Sheet(
        name="participation_groups",
        order=120,
        description="Groups of children, young people and parents the partnership hears from.",
        columns=(
            Column("name", required=True, description="The group; the key."),
            Column("agency", description="The host agency, from agencies."),
            Column("host", description="The host, when it is not an agency."),
            Column("retired_on", description=f"When it stopped; blank if current. {DATE_HELP}"),
        ),
        key=("name",),
        form=ParticipationGroupRowForm,
        save=save_participation_group,
        export=export_participation_groups,
        references={"agency": "agencies"},
    )
)

ENGAGEMENTS = register(
    Sheet(
        name="engagements",
        order=130,
        description="Work shaped by children, young people or parents, and what it influenced.",
        columns=(
            Column("year", required=True, description=f"{YEAR_HELP} Key with title."),
            Column("title", required=True, description="What was done."),
            Column("details", description=f"Details, one item each. {LIST_HELP}"),
            Column("influenced", description="What it influenced."),
            Column("groups", description=f"Groups from participation_groups. {LIST_HELP}"),
        ),
        key=("year", "title"),
        form=EngagementRowForm,
        save=save_engagement,
        export=export_engagements,
        references={"groups": "participation_groups"},
        lists=frozenset({"groups"}),
    )
)

PRIORITIES = register(
    Sheet(
        name="priorities",
        order=140,
        description="The partnership's priorities.",
        columns=(
            Column("title", required=True, description="The priority; the key."),
            Column("statement", required=True, description="As the plan on a page puts it."),
            Column("why_chosen", description="Why it was chosen."),
            Column("aims", description=f"The aims. {LIST_HELP}"),
            Column("forward_focus", description=f"The focus for next year. {LIST_HELP}"),
            Column("progress", description="red, amber or green; blank if not assessed."),
            Column("progress_note", description="About progress."),
            Column("order", description="Its place on the plan, 1 to 99; blank is 1."),
            Column("first_year", required=True, description=YEAR_HELP),
            Column("last_year", description=f"{YEAR_HELP} Blank while it continues."),
        ),
        key=("title",),
        form=PriorityRowForm,
        save=save_priority,
        export=export_priorities,
    )
)

INDICATORS = register(
    Sheet(
        name="indicators",
        order=150,
        description="The figures that explain each priority.",
        columns=(
            Column("priority", required=True, description="From priorities; key with label."),
            Column("label", required=True, description="What is measured."),
            Column("local_value", description="A number; this or england_value, or both."),
            Column("england_value", description="A number: England's figure."),
            Column("unit", description="Like % or per 100,000."),
            Column("source"),
            Column("year_label", description="The figures' year as the source gives it."),
        ),
        key=("priority", "label"),
        form=IndicatorRowForm,
        save=save_indicator,
        export=export_indicators,
        references={"priority": "priorities"},
    )
)

# After the learning actions (order 320), which an activity may name.
ACTIVITIES = register(
    Sheet(
        name="activities",
        order=350,
        description="What the partnership did for each priority, by year.",
        columns=(
            Column("priority", required=True, description="From priorities."),
            Column("year", required=True, description=YEAR_HELP),
            Column("text", required=True, description="What was done; key with priority, year."),
            Column("evidence", description="Evidence of progress or impact."),
            Column(
                "actions",
                description=f"The learning actions it carries out, by title, from actions. "
                f"{LIST_HELP}",
            ),
        ),
        key=("priority", "year", "text"),
        form=ActivityRowForm,
        save=save_activity,
        export=export_activities,
        references={"priority": "priorities"},
    )
)

PLAN_ON_A_PAGE = register(
    Sheet(
        name="plan_on_a_page",
        order=170,
        description="The plan on a page's text around the priorities, one row a year.",
        columns=(
            Column("year", required=True, description=f"{YEAR_HELP} The key."),
            Column("working_with", description="Working in partnership with."),
            Column("understand", description="How we will understand challenges."),
            Column("support_change", description="How we will support positive change."),
            Column("improve_working", description="How we will improve partnership working."),
        ),
        key=("year",),
        form=PlanOnAPageRowForm,
        save=save_plan,
        export=export_plans,
    )
)

GUIDANCE_CHANGES = register(
    Sheet(
        name="guidance_changes",
        order=180,
        description="Changes in national guidance considered, with the local decision on each.",
        columns=(
            Column("year", required=True, description=f"{YEAR_HELP} Key with topic."),
            Column("topic", required=True, description="Like Education."),
            Column("guidance", required=True, description="What the guidance says."),
            Column("decision", required=True, description="What the partnership decided."),
        ),
        key=("year", "topic"),
        form=GuidanceChangeRowForm,
        save=save_guidance_change,
        export=export_guidance_changes,
    )
)
