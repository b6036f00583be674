"""Findings, recommendations and the dissemination of learning."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction

from safeguarding.core.models import Partnership, Theme
from safeguarding.core.services import themes_check
from safeguarding.learning.models import Dissemination, Finding, Recommendation, Source
from safeguarding.learning.services._shared import create, names, set_many, update

if TYPE_CHECKING:
    from safeguarding.accounts.models import User


def _check_findings(source: Source, findings: Sequence[Finding]) -> None:
    if any(finding.source_id != source.pk for finding in findings):
        raise ValidationError({"findings": f"Choose findings of “{source}” only."})


@transaction.atomic
def finding_create(
    *,
    actor: User | None,
    source: Source,
    text: str,
    recorded_on: dt.date,
    themes: Sequence[Theme] = (),
) -> Finding:
    themes_check(source.partnership, themes, on=recorded_on)
    finding = create(
        actor,
        source.partnership,
        Finding(source=source, text=text.strip(), recorded_on=recorded_on),
        "learning.finding.create",
        {"text": [None, text.strip()], "themes": [None, names(themes)]},
    )
    finding.themes.set(list(themes))
    return finding


@transaction.atomic
def finding_update(*, actor: User | None, finding: Finding, data: dict[str, Any]) -> Finding:
    data = dict(data)
    themes = data.pop("themes", None)
    if themes is not None:
        themes_check(
            finding.source.partnership,
            themes,
            on=data.get("recorded_on", finding.recorded_on),
            keep=finding.themes.all(),
        )
    if "text" in data:
        data["text"] = data["text"].strip()
    extra = set_many(finding, "themes", themes)
    return update(
        actor, finding.source.partnership, finding, "learning.finding.update", data, extra
    )


@transaction.atomic
def recommendation_create(
    *,
    actor: User | None,
    source: Source,
    text: str,
    made_on: dt.date,
    findings: Sequence[Finding] = (),
) -> Recommendation:
    _check_findings(source, findings)
    recommendation = create(
        actor,
        source.partnership,
        Recommendation(source=source, text=text.strip(), made_on=made_on),
        "learning.recommendation.create",
        {"text": [None, text.strip()], "made_on": [None, made_on]},
    )
    recommendation.findings.set(list(findings))
    return recommendation


@transaction.atomic
def recommendation_update(
    *, actor: User | None, recommendation: Recommendation, data: dict[str, Any]
) -> Recommendation:
    data = dict(data)
    findings = data.pop("findings", None)
    if findings is not None:
        _check_findings(recommendation.source, findings)
    if "text" in data:
        data["text"] = data["text"].strip()
    extra = set_many(recommendation, "findings", findings)
    action = "learning.recommendation.update"
    return update(actor, recommendation.source.partnership, recommendation, action, data, extra)


def _check_partnership_findings(partnership: Partnership, findings: Sequence[Finding]) -> None:
    pks = {finding.pk for finding in findings}
    ours = Finding.objects.filter(pk__in=pks, source__partnership=partnership).count()
    if ours != len(pks):
        raise ValidationError({"findings": f"Choose findings from {partnership}'s learning only."})


@transaction.atomic
def dissemination_create(
    *,
    actor: User | None,
    partnership: Partnership,
    method: str,
    title: str,
    shared_on: dt.date,
    reach: int | None = None,
    findings: Sequence[Finding] = (),
) -> Dissemination:
    _check_partnership_findings(partnership, findings)
    dissemination = create(
        actor,
        partnership,
        Dissemination(
            partnership=partnership,
            method=method,
            title=title.strip(),
            shared_on=shared_on,
            reach=reach,
        ),
        "learning.dissemination.create",
        {"method": [None, method], "title": [None, title.strip()], "shared_on": [None, shared_on]},
    )
    dissemination.findings.set(list(findings))
    return dissemination


@transaction.atomic
def dissemination_update(
    *, actor: User | None, dissemination: Dissemination, data: dict[str, Any]
) -> Dissemination:
    data = dict(data)
    findings = data.pop("findings", None)
    if findings is not None:
        _check_partnership_findings(dissemination.partnership, findings)
    if "title" in data:
        data["title"] = data["title"].strip()
    extra = set_many(dissemination, "findings", findings)
    action = "learning.dissemination.update"
    return update(actor, dissemination.partnership, dissemination, action, data, extra)
