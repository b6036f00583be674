"""The governance app's sheets in the data pack (docs/data-pack.md): the executive, subgroups,
meetings and who attended them, and each year's contributions, grants and expenditure.

Rows name agencies and subgroups by name; the datapack checks a single-name reference against
the pack and the partnership before anything is saved. What it cannot check (a list of invited
agencies, a meeting named by subgroup and date) is checked here when the row is saved, which
refuses the whole import with the row's error.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError

from safeguarding.core.datapack import DATE_HELP, PackChoiceField, PackDateField
from safeguarding.core.models import Agency, Partnership
from safeguarding.core.years import ReportingYear
from safeguarding.datapack.registry import Column, ImportContext, Row, Sheet, cell, register
from safeguarding.governance import services
from safeguarding.governance.models import (
    Contribution,
    ExecutiveMember,
    Expenditure,
    Grant,
    Invitation,
    Meeting,
    MemberKind,
    Subgroup,
)
from safeguarding.metrics.datapack import PackNumberField, PackYearField, plain_number

if TYPE_CHECKING:
    pass

YES, NO = "yes", "no"
SEPARATOR = "; "
AMOUNT_ERRORS = {
    "invalid": "Enter an amount in pounds, like 19550 or 1955.50.",
    "min_value": "The amount must be more than £0.",
    "required": "Enter the amount in pounds.",
}


class PackYesNoField(forms.CharField):
    """yes or no (also y/n, true/false, 1/0), cleaned to "yes" or "no" as the export writes it."""

    def clean(self, value: Any) -> str:
        text = (super().clean(value) or "").lower()
        if not text and not self.required:
            return NO
        if text in {"yes", "y", "true", "1"}:
            return YES
        if text in {"no", "n", "false", "0"}:
            return NO
        raise ValidationError("Enter yes or no.")


class PackListField(forms.CharField):
    """Several values in one cell, separated by “;”, cleaned to "a; b" (sorted if `sort`)."""

    def __init__(self, *, sort: bool = False, **kwargs: Any) -> None:
        self.sort = sort
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        parts = [part.strip() for part in (super().clean(value) or "").split(";")]
        parts = [part for part in parts if part]
        return SEPARATOR.join(sorted(parts, key=str.casefold) if self.sort else parts)


def _split(text: str) -> list[str]:
    return [part for part in (part.strip() for part in text.split(";")) if part]


def _amount() -> PackNumberField:
    return PackNumberField(
        max_digits=12, decimal_places=2, min_value=Decimal("0.01"), error_messages=AMOUNT_ERRORS
    )


def _date(required: str) -> PackDateField:
    field = PackDateField()
    field.error_messages["required"] = required
    return field


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
    started_on = _date("Enter the date they joined.")
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
    for subgroup in Subgroup.objects.filter(partnership=partnership).order_by("name"):
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
    date = _date("Enter the meeting's date.")
    invited = PackListField(sort=True, required=False)


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
    invited = [_agency(partnership, name, "invited") for name in _split(row.get("invited", ""))]
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
    date = _date("Enter the meeting's date.")
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


class ContributionRowForm(forms.Form):
    year = PackYearField(error_messages={"required": "Enter the reporting year, like 2023-24."})
    agency = forms.CharField(max_length=200, error_messages={"required": "Enter the agency."})
    amount = _amount()


def export_contributions(partnership: Partnership) -> Iterator[Row]:
    rows = Contribution.objects.filter(partnership=partnership).select_related("agency")
    for line in rows.order_by("year", "agency__name"):
        yield {
            "year": ReportingYear(line.year).label,
            "agency": line.agency.name,
            "amount": _money(line.amount),
        }


def save_contribution(context: ImportContext, row: dict[str, Any]) -> Contribution:
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
    uses = PackListField(required=False)


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
        row["uses"] = _split(row["uses"])
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


def export_expenditure(partnership: Partnership) -> Iterator[Row]:
    for line in Expenditure.objects.filter(partnership=partnership).order_by("year", "category"):
        yield {
            "year": ReportingYear(line.year).label,
            "category": line.category,
            "amount": _money(line.amount),
        }


def save_expenditure(context: ImportContext, row: dict[str, Any]) -> Expenditure:
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
        references={"subgroup": "subgroups"},
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
        references={"subgroup": "subgroups", "agency": "agencies"},
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
        ),
        key=("year", "agency"),
        form=ContributionRowForm,
        save=save_contribution,
        export=export_contributions,
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
        ),
        key=("year", "category"),
        form=ExpenditureRowForm,
        save=save_expenditure,
        export=export_expenditure,
    )
)
