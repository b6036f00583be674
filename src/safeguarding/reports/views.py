"""The reports pages: the list, a report with its sections, its workflow and its files."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_POST

from safeguarding.accounts.scope import Scope
from safeguarding.core.web import partnership_view, posted_data, submit
from safeguarding.reports import document, registry, rendering, selectors, services
from safeguarding.reports.forms import (
    ApproveForm,
    NarrativeForm,
    PublishForm,
    ReportCreateForm,
    SentForm,
)
from safeguarding.reports.models import FileStatus, Report, ReportFile, ReportStatus
from safeguarding.reports.policies import reports

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _to_report(scope: Scope, report: Report) -> HttpResponse:
    return redirect("reports:report_detail", scope.partnership.slug, report.pk)


@partnership_view
def report_list(request: HttpRequest, scope: Scope) -> HttpResponse:
    reports.require(scope, "view")
    form = ReportCreateForm(posted_data(request), initial={"year": _last_year()})
    if request.method == "POST":
        reports.require(scope, "add")
    report = submit(
        request,
        form,
        lambda data: services.report_create(
            actor=scope.user, partnership=scope.partnership, year=data["year"]
        ),
    )
    if report:
        messages.success(request, f"The {report.year.label} report was started.")
        return _to_report(scope, report)
    rows = selectors.reports_for(reports.visible(scope))
    return render(
        request,
        "reports/report_list.html",
        {"reports": rows, "form": form, "can_add": reports.can(scope, "add")},
    )


def _last_year() -> str:
    from safeguarding.core.years import ReportingYear

    return ReportingYear.current().previous().label


@partnership_view
def report_detail(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    report = reports.get(scope, pk)
    doc = document.build(scope.partnership, report.year, report)
    editable = not report.is_published and reports.can(scope, "change")
    return render(
        request,
        "reports/report_detail.html",
        {
            "report": report,
            "doc": doc,
            "can_edit": editable,
            "can_approve": report.status == ReportStatus.DRAFT and reports.can(scope, "approve"),
            "can_publish": report.status == ReportStatus.APPROVED and reports.can(scope, "publish"),
            "can_record_sent": report.is_published and reports.can(scope, "publish"),
            "can_new_version": report.is_published and reports.can(scope, "add"),
            "file": selectors.latest_file(report),
        },
    )


@partnership_view
def narrative_edit(request: HttpRequest, scope: Scope, pk: int, code: str) -> HttpResponse:
    report = reports.get(scope, pk, "change")
    section = registry.get(code)
    if section is None:
        raise Http404("No such section.")
    initial = {"html": selectors.narratives_for(report).get(code, "")}
    form = NarrativeForm(posted_data(request), initial=initial)
    saved = submit(
        request,
        form,
        lambda data: services.narrative_update(
            actor=scope.user, report=report, section_code=code, html=data["html"]
        ),
    )
    if saved:
        messages.success(request, f"The narrative for “{section.title}” was saved.")
        return redirect(
            reverse("reports:report_detail", args=[scope.partnership.slug, pk]) + f"#section-{code}"
        )
    context = {"form": form, "report": report, "section": section}
    return render(request, "reports/narrative_form.html", context)


def _workflow_page(
    request: HttpRequest, report: Report, form: object, heading: str, button: str
) -> HttpResponse:
    context = {"form": form, "report": report, "heading": heading, "button": button}
    return render(request, "reports/workflow_form.html", context)


@partnership_view
def report_approve(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    report = reports.get(scope, pk, "approve")
    form = ApproveForm(posted_data(request), initial={"approved_on": timezone.localdate()})
    saved = submit(
        request,
        form,
        lambda data: services.report_approve(actor=scope.user, report=report, **data),
    )
    if saved:
        messages.success(request, f"The {report.year.label} report was approved.")
        return _to_report(scope, report)
    return _workflow_page(request, report, form, "Approve the report", "Approve")


@partnership_view
def report_publish(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    report = reports.get(scope, pk, "publish")
    form = PublishForm(posted_data(request), initial={"published_on": timezone.localdate()})
    saved = submit(
        request,
        form,
        lambda data: services.report_publish(actor=scope.user, report=report, **data),
    )
    if saved:
        messages.success(request, f"The {report.year.label} report was published.")
        return _to_report(scope, report)
    return _workflow_page(request, report, form, "Publish the report", "Publish")


@partnership_view
def report_record_sent(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    report = reports.get(scope, pk, "publish")
    initial = {"sent_to_panel_on": report.sent_to_panel_on, "sent_to_dfe_on": report.sent_to_dfe_on}
    form = SentForm(posted_data(request), initial=initial)
    saved = submit(
        request,
        form,
        lambda data: services.report_record_sent(actor=scope.user, report=report, **data),
    )
    if saved:
        messages.success(request, "The dates the report was sent were saved.")
        return _to_report(scope, report)
    return _workflow_page(request, report, form, "Record when the report was sent", "Save")


@require_POST
@partnership_view
def report_new_version(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    report = reports.get(scope, pk, "add")
    try:
        new = services.report_create(
            actor=scope.user, partnership=scope.partnership, year=report.year
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _to_report(scope, report)
    messages.success(request, f"Version {new.version} was started from version {report.version}.")
    return _to_report(scope, new)


def _filename(report: Report, extension: str) -> str:
    name = slugify(report.partnership.name)
    return f"{name}-report-{report.year.label}-v{report.version}.{extension}"


def _attachment(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@partnership_view
def report_download_html(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    report = reports.get(scope, pk)
    doc = document.build(scope.partnership, report.year, report)
    html = rendering.standalone_html(doc)
    return _attachment(html, "text/html; charset=utf-8", _filename(report, "html"))


@require_GET
@partnership_view
def report_download_docx(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    report = reports.get(scope, pk)
    doc = document.build(scope.partnership, report.year, report)
    return _attachment(rendering.docx_bytes(doc), DOCX, _filename(report, "docx"))


@require_POST
@partnership_view
def report_file_request(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    report = reports.get(scope, pk)
    services.report_file_request(actor=scope.user, report=report)
    return _to_report(scope, report)


def _file(scope: Scope, pk: int, file_pk: int) -> ReportFile:
    report = reports.get(scope, pk)
    found = selectors.report_file(report, file_pk)
    if found is None:
        raise Http404("No such file.")
    return found


@require_GET
@partnership_view
def report_file_status(request: HttpRequest, scope: Scope, pk: int, file_pk: int) -> HttpResponse:
    found = _file(scope, pk, file_pk)
    url = reverse("reports:file_download", args=[scope.partnership.slug, pk, file_pk])
    return JsonResponse(
        {
            "status": found.status,
            "label": found.get_status_display(),
            "url": url if found.status == FileStatus.READY else None,
        }
    )


@require_GET
@partnership_view
def report_file_download(request: HttpRequest, scope: Scope, pk: int, file_pk: int) -> HttpResponse:
    found = _file(scope, pk, file_pk)
    if found.status != FileStatus.READY or found.content is None:
        raise Http404("The file is not ready.")
    return _attachment(bytes(found.content), "application/pdf", _filename(found.report, "pdf"))
