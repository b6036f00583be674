"""Test metrics, registered for one test and removed after it.

- `test.retired_agencies`: computed from the Hub's records (agencies retired in the year,
  by sector); disclosive, so published outputs hide small counts of it;
- `test.referrals`: a disclosive count (of cases) only ever entered, by agency;
- `test.meetings`: a count that is not disclosive (meetings held), only ever entered;
- `test.budget`: money, totals only, only ever entered.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db.models import Count

from safeguarding.core.models import Agency, Partnership
from safeguarding.core.years import ReportingYear
from safeguarding.metrics import registry
from safeguarding.metrics.registry import Metric, Unit, Value


def retired_agencies(
    partnership: Partnership, year: ReportingYear, breakdown: str | None
) -> dict[str, Value] | None:
    rows = Agency.objects.filter(
        memberships__partnership=partnership, retired_on__range=(year.start, year.end)
    )
    if breakdown == "sector":
        counts = dict(rows.values_list("sector").annotate(n=Count("pk")).order_by())
        return counts or None
    total = rows.count()
    return {"": total} if total else None


RETIRED = Metric(
    code="test.retired_agencies",
    label="Agencies retired",
    unit=Unit.COUNT,
    breakdowns=("sector",),
    compute=retired_agencies,
    disclosive=True,
)
REFERRALS = Metric(
    code="test.referrals",
    label="Referrals",
    unit=Unit.COUNT,
    breakdowns=("agency",),
    disclosive=True,
)
MEETINGS = Metric(code="test.meetings", label="Meetings", unit=Unit.COUNT, breakdowns=("group",))
BUDGET = Metric(code="test.budget", label="Budget", unit=Unit.MONEY)


@pytest.fixture
def test_metrics() -> Iterator[tuple[Metric, ...]]:
    with registry.registered(RETIRED, REFERRALS, MEETINGS, BUDGET) as metrics:
        yield metrics
