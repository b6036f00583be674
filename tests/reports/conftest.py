import pytest

from safeguarding.core.years import ReportingYear
from safeguarding.reports import services

YEAR = ReportingYear(2023)


@pytest.fixture
def report(partnership, agency):
    return services.report_create(actor=None, partnership=partnership, year=YEAR)
