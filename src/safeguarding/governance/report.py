"""The governance sections of the yearly report: the introduction (who leads the partnership)
and the functioning of the partnership (attendance, the budget, grants and spending).

Figures come from the governance metrics through `metrics.selectors.series`, so entered values
fill years before the Hub; every value is a str or an int, as a published snapshot keeps it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from docx.document import Document

from safeguarding.core.models import Partnership
from safeguarding.core.years import ReportingYear
from safeguarding.governance import figures, selectors
from safeguarding.governance.figures import join, money, percent
from safeguarding.governance.models import ExecutiveMember, Grant, MemberKind
from safeguarding.metrics.registry import Value
from safeguarding.metrics.selectors import Series, series
from safeguarding.reports.registry import Section, SectionData, register
from safeguarding.reports.sentences import compare

Points = list[tuple[str, Value]]
_THE = ("Department ", "Home Office", "Ministry ", "Office ")

# The introduction


def introduction_data(partnership: Partnership, year: ReportingYear) -> SectionData:
    people = figures.executive_year(partnership, year)
    return {
        "paragraphs": [_led_by(people.leads, year), *_changes(people)],
        "lists": [
            {"heading": "Our lead members", "items": [_person(m) for m in people.leads]},
            {"heading": "Our executive", "items": [_person(m) for m in people.executive]},
        ],
    }


def _person(member: ExecutiveMember) -> str:
    place = [member.role_title, member.organisation.name if member.organisation else ""]
    chair = " (chair)" if member.is_chair else ""
    return f"{member.name}{chair} – {', '.join(p for p in place if p)}"


def _led_by(leads: list[ExecutiveMember], year: ReportingYear) -> str:
    if not leads:
        return f"No lead safeguarding partners are recorded at the end of {year.label}."
    titles = [
        f"the {m.role_title} of {m.organisation.name}" if m.organisation else f"the {m.role_title}"
        for m in leads
    ]
    return f"The partnership is led by {join(titles)}."


def _changes(people: figures.ExecutiveYear) -> list[str]:
    left = [m.name for m in people.left]
    welcomed = [m.name for m in people.joined if m.kind == MemberKind.DELEGATED]
    sentences = [_goodbyes(left, welcomed)] if left or welcomed else []
    sentences += [
        f"{m.name} joined the Executive as {_place(m)}."
        for m in people.joined
        if m.kind != MemberKind.DELEGATED
    ]
    return sentences or ["The Executive's membership did not change this year."]


def _goodbyes(left: list[str], welcomed: list[str]) -> str:
    if left and welcomed:
        return f"This year, we said goodbye to {join(left)} and welcomed {join(welcomed)}."
    if left:
        return f"This year, we said goodbye to {join(left)}."
    return f"This year, we welcomed {join(welcomed)} to the Executive."


def _place(member: ExecutiveMember) -> str:
    if member.kind == MemberKind.LEAD:
        return "a lead safeguarding partner"
    if member.kind == MemberKind.EDUCATION:
        return member.get_kind_display()
    return member.role_title


# The functioning of the partnership


def functioning_data(partnership: Partnership, year: ReportingYear) -> SectionData:
    return {
        "parts": [
            _attendance(partnership, year),
            _budget(partnership, year),
            _grants(partnership, year),
            _spending(partnership, year),
        ]
    }


def _years(year: ReportingYear) -> list[ReportingYear]:
    """The year and the four before it, oldest first."""
    return [year.previous(n) for n in range(4, 0, -1)] + [year]


def _points(values: Series) -> Points:
    """Each year's total that the series holds, oldest first."""
    totals = [(year.label, values.total_for(year)) for year in values.years]
    return [(label, value) for label, value in totals if value is not None]


def _parts(values: Series, year: ReportingYear) -> list[tuple[str, Value]]:
    """The year's breakdown values, largest first."""
    cells = [(key, values.value(year, key)) for key in values.keys if key]
    return sorted(
        ((key, value) for key, value in cells if value is not None), key=lambda kv: -kv[1]
    )


def _current(points: Points, year: ReportingYear) -> Value | None:
    return points[-1][1] if points and points[-1][0] == year.label else None


def _attendance(partnership: Partnership, year: ReportingYear) -> dict[str, Any]:
    held = _points(series("governance.meetings", partnership=partnership, years=_years(year)))
    rates = series(
        "governance.attendance_rate",
        partnership=partnership,
        years=[year.previous(), year],
        breakdown="agency",
    )
    count = int(_current(held, year) or 0)
    rows = sorted((k, v) for k, v in _parts(rates, year))
    part: dict[str, Any] = {
        "heading": "Agency attendance at multi-agency subgroups",
        "paragraphs": [_meetings_sentence(held, year), *_attendance_changes(rates, year)],
    }
    if rows:
        across = f"{count} {'meeting' if count == 1 else 'meetings'}"
        part["tables"] = [
            {
                "caption": f"Attendance at multi-agency subgroups, {year.label}",
                "columns": ["Agency", f"% attendance across {across}"],
                "rows": [[agency, f"{percent(rate)}%"] for agency, rate in rows],
            }
        ]
        part["charts"] = [
            {
                "title": f"Attendance at multi-agency subgroups, {year.label} (%)",
                "points": [[agency, percent(rate)] for agency, rate in rows],
            }
        ]
    return part


def _meetings_sentence(held: Points, year: ReportingYear) -> str:
    count = _current(held, year)
    if count is None:
        return f"No multi-agency subgroup meetings are recorded for {year.label}."
    points = [(label, int(value)) for label, value in held]
    if len(points) == 1:
        plural = "meeting" if count == 1 else "meetings"
        return f"The multi-agency subgroups held {int(count)} {plural} in {year.label}."
    return f"The multi-agency subgroups held {compare('meeting', 'meetings', points)}"


def _attendance_changes(rates: Series, year: ReportingYear) -> list[str]:
    before = year.previous()
    changes: dict[str, list[str]] = {"rose": [], "fell": []}
    for agency, now in _parts(rates, year):
        then = rates.value(before, agency)
        if then is None or percent(then) == percent(now):
            continue
        word = "rose" if percent(now) > percent(then) else "fell"
        changes[word].append(f"{agency} ({percent(then)}% to {percent(now)}%)")
    said = [f"{word} for {join(sorted(names))}" for word, names in changes.items() if names]
    return [f"Compared with {before.label}, attendance {' and '.join(said)}."] if said else []


def _budget(partnership: Partnership, year: ReportingYear) -> dict[str, Any]:
    totals = _points(series("governance.budget_total", partnership=partnership, years=_years(year)))
    given = series(
        "governance.contribution", partnership=partnership, years=[year], breakdown="agency"
    )
    lines, total = _parts(given, year), given.total_for(year) or 0
    part: dict[str, Any] = {
        "heading": "The budget",
        "paragraphs": [_budget_sentence(totals, year, funded=bool(lines))],
    }
    if lines:
        part["tables"] = [_money_table("Contributions to the budget", "Agency", lines, total)]
        part["charts"] = [
            {
                "title": f"Contributions to the budget, {year.label} (% of the total)",
                "points": [[agency, figures.share(amount, total)] for agency, amount in lines],
            }
        ]
    return part


def _budget_sentence(totals: Points, year: ReportingYear, *, funded: bool) -> str:
    value = _current(totals, year)
    if value is None:
        return f"No budget is recorded for {year.label}."
    text = f"The overall budget for the partnership in {year.label} was {money(value)}"
    if len(totals) > 1:
        text += f", {_money_change(value, totals[-2])}"
    return text + (", funded by partners as follows." if funded else ".")


def _money_change(value: Value, previous: tuple[str, Value]) -> str:
    label, before = previous
    if value == before:
        return f"the same as in {label}"
    return f"{'up' if value > before else 'down'} from {money(before)} in {label}"


def _money_table(
    caption: str, heading: str, lines: list[tuple[str, Value]], total: Value
) -> dict[str, Any]:
    rows = [[name, money(amount), f"{figures.share(amount, total)}%"] for name, amount in lines]
    return {
        "caption": caption,
        "columns": [heading, "Amount", "Share"],
        "rows": [*rows, ["Total", money(total), "100%"]],
    }


def _grants(partnership: Partnership, year: ReportingYear) -> dict[str, Any]:
    grants = list(selectors.grants_for(partnership, year))
    part: dict[str, Any] = {"heading": "Grants", "paragraphs": [], "lists": []}
    for grant in grants:
        part["paragraphs"].append(_grant_sentence(grant, year))
        part["lists"].append(
            {"heading": f"How the grant from {grant.funder} has been invested", "items": grant.uses}
        )
    if not grants:
        part["paragraphs"] = [_entered_grants(partnership, year)]
    return part


def _grant_sentence(grant: Grant, year: ReportingYear) -> str:
    purpose = grant.purpose.strip().rstrip(".")
    purpose = purpose[:1].lower() + purpose[1:]
    return (
        f"In {year.label}, the partnership received a grant of {money(grant.amount)} "
        f"from {_funder(grant.funder)}"
        + (f" {purpose}." if purpose.startswith("to ") else f": {purpose}.")
    )


def _funder(name: str) -> str:
    """ "the Department for Education", "the Home Office"; other names as they are."""
    return f"the {name}" if name.startswith(_THE) else name


def _entered_grants(partnership: Partnership, year: ReportingYear) -> str:
    total = series("governance.grant_total", partnership=partnership, years=[year]).value(year)
    if total is None:
        return f"No grants are recorded for {year.label}."
    return f"In {year.label}, the partnership received grants of {money(total)}."


def _spending(partnership: Partnership, year: ReportingYear) -> dict[str, Any]:
    spent = series(
        "governance.expenditure", partnership=partnership, years=[year], breakdown="category"
    )
    lines = _parts(spent, year)
    part: dict[str, Any] = {"heading": "How the budget is spent"}
    if not lines:
        part["paragraphs"] = [f"No expenditure is recorded for {year.label}."]
        return part
    total = spent.total_for(year) or Decimal(0)
    part["tables"] = [_money_table(f"Expenditure, {year.label}", "Output", lines, total)]
    return part


def functioning_docx(document: Document, data: SectionData) -> None:
    """Each part under its own heading, written by the generic Word writer."""
    from safeguarding.reports.rendering import write_generic  # WeasyPrint only when writing

    for part in data.get("parts", []):
        document.add_heading(str(part["heading"]), level=2)
        write_generic(document, part)


register(Section(code="introduction", title="Introduction", data=introduction_data))
register(
    Section(
        code="functioning",
        title="Functioning of the partnership",
        data=functioning_data,
        template="governance/report/functioning.html",
        docx=functioning_docx,
    )
)
