"""The escalations app's sheets in the data pack (docs/escalations.md, "Data pack"): the
professional differences with their steps and outcome (`escalations`) here, and the
practitioners' survey responses (`escalation_survey`) in `datapack_survey.py`.

Every row is saved through `escalations.services`, in the steps the pages take: a difference is
raised at its first step, moved up a step at a time (each step's due date worked out from the
partnership's timescale, never read from the pack), each step's completion recorded, and then it
is closed. The services offer no way to clear a date once recorded, to move a step's start other
than the first (which moves with `raised_on`), or to change how a closed difference ended, so a
row asking for that is refused with its column named.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError

from safeguarding.core.models import Partnership, Theme
from safeguarding.datapack.fields import (
    NO,
    YES,
    PackChoiceField,
    PackDateField,
    choices_help,
    dated,
)
from safeguarding.datapack.registry import Column, ImportContext, Row, Sheet, cell, register
from safeguarding.escalations import services
from safeguarding.escalations.datapack_common import agency_named, text_field
from safeguarding.escalations.models import (
    Escalation,
    EscalationStep,
    IssueType,
    Outcome,
    ResolutionType,
    Step,
)

NOT_CLEARED = "This is recorded already and cannot be cleared here: correct it instead."
STEPS = tuple(step.value for step in Step)
T = TypeVar("T")


def started(step: int) -> str:
    return f"step_{step}_started_on"


def completed(step: int) -> str:
    return f"step_{step}_completed_on"


class KnownYesNoField(forms.CharField):
    """yes, no, or blank for not known, cleaned to "yes", "no" or ""."""

    def clean(self, value: Any) -> str:
        text = (super().clean(value) or "").strip().lower()
        if text in {"", "yes", "no"}:
            return text
        raise ValidationError("Enter yes, no, or leave it blank when it is not known.")


# Escalations


class EscalationRowForm(forms.Form):
    reference = text_field("Enter the difference's reference, like RPD-0001.", 40)
    raised_on = PackDateField(required_message="Enter the date the difference was raised.")
    raising_agency = text_field("Enter the raising agency, from agencies.")
    raising_role = text_field("Enter the role of the person who raised it (never a name).")
    receiving_agency = text_field("Enter the receiving agency, from agencies.")
    issue_type = PackChoiceField(choices=IssueType.choices)
    case_code = text_field("Enter the child's case code.", 40)
    summary = text_field(max_length=None)
    theme = text_field()
    step_1_started_on = PackDateField(required=False)
    step_1_completed_on = PackDateField(required=False)
    step_2_started_on = PackDateField(required=False)
    step_2_completed_on = PackDateField(required=False)
    step_3_started_on = PackDateField(required=False)
    step_3_completed_on = PackDateField(required=False)
    step_4_started_on = PackDateField(required=False)
    step_4_completed_on = PackDateField(required=False)
    outcome = PackChoiceField(choices=Outcome.choices, required=False)
    resolution_type = PackChoiceField(choices=ResolutionType.choices, required=False)
    closed_on = PackDateField(required=False)
    improved_plan = KnownYesNoField(required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if any(started(n) in self.data or completed(n) in self.data for n in STEPS):
            self._check_steps(data)
        if "outcome" in self.data or "closed_on" in self.data:
            self._check_outcome(data)
        return data

    def _check_steps(self, data: dict[str, Any]) -> None:
        """Each step given has a start; it ends on or after it starts and by the next step's
        start; the first starts the day the difference was raised."""
        steps = given_steps(data)
        for n in STEPS:
            if data.get(completed(n)) and not data.get(started(n)):
                self.add_error(completed(n), f"Enter {started(n)} too, or neither.")
        if not steps:
            self.add_error(
                started(1),
                "Enter the date the first step started: step_1_started_on, the day the "
                "difference was raised, for most differences.",
            )
            return
        first, first_on, _ = steps[0]
        if data.get("raised_on") and first_on != data["raised_on"]:
            self.add_error(started(first), "The first step starts on raised_on: make them match.")
        for (n, on, done), after in zip(steps, [*steps[1:], None], strict=True):
            if done and done < on:
                self.add_error(completed(n), f"{completed(n)} cannot be before {started(n)}.")
            if after and after[1] < on:
                self.add_error(
                    started(after[0]), f"{started(after[0])} cannot be before {started(n)}."
                )
            if after and done and done > after[1]:
                self.add_error(completed(n), f"{completed(n)} cannot be after {started(after[0])}.")

    def _check_outcome(self, data: dict[str, Any]) -> None:
        outcome, closed_on = data.get("outcome"), data.get("closed_on")
        if bool(outcome) != bool(closed_on):
            missing = "closed_on" if outcome else "outcome"
            self.add_error(missing, "Enter outcome and closed_on together, or neither.")
        for column in ("resolution_type", "improved_plan"):
            if data.get(column) and not outcome and "outcome" not in self.errors:
                self.add_error(column, f"Enter {column} only for a closed difference.")
        if outcome == Outcome.RESOLVED and not data.get("resolution_type"):
            self.add_error("resolution_type", "Enter how the difference was resolved.")
        steps = given_steps(data)
        if closed_on and steps and closed_on < steps[-1][1]:
            last = started(steps[-1][0])
            self.add_error("closed_on", f"closed_on cannot be before {last}.")
        if closed_on and steps and steps[-1][2] and steps[-1][2] > closed_on:
            self.add_error(completed(steps[-1][0]), "The last step ends by closed_on.")


Given = tuple[int, dt.date, dt.date | None]


def given_steps(data: dict[str, Any]) -> list[Given]:
    """(step, started_on, completed_on) of each step the row gives a start for, in order."""
    return [(n, data[started(n)], data.get(completed(n))) for n in STEPS if data.get(started(n))]


def _theme(partnership: Partnership, name: str) -> Theme | None:
    if not name:
        return None
    theme = Theme.objects.filter(partnership=partnership, name__iexact=name).first()
    if theme is None:
        raise ValidationError({"theme": f"There is no theme called “{name}”."})
    return theme


def _improved(text: str) -> bool | None:
    return {YES: True, NO: False}.get(text)


def _as_text(value: bool | None) -> str:
    return "" if value is None else (YES if value else NO)


def _renamed(call: Callable[[], T], names: dict[str, str]) -> T:
    """Call a service; its refusal names the sheet's columns (a step's `started_on` is
    `step_2_started_on`)."""
    try:
        return call()
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        raise ValidationError(
            {names.get(field, field): messages for field, messages in error.message_dict.items()}
        ) from None


def _step_names(step: int) -> dict[str, str]:
    return {"step": started(step), "started_on": started(step), "completed_on": completed(step)}


def export_escalations(partnership: Partnership) -> Iterator[Row]:
    rows = (
        Escalation.objects.filter(partnership=partnership)
        .select_related("raising_agency", "receiving_agency", "theme")
        .prefetch_related("steps")
        .order_by("raised_on", "reference")
    )
    for escalation in rows:
        yield _exported(escalation)


def _exported(e: Escalation) -> Row:
    row = {
        "reference": e.reference,
        "raised_on": cell(e.raised_on),
        "raising_agency": e.raising_agency.name,
        "raising_role": e.raising_role,
        "receiving_agency": e.receiving_agency.name,
        "issue_type": e.issue_type,
        "case_code": e.case_code,
        "summary": e.summary,
        "theme": e.theme.name if e.theme else "",
    }
    steps = {step.step: step for step in e.steps.all()}
    for n in STEPS:
        found = steps.get(n)
        row[started(n)] = cell(found.started_on) if found else ""
        row[completed(n)] = cell(found.completed_on) if found else ""
    return row | {
        "outcome": e.outcome,
        "resolution_type": e.resolution_type,
        "closed_on": cell(e.closed_on),
        "improved_plan": _as_text(e.improved_plan),
    }


def save_escalation(context: ImportContext, row: dict[str, Any]) -> Escalation:
    partnership = context.partnership
    found = Escalation.objects.filter(partnership=partnership, reference__iexact=row["reference"])
    escalation = found.first()
    if escalation is None:
        escalation = _create(context, row)
    else:
        _update(context, escalation, row)
    _apply_steps(context, escalation, row)
    _apply_outcome(context, escalation, row)
    return escalation


def _create(context: ImportContext, row: dict[str, Any]) -> Escalation:
    partnership = context.partnership
    steps = given_steps(row)
    first = steps[0][0] if steps else Step.PRACTITIONER
    fields = _fields(partnership, row)
    return _renamed(
        lambda: services.escalation_create(
            actor=context.actor,
            partnership=partnership,
            step=first,
            reference=row["reference"],
            **fields,
        ),
        _step_names(first),
    )


def _fields(partnership: Partnership, row: dict[str, Any]) -> dict[str, Any]:
    """The row's values of the fields `escalation_create` and `escalation_update` take (but the
    reference), agencies and the theme found by name."""
    fields = {name: row[name] for name in services.EDITABLE if name in row}
    fields.pop("reference", None)
    for column in ("raising_agency", "receiving_agency"):
        if column in fields:
            fields[column] = agency_named(partnership, fields[column], column)
    if "theme" in fields:
        fields["theme"] = _theme(partnership, fields["theme"])
    return fields


def _update(context: ImportContext, escalation: Escalation, row: dict[str, Any]) -> None:
    fields = _fields(context.partnership, row)
    changed = {name: value for name, value in fields.items() if getattr(escalation, name) != value}
    if changed:
        services.escalation_update(actor=context.actor, escalation=escalation, data=changed)


def _apply_steps(context: ImportContext, escalation: Escalation, row: dict[str, Any]) -> None:
    """Start each step the Hub has not reached and record each completion the row gives, in
    order; a step the Hub has whose start differs, or that the row clears, is refused."""
    held = {step.step: step for step in escalation.steps.all()}
    for n in STEPS:
        step = held.get(n)
        on, done = row.get(started(n)), row.get(completed(n))
        if step is None and on:
            step = held[n] = _start(context, escalation, n, on)
        elif step is not None and started(n) in row and on != step.started_on:
            message = "A step's start cannot be changed here (the first moves with raised_on)."
            raise ValidationError({started(n): NOT_CLEARED if on is None else message})
        if step is not None and completed(n) in row and done != step.completed_on:
            if done is None and _ended_by_the_hub(escalation, step, held):
                continue
            if done is None:
                raise ValidationError({completed(n): NOT_CLEARED})
            _complete(context, step, n, done)


def _ended_by_the_hub(
    escalation: Escalation, step: EscalationStep, held: dict[int, EscalationStep]
) -> bool:
    """Whether the Hub completed the step itself, on the day the next step started or the
    difference closed: a blank completion in the row leaves that as it is."""
    later = [s.started_on for n, s in sorted(held.items()) if n > step.step][:1]
    end = later[0] if later else escalation.closed_on
    return end is not None and step.completed_on == end


def _start(context: ImportContext, escalation: Escalation, n: int, on: dt.date) -> EscalationStep:
    return _renamed(
        lambda: services.escalation_step_start(
            actor=context.actor, escalation=escalation, step=n, started_on=on
        ),
        _step_names(n),
    )


def _complete(context: ImportContext, step: EscalationStep, n: int, done: dt.date) -> None:
    _renamed(
        lambda: services.escalation_step_complete(
            actor=context.actor, step=step, completed_on=done
        ),
        _step_names(n),
    )


CLOSING = ("outcome", "closed_on", "resolution_type", "improved_plan")


def _apply_outcome(context: ImportContext, escalation: Escalation, row: dict[str, Any]) -> None:
    """Close the difference as the row says; how a closed one ended cannot be changed here."""
    escalation.refresh_from_db()
    wanted = {
        "outcome": row.get("outcome", escalation.outcome),
        "closed_on": row.get("closed_on", escalation.closed_on),
        "resolution_type": row.get("resolution_type", escalation.resolution_type),
        "improved_plan": _improved(row.get("improved_plan", _as_text(escalation.improved_plan))),
    }
    if escalation.closed_on is not None:
        for column in CLOSING:
            if wanted[column] != getattr(escalation, column):
                message = "The difference is closed: how it ended cannot be changed here."
                cleared = wanted[column] in (None, "")
                raise ValidationError({column: NOT_CLEARED if cleared else message})
        return
    if wanted["outcome"]:
        services.escalation_close(actor=context.actor, escalation=escalation, **wanted)


# Registration


def _step_columns() -> tuple[Column, ...]:
    return tuple(
        column
        for n in STEPS
        for column in (
            Column(started(n), description=dated(f"When step {n} started; blank if not reached.")),
            Column(completed(n), description=dated(f"When step {n} ended; blank while open.")),
        )
    )


ESCALATIONS = register(
    Sheet(
        name="escalations",
        order=500,
        description="Professional differences raised under the escalation protocol.",
        columns=(
            Column("reference", required=True, description="Like RPD-0001; the key."),
            Column("raised_on", required=True, description=dated("When it was raised.")),
            Column("raising_agency", required=True, description="From agencies."),
            Column("raising_role", required=True, description="A job role, never a name."),
            Column("receiving_agency", required=True, description="From agencies."),
            Column("issue_type", required=True, description=choices_help(IssueType.choices)),
            Column("case_code", required=True, description="The child's case code."),
            Column("summary", description="What the difference is about; no names."),
            Column("theme", description="A theme from themes."),
            *_step_columns(),
            Column("outcome", description=choices_help(Outcome.choices) + " With closed_on."),
            Column("resolution_type", description=choices_help(ResolutionType.choices)),
            Column("closed_on", description=dated("When it was closed; with outcome.")),
            Column("improved_plan", description="yes, no, or blank when not known."),
        ),
        key=("reference",),
        form=EscalationRowForm,
        save=save_escalation,
        export=export_escalations,
        references={
            "raising_agency": "agencies",
            "receiving_agency": "agencies",
            "theme": "themes",
        },
    )
)

# The survey sheet registers itself (escalation_survey, after escalations).
from safeguarding.escalations import datapack_survey  # noqa: E402, F401
