"""The reports app's own section: who the partnership is, from the core records."""

from __future__ import annotations

from collections import Counter

from safeguarding.core.models import Designation, Partnership, Sector
from safeguarding.core.years import ReportingYear
from safeguarding.reports import selectors
from safeguarding.reports.registry import Section, SectionData, register

_SECTORS = dict(Sector.choices)
_GROUPS = {
    Designation.STATUTORY_PARTNER: "Statutory safeguarding partners",
    Designation.RELEVANT_AGENCY: "Relevant agencies",
}


def about_data(partnership: Partnership, year: ReportingYear) -> SectionData:
    links = list(selectors.agency_links_in_year(partnership, year))
    footprints = [f.name for f in selectors.footprints_in_year(partnership, year)]
    areas = list(partnership.local_authority_areas)
    sectors = Counter(_SECTORS.get(link.agency.sector, link.agency.sector) for link in links)
    return {
        "paragraphs": [
            f"{partnership.name} covers {_join(areas) or 'no local authority area yet'}.",
            f"{len(links)} {'agency serves' if len(links) == 1 else 'agencies serve'} "
            f"the partnership in {year.label}.",
        ],
        "lists": [
            {"heading": heading, "items": [x.agency.name for x in links if x.designation == code]}
            for code, heading in _GROUPS.items()
        ]
        + [{"heading": "Footprints the partnership belongs to", "items": footprints}],
        "charts": [
            {"title": "Agencies by sector", "points": [[k, v] for k, v in sorted(sectors.items())]}
        ],
    }


def _join(items: list[str]) -> str:
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


register(Section(code="about", title="About the partnership", data=about_data))
