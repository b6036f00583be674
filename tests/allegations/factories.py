"""Allegations for tests, written directly (not through the services) so a test can set up any
moment of an allegation's life, including concluded ones and years long past, without walking
the clock through it. Tests of the rules call `safeguarding.allegations.services` themselves.

Dates default to the 2023-24 reporting year: the allegation was received on Monday 5 June 2023,
so the LADO was due to be informed on Tuesday 6 June (1 working day, the default timescale); it
was. People are never named: a role and the LADO service's code.

    AllegationFactory(partnership=p)                                  # a referral, ongoing
    AllegationFactory(partnership=p, concluded=True)                   # substantiated, a month on
    AllegationFactory(partnership=p, not_met=True)                     # closed: criteria not met
    AllegationFactory(partnership=p, advice=True)                      # advice, nothing decided
    AllegationFactory(partnership=p, advice=True, not_met=True)        # advice, criteria not met
    AllegationFactory(partnership=p, received_on=date(2024, 1, 8), lado_informed_on=None)
"""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from safeguarding.allegations.models import (
    Allegation,
    Category,
    ContactType,
    EmployerSector,
    Outcome,
)
from safeguarding.core.calendar import add_working_days
from tests.factories import PartnershipFactory

factory.Faker._DEFAULT_LOCALE = "en_GB"

RECEIVED = dt.date(2023, 6, 5)

ROLES = ("Teacher", "Teaching assistant", "Foster carer", "Sports coach", "Nursery practitioner")


class AllegationFactory(DjangoModelFactory):
    """A referral about a teacher, received on `RECEIVED`, the criteria met (harmed a child),
    ongoing. `lado_due_on` is stored as the service stores it: 1 working day after receipt."""

    class Meta:
        model = Allegation

    class Params:
        #: concluded a month after receipt as substantiated
        concluded = factory.Trait(
            outcome=Outcome.SUBSTANTIATED,
            concluded_on=factory.LazyAttribute(lambda o: o.received_on + dt.timedelta(days=28)),
        )
        #: a request for advice, nothing decided yet
        advice = factory.Trait(
            contact_type=ContactType.ADVICE,
            category="",
            criteria_met=None,
            harmed_child=False,
        )
        #: the harm test not met, closed a week after receipt (with `advice`: advice not
        #: meeting the criteria; traits apply in this order)
        not_met = factory.Trait(
            criteria_met=False,
            harmed_child=False,
            outcome=Outcome.CRITERIA_NOT_MET,
            concluded_on=factory.LazyAttribute(lambda o: o.received_on + dt.timedelta(days=7)),
        )

    partnership = factory.SubFactory(PartnershipFactory)
    reference = factory.Sequence(lambda n: f"LADO-{n + 1:04d}")
    contact_type = ContactType.REFERRAL
    received_on = RECEIVED
    lado_informed_on = factory.LazyAttribute(lambda o: o.received_on)
    lado_due_on = factory.LazyAttribute(lambda o: add_working_days(o.received_on, 1))
    employer_sector = EmployerSector.EDUCATION
    person_role = factory.Iterator(ROLES)
    person_code = factory.Sequence(lambda n: f"P{n + 1:04d}")
    category = Category.PHYSICAL
    criteria_met = True
    harmed_child = True
    outcome = Outcome.ONGOING
    concluded_on = None
