"""The learning services: what they save, what they refuse (against the field to correct), and
that a refusal leaves nothing behind, not even an audit entry."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from safeguarding.audit.models import AuditEntry
from safeguarding.core import services as core_services
from safeguarding.learning import services
from safeguarding.learning.models import (
    Action,
    ActionStatus,
    Finding,
    ImpactJudgement,
    ImpactMethod,
    Rag,
    SourceKind,
)
from tests.learning.factories import RAISED, make_action, make_source

NOW = dt.datetime(2024, 3, 5, 10, 0, tzinfo=dt.UTC)


def entries(action: str) -> int:
    return AuditEntry.objects.filter(action=action).count()


def test_a_domain_app_creates_and_renames_its_source(partnership):
    source = services.source_create(
        actor=None,
        partnership=partnership,
        kind=SourceKind.RAPID_REVIEW,
        title=" Rapid review: Child R ",
        started_on=dt.date(2023, 9, 4),
    )
    services.source_update(actor=None, source=source, title="Rapid review: Child S")
    source.refresh_from_db()
    assert (source.title, source.started_on) == ("Rapid review: Child S", dt.date(2023, 9, 4))
    update = AuditEntry.objects.get(action="learning.source.update")
    assert update.changes == {"title": ["Rapid review: Child R", "Rapid review: Child S"]}


def test_updating_a_source_with_nothing_new_writes_no_audit_entry(source):
    services.source_update(actor=None, source=source, title=source.title)
    assert entries("learning.source.update") == 0


def test_a_finding_keeps_its_themes(source, partnership):
    themes = list(partnership.themes.all()[:2])
    finding = services.finding_create(
        actor=None,
        source=source,
        text="Bruising in non-mobile babies was not escalated.",
        recorded_on=dt.date(2023, 6, 1),
        themes=themes,
    )
    assert set(finding.themes.all()) == set(themes)
    assert entries("learning.finding.create") == 1


def test_another_partnerships_theme_is_refused_and_nothing_saved(source, other_partnership):
    foreign = other_partnership.themes.first()
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.finding_create(
            actor=None, source=source, text="x", recorded_on=RAISED, themes=[foreign]
        )
    assert list(refused.value.message_dict) == ["themes"]
    assert foreign.name in refused.value.message_dict["themes"][0]
    assert not Finding.objects.exists()
    assert AuditEntry.objects.count() == before


def test_a_retired_theme_is_refused_for_new_findings_but_kept_on_old_ones(source, partnership):
    theme = partnership.themes.first()
    finding = services.finding_create(
        actor=None, source=source, text="Old", recorded_on=RAISED, themes=[theme]
    )
    core_services.theme_retire(actor=None, theme=theme, retired_on=RAISED)
    with pytest.raises(ValidationError) as refused:
        services.finding_create(
            actor=None, source=source, text="New", recorded_on=RAISED, themes=[theme]
        )
    assert "themes" in refused.value.message_dict
    earlier = RAISED - dt.timedelta(days=1)  # recorded before the theme was retired
    services.finding_create(
        actor=None, source=source, text="Earlier", recorded_on=earlier, themes=[theme]
    )
    services.finding_update(
        actor=None, finding=finding, data={"text": "Old, reworded", "themes": [theme]}
    )
    finding.refresh_from_db()
    assert finding.text == "Old, reworded"


def test_changing_a_findings_themes_is_audited_by_name(source, partnership):
    first, second = list(partnership.themes.order_by("name")[:2])
    finding = services.finding_create(
        actor=None, source=source, text="A", recorded_on=RAISED, themes=[first]
    )
    services.finding_update(actor=None, finding=finding, data={"themes": [second]})
    entry = AuditEntry.objects.get(action="learning.finding.update")
    assert entry.changes == {"themes": [[first.name], [second.name]]}


def test_an_action_due_before_it_was_raised_is_refused_and_nothing_saved(source, agency):
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        make_action(source, agency, raised_on=dt.date(2023, 6, 1), due_on=dt.date(2023, 5, 31))
    assert refused.value.message_dict == {
        "due_on": ["The due date must be on or after the date the action was raised, 1 June 2023."]
    }
    assert not Action.objects.exists()
    assert AuditEntry.objects.count() == before


def test_an_agency_outside_the_partnership_cannot_own_an_action(source, other_agency):
    with pytest.raises(ValidationError) as refused:
        make_action(source, other_agency)
    assert list(refused.value.message_dict) == ["owner_agency"]


def test_completed_needs_its_date_and_only_completed_has_one(source, agency):
    with pytest.raises(ValidationError) as no_date:
        make_action(source, agency, status=ActionStatus.COMPLETED, completed_on=None)
    assert no_date.value.message_dict == {
        "completed_on": ["Enter the date the action was completed."]
    }
    with pytest.raises(ValidationError) as stray_date:
        make_action(source, agency, status=ActionStatus.IN_PROGRESS, completed_on=RAISED)
    assert list(stray_date.value.message_dict) == ["completed_on"]


def test_every_problem_with_an_action_is_reported_at_once(source, other_agency):
    with pytest.raises(ValidationError) as refused:
        make_action(source, other_agency, due_on=dt.date(2023, 1, 1))
    assert set(refused.value.message_dict) == {"owner_agency", "due_on"}


def test_a_recommendation_from_another_source_cannot_be_linked(source, partnership, agency):
    elsewhere = make_source(partnership, title="Learning review: neglect")
    recommendation = services.recommendation_create(
        actor=None, source=elsewhere, text="Train on neglect", made_on=RAISED
    )
    with pytest.raises(ValidationError) as refused:
        make_action(source, agency, recommendation=recommendation)
    assert list(refused.value.message_dict) == ["recommendation"]


def test_an_update_is_checked_against_what_the_action_already_holds(police_action):
    with pytest.raises(ValidationError) as refused:
        services.action_update(
            actor=None, action=police_action, data={"due_on": dt.date(2023, 1, 1)}
        )
    assert list(refused.value.message_dict) == ["due_on"]
    services.action_update(actor=None, action=police_action, data={"rag": Rag.AMBER})
    entry = AuditEntry.objects.get(action="learning.action.update")
    assert entry.changes == {"rag": ["", "amber"]}


@time_machine.travel(NOW, tick=False)
def test_progress_moves_an_action_on_and_completing_it_dates_it(police_action, personas):
    services.action_progress_add(
        actor=None, action=police_action, text="Protocol drafted", rag=Rag.GREEN
    )
    services.action_progress_add(
        actor=None, action=police_action, text="Signed off", status=ActionStatus.COMPLETED
    )
    police_action.refresh_from_db()
    assert police_action.status == ActionStatus.COMPLETED
    assert police_action.completed_on == dt.date(2024, 3, 5)
    assert police_action.rag == Rag.GREEN
    assert [update.text for update in police_action.updates.all()] == [
        "Signed off",
        "Protocol drafted",
    ]
    last = AuditEntry.objects.filter(action="learning.action.progress_add").order_by("seq").last()
    assert last.changes["status"] == ["not_started", "completed"]


@time_machine.travel(NOW, tick=False)
def test_reopening_a_completed_action_clears_its_date(source, agency):
    action = make_action(source, agency, status=ActionStatus.COMPLETED)
    services.action_progress_add(
        actor=None, action=action, text="Audit found gaps", status=ActionStatus.IN_PROGRESS
    )
    action.refresh_from_db()
    assert (action.status, action.completed_on) == (ActionStatus.IN_PROGRESS, None)


@time_machine.travel(NOW, tick=False)
def test_evidence_cannot_come_from_the_future(police_action):
    with pytest.raises(ValidationError) as refused:
        services.impact_evidence_add(
            actor=None,
            action=police_action,
            method=ImpactMethod.SURVEY,
            summary="Practitioners feel confident",
            judgement=ImpactJudgement.PARTIAL,
            gathered_on=dt.date(2024, 3, 6),
        )
    assert list(refused.value.message_dict) == ["gathered_on"]
    assert not police_action.evidence.exists()


def test_dissemination_shares_only_this_partnerships_findings(partnership, other_partnership):
    ours = services.finding_create(
        actor=None, source=make_source(partnership), text="Ours", recorded_on=RAISED
    )
    theirs = services.finding_create(
        actor=None, source=make_source(other_partnership), text="Theirs", recorded_on=RAISED
    )
    common = {"actor": None, "partnership": partnership, "method": "bulletin"}
    with pytest.raises(ValidationError) as refused:
        services.dissemination_create(
            **common, title="Bulletin 7", shared_on=RAISED, findings=[ours, theirs]
        )
    assert list(refused.value.message_dict) == ["findings"]
    shared = services.dissemination_create(
        **common, title="Bulletin 7", shared_on=RAISED, reach=412, findings=[ours]
    )
    assert list(shared.findings.all()) == [ours]


def test_a_comment_is_signed_and_audited(source, personas):
    from safeguarding.accounts.roles import Role

    scrutineer = personas[Role.SCRUTINEER]
    comment = services.comment_add(actor=scrutineer, source=source, text="Where is the impact?")
    assert comment.author == scrutineer
    assert AuditEntry.objects.get(action="learning.comment.create").actor == scrutineer
