"""Writes to the executive, subgroups and meetings, each with its audit entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safeguarding.audit.services import apply_changes, audit_record
from safeguarding.core.models import Agency, Partnership
from safeguarding.governance.models import (
    ExecutiveMember,
    Invitation,
    Meeting,
    Subgroup,
)

if TYPE_CHECKING:
    from safeguarding.accounts.models import User

from safeguarding.governance.services._shared import (
    MAX_DAYS_AHEAD,
    _check_served,
    _create,
    _day,
    _update,
)

# The executive


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
