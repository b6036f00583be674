"""The learning forms and pages as the business unit uses them: add and change findings,
recommendations, actions and dissemination; bad input comes back with the GOV.UK error summary
naming each field, and nothing is saved."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from safeguarding.audit.models import AuditEntry
from safeguarding.learning import services
from safeguarding.learning.models import Action, Dissemination, Finding
from tests.core.pages import error_summary, field_errors, table_rows
from tests.learning.factories import make_action, make_evidence

NOW = dt.datetime(2024, 3, 5, 10, 0, tzinfo=dt.UTC)


def url(name, partnership, *args):
    return reverse(f"learning:{name}", args=[partnership.slug, *args])


def date(field, value: dt.date):
    return {f"{field}_day": value.day, f"{field}_month": value.month, f"{field}_year": value.year}


def action_data(agency, **changes):
    data = {
        "title": "Refresh the bruising protocol",
        "owner_agency": agency.pk,
        "status": "not_started",
        **date("raised_on", dt.date(2023, 6, 1)),
        **date("due_on", dt.date(2023, 12, 1)),
    }
    return data | changes


def test_a_finding_with_themes_appears_on_its_source(business_unit, partnership, source):
    theme = partnership.themes.first()
    response = business_unit.post(
        url("finding_add", partnership, source.pk),
        {
            "text": "Bruising was not escalated.",
            "themes": [theme.pk],
            **date("recorded_on", dt.date(2023, 6, 1)),
        },
    )
    assert response.status_code == 302
    page = business_unit.get(url("source_detail", partnership, source.pk)).content.decode()
    assert "Bruising was not escalated." in page
    assert f'<strong class="govuk-tag govuk-tag--grey">{theme.name}</strong>' in page


def test_an_unknown_theme_is_a_field_error(business_unit, partnership, other_partnership, source):
    foreign = other_partnership.themes.first()
    response = business_unit.post(
        url("finding_add", partnership, source.pk),
        {"text": "x", "themes": [foreign.pk], **date("recorded_on", dt.date(2023, 6, 1))},
    )
    assert response.status_code == 200
    assert error_summary(response)[0][0] == "#id_themes_0"
    assert field_errors(response, "id_themes")
    assert not Finding.objects.exists()


def test_an_action_due_before_it_was_raised_comes_back_with_the_error(
    business_unit, partnership, source, agency
):
    before = AuditEntry.objects.count()
    response = business_unit.post(
        url("action_add", partnership, source.pk),
        action_data(agency, **date("due_on", dt.date(2023, 5, 1))),
    )
    assert error_summary(response) == [
        (
            "#id_due_on_day",
            "The due date must be on or after the date the action was raised, 1 June 2023.",
        )
    ]
    assert not Action.objects.exists()
    assert AuditEntry.objects.count() == before


def test_an_empty_action_form_names_every_missing_answer(business_unit, partnership, source):
    response = business_unit.post(url("action_add", partnership, source.pk), {})
    assert [text for _, text in error_summary(response)] == [
        "Enter action",
        "Select owner agency",
        "Enter date raised",
        "Enter due date",
        "Select status",
    ]


def test_adding_and_changing_an_action(business_unit, partnership, source, agency):
    business_unit.post(url("action_add", partnership, source.pk), action_data(agency))
    action = Action.objects.get()
    response = business_unit.post(
        url("action_edit", partnership, source.pk, action.pk),
        action_data(agency, rag="amber", status="in_progress"),
    )
    assert response["Location"] == url("action_detail", partnership, action.pk)
    action.refresh_from_db()
    assert (action.rag, action.status) == ("amber", "in_progress")


def test_completing_without_a_date_is_a_field_error(
    business_unit, partnership, police_action, agency
):
    response = business_unit.post(
        url("action_edit", partnership, police_action.source_id, police_action.pk),
        action_data(agency, status="completed"),
    )
    assert error_summary(response) == [
        ("#id_completed_on_day", "Date completed: Enter the date the action was completed.")
    ]


def test_an_action_of_another_source_is_404_under_this_one(
    business_unit, partnership, police_action
):
    from tests.learning.factories import make_source

    elsewhere = make_source(partnership, "Learning review: neglect")
    target = url("action_edit", partnership, elsewhere.pk, police_action.pk)
    assert business_unit.get(target).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_progress_with_nothing_written_is_refused(business_unit, partnership, police_action):
    response = business_unit.post(url("action_progress", partnership, police_action.pk), {})
    assert error_summary(response) == [("#id_text", "Enter progress made")]


@time_machine.travel(NOW, tick=False)
def test_evidence_form_errors_name_each_field(business_unit, partnership, police_action):
    response = business_unit.post(
        url("action_evidence", partnership, police_action.pk), {"gathered_on_day": "40"}
    )
    assert [href for href, _ in error_summary(response)] == [
        "#id_method_0",
        "#id_summary",
        "#id_judgement_0",
        "#id_gathered_on_day",
    ]


def test_a_recommendation_answers_findings(business_unit, partnership, source):
    finding = services.finding_create(
        actor=None, source=source, text="Bruising", recorded_on=dt.date(2023, 6, 1)
    )
    business_unit.post(
        url("recommendation_add", partnership, source.pk),
        {
            "text": "Refresh the protocol",
            "findings": [finding.pk],
            **date("made_on", dt.date(2023, 6, 2)),
        },
    )
    recommendation = source.recommendations.get()
    assert list(recommendation.findings.all()) == [finding]
    page = business_unit.get(url("source_detail", partnership, source.pk)).content.decode()
    assert "Refresh the protocol" in page


def test_dissemination_is_listed_with_its_reach_and_sources(business_unit, partnership, source):
    finding = services.finding_create(
        actor=None, source=source, text="Bruising", recorded_on=dt.date(2023, 6, 1)
    )
    business_unit.post(
        url("dissemination_add", partnership),
        {
            "method": "bulletin",
            "title": "Learning bulletin 7",
            "reach": "1204",
            "findings": [finding.pk],
            **date("shared_on", dt.date(2023, 9, 1)),
        },
    )
    page = business_unit.get(url("dissemination_list", partnership))
    assert table_rows(page, "disseminations") == [
        "Learning bulletin 7 Learning bulletin 1 Sep 2023 1,204 Rapid review: Child Q "
        "Change Learning bulletin 7"
    ]
    dissemination = Dissemination.objects.get()
    business_unit.post(
        url("dissemination_edit", partnership, dissemination.pk),
        {"method": "briefing", "title": "Briefing 7", **date("shared_on", dt.date(2023, 9, 1))},
    )
    dissemination.refresh_from_db()
    assert (dissemination.method, dissemination.reach) == ("briefing", None)
    assert not dissemination.findings.exists()


#: The source page: session (4), user, second factor, scope (2), the source, the record it came
#: from (learning.links), findings and their themes, recommendations and their findings,
#: actions, comments, the partnership switcher.
SOURCE_QUERIES = 17


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("n", [2, 20])
def test_the_source_page_makes_the_same_queries_however_much_was_learned(
    n, business_unit, partnership, source, agency, django_assert_num_queries
):
    themes = list(partnership.themes.all()[:2])
    for i in range(n):
        finding = services.finding_create(
            actor=None, source=source, text=f"F{i}", recorded_on=dt.date(2023, 6, 1), themes=themes
        )
        services.recommendation_create(
            actor=None, source=source, text=f"R{i}", made_on=dt.date(2023, 6, 1), findings=[finding]
        )
        action = make_action(source, agency, title=f"A{i}")
        services.action_progress_add(actor=None, action=action, text=f"Update {i}")
        make_evidence(action)
    business_unit.get(url("source_detail", partnership, source.pk))
    with django_assert_num_queries(SOURCE_QUERIES):
        page = business_unit.get(url("source_detail", partnership, source.pk))
    rows = table_rows(page, "action-table")
    assert len(rows) == n
    assert "Update 0" in rows[0]
    assert rows[0].endswith("Impact shown")
