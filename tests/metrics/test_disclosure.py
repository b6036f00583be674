from __future__ import annotations

from decimal import Decimal

import pytest

from safeguarding.metrics.disclosure import disclose, disclose_value, suppress_percentages


@pytest.mark.parametrize(("count", "shown"), [(0, 0), (1, "c"), (5, "c"), (6, 6), (None, None)])
def test_counts_from_one_to_five_are_shown_as_c(count, shown):
    assert disclose_value(count) == shown


def test_a_restricted_view_shows_the_true_count():
    assert disclose_value(3, restricted=True) == 3


def test_threshold_and_symbol_come_from_settings(settings):
    settings.DISCLOSURE_THRESHOLD = 9
    settings.DISCLOSURE_SYMBOL = "*"
    assert [disclose_value(n) for n in (0, 9, 10)] == [0, "*", 10]


# Agencies by year, with a total row: each year's column adds up to its published total.
BY_AGENCY = {
    "Police": {"2022-23": 3, "2023-24": 12},
    "Health": {"2022-23": 8, "2023-24": 0},
    "Schools": {"2022-23": 10, "2023-24": 9},
    "Total": {"2022-23": 21, "2023-24": 21},
}


def test_a_lone_small_count_in_a_column_with_a_total_takes_the_next_smallest_with_it():
    shown = disclose(BY_AGENCY, total_row="Total").as_dict()
    assert shown["Police"]["2022-23"] == "c"
    assert shown["Health"]["2022-23"] == "c"  # 8: else 21 - 8 - 10 gives Police's 3 away
    assert shown["Schools"]["2022-23"] == 10
    assert shown["Total"]["2022-23"] == 21


def test_zeros_are_shown_and_a_column_without_small_counts_is_untouched():
    shown = disclose(BY_AGENCY, total_row="Total").as_dict()
    assert [shown[row]["2023-24"] for row in BY_AGENCY] == [12, 0, 9, 21]


def test_a_row_total_protects_the_row():
    table = {"Police": {"Q1": 2, "Q2": 7, "Q3": 9, "All": 18}}
    shown = disclose(table, total_column="All").as_dict()
    assert shown["Police"] == {"Q1": "c", "Q2": "c", "Q3": 9, "All": 18}


def test_suppression_repeats_until_no_line_gives_a_count_away():
    # Police's 3 hides another Police cell (the row has a total); each year's column then has
    # one hidden cell beside its total, so each loses its next smallest (Health's) too.
    table = {
        "Police": {"2022-23": 3, "2023-24": 12, "All": 15},
        "Health": {"2022-23": 8, "2023-24": 7, "All": 15},
        "Schools": {"2022-23": 10, "2023-24": 9, "All": 19},
        "Total": {"2022-23": 21, "2023-24": 28, "All": 49},
    }
    result = disclose(table, total_row="Total", total_column="All")
    for row in ("Police", "Health", "Schools", "Total"):
        hidden = [col for col in ("2022-23", "2023-24") if result.is_suppressed(row, col)]
        assert len(hidden) != 1 or result.is_suppressed(row, "All"), row
    for col in ("2022-23", "2023-24", "All"):
        hidden = [row for row in ("Police", "Health", "Schools") if result.is_suppressed(row, col)]
        assert len(hidden) != 1 or result.is_suppressed("Total", col), col
    assert result.shown("Health", "2023-24") == "c"


def test_a_small_total_is_itself_hidden_and_protects_nothing():
    table = {"Police": {"2023-24": 1}, "Health": {"2023-24": 2}, "Total": {"2023-24": 3}}
    shown = disclose(table, total_row="Total").as_dict()
    assert [shown[row]["2023-24"] for row in table] == ["c", "c", "c"]


def test_a_line_of_one_small_cell_hides_its_total():
    table: dict[str, dict[str, int | None]] = {
        "Police": {"2023-24": 4},
        "Health": {"2023-24": None},
        "Total": {"2023-24": 40},
    }
    assert disclose(table, total_row="Total", limit=5).shown("Total", "2023-24") == "c"


def test_without_totals_only_small_counts_are_hidden():
    shown = disclose(BY_AGENCY).as_dict()
    assert shown["Police"]["2022-23"] == "c"
    assert shown["Health"]["2022-23"] == 8


def test_a_restricted_table_shows_every_true_value():
    assert disclose(BY_AGENCY, total_row="Total", restricted=True).as_dict() == BY_AGENCY


def test_a_percentage_of_a_hidden_count_is_hidden():
    result = disclose(BY_AGENCY, total_row="Total")
    assert result.percentage("Police", "2022-23", of=("Total", "2022-23")) == "c"
    assert result.percentage("Schools", "2022-23", of=("Total", "2022-23")) == Decimal("47.6")
    assert result.percentage("Health", "2023-24", of=("Total", "2023-24")) == Decimal("0.0")


def test_a_restricted_percentage_is_the_true_one():
    result = disclose(BY_AGENCY, total_row="Total", restricted=True)
    assert result.percentage("Police", "2022-23", of=("Total", "2022-23")) == Decimal("14.3")


def test_a_table_of_percentages_is_hidden_where_its_counts_are():
    shares = {row: {"2022-23": Decimal(v["2022-23"]) * 100 / 21} for row, v in BY_AGENCY.items()}
    shown = suppress_percentages(shares, disclose(BY_AGENCY, total_row="Total"))
    assert shown["Police"]["2022-23"] == "c"
    assert shown["Health"]["2022-23"] == "c"
    assert shown["Total"]["2022-23"] == 100
