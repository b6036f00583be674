"""The data pack page: download, upload, preview, confirm and watch the import."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from safeguarding.accounts.roles import Role
from safeguarding.core.models import Agency
from safeguarding.datapack.models import ImportJob
from tests.datapack.helpers import AGENCY_HEADER, xlsx

pytestmark = pytest.mark.django_db

MANAGERS = [Role.BUSINESS_UNIT, Role.ADMINISTRATOR]
OTHERS = [role for role in Role if role not in MANAGERS]


def _url(name, *args):
    return reverse(f"datapack:{name}", args=["testshire", *args])


def _upload(client, *rows, name="pack.xlsx"):
    content = xlsx({"agencies": [AGENCY_HEADER, *rows]})
    return client.post(_url("data_pack"), {"pack": SimpleUploadedFile(name, content)})


@pytest.fixture
def business_unit(client_as, personas):
    return client_as(personas[Role.BUSINESS_UNIT])


@pytest.mark.parametrize("role", MANAGERS)
def test_managers_download_the_pack_as_a_workbook(client_as, personas, role):
    response = client_as(personas[role]).get(_url("export"))

    assert response.status_code == 200
    assert 'filename="testshire-data-pack-' in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert [row[0] for row in book["agencies"].iter_rows(values_only=True)] == [
        "name",
        "Testshire Police",
    ]


def test_upload_shows_the_preview_then_confirming_imports_it(business_unit, partnership):
    response = _upload(
        business_unit,
        ["Testshire Police", "TP", "police", "statutory_partner", "", ""],
        ["New Trust", "", "health", "relevant_agency", "", ""],
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("job", job.pk)

    preview = business_unit.get(_url("job", job.pk)).content.decode()
    assert "What importing will do" in preview
    assert "Import the data pack" in preview
    assert not Agency.objects.filter(name="New Trust").exists()

    response = business_unit.post(_url("confirm", job.pk), follow=True)
    assert "Data pack imported" in response.content.decode()
    assert Agency.objects.get(name="New Trust").short_name == ""
    assert Agency.objects.get(name="Testshire Police").short_name == "TP"
    job.refresh_from_db()
    assert (job.status, job.rows_done, job.rows_total, job.percent) == ("done", 2, 2, 100)
    assert business_unit.get(_url("progress", job.pk)).json() == {
        "status": "done",
        "label": "Imported",
        "done": 2,
        "total": 2,
        "percent": 100,
        "finished": True,
    }


def test_a_pack_is_imported_once(business_unit, partnership):
    _upload(business_unit, ["New Trust", "", "health", "relevant_agency", "", ""])
    job = ImportJob.objects.get()
    business_unit.post(_url("confirm", job.pk))

    response = business_unit.post(_url("confirm", job.pk), follow=True)

    assert "Only a checked pack without errors can be imported" in response.content.decode()
    assert Agency.objects.filter(name="New Trust").count() == 1


def test_a_pack_with_errors_lists_them_and_cannot_be_confirmed(business_unit, partnership):
    _upload(business_unit, ["New Trust", "", "shop", "relevant_agency", "", "27/03/2024"])
    job = ImportJob.objects.get()

    page = business_unit.get(_url("job", job.pk)).content.decode()
    response = business_unit.post(_url("confirm", job.pk), follow=True)

    assert "2 problems to correct" in page
    assert "Enter a real date as YYYY-MM-DD" in page
    assert "Import the data pack" not in page
    assert "Only a checked pack without errors" in response.content.decode()
    assert not Agency.objects.filter(name="New Trust").exists()


def test_the_progress_page_polls_while_the_import_runs(business_unit, partnership, personas):
    job = ImportJob.objects.create(
        partnership=partnership,
        created_by=personas[Role.BUSINESS_UNIT],
        filename="pack.xlsx",
        content=b"",
        status=ImportJob.Status.RUNNING,
        rows_done=50,
        rows_total=200,
    )

    page = business_unit.get(_url("job", job.pk)).content.decode()

    assert '<progress class="datapack-progress" max="100" value="25"' in page
    assert "datapack/progress.js" in page
    assert _url("progress", job.pk) in page


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.txt", b"hello", "must be an Excel workbook (.xlsx), a .zip of CSV files"),
        ("pack.xlsx", b"", "The selected data pack is empty"),
    ],
)
def test_a_file_that_is_not_a_pack_is_refused(business_unit, name, content, message):
    response = business_unit.post(_url("data_pack"), {"pack": SimpleUploadedFile(name, content)})

    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert 'href="#id_pack"' in page
    assert message in page
    assert not ImportJob.objects.exists()


def test_no_file_chosen_is_refused(business_unit):
    page = business_unit.post(_url("data_pack"), {}).content.decode()

    assert "Select a data pack to upload." in page
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize("role", OTHERS)
def test_other_roles_are_refused(client_as, personas, role, partnership):
    job = ImportJob.objects.create(
        partnership=partnership, created_by=personas[Role.BUSINESS_UNIT], filename="x.xlsx"
    )
    client = client_as(personas[role])

    for url in (_url("data_pack"), _url("export"), _url("job", job.pk), _url("progress", job.pk)):
        assert client.get(url).status_code == 403, url
        assert client.post(url).status_code == 403, url
    assert client.post(_url("confirm", job.pk)).status_code == 403
    job.refresh_from_db()
    assert job.status == "previewed"


def test_confirming_is_a_post_and_reading_is_a_get(business_unit, partnership, personas):
    job = ImportJob.objects.create(
        partnership=partnership, created_by=personas[Role.BUSINESS_UNIT], filename="x.xlsx"
    )

    assert business_unit.get(_url("confirm", job.pk)).status_code == 405
    assert business_unit.post(_url("progress", job.pk)).status_code == 405
    assert business_unit.post(_url("export")).status_code == 405


def test_outsiders_see_nothing(client_as, outsider, personas, partnership):
    job = ImportJob.objects.create(
        partnership=partnership, created_by=personas[Role.BUSINESS_UNIT], filename="x.xlsx"
    )
    client = client_as(outsider)

    for url in (_url("data_pack"), _url("export"), _url("job", job.pk), _url("progress", job.pk)):
        assert client.get(url).status_code == 404
    assert client.post(_url("confirm", job.pk)).status_code == 404


def test_the_preview_page_reads_a_fixed_number_of_queries(
    business_unit, partnership, django_assert_max_num_queries
):
    _upload(
        business_unit, *[[f"Agency {n}", "", "other", "relevant_agency", "", ""] for n in range(30)]
    )
    job = ImportJob.objects.get()

    with django_assert_max_num_queries(10):
        response = business_unit.get(_url("job", job.pk))
    assert "30" in response.content.decode()


def test_a_row_the_service_refuses_at_import_fails_it_and_saves_nothing(business_unit, agency):
    """The preview checks each row's form; the model's own limits are met only on import."""
    long_address = "https://example.org/" + "a" * 200
    _upload(
        business_unit,
        ["New Trust", "", "health", "relevant_agency", "", ""],
        ["Testshire Police", "", "police", "statutory_partner", long_address, ""],
    )
    job = ImportJob.objects.get()

    page = business_unit.post(_url("confirm", job.pk), follow=True).content.decode()

    assert "The data pack was not imported" in page
    assert "1 problem to correct" in page
    assert "at most 200 characters" in page
    assert not Agency.objects.filter(name="New Trust").exists()
    job.refresh_from_db()
    assert job.status == "failed"
