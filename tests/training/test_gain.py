"""Learning gain against hand-computed examples: matched and unmatched pairs, ratings at the top
of the scale, a 1–10 course, negative gains, by agency across scales, the year's edges; and the
database's figures against a pure-Python computation over random ratings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safeguarding.core.years import ReportingYear
from safeguarding.training.gain import Gain, gain_of, learning_gain, learning_gain_in_python
from safeguarding.training.models import Attendance, Booking, BookingStatus, Delegate, Rating
from tests.training.factories import make_booking, make_course, make_delegate, make_session

LONDON = ZoneInfo("Europe/London")
YEAR = ReportingYear(2025)  # 1 April 2025 to 31 March 2026
IN_YEAR = dt.datetime(2025, 10, 7, 9, 30, tzinfo=LONDON)
POLICE, HEALTH = "Testshire Police", "Testshire Health"
FIVE, TEN = "Working Together to Safeguard Children", "Advanced Child Protection 2 day"


@pytest.fixture
def five(partnership):
    """A 1–5 course with one question, so each booking gives one pair."""
    return make_course(partnership, FIVE, scale=5, questions=1)


@pytest.fixture
def ten(partnership):
    return make_course(partnership, TEN, scale=10, questions=1)


def rate(session, agency, pre, post, partnership=None):
    """One delegate of `agency` attends `session` and rates its first question."""
    course = session.course
    delegate = make_delegate(partnership or course.partnership, agency)
    booking = make_booking(session, delegate, attendance=Attendance.ATTENDED)
    Rating.objects.create(booking=booking, question=course.questions.get(), pre=pre, post=post)


def rate_all(session, agency, pairs):
    for pre, post in pairs:
        rate(session, agency, pre, post)


def gain(partnership, **filters):
    return learning_gain(partnership=partnership, year=YEAR, **filters).total


def test_the_worked_example_on_a_one_to_five_course(partnership, agency, five):
    # Pairs (2→4), (3→4), (1→3), (5→5), one pre-only and one post-only rating:
    #   n = 4, unmatched = 2, ceiling = 1 (5→5);
    #   mean pre = (2 + 3 + 1 + 5) / 4 = 2.75, mean post = (4 + 4 + 3 + 5) / 4 = 4;
    #   headline = (4 − 2.75) / (5 − 1) × 100 = 31.25 → 31.3 (rounded half up);
    #   normalised = mean(2/3, 1/2, 2/4) = 5/9 = 0.5556 (5→5 left out: g is undefined);
    #   improved = 3 of 4 = 75%.
    session = make_session(five, IN_YEAR)
    rate_all(session, agency, [(2, 4), (3, 4), (1, 3), (5, 5), (3, None), (None, 4)])
    assert gain(partnership) == Gain(
        n=4,
        unmatched=2,
        ceiling=1,
        mean_pre=Decimal("2.75"),
        mean_post=Decimal("4.00"),
        headline=Decimal("31.3"),
        normalised=Decimal("0.5556"),
        improved=Decimal("75.0"),
    )


def test_a_one_to_ten_course(partnership, agency, ten):
    # Pairs (3→8), (5→6), (10→10), (7→9): mean pre 25/4 = 6.25, mean post 33/4 = 8.25;
    #   headline = (8.25 − 6.25) / 9 × 100 = 22.22 → 22.2;
    #   normalised = mean(5/7, 1/5, 2/3) = 0.52698 → 0.5270 (10→10 at the ceiling).
    rate_all(make_session(ten, IN_YEAR), agency, [(3, 8), (5, 6), (10, 10), (7, 9)])
    found = gain(partnership)
    assert (found.n, found.ceiling, found.unmatched) == (4, 1, 0)
    assert (found.mean_pre, found.mean_post) == (Decimal("6.25"), Decimal("8.25"))
    assert found.headline == Decimal("22.2")
    assert found.normalised == Decimal("0.5270")


def test_negative_gains(partnership, agency, five):
    # Pairs (4→2), (5→3), (3→3): changes −2, −2, 0; mean pre 4, mean post 8/3 = 2.67;
    #   headline = −4 / 3 / 4 × 100 = −33.33 → −33.3;
    #   normalised = mean(−2/1, 0/2) = −1 (5→3 starts at the ceiling); none improved.
    rate_all(make_session(five, IN_YEAR), agency, [(4, 2), (5, 3), (3, 3)])
    found = gain(partnership)
    assert (found.mean_pre, found.mean_post) == (Decimal("4.00"), Decimal("2.67"))
    assert found.headline == Decimal("-33.3")
    assert found.normalised == Decimal("-1.0000")
    assert (found.ceiling, found.improved) == (1, Decimal("0.0"))


def test_every_pair_at_the_ceiling_has_no_normalised_gain(partnership, agency, five):
    rate_all(make_session(five, IN_YEAR), agency, [(5, 5), (5, 4)])
    found = gain(partnership)
    # (4 − 5) / 2 pairs / 4 = −12.5%, half up away from zero → −12.5 exactly.
    assert (found.n, found.ceiling, found.normalised) == (2, 2, None)
    assert found.headline == Decimal("-12.5")


def test_by_agency_each_pair_is_a_fraction_of_its_own_courses_range(
    partnership, agency, health, five, ten
):
    # Police: (2→4) on the 1–5 course is 2/4 of its range, (3→8) on the 1–10 course 5/9 of its;
    #   headline = mean(1/2, 5/9) × 100 = 19/36 × 100 = 52.78 → 52.8; mean pre (2 + 3) / 2 = 2.5.
    # Health: (3→4) on the 1–5 course: 1/4 → 25.0.
    # The total: (1/2 + 5/9 + 1/4) / 3 × 100 = 47/108 × 100 = 43.52 → 43.5.
    rate(make_session(five, IN_YEAR), agency, 2, 4)
    rate(make_session(ten, IN_YEAR), agency, 3, 8)
    rate(make_session(five, IN_YEAR + dt.timedelta(days=7)), health, 3, 4)
    table = learning_gain(partnership=partnership, year=YEAR, by=["agency"])
    assert {key: g.headline for key, g in table.groups.items()} == {
        (POLICE,): Decimal("52.8"),
        (HEALTH,): Decimal("25.0"),
    }
    assert table.groups[(POLICE,)].mean_pre == Decimal("2.50")
    assert table.total.headline == Decimal("43.5")


def test_by_course_and_agency_and_the_filters(partnership, agency, health, five, ten):
    session = make_session(five, IN_YEAR)
    rate_all(session, agency, [(2, 4), (1, 5)])  # (2 + 4) / 2 / 4 = 75%
    rate(session, health, 3, 4)  # 25%
    rate(make_session(ten, IN_YEAR), agency, 1, 10)  # 100%
    table = learning_gain(partnership=partnership, year=YEAR, by=("course", "agency"))
    assert {key: g.headline for key, g in table.groups.items()} == {
        (FIVE, POLICE): Decimal("75.0"),
        (FIVE, HEALTH): Decimal("25.0"),
        (TEN, POLICE): Decimal("100.0"),
    }
    assert gain(partnership, courses=[five]).n == 3
    assert gain(partnership, courses=[five]).headline == Decimal("58.3")  # 7 / 3 / 4
    assert gain(partnership, agencies=[health]).n == 1
    assert gain(partnership, courses=[ten], agencies=[health]) is None


def test_only_sessions_starting_in_the_year_count_in_uk_time(partnership, agency, five):
    # 00:30 on 1 April 2025 (UK summer time) is 23:30 on 31 March in UTC: it is in 2025-26.
    rate(make_session(five, dt.datetime(2025, 4, 1, 0, 30, tzinfo=LONDON)), agency, 1, 5)
    # 00:30 on 1 April 2026 is still 31 March in UTC: it is in 2026-27, not 2025-26.
    rate(make_session(five, dt.datetime(2026, 4, 1, 0, 30, tzinfo=LONDON)), agency, 1, 3)
    rate(make_session(five, dt.datetime(2026, 3, 31, 23, 0, tzinfo=LONDON)), agency, 3, 4)
    rate(make_session(five, dt.datetime(2025, 3, 31, 23, 0, tzinfo=LONDON)), agency, 5, 1)
    found = gain(partnership)
    assert found.n == 2
    assert found.headline == Decimal("62.5")  # (4 + 1) / 2 / 4
    later = learning_gain(partnership=partnership, year=ReportingYear(2026)).total
    assert later.headline == Decimal("50.0")


def test_another_partnerships_ratings_do_not_count(partnership, other_partnership, agency, five):
    theirs = make_course(other_partnership, FIVE, questions=1)
    rate(make_session(theirs, IN_YEAR), agency, 1, 5, partnership=other_partnership)
    assert gain(partnership) is None
    rate(make_session(five, IN_YEAR), agency, 2, 3)
    assert gain(partnership).n == 1


def test_without_a_matched_pair_there_is_no_gain(partnership, agency, five):
    assert gain(partnership) is None
    rate_all(make_session(five, IN_YEAR), agency, [(3, None), (None, 4)])
    table = learning_gain(partnership=partnership, year=YEAR, by=["course"])
    assert table.total is None
    assert table.groups == {(FIVE,): None}


def test_one_query_per_call(partnership, agency, five, ten, django_assert_num_queries):
    rate_all(make_session(five, IN_YEAR), agency, [(2, 4), (3, None)])
    rate_all(make_session(ten, IN_YEAR), agency, [(1, 9)] * 5)
    with django_assert_num_queries(1):
        learning_gain(partnership=partnership, year=YEAR, by=["course", "agency"])
    with django_assert_num_queries(1):
        learning_gain(partnership=partnership, year=YEAR)


# The database against pure Python

ratings_drawn = st.lists(
    st.tuples(
        st.sampled_from([5, 10]),  # the course's scale
        st.booleans(),  # police or health
        st.integers(1, 10) | st.none(),
        st.integers(1, 10) | st.none(),
    ).map(lambda r: (r[0], r[1], _on(r[2], r[0]), _on(r[3], r[0]))),
    max_size=14,
)


def _on(rating, scale):
    return None if rating is None else min(rating, scale)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(drawn=ratings_drawn)
def test_the_database_and_python_agree_on_random_ratings(
    partnership, agency, health, five, ten, drawn
):
    with transaction.atomic():
        sessions = {5: make_session(five, IN_YEAR), 10: make_session(ten, IN_YEAR)}
        for index, (scale, police, pre, post) in enumerate(drawn):
            session = sessions[scale]
            delegate = Delegate.objects.create(
                partnership=partnership,
                agency=agency if police else health,
                name=f"Delegate {index}",
                email=f"random{index}@testshire.example",
            )
            booking = Booking.objects.create(
                session=session,
                delegate=delegate,
                agency=delegate.agency,
                status=BookingStatus.BOOKED,
                attendance=Attendance.ATTENDED,
                requested_at=IN_YEAR - dt.timedelta(days=30),
            )
            Rating.objects.create(
                booking=booking, question=session.course.questions.get(), pre=pre, post=post
            )
        for by in ((), ("course",), ("agency",), ("course", "agency")):
            in_database = learning_gain(partnership=partnership, year=YEAR, by=by)
            assert in_database == learning_gain_in_python(partnership=partnership, year=YEAR, by=by)
        pairs = [(pre, post, scale) for scale, _, pre, post in drawn]
        assert in_database.total == gain_of(pairs)
        transaction.set_rollback(True)
