"""The governance pages: executive, subgroups, meetings and attendance, and each year's budget."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from safeguarding.accounts.scope import Scope
from safeguarding.core import selectors as core_selectors
from safeguarding.core.forms import RetireForm
from safeguarding.core.web import partnership_view, posted_data, submit, year_or_404
from safeguarding.core.years import ReportingYear
from safeguarding.governance import policies, selectors, services
from safeguarding.governance.forms import (
    AttendanceForm,
    EndForm,
    ExecutiveMemberForm,
    MeetingForm,
    SubgroupForm,
)
from safeguarding.governance.models import ExecutiveMember, Meeting


def chosen_year(request: HttpRequest) -> ReportingYear | None:
    """The reporting year in `?year=`, None when not given; 404 when it is not a year."""
    label = request.GET.get("year", "").strip()
    return year_or_404(label) if label else None


def _today_initial(field: str) -> dict[str, object]:
    return {field: timezone.localdate()}


# The executive


@partnership_view
def executive_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    policies.executive.require(scope, "view")
    year = chosen_year(request)
    rows = selectors.executive_for(scope.partnership, year)
    context = {
        "year": year,
        "current": selectors.current_executive(rows),
        "past": selectors.past_executive(rows),
        "changes": selectors.executive_changes(scope.partnership, year) if year else None,
        "can_change": policies.executive.can(scope, "change"),
    }
    return render(request, "governance/executive_list.html", context)


@partnership_view
def executive_add(request: HttpRequest, scope: Scope) -> HttpResponse:
    policies.executive.require(scope, "add")
    form = ExecutiveMemberForm(
        posted_data(request), agencies=core_selectors.current_agencies_serving(scope.partnership)
    )
    member = submit(
        request,
        form,
        lambda data: services.executive_member_create(
            actor=scope.user, partnership=scope.partnership, **data
        ),
    )
    if member:
        messages.success(request, f"{member} was added to the executive.")
        return redirect("governance:executive_list", scope.partnership.slug)
    return render(request, "governance/executive_form.html", {"form": form, "member": None})


def _member_initial(member: ExecutiveMember) -> dict[str, object]:
    fields = ("name", "organisation", "role_title", "kind", "is_chair", "started_on")
    return {field: getattr(member, field) for field in fields}


@partnership_view
def executive_edit(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    member = policies.executive.get(scope, pk, "change")
    form = ExecutiveMemberForm(
        posted_data(request),
        initial=_member_initial(member),
        agencies=core_selectors.current_agencies_serving(scope.partnership),
    )
    saved = submit(
        request,
        form,
        lambda data: services.executive_member_update(actor=scope.user, member=member, data=data),
    )
    if saved:
        messages.success(request, f"{member} was updated.")
        return redirect("governance:executive_list", scope.partnership.slug)
    return render(request, "governance/executive_form.html", {"form": form, "member": member})


@partnership_view
def executive_end(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    member = policies.executive.get(scope, pk, "end")
    form = EndForm(posted_data(request), initial=_today_initial("ended_on"))
    saved = submit(
        request,
        form,
        lambda data: services.executive_member_end(actor=scope.user, member=member, **data),
    )
    if saved:
        messages.success(request, f"{member} has left the executive.")
        return redirect("governance:executive_list", scope.partnership.slug)
    return render(request, "governance/executive_end.html", {"form": form, "member": member})


# Subgroups


@partnership_view
def subgroup_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    policies.subgroups.require(scope, "view")
    context = {
        "subgroups": selectors.subgroups_for(scope.partnership),
        "can_change": policies.subgroups.can(scope, "change"),
    }
    return render(request, "governance/subgroup_list.html", context)


@partnership_view
def subgroup_add(request: HttpRequest, scope: Scope) -> HttpResponse:
    policies.subgroups.require(scope, "add")
    form = SubgroupForm(posted_data(request))
    subgroup = submit(
        request,
        form,
        lambda data: services.subgroup_create(
            actor=scope.user, partnership=scope.partnership, **data
        ),
    )
    if subgroup:
        messages.success(request, f"The subgroup “{subgroup}” was added.")
        return redirect("governance:subgroup_list", scope.partnership.slug)
    return render(request, "governance/subgroup_form.html", {"form": form, "subgroup": None})


@partnership_view
def subgroup_edit(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    subgroup = policies.subgroups.get(scope, pk, "change")
    initial = {"name": subgroup.name, "purpose": subgroup.purpose}
    form = SubgroupForm(posted_data(request), initial=initial)
    saved = submit(
        request,
        form,
        lambda data: services.subgroup_update(actor=scope.user, subgroup=subgroup, data=data),
    )
    if saved:
        messages.success(request, f"The subgroup “{subgroup}” was updated.")
        return redirect("governance:subgroup_list", scope.partnership.slug)
    return render(request, "governance/subgroup_form.html", {"form": form, "subgroup": subgroup})


@partnership_view
def subgroup_retire(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    subgroup = policies.subgroups.get(scope, pk, "retire")
    form = RetireForm(posted_data(request), initial=_today_initial("retired_on"))
    saved = submit(
        request,
        form,
        lambda data: services.subgroup_retire(actor=scope.user, subgroup=subgroup, **data),
    )
    if saved:
        messages.success(request, f"The subgroup “{subgroup}” was retired.")
        return redirect("governance:subgroup_list", scope.partnership.slug)
    return render(request, "core/retire_form.html", {"form": form, "thing": subgroup})


# Meetings


@partnership_view
def meeting_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    policies.meetings.require(scope, "view")
    year = chosen_year(request) or ReportingYear.current()
    context = {
        "year": year,
        "years": [year.previous(), year, ReportingYear(year.start_year + 1)],
        "meetings": selectors.meetings_for(scope.partnership, year),
        "attendance": selectors.attendance_for(scope.partnership, year),
        "can_change": policies.meetings.can(scope, "change"),
    }
    return render(request, "governance/meeting_list.html", context)


def _meeting_form(request: HttpRequest, scope: Scope, meeting: Meeting | None) -> MeetingForm:
    subgroups = selectors.subgroups_for(scope.partnership, current_only=meeting is None)
    return MeetingForm(
        posted_data(request),
        initial=selectors.meeting_form_initial(meeting) if meeting else {},
        subgroups=subgroups,
        agencies=core_selectors.current_agencies_serving(scope.partnership),
    )


@partnership_view
def meeting_add(request: HttpRequest, scope: Scope) -> HttpResponse:
    policies.meetings.require(scope, "add")
    form = _meeting_form(request, scope, None)
    meeting = submit(
        request,
        form,
        lambda data: services.meeting_create(
            actor=scope.user, partnership=scope.partnership, **data
        ),
    )
    if meeting:
        messages.success(request, f"The meeting of {meeting} was added.")
        return redirect("governance:meeting_attendance", scope.partnership.slug, meeting.pk)
    return render(request, "governance/meeting_form.html", {"form": form, "meeting": None})


@partnership_view
def meeting_edit(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    meeting = policies.meetings.get(scope, pk, "change")
    form = _meeting_form(request, scope, meeting)
    saved = submit(
        request,
        form,
        lambda data: services.meeting_update(actor=scope.user, meeting=meeting, **data),
    )
    if saved:
        messages.success(request, f"The meeting of {meeting} was updated.")
        return _to_meetings(scope, meeting)
    return render(request, "governance/meeting_form.html", {"form": form, "meeting": meeting})


def _to_meetings(scope: Scope, meeting: Meeting) -> HttpResponse:
    response = redirect("governance:meeting_list", scope.partnership.slug)
    response["Location"] += f"?year={ReportingYear.containing(meeting.date)}"
    return response


@partnership_view
def meeting_attendance(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    meeting = policies.meetings.get(scope, pk, "attendance")
    invitations = list(selectors.invitations_for(meeting))
    form = AttendanceForm(
        posted_data(request),
        initial={"attended": [i.agency_id for i in invitations if i.attended]},
        invited=selectors.invited_agencies(meeting),
    )
    saved = submit(
        request,
        form,
        lambda data: services.meeting_record_attendance(actor=scope.user, meeting=meeting, **data),
    )
    if saved:
        messages.success(request, f"Attendance at {meeting} was recorded.")
        return _to_meetings(scope, meeting)
    return render(request, "governance/attendance_form.html", {"form": form, "meeting": meeting})
