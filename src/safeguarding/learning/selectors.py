"""Every read of the learning loop: a source's learning, the Action Plan Evaluation, and the
figures that show whether learning made a difference. Counts are aggregated in the database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from safeguarding.accounts.roles import Role
from safeguarding.accounts.scope import Scope
from safeguarding.core.calendar import add_working_days
from safeguarding.core.models import Agency, Partnership, Theme
from safeguarding.core.selectors import current_agencies_serving
from safeguarding.core.years import ReportingYear
from safeguarding.learning.models import (
    OPEN_STATUSES,
    Action,
    ActionStatus,
    Comment,
    Dissemination,
    Finding,
    ImpactEvidence,
    ImpactJudgement,
    ProgressUpdate,
    Recommendation,
    Source,
)

MANAGERS = frozenset({Role.BUSINESS_UNIT, Role.ADMINISTRATOR})
#: An open action is "due soon" this many working days before its due date.
DUE_SOON_WORKING_DAYS = 10


def _open_and_overdue(today: dt.date) -> Q:
    return Q(status__in=OPEN_STATUSES, due_on__lt=today)


def _latest_evidence() -> QuerySet[ImpactEvidence]:
    return ImpactEvidence.objects.filter(action=OuterRef("pk")).order_by("-gathered_on", "-pk")


def _latest_update() -> QuerySet[ProgressUpdate]:
    return ProgressUpdate.objects.filter(action=OuterRef("pk")).order_by("-written_on", "-pk")


def with_evaluation(rows: QuerySet[Action], today: dt.date) -> QuerySet[Action]:
    """Actions with their source and owner, overdue flag and latest impact judgement (and label)."""
    judgement_labels = [
        When(latest_judgement=value, then=Value(str(label)))
        for value, label in ImpactJudgement.choices
    ]
    return (
        rows.select_related("source", "owner_agency", "owner")
        .annotate(
            latest_judgement=Subquery(_latest_evidence().values("judgement")[:1]),
            overdue=Case(
                When(_open_and_overdue(today), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .annotate(
            latest_judgement_label=Case(
                *judgement_labels, default=Value(""), output_field=CharField()
            )
        )
    )


def with_latest_update(rows: QuerySet[Action]) -> QuerySet[Action]:
    latest = _latest_update()
    return rows.annotate(
        latest_update_text=Subquery(latest.values("text")[:1]),
        latest_update_on=Subquery(latest.values("written_on")[:1]),
    )


# A source's learning


@dataclass(frozen=True)
class SourceLearning:
    findings: list[Finding]
    recommendations: list[Recommendation]
    actions: list[Action]
    comments: list[Comment]


def source_learning(source: Source, today: dt.date) -> SourceLearning:
    """Everything learned from one source, in six queries however much there is."""
    return SourceLearning(
        findings=list(source.findings.prefetch_related("themes")),
        recommendations=list(source.recommendations.prefetch_related("findings")),
        actions=list(with_latest_update(with_evaluation(source.actions.all(), today))),
        comments=list(source.comments.select_related("author")),
    )


def sources_for(rows: QuerySet[Source]) -> QuerySet[Source]:
    """Sources with how many findings and actions each has, and how many actions are open."""
    return rows.annotate(
        finding_count=Count("findings", distinct=True),
        action_count=Count("actions", distinct=True),
        open_count=Count("actions", filter=Q(actions__status__in=OPEN_STATUSES), distinct=True),
    ).order_by("-started_on", "title")


# The Action Plan Evaluation


@dataclass(frozen=True)
class ActionFilters:
    agency: Agency | None = None
    #: A status, or "open" for not started and in progress.
    status: str = ""
    kind: str = ""
    overdue: bool = False

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> ActionFilters:
        return cls(
            agency=data.get("agency"),
            status=data.get("status") or "",
            kind=data.get("kind") or "",
            overdue=bool(data.get("overdue")),
        )


OPEN = "open"


def evaluation(rows: QuerySet[Action], filters: ActionFilters, today: dt.date) -> QuerySet[Action]:
    """Every action (of `rows`) with its source, owner, status, RAG, due date, overdue flag and
    latest impact judgement, filtered; the earliest due first."""
    return with_evaluation(filter_actions(rows, filters, today), today).order_by("due_on", "pk")


def filter_actions(
    rows: QuerySet[Action], filters: ActionFilters, today: dt.date
) -> QuerySet[Action]:
    """The actions of `rows` that pass the evaluation's filters."""
    if filters.agency is not None:
        rows = rows.filter(owner_agency=filters.agency)
    if filters.status == OPEN:
        rows = rows.filter(status__in=OPEN_STATUSES)
    elif filters.status:
        rows = rows.filter(status=filters.status)
    if filters.kind:
        rows = rows.filter(source__kind=filters.kind)
    if filters.overdue:
        rows = rows.filter(_open_and_overdue(today))
    return rows


@dataclass(frozen=True)
class AgencyActions:
    agency_id: int
    agency: str
    open: int
    overdue: int


def overdue_by_agency(rows: QuerySet[Action], today: dt.date) -> list[AgencyActions]:
    """Each agency with open actions: how many are open, how many overdue (most overdue first)."""
    counts = (
        rows.filter(status__in=OPEN_STATUSES)
        .values("owner_agency", "owner_agency__name")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today)))
        .order_by("-overdue", "owner_agency__name")
    )
    return [
        AgencyActions(row["owner_agency"], row["owner_agency__name"], row["open"], row["overdue"])
        for row in counts
    ]


@dataclass(frozen=True)
class ImpactCoverage:
    completed: int
    with_evidence: int

    @property
    def percent(self) -> int | None:
        """The share of completed actions with evidence of impact, as a whole percentage."""
        if not self.completed:
            return None
        share = Decimal(100 * self.with_evidence) / Decimal(self.completed)
        return int(share.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def impact_coverage(rows: QuerySet[Action]) -> ImpactCoverage:
    """How many completed actions there are and how many have any evidence of impact."""
    evidenced = Exists(ImpactEvidence.objects.filter(action=OuterRef("pk")))
    totals = (
        rows.filter(status=ActionStatus.COMPLETED)
        .annotate(evidenced=evidenced)
        .aggregate(completed=Count("pk"), with_evidence=Count("pk", filter=Q(evidenced=True)))
    )
    return ImpactCoverage(totals["completed"], totals["with_evidence"])


def themes_across_sources(partnership: Partnership) -> QuerySet[Theme]:
    """The partnership's themes that findings name: how many findings and sources each."""
    return (
        Theme.objects.filter(partnership=partnership)
        .annotate(
            finding_count=Count("findings", distinct=True),
            source_count=Count("findings__source", distinct=True),
        )
        .filter(finding_count__gt=0)
        .order_by("-finding_count", "name")
    )


def agencies_with_actions(partnership: Partnership) -> QuerySet[Agency]:
    """The agencies that own any of the partnership's actions: the evaluation's agency filter."""
    return (
        Agency.objects.filter(actions__source__partnership=partnership).distinct().order_by("name")
    )


def owner_agency_choices(partnership: Partnership, action: Action | None) -> QuerySet[Agency]:
    """The current agencies serving the partnership, and the action's own (even if retired)."""
    current = current_agencies_serving(partnership).values("pk")
    keep = Q(pk=action.owner_agency_id) if action is not None else Q(pk__in=[])
    return Agency.objects.filter(Q(pk__in=current) | keep).order_by("name")


# One action


def action_detail(action: Action) -> tuple[list[ProgressUpdate], list[ImpactEvidence]]:
    """An action's progress updates and evidence of impact, newest first."""
    updates = list(action.updates.select_related("written_by"))
    evidence = list(action.evidence.select_related("recorded_by"))
    return updates, evidence


def recommendations_of(source: Source) -> QuerySet[Recommendation]:
    return source.recommendations.all()


def findings_of(source: Source) -> QuerySet[Finding]:
    return source.findings.all()


def findings_in(partnership: Partnership) -> QuerySet[Finding]:
    """The partnership's findings, with their source: what a dissemination may share."""
    return (
        Finding.objects.filter(source__partnership=partnership)
        .select_related("source")
        .order_by("source__title", "recorded_on", "pk")
    )


def disseminations_for(rows: QuerySet[Dissemination]) -> QuerySet[Dissemination]:
    findings = Finding.objects.select_related("source").order_by("source__title", "pk")
    return rows.prefetch_related(Prefetch("findings", queryset=findings)).order_by(
        "-shared_on", "title"
    )


# What each person is responsible for


def actions_responsible(scope: Scope) -> QuerySet[Action] | None:
    """The actions the scope answers for: all of them for the business unit and administrators,
    their agency's for an agency lead; None for other roles."""
    rows = Action.objects.filter(source__partnership=scope.partnership)
    if scope.has_any(MANAGERS):
        return rows
    if Role.AGENCY_LEAD in scope.roles and scope.agency_ids:
        return rows.filter(owner_agency_id__in=scope.agency_ids)
    return None


def due_soon_until(today: dt.date) -> dt.date:
    return add_working_days(today, DUE_SOON_WORKING_DAYS)


def actions_due(rows: QuerySet[Action], today: dt.date) -> QuerySet[Action]:
    """Open actions that are overdue or due soon, the earliest first."""
    return (
        rows.filter(status__in=OPEN_STATUSES, due_on__lte=due_soon_until(today))
        .select_related("owner_agency")
        .order_by("due_on", "pk")
    )


# The yearly report: how learning from some kinds of source was shared and what it changed


def disseminations_in_year(
    partnership: Partnership, year: ReportingYear, kinds: Sequence[str]
) -> QuerySet[Dissemination]:
    """Learning shared in the year that came from sources of `kinds`: each dissemination that
    shares a finding of such a source, or names no finding at all, in date order (one query)."""
    shared = Dissemination.findings.through.objects.filter(dissemination=OuterRef("pk"))
    return (
        Dissemination.objects.filter(
            partnership=partnership, shared_on__range=(year.start, year.end)
        )
        .filter(Exists(shared.filter(finding__source__kind__in=kinds)) | ~Exists(shared))
        .order_by("shared_on", "title")
    )


def impact_evidence_in_year(
    partnership: Partnership, year: ReportingYear, kinds: Sequence[str]
) -> QuerySet[ImpactEvidence]:
    """Evidence of impact gathered in the year on actions from sources of `kinds`, with its
    action and source, oldest first (one query)."""
    return (
        ImpactEvidence.objects.filter(
            action__source__partnership=partnership,
            action__source__kind__in=kinds,
            gathered_on__range=(year.start, year.end),
        )
        .select_related("action__source")
        .order_by("gathered_on", "pk")
    )


# The API


def actions_for_api(rows: QuerySet[Action], today: dt.date) -> QuerySet[Action]:
    """Actions as the evaluation shows them, with their partnership."""
    return with_evaluation(rows, today).select_related("source__partnership")


def action_for_api(rows: QuerySet[Action], today: dt.date) -> QuerySet[Action]:
    """One action as the list shows it, with its progress updates and evidence of impact."""
    return actions_for_api(rows, today).prefetch_related(
        Prefetch("updates", queryset=ProgressUpdate.objects.select_related("written_by")),
        Prefetch("evidence", queryset=ImpactEvidence.objects.select_related("recorded_by")),
    )


def findings_for_api(rows: QuerySet[Finding]) -> QuerySet[Finding]:
    return (
        rows.select_related("source__partnership")
        .prefetch_related("themes")
        .order_by("source__title", "recorded_on", "pk")
    )


def filter_findings(
    rows: QuerySet[Finding], *, source: int | None = None, kind: str = "", theme: int | None = None
) -> QuerySet[Finding]:
    if source is not None:
        rows = rows.filter(source_id=source)
    if kind:
        rows = rows.filter(source__kind=kind)
    if theme is not None:
        rows = rows.filter(themes=theme)
    return rows


def disseminations_for_api(rows: QuerySet[Dissemination]) -> QuerySet[Dissemination]:
    return (
        rows.select_related("partnership")
        .prefetch_related("findings")
        .order_by("-shared_on", "title", "pk")
    )
