"""Reporting years run 1 April to 31 March and are named like 2023-24."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from safeguarding.core.years import ReportingYear


def test_label_names_the_year_that_starts_in_april():
    year = ReportingYear.from_label("2023-24")
    assert year.start_year == 2023
    assert year.label == "2023-24"
    assert str(year) == "2023-24"


def test_label_across_a_century_is_understood():
    assert ReportingYear.from_label("1999-00").start_year == 1999


def test_label_with_spaces_around_it_is_understood():
    assert ReportingYear.from_label(" 2023-24 ") == ReportingYear(2023)


def test_label_whose_second_year_does_not_follow_is_refused():
    with pytest.raises(ValueError, match="the second year must follow"):
        ReportingYear.from_label("2023-25")


@pytest.mark.parametrize("label", ["23-24", "2023/24", "2023-2024", "", "２０２３-２４"])
def test_label_in_another_shape_is_refused_with_an_example(label):
    with pytest.raises(ValueError, match="write it like 2023-24"):
        ReportingYear.from_label(label)


def test_year_starts_on_1_april_and_ends_on_31_march():
    year = ReportingYear(2023)
    assert year.start == dt.date(2023, 4, 1)
    assert year.end == dt.date(2024, 3, 31)


def test_31_march_belongs_to_the_year_that_started_the_april_before():
    assert ReportingYear.containing(dt.date(2024, 3, 31)).label == "2023-24"


def test_1_april_starts_a_new_year():
    assert ReportingYear.containing(dt.date(2024, 4, 1)).label == "2024-25"


def test_year_contains_its_first_and_last_days_only():
    year = ReportingYear(2023)
    assert dt.date(2023, 4, 1) in year
    assert dt.date(2024, 3, 31) in year
    assert dt.date(2023, 3, 31) not in year
    assert dt.date(2024, 4, 1) not in year


def test_previous_year_is_the_one_before():
    assert ReportingYear(2023).previous().label == "2022-23"


def test_previous_can_step_back_several_years():
    assert ReportingYear(2023).previous(4).label == "2019-20"


def test_years_sort_in_date_order():
    labels = ["2024-25", "2019-20", "2023-24"]
    years = sorted(ReportingYear.from_label(label) for label in labels)
    assert [year.label for year in years] == ["2019-20", "2023-24", "2024-25"]


@time_machine.travel(dt.datetime(2024, 3, 31, 23, 30, tzinfo=dt.UTC), tick=False)
def test_current_year_follows_the_london_date():
    # 23:30 UTC on 31 Mar 2024 is 00:30 on 1 Apr in London (BST has begun).
    assert ReportingYear.current().label == "2024-25"
