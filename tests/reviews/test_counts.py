"""Reviews by reporting year and kind, for the dashboards and the yearly report."""

from __future__ import annotations

import datetime as dt

from safeguarding.core.years import ReportingYear
from safeguarding.reviews import selectors
from tests.reviews.factories import make_learning_review, make_practice_review, make_rapid_review

Y22, Y23, Y24 = ReportingYear(2022), ReportingYear(2023), ReportingYear(2024)


def test_reviews_are_counted_in_the_reporting_year_they_began(
    partnership, other_partnership, django_assert_num_queries
):
    make_rapid_review(partnership, "Baby A", notified_on=dt.date(2023, 4, 3))
    make_rapid_review(partnership, "Baby B", notified_on=dt.date(2024, 3, 28))  # still 2023-24
    make_rapid_review(partnership, "Baby C", notified_on=dt.date(2024, 4, 8))
    make_practice_review(partnership, decided_on=dt.date(2023, 1, 9))
    make_learning_review(partnership, "Neglect", started_on=dt.date(2023, 9, 4))
    make_learning_review(
        partnership, "Good work", started_on=dt.date(2023, 10, 2), kind="good_practice"
    )
    make_rapid_review(other_partnership, "Elsewhere", notified_on=dt.date(2023, 6, 5))
    with django_assert_num_queries(3):
        counts = selectors.review_counts(partnership, [Y22, Y23, Y24])
    assert counts["rapid_review"] == {Y22: 0, Y23: 2, Y24: 1}
    assert counts["practice_review"] == {Y22: 1, Y23: 0, Y24: 0}
    assert counts["learning_review"] == {Y22: 0, Y23: 2, Y24: 0}
    assert counts["thematic"] == {Y22: 0, Y23: 1, Y24: 0}
    assert counts["single_case"] == {Y22: 0, Y23: 0, Y24: 0}


def test_the_years_reviews_by_title_and_kind(partnership):
    make_rapid_review(partnership, "Baby B", notified_on=dt.date(2024, 3, 28))
    make_rapid_review(partnership, "Baby C", notified_on=dt.date(2024, 4, 8))
    make_learning_review(partnership, "Neglect", started_on=dt.date(2023, 9, 4))
    entries = selectors.reviews_in_year(partnership, Y23)
    assert [(e.title, e.kind_label, e.began_on) for e in entries] == [
        ("Neglect", "Learning review (thematic)", dt.date(2023, 9, 4)),
        ("Baby B", "Rapid review", dt.date(2024, 3, 28)),
    ]
