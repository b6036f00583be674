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
    Contribution,
    ExecutiveMember,
    Expenditure,
    Grant,
    Meeting,
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
