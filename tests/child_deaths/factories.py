"""Child deaths for tests, written directly (not through the services) so a test can set up any
moment of a death's life, including completed reviews and years long past, without walking the
clock through it. Tests of the rules call `safeguarding.child_deaths.services` themselves.

Dates default to the 2023-24 reporting year: the child died on Thursday 1 June 2023 and the
death was notified to the panel two days later. The date of birth is worked out from the age
band (a child in the middle of the band), so band and dates always agree. The panel is a
footprint that includes the death's partnership. Children are never named: the panel's case
code only.

    ChildDeathFactory(partnership=p)                                # 1 to 4 years, expected
    ChildDeathFactory(partnership=p, panel=footprint)               # a shared panel
    ChildDeathFactory(partnership=p, age_band=AgeBand.NEONATAL)     # born 10 days before
    ChildDeathFactory(partnership=p, reviewed=True)                 # reviewed three months on
    ChildDeathFactory(partnership=p, died_on=date(2022, 5, 3))      # notified 5 May 2022
    PanelFactory(partnerships=[p, other])                           # a footprint of two
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from factory.django import DjangoModelFactory

from safeguarding.child_deaths.models import (
    AgeBand,
    Category,
    ChildDeath,
    Expectation,
    ModifiableFactors,
)
from safeguarding.core.models import Footprint, Partnership
from tests.factories import PartnershipFactory

factory.Faker._DEFAULT_LOCALE = "en_GB"

DIED = dt.date(2023, 6, 1)

#: How long before the death a child of each band was born (the middle of the band).
AGE_AT_DEATH: dict[str, tuple[int, int]] = {
    AgeBand.NEONATAL: (0, 10),
    AgeBand.POST_NEONATAL: (0, 150),
    AgeBand.AGE_1_4: (3, 0),
    AgeBand.AGE_5_9: (7, 0),
    AgeBand.AGE_10_14: (12, 0),
    AgeBand.AGE_15_17: (16, 0),
}


def born_for(age_band: str, died_on: dt.date) -> dt.date:
    """A date of birth that puts a child who died on `died_on` in `age_band`."""
    years, days = AGE_AT_DEATH[age_band]
    born = died_on - dt.timedelta(days=days)
    try:
        return born.replace(year=born.year - years)
    except ValueError:  # 29 February in a year that has none
        return born.replace(year=born.year - years, day=28)


class PanelFactory(DjangoModelFactory):
    """A Child Death Overview Panel: a footprint of the `partnerships` given (none by default)."""

    class Meta:
        model = Footprint
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Test Child Death Overview Panel {n}")
    slug = factory.Sequence(lambda n: f"test-cdop-{n}")
    purpose = "Child Death Overview Panel"

    @factory.post_generation
    def partnerships(obj: Footprint, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            obj.partnerships.add(*extracted)


def panel_for(partnership: Partnership) -> Footprint:
    """The partnership's own panel (made once, a footprint of that partnership alone)."""
    panel: Footprint = PanelFactory(
        name=f"{partnership.name} Child Death Overview Panel",
        slug=f"{partnership.slug}-cdop",
        partnerships=[partnership],
    )
    return panel


class ChildDeathFactory(DjangoModelFactory):
    """An expected death of a child aged 1 to 4 on `DIED`, notified two days later, no joint
    agency response, not yet reviewed. `reviewed=True` completes the review three months after
    notification (meeting a month before): an acute condition, no modifiable factors."""

    class Meta:
        model = ChildDeath

    class Params:
        reviewed = factory.Trait(
            review_meeting_on=factory.LazyAttribute(
                lambda o: o.notified_on + dt.timedelta(days=60)
            ),
            review_completed_on=factory.LazyAttribute(
                lambda o: o.notified_on + dt.timedelta(days=90)
            ),
            category=Category.ACUTE,
            modifiable_factors=ModifiableFactors.NO,
        )

    partnership = factory.SubFactory(PartnershipFactory)
    panel = factory.LazyAttribute(lambda o: panel_for(o.partnership))
    case_code = factory.Sequence(lambda n: f"CDOP-{n + 1:04d}")
    died_on = DIED
    age_band = AgeBand.AGE_1_4
    born_on = factory.LazyAttribute(lambda o: born_for(o.age_band, o.died_on))
    notified_on = factory.LazyAttribute(lambda o: o.died_on + dt.timedelta(days=2))
    expectation = Expectation.EXPECTED
    joint_agency_response = False
    category = None
    modifiable_factors = ""
    review_meeting_on = None
    review_completed_on = None
