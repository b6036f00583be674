"""The batch the data pack and the benchmark use: the same rules as one at a time, all or
nothing, one audit entry per 1,000 rows (decisions 0011 and 0014)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from safeguarding.allegations import services
from safeguarding.allegations.models import Allegation
from safeguarding.audit.models import AuditEntry
from tests.allegations.factories import AllegationFactory

pytestmark = pytest.mark.django_db

FRIDAY = dt.date(2023, 5, 5)


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(dt.datetime(2023, 5, 10, 12, 0), tick=False)


def row(**fields: Any) -> dict[str, Any]:
    return {
        "contact_type": "referral",
        "received_on": FRIDAY,
        "employer_sector": "education",
        "person_role": "Teacher",
        "category": "physical",
        "criteria_met": True,
        "harmed_child": True,
    } | fields


def create_many(partnership, rows: list[dict[str, Any]]) -> list[Allegation]:
    numbered = [(number, values) for number, values in enumerate(rows, start=2)]
    return services.allegations_create_many(actor=None, partnership=partnership, rows=numbered)


def test_a_batch_is_saved_with_one_audit_entry(partnership):
    saved = create_many(
        partnership,
        [
            row(reference="L-1"),
            row(contact_type="advice", category="", criteria_met=None, harmed_child=False),
            row(outcome="substantiated", concluded_on=dt.date(2023, 5, 9)),
        ],
    )
    assert [allegation.reference for allegation in saved] == ["L-1", "LADO-0001", "LADO-0002"]
    assert all(allegation.pk for allegation in saved)
    stored = Allegation.objects.get(reference="LADO-0002")
    assert (stored.outcome, stored.lado_due_on) == ("substantiated", dt.date(2023, 5, 9))
    entry = AuditEntry.objects.get(action="allegations.allegation.create_many")
    assert entry.changes["L-1"] == [
        None,
        "Referral received 5 May 2023, Education, Teacher, Physical, Ongoing",
    ]


def test_made_references_follow_the_highest_stored_or_named(partnership):
    AllegationFactory(partnership=partnership, reference="LADO-0007")
    saved = create_many(partnership, [row(), row(reference="LADO-0020"), row()])
    assert [allegation.reference for allegation in saved] == ["LADO-0021", "LADO-0020", "LADO-0022"]


def _refused(partnership, rows: list[dict[str, Any]]) -> services.BatchRowRefused:
    before = (Allegation.objects.count(), AuditEntry.objects.count())
    with pytest.raises(services.BatchRowRefused) as refused:
        create_many(partnership, rows)
    assert (Allegation.objects.count(), AuditEntry.objects.count()) == before
    return refused.value


def test_a_refused_row_is_named_and_nothing_is_saved(partnership):
    refused = _refused(partnership, [row(), row(), row(category="financial")])
    assert refused.number == 4
    assert refused.message_dict == {
        "category": ["“financial” is not a category: select one from the list"]
    }


def test_the_outcome_rules_hold_in_a_batch(partnership):
    early = dt.date(2023, 5, 1)
    refused = _refused(partnership, [row(outcome="false", concluded_on=early)])
    assert refused.message_dict == {
        "concluded_on": ["The date concluded must be on or after the date received (5 May 2023)"]
    }
    refused = _refused(partnership, [row(outcome="unfounded")])
    assert refused.message_dict == {"concluded_on": ["Enter the date the allegation was concluded"]}


def test_a_reference_is_used_once_across_the_batch_and_the_register(partnership):
    refused = _refused(partnership, [row(reference="X"), row(reference="X")])
    assert (refused.number, list(refused.message_dict)) == (3, ["reference"])
    AllegationFactory(partnership=partnership, reference="LADO-0001")
    refused = _refused(partnership, [row(reference="LADO-0001")])
    assert refused.message_dict["reference"] == [
        "The reference LADO-0001 is already used in this partnership"
    ]


def test_a_missing_required_value_is_refused(partnership):
    values = row()
    del values["received_on"]
    refused = _refused(partnership, [values])
    assert refused.message_dict == {"received_on": ["Enter the date the allegation was received"]}


def test_the_batch_writes_an_audit_entry_per_thousand_rows(partnership):
    create_many(partnership, [row() for _ in range(1001)])
    entries = AuditEntry.objects.filter(action="allegations.allegation.create_many")
    assert [len(entry.changes) for entry in entries.order_by("seq")] == [1000, 1]
    assert Allegation.objects.filter(partnership=partnership).count() == 1001
