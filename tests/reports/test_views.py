import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from safeguarding.accounts.roles import Role
from safeguarding.core import services as core_services
from safeguarding.reports import services
from safeguarding.reports.models import Report, ReportFile, ReportStatus
from tests.factories import AgencyPartnershipFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2024, 9, 30)


def url(name, report, *args):
    return reverse(f"reports:{name}", args=[report.partnership.slug, report.pk, *args])


def test_the_report_page_shows_each_section_with_its_data(client_as, personas, report):
    response = client_as(personas[Role.PRACTITIONER]).get(url("report_detail", report))
    assert response.status_code == 200
    page = response.content.decode()
    assert "About the partnership" in page
    assert "Testshire Police" in page
    assert "<svg" in page
    assert "Agencies by sector: data" in page
    assert "Edit the narrative" not in page


def test_an_outsider_gets_404_everywhere(client_as, outsider, report):
    client = client_as(outsider)
    for name in ("report_detail", "download_html", "download_docx"):
        assert client.get(url(name, report)).status_code == 404
    assert client.post(url("report_approve", report)).status_code == 404


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.SCRUTINEER, Role.AGENCY_LEAD])
def test_read_only_roles_get_403_on_writes(client_as, personas, report, role):
    client = client_as(personas[role])
    assert client.get(url("narrative_edit", report, "about")).status_code == 403
    assert client.post(url("report_approve", report)).status_code == 403
    assert client.post(url("report_publish", report)).status_code == 403
    path = reverse("reports:report_list", args=[report.partnership.slug])
    assert client.post(path, {"year": "2024-25"}).status_code == 403


def test_only_the_executive_approves(client_as, personas, report):
    assert (
        client_as(personas[Role.BUSINESS_UNIT]).get(url("report_approve", report)).status_code
        == 403
    )
    client = client_as(personas[Role.EXECUTIVE])
    response = client.post(
        url("report_approve", report),
        {"approved_on_day": "30", "approved_on_month": "9", "approved_on_year": "2024"},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    assert report.approved_by == personas[Role.EXECUTIVE]


def test_the_business_unit_starts_a_report_and_bad_years_are_refused(
    client_as, personas, partnership
):
    client = client_as(personas[Role.BUSINESS_UNIT])
    path = reverse("reports:report_list", args=[partnership.slug])
    response = client.post(path, {"year": "2023-25"})
    assert "There is a problem" in response.content.decode()
    assert "the second year must follow" in response.content.decode()
    assert not Report.objects.exists()
    assert client.post(path, {"year": "2023-24"}).status_code == 302
    assert Report.objects.get().year.label == "2023-24"


def test_a_narrative_is_saved_clean_through_the_form(client_as, personas, report):
    client = client_as(personas[Role.BUSINESS_UNIT])
    html = "<p>We met <em>15</em> times.<script>alert(1)</script></p>"
    response = client.post(url("narrative_edit", report, "about"), {"html": html})
    assert response.status_code == 302
    page = client.get(url("report_detail", report)).content.decode()
    assert "<p>We met <em>15</em> times.</p>" in page
    assert "alert(1)" not in page


def test_publish_form_needs_a_date_and_saves_nothing_without_one(client_as, personas, report):
    services.report_approve(actor=personas[Role.EXECUTIVE], report=report, approved_on=DAY)
    client = client_as(personas[Role.BUSINESS_UNIT])
    response = client.post(url("report_publish", report), {"sent_to_panel_on_day": "40"})
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter date published" in page
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED


def test_publishing_a_draft_through_the_form_shows_the_error(client_as, personas, report):
    client = client_as(personas[Role.BUSINESS_UNIT])
    data = {"published_on_day": "30", "published_on_month": "9", "published_on_year": "2024"}
    response = client.post(url("report_publish", report), data)
    assert "Only an approved report can be published" in response.content.decode()


@time_machine.travel(dt.datetime(2024, 9, 30, 12, 0, tzinfo=dt.UTC))
def test_the_pdf_is_made_in_the_background_and_offered_when_ready(client_as, personas, report):
    client = client_as(personas[Role.PRACTITIONER])
    assert client.post(url("file_request", report)).status_code == 302
    report_file = ReportFile.objects.get()
    status = client.get(url("file_status", report, report_file.pk)).json()
    assert status["status"] == "ready"
    download = client.get(status["url"])
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download).startswith(b"%PDF")
    assert "Download the PDF" in client.get(url("report_detail", report)).content.decode()


def test_the_page_shows_progress_while_the_pdf_is_queued(client_as, personas, report):
    pending = ReportFile.objects.create(report=report)
    page = client_as(personas[Role.PRACTITIONER]).get(url("report_detail", report)).content.decode()
    assert 'data-report-file-status="' + url("file_status", report, pending.pk) in page
    assert "reports/poll.js" in page


def test_the_html_download_is_standalone(client_as, personas, report):
    response = client_as(personas[Role.PRACTITIONER]).get(url("download_html", report))
    html = response.content.decode()
    assert "attachment" in response["Content-Disposition"]
    assert "<style>" in html
    assert "Testshire Police" in html
    assert "<link" not in html
    assert "src=" not in html


@pytest.mark.parametrize("agencies", [1, 25])
def test_report_page_queries_do_not_grow_with_agencies(
    client_as, personas, report, django_assert_num_queries, agencies
):
    for _ in range(agencies):
        AgencyPartnershipFactory(partnership=report.partnership)
    client = client_as(personas[Role.PRACTITIONER])
    client.get(url("report_detail", report))
    with django_assert_num_queries(14):
        assert client.get(url("report_detail", report)).status_code == 200


def test_a_new_version_starts_from_a_published_one(
    client_as, personas, report, partnership, agency
):
    services.report_approve(actor=personas[Role.EXECUTIVE], report=report, approved_on=DAY)
    services.report_publish(actor=personas[Role.BUSINESS_UNIT], report=report, published_on=DAY)
    core_services.agency_retire(
        actor=personas[Role.BUSINESS_UNIT], partnership=partnership, agency=agency, retired_on=DAY
    )
    client = client_as(personas[Role.BUSINESS_UNIT])
    response = client.post(url("report_new_version", report))
    new = Report.objects.get(version=2)
    assert response.url == url("report_detail", new)


def test_a_new_version_of_a_draft_is_refused_with_a_message(client_as, personas, report):
    client = client_as(personas[Role.BUSINESS_UNIT])
    response = client.post(url("report_new_version", report), follow=True)
    assert "already in progress" in response.content.decode()
    assert Report.objects.count() == 1
