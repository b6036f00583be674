import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from safeguarding.accounts.roles import Role
from safeguarding.audit.models import AuditEntry
from safeguarding.core import services as core_services
from safeguarding.reports import document, services
from safeguarding.reports.models import ReportStatus
from tests.reports.conftest import YEAR

DAY = dt.date(2024, 9, 30)


def about(doc):
    return next(s for s in doc.sections if s.code == "about")


def statutory(doc):
    return about(doc).data["lists"][0]["items"]


def publish(report, personas, **dates):
    services.report_approve(actor=personas[Role.EXECUTIVE], report=report, approved_on=DAY)
    return services.report_publish(
        actor=personas[Role.BUSINESS_UNIT], report=report, published_on=DAY, **dates
    )


def test_a_draft_shows_the_live_data(report, partnership, agency, personas):
    doc = document.build(partnership, YEAR, report)
    assert statutory(doc) == ["Testshire Police"]
    assert "1 agency serves the partnership in 2023-24." in about(doc).data["paragraphs"]


def test_publishing_freezes_the_data_and_a_new_version_shows_the_change(
    report, partnership, agency, personas
):
    publish(report, personas)
    core_services.agency_update(
        actor=personas[Role.BUSINESS_UNIT],
        partnership=partnership,
        agency=agency,
        data={"name": "Testshire Constabulary"},
    )
    report.refresh_from_db()
    assert statutory(document.build(partnership, YEAR, report)) == ["Testshire Police"]
    new = services.report_create(actor=None, partnership=partnership, year=YEAR)
    assert new.version == 2
    assert statutory(document.build(partnership, YEAR, new)) == ["Testshire Constabulary"]


def test_a_new_version_copies_the_narratives(report, partnership, personas):
    services.narrative_update(
        actor=personas[Role.BUSINESS_UNIT], report=report, section_code="about", html="<p>Us</p>"
    )
    publish(report, personas)
    new = services.report_create(actor=None, partnership=partnership, year=YEAR)
    assert new.narratives.get(section_code="about").html == "<p>Us</p>"


def test_a_second_draft_for_the_same_year_is_refused(report, partnership):
    with pytest.raises(ValidationError, match="already in progress"):
        services.report_create(actor=None, partnership=partnership, year=YEAR)


def test_a_narrative_is_sanitised(report, personas):
    narrative = services.narrative_update(
        actor=personas[Role.BUSINESS_UNIT],
        report=report,
        section_code="about",
        html='<p onclick="x()">Safe <script>alert(1)</script><strong>bold</strong></p>',
    )
    assert narrative.html == "<p>Safe <strong>bold</strong></p>"


def test_editing_an_approved_report_returns_it_to_draft(report, personas):
    services.report_approve(actor=personas[Role.EXECUTIVE], report=report, approved_on=DAY)
    services.narrative_update(
        actor=personas[Role.BUSINESS_UNIT], report=report, section_code="about", html="<p>x</p>"
    )
    report.refresh_from_db()
    assert (report.status, report.approved_by) == (ReportStatus.DRAFT, None)


def test_a_published_report_cannot_be_edited(report, personas):
    publish(report, personas)
    with pytest.raises(ValidationError, match="published"):
        services.narrative_update(
            actor=personas[Role.BUSINESS_UNIT], report=report, section_code="about", html="x"
        )


def test_approving_twice_is_refused(report, personas):
    services.report_approve(actor=personas[Role.EXECUTIVE], report=report, approved_on=DAY)
    with pytest.raises(ValidationError, match="already approved"):
        services.report_approve(actor=personas[Role.EXECUTIVE], report=report, approved_on=DAY)


def test_publishing_a_draft_that_was_not_approved_is_refused(report, personas):
    with pytest.raises(ValidationError, match="Only an approved report"):
        services.report_publish(actor=personas[Role.BUSINESS_UNIT], report=report, published_on=DAY)
    report.refresh_from_db()
    assert report.snapshot is None


def test_sent_dates_may_be_recorded_later(report, personas):
    publish(report, personas)
    assert report.sent_to_panel_on is None
    services.report_record_sent(
        actor=personas[Role.BUSINESS_UNIT],
        report=report,
        sent_to_panel_on=DAY,
        sent_to_dfe_on=dt.date(2024, 10, 1),
    )
    report.refresh_from_db()
    assert (report.sent_to_panel_on, report.sent_to_dfe_on) == (DAY, dt.date(2024, 10, 1))


def test_every_step_is_audited(report, personas):
    publish(report, personas, sent_to_panel_on=DAY)
    actions = list(
        AuditEntry.objects.filter(target_type="reports.report")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "reports.report.create",
        "reports.report.approve",
        "reports.report.publish",
    ]
