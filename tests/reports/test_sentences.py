import pytest

from safeguarding.reports.sentences import compare

YEARS = ["2019-20", "2020-21", "2021-22", "2022-23", "2023-24"]


def series(*values: int | str) -> list[tuple[str, int | str]]:
    return list(zip(YEARS[-len(values) :], values, strict=True))


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ((23, 13, 6, 7, 21), "21 escalations, up from 7 in 2022-23, the most since 2019-20."),
        ((5, 9, 12, 15, 30), "30 escalations, up from 15 in 2022-23, the most ever recorded."),
        ((30, 20, 12, 9, 3), "3 escalations, down from 9 in 2022-23, the fewest ever recorded."),
        ((2, 10, 12, 9, 3), "3 escalations, down from 9 in 2022-23, the fewest since 2019-20."),
        ((9, 9), "9 escalations, the same as in 2022-23."),
        ((4, 9, 9), "9 escalations, the same as in 2022-23."),
        ((7,), "7 escalations in 2023-24, the first year recorded."),
        ((1,), "1 escalation in 2023-24, the first year recorded."),
        ((3, 1), "1 escalation, down from 3 in 2022-23."),
        ((1, 3), "3 escalations, up from 1 in 2022-23."),
        ((0, 2), "2 escalations, up from 0 in 2022-23."),
        ((2, 0), "0 escalations, down from 2 in 2022-23."),
        ((5, 3, 4), "4 escalations, up from 3 in 2022-23."),
        ((10, 5, 8), "8 escalations, up from 5 in 2022-23."),
        (
            (1200, 1500, 2400),
            "2,400 escalations, up from 1,500 in 2022-23, the most ever recorded.",
        ),
    ],
)
def test_sentence(values, expected):
    assert compare("escalation", "escalations", series(*values)) == expected


def test_most_since_a_year_that_tied():
    values = series(21, 13, 6, 7, 21)
    assert compare("escalation", "escalations", values).endswith("the most since 2019-20.")


def test_an_empty_series_is_refused():
    with pytest.raises(ValueError, match="no year"):
        compare("review", "reviews", [])


# Published: a value may be the disclosure symbol of a hidden count, which is never stated.


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ((12, "c"), "Fewer than 6 escalations in 2023-24, down from 12 in 2022-23."),
        ((0, "c"), "Fewer than 6 escalations in 2023-24, up from 0 in 2022-23."),
        (("c", "c"), "Fewer than 6 escalations in 2023-24."),
        ((9, 8, "c"), "Fewer than 6 escalations in 2023-24, down from 8 in 2022-23."),
        (("c",), "Fewer than 6 escalations in 2023-24, the first year recorded."),
        (("c", 21), "21 escalations, up from fewer than 6 in 2022-23."),
        (("c", 0), "0 escalations, down from fewer than 6 in 2022-23."),
        ((30, "c", 12), "12 escalations, up from fewer than 6 in 2022-23."),
        (
            (9, "c", "c", 12),
            "12 escalations, up from fewer than 6 in 2022-23, the most ever recorded.",
        ),
        ((15, "c", 9, 12), "12 escalations, up from 9 in 2022-23, the most since 2020-21."),
        ((15, "c", 7, 9, 6), "6 escalations, down from 9 in 2022-23, the fewest since 2020-21."),
    ],
)
def test_a_hidden_count_is_never_stated(values, expected):
    assert compare("escalation", "escalations", series(*values)) == expected


def test_the_sentence_follows_the_threshold(settings):
    settings.DISCLOSURE_THRESHOLD = 9
    assert compare("review", "reviews", series(14, "c")) == (
        "Fewer than 10 reviews in 2023-24, down from 14 in 2022-23."
    )
