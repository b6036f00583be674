"""`safeguarding demo` loads the seed partnership from its data pack, prints one login per role,
and can run twice."""

import io
import shutil

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from safeguarding.accounts.models import Membership, User
from safeguarding.accounts.roles import Role
from safeguarding.audit.models import AuditEntry
from safeguarding.core.models import Agency, Footprint, Partnership, Theme
from safeguarding.core.years import ReportingYear
from safeguarding.datapack import registry
from safeguarding.datapack.formats import read_path
from safeguarding.datapack.services import import_pack
from safeguarding.demo import loader
from safeguarding.governance import selectors as governance

PASSWORD = "demo-password-for-tests"


def _run_demo() -> str:
    out = io.StringIO()
    with override_settings(DEBUG=True):
        call_command("demo", stdout=out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_demo_loads_somerset_with_its_agencies_people_and_themes():
    _run_demo()
    somerset = Partnership.objects.get(slug="somerset")
    names = set(
        Agency.objects.filter(memberships__partnership=somerset).values_list("name", flat=True)
    )
    assert {
        "Somerset Council",
        "Somerset Integrated Care Board",
        "Avon and Somerset Constabulary",
        "Somerset NHS Foundation Trust",
        "Public Health Nursing",
        "Probation Service",
    } <= names
    police = Agency.objects.get(name="Avon and Somerset Constabulary")
    assert police.partnerships.count() == 5
    assert Footprint.objects.get(slug="somerset-dorset-cdop").partnerships.count() == 2
    executive = Membership.objects.active().filter(partnership=somerset, role=Role.EXECUTIVE)
    assert {"Sarah Crew", "Claire Winter", "Natalie Hanna"} <= {m.user.full_name for m in executive}
    assert not executive.filter(user__full_name="Dickon Turner").exists()
    assert Theme.objects.filter(partnership=somerset).count() == 9  # 8 findings, 1 escalations


@pytest.mark.django_db(transaction=True)
def test_demo_prints_one_login_per_role_and_the_second_factor_secrets():
    output = _run_demo()
    for role in Role:
        assert role.label in output
    assert output.count("two-factor secret") == 3
    assert "hub-demo-2024!" in output


@pytest.mark.django_db(transaction=True)
def test_running_the_demo_twice_changes_nothing():
    _run_demo()
    counts = (User.objects.count(), Agency.objects.count(), Membership.objects.count())
    entries = AuditEntry.objects.count()
    _run_demo()
    assert (User.objects.count(), Agency.objects.count(), Membership.objects.count()) == counts
    assert AuditEntry.objects.count() == entries


@pytest.mark.django_db(transaction=True)
def test_the_demo_loads_its_governance_through_the_data_pack_importer():
    _run_demo()
    somerset = Partnership.objects.get(slug="somerset")
    imports = AuditEntry.objects.filter(action="datapack.import", partnership=somerset)
    assert imports.count() == 1
    assert imports.get().changes["meetings"][1]["added"] == 15
    year = ReportingYear(2023)
    assert governance.attendance_for(somerset, year).meetings == 15
    assert governance.budget_for(somerset, year).contributions.total == 195500


def _rows(pack: dict) -> int:
    return sum(len(sheet.rows) for sheet in pack.values())


@pytest.mark.django_db
def test_a_second_load_finds_every_row_of_the_pack_unchanged_and_saves_nothing():
    loader.load(password=PASSWORD)
    somerset = Partnership.objects.get(slug="somerset")
    entries = AuditEntry.objects.count()
    result = loader.import_demo_pack(partnership=somerset)
    assert result.ok
    assert sum(c.added + c.changed for c in result.counts.values()) == 0
    assert sum(c.unchanged for c in result.counts.values()) == _rows(read_path(loader.DEFAULT_PACK))
    assert AuditEntry.objects.count() == entries


@pytest.mark.django_db
def test_importing_the_demo_pack_again_by_hand_reports_every_row_unchanged():
    loader.load(password=PASSWORD)
    somerset = Partnership.objects.get(slug="somerset")
    entries = AuditEntry.objects.count()
    pack = read_path(loader.DEFAULT_PACK)
    result = import_pack(actor=None, partnership=somerset, pack=pack, dry_run=False)
    assert result.ok, result.errors
    assert {name: (c.added, c.changed) for name, c in result.counts.items()} == {
        name: (0, 0) for name in pack
    }
    new = AuditEntry.objects.order_by("pk")[entries:]
    assert [entry.action for entry in new] == ["datapack.import"]


def test_the_demo_pack_is_one_registered_sheet_a_file():
    files = sorted(path.name for path in loader.DEFAULT_PACK.iterdir())
    sheets = {f"{sheet.name}.csv" for sheet in registry.sheets()}
    assert files, "the demo pack is empty"
    assert [name for name in files if name not in sheets] == []
    assert loader.read()["pack"] == loader.DEFAULT_PACK.name


@pytest.mark.django_db
def test_a_bad_row_in_the_demo_pack_stops_the_load_and_names_it(tmp_path):
    shutil.copy(loader.DEFAULT_DATA, tmp_path / "somerset.toml")
    shutil.copytree(loader.DEFAULT_PACK, tmp_path / "somerset")
    agencies = tmp_path / "somerset" / "agencies.csv"
    agencies.write_text(agencies.read_text().replace(",police,", ",constabulary,"))
    with pytest.raises(loader.DemoDataError, match="sheet agencies, row 2, column sector"):
        loader.load(password=PASSWORD, path=tmp_path / "somerset.toml")
    assert not Partnership.objects.filter(slug="somerset").exists()


@pytest.mark.django_db(transaction=True)
def test_the_published_people_cannot_sign_in():
    _run_demo()
    assert not User.objects.get(full_name="Sarah Crew").has_usable_password()


@pytest.mark.django_db
def test_the_demo_refuses_to_run_in_production():
    with override_settings(DEBUG=False), pytest.raises(CommandError, match="DEBUG=true"):
        call_command("demo", stdout=io.StringIO())
