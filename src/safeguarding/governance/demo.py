"""Load the demo partnership's governance (demo/data/somerset-governance.toml), idempotently."""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from safeguarding.core.models import Agency, Partnership
from safeguarding.core.years import ReportingYear
from safeguarding.governance import services
from safeguarding.governance.models import (
    CommunicationFigure,
    Contribution,
    Engagement,
    ExecutiveMember,
    Expenditure,
    Grant,
    GuidanceChange,
    Meeting,
    ParticipationGroup,
    PlanOnAPage,
    Priority,
    Subgroup,
)

DEFAULT_DATA = Path(__file__).parent.parent / "demo" / "data" / "somerset-governance.toml"


@transaction.atomic
def load(partnership: Partnership, path: Path = DEFAULT_DATA) -> None:
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    for spec in data.get("executive", []):
        _member(partnership, spec)
    subgroups = {spec["name"]: _subgroup(partnership, spec) for spec in data.get("subgroups", [])}
    invited = [_agency(name) for name in data.get("attendance", {}).get("invited", [])]
    for spec in data.get("meetings", []):
        _meeting(partnership, subgroups[spec["subgroup"]], spec, invited)
    for spec in data.get("budget", []):
        _budget(partnership, spec)
    _load_part_two(partnership, data)


def _load_part_two(partnership: Partnership, data: dict[str, Any]) -> None:
    for spec in data.get("communications", []):
        _figure(partnership, spec)
    groups = {
        spec["name"]: _group(partnership, spec) for spec in data.get("participation_groups", [])
    }
    for spec in data.get("engagements", []):
        _engagement(partnership, spec, groups)
    for spec in data.get("guidance_changes", []):
        _guidance_change(partnership, spec)
    if "plan_on_a_page" in data:
        _plan(partnership, data["plan_on_a_page"])
    for spec in data.get("priorities", []):
        _priority(partnership, spec)


def _agency(name: str) -> Agency:
    return Agency.objects.get(name__iexact=name)


def _member(partnership: Partnership, spec: dict[str, Any]) -> None:
    member = ExecutiveMember.objects.filter(
        partnership=partnership, name=spec["name"], started_on=spec["started_on"]
    ).first()
    if member is None:
        member = services.executive_member_create(
            actor=None,
            partnership=partnership,
            name=spec["name"],
            organisation=_agency(spec["organisation"]) if "organisation" in spec else None,
            role_title=spec["role_title"],
            kind=spec["kind"],
            started_on=spec["started_on"],
            is_chair=spec.get("is_chair", False),
        )
    if "ended_on" in spec and member.ended_on is None:
        services.executive_member_end(actor=None, member=member, ended_on=spec["ended_on"])


def _subgroup(partnership: Partnership, spec: dict[str, Any]) -> Subgroup:
    existing = Subgroup.objects.filter(partnership=partnership, name=spec["name"]).first()
    return existing or services.subgroup_create(
        actor=None, partnership=partnership, name=spec["name"], purpose=spec.get("purpose", "")
    )


def _meeting(
    partnership: Partnership, subgroup: Subgroup, spec: dict[str, Any], invited: list[Agency]
) -> None:
    if Meeting.objects.filter(subgroup=subgroup, date=spec["date"]).exists():
        return
    meeting = services.meeting_create(
        actor=None, partnership=partnership, subgroup=subgroup, date=spec["date"], invited=invited
    )
    absent = {name.lower() for name in spec.get("absent", [])}
    came = [agency for agency in invited if agency.name.lower() not in absent]
    services.meeting_record_attendance(actor=None, meeting=meeting, attended=came)


def _budget(partnership: Partnership, spec: dict[str, Any]) -> None:
    year = ReportingYear.from_label(spec["year"])
    lines = {"partnership": partnership, "year": year.start_year}
    for line in spec.get("contributions", []):
        agency = _agency(line["agency"])
        if not Contribution.objects.filter(**lines, agency=agency).exists():
            services.contribution_create(
                actor=None,
                partnership=partnership,
                year=year,
                agency=agency,
                amount=Decimal(line["amount"]),
            )
    for line in spec.get("grants", []):
        if not Grant.objects.filter(**lines, funder=line["funder"]).exists():
            fields = {key: line[key] for key in ("funder", "purpose", "uses")}
            services.grant_create(
                actor=None,
                partnership=partnership,
                year=year,
                amount=Decimal(line["amount"]),
                **fields,
            )
    for line in spec.get("expenditure", []):
        if not Expenditure.objects.filter(**lines, category=line["category"]).exists():
            services.expenditure_create(
                actor=None,
                partnership=partnership,
                year=year,
                category=line["category"],
                amount=Decimal(line["amount"]),
            )


def _figure(partnership: Partnership, spec: dict[str, Any]) -> None:
    year = ReportingYear.from_label(spec["year"])
    key = {"channel": spec["channel"], "measure": spec["measure"]}
    if CommunicationFigure.objects.filter(
        partnership=partnership, year=year.start_year, **key
    ).exists():
        return
    services.communication_figure_create(
        actor=None,
        partnership=partnership,
        year=year,
        value=Decimal(str(spec["value"])),
        period=spec.get("period", ""),
        note=spec.get("note", ""),
        **key,
    )


def _group(partnership: Partnership, spec: dict[str, Any]) -> ParticipationGroup:
    existing = ParticipationGroup.objects.filter(partnership=partnership, name=spec["name"]).first()
    return existing or services.participation_group_create(
        actor=None,
        partnership=partnership,
        name=spec["name"],
        host=spec.get("host", ""),
        agency=_agency(spec["agency"]) if "agency" in spec else None,
    )


def _engagement(
    partnership: Partnership, spec: dict[str, Any], groups: dict[str, ParticipationGroup]
) -> None:
    year = ReportingYear.from_label(spec["year"])
    rows = Engagement.objects.filter(partnership=partnership, year=year.start_year)
    if rows.filter(title=spec["title"]).exists():
        return
    services.engagement_create(
        actor=None,
        partnership=partnership,
        year=year,
        title=spec["title"],
        influenced=spec.get("influenced", ""),
        details=spec.get("details", []),
        groups=[groups[name] for name in spec.get("groups", [])],
    )


def _guidance_change(partnership: Partnership, spec: dict[str, Any]) -> None:
    year = ReportingYear.from_label(spec["year"])
    rows = GuidanceChange.objects.filter(partnership=partnership, year=year.start_year)
    if not rows.filter(topic=spec["topic"]).exists():
        fields = {key: spec[key] for key in ("topic", "guidance", "decision")}
        services.guidance_change_create(actor=None, partnership=partnership, year=year, **fields)


def _plan(partnership: Partnership, spec: dict[str, Any]) -> None:
    year = ReportingYear.from_label(spec["year"])
    if PlanOnAPage.objects.filter(partnership=partnership, year=year.start_year).exists():
        return
    text = {key: spec.get(key, "") for key in PLAN_TEXT}
    services.plan_on_a_page_save(actor=None, partnership=partnership, year=year, **text)


PLAN_TEXT = ("working_with", "understand", "support_change", "improve_working")
PRIORITY_TEXT = ("why_chosen", "aims", "forward_focus", "progress", "progress_note", "order")
INDICATOR_TEXT = ("unit", "source", "year_label")


def _priority(partnership: Partnership, spec: dict[str, Any]) -> None:
    if Priority.objects.filter(partnership=partnership, title=spec["title"]).exists():
        return
    priority = services.priority_create(
        actor=None,
        partnership=partnership,
        title=spec["title"],
        statement=spec["statement"],
        first_year=ReportingYear.from_label(spec["first_year"]),
        **{key: spec[key] for key in PRIORITY_TEXT if key in spec},
    )
    for line in spec.get("indicators", []):
        services.indicator_create(
            actor=None,
            priority=priority,
            label=line["label"],
            local_value=_number(line.get("local_value")),
            england_value=_number(line.get("england_value")),
            **{key: line[key] for key in INDICATOR_TEXT if key in line},
        )
    for line in spec.get("activities", []):
        services.activity_create(
            actor=None,
            priority=priority,
            year=ReportingYear.from_label(line["year"]),
            text=line["text"],
            evidence=line.get("evidence", ""),
        )


def _number(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)
