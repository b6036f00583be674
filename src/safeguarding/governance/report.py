"""The governance sections of the yearly report: the introduction (who leads the partnership),
the functioning of the partnership (attendance, the budget, grants and spending), Working
Together 2023, communication, the voice of the child, the priorities (with the year's evidence of
impact of the learning actions their activities carry out) and the plan on a page.

Sections of several headed parts ("parts": [{"heading": ..., generic blocks}]) are drawn by
governance/report/parts.html and `parts_docx`; the others by the generic renderers.

Figures come from the governance metrics through `metrics.selectors.series`, so entered values
fill years before the Hub; every value is a str or an int, as a published snapshot keeps it.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.db.models.expressions import BaseExpression
from docx.document import Document

from safeguarding.core.models import Partnership
from safeguarding.core.years import ReportingYear
from safeguarding.governance import figures, selectors
from safeguarding.governance.figures import join, money, number, percent
from safeguarding.governance.models import (
    Channel,
    CommunicationFigure,
    Engagement,
    ExecutiveMember,
    Grant,
    Indicator,
    Measure,
    MemberKind,
    ParticipationGroup,
    PlanOnAPage,
    Priority,
)
from safeguarding.governance.selectors import FigureChange
from safeguarding.learning.models import ImpactEvidence
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


# Working Together 2023


def working_together_data(partnership: Partnership, year: ReportingYear) -> SectionData:
    changes = list(selectors.guidance_changes_for(partnership).filter(year=year.start_year))
    if not changes:
        return {"paragraphs": [f"No changes in national guidance are recorded for {year.label}."]}
    intro = (
        "The partnership considered the updates to Working Together to Safeguard Children "
        "and any local change required as a result."
    )
    return {
        "paragraphs": [intro],
        "parts": [
            {
                "heading": change.topic,
                "paragraphs": [f"What changed: {change.guidance}", *_decision(change.decision)],
            }
            for change in changes
        ],
    }


def _decision(text: str) -> list[str]:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return [f"Our decision: {lines[0]}", *lines[1:]] if lines else ["No decision is recorded."]


# Communication

_COUNTED = {  # how a sentence counts each measure
    Measure.SUBSCRIBERS: ("new subscriber", "new subscribers"),
    Measure.DOWNLOADS: ("download", "downloads"),
    Measure.VISITORS: ("visitor", "visitors"),
    Measure.CLICKS: ("link click", "link clicks"),
    Measure.PAGE_VISITS: ("page visit", "page visits"),
    Measure.FOLLOWERS: ("new follower", "new followers"),
}


def communication_data(partnership: Partnership, year: ReportingYear) -> SectionData:
    figures_ = sorted(selectors.communications_for(partnership, year), key=_seed_order)
    if not figures_:
        return {"paragraphs": [f"No communications figures are recorded for {year.label}."]}
    channels: dict[str, list[FigureChange]] = {}
    for row in figures_:
        channels.setdefault(row.figure.get_channel_display(), []).append(row)
    parts = [
        {"heading": name, "paragraphs": _channel_sentences(rows)} for name, rows in channels.items()
    ]
    table = {"heading": "Every channel", "tables": [_communication_table(figures_, year)]}
    return {"parts": [*parts, table]}


def _seed_order(row: FigureChange) -> tuple[int, int]:
    """Channels and measures in the order the seed report gives them."""
    return (Channel.values.index(row.figure.channel), Measure.values.index(row.figure.measure))


def _channel_sentences(rows: list[FigureChange]) -> list[str]:
    first = rows[0].figure
    lead = first.period or "This year"
    reached = [f"reached {number(r.figure.value)} people" for r in rows if _is(r, Measure.REACH)]
    counted = [_counted(r) for r in rows if not _is(r, Measure.REACH)]
    said = [*reached, *([f"had {join(counted)}"] if counted else [])]
    we = "we" if first.period else "we have"  # "since September, we had"; "this year, we have had"
    sentence = f"{lead}, {we} {', '.join(said)} for our {_channel(first)}."
    return [sentence, *_changes_sentence(rows), *(r.figure.note for r in rows if r.figure.note)]


def _is(row: FigureChange, measure: Measure) -> bool:
    return row.figure.measure == measure


def _counted(row: FigureChange) -> str:
    value = row.figure.value
    if _is(row, Measure.READ_RATE):
        return f"a read rate of {number(value)}%"
    singular, plural = _COUNTED.get(Measure(row.figure.measure), ("other", "others"))
    return f"{number(value)} {singular if value == 1 else plural}"


def _channel(figure: CommunicationFigure) -> str:
    return str(figure.get_channel_display()).lower()


def _changes_sentence(rows: list[FigureChange]) -> list[str]:
    moves: dict[str, list[str]] = {"an increase": [], "a fall": []}
    for row in rows:
        if row.percent is None or row.percent == 0:
            continue
        what = "reach" if _is(row, Measure.REACH) else str(row.figure.get_measure_display()).lower()
        word = "an increase" if row.percent > 0 else "a fall"
        moves[word].append(f"{what} ({number(abs(row.percent))}%)")
    said = [f"{word} in {join(items)}" for word, items in moves.items() if items]
    return [f"This has been {' and '.join(said)} on the year before."] if said else []


def _communication_table(rows: list[FigureChange], year: ReportingYear) -> dict[str, Any]:
    before = year.previous().label
    return {
        "caption": f"Communications figures, {year.label}",
        "columns": ["Channel", "Measure", year.label, before, "Change on the year"],
        "rows": [
            [
                str(r.figure.get_channel_display()),
                str(r.figure.get_measure_display()),
                number(r.figure.value),
                "Not recorded" if r.previous is None else number(r.previous),
                _change_cell(r),
            ]
            for r in rows
        ],
    }


def _change_cell(row: FigureChange) -> str:
    if row.change is None:
        return ""
    sign = "+" if row.change > 0 else ""
    share = "" if row.percent is None else f" ({sign}{number(row.percent)}%)"
    return f"{sign}{number(row.change)}{share}"


# The voice of the child


def voice_of_child_data(partnership: Partnership, year: ReportingYear) -> SectionData:
    groups = selectors.participation_groups_for(partnership).filter(
        Q(retired_on__isnull=True) | Q(retired_on__gte=year.start)
    )
    engagements = list(selectors.engagements_for(partnership, year))
    said = (
        f"This year, we have engaged with the voices of children and young people "
        f"in {len(engagements)} {'way' if len(engagements) == 1 else 'ways'}:"
        if engagements
        else f"No work with children and young people is recorded for {year.label}."
    )
    return {
        "parts": [
            {
                "heading": "Participation groups",
                "paragraphs": [
                    "A range of partners have participation groups to inform their work "
                    "and influence service provision."
                ],
                "lists": [{"heading": "Participation groups", "items": _groups(groups)}],
            },
            {
                "heading": f"How children and young people shaped our work in {year.label}",
                "paragraphs": [said],
                "lists": [_engagement(e) for e in engagements],
            },
        ]
    }


def _groups(groups: Any) -> list[str]:
    return [_group(g) for g in groups]


def _group(group: ParticipationGroup) -> str:
    host = group.hosted_by
    return f"{group.name} (run by {host})" if host else group.name


def _engagement(engagement: Engagement) -> dict[str, Any]:
    names = [g.name for g in engagement.groups.all()]
    items = [str(d) for d in engagement.details]
    if engagement.influenced:
        items.append(f"What it influenced: {engagement.influenced}")
    if names:
        items.append(f"With: {join(names)}.")
    return {"heading": engagement.title, "items": items}


# Priorities


#: What another app says under each priority, from the rows it counts there ("Child
#: Exploitation: 89 practitioners trained in 2023-24"): lines by priority pk.
PriorityLines = Callable[[Partnership, list[Priority], ReportingYear], dict[int, list[str]]]
_priority_lines: dict[str, PriorityLines] = {}


def register_priority_lines(
    name: str, lines: PriorityLines, *, cites: Callable[[], BaseExpression]
) -> None:
    """Add an app's lines to each priority's activity in the report (governance never imports
    the apps below it). `cites` is an expression over a Priority row, true when the app counts
    anything under it: `lines` is called once per report, with only those priorities, so a
    partnership where nothing cites a priority costs no query."""
    selectors.register_citation(name, cites)
    _priority_lines[name] = lines


def _cited_lines(
    partnership: Partnership, active: list[Priority], year: ReportingYear
) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for name, lines in _priority_lines.items():
        cited = [p for p in active if selectors.is_cited(p, name)]
        for pk, said in (lines(partnership, cited, year) if cited else {}).items():
            found.setdefault(pk, []).extend(said)
    return found


def priorities_data(partnership: Partnership, year: ReportingYear) -> SectionData:
    active = figures.priorities_of(partnership, year)
    if not active:
        return {"paragraphs": [f"No priorities are recorded for {year.label}."]}
    impact = selectors.impact_by_priority(active, year)
    cited = _cited_lines(partnership, active, year)
    return {
        "parts": [
            part
            for p in active
            for part in _priority(p, year, impact.get(p.pk, []), cited.get(p.pk, []))
        ]
    }


def _priority(
    priority: Priority, year: ReportingYear, impact: list[ImpactEvidence], cited: list[str]
) -> list[dict[str, Any]]:
    detail = selectors.priority_detail(priority)
    done = detail.activities.get(year, [])
    first: dict[str, Any] = {
        "heading": priority.title,
        "paragraphs": [f"Why this priority was chosen: {_lines(priority.why_chosen)}"],
    }
    if detail.indicators:
        first["tables"] = [_indicators(priority, detail.indicators)]
    activity = [
        f"{a.text} Progress or impact: {a.evidence}" if a.evidence else a.text for a in done
    ] + cited
    shown = [{"heading": "Impact", "items": [_impact(e) for e in impact]}] if impact else []
    return [
        first,
        {
            "lists": [
                {"heading": "Aims of the partnership", "items": list(priority.aims)},
                {"heading": f"Partnership activity {year.label}", "items": activity},
                *shown,
            ]
        },
        {
            "paragraphs": [_progress(priority)],
            "lists": [{"heading": "Forward focus", "items": list(priority.forward_focus)}],
        },
    ]


def _impact(evidence: ImpactEvidence) -> str:
    """What the evidence of impact showed, and how it was judged and gathered."""
    judgement = str(evidence.get_judgement_display()).lower()
    method = str(evidence.get_method_display()).lower()
    return f"{evidence.summary.strip()} ({judgement}, {method})"


def _lines(text: str) -> str:
    said = " ".join(line.strip() for line in text.splitlines() if line.strip())
    return said or "Not recorded."


def _indicators(priority: Priority, indicators: list[Indicator]) -> dict[str, Any]:
    return {
        "caption": f"{priority.title}: the figures behind it",
        "columns": ["Indicator", "Local", "England", "Source"],
        "rows": [_indicator(i) for i in indicators],
    }


def _indicator(indicator: Indicator) -> list[str]:
    local, england = figures.aligned([indicator.local_value, indicator.england_value])
    source = ", ".join(p for p in (indicator.source, indicator.year_label) if p)
    return [indicator.label, _unit(local, indicator.unit), _unit(england, indicator.unit), source]


def _unit(value: str, unit: str) -> str:
    if not value:
        return "–"
    return f"{value}{unit}" if unit == "%" else f"{value} {unit}".strip()


def _progress(priority: Priority) -> str:
    rated = (
        f"Progress is rated {priority.get_progress_display().lower()}."
        if priority.progress
        else "Progress has not been rated."
    )
    return f"{rated} {priority.progress_note}".strip()


# The plan on a page


def plan_on_a_page_data(partnership: Partnership, year: ReportingYear) -> SectionData:
    coming = ReportingYear(year.start_year + 1)
    plan = selectors.plan_on_a_page(partnership, coming)
    active = list(selectors.priorities_for(partnership, coming))
    if plan is None and not active:
        return {"paragraphs": [f"No plan on a page is recorded for {coming.label}."]}
    subgroups = selectors.subgroups_for(partnership).filter(
        Q(retired_on__isnull=True) | Q(retired_on__gte=coming.start)
    )
    return {
        "paragraphs": [f"Our plan on a page for {coming.label}."],
        "parts": [
            {
                "heading": "Priorities",
                "paragraphs": [f"{n}: {p.title}. {p.statement}" for n, p in enumerate(active, 1)],
            },
            *_plan_text(plan)[:1],
            {
                "heading": "Subgroups to support progressing this work",
                "lists": [{"heading": "Subgroups", "items": [s.name for s in subgroups]}],
            },
            *_plan_text(plan)[1:],
        ],
    }


def _plan_text(plan: PlanOnAPage | None) -> list[dict[str, Any]]:
    if plan is None:
        return []
    how = [
        ("Understand challenges in the system", plan.understand),
        ("Support positive change in the system", plan.support_change),
        ("Improve partnership working", plan.improve_working),
    ]
    return [
        {"heading": "Working in partnership with", "paragraphs": [plan.working_with]},
        {"heading": "How we will", "paragraphs": [f"{t}: {text}" for t, text in how if text]},
    ]


# Rendering and registration


def parts_docx(document: Document, data: SectionData) -> None:
    """The section's own paragraphs, then each part under its own heading (when it has one)."""
    from safeguarding.reports.rendering import write_generic  # WeasyPrint only when writing

    write_generic(document, {"paragraphs": data.get("paragraphs", [])})
    for part in data.get("parts", []):
        if part.get("heading"):
            document.add_heading(str(part["heading"]), level=2)
        write_generic(document, part)


PARTS = "governance/report/parts.html"

register(Section(code="introduction", title="Introduction", data=introduction_data))
for _code, _title, _data in (
    ("functioning", "Functioning of the partnership", functioning_data),
    ("working_together", "Working Together 2023", working_together_data),
    ("communication", "Communication", communication_data),
    ("voice_of_child", "Voice of the child and young person", voice_of_child_data),
    ("priorities", "Our priorities", priorities_data),
    ("plan_on_a_page", "Plan on a page", plan_on_a_page_data),
):
    register(Section(code=_code, title=_title, data=_data, template=PARTS, docx=parts_docx))
