"""Check the audit log's hash chain: every entry unchanged, in order, and none missing."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from safeguarding.audit.models import GENESIS_HASH, AuditChainHead, AuditEntry

#: Entries fetched per round trip while walking the chain (never the whole log in memory).
CHUNK_SIZE = 2000


@dataclass(frozen=True)
class ChainProblem:
    """The first place the chain breaks: the entry (when there is one) and what is wrong."""

    message: str
    seq: int | None = None
    entry_id: int | None = None


@dataclass(frozen=True)
class ChainReport:
    checked: int
    problem: ChainProblem | None = None

    @property
    def intact(self) -> bool:
        return self.problem is None

    def summary(self) -> str:
        if self.problem is not None:
            return self.problem.message
        return f"Audit chain intact: {self.checked} entr{'y' if self.checked == 1 else 'ies'}"


def verify_chain() -> ChainReport:
    """Walk every entry up to the chain head in sequence order, recomputing hashes and links."""
    head = AuditChainHead.objects.filter(pk=1).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS_HASH)
    seq, previous_hash, checked = 0, GENESIS_HASH, 0
    entries = AuditEntry.objects.filter(seq__lte=head_seq).order_by("seq")
    for entry in entries.iterator(chunk_size=CHUNK_SIZE):
        problem = _check_entry(entry, seq, previous_hash)
        if problem is not None:
            return ChainReport(checked, problem)
        seq, previous_hash, checked = entry.seq, entry.hash, checked + 1
    problem = _check_head(seq, previous_hash, head_seq, head_hash) or _check_beyond_head()
    return ChainReport(checked, problem)


def _describe(entry: AuditEntry) -> str:
    at = timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M:%S %Z")
    return f"Entry #{entry.seq} (id {entry.pk}, {entry.action} at {at})"


def _check_entry(entry: AuditEntry, previous_seq: int, previous_hash: str) -> ChainProblem | None:
    if entry.compute_hash() != entry.hash:
        message = f"{_describe(entry)} does not match its hash: it was changed after it was written"
    elif entry.seq != previous_seq + 1 or entry.prev_hash != previous_hash:
        message = (
            f"{_describe(entry)}: its link to #{entry.seq - 1} is broken: "
            "the entry before it was removed or changed"
        )
    else:
        return None
    return ChainProblem(message, entry.seq, entry.pk)


def _check_head(
    last_seq: int, last_hash: str, head_seq: int, head_hash: str
) -> ChainProblem | None:
    if last_seq != head_seq:
        return ChainProblem(
            f"The chain head records #{head_seq} but the last entry is #{last_seq}: "
            f"entries after #{last_seq} were removed"
        )
    if last_hash != head_hash:
        return ChainProblem(
            f"The chain head's hash does not match entry #{last_seq}: "
            "the last entry or the chain head was changed"
        )
    return None


def _check_beyond_head() -> ChainProblem | None:
    """Entries past the (current) head were not appended by the Hub: it moves the head with each."""
    current_head = AuditChainHead.objects.filter(pk=1).values("seq")[:1]
    head_seq = Coalesce(Subquery(current_head), Value(0))
    stray = AuditEntry.objects.filter(seq__gt=head_seq).order_by("seq").first()
    if stray is None:
        return None
    return ChainProblem(
        f"{_describe(stray)} is beyond the chain head: it was not written by the Hub",
        stray.seq,
        stray.pk,
    )
