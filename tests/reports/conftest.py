import pytest

from safeguarding.core.years import ReportingYear
from safeguarding.reports import registry, services

YEAR = ReportingYear(2023)


@pytest.fixture(autouse=True)
def only_the_about_section(monkeypatch):
    """These tests are about the engine: they see only its own section, not other apps'."""
    monkeypatch.setattr(registry, "_sections", {"about": registry.get("about")})


@pytest.fixture
def report(partnership, agency):
    return services.report_create(actor=None, partnership=partnership, year=YEAR)
