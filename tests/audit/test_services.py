"""Every core write leaves exactly one audit entry, in its own transaction, with its request."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from safeguarding.accounts.roles import Role
from safeguarding.audit.models import AuditChainHead, AuditEntry
from safeguarding.audit.services import audit_record_export, audit_record_read
from safeguarding.audit.verify import verify_chain
from safeguarding.core import services
from safeguarding.core.models import Agency, Theme


def _entries(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action))


def test_agency_update_with_two_changes_makes_one_entry_listing_both(personas, partnership, agency):
    actor = personas[Role.BUSINESS_UNIT]
    services.agency_update(
        actor=actor,
        partnership=partnership,
        agency=agency,
        data={"short_name": "TP", "designation": "relevant_agency"},
    )
    [entry] = _entries("core.agency.update")
    assert entry.actor == actor
    assert entry.actor_label == actor.email
    assert entry.partnership == partnership
    assert (entry.target_type, entry.target_id) == ("core.agency", str(agency.pk))
    assert entry.changes == {
        "short_name": ["", "TP"],
        "designation": ["statutory_partner", "relevant_agency"],
    }


def test_a_no_op_update_makes_no_entry(personas, partnership, agency):
    services.agency_update(
        actor=personas[Role.BUSINESS_UNIT],
        partnership=partnership,
        agency=agency,
        data={"name": agency.name, "designation": "statutory_partner"},
    )
    theme = Theme.objects.filter(partnership=partnership).first()
    services.theme_update(
        actor=personas[Role.BUSINESS_UNIT], theme=theme, data={"name": theme.name}
    )
    assert _entries("core.agency.update") == []
    assert _entries("core.theme.update") == []


def test_creating_a_partnership_makes_one_partnership_entry(db):
    partnership = services.partnership_create(
        actor=None, name="Newshire Partnership", slug="newshire", local_authority_areas=["N"]
    )
    [entry] = _entries("core.partnership.create")
    assert entry.target_id == str(partnership.pk)
    assert entry.actor_label == ""
    assert entry.changes == {"name": [None, "Newshire Partnership"], "slug": [None, "newshire"]}


def test_creating_an_agency_makes_one_create_and_one_link_entry(partnership):
    agency = services.agency_create(
        actor=None,
        partnership=partnership,
        name="Testshire Council",
        sector="local_authority",
        designation="statutory_partner",
    )
    [created] = _entries("core.agency.create")
    [linked] = _entries("core.agency.link")
    assert created.target_id == linked.target_id == str(agency.pk)
    assert linked.changes == {"designation": [None, "statutory_partner"]}


@pytest.mark.parametrize(
    ("write", "action", "changed"),
    [
        (
            lambda p, a, u: services.agency_retire(
                actor=u, partnership=p, agency=a, retired_on=dt.date(2025, 3, 31)
            ),
            "core.agency.retire",
            {"retired_on": [None, "2025-03-31"]},
        ),
        (
            lambda p, a, u: services.theme_create(actor=u, partnership=p, name="Neglect 2"),
            "core.theme.create",
            {"name": [None, "Neglect 2"]},
        ),
        (
            lambda p, a, u: services.timescale_set(
                actor=u,
                partnership=p,
                code="rapid_review",
                amount=20,
                unit="working_days",
                due_soon_working_days=3,
            ),
            "core.timescale.set",
            {"amount": [15, 20]},
        ),
        (
            lambda p, a, u: services.footprint_create(
                actor=u, name="Avon and Testshire", slug="avon", purpose="s11", partnerships=[p]
            ),
            "core.footprint.create",
            {"name": [None, "Avon and Testshire"], "partnerships": [None, ["testshire"]]},
        ),
    ],
)
def test_each_core_write_makes_exactly_one_entry(
    write, action, changed, personas, partnership, agency
):
    actor = personas[Role.BUSINESS_UNIT]
    record = write(partnership, agency, actor)
    [entry] = AuditEntry.objects.filter(action=action, target_id=str(record.pk))
    assert entry.actor == actor
    assert {key: entry.changes[key] for key in changed} == changed


def test_theme_update_and_retire_each_make_one_entry(personas, partnership):
    actor = personas[Role.BUSINESS_UNIT]
    theme = Theme.objects.filter(partnership=partnership).first()
    services.theme_update(actor=actor, theme=theme, data={"description": "Why it matters"})
    services.theme_retire(actor=actor, theme=theme, retired_on=dt.date(2025, 3, 31))
    [updated] = _entries("core.theme.update")
    [retired] = _entries("core.theme.retire")
    assert updated.changes == {"description": ["", "Why it matters"]}
    assert retired.target_id == str(theme.pk)


def test_an_entry_written_during_a_request_carries_its_id_and_address(
    personas, partnership, agency, client_as
):
    response = client_as(personas[Role.BUSINESS_UNIT]).post(
        reverse("core:agency_edit", args=[partnership.slug, agency.pk]),
        {
            "name": "Testshire Constabulary",
            "short_name": "",
            "sector": "police",
            "designation": "statutory_partner",
            "website": "",
        },
    )
    assert response.status_code == 302
    [entry] = _entries("core.agency.update")
    assert entry.changes == {"name": ["Testshire Police", "Testshire Constabulary"]}
    assert entry.ip == "127.0.0.1"
    assert entry.request_id == response["X-Request-ID"]


def test_an_entry_written_outside_a_request_has_a_command_id_and_no_address(partnership):
    entry = AuditEntry.objects.get(action="core.partnership.create")
    assert entry.request_id.startswith("cli-")
    assert entry.ip is None


def _create_theme_then_fail(actor, partnership) -> None:
    with transaction.atomic():
        services.theme_create(actor=actor, partnership=partnership, name="X")
        raise ValidationError("A later step failed.")


def test_the_entry_rolls_back_with_the_service_that_wrote_it(personas, partnership):
    head_before = AuditChainHead.objects.get(pk=1).seq
    with pytest.raises(ValidationError):
        _create_theme_then_fail(personas[Role.BUSINESS_UNIT], partnership)
    assert not Theme.objects.filter(partnership=partnership, name="X").exists()
    assert not AuditEntry.objects.filter(action="core.theme.create", target_label="X").exists()
    assert AuditChainHead.objects.get(pk=1).seq == head_before
    assert verify_chain().intact


def test_a_service_that_refuses_writes_no_entry(personas, partnership, agency):
    with pytest.raises(ValidationError):
        services.agency_create(
            actor=personas[Role.BUSINESS_UNIT],
            partnership=partnership,
            name="testshire police",
            sector="police",
            designation="statutory_partner",
        )
    assert len(_entries("core.agency.create")) == 1  # only the fixture's own agency
    assert Agency.objects.count() == 1


def test_reading_a_restricted_record_is_recorded(personas, partnership, agency):
    actor = personas[Role.LADO]
    entry = audit_record_read(actor=actor, target=agency, partnership=partnership)
    assert entry.action == "core.agency.read"
    assert (entry.actor, entry.partnership) == (actor, partnership)
    assert (entry.target_type, entry.target_id, entry.target_label) == (
        "core.agency",
        str(agency.pk),
        "Testshire Police",
    )


def test_an_export_is_recorded_with_its_format_and_size(personas, partnership):
    actor = personas[Role.BUSINESS_UNIT]
    by_name = audit_record_export(
        actor=actor, partnership=partnership, what="datapack", rows=120, file_format="xlsx"
    )
    by_model = audit_record_export(actor=actor, partnership=partnership, what=Agency, rows=7)
    assert by_name.action == "datapack.export"
    assert by_name.changes == {"format": [None, "xlsx"], "rows": [None, 120]}
    assert by_model.action == "core.agency.export"
    assert by_model.change_lines() == ["format: csv", "rows: 7"]
