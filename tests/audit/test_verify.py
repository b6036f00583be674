"""`safeguarding audit verify` passes on an untouched chain and names the first broken entry."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from safeguarding.audit.models import AuditEntry
from safeguarding.audit.services import audit_record
from safeguarding.audit.verify import verify_chain
from safeguarding.core.models import Partnership

pytestmark = pytest.mark.django_db


def _write(count: int, partnership: Partnership | None = None) -> list[AuditEntry]:
    return [
        audit_record(
            actor=None,
            action=f"test.thing.step_{n}",
            partnership=partnership,
            changes={"n": [n, n + 1], "note": [None, "café – naïve"]},
        )
        for n in range(count)
    ]


def _verify() -> str:
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    return out.getvalue()


def _sql(statement: str, params: list[object]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_an_untouched_chain_is_intact():
    _write(5)
    assert _verify().strip() == f"Audit chain intact: {AuditEntry.objects.count()} entries"


def test_an_empty_log_is_intact():
    assert _verify().strip() == "Audit chain intact: 0 entries"


def test_a_changed_entry_is_named_with_its_number_action_and_time():
    with time_machine.travel(dt.datetime(2025, 6, 10, 9, 30, tzinfo=dt.UTC), tick=False):
        entries = _write(5)
    victim = entries[2]
    _sql("UPDATE audit_auditentry SET action = %s WHERE id = %s", ["test.hidden", victim.pk])
    with pytest.raises(CommandError) as raised:
        _verify()
    assert str(raised.value) == (
        f"Entry #{victim.seq} (id {victim.pk}, test.hidden at 2025-06-10 10:30:00 BST) "
        "does not match its hash: it was changed after it was written"
    )
    assert raised.value.returncode == 1


def test_a_changed_field_list_is_detected():
    entries = _write(4)
    victim = entries[1]
    _sql("UPDATE audit_auditentry SET changes = %s WHERE id = %s", ['{"n": [0, 99]}', victim.pk])
    report = verify_chain()
    assert (report.intact, report.problem.seq, report.problem.entry_id) == (
        False,
        victim.seq,
        victim.pk,
    )
    assert report.checked == victim.seq - 1


def test_a_removed_middle_entry_breaks_the_next_link():
    entries = _write(5)
    removed, following = entries[2], entries[3]
    _sql("DELETE FROM audit_auditentry WHERE id = %s", [removed.pk])
    with pytest.raises(CommandError, match=rf"^Entry #{following.seq} \(id {following.pk}, "):
        _verify()
    report = verify_chain()
    assert report.problem.seq == following.seq
    assert report.problem.message.endswith(
        f"its link to #{removed.seq} is broken: the entry before it was removed or changed"
    )


def test_a_rehashed_forgery_breaks_the_link_of_the_entry_after_it():
    entries = _write(4)
    forged = entries[1]
    forged.action = "test.innocent"
    _sql(
        "UPDATE audit_auditentry SET action = %s, hash = %s WHERE id = %s",
        ["test.innocent", forged.compute_hash(), forged.pk],
    )
    report = verify_chain()
    assert report.problem.seq == entries[2].seq
    assert "its link to" in report.problem.message


def test_removing_the_last_entries_is_detected_through_the_chain_head():
    entries = _write(4)
    _sql("DELETE FROM audit_auditentry WHERE seq >= %s", [entries[2].seq])
    with pytest.raises(CommandError, match=f"the last entry is #{entries[1].seq}"):
        _verify()


def test_an_entry_added_behind_the_hubs_back_is_detected():
    entries = _write(2)
    last = entries[-1]
    _sql(
        "INSERT INTO audit_auditentry (seq, at, actor_label, action, target_type, target_id,"
        " target_label, changes, request_id, prev_hash, hash)"
        " VALUES (%s, %s, '', 'test.forged', '', '', '', '{}', '', %s, %s)",
        [last.seq + 1, last.at, last.hash, "f" * 64],
    )
    with pytest.raises(CommandError, match=rf"#{last.seq + 1} .*test\.forged.*beyond the chain"):
        _verify()


def test_verifying_streams_the_log_in_a_fixed_number_of_queries(django_assert_num_queries):
    _write(5)
    with django_assert_num_queries(3):
        assert verify_chain().intact
    _write(60)
    with django_assert_num_queries(3):
        assert verify_chain().checked == 65


def test_the_command_needs_a_subcommand():
    with pytest.raises(CommandError, match="command"):
        call_command("audit")
