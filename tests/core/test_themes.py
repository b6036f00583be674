"""Each partnership keeps its own taxonomy of learning themes, seeded with eight defaults."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from safeguarding.accounts.roles import Role
from safeguarding.audit.models import AuditEntry
from safeguarding.core import services
from safeguarding.core.defaults import DEFAULT_THEMES
from safeguarding.core.models import Theme
from tests.core.pages import error_summary, field_errors, table_rows

MONDAY = dt.datetime(2024, 6, 3, 10, 0, tzinfo=dt.UTC)
DUPLICATE = "This partnership already has a theme with this name."


def url(name, partnership, *args):
    return reverse(f"core:{name}", args=[partnership.slug, *args])


@pytest.fixture
def theme(partnership):
    return Theme.objects.get(partnership=partnership, name="Dynamic risk assessment")


def retire_data(day="3", month="6", year="2024"):
    return {"retired_on_day": day, "retired_on_month": month, "retired_on_year": year}


# Seeding


def test_new_partnership_starts_with_the_eight_default_themes(partnership):
    names = Theme.objects.filter(partnership=partnership).values_list("name", flat=True)
    assert len(DEFAULT_THEMES) == 8
    assert sorted(names) == sorted(DEFAULT_THEMES)


def test_default_themes_are_current(partnership):
    assert Theme.objects.filter(partnership=partnership).current().count() == 8


def test_each_default_theme_is_audited(partnership):
    entries = AuditEntry.objects.filter(action="core.theme.create", partnership=partnership)
    assert sorted(entry.changes["name"][1] for entry in entries) == sorted(DEFAULT_THEMES)


def test_each_partnership_gets_its_own_copy_of_the_defaults(partnership, other_partnership):
    assert Theme.objects.filter(partnership=other_partnership).count() == 8


# The list


def test_list_shows_every_theme(business_unit, partnership):
    rows = table_rows(business_unit.get(url("theme_list", partnership)), "themes")
    assert len(rows) == 8
    assert "Dynamic risk assessment Current Change Dynamic risk assessment | Retire" in (
        " ".join(rows)
    )


def test_list_runs_a_fixed_number_of_queries(
    business_unit, partnership, django_assert_max_num_queries
):
    with django_assert_max_num_queries(10):
        response = business_unit.get(url("theme_list", partnership))
    assert response.status_code == 200


# Adding


def test_business_unit_adds_a_theme(business_unit, partnership):
    data = {"name": "Neglect", "description": "Chronic neglect and its signs."}
    response = business_unit.post(url("theme_add", partnership), data)
    assert response["Location"] == url("theme_list", partnership)
    added = Theme.objects.get(partnership=partnership, name="Neglect")
    assert added.description == "Chronic neglect and its signs."


def test_adding_a_theme_is_audited(business_unit, partnership, personas):
    business_unit.post(url("theme_add", partnership), {"name": "Neglect"})
    entry = AuditEntry.objects.filter(action="core.theme.create").first()
    assert entry is not None
    assert (entry.actor, entry.changes) == (
        personas[Role.BUSINESS_UNIT],
        {"name": [None, "Neglect"]},
    )


def test_added_theme_is_listed(business_unit, partnership):
    business_unit.post(url("theme_add", partnership), {"name": "Neglect"})
    rows = table_rows(business_unit.get(url("theme_list", partnership)), "themes")
    assert any(row.startswith("Neglect Current") for row in rows)


def test_adding_a_theme_name_already_used_in_any_case_is_refused(business_unit, partnership):
    response = business_unit.post(
        url("theme_add", partnership), {"name": "dynamic RISK assessment"}
    )
    assert response.status_code == 200
    assert field_errors(response, "id_name") == [DUPLICATE]
    assert error_summary(response) == [("#id_name", DUPLICATE)]
    assert Theme.objects.filter(partnership=partnership).count() == 8


def test_adding_a_theme_without_a_name_is_refused(business_unit, partnership):
    response = business_unit.post(url("theme_add", partnership), {"name": "  "})
    assert error_summary(response) == [("#id_name", "Enter theme")]
    assert Theme.objects.filter(partnership=partnership).count() == 8


def test_name_differing_only_in_punctuation_is_a_new_theme(business_unit, partnership):
    # "Multi-agency communication" is a default; its slug must not block this one.
    business_unit.post(url("theme_add", partnership), {"name": "Multi agency communication"})
    names = set(Theme.objects.filter(partnership=partnership).values_list("name", flat=True))
    assert {"Multi agency communication", "Multi-agency communication"} <= names


def test_theme_named_only_in_symbols_is_added(business_unit, partnership):
    business_unit.post(url("theme_add", partnership), {"name": "???"})
    assert Theme.objects.filter(partnership=partnership, name="???").exists()


def test_another_partnerships_theme_name_may_be_reused(
    business_unit, partnership, other_partnership
):
    services.theme_create(actor=None, partnership=other_partnership, name="Neglect")
    business_unit.post(url("theme_add", partnership), {"name": "Neglect"})
    assert Theme.objects.filter(partnership=partnership, name="Neglect").exists()


# Changing


def test_business_unit_renames_a_theme(business_unit, partnership, theme):
    data = {"name": "Dynamic assessment of risk", "description": ""}
    response = business_unit.post(url("theme_edit", partnership, theme.pk), data)
    assert response["Location"] == url("theme_list", partnership)
    theme.refresh_from_db()
    assert theme.name == "Dynamic assessment of risk"


def test_changing_a_theme_audits_only_what_changed(business_unit, partnership, theme):
    data = {"name": "Dynamic risk assessment", "description": "Risk changes; so should plans."}
    business_unit.post(url("theme_edit", partnership, theme.pk), data)
    entry = AuditEntry.objects.get(action="core.theme.update")
    assert entry.changes == {"description": ["", "Risk changes; so should plans."]}


def test_renaming_to_another_themes_name_is_refused(business_unit, partnership, theme):
    data = {"name": "multi-agency communication"}
    response = business_unit.post(url("theme_edit", partnership, theme.pk), data)
    assert field_errors(response, "id_name") == [DUPLICATE]
    theme.refresh_from_db()
    assert theme.name == "Dynamic risk assessment"


def test_edit_form_starts_with_the_current_name(business_unit, partnership, theme):
    page = business_unit.get(url("theme_edit", partnership, theme.pk)).content.decode()
    assert 'value="Dynamic risk assessment"' in page


# Retiring


@time_machine.travel(MONDAY, tick=False)
def test_business_unit_retires_a_theme(business_unit, partnership, theme):
    response = business_unit.post(url("theme_retire", partnership, theme.pk), retire_data())
    assert response["Location"] == url("theme_list", partnership)
    theme.refresh_from_db()
    assert theme.retired_on == dt.date(2024, 6, 3)
    assert AuditEntry.objects.get(action="core.theme.retire").changes == {
        "retired_on": [None, "2024-06-03"]
    }


@time_machine.travel(MONDAY, tick=False)
def test_retired_theme_is_marked_in_the_list_without_a_retire_link(
    business_unit, partnership, theme
):
    business_unit.post(url("theme_retire", partnership, theme.pk), retire_data())
    response = business_unit.get(url("theme_list", partnership))
    assert "Dynamic risk assessment Retired 3 Jun 2024 Change Dynamic risk assessment" in (
        table_rows(response, "themes")
    )
    assert url("theme_retire", partnership, theme.pk) not in response.content.decode()


def test_retiring_a_theme_with_an_impossible_date_is_refused(business_unit, partnership, theme):
    data = retire_data(day="30", month="2")
    response = business_unit.post(url("theme_retire", partnership, theme.pk), data)
    assert error_summary(response) == [
        ("#id_retired_on_day", "Date retired: The date must be a real date, like 27 3 2024.")
    ]
    theme.refresh_from_db()
    assert theme.retired_on is None


def test_retiring_a_theme_twice_is_refused(business_unit, partnership, theme):
    services.theme_retire(actor=None, theme=theme, retired_on=dt.date(2024, 1, 31))
    response = business_unit.post(url("theme_retire", partnership, theme.pk), retire_data())
    assert field_errors(response, "id_retired_on") == [
        "This theme was already retired on 31 January 2024."
    ]
    theme.refresh_from_db()
    assert theme.retired_on == dt.date(2024, 1, 31)


# Who may do what


def test_executive_reads_the_list_without_add_or_change_links(executive, partnership, theme):
    response = executive.get(url("theme_list", partnership))
    page = response.content.decode()
    assert response.status_code == 200
    assert url("theme_add", partnership) not in page
    assert url("theme_edit", partnership, theme.pk) not in page


@pytest.mark.parametrize("name", ["theme_add", "theme_edit", "theme_retire"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_executive_may_not_change_themes(executive, partnership, theme, name, method):
    target = url(name, partnership) if name == "theme_add" else url(name, partnership, theme.pk)
    data = {"name": "Neglect", **retire_data()} if method == "post" else None
    response = getattr(executive, method)(target, data)
    assert response.status_code == 403
    theme.refresh_from_db()
    assert (theme.name, theme.retired_on) == ("Dynamic risk assessment", None)
    assert not Theme.objects.filter(name="Neglect").exists()


@pytest.mark.parametrize("name", ["theme_list", "theme_add", "theme_edit", "theme_retire"])
def test_outsider_gets_not_found_on_every_theme_page(outsider, client_as, partnership, theme, name):
    args = [theme.pk] if name in {"theme_edit", "theme_retire"} else []
    assert client_as(outsider).get(url(name, partnership, *args)).status_code == 404


@pytest.mark.parametrize("name", ["theme_edit", "theme_retire"])
def test_another_partnerships_theme_is_not_found(
    business_unit, partnership, other_partnership, name
):
    elsewhere = Theme.objects.filter(partnership=other_partnership).first()
    assert elsewhere is not None
    assert business_unit.get(url(name, partnership, elsewhere.pk)).status_code == 404
