"""A year's budget: contributions with shares, grants with their uses, expenditure."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from safeguarding.audit.models import AuditEntry
from safeguarding.governance.models import Contribution, Expenditure, Grant
from tests.core.pages import error_summary, table_rows


def url(name, partnership, *args):
    return reverse(f"governance:{name}", args=[partnership.slug, *args])


def test_adding_contributions_shows_shares_and_total(business_unit, partnership, agency, health):
    add = url("contribution_add", partnership, "2023-24")
    business_unit.post(add, {"agency": agency.pk, "amount": "750"})
    business_unit.post(add, {"agency": health.pk, "amount": "250.00"})
    page = business_unit.get(url("budget", partnership, "2023-24"))
    rows = table_rows(page, "contributions")
    assert [row.split(" Change")[0] for row in rows] == [
        "Testshire Police £750.00 75%",
        "Testshire Health £250.00 25%",
        "Total £1,000.00",
    ]
    assert AuditEntry.objects.filter(action="governance.contribution.create").count() == 2


def test_one_contribution_per_agency_per_year(business_unit, partnership, agency, contribution):
    add = url("contribution_add", partnership, "2023-24")
    response = business_unit.post(add, {"agency": agency.pk, "amount": "5"})
    assert error_summary(response) == [
        (
            "#id_agency",
            "Agency: Testshire Police already has a contribution for 2023-24: change that one.",
        )
    ]
    assert Contribution.objects.count() == 1
    business_unit.post(
        url("contribution_add", partnership, "2024-25"), {"agency": agency.pk, "amount": "5"}
    )
    assert Contribution.objects.count() == 2


def test_amounts_must_be_positive_and_numbers(business_unit, partnership):
    response = business_unit.post(
        url("expenditure_add", partnership, "2023-24"), {"category": "", "amount": "-3"}
    )
    assert error_summary(response) == [("#id_category", "Enter category")]
    response = business_unit.post(
        url("expenditure_add", partnership, "2023-24"), {"category": "Salaries", "amount": "0"}
    )
    assert error_summary(response) == [
        ("#id_amount", "Amount in pounds: The amount must be more than £0.")
    ]
    response = business_unit.post(
        url("grant_add", partnership, "2023-24"),
        {"funder": "DfE", "purpose": "x", "amount": "lots"},
    )
    assert error_summary(response) == [("#id_amount", "Amount in pounds: Enter a number.")]
    assert not Expenditure.objects.exists()
    assert not Grant.objects.exists()


def test_a_grant_keeps_its_uses(business_unit, partnership):
    data = {
        "amount": "47300",
        "funder": "DfE",
        "purpose": "WT 2023",
        "uses": "Training\n\nScrutiny\n",
    }
    business_unit.post(url("grant_add", partnership, "2023-24"), data)
    grant = Grant.objects.get()
    assert grant.uses == ["Training", "Scrutiny"]
    edit = business_unit.get(url("grant_edit", partnership, grant.pk)).content.decode()
    assert "Training\nScrutiny" in edit


def test_editing_and_removing_expenditure(business_unit, partnership, spending):
    business_unit.post(
        url("expenditure_edit", partnership, spending.pk), {"category": "Salaries", "amount": "20"}
    )
    spending.refresh_from_db()
    assert spending.amount == Decimal("20")
    business_unit.post(url("expenditure_remove", partnership, spending.pk))
    assert not Expenditure.objects.exists()
    entry = AuditEntry.objects.get(action="governance.expenditure.remove")
    assert entry.changes["amount"] == ["20.00", None]


def test_the_budget_page_query_count_does_not_grow(
    business_unit, partnership, agency, health, grant, django_assert_num_queries
):
    page = url("budget", partnership, "2023-24")
    business_unit.post(
        url("contribution_add", partnership, "2023-24"), {"agency": agency.pk, "amount": "1"}
    )
    with django_assert_num_queries(15):
        business_unit.get(page)
    business_unit.post(
        url("contribution_add", partnership, "2023-24"), {"agency": health.pk, "amount": "3"}
    )
    with django_assert_num_queries(15):
        response = business_unit.get(page)
    assert table_rows(response, "contributions")[0].startswith("Testshire Health £3.00 75%")
