"""`safeguarding demo` loads the seed partnership, prints one login per role, and can run twice."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from safeguarding.accounts.models import Membership, User
from safeguarding.accounts.roles import Role
from safeguarding.audit.models import AuditEntry
from safeguarding.core.models import Agency, Footprint, Partnership, Theme


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
    assert Theme.objects.filter(partnership=somerset).count() == 8


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
def test_the_published_people_cannot_sign_in():
    _run_demo()
    assert not User.objects.get(full_name="Sarah Crew").has_usable_password()


@pytest.mark.django_db
def test_the_demo_refuses_to_run_in_production():
    with override_settings(DEBUG=False), pytest.raises(CommandError, match="DEBUG=true"):
        call_command("demo", stdout=io.StringIO())
