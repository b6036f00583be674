"""GOV.UK form pieces: the three-box date input, the error summary and errors beside fields."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.template import Context, Template

from safeguarding.core.forms import RetireForm
from safeguarding.core.govuk_forms import GovukDateField, GovukForm
from tests.core.pages import error_summary, field_errors, ids_on_page

REAL_DATE = "The date must be a real date, like 27 3 2024."


class ExampleForm(GovukForm):
    full_name = forms.CharField(label="Full name")
    colour = forms.ChoiceField(
        label="Colour", choices=[("red", "Red"), ("blue", "Blue")], widget=forms.RadioSelect
    )
    days = forms.MultipleChoiceField(
        label="Days",
        choices=[("mon", "Monday"), ("tue", "Tuesday")],
        widget=forms.CheckboxSelectMultiple,
    )
    started_on = GovukDateField(label="Start date")
    ended_on = GovukDateField(label="End date", required=False)


def date_data(day="", month="", year="", name="started_on"):
    return {f"{name}_day": day, f"{name}_month": month, f"{name}_year": year}


def parse(**parts):
    """The start date parsed from the boxes, or the error shown for it."""
    form = ExampleForm(date_data(**parts))
    form.is_valid()
    return form.cleaned_data.get("started_on") or form.errors["started_on"][0]


def render(form, fields=("retired_on",)):
    source = "{% load govuk %}{% govuk_error_summary form %}" + "".join(
        f"{{% govuk_field form.{name} %}}" for name in fields
    )
    return HttpResponse(Template(source).render(Context({"form": form})))


# Parsing the date boxes


def test_three_boxes_make_a_date():
    assert parse(day="27", month="3", year="2024") == dt.date(2024, 3, 27)


def test_spaces_and_leading_zeros_are_ignored():
    assert parse(day=" 07 ", month="03 ", year=" 2024") == dt.date(2024, 3, 7)


def test_29_february_in_a_leap_year_is_a_real_date():
    assert parse(day="29", month="2", year="2024") == dt.date(2024, 2, 29)


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        ({"month": "3", "year": "2024"}, "The date must include a day."),
        ({"day": "27", "year": "2024"}, "The date must include a month."),
        ({"day": "27", "month": "3"}, "The date must include a year."),
        ({"year": "2024"}, "The date must include a day and month."),
        ({"day": "27"}, "The date must include a month and year."),
    ],
)
def test_a_missing_box_is_named(parts, message):
    assert parse(**parts) == message


@pytest.mark.parametrize(
    "parts",
    [
        {"day": "twenty", "month": "3", "year": "2024"},
        {"day": "27", "month": "March", "year": "2024"},
        {"day": "27", "month": "3", "year": "20x4"},
        {"day": "1.5", "month": "3", "year": "2024"},
    ],
)
def test_words_or_symbols_are_not_a_real_date(parts):
    assert parse(**parts) == REAL_DATE


@pytest.mark.parametrize(
    ("day", "month", "year"),
    [("31", "2", "2024"), ("29", "2", "2023"), ("0", "1", "2024"), ("1", "13", "2024")],
)
def test_impossible_dates_are_refused(day, month, year):
    assert parse(day=day, month=month, year=year) == REAL_DATE


def test_a_huge_number_is_not_a_real_date():
    assert parse(day="99999999999999999999", month="1", year="2024") == REAL_DATE


def test_a_two_digit_year_is_refused():
    assert parse(day="27", month="3", year="24") == "The year must include 4 numbers, like 2024."


def test_three_empty_boxes_are_a_missing_required_date():
    assert parse() == "Enter start date"


def test_three_empty_boxes_leave_an_optional_date_empty():
    form = ExampleForm(date_data(day="1", month="2", year="2024") | date_data(name="ended_on"))
    form.is_valid()
    assert form.cleaned_data["ended_on"] is None


def test_a_date_given_as_a_date_is_kept():
    assert GovukDateField().clean(dt.date(2024, 3, 27)) == dt.date(2024, 3, 27)


# The error summary and the errors beside fields


def test_summary_links_the_date_to_its_day_box():
    response = render(RetireForm(date_data(day="3", year="2024", name="retired_on")))
    assert error_summary(response) == [
        ("#id_retired_on_day", "Date retired: The date must include a month.")
    ]
    assert "id_retired_on_day" in ids_on_page(response)


def test_date_error_appears_beside_the_date():
    response = render(RetireForm(date_data(day="31", month="2", year="2024", name="retired_on")))
    assert field_errors(response, "id_retired_on") == [REAL_DATE]


def test_date_boxes_keep_what_was_typed_and_are_marked_wrong():
    response = render(RetireForm(date_data(day="31", month="2", year="2024", name="retired_on")))
    page = response.content.decode()
    assert 'name="retired_on_day" type="text" inputmode="numeric" value="31"' in page
    assert page.count("govuk-input--error") == 3
    assert 'aria-describedby="id_retired_on-hint id_retired_on-error"' in page


def test_date_boxes_show_the_initial_date():
    page = render(RetireForm(initial={"retired_on": dt.date(2024, 3, 27)})).content.decode()
    assert 'name="retired_on_day" type="text" inputmode="numeric" value="27"' in page
    assert 'name="retired_on_year" type="text" inputmode="numeric" value="2024"' in page


def test_a_form_without_errors_has_no_summary():
    page = render(RetireForm(date_data(day="1", month="2", year="2024", name="retired_on")))
    assert "govuk-error-summary" not in page.content.decode()


def test_summary_names_each_wrong_field_and_links_to_an_input_on_the_page():
    form = ExampleForm({})
    response = render(form, fields=("full_name", "colour", "days", "started_on"))
    assert error_summary(response) == [
        ("#id_full_name", "Enter full name"),
        ("#id_colour_0", "Select colour"),
        ("#id_days_0", "Select days"),
        ("#id_started_on_day", "Enter start date"),
    ]
    on_page = ids_on_page(response)
    assert all(href[1:] in on_page for href, _ in error_summary(response))


@pytest.mark.parametrize(
    ("field", "field_id", "message"),
    [
        ("full_name", "id_full_name", "Enter full name"),
        ("colour", "id_colour", "Select colour"),
        ("days", "id_days", "Select days"),
    ],
)
def test_each_fields_error_appears_beside_it(field, field_id, message):
    response = render(ExampleForm({}), fields=(field,))
    assert field_errors(response, field_id) == [message]


def test_service_error_on_a_field_appears_beside_that_field():
    form = ExampleForm(
        {"full_name": "A", "colour": "red", "days": ["mon"], **date_data("1", "2", "2024")}
    )
    assert form.is_valid()
    form.add_service_errors(ValidationError({"full_name": "This name is taken."}))
    response = render(form, fields=("full_name",))
    assert field_errors(response, "id_full_name") == ["This name is taken."]
    assert error_summary(response) == [("#id_full_name", "Full name: This name is taken.")]


def test_service_error_on_an_unknown_field_is_shown_in_the_summary():
    form = ExampleForm({})
    form.is_valid()
    form.add_service_errors(ValidationError({"slug": "This short name is taken."}))
    page = render(form, fields=()).content.decode()
    assert "<li>This short name is taken.</li>" in page


def test_service_error_without_a_field_is_shown_in_the_summary():
    form = ExampleForm({})
    form.is_valid()
    form.add_service_errors(ValidationError("The partnership is closed."))
    page = render(form, fields=()).content.decode()
    assert "<li>The partnership is closed.</li>" in page
