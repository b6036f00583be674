"""Every write to the child death register, each with its audit entry.

A death is recorded when the panel is notified (`child_death_create`), corrected
(`child_death_update`), reviewed (`child_death_review_record`), and may raise findings into the
learning loop (`child_death_finding_raise`), which makes the death's learning Source on first use.
Every rule that needs the data raises a `ValidationError` naming its field, all at once; nothing is
saved when one is broken.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from safeguarding.audit.services import audit_record, audit_record_read
from safeguarding.child_deaths.models import (
    AgeBand,
    Category,
    ChildDeath,
    Expectation,
    ModifiableFactors,
    age_band_on,
)
from safeguarding.core.models import Footprint, Partnership, Theme
from safeguarding.core.service_helpers import require_text, save_changes, save_new
from safeguarding.learning import services as learning_services
from safeguarding.learning.models import Finding, SourceKind

if TYPE_CHECKING:
    from safeguarding.accounts.models import User

#: The fields `child_death_update` changes (the review has its own service).
EDITABLE = (
    "panel",
    "case_code",
    "died_on",
    "born_on",
    "notified_on",
    "age_band",
    "expectation",
    "joint_agency_response",
)

Errors = dict[str, str]


def day(value: dt.date) -> str:
    """A date as the pages write it: 3 May 2020."""
    return date_format(value, "j F Y")


def source_title(death: ChildDeath) -> str:
    """The learning source's title: the case code and nothing else about the child."""
    return f"Child death review {death.case_code}"


def _raise_if(errors: Errors) -> None:
    if errors:
        raise ValidationError(errors)


def _case_code_errors(panel: Footprint | None, code: str, exclude: int | None) -> Errors:
    if not code:
        return {"case_code": "Enter the case code"}
    clash = ChildDeath.objects.filter(panel=panel, case_code__iexact=code)
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if panel is not None and clash.exists():
        return {"case_code": f"{panel} has already used the case code {code}"}
    return {}


def _panel_errors(partnership: Partnership, panel: Footprint | None, on: dt.date) -> Errors:
    if panel is None:
        return {"panel": "Select the Child Death Overview Panel"}
    if not panel.partnerships.filter(pk=partnership.pk).exists():
        return {"panel": f"Select a panel that serves {partnership}"}
    if panel.retired_on is not None and panel.retired_on <= on:
        return {"panel": f"{panel} was retired on {day(panel.retired_on)}: select a current panel"}
    return {}


def _choice_errors(age_band: str, expectation: str) -> Errors:
    errors: Errors = {}
    if age_band not in AgeBand.values:
        errors["age_band"] = "Select the age band"
    if expectation not in Expectation.values:
        errors["expectation"] = "Select whether the death was expected or unexpected"
    return errors


def _date_errors(died_on: dt.date, notified_on: dt.date, born_on: dt.date | None) -> Errors:
    today, errors = timezone.localdate(), {}
    if died_on > today:
        errors["died_on"] = "The date of death must be today or in the past"
    if notified_on > today:
        errors["notified_on"] = "The date notified must be today or in the past"
    elif notified_on < died_on:
        errors["notified_on"] = "The date notified must be on or after the date of death"
    if born_on is not None and born_on > died_on:
        errors["born_on"] = "The date of birth must be on or before the date of death"
    return errors


def _band_errors(age_band: str, born_on: dt.date | None, died_on: dt.date) -> Errors:
    """With a date of birth, the age band must be the one the dates give (and under 18)."""
    if born_on is None or born_on > died_on:
        return {}
    band = age_band_on(born_on, died_on)
    dates = f"a child born on {day(born_on)} who died on {day(died_on)}"
    if band is None:
        return {"born_on": f"The child must have died before their 18th birthday: {dates} was 18"}
    if age_band in AgeBand.values and band != age_band:
        return {
            "age_band": f"The age band must match the dates: {dates} was in the band {band.label}"
        }
    return {}


def _check_death(partnership: Partnership, fields: dict[str, Any], exclude: int | None) -> None:
    """Every rule of a notification's fields (`panel`, `case_code`, dates, `age_band`,
    `expectation`), reported together."""
    died_on, born_on = fields["died_on"], fields["born_on"]
    _raise_if(
        {
            **_case_code_errors(fields["panel"], fields["case_code"], exclude),
            **_band_errors(fields["age_band"], born_on, died_on),
            **_choice_errors(fields["age_band"], fields["expectation"]),
            **_date_errors(died_on, fields["notified_on"], born_on),
            **_panel_errors(partnership, fields["panel"], fields["notified_on"]),
        }
    )


@transaction.atomic
def child_death_create(
    *,
    actor: User | None,
    partnership: Partnership,
    panel: Footprint,
    case_code: str,
    died_on: dt.date,
    notified_on: dt.date,
    age_band: str,
    expectation: str,
    joint_agency_response: bool = False,
    born_on: dt.date | None = None,
) -> ChildDeath:
    """Record a death notified to the panel."""
    fields: dict[str, Any] = {
        "panel": panel,
        "case_code": case_code.strip(),
        "died_on": died_on,
        "born_on": born_on,
        "notified_on": notified_on,
        "age_band": age_band,
        "expectation": expectation,
    }
    _check_death(partnership, fields, None)
    death = ChildDeath(
        partnership=partnership, joint_agency_response=joint_agency_response, **fields
    )
    changes = {name: [None, value] for name, value in fields.items()}
    changes |= {"panel": [None, str(panel)], "joint_agency_response": [None, joint_agency_response]}
    return save_new(actor, partnership, death, "child_deaths.childdeath.create", changes)


def _review_order_errors(death: ChildDeath, notified_on: dt.date) -> Errors:
    """A corrected notification date cannot move after the review already recorded."""
    for when, what in (
        (death.review_meeting_on, "review meeting"),
        (death.review_completed_on, "panel's review"),
    ):
        if when is not None and notified_on > when:
            return {
                "notified_on": f"The date notified must be on or before the {what} ({day(when)})"
            }
    return {}


@transaction.atomic
def child_death_update(
    *, actor: User | None, death: ChildDeath, data: dict[str, Any]
) -> ChildDeath:
    """Correct what was recorded at notification; the learning source's title follows the code."""
    data = {name: value for name, value in data.items() if name in EDITABLE}
    if "case_code" in data:
        data["case_code"] = data["case_code"].strip()
    fields = {name: data.get(name, getattr(death, name)) for name in EDITABLE}
    _check_death(death.partnership, fields, death.pk)
    _raise_if(_review_order_errors(death, fields["notified_on"]))
    updated = save_changes(actor, death.partnership, death, "child_deaths.childdeath.update", data)
    if updated.source is not None and updated.source.title != source_title(updated):
        learning_services.source_update(
            actor=actor, source=updated.source, title=source_title(updated)
        )
    return updated


def _review_answer_errors(completed: bool, category: int | None, modifiable_factors: str) -> Errors:
    errors: Errors = {}
    if category is not None and category not in Category.values:
        errors["category"] = "Select a category of death from the list"
    elif category is None and completed:
        errors["category"] = "Select the category of death: a completed review needs one"
    if modifiable_factors and modifiable_factors not in ModifiableFactors.values:
        errors["modifiable_factors"] = "Select whether modifiable factors were identified"
    elif not modifiable_factors and completed:
        errors["modifiable_factors"] = (
            "Select whether modifiable factors were identified: a completed review needs an answer"
        )
    return errors


def _review_date_errors(
    notified_on: dt.date, meeting_on: dt.date | None, completed_on: dt.date | None
) -> Errors:
    today, errors = timezone.localdate(), {}
    for field, when, what in (
        ("review_meeting_on", meeting_on, "The date of the review meeting"),
        ("review_completed_on", completed_on, "The date the review was completed"),
    ):
        if when is not None and when > today:
            errors[field] = f"{what} must be today or in the past"
        elif when is not None and when < notified_on:
            errors[field] = f"{what} must be on or after the date notified ({day(notified_on)})"
    if (
        "review_meeting_on" not in errors
        and meeting_on
        and completed_on
        and meeting_on > completed_on
    ):
        errors["review_meeting_on"] = (
            "The date of the review meeting must be on or before the date the review was completed"
        )
    return errors


@transaction.atomic
def child_death_review_record(
    *,
    actor: User | None,
    death: ChildDeath,
    review_meeting_on: dt.date | None,
    review_completed_on: dt.date | None,
    category: int | None,
    modifiable_factors: str,
) -> ChildDeath:
    """Record the child death review meeting and the panel's review (complete or in progress)."""
    _raise_if(
        {
            **_review_answer_errors(review_completed_on is not None, category, modifiable_factors),
            **_review_date_errors(death.notified_on, review_meeting_on, review_completed_on),
        }
    )
    data = {
        "review_meeting_on": review_meeting_on,
        "review_completed_on": review_completed_on,
        "category": category,
        "modifiable_factors": modifiable_factors,
    }
    return save_changes(actor, death.partnership, death, "child_deaths.childdeath.review", data)


@transaction.atomic
def child_death_finding_raise(
    *,
    actor: User | None,
    death: ChildDeath,
    text: str,
    recorded_on: dt.date,
    themes: Sequence[Theme] = (),
) -> Finding:
    """Raise a finding from the death's review into the learning loop; the death's learning
    source (titled only by its case code) is made the first time."""
    words = require_text(text, "text", "Enter the finding")
    if recorded_on > timezone.localdate():
        raise ValidationError({"recorded_on": "The date recorded must be today or in the past"})
    source = learning_services.source_for(
        actor=actor,
        record=death,
        kind=SourceKind.CHILD_DEATH,
        title=source_title(death),
        started_on=death.notified_on,
        action="child_deaths.childdeath.update",
    )
    return learning_services.finding_create(
        actor=actor, source=source, text=words, recorded_on=recorded_on, themes=themes
    )


# Reads of the restricted register, written to the audit log


def child_death_read(*, actor: User, death: ChildDeath) -> None:
    """Record that someone opened a death's record (its page, or an API retrieve)."""
    audit_record_read(actor=actor, target=death, partnership=death.partnership)


def child_deaths_list_read(
    *, actor: User, partnership: Partnership, rows: int, filters: dict[str, str]
) -> None:
    """Record that someone read the register (a list page or an API list): the filters and how
    many deaths they matched; one entry for each read, `child_deaths.childdeath.read`."""
    audit_record(
        actor=actor,
        action="child_deaths.childdeath.read",
        partnership=partnership,
        changes={"register": [None, filters], "rows": [None, rows]},
    )
