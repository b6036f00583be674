"""Each partnership keeps the statutory timescales, and the business unit may set its own."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from safeguarding.accounts.roles import Role
from safeguarding.audit.models import AuditEntry
from safeguarding.core import selectors, services
from safeguarding.core.calendar import ClockState
from safeguarding.core.models import TimescaleSetting
from tests.core.pages import error_summary, field_errors, table_rows

GOOD = {"amount": "20", "unit": "working_days", "due_soon_working_days": "3"}


def list_url(partnership):
    return reverse("core:timescale_list", args=[partnership.slug])


def edit_url(partnership, code="rapid_review"):
    return reverse("core:timescale_edit", args=[partnership.slug, code])


def row_for(response, label):
    return next(row for row in table_rows(response, "timescales") if row.startswith(label))


@pytest.mark.parametrize(
    ("label", "shown"),
    [
        ("Serious incident notification to the national Panel", "5 working days"),
        ("Rapid review completed", "15 working days"),
        ("Local child safeguarding practice review published", "6 months"),
        ("LADO informed of an allegation", "1 working day"),
    ],
)
def test_list_shows_the_hub_defaults(business_unit, partnership, label, shown):
    row = row_for(business_unit.get(list_url(partnership)), label)
    assert shown in row
    assert "Hub default" in row


def test_list_runs_a_fixed_number_of_queries(
    business_unit, partnership, django_assert_max_num_queries
):
    for code in ("rapid_review", "lado_referral", "escalation_step_1"):
        services.timescale_set(actor=None, partnership=partnership, code=code, **_values(20))
    with django_assert_max_num_queries(10):
        response = business_unit.get(list_url(partnership))
    assert response.status_code == 200


def _values(amount, unit="working_days", due_soon=3):
    return {"amount": amount, "unit": unit, "due_soon_working_days": due_soon}


def test_business_unit_sets_a_local_rapid_review_timescale(business_unit, partnership):
    response = business_unit.post(edit_url(partnership), GOOD)
    assert response.status_code == 302
    assert response["Location"] == list_url(partnership)
    effective = selectors.timescale_for(partnership, "rapid_review")
    assert effective.amount == 20
    assert effective.is_local


def test_local_timescale_is_marked_local_in_the_list(business_unit, partnership):
    business_unit.post(edit_url(partnership), GOOD)
    row = row_for(business_unit.get(list_url(partnership)), "Rapid review completed")
    assert "20 working days Local" in row
    assert "Set by the partnership (default 15 working days)" in row


def test_setting_a_timescale_writes_an_audit_entry_with_the_change(
    business_unit, partnership, personas
):
    business_unit.post(edit_url(partnership), GOOD)
    entry = AuditEntry.objects.get(action="core.timescale.set")
    assert entry.actor == personas[Role.BUSINESS_UNIT]
    assert entry.partnership == partnership
    assert entry.changes == {"amount": [15, 20]}


def test_local_timescale_moves_the_due_date(business_unit, partnership):
    business_unit.post(edit_url(partnership), GOOD)
    effective = selectors.timescale_for(partnership, "rapid_review")
    assert effective.due_from(dt.date(2024, 4, 8)) == dt.date(2024, 5, 7)


def test_local_timescale_does_not_change_another_partnership(
    business_unit, partnership, other_partnership
):
    business_unit.post(edit_url(partnership), GOOD)
    assert selectors.timescale_for(other_partnership, "rapid_review").amount == 15


def test_saving_the_default_values_writes_nothing(business_unit, partnership):
    response = business_unit.post(edit_url(partnership), {**GOOD, "amount": "15"})
    assert response.status_code == 302
    assert not TimescaleSetting.objects.exists()
    assert not AuditEntry.objects.filter(action="core.timescale.set").exists()


def test_edit_page_shows_the_current_values(business_unit, partnership):
    page = business_unit.get(edit_url(partnership, "lado_referral")).content.decode()
    assert "The Hub's default is 1 working day." in page
    assert 'name="amount" value="1"' in page


@pytest.mark.parametrize(
    ("data", "summary"),
    [
        (
            {**GOOD, "amount": "0"},
            [("#id_amount", "Amount: Ensure this value is greater than or equal to 1.")],
        ),
        ({**GOOD, "amount": "abc"}, [("#id_amount", "Amount: Enter a whole number.")]),
        (
            {"amount": "20", "due_soon_working_days": "3"},
            [("#id_unit_0", "Select unit")],
        ),
        (
            {"due_soon_working_days": "-1"},
            [
                ("#id_amount", "Enter amount"),
                ("#id_unit_0", "Select unit"),
                (
                    "#id_due_soon_working_days",
                    "Show as due soon this many working days before: "
                    "Ensure this value is greater than or equal to 0.",
                ),
            ],
        ),
    ],
    ids=["amount-zero", "amount-not-a-number", "no-unit", "everything-wrong"],
)
def test_bad_input_is_shown_in_the_error_summary_and_saves_nothing(
    business_unit, partnership, data, summary
):
    response = business_unit.post(edit_url(partnership), data)
    assert response.status_code == 200
    assert error_summary(response) == summary
    assert not TimescaleSetting.objects.exists()
    assert not AuditEntry.objects.filter(action="core.timescale.set").exists()


def test_bad_amount_is_shown_beside_the_field(business_unit, partnership):
    response = business_unit.post(edit_url(partnership), {**GOOD, "amount": "abc"})
    assert field_errors(response, "id_amount") == ["Enter a whole number."]
    assert response.content.decode().count("<title>Error: ") == 1


def test_service_refuses_an_amount_below_one_and_keeps_the_saved_value(partnership):
    services.timescale_set(actor=None, partnership=partnership, code="rapid_review", **_values(20))
    with pytest.raises(ValidationError) as caught:
        services.timescale_set(
            actor=None, partnership=partnership, code="rapid_review", **_values(0)
        )
    assert "amount" in caught.value.error_dict
    assert TimescaleSetting.objects.get(code="rapid_review").amount == 20


def test_service_refuses_a_timescale_the_hub_does_not_keep(partnership):
    with pytest.raises(ValidationError):
        services.timescale_set(actor=None, partnership=partnership, code="tea_break", **_values(5))


def test_executive_reads_the_list_without_change_links(executive, partnership):
    response = executive.get(list_url(partnership))
    assert response.status_code == 200
    assert edit_url(partnership) not in response.content.decode()


def test_business_unit_sees_change_links(business_unit, partnership):
    assert edit_url(partnership) in business_unit.get(list_url(partnership)).content.decode()


def test_executive_may_not_open_the_edit_page(executive, partnership):
    response = executive.get(edit_url(partnership))
    assert response.status_code == 403


def test_executive_may_not_change_a_timescale(executive, partnership):
    response = executive.post(edit_url(partnership), GOOD)
    assert response.status_code == 403
    assert not TimescaleSetting.objects.exists()


def test_unknown_timescale_is_not_found(business_unit, partnership):
    assert business_unit.get(edit_url(partnership, "tea-break")).status_code == 404


@pytest.mark.parametrize("which", ["list", "edit"])
def test_outsider_gets_not_found(outsider, partnership, client_as, which):
    url = list_url(partnership) if which == "list" else edit_url(partnership)
    assert client_as(outsider).get(url).status_code == 404


# A practice review must be published within 6 months of the decision to hold it.
DECIDED = dt.date(2023, 8, 31)


def practice_review_clock(partnership, **kwargs):
    timescale = selectors.timescale_for(partnership, "practice_review_publication")
    return timescale.clock(DECIDED, **kwargs)


def test_months_timescale_is_due_on_the_same_day_months_later_or_the_month_end(partnership):
    clock = practice_review_clock(partnership, today=dt.date(2023, 9, 1))
    assert clock.due == dt.date(2024, 2, 29)
    assert clock.state == ClockState.NOT_DUE


def test_months_timescale_is_due_soon_within_its_working_day_warning(partnership):
    clock = practice_review_clock(partnership, today=dt.date(2024, 2, 1))
    assert clock.state == ClockState.DUE_SOON


def test_months_timescale_met_late_counts_working_days(partnership):
    clock = practice_review_clock(
        partnership, completed=dt.date(2024, 3, 4), today=dt.date(2024, 4, 1)
    )
    assert clock.state == ClockState.MET_LATE
    assert clock.working_days_late == 2
