"""The outbox: every signed sheet and panel result waits here until a hub has it.

A document is queued the moment it is signed (one SQLite commit, synchronous=FULL), so a
kill at any moment afterwards loses nothing. Each state change is its own commit:

    waiting ──▶ sending ──▶ sent
       ▲           │ ├──▶ conflict   (the hub holds other bytes under the same key; both kept)
       │           │ └──▶ refused    (the hub says the document itself is wrong)
       └───────────┘  a dead network or a 5xx: back to waiting, `attempts` + 1
    any state but sent ──▶ cancelled (by the user); retry() puts it back to waiting

`sending` found at start-up means the process died mid-push: the protocol is idempotent
(the hub answers "duplicate" with the original receipt), so it is simply sent again.
Queueing the same document twice (the same document hash) returns the same entry.
Per-hub deliveries let a hub configured later (the bureau after the chair's LAN hub)
still receive everything. A failure keeps its stable code, the client's English line and,
when the hub sent one, the hub's own Chinese (`zh`): a newer hub's code this version has no
words for still reads in Chinese in the window.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from workbench.errors import StoreError
from workbench.store.models import OutboxRow, SettingRow, SyncDocumentRow, utcnow

KINDS = ("sheet", "panel")
STATES = ("waiting", "sending", "sent", "conflict", "refused", "cancelled")
PENDING = ("waiting", "sending")
# outcomes a hub gives that stop further pushes of the entry to that hub
FINAL_AT_HUB = ("sent", "conflict", "refused")


MAX_ZH = 300  # the hub's Chinese is untrusted text shown in one table cell


@dataclass(frozen=True)
class OutboxError:
    code: str
    message: str
    zh: str | None = None  # the hub's own Chinese message (message.zh of its JSON error), if it sent one


@dataclass(frozen=True)
class OutboxEntry:
    id: int
    kind: str
    doc_hash: str
    school: str
    state: str
    attempts: int
    last_error: OutboxError | None
    receipt: dict[str, Any] | None
    hub_version: dict[str, Any] | None  # for a conflict: the hub's stored version (hash, revision, document)
    blobs: tuple[str, ...]
    deliveries: dict[str, dict[str, Any]] = field(default_factory=dict)
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None

    def delivered_to(self, hub_id: str) -> str | None:
        """This entry's state at one hub (None: never tried there)."""
        d = self.deliveries.get(hub_id)
        return d.get("state") if d else None


def _json(text: str | None) -> Any:
    return json.loads(text) if text else None


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def one_line(text: str | None) -> str | None:
    """The hub's message as one bounded line (None when it has no text): it goes in a cell."""
    if not isinstance(text, str):
        return None
    line = " ".join(_CONTROL.sub(" ", text).split())[:MAX_ZH]
    return line or None


def _entry(r: OutboxRow) -> OutboxEntry:
    err = OutboxError(r.error_code, r.error_message or "", r.error_message_zh) if r.error_code else None
    return OutboxEntry(r.id, r.kind, r.doc_hash, r.school, r.state, r.attempts, err, _json(r.receipt),
                       _json(r.hub_version), tuple(_json(r.blobs) or ()), _json(r.deliveries) or {},
                       r.created_at, r.updated_at)


class Outbox:
    """The outbox of one open workspace (each method one short transaction)."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws

    # -- queueing ---------------------------------------------------------------------
    def enqueue(self, kind: str, data: bytes, blobs: Iterable[str] = (), *, school: str | None = None,
                doc_hash: str | None = None, setting: tuple[str, str] | None = None) -> OutboxEntry:
        """Queue a signed document's exact bytes; the same document again gives the same entry.

        `school` and `doc_hash` default to what the document says (its hash as the hub names it).
        `setting` (key, value) is written in the same transaction: the workspace's record of
        the signature and the queued document exist together or not at all.
        """
        if kind not in KINDS:
            raise ValueError(f"unknown outbox kind {kind!r}")
        if doc_hash is None or school is None:
            h, s = describe(kind, data)
            doc_hash, school = doc_hash or h, school or s
        shas = sorted(set(blobs))
        with self.ws._tx() as s:
            row = s.scalars(select(OutboxRow).where(OutboxRow.doc_hash == doc_hash)).first()
            if row is None:
                row = OutboxRow(kind=kind, doc_hash=doc_hash, school=school, data=bytes(data),
                                blobs=json.dumps(shas), state="waiting", attempts=0, deliveries="{}")
                s.add(row)
                s.flush()
            if setting is not None:
                s.merge(SettingRow(key=setting[0], value=setting[1]))
            return _entry(row)

    # -- reading ----------------------------------------------------------------------
    def entries(self, states: Iterable[str] | None = None) -> list[OutboxEntry]:
        with self.ws._tx() as s:
            q = select(OutboxRow)
            if states is not None:
                q = q.where(OutboxRow.state.in_(list(states)))
            return [_entry(r) for r in s.scalars(q.order_by(OutboxRow.id))]

    def get(self, entry_id: int) -> OutboxEntry:
        with self.ws._tx() as s:
            return _entry(self._row(s, entry_id))

    def data(self, entry_id: int) -> bytes:
        with self.ws._tx() as s:
            return bytes(self._row(s, entry_id).data)

    def find(self, doc_hash: str) -> OutboxEntry | None:
        with self.ws._tx() as s:
            row = s.scalars(select(OutboxRow).where(OutboxRow.doc_hash == doc_hash)).first()
            return _entry(row) if row else None

    def counts(self) -> dict[str, int]:
        """{state: n} for every state (0 included), and "pending" = waiting + sending."""
        out = dict.fromkeys(STATES, 0)
        with self.ws._tx() as s:
            for state, n in s.execute(select(OutboxRow.state, func.count()).group_by(OutboxRow.state)):
                out[state] = n
        out["pending"] = out["waiting"] + out["sending"]
        return out

    def pending_for(self, hub_id: str) -> list[OutboxEntry]:
        """What a round with `hub_id` pushes: not cancelled, not yet final at that hub, and
        not left in conflict or refused by the user's last word (retry() clears those)."""
        return [e for e in self.entries() if e.state not in ("cancelled", "conflict", "refused")
                and e.delivered_to(hub_id) not in FINAL_AT_HUB]

    # -- state changes (each one commit) ----------------------------------------------
    def _row(self, s: Any, entry_id: int) -> OutboxRow:
        row = s.get(OutboxRow, entry_id)
        if row is None:
            raise StoreError(f"no outbox entry {entry_id}", hint="list the outbox with `workbench sync status`")
        return row

    def mark_sending(self, entry_id: int) -> None:
        with self.ws._tx() as s:
            row = self._row(s, entry_id)
            row.state, row.attempts, row.updated_at = "sending", row.attempts + 1, utcnow()

    def mark_sent(self, entry_id: int, hub_id: str, receipt: dict[str, Any], *, duplicate: bool = False) -> None:
        with self.ws._tx() as s:
            row = self._row(s, entry_id)
            self._deliver(row, hub_id, "sent", receipt=receipt, duplicate=duplicate)
            row.state, row.receipt = "sent", json.dumps(receipt, ensure_ascii=False, sort_keys=True)
            row.error_code = row.error_message = row.error_message_zh = None

    def mark_failed(self, entry_id: int, code: str, message: str, *, zh: str | None = None) -> None:
        """A failure that may pass (network, 5xx, a blob missing for now): back to waiting.
        `zh`: the hub's own Chinese for it (an earlier failure's is dropped)."""
        with self.ws._tx() as s:
            row = self._row(s, entry_id)
            if row.state == "sending":
                row.state = "waiting"
            row.error_code, row.error_message, row.updated_at = code, message, utcnow()
            row.error_message_zh = one_line(zh)

    def mark_conflict(self, entry_id: int, hub_id: str, code: str, message: str,
                      hub_version: dict[str, Any], *, zh: str | None = None) -> None:
        with self.ws._tx() as s:
            row = self._row(s, entry_id)
            self._deliver(row, hub_id, "conflict")
            row.state, row.error_code, row.error_message = "conflict", code, message
            row.error_message_zh = one_line(zh)
            row.hub_version = json.dumps(hub_version, ensure_ascii=False, sort_keys=True)

    def mark_refused(self, entry_id: int, hub_id: str, code: str, message: str, *, zh: str | None = None) -> None:
        """The hub refused the document itself; `zh` is its own Chinese for why, if it sent one."""
        with self.ws._tx() as s:
            row = self._row(s, entry_id)
            self._deliver(row, hub_id, "refused")
            row.state, row.error_code, row.error_message = "refused", code, message
            row.error_message_zh = one_line(zh)

    @staticmethod
    def _deliver(row: OutboxRow, hub_id: str, state: str, **extra: Any) -> None:
        d = _json(row.deliveries) or {}
        d[hub_id] = {"state": state, "at": utcnow().isoformat() + "Z", **extra}
        row.deliveries = json.dumps(d, ensure_ascii=False, sort_keys=True)
        row.updated_at = utcnow()

    def retry(self, entry_id: int) -> OutboxEntry:
        """Send again at the next round: a conflict or refusal is asked again (the hub
        answers the same unless something changed), a cancelled entry is queued again."""
        with self.ws._tx() as s:
            row = self._row(s, entry_id)
            if row.state == "sent":
                return _entry(row)
            d = {k: v for k, v in (_json(row.deliveries) or {}).items() if v.get("state") == "sent"}
            row.deliveries = json.dumps(d, sort_keys=True)
            row.state, row.updated_at = "waiting", utcnow()
            return _entry(row)

    def cancel(self, entry_id: int) -> OutboxEntry:
        """Stop sending this entry (it stays listed, and its bytes stay, so retry() undoes it)."""
        with self.ws._tx() as s:
            row = self._row(s, entry_id)
            if row.state == "sent":
                raise StoreError(f"outbox entry {entry_id} was already sent; there is nothing to cancel")
            row.state, row.updated_at = "cancelled", utcnow()
            return _entry(row)

    def recover(self) -> int:
        """Entries left `sending` by a process that died: back to waiting (sent again, safely)."""
        with self.ws._tx() as s:
            rows = list(s.scalars(select(OutboxRow).where(OutboxRow.state == "sending")))
            for r in rows:
                r.state = "waiting"
            return len(rows)


# -- received documents ---------------------------------------------------------------------------
@dataclass(frozen=True)
class ReceivedDocument:
    doc_hash: str
    kind: str
    school: str | None
    source: str
    received_at: dt.datetime | None


def keep_received(ws: Any, doc_hash: str, kind: str, school: str | None, data: bytes, source: str) -> bool:
    """Keep a verified document pulled from a hub or a bundle; False when already kept."""
    with ws._tx() as s:
        if s.scalars(select(SyncDocumentRow.id).where(SyncDocumentRow.doc_hash == doc_hash)).first():
            return False
        s.add(SyncDocumentRow(doc_hash=doc_hash, kind=kind, school=school, source=source, data=bytes(data)))
        return True


def received(ws: Any, kind: str | None = None, school: str | None = None) -> list[ReceivedDocument]:
    with ws._tx() as s:
        q = select(SyncDocumentRow)
        if kind is not None:
            q = q.where(SyncDocumentRow.kind == kind)
        if school is not None:
            q = q.where(SyncDocumentRow.school == school)
        return [ReceivedDocument(r.doc_hash, r.kind, r.school, r.source, r.received_at)
                for r in s.scalars(q.order_by(SyncDocumentRow.id))]


def received_bytes(ws: Any, doc_hash: str) -> bytes:
    with ws._tx() as s:
        data = s.scalars(select(SyncDocumentRow.data).where(SyncDocumentRow.doc_hash == doc_hash)).first()
    if data is None:
        raise StoreError(f"document {doc_hash[:19]}… was not received in this workspace")
    return bytes(data)


def has_received(ws: Any, doc_hash: str) -> bool:
    with ws._tx() as s:
        return s.scalars(select(SyncDocumentRow.id).where(SyncDocumentRow.doc_hash == doc_hash)).first() is not None


# -- what a document is --------------------------------------------------------------------------
def describe(kind: str, data: bytes) -> tuple[str, str]:
    """(document hash as the hub names it, school code) of a sheet or panel result's bytes."""
    from workbench.sync.client import document_hash

    try:
        doc = json.loads(data)
        school = doc["school"]["code"]
    except (ValueError, KeyError, TypeError):
        raise StoreError(f"the {kind} to queue is not a signed {kind} document") from None
    if not isinstance(school, str):
        raise StoreError(f"the {kind} to queue names no school")
    return document_hash(data, kind), school


def photos_of(data: bytes) -> list[str]:
    """The SHA-256 of every photo a sheet names (a panel result names none)."""
    try:
        doc = json.loads(data)
    except ValueError:
        return []
    photos = doc.get("photos") if isinstance(doc, dict) else None
    return sorted({p["sha256"] for p in photos or () if isinstance(p, dict) and isinstance(p.get("sha256"), str)})
