"""Is the audit log whole? ``verify()`` walks the chain and checks it against the checkpoints.

It finds, and names in plain words, the first of:

- an edited event (its keyed hash no longer matches: "event 42: hash does not match (edited)");
- a deleted event (a gap in the sequence: "sequence gap after 41 (deleted)");
- deleted newest events, or an emptied table (a checkpoint kept outside the database names an
  event that is gone or different: "checkpoint seq 300 missing (truncated)").

The last result is kept as ``<audit folder>/last-verification.json`` beside the checkpoints, not
in the database it judges: someone able to rewrite the audit table cannot then make a failed
check look passed, and the result can still be read when the database is unusable. Each
verification is also itself an audit event (``audit.verified``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import asdict, dataclass

from engineroom.audit import checkpoints
from engineroom.audit.actions import record
from engineroom.audit.chain import GENESIS, HASHED, HEAD, digest, same
from engineroom.audit.models import AuditEvent, AuditHead

FIELDS = ("id", "previous_hash", "hash", *HASHED)


@dataclass
class Verification:
    ok: bool
    events: int  # events checked
    last_seq: int  # the last event checked (0 when there are none)
    checked_at: str  # ISO time, UTC
    checkpoint: int | None = None  # the newest checkpoint's sequence number, once there is one
    first_bad_seq: int | None = None
    first_bad_id: int | None = None
    reason: str = ""

    @property
    def summary(self) -> str:
        if self.ok:
            return (
                f"Audit log verified: {self.events:,} events, chain intact to seq {self.last_seq}"
                + (f", checkpoint {self.checkpoint}" if self.checkpoint else "")
            )
        return f"Audit log BROKEN: {self.reason}"


class Broken(Exception):
    """The first fault found; ``checked`` events before it held."""

    def __init__(self, reason: str, checked: int, seq: int | None = None, pk: int | None = None):
        super().__init__(reason)
        self.checked, self.seq, self.pk = checked, seq, pk


def verify(*, by=None) -> Verification:
    """Check the whole log, keep the result, checkpoint the head if it holds and audit the check."""
    result = check()
    save(result)
    if result.ok and result.last_seq:
        checkpoints.write(result.last_seq, _hash_of(result.last_seq))
    record(
        "audit.verified",
        "audit.log",
        by=by,
        reason=result.reason or "chain and checkpoints hold",
        details={k: v for k, v in asdict(result).items() if k != "checked_at"},
    )
    return result


def check() -> Verification:
    """Verify without writing anything. Checkpoints are read before the head, and only events
    up to the head are walked, so events committed meanwhile neither count nor confuse."""
    marks = checkpoints.read()
    head = AuditHead.objects.filter(pk=HEAD).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS)
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    newest = max((m.seq for m in marks if m.signed), default=None)
    try:
        last, hashes = _walk(head_seq, wanted={m.seq for m in marks})
        _check_head(last, head_seq, head_hash, hashes[last])
        _check_checkpoints(marks, last, hashes)
    except Broken as broken:
        return Verification(
            False, broken.checked, broken.checked, now, newest, broken.seq, broken.pk, str(broken)
        )
    return Verification(True, last, last, now, newest)


def _walk(head_seq: int, wanted: set[int]) -> tuple[int, dict[int, str]]:
    """The last sequence number of an unbroken chain up to the head, and the hashes of the
    ``wanted`` events and of the last one (read on the way); Broken at the first fault."""
    previous, last, hashes = GENESIS, 0, {}
    rows = AuditEvent.objects.filter(seq__lte=head_seq).order_by("seq").values_list(*FIELDS)
    for values in rows.iterator(chunk_size=2000):
        event = dict(zip(FIELDS, values, strict=True))
        seq, pk = event["seq"], event["id"]
        if seq != last + 1:
            raise Broken(f"sequence gap after {last} (deleted)", last, seq, pk)
        if not same(event["previous_hash"], previous):
            raise Broken(f"event {seq}: previous hash does not match (chain broken)", last, seq, pk)
        if not same(event["hash"], _digest(event)):
            raise Broken(f"event {seq}: hash does not match (edited)", last, seq, pk)
        previous, last = event["hash"], seq
        if seq in wanted:
            hashes[seq] = previous
    return last, hashes | {last: previous}


def _digest(event: dict) -> str:
    return digest(previous=event["previous_hash"], **{k: event[k] for k in HASHED})


def _check_head(last: int, head_seq: int, head_hash: str, last_hash: str) -> None:
    if last < head_seq:
        raise Broken(
            f"sequence gap after {last} (deleted): the head is at {head_seq}", last, last + 1
        )
    if last and not same(head_hash, last_hash):
        raise Broken(f"the head's hash does not match event {last} (edited)", last, last)


def _check_checkpoints(marks: list, last: int, hashes: dict[int, str]) -> None:
    for mark in marks:
        if not mark.signed:
            raise Broken(f"checkpoint line {mark.line}: signature does not match (edited)", last)
        if mark.seq > last:
            raise Broken(f"checkpoint seq {mark.seq} missing (truncated)", last, mark.seq)
        if not same(mark.hash, hashes.get(mark.seq, "")):
            raise Broken(
                f"checkpoint seq {mark.seq}: event hash differs (rewritten)", last, mark.seq
            )


def _hash_of(seq: int) -> str:
    return AuditEvent.objects.filter(seq=seq).values_list("hash", flat=True).first() or ""


# -- the last result ----------------------------------------------------------------------------
def _result_path():
    return checkpoints.folder() / "last-verification.json"


def save(result: Verification) -> None:
    """Keep ``result`` as the last verification (written whole, then renamed into place)."""
    checkpoints.folder().mkdir(parents=True, exist_ok=True)
    temporary = _result_path().with_suffix(f".{os.getpid()}.tmp")
    temporary.write_text(json.dumps(asdict(result), indent=1), encoding="utf-8")
    os.replace(temporary, _result_path())


def last() -> Verification | None:
    """The last verification kept, or None before the first (or if the file is unreadable)."""
    try:
        return Verification(**json.loads(_result_path().read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def verify_at_start() -> Verification:
    """For ``engineroom serve``: verify, print one line, and refuse to start (exit 1) if broken."""
    result = verify(by=None)
    print(result.summary, flush=True)
    if not result.ok:
        raise SystemExit(1)
    return result
