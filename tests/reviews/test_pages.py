"""The reviews pages as the business unit uses them: record, see the clocks, fix bad input."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
import time_machine
from django.urls import reverse

from safeguarding.audit.models import AuditEntry
from safeguarding.reviews.models import Notification, PracticeReview, RapidReview
from tests.core.pages import error_summary, table_rows
from tests.reviews.factories import (
    ask_summary,
    complete,
    make_learning_review,
    make_notification,
    make_practice_review,
    make_rapid_review,
)

NOW = dt.datetime(2024, 4, 26, 10, tzinfo=dt.UTC)  # Friday, one working day before Baby Q is due


def url(name, partnership, *args):
    return reverse(f"reviews:{name}", args=[partnership.slug, *args])


def date(field, day: dt.date) -> dict[str, str]:
    return {
        f"{field}_day": str(day.day),
        f"{field}_month": str(day.month),
        f"{field}_year": str(day.year),
    }


def text_of(response, element_id):
    """The text of a summary list, its value, or a paragraph, by id."""
    page = response.content.decode()
    match = re.search(rf'<(\w+)[^>]*id="{element_id}"[^>]*>(.*?)</\1>', page, re.S)
    assert match, f"No element {element_id}"
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", match.group(2)).split()))


NOTIFICATION = {
    "case_code": "Child Q",
    "local_authority": "Testshire",
    "outcome": "seriously_harmed",
    "harm": "abuse",
    "age_band": "under_1",
    "sex": "male",
    **date("aware_on", dt.date(2024, 3, 28)),
}


@time_machine.travel(NOW, tick=False)
def test_recording_a_notification_shows_its_due_date_and_then_the_rapid_review_due_date(
    business_unit, partnership
):
    response = business_unit.post(url("notification_add", partnership), NOTIFICATION, follow=True)
    notification = Notification.objects.get()
    assert "Monday 8 April 2024" in text_of(response, "clock")
    assert "Overdue" in text_of(response, "clock")
    business_unit.post(
        url("notification_sent", partnership, notification.pk),
        date("notified_on", dt.date(2024, 4, 8)),
    )
    page = business_unit.get(url("notification_detail", partnership, notification.pk))
    assert "Not started; due Monday 29 April 2024" in text_of(page, "rapid-review")
    assert "Met" in text_of(page, "clock")


def test_an_empty_notification_names_every_missing_answer(business_unit, partnership):
    response = business_unit.post(url("notification_add", partnership), {})
    summary = {anchor: html.unescape(text) for anchor, text in error_summary(response)}
    assert summary["#id_case_code"] == "Enter child's case code"
    assert summary["#id_aware_on_day"] == "Enter date the local authority became aware"
    assert summary["#id_outcome_0"] == "Select what happened to the child"
    assert not Notification.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_starting_and_completing_a_rapid_review(business_unit, partnership):
    notification = make_notification(partnership, notified_on=dt.date(2024, 4, 8))
    theme = partnership.themes.first()
    response = business_unit.post(
        url("rapid_review_start", partnership, notification.pk),
        {"title": "Baby Q", "themes": [str(theme.pk)]},
        follow=True,
    )
    review = RapidReview.objects.get()
    assert list(review.themes.all()) == [theme]
    assert "Monday 29 April 2024" in text_of(response, "clock")
    assert "Due soon" in text_of(response, "clock")
    assert reverse("learning:source_detail", args=[partnership.slug, review.source_id]) in (
        response.content.decode()
    )
    business_unit.post(
        url("rapid_review_complete", partnership, review.pk),
        {**date("completed_on", dt.date(2024, 4, 26)), "decision": "practice_review"},
    )
    page = business_unit.get(url("rapid_review_detail", partnership, review.pk))
    assert "Met" in text_of(page, "clock")
    assert "Add the practice review" in page.content.decode()


@time_machine.travel(NOW, tick=False)
def test_completing_a_rapid_review_before_its_notification_is_refused_on_the_page(
    business_unit, partnership
):
    review = make_rapid_review(partnership)
    entries = AuditEntry.objects.count()
    response = business_unit.post(
        url("rapid_review_complete", partnership, review.pk),
        {**date("completed_on", dt.date(2024, 4, 5)), "decision": "other_learning"},
    )
    assert error_summary(response) == [
        (
            "#id_completed_on_day",
            "Date completed: The rapid review cannot be completed before the Panel was notified "
            "on 8 April 2024.",
        )
    ]
    review.refresh_from_db()
    assert (review.completed_on, review.decision) == (None, "")
    assert AuditEntry.objects.count() == entries


@time_machine.travel(NOW, tick=False)
def test_an_unknown_theme_is_refused_on_the_page(business_unit, partnership, other_partnership):
    elsewhere = other_partnership.themes.first()
    data = {
        "title": "Neglect",
        "kind": "thematic",
        "rationale": "A pattern.",
        "themes": [str(elsewhere.pk)],
        **date("started_on", dt.date(2024, 1, 8)),
    }
    response = business_unit.post(url("learning_review_add", partnership), data)
    [(anchor, message)] = error_summary(response)
    assert anchor == "#id_themes_0"
    assert message.startswith("Themes: Select a valid choice.")


@time_machine.travel(NOW, tick=False)
def test_publishing_before_the_decision_and_sending_too_late_are_refused_on_the_page(
    business_unit, partnership
):
    review = make_practice_review(partnership, decided_on=dt.date(2023, 11, 1))
    response = business_unit.post(
        url("practice_review_publish", partnership, review.pk),
        date("published_on", dt.date(2023, 10, 31)),
    )
    assert error_summary(response)[0][0] == "#id_published_on_day"
    business_unit.post(
        url("practice_review_publish", partnership, review.pk),
        date("published_on", dt.date(2024, 4, 8)),
    )
    response = business_unit.post(
        url("practice_review_sent", partnership, review.pk),
        date("sent_to_panel_on", dt.date(2024, 4, 2)),
    )
    [(anchor, message)] = error_summary(response)
    assert anchor == "#id_sent_to_panel_on_day"
    assert "at least 7 working days before publication" in message
    review.refresh_from_db()
    assert (review.published_on, review.sent_to_panel_on) == (dt.date(2024, 4, 8), None)


@time_machine.travel(NOW, tick=False)
def test_a_practice_review_started_from_its_rapid_review(business_unit, partnership):
    rapid = make_rapid_review(partnership)
    complete(rapid, dt.date(2024, 4, 25), "practice_review")
    form = business_unit.get(url("practice_review_add", partnership) + f"?rapid_review={rapid.pk}")
    assert f'<option value="{rapid.pk}" selected>' in form.content.decode()
    data = {
        "rapid_review": str(rapid.pk),
        "title": "Baby Q",
        **date("decided_on", dt.date(2024, 4, 25)),
    }
    response = business_unit.post(url("practice_review_add", partnership), data, follow=True)
    review = PracticeReview.objects.get()
    assert review.rapid_review == rapid
    assert "Friday 25 October 2024" in text_of(response, "clock")


@time_machine.travel(NOW, tick=False)
def test_the_list_shows_clocks_and_filters_by_year_and_kind(business_unit, partnership, agency):
    review = make_rapid_review(partnership, "Baby Q")
    ask_summary(review, agency)
    make_rapid_review(partnership, "Child P", notified_on=dt.date(2023, 6, 5))
    make_learning_review(partnership, "Neglect", started_on=dt.date(2023, 9, 4))
    page = business_unit.get(url("review_list", partnership))
    assert table_rows(page, "rapid-reviews") == [
        "Baby Q 8 Apr 2024 29 Apr 2024 Not yet Due soon 0 of 1",
        "Child P 5 Jun 2023 26 Jun 2023 Not yet Overdue 213 working days late 0 of 0",
    ]
    this_year = business_unit.get(url("review_list", partnership) + "?year=2024-25")
    assert [row.split()[0] for row in table_rows(this_year, "rapid-reviews")] == ["Baby"]
    assert table_rows(this_year, "learning-reviews") == ["No learning reviews in 2024-25."]
    learning = business_unit.get(url("review_list", partnership) + "?kind=learning_review")
    assert 'id="rapid-reviews"' not in learning.content.decode()
    assert table_rows(learning, "learning-reviews")[0].startswith("Neglect Thematic")
    assert business_unit.get(url("review_list", partnership) + "?year=2024").status_code == 404
    assert business_unit.get(url("review_list", partnership) + "?kind=audit").status_code == 404


@pytest.mark.parametrize("count", [3, 30])
def test_the_list_makes_the_same_queries_however_many_reviews(
    business_unit, partnership, agency, count, django_assert_num_queries
):
    for n in range(count):
        review = make_rapid_review(partnership, f"Review {n:02}")
        ask_summary(review, agency)
        make_notification(partnership, f"Unsent {n:02}")
        make_practice_review(partnership, f"Practice {n:02}")
        make_learning_review(partnership, f"Learning {n:02}")
    list_url = url("review_list", partnership)
    business_unit.get(list_url)
    with django_assert_num_queries(15):
        response = business_unit.get(list_url)
    assert len(table_rows(response, "rapid-reviews")) == count
    assert len(table_rows(response, "notifications")) == 2 * count
    assert len(table_rows(response, "practice-reviews")) == count
    assert len(table_rows(response, "learning-reviews")) == count


@time_machine.travel(NOW, tick=False)
def test_the_business_unit_sees_clocks_due_on_its_home_page(business_unit, partnership):
    make_notification(partnership, "Child A", aware_on=dt.date(2024, 3, 28))
    make_rapid_review(partnership, "Baby Q")
    make_notification(partnership, "Child Z", aware_on=dt.date(2024, 4, 25))  # due 2 May: not due
    html = business_unit.get(reverse("core:home", args=[partnership.slug])).content.decode()
    overdue, due = html.split('id="overdue"')[1].split('id="due"')
    assert "Notify the Panel: Child A" in overdue
    assert "Baby Q" in due
    assert "Baby Q" not in overdue
    assert "Child Z" not in html


def test_each_reviews_learning_page_links_back_to_the_review(business_unit, partnership):
    reviews = {
        "rapid_review_detail": make_rapid_review(partnership),
        "practice_review_detail": make_practice_review(partnership),
        "learning_review_detail": make_learning_review(partnership),
    }
    for name, review in reviews.items():
        page = business_unit.get(
            reverse("learning:source_detail", args=[partnership.slug, review.source.pk])
        ).content.decode()
        assert f'href="{url(name, partnership, review.pk)}"' in page, name
