from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from safeguarding.accounts.roles import Role
from safeguarding.audit.models import AuditEntry
from safeguarding.core.years import ReportingYear
from safeguarding.metrics import services
from safeguarding.metrics.models import EnteredValue

GOOD = {
    "metric": "test.referrals",
    "period": "2019-20",
    "breakdown": "",
    "breakdown_value": "",
    "value": "21",
    "source": "2019-20 yearly report, page 4",
}


@pytest.fixture
def business_unit(client_as, personas, test_metrics):
    return client_as(personas[Role.BUSINESS_UNIT])


def url(partnership, name, *args):
    return reverse(f"metrics:{name}", args=[partnership.slug, *args])


def enter(partnership, metric="test.referrals", start=2019, value="21", key=""):
    return services.entered_value_set(
        actor=None,
        partnership=partnership,
        metric=metric,
        period=ReportingYear(start),
        value=Decimal(value),
        source="Old report",
        breakdown="agency" if key else "",
        breakdown_value=key,
    )


def test_the_list_shows_each_figure_with_its_metric_year_and_source(business_unit, partnership):
    enter(partnership, key="Police")
    page = business_unit.get(url(partnership, "entered_list")).content.decode()
    for text in ("Referrals", "2019-20", "agency: Police", "Old report", ">21<"):
        assert text in page


def test_the_list_filters_by_metric(business_unit, partnership):
    enter(partnership)
    enter(partnership, metric="test.budget", value="195500")
    page = business_unit.get(url(partnership, "entered_list") + "?metric=test.budget")
    assert page.context["page"].paginator.count == 1
    assert "195500" in page.content.decode()


def test_the_list_leaves_out_other_partnerships(business_unit, partnership, other_partnership):
    enter(other_partnership)
    assert (
        "No figures have been entered"
        in business_unit.get(url(partnership, "entered_list")).content.decode()
    )


def test_every_member_reads_the_list_but_only_managers_see_change_links(
    client_as, personas, partnership, test_metrics
):
    enter(partnership)
    page = client_as(personas[Role.PRACTITIONER]).get(url(partnership, "entered_list"))
    assert page.status_code == 200
    assert "Enter a figure" not in page.content.decode()
    assert (
        client_as(personas[Role.PRACTITIONER]).get(url(partnership, "entered_add")).status_code
        == 403
    )


@pytest.mark.parametrize("rows", [5, 60])
def test_the_list_costs_the_same_queries_for_few_or_many_figures(
    business_unit, partnership, rows, django_assert_num_queries
):
    for start in range(1960, 1960 + rows):
        enter(partnership, start=start)
    with django_assert_num_queries(11):  # sign-in, scope, shell, count, page
        response = business_unit.get(url(partnership, "entered_list"))
    assert len(response.context["page"].object_list) == min(rows, 50)


def test_a_manager_enters_a_figure(business_unit, partnership):
    response = business_unit.post(url(partnership, "entered_add"), GOOD)
    assert response.status_code == 302
    entered = EnteredValue.objects.get()
    assert (entered.value, entered.period_start_year, entered.source) == (
        21,
        2019,
        GOOD["source"],
    )
    assert AuditEntry.objects.filter(action="metrics.entered_value.create").exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"metric": "test.nothing"}, "Metric: Select a valid choice"),
        ({"breakdown": "agency", "breakdown_value": "x", "metric": "test.budget"}, "Breakdown"),
        ({"value": "lots"}, "Value must be a number"),
        ({"period": "2019/20"}, "“2019/20” is not a reporting year"),
        ({"source": ""}, "Enter source"),
        ({"breakdown": "agency"}, "Enter the breakdown value"),
    ],
)
def test_bad_input_is_named_in_the_error_summary_and_nothing_is_saved(
    business_unit, partnership, change, message
):
    response = business_unit.post(url(partnership, "entered_add"), {**GOOD, **change})
    assert response.status_code == 200
    summary = response.content.decode().split("govuk-error-summary__list")[1].split("</ul>")[0]
    assert message in summary
    assert not EnteredValue.objects.exists()


def test_a_manager_changes_a_figure_and_the_change_is_audited(business_unit, partnership):
    entered = enter(partnership)
    form = business_unit.get(url(partnership, "entered_edit", entered.pk))
    assert 'value="21"' in form.content.decode()
    business_unit.post(
        url(partnership, "entered_edit", entered.pk), {"value": "23", "source": "Corrected"}
    )
    entered.refresh_from_db()
    assert (entered.value, entered.source) == (23, "Corrected")
    audit = AuditEntry.objects.get(action="metrics.entered_value.update")
    assert set(audit.changes) == {"value", "source"}


def test_changing_to_nothing_names_the_fields(business_unit, partnership):
    entered = enter(partnership)
    response = business_unit.post(url(partnership, "entered_edit", entered.pk), {})
    page = response.content.decode()
    assert "Enter value" in page
    assert "Enter source" in page
    entered.refresh_from_db()
    assert entered.value == 21


def test_removing_asks_first_then_removes(business_unit, partnership):
    entered = enter(partnership)
    confirm = business_unit.get(url(partnership, "entered_remove", entered.pk)).content.decode()
    assert "Remove the figure for test.referrals 2019-20?" in confirm
    assert EnteredValue.objects.exists()
    business_unit.post(url(partnership, "entered_remove", entered.pk))
    assert not EnteredValue.objects.exists()
    assert AuditEntry.objects.filter(action="metrics.entered_value.remove").exists()


def test_another_partnerships_figure_is_not_found(business_unit, other_partnership):
    entered = enter(other_partnership)
    path = reverse("metrics:entered_edit", args=["testshire", entered.pk])
    assert business_unit.get(path).status_code == 404
