"""The age band rule, as properties over any dates: `models.age_band_on` puts a child in the band
their age gives at every boundary (27 and 28 days, the 1st, 5th, 10th and 15th birthdays, and
none from the 18th), and recording a death whose band contradicts the dates is refused on the age
band with nothing saved, while the band the dates give is accepted.

A child born on 29 February reaches each birthday on 1 March in a year that has no 29 February.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from safeguarding.audit.models import AuditEntry
from safeguarding.child_deaths import services
from safeguarding.child_deaths.models import AgeBand, ChildDeath, Expectation, age_band_on

TODAY = dt.date(2024, 6, 28)
NOW = dt.datetime(2024, 6, 28, 10, tzinfo=dt.UTC)

BIRTHS = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2024, 6, 1))
LEAP_DAYS = st.sampled_from([dt.date(year, 2, 29) for year in (1992, 1996, 2000, 2004, 2008)])
ANY_BIRTH = st.one_of(BIRTHS, LEAP_DAYS)

#: (birthday, the band from that day on, the band the day before).
BIRTHDAYS = [
    (1, AgeBand.AGE_1_4, AgeBand.POST_NEONATAL),
    (5, AgeBand.AGE_5_9, AgeBand.AGE_1_4),
    (10, AgeBand.AGE_10_14, AgeBand.AGE_5_9),
    (15, AgeBand.AGE_15_17, AgeBand.AGE_10_14),
    (18, None, AgeBand.AGE_15_17),
]

FAST = settings(max_examples=300, deadline=None)


def birthday(born: dt.date, years: int) -> dt.date:
    """The day a child born on `born` turns `years` (1 March for a 29 February birthday)."""
    try:
        return born.replace(year=born.year + years)
    except ValueError:
        return dt.date(born.year + years, 3, 1)


def age_in_years(born: dt.date, on: dt.date) -> int:
    return max(years for years in range(0, 30) if birthday(born, years) <= on)


def expected_band(born: dt.date, died: dt.date) -> AgeBand | None:
    """The band written out from the definitions, independently of the model."""
    days, years = (died - born).days, age_in_years(born, died)
    if days <= 27:
        return AgeBand.NEONATAL
    for band, below in (
        (AgeBand.POST_NEONATAL, 1),
        (AgeBand.AGE_1_4, 5),
        (AgeBand.AGE_5_9, 10),
        (AgeBand.AGE_10_14, 15),
        (AgeBand.AGE_15_17, 18),
    ):
        if years < below:
            return band
    return None


# `age_band_on`, at every boundary


@FAST
@given(born=ANY_BIRTH, days=st.integers(min_value=0, max_value=27))
def test_the_first_27_days_are_neonatal(born, days):
    assert age_band_on(born, born + dt.timedelta(days=days)) == AgeBand.NEONATAL


@FAST
@given(born=ANY_BIRTH, days=st.integers(min_value=28, max_value=364))
def test_from_28_days_to_the_first_birthday_is_post_neonatal(born, days):
    died = born + dt.timedelta(days=days)
    assume(died < birthday(born, 1))
    assert age_band_on(born, died) == AgeBand.POST_NEONATAL


@FAST
@given(born=ANY_BIRTH)
def test_day_27_and_day_28_are_either_side_of_the_neonatal_boundary(born):
    assert age_band_on(born, born + dt.timedelta(days=27)) == AgeBand.NEONATAL
    assert age_band_on(born, born + dt.timedelta(days=28)) == AgeBand.POST_NEONATAL


@FAST
@given(born=ANY_BIRTH, which=st.sampled_from(BIRTHDAYS))
def test_each_birthday_starts_the_next_band(born, which):
    years, band_from, band_before = which
    day = birthday(born, years)
    assert age_band_on(born, day) == band_from
    assert age_band_on(born, day - dt.timedelta(days=1)) == band_before


@FAST
@given(born=ANY_BIRTH, days=st.integers(min_value=0, max_value=25 * 366))
def test_the_band_is_the_one_the_age_gives(born, days):
    died = born + dt.timedelta(days=days)
    assert age_band_on(born, died) == expected_band(born, died)


@FAST
@given(born=ANY_BIRTH, days=st.integers(min_value=1, max_value=400))
def test_a_death_before_the_birth_has_no_band(born, days):
    assert age_band_on(born, born - dt.timedelta(days=days)) is None


# The service refuses a band that contradicts the dates


def _record(partnership, panel, born, died, band):
    return services.child_death_create(
        actor=None,
        partnership=partnership,
        panel=panel,
        case_code="CDOP-PROP",
        died_on=died,
        notified_on=died,
        age_band=band,
        expectation=Expectation.EXPECTED,
        born_on=born,
    )


def _dates(born: dt.date, days: int) -> tuple[dt.date, dt.date]:
    died = born + dt.timedelta(days=days)
    assume(died <= TODAY)
    return born, died


PROPERTY_DB = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@PROPERTY_DB
@given(
    born=st.one_of(BIRTHS, LEAP_DAYS),
    days=st.integers(min_value=0, max_value=18 * 366),
    wrong=st.sampled_from(AgeBand.values),
)
def test_a_band_contradicting_the_dates_is_refused_on_the_age_band(
    partnership, panel, born, days, wrong
):
    born, died = _dates(born, days)
    right = age_band_on(born, died)
    assume(right is not None and wrong != right)
    entries = AuditEntry.objects.count()
    with time_machine.travel(NOW, tick=False), pytest.raises(ValidationError) as error:
        _record(partnership, panel, born, died, wrong)
    message = error.value.message_dict["age_band"][0]
    assert message.startswith("The age band must match the dates: a child born on ")
    assert message.endswith(f"was in the band {right.label}")
    assert "born_on" not in error.value.message_dict
    assert not ChildDeath.objects.exists()
    assert AuditEntry.objects.count() == entries


@PROPERTY_DB
@given(born=st.one_of(BIRTHS, LEAP_DAYS), days=st.integers(min_value=0, max_value=18 * 366))
def test_the_band_the_dates_give_is_accepted(partnership, panel, born, days):
    born, died = _dates(born, days)
    right = age_band_on(born, died)
    assume(right is not None)
    with transaction.atomic(), time_machine.travel(NOW, tick=False):
        death = _record(partnership, panel, born, died, right)
        assert death.age_band == right
        transaction.set_rollback(True)


@PROPERTY_DB
@given(born=st.one_of(BIRTHS, LEAP_DAYS), band=st.sampled_from(AgeBand.values))
def test_a_child_who_died_on_or_after_their_18th_birthday_is_refused(
    partnership, panel, born, band
):
    died = birthday(born, 18)
    assume(died <= TODAY)
    with time_machine.travel(NOW, tick=False), pytest.raises(ValidationError) as error:
        _record(partnership, panel, born, died, band)
    assert error.value.message_dict["born_on"] == [
        f"The child must have died before their 18th birthday: a child born on "
        f"{born.day} {born:%B %Y} who died on {died.day} {died:%B %Y} was 18"
    ]
    assert not ChildDeath.objects.exists()


def test_the_contract_s_worked_example(partnership, panel):
    with time_machine.travel(NOW, tick=False), pytest.raises(ValidationError) as error:
        _record(partnership, panel, dt.date(2020, 5, 3), dt.date(2023, 6, 1), AgeBand.AGE_5_9)
    assert error.value.message_dict == {
        "age_band": [
            "The age band must match the dates: a child born on 3 May 2020 who died on "
            "1 June 2023 was in the band 1 to 4 years"
        ]
    }
