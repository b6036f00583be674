"""Communications figures: add and change them, and see each beside the year before."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from safeguarding.audit.models import AuditEntry
from safeguarding.core.years import ReportingYear
from safeguarding.governance import selectors, services
from safeguarding.governance.models import CommunicationFigure
from tests.core.pages import error_summary, table_rows
from tests.governance.conftest import YEAR


def url(name, partnership, *args):
    return reverse(f"governance:{name}", args=[partnership.slug, *args])


def figure_data(**overrides):
    data = {"year": "2023-24", "channel": "podcast", "measure": "downloads", "value": "1700"}
    return data | overrides


def _figure(partnership, year, measure, value):
    return services.communication_figure_create(
        actor=None,
        partnership=partnership,
        year=year,
        channel="social_media",
        measure=measure,
        value=Decimal(value),
    )


def test_adding_a_figure_saves_and_audits(business_unit, partnership):
    data = figure_data(period="Since September", note="Most popular: Child Exploitation.")
    response = business_unit.post(url("communication_add", partnership), data)
    assert response.status_code == 302
    assert response["Location"].endswith("?year=2023-24")
    figure = CommunicationFigure.objects.get(partnership=partnership)
    assert (figure.year, figure.value, figure.period) == (2023, 1700, "Since September")
    assert AuditEntry.objects.filter(action="governance.communication_figure.create").count() == 1


def test_a_bad_figure_form_names_each_field_and_saves_nothing(business_unit, partnership):
    data = figure_data(year="2023-25", channel="", measure="fax", value="-3")
    response = business_unit.post(url("communication_add", partnership), data)
    assert [text for _, text in error_summary(response)] == [
        "“2023-25” is not a reporting year: the second year must follow.",
        "Select channel",
        "Measure: Select a valid choice. fax is not one of the available choices.",
        "Ensure this value is greater than or equal to 0.",
    ]
    assert not CommunicationFigure.objects.exists()


def test_a_measure_is_recorded_once_a_year(business_unit, partnership, figure):
    data = figure_data(channel="social_media", measure="reach", value="9")
    response = business_unit.post(url("communication_add", partnership), data)
    assert error_summary(response) == [
        ("#id_measure_0", "This channel already has this measure for the year: change that one.")
    ]
    assert CommunicationFigure.objects.count() == 1


def test_changing_a_figure_audits_what_changed(business_unit, partnership, figure):
    data = figure_data(channel="social_media", measure="reach", value="12000")
    assert business_unit.post(url("communication_edit", partnership, figure.pk), data).status_code
    figure.refresh_from_db()
    assert figure.value == 12000
    entry = AuditEntry.objects.get(action="governance.communication_figure.update")
    assert entry.changes["value"][1] in ("12000", "12000.00", 12000)


def test_change_on_the_year_is_against_the_same_channel_and_measure(partnership):
    _figure(partnership, YEAR, "reach", "11500")
    _figure(partnership, YEAR.previous(), "reach", "8576")
    _figure(partnership, YEAR.previous(), "clicks", "999")
    _figure(partnership, YEAR, "followers", "106")
    rows = {row.figure.measure: row for row in selectors.communications_for(partnership, YEAR)}
    assert (rows["reach"].change, rows["reach"].percent) == (2924, Decimal("34.1"))
    assert (rows["followers"].previous, rows["followers"].percent) == (None, None)
    assert set(rows) == {"reach", "followers"}


def test_a_fall_shows_as_a_negative_change(partnership):
    _figure(partnership, YEAR, "reach", "50")
    _figure(partnership, YEAR.previous(), "reach", "200")
    (row,) = selectors.communications_for(partnership, YEAR)
    assert (row.change, row.percent) == (-150, Decimal("-75.0"))


@pytest.mark.parametrize("count", [1, 6])
def test_the_list_shows_each_change_in_steady_queries(
    business_unit, partnership, count, django_assert_num_queries
):
    measures = ["reach", "clicks", "page_visits", "followers", "subscribers", "visitors"]
    for measure in measures[:count]:
        _figure(partnership, YEAR, measure, "150")
        _figure(partnership, YEAR.previous(), measure, "100")
    with django_assert_num_queries(12):
        page = business_unit.get(url("communication_list", partnership) + "?year=2023-24")
    rows = table_rows(page, "figures")
    assert len(rows) == count
    assert "150 100 +50 (+50.0%)" in rows[0]


def test_members_see_the_figures_but_no_change_links(client_as, personas, partnership, figure):
    from safeguarding.accounts.roles import Role

    page = client_as(personas[Role.SCRUTINEER]).get(
        url("communication_list", partnership) + f"?year={ReportingYear(2023)}"
    )
    assert "11,500" in table_rows(page, "figures")[0]
    assert url("communication_edit", partnership, figure.pk) not in page.content.decode()


def test_another_partnerships_figure_is_not_found(business_unit, other_partnership):
    theirs = _figure(other_partnership, YEAR, "reach", "1")
    response = business_unit.get(
        reverse("governance:communication_edit", args=["testshire", theirs.pk])
    )
    assert response.status_code == 404
