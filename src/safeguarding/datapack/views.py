"""The data pack page: download the pack, upload one, preview it, confirm, watch it load."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from safeguarding.accounts.scope import Scope
from safeguarding.core.web import partnership_view, posted_data, submit
from safeguarding.datapack import policies, selectors, services
from safeguarding.datapack.forms import UploadForm
from safeguarding.datapack.models import ImportJob
from safeguarding.datapack.registry import sheets
from safeguarding.datapack.services import ImportResult

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@partnership_view
def data_pack(request: HttpRequest, scope: Scope) -> HttpResponse:
    policies.import_jobs.require(scope, "import")
    form = UploadForm(posted_data(request), request.FILES or None)
    job = submit(
        request,
        form,
        lambda data: services.import_job_preview(
            actor=scope.user,
            partnership=scope.partnership,
            filename=data["pack"][0],
            content=data["pack"][1],
        ),
    )
    if job:
        return redirect("datapack:job", scope.partnership.slug, job.pk)
    return render(request, "datapack/data_pack.html", {"form": form, "sheets": sheets()})


@partnership_view
def export(request: HttpRequest, scope: Scope) -> HttpResponse:
    policies.import_jobs.require(scope, "export")
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    content = services.export_pack(actor=scope.user, partnership=scope.partnership)
    response = HttpResponse(content, content_type=XLSX)
    filename = f"{scope.partnership.slug}-data-pack-{timezone.localdate():%Y-%m-%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@partnership_view
def job(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    policies.import_jobs.require(scope, "import")
    rows = selectors.import_job_status(policies.import_jobs.visible(scope))
    found = policies.import_jobs.get(scope, pk, "import", queryset=rows)
    result = ImportResult.from_json(found.result)
    return render(
        request,
        "datapack/job.html",
        {"job": found, "result": result, "counts": sorted(result.counts.items())},
    )


@partnership_view
def confirm(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    policies.import_jobs.require(scope, "import")
    found = policies.import_jobs.get(scope, pk, "import")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.import_job_confirm(actor=scope.user, job=found)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("datapack:job", scope.partnership.slug, found.pk)


@partnership_view
def progress(request: HttpRequest, scope: Scope, pk: int) -> HttpResponse:
    policies.import_jobs.require(scope, "import")
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    rows = selectors.import_job_status(policies.import_jobs.visible(scope))
    found = policies.import_jobs.get(scope, pk, "import", queryset=rows)
    return JsonResponse(
        {
            "status": found.status,
            "label": found.get_status_display(),
            "done": found.rows_done,
            "total": found.rows_total,
            "percent": found.percent,
            "finished": found.status in {ImportJob.Status.DONE, ImportJob.Status.FAILED},
        }
    )
