"""The confirmed import, run in the background with its progress kept on the ImportJob."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from safeguarding.datapack.formats import read_bytes
from safeguarding.datapack.models import ImportJob
from safeguarding.datapack.services import import_pack


@task()
def run_import(job_id: int) -> None:
    job = ImportJob.objects.select_related("partnership", "created_by").get(pk=job_id)
    _set(job, status=ImportJob.Status.RUNNING, rows_done=0)
    try:
        result = import_pack(
            actor=job.created_by,
            partnership=job.partnership,
            pack=read_bytes(job.filename, bytes(job.content)),
            dry_run=False,
            on_progress=lambda done, total: _set(job, rows_done=done, rows_total=total),
        )
    except Exception:
        _set(job, status=ImportJob.Status.FAILED, finished_at=timezone.now())
        raise
    status = ImportJob.Status.DONE if result.ok else ImportJob.Status.FAILED
    _set(job, status=status, result=result.as_json(), finished_at=timezone.now())


def _set(job: ImportJob, **fields: object) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    ImportJob.objects.filter(pk=job.pk).update(**fields)
