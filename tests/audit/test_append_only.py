"""Audit entries can be added but never changed or removed through the ORM."""

from __future__ import annotations

import pytest

from safeguarding.audit.models import AppendOnlyError, AuditEntry
from safeguarding.audit.services import audit_record


@pytest.fixture
def entry(db) -> AuditEntry:
    return audit_record(actor=None, action="test.thing.create", changes={"name": [None, "A"]})


def test_saving_a_stored_entry_again_is_refused(entry):
    entry.action = "test.thing.delete"
    with pytest.raises(AppendOnlyError):
        entry.save()
    assert AuditEntry.objects.get(pk=entry.pk).action == "test.thing.create"


def test_deleting_an_entry_is_refused(entry):
    with pytest.raises(AppendOnlyError):
        entry.delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_bulk_update_and_delete_are_refused(entry):
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.update(action="test.thing.delete")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "test.thing.create"


def test_each_entry_carries_the_hash_of_the_one_before(entry):
    second = audit_record(actor=None, action="test.thing.update")
    assert second.seq == entry.seq + 1
    assert second.prev_hash == entry.hash
    assert second.hash == second.compute_hash()
