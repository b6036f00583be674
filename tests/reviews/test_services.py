"""Writes to notifications and reviews: what they record, their audit entries, and bad input
refused against the field it concerns with nothing saved and nothing audited.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from safeguarding.audit.models import AuditEntry
from safeguarding.core import services as core_services
from safeguarding.learning.models import Source
from safeguarding.reviews import services
from safeguarding.reviews.models import (
    AgencySummary,
    LearningReview,
    Notification,
    PracticeReview,
    RapidReview,
)
from tests.reviews.factories import (
    ask_summary,
    complete,
    make_learning_review,
    make_notification,
    make_practice_review,
    make_practice_review_from,
    make_rapid_review,
)

NOW = dt.datetime(2024, 12, 2, 10, tzinfo=dt.UTC)


def refused(call, field):
    """Run a write that must fail: the field it names, and nothing saved or audited."""
    counts = _counts()
    with pytest.raises(ValidationError) as error:
        call()
    assert field in error.value.message_dict, error.value.message_dict
    assert _counts() == counts
    return error.value.message_dict[field][0]


def _counts():
    models = (Notification, RapidReview, AgencySummary, PracticeReview, LearningReview, Source)
    return [m.objects.count() for m in models] + [AuditEntry.objects.count()]


# Notifications


def test_recording_a_notification_stores_its_due_date_and_audits(partnership):
    notification = make_notification(partnership, aware_on=dt.date(2024, 3, 28))
    entry = AuditEntry.objects.get(action="reviews.notification.create")
    assert entry.target_id == str(notification.pk)
    assert entry.changes["due_on"] == [None, "2024-04-08"]


def test_the_panel_cannot_be_notified_before_the_la_became_aware(partnership):
    message = refused(
        lambda: make_notification(partnership, notified_on=dt.date(2024, 3, 27)), "notified_on"
    )
    assert message == (
        "The Panel cannot be notified before the local authority became aware on 28 March 2024."
    )


def test_a_case_code_is_recorded_once(partnership):
    make_notification(partnership, "Child Q")
    refused(lambda: make_notification(partnership, " child q "), "case_code")


def test_correcting_the_notification_date_moves_the_rapid_review(partnership):
    review = make_rapid_review(partnership)
    services.notification_update(
        actor=None, notification=review.notification, data={"notified_on": dt.date(2024, 4, 5)}
    )
    review.refresh_from_db()
    review.source.refresh_from_db()
    assert review.due_on == dt.date(2024, 4, 26)
    assert review.source.started_on == dt.date(2024, 4, 5)


# Rapid reviews


def test_starting_a_rapid_review_creates_its_learning_source(partnership):
    review = make_rapid_review(partnership, "Baby Q")
    assert (review.source.kind, review.source.title) == ("rapid_review", "Baby Q")
    assert review.source.partnership == partnership
    assert AuditEntry.objects.filter(action="reviews.rapid_review.start").count() == 1


def test_a_rapid_review_needs_a_notification_sent_to_the_panel(partnership):
    notification = make_notification(partnership)
    refused(
        lambda: services.rapid_review_start(actor=None, notification=notification, title="Q"),
        "notification",
    )


def test_a_rapid_review_cannot_be_completed_before_its_notification(partnership):
    review = make_rapid_review(partnership)
    message = refused(lambda: complete(review, dt.date(2024, 4, 5)), "completed_on")
    assert message == (
        "The rapid review cannot be completed before the Panel was notified on 8 April 2024."
    )
    review.refresh_from_db()
    assert review.completed_on is None


def test_renaming_a_rapid_review_renames_its_source(partnership):
    review = make_rapid_review(partnership, "Baby Q")
    services.rapid_review_update(actor=None, rapid_review=review, title="Baby Q (2024)", themes=[])
    review.source.refresh_from_db()
    assert review.source.title == "Baby Q (2024)"


def test_the_panels_response_cannot_come_before_the_review_was_sent(partnership):
    review = make_rapid_review(partnership)
    complete(review, dt.date(2024, 4, 26))
    services.rapid_review_record_sent(
        actor=None, rapid_review=review, sent_to_panel_on=dt.date(2024, 4, 29)
    )
    refused(
        lambda: services.rapid_review_record_response(
            actor=None,
            rapid_review=review,
            panel_response="agrees",
            panel_response_on=dt.date(2024, 4, 26),
        ),
        "panel_response_on",
    )
    services.rapid_review_record_response(
        actor=None,
        rapid_review=review,
        panel_response="agrees",
        panel_response_on=dt.date(2024, 5, 20),
    )
    review.refresh_from_db()
    assert (review.panel_response, review.panel_response_on) == ("agrees", dt.date(2024, 5, 20))


# Agency summaries


def test_each_agency_summary_keeps_its_own_due_date(partnership, agency, health):
    review = make_rapid_review(partnership)
    ask_summary(review, agency, due_on=dt.date(2024, 4, 19))
    ask_summary(review, health, due_on=dt.date(2024, 4, 22))
    due = dict(review.summaries.values_list("agency__name", "due_on"))
    assert due == {
        "Testshire Police": dt.date(2024, 4, 19),
        "Testshire Health": dt.date(2024, 4, 22),
    }


def test_a_summary_cannot_be_due_before_it_is_requested_or_asked_twice(partnership, agency):
    review = make_rapid_review(partnership)
    refused(
        lambda: ask_summary(
            review, agency, requested_on=dt.date(2024, 4, 9), due_on=dt.date(2024, 4, 8)
        ),
        "due_on",
    )
    ask_summary(review, agency)
    assert "already asked" in refused(lambda: ask_summary(review, agency), "agencies")


def test_only_agencies_serving_the_partnership_are_asked(partnership, other_agency):
    review = make_rapid_review(partnership)
    refused(lambda: ask_summary(review, other_agency), "agencies")


def test_returning_a_summary_records_who_and_when(partnership, agency, personas):
    summary = ask_summary(make_rapid_review(partnership), agency)
    lead = personas["agency_lead"]
    services.summary_return(
        actor=lead, summary=summary, text="Seen twice by the GP.", returned_on=dt.date(2024, 4, 18)
    )
    summary.refresh_from_db()
    assert (summary.returned_by, summary.returned_on) == (lead, dt.date(2024, 4, 18))
    assert AuditEntry.objects.get(action="reviews.agency_summary.return").actor == lead


def test_a_summary_cannot_be_returned_before_it_was_requested(partnership, agency):
    summary = ask_summary(make_rapid_review(partnership), agency, requested_on=dt.date(2024, 4, 9))
    refused(
        lambda: services.summary_return(
            actor=None, summary=summary, text="x", returned_on=dt.date(2024, 4, 8)
        ),
        "returned_on",
    )


# Practice reviews


def test_a_practice_review_cannot_be_published_before_its_decision(partnership):
    review = make_practice_review(partnership, decided_on=dt.date(2024, 5, 1))
    message = refused(
        lambda: services.practice_review_publish(
            actor=None, practice_review=review, published_on=dt.date(2024, 4, 30)
        ),
        "published_on",
    )
    assert message == "It cannot be published before the decision to hold the review on 1 May 2024."


def test_it_must_reach_the_panel_seven_working_days_before_publication(partnership):
    review = make_practice_review(partnership, decided_on=dt.date(2023, 11, 1))
    services.practice_review_publish(
        actor=None, practice_review=review, published_on=dt.date(2024, 4, 8)
    )
    # Seven working days before Monday 8 April 2024, past Easter, is Tuesday 26 March.
    message = refused(
        lambda: services.practice_review_record_sent(
            actor=None, practice_review=review, sent_to_panel_on=dt.date(2024, 3, 27)
        ),
        "sent_to_panel_on",
    )
    assert "at least 7 working days before publication" in message
    services.practice_review_record_sent(
        actor=None, practice_review=review, sent_to_panel_on=dt.date(2024, 3, 26)
    )


def test_publishing_too_soon_after_sending_is_refused_on_the_publication_date(partnership):
    review = make_practice_review(partnership, decided_on=dt.date(2023, 11, 1))
    services.practice_review_record_sent(
        actor=None, practice_review=review, sent_to_panel_on=dt.date(2024, 3, 27)
    )
    refused(
        lambda: services.practice_review_publish(
            actor=None, practice_review=review, published_on=dt.date(2024, 4, 8)
        ),
        "published_on",
    )


def test_a_practice_review_from_a_rapid_review_that_decided_on_one(partnership):
    review = make_rapid_review(partnership)
    complete(review, dt.date(2024, 4, 26), "other_learning")
    refused(
        lambda: make_practice_review(
            partnership, rapid_review=review, decided_on=dt.date(2024, 5, 1)
        ),
        "rapid_review",
    )
    practice = make_practice_review_from(review, dt.date(2024, 4, 26))
    assert (practice.rapid_review, practice.due_on) == (review, dt.date(2024, 10, 26))
    assert practice.source.kind == "practice_review"
    refused(lambda: complete(review, dt.date(2024, 4, 26), "other_learning"), "decision")


def test_moving_the_decision_moves_the_due_date_and_source(partnership):
    review = make_practice_review(partnership, decided_on=dt.date(2024, 5, 1))
    services.practice_review_update(
        actor=None,
        practice_review=review,
        title=review.title,
        decided_on=dt.date(2024, 6, 3),
        reviewer="An Independent Reviewer",
        terms_of_reference="",
        themes=[],
    )
    review.source.refresh_from_db()
    assert (review.due_on, review.source.started_on) == (dt.date(2024, 12, 3), dt.date(2024, 6, 3))


# Learning reviews and themes


def test_a_learning_review_cannot_be_completed_before_it_started(partnership):
    review = make_learning_review(partnership, started_on=dt.date(2023, 9, 4))
    refused(
        lambda: services.learning_review_complete(
            actor=None, learning_review=review, completed_on=dt.date(2023, 9, 1)
        ),
        "completed_on",
    )


def test_themes_are_the_partnerships_current_ones(partnership, other_partnership):
    theme = partnership.themes.first()
    review = make_learning_review(partnership, themes=[theme])
    assert list(review.themes.all()) == [theme]
    elsewhere = other_partnership.themes.first()
    message = refused(lambda: make_learning_review(partnership, themes=[elsewhere]), "themes")
    assert message == f"{elsewhere} was not one of the partnership's themes on 4 September 2023."
    notification = make_notification(partnership, notified_on=dt.date(2024, 4, 8))
    start = services.rapid_review_start
    refused(
        lambda: start(actor=None, notification=notification, title="Q", themes=[elsewhere]),
        "themes",
    )
    refused(lambda: make_practice_review(partnership, themes=[elsewhere]), "themes")


@time_machine.travel(NOW, tick=False)
def test_a_retired_theme_is_refused_on_a_review_after_it_and_kept_on_an_old_one(partnership):
    theme = partnership.themes.first()
    review = make_learning_review(partnership, themes=[theme])
    core_services.theme_retire(actor=None, theme=theme, retired_on=dt.date(2024, 1, 1))
    later = dt.date(2024, 2, 1)
    refused(lambda: make_learning_review(partnership, "Later", later, themes=[theme]), "themes")
    # A review dated before the theme was retired (entered late, or from a data pack) may name it.
    earlier = make_learning_review(partnership, "Earlier", dt.date(2023, 12, 1), themes=[theme])
    assert list(earlier.themes.all()) == [theme]
    services.learning_review_update(
        actor=None,
        learning_review=review,
        title="Renamed",
        kind=review.kind,
        rationale=review.rationale,
        started_on=review.started_on,
        themes=[theme],
    )
    assert list(review.themes.all()) == [theme]


@time_machine.travel(NOW, tick=False)
def test_a_date_in_the_future_is_refused(partnership):
    refused(lambda: make_notification(partnership, aware_on=dt.date(2024, 12, 3)), "aware_on")
