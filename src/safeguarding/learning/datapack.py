"""The learning app's sheets in the data pack (docs/data-pack.md): findings, recommendations,
actions, evidence of impact and how the learning was shared.

A source of learning belongs to its domain record (a rapid review, a practice review, a learning
review), so these sheets never create one: a row names its source by kind and title, and the
source must be in the partnership already or be made earlier in the same pack by its own sheet
(`rapid_reviews`, `practice_reviews`, `learning_reviews`). The pre-check cannot see sources (no
sheet has them as its key), so a missing source is reported when the row is saved: by sheet, row
and column, and nothing is saved. Every row is saved through the learning services.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, Prefetch

from safeguarding.accounts.models import Membership, User
from safeguarding.core.models import Agency, Partnership, Theme
from safeguarding.datapack.fields import (
    DATE_HELP,
    PackChoiceField,
    PackDateField,
    PackListField,
    choices_help,
    dated,
    joined,
)
from safeguarding.datapack.registry import (
    Column,
    ImportContext,
    Row,
    Sheet,
    cell,
    normalise_key,
    register,
    split_list,
)
from safeguarding.learning import services
from safeguarding.learning.models import (
    Action,
    ActionStatus,
    Dissemination,
    DisseminationMethod,
    Finding,
    ImpactEvidence,
    ImpactJudgement,
    ImpactMethod,
    Rag,
    Recommendation,
    Source,
    SourceKind,
)

M = TypeVar("M", bound=Model)
#: The sheet that makes each kind of source, for the message about a missing one.
SOURCE_SHEETS = {
    SourceKind.RAPID_REVIEW: "rapid_reviews",
    SourceKind.PRACTICE_REVIEW: "practice_reviews",
    SourceKind.LEARNING_REVIEW: "learning_reviews",
}


def _matching(rows: Iterable[M], attribute: str, text: str) -> list[M]:
    """The rows whose `attribute` is `text`, ignoring case and repeated spaces (as keys match)."""
    wanted = normalise_key(text)
    return [row for row in rows if normalise_key(getattr(row, attribute)) == wanted]


def _one(rows: Iterable[M], attribute: str, text: str) -> M | None:
    found = _matching(rows, attribute, text)
    return found[0] if found else None


# Sources, agencies, people and themes a row names


class SourceRowForm(forms.Form):
    """The two columns that name a row's source."""

    source_kind = PackChoiceField(choices=SourceKind.choices)
    source_title = forms.CharField(
        max_length=300, error_messages={"required": "Enter the source's title."}
    )


def _source_cells(source: Source) -> Row:
    return {"source_kind": source.kind, "source_title": source.title}


def _source(context: ImportContext, row: dict[str, Any]) -> Source:
    kind, title = row.pop("source_kind"), row.pop("source_title")
    rows = Source.objects.filter(partnership=context.partnership, kind=kind)
    found = _matching(rows, "title", title)
    label = SourceKind(kind).label
    if len(found) > 1:
        message = f"Several sources ({label}) are called “{title}”: give each its own title."
        raise ValidationError({"source_title": message})
    if not found:
        where = f"its sheet, {SOURCE_SHEETS[kind]}" if kind in SOURCE_SHEETS else "its own page"
        raise ValidationError(
            {
                "source_title": f"There is no source ({label}) called “{title}” in this "
                f"partnership: add it first, in {where}."
            }
        )
    return found[0]


def _themes(partnership: Partnership, text: str) -> list[Theme]:
    names = split_list(text)
    themes = Theme.objects.filter(partnership=partnership)
    found = [theme for name in names if (theme := _one(themes, "name", name)) is not None]
    if len(found) != len(names):
        missing = [name for name in names if _one(found, "name", name) is None]
        raise ValidationError({"themes": f"There is no theme called “{'; '.join(missing)}”."})
    return found


def _agency(partnership: Partnership, name: str) -> Agency:
    agency = Agency.objects.filter(memberships__partnership=partnership, name__iexact=name).first()
    if agency is None:
        raise ValidationError(
            {"owner_agency": f"No agency called “{name}” serves this partnership."}
        )
    return agency


def _owner(partnership: Partnership, email: str, action: Action | None) -> User | None:
    """A member of the partnership by email (or the action's owner as it is): None for blank."""
    if not email:
        return None
    if action is not None and action.owner is not None and action.owner.email == email:
        return action.owner
    members = Membership.objects.active().filter(partnership=partnership)
    user = User.objects.filter(memberships__in=members, email__iexact=email).first()
    if user is None:
        raise ValidationError({"owner": f"No member of this partnership has the email “{email}”."})
    return user


def _findings_named(rows: Sequence[Finding], text: str, where: str) -> list[Finding]:
    """Every finding of `rows` each name in the cell names; an unknown name is an error."""
    names = split_list(text)
    chosen = {name: _matching(rows, "text", name) for name in names}
    missing = [name for name, found in chosen.items() if not found]
    if missing:
        listed = "; ".join(f"“{name}”" for name in missing)
        raise ValidationError({"findings": f"There is no finding {listed} {where}."})
    return list({finding.pk: finding for found in chosen.values() for finding in found}.values())


# Findings


class FindingRowForm(SourceRowForm):
    text = forms.CharField(error_messages={"required": "Enter the finding."})
    recorded_on = PackDateField(required_message="Enter the date the finding was recorded.")
    themes = PackListField(required=False)


def export_findings(partnership: Partnership) -> Iterator[Row]:
    rows = (
        Finding.objects.filter(source__partnership=partnership)
        .select_related("source")
        .prefetch_related("themes")
        .order_by("source__kind", "source__title", "recorded_on", "pk")
    )
    for finding in rows:
        yield {
            **_source_cells(finding.source),
            "text": finding.text,
            "recorded_on": cell(finding.recorded_on),
            "themes": joined(theme.name for theme in finding.themes.all()),
        }


def save_finding(context: ImportContext, row: dict[str, Any]) -> Finding:
    source = _source(context, row)
    if "themes" in row:
        row["themes"] = _themes(context.partnership, row["themes"])
    finding = _one(source.findings.all(), "text", row["text"])
    if finding is None:
        return services.finding_create(actor=context.actor, source=source, **row)
    return services.finding_update(actor=context.actor, finding=finding, data=row)


# Recommendations


class RecommendationRowForm(SourceRowForm):
    text = forms.CharField(error_messages={"required": "Enter the recommendation."})
    made_on = PackDateField(required_message="Enter the date the recommendation was made.")
    findings = PackListField(required=False)


def export_recommendations(partnership: Partnership) -> Iterator[Row]:
    rows = (
        Recommendation.objects.filter(source__partnership=partnership)
        .select_related("source")
        .prefetch_related("findings")
        .order_by("source__kind", "source__title", "made_on", "pk")
    )
    for recommendation in rows:
        yield {
            **_source_cells(recommendation.source),
            "text": recommendation.text,
            "made_on": cell(recommendation.made_on),
            "findings": joined(finding.text for finding in recommendation.findings.all()),
        }


def save_recommendation(context: ImportContext, row: dict[str, Any]) -> Recommendation:
    source = _source(context, row)
    if "findings" in row:
        where = f"of “{source}”"
        row["findings"] = _findings_named(list(source.findings.all()), row["findings"], where)
    recommendation = _one(source.recommendations.all(), "text", row["text"])
    if recommendation is None:
        return services.recommendation_create(actor=context.actor, source=source, **row)
    return services.recommendation_update(
        actor=context.actor, recommendation=recommendation, data=row
    )


# Actions


class ActionRowForm(SourceRowForm):
    title = forms.CharField(max_length=300, error_messages={"required": "Enter the action."})
    description = forms.CharField(required=False)
    recommendation = forms.CharField(required=False)
    owner_agency = forms.CharField(
        max_length=200, error_messages={"required": "Enter the owner agency, from agencies."}
    )
    owner = forms.EmailField(required=False)
    raised_on = PackDateField(required_message="Enter the date the action was raised.")
    due_on = PackDateField(required_message="Enter the due date.")
    status = PackChoiceField(choices=ActionStatus.choices)
    rag = PackChoiceField(choices=Rag.choices, required=False)
    completed_on = PackDateField(required=False)

    def clean_owner(self) -> str:
        return str(self.cleaned_data.get("owner") or "").lower()

    def clean(self) -> dict[str, Any]:
        """The services' rules on an action's dates, so the pre-check shows them."""
        data = super().clean() or {}
        if any(data.get(column) is None for column in ("raised_on", "due_on", "status")):
            return data
        errors = services.action_date_errors(
            raised_on=data["raised_on"],
            due_on=data["due_on"],
            status=data["status"],
            completed_on=data.get("completed_on"),
        )
        if "completed_on" not in self.data:  # the column keeps the action's current date
            errors.pop("completed_on", None)
        for column, message in errors.items():
            self.add_error(column, message)
        return data


def export_actions(partnership: Partnership) -> Iterator[Row]:
    rows = (
        Action.objects.filter(source__partnership=partnership)
        .select_related("source", "recommendation", "owner_agency", "owner")
        .order_by("source__kind", "source__title", "raised_on", "pk")
    )
    for action in rows:
        yield {
            **_source_cells(action.source),
            "title": action.title,
            "description": action.description,
            "recommendation": action.recommendation.text if action.recommendation else "",
            "owner_agency": action.owner_agency.name,
            "owner": action.owner.email if action.owner else "",
            "raised_on": cell(action.raised_on),
            "due_on": cell(action.due_on),
            "status": action.status,
            "rag": action.rag,
            "completed_on": cell(action.completed_on),
        }


def _recommendation(source: Source, text: str) -> Recommendation | None:
    if not text:
        return None
    recommendation = _one(source.recommendations.all(), "text", text)
    if recommendation is None:
        message = f"There is no recommendation “{text}” of “{source}”."
        raise ValidationError({"recommendation": message})
    return recommendation


def save_action(context: ImportContext, row: dict[str, Any]) -> Action:
    source = _source(context, row)
    action = _one(source.actions.select_related("owner"), "title", row["title"])
    if "recommendation" in row:
        row["recommendation"] = _recommendation(source, row["recommendation"])
    if "owner" in row:
        row["owner"] = _owner(context.partnership, row["owner"], action)
    row["owner_agency"] = _agency(context.partnership, row["owner_agency"])
    if action is None:
        return services.action_create(actor=context.actor, source=source, **row)
    return services.action_update(actor=context.actor, action=action, data=row)


# Evidence of impact


class EvidenceRowForm(SourceRowForm):
    action = forms.CharField(
        max_length=300, error_messages={"required": "Enter the action's title, from actions."}
    )
    method = PackChoiceField(choices=ImpactMethod.choices)
    gathered_on = PackDateField(required_message="Enter the date the evidence was gathered.")
    summary = forms.CharField(error_messages={"required": "Enter what the evidence showed."})
    judgement = PackChoiceField(choices=ImpactJudgement.choices)


def export_evidence(partnership: Partnership) -> Iterator[Row]:
    rows = (
        ImpactEvidence.objects.filter(action__source__partnership=partnership)
        .select_related("action__source")
        .order_by("action__source__kind", "action__source__title", "action__title", "pk")
    )
    for evidence in rows:
        yield {
            **_source_cells(evidence.action.source),
            "action": evidence.action.title,
            "method": evidence.method,
            "gathered_on": cell(evidence.gathered_on),
            "summary": evidence.summary,
            "judgement": evidence.judgement,
        }


def save_evidence(context: ImportContext, row: dict[str, Any]) -> ImpactEvidence:
    source = _source(context, row)
    title = row.pop("action")
    action = _one(source.actions.all(), "title", title)
    if action is None:
        raise ValidationError({"action": f"There is no action “{title}” of “{source}”."})
    evidence = action.evidence.filter(method=row["method"], gathered_on=row["gathered_on"]).first()
    if evidence is None:
        return services.impact_evidence_add(actor=context.actor, action=action, **row)
    return services.impact_evidence_update(actor=context.actor, evidence=evidence, data=row)


# How the learning was shared


class DisseminationRowForm(forms.Form):
    method = PackChoiceField(choices=DisseminationMethod.choices)
    title = forms.CharField(max_length=300, error_messages={"required": "Enter the title."})
    shared_on = PackDateField(required_message="Enter the date it was shared.")
    reach = forms.IntegerField(
        min_value=0,
        required=False,
        error_messages={
            "invalid": "Enter how many people it reached, as a whole number.",
            "min_value": "Enter how many people it reached, as a whole number.",
        },
    )
    findings = PackListField(required=False)


def export_disseminations(partnership: Partnership) -> Iterator[Row]:
    rows = Dissemination.objects.filter(partnership=partnership).prefetch_related(
        Prefetch("findings", queryset=Finding.objects.only("text"))
    )
    for dissemination in rows.order_by("shared_on", "title", "pk"):
        yield {
            "method": dissemination.method,
            "title": dissemination.title,
            "shared_on": cell(dissemination.shared_on),
            "reach": cell(dissemination.reach),
            "findings": joined(finding.text for finding in dissemination.findings.all()),
        }


def save_dissemination(context: ImportContext, row: dict[str, Any]) -> Dissemination:
    partnership = context.partnership
    if "findings" in row:
        findings = list(Finding.objects.filter(source__partnership=partnership))
        row["findings"] = _findings_named(findings, row["findings"], "in this partnership")
    shared = Dissemination.objects.filter(
        partnership=partnership, method=row["method"], shared_on=row["shared_on"]
    )
    dissemination = _one(shared, "title", row["title"])
    if dissemination is None:
        return services.dissemination_create(actor=context.actor, partnership=partnership, **row)
    return services.dissemination_update(actor=context.actor, dissemination=dissemination, data=row)


SOURCE_COLUMNS = (
    Column("source_kind", required=True, description=choices_help(SourceKind.choices)),
    Column(
        "source_title",
        required=True,
        description="The source's title, as its review is called; it must be in the Hub or "
        "added earlier in this pack.",
    ),
)
LIST_HELP = "Separated by “;”."
SOURCE = ("source_kind", "source_title")

FINDINGS = register(
    Sheet(
        name="findings",
        order=300,
        description="What each source of learning found, with the learning themes it names.",
        columns=(
            *SOURCE_COLUMNS,
            Column("text", required=True, description="The finding; key with the source."),
            Column("recorded_on", required=True, description=dated("When it was recorded.")),
            Column("themes", description=f"Themes from themes. {LIST_HELP}"),
        ),
        key=(*SOURCE, "text"),
        form=FindingRowForm,
        save=save_finding,
        export=export_findings,
        references={"themes": "themes"},
        lists=frozenset({"themes"}),
    )
)

RECOMMENDATIONS = register(
    Sheet(
        name="recommendations",
        order=310,
        description="What each source of learning recommends.",
        columns=(
            *SOURCE_COLUMNS,
            Column("text", required=True, description="The recommendation; key with the source."),
            Column("made_on", required=True, description=dated("When it was made.")),
            Column("findings", description=f"The source's findings it answers. {LIST_HELP}"),
        ),
        key=(*SOURCE, "text"),
        form=RecommendationRowForm,
        save=save_recommendation,
        export=export_recommendations,
    )
)

ACTIONS = register(
    Sheet(
        name="actions",
        order=320,
        description="The actions that follow from learning: the Action Plan Evaluation.",
        columns=(
            *SOURCE_COLUMNS,
            Column("title", required=True, description="The action; key with the source."),
            Column("description"),
            Column("recommendation", description="A recommendation of the same source."),
            Column("owner_agency", required=True, description="From agencies."),
            Column("owner", description="The email of the member of the partnership who owns it."),
            Column("raised_on", required=True, description=dated("When it was raised.")),
            Column("due_on", required=True, description=dated("Not before raised_on.")),
            Column("status", required=True, description=choices_help(ActionStatus.choices)),
            Column("rag", description="red, amber or green; blank if not rated."),
            Column("completed_on", description=dated("Only for a completed action.")),
        ),
        key=(*SOURCE, "title"),
        form=ActionRowForm,
        save=save_action,
        export=export_actions,
        references={"owner_agency": "agencies", (*SOURCE, "recommendation"): "recommendations"},
    )
)

IMPACT_EVIDENCE = register(
    Sheet(
        name="impact_evidence",
        order=330,
        description="How the impact of each action was looked for, and what it showed.",
        columns=(
            *SOURCE_COLUMNS,
            Column("action", required=True, description="The action's title, from actions."),
            Column("method", required=True, description=choices_help(ImpactMethod.choices)),
            Column("gathered_on", required=True, description=dated("Key with action, method.")),
            Column("summary", required=True, description="What it showed."),
            Column("judgement", required=True, description=choices_help(ImpactJudgement.choices)),
        ),
        key=(*SOURCE, "action", "method", "gathered_on"),
        form=EvidenceRowForm,
        save=save_evidence,
        export=export_evidence,
        references={(*SOURCE, "action"): "actions"},
    )
)

DISSEMINATION = register(
    Sheet(
        name="dissemination",
        order=340,
        description="How the learning was shared, and how many people it reached.",
        columns=(
            Column("method", required=True, description=choices_help(DisseminationMethod.choices)),
            Column("title", required=True, description="Key with method and shared_on."),
            Column("shared_on", required=True, description=DATE_HELP),
            Column("reach", description="People reached, a whole number; blank if unknown."),
            Column("findings", description=f"The findings it shared, by text. {LIST_HELP}"),
        ),
        key=("method", "title", "shared_on"),
        form=DisseminationRowForm,
        save=save_dissemination,
        export=export_disseminations,
    )
)
