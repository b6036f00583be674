"""The yearly report's "Rapid Reviews and LCSPR" section, in the seed report's order: the rapid
and practice reviews of the year and the four-year table of rapid reviews, the learning reviews,
the learning themes, how the learning was shared and examples of its impact.

Figures come from the `reviews.*` and `learning.*` metrics through `as_published`, so entered
values fill the years before the Hub; the lists come from `reviews.selectors` and
`learning.selectors`. The section makes the same number of queries however many reviews,
findings, disseminations or pieces of evidence there are.

Its data is a list of "parts" (generic blocks, without headings) drawn by
reviews/report/section.html and `section_docx`.
"""

from __future__ import annotations

from typing import Any

from docx.document import Document

from safeguarding.core.models import Partnership
from safeguarding.core.years import ReportingYear
from safeguarding.learning import selectors as learning
from safeguarding.learning.models import (
    DisseminationMethod,
    ImpactEvidence,
    ImpactJudgement,
    ImpactMethod,
    SourceKind,
)
from safeguarding.metrics.disclosure import threshold
from safeguarding.metrics.presenting import PublishedSeries, as_published, formatted
from safeguarding.metrics.registry import Unit
from safeguarding.metrics.selectors import series
from safeguarding.reports.registry import Section, SectionData, register
from safeguarding.reports.sentences import compare
from safeguarding.reviews import selectors
from safeguarding.reviews.selectors import CompletedReviews

REVIEW_SOURCES = (SourceKind.RAPID_REVIEW, SourceKind.PRACTICE_REVIEW, SourceKind.LEARNING_REVIEW)
#: How the seed report names each way of measuring impact ("audit, focus groups and surveys").
MEASURED_BY = {
    ImpactMethod.AUDIT: "audits",
    ImpactMethod.SURVEY: "surveys",
    ImpactMethod.FOCUS_GROUP: "practitioner focus groups",
    ImpactMethod.DATA: "data",
    ImpactMethod.PRACTITIONER_FEEDBACK: "practitioner feedback",
}
EXAMPLES = (ImpactJudgement.SHOWN, ImpactJudgement.PARTIAL)
TABLE_YEARS = 4
PRACTICE = ("local child safeguarding practice review", "local child safeguarding practice reviews")
NON_STATUTORY = (
    "When there is a serious incident which does not meet the criteria for a rapid review or a "
    "local child safeguarding practice review, the partnership may also undertake non-statutory "
    "learning activity to identify learning and create change across the system."
)


def reviews_data(partnership: Partnership, year: ReportingYear) -> SectionData:
    done = selectors.reviews_completed_in(partnership, year)
    return {
        "parts": [
            *_statutory(partnership, year, done),
            _learning_reviews(partnership, year, done),
            _themes(partnership, year),
            _sharing(partnership, year),
            _impact(partnership, year),
        ]
    }


def _one(code: str, partnership: Partnership, years: list[ReportingYear]) -> PublishedSeries:
    return as_published(series(code, partnership=partnership, years=years))


def _count(shown: PublishedSeries, year: ReportingYear) -> int | str | None:
    """The year's total as published: a count, the disclosure symbol, or None (no figure)."""
    return dict(shown.totals()).get(year.label)


def _counted(value: int | str | None, singular: str, plural: str) -> str:
    """ "3 rapid reviews", "1 rapid review", "no rapid reviews"."""
    if isinstance(value, str):  # a hidden count (reviews are not disclosive, but stay safe)
        return f"fewer than {threshold() + 1} {plural}"
    if not value:
        return f"no {plural}"
    return f"{value:,} {singular if value == 1 else plural}"


# Rapid reviews and practice reviews


def _statutory(
    partnership: Partnership, year: ReportingYear, done: CompletedReviews
) -> list[dict[str, Any]]:
    years = [year.previous(n) for n in range(TABLE_YEARS - 1, 0, -1)] + [year]
    rapid = _one("reviews.rapid_reviews", partnership, years)
    practice = _count(_one("reviews.practice_reviews", partnership, [year]), year)
    count = _count(rapid, year)
    lists = [
        _titles(f"Rapid reviews completed in {year.label}", done.rapid_reviews),
        _titles(
            f"Local child safeguarding practice reviews started in {year.label}",
            done.practice_reviews,
        ),
    ]
    first: dict[str, Any] = {
        "paragraphs": [_completed(count, practice, year)],
        "lists": [block for block in lists if block["items"]],
    }
    table = rapid.table(f"Rapid reviews completed, {years[0].label} to {year.label}")
    if table["rows"]:
        first["tables"] = [table]
    trend = rapid.totals(until=year)
    if count is None or len(trend) < 2:
        return [first]
    return [first, {"paragraphs": [compare("rapid review", "rapid reviews", trend)]}]


def _completed(rapid: int | str | None, practice: int | str | None, year: ReportingYear) -> str:
    if rapid is None and practice is None:
        return (
            f"No rapid reviews or local child safeguarding practice reviews are recorded "
            f"for {year.label}."
        )
    return (
        f"This year, the partnership completed {_counted(rapid, 'rapid review', 'rapid reviews')} "
        f"and started {_counted(practice, *PRACTICE)}."
    )


def _titles(heading: str, reviews: list[Any]) -> dict[str, Any]:
    return {"heading": heading, "items": [review.title for review in reviews]}


# Learning reviews


def _learning_reviews(
    partnership: Partnership, year: ReportingYear, done: CompletedReviews
) -> dict[str, Any]:
    count = _count(_one("reviews.learning_reviews", partnership, [year]), year)
    said = _counted(count, "non-statutory learning review", "non-statutory learning reviews")
    part: dict[str, Any] = {
        "paragraphs": [
            NON_STATUTORY,
            f"No non-statutory learning reviews are recorded for {year.label}."
            if count is None
            else f"This year, the partnership completed {said}.",
        ]
    }
    titles = [f"{r.title} ({r.get_kind_display().lower()})" for r in done.learning_reviews]
    if titles:
        part["lists"] = [
            {"heading": f"Learning reviews completed in {year.label}", "items": titles}
        ]
    return part


# Themes, sharing and impact


def _themes(partnership: Partnership, year: ReportingYear) -> dict[str, Any]:
    names = [theme.name for theme in selectors.themes_learned_in(partnership, year)]
    if not names:
        return {"paragraphs": [f"No learning themes are recorded for the reviews of {year.label}."]}
    return {
        "paragraphs": [
            "Identified learning from the rapid reviews and learning reviews the partnership "
            "completed included the following themes:"
        ],
        "lists": [{"heading": "Learning themes", "items": names}],
    }


def _sharing(partnership: Partnership, year: ReportingYear) -> dict[str, Any]:
    shared = list(learning.disseminations_in_year(partnership, year, REVIEW_SOURCES))
    if not shared:
        return {
            "paragraphs": [f"No sharing of learning from reviews is recorded for {year.label}."]
        }
    titles: dict[str, list[str]] = {method: [] for method in DisseminationMethod.values}
    for dissemination in shared:
        titles[dissemination.method].append(dissemination.title)
    labels = dict(DisseminationMethod.choices)
    return {
        "paragraphs": ["Learning from reviews was disseminated in a range of ways, including:"],
        "lists": [
            {
                "heading": "How the learning was shared",
                "items": [f"{labels[m]}: {'; '.join(t)}" for m, t in titles.items() if t],
            }
        ],
    }


def _impact(partnership: Partnership, year: ReportingYear) -> dict[str, Any]:
    evidence = list(learning.impact_evidence_in_year(partnership, year, REVIEW_SOURCES))
    coverage = _one("learning.impact_coverage", partnership, [year]).value(year)
    paragraphs = [
        "The partnership completes a range of activity to evaluate the impact of actions "
        "arising from reviews."
    ]
    methods = [MEASURED_BY[m] for m in ImpactMethod if any(e.method == m for e in evidence)]
    if methods:
        paragraphs.append(
            f"In {year.label}, work to measure the impact of actions from reviews included "
            f"{_join(methods)}."
        )
    if coverage is not None:
        share = formatted(coverage, Unit.PERCENT)
        paragraphs.append(
            f"{share} of the actions the partnership completed in {year.label} "
            "have evidence of their impact."
        )
    examples = [_example(e) for e in evidence if e.judgement in EXAMPLES]
    if not examples:
        paragraphs.append(f"No impact of actions from reviews is recorded for {year.label}.")
        return {"paragraphs": paragraphs}
    heading = "Examples of impact from partnership activity relating to reviews"
    return {"paragraphs": paragraphs, "lists": [{"heading": heading, "items": examples}]}


def _example(evidence: ImpactEvidence) -> str:
    action = evidence.action
    said = evidence.summary.strip().rstrip(".")
    return (
        f"{said}. {evidence.get_judgement_display()}: “{action.title}”, from {action.source.title}."
    )


def _join(items: list[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


# Rendering and registration

TEMPLATE = "reviews/report/section.html"


def section_docx(document: Document, data: SectionData) -> None:
    """Each part's paragraphs, lists and tables, in order, as the HTML shows them."""
    from safeguarding.reports.rendering import write_generic  # WeasyPrint only when writing

    for part in data.get("parts", []):
        write_generic(document, part)


register(
    Section(
        code="reviews",
        title="Rapid reviews and local child safeguarding practice reviews (LCSPR)",
        data=reviews_data,
        template=TEMPLATE,
        docx=section_docx,
    )
)
