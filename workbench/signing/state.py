"""Is a school's scoring signed, and is it still what was signed?

`signed_state(ws, code, reviewer_id)` says unsigned, signed (revision, time, sheet hash) or
changed after signing. "Changed" is decided by content, not by timestamps: a digest of what
a sheet records (every item's score, checks, methods and note, the security incident, the
on-site photos and the package it scored) is kept with the last signed sheet
(`from_sources.remember_signed`) and compared with the same digest of the workspace now.
Undoing an edit back to the signed values therefore reads as signed again.

`signed_states(ws, reviewer_id)` answers for every school with five queries (settings,
entries, incidents, photos, packages), cheap enough for the school list.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select

from workbench.decimals import fmt
from workbench.rubric.canonical import canonical_bytes, sha256_hex
from workbench.store.models import (
    EntryRow,
    IncidentRow,
    OutboxRow,
    PackageVersionRow,
    PhotoRow,
    SettingRow,
)

UNSIGNED, SIGNED, CHANGED = "unsigned", "signed", "changed"
_PREFIX = "signing.last_sheet."  # from_sources._LAST_KEY: signing.last_sheet.{code}.{reviewer}
_EMPTY_ITEM = {"score": None, "checks": [], "methods": [], "note": ""}


@dataclass(frozen=True)
class SignedState:
    status: str  # UNSIGNED | SIGNED | CHANGED
    revision: int | None = None  # of the last signed sheet
    signed_at: dt.datetime | None = None  # UTC, aware; None for a record older than this module
    sheet_hash: str | None = None

    @property
    def is_signed(self) -> bool:
        """Signed and unchanged since."""
        return self.status == SIGNED

    def describe(self) -> str:
        """English one-liner for the CLI: 'unsigned', 'signed r2 2026-11-27 10:42 UTC', …"""
        if self.status == UNSIGNED:
            return "unsigned"
        when = f" {self.signed_at:%Y-%m-%d %H:%M} UTC" if self.signed_at else ""
        if self.status == SIGNED:
            return f"signed r{self.revision}{when}"
        return f"changed after signing r{self.revision}"


UNSIGNED_STATE = SignedState(UNSIGNED)


def content_digest(items: Mapping[str, Mapping[str, Any]], incident: Mapping[str, Any],
                   photos: Iterable[Mapping[str, Any]] = (), manifest_hash: str | None = None) -> str:
    """Digest of what a sheet records. Items left as not scored, unticked, without methods or
    note are dropped, so the digest needs no rubric (and a sheet, which lists every item, and
    the workspace, which stores only touched ones, agree); photos are a set (order is not content)."""
    kept = {iid: {"score": rec.get("score"), "checks": sorted(rec.get("checks") or []),
                  "methods": list(rec.get("methods") or []), "note": rec.get("note") or ""}
            for iid, rec in items.items()}
    kept = {iid: rec for iid, rec in kept.items() if rec != _EMPTY_ITEM}
    on = bool(incident.get("incident"))
    inc = {"incident": on, "description": (incident.get("description") or "") if on else ""}
    pics = sorted((p.get("sha256") or "", p.get("indicator") or "", p.get("taken_at") or "") for p in photos)
    return "sha256:" + sha256_hex(canonical_bytes({"items": kept, "security_incident": inc, "photos": pics,
                                                   "package": manifest_hash}))


def sheet_digest(sheet: Mapping[str, Any]) -> str:
    """The content digest of a (signed or unsigned) sheet."""
    return content_digest(sheet["items"], sheet["security_incident"], sheet.get("photos") or (),
                          (sheet.get("package") or {}).get("manifest_hash"))


def signed_record_extra(sheet: Mapping[str, Any]) -> dict[str, str]:
    """What `remember_signed` keeps besides id, revision and hash: when, and a digest of what."""
    return {"signed_at": str(sheet.get("signed_at") or ""), "content": sheet_digest(sheet)}


def _entry_item(score: str | None, note: str | None, checks: str, methods: str) -> dict[str, Any]:
    return {"score": None if score is None else fmt(Decimal(score)),
            "checks": [] if checks == "[]" else json.loads(checks),
            "methods": [] if methods == "[]" else json.loads(methods), "note": note or ""}


def _parse_time(s: str | None) -> dt.datetime | None:
    if not s:
        return None
    try:
        return dt.datetime.fromisoformat(s.replace("Z", "+00:00")).astimezone(dt.UTC)
    except ValueError:
        return None


def _record_digest(s: Any, record: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """(content digest, signed_at) of a record; a record written before digests were kept is
    completed from the signed sheet queued in the outbox, when there is one."""
    if record.get("content"):
        return record["content"], record.get("signed_at")
    row = s.scalars(select(OutboxRow).where(OutboxRow.doc_hash == record.get("hash"))).first()
    if row is None:
        return None, None
    sheet = json.loads(row.data)
    return sheet_digest(sheet), sheet.get("signed_at")


def _state(s: Any, record: Mapping[str, Any] | None, current: str) -> SignedState:
    if record is None:
        return UNSIGNED_STATE
    digest, signed_at = _record_digest(s, record)
    # No digest at all (an old provisional sheet): nothing to compare, so it reads as signed.
    status = SIGNED if digest is None or digest == current else CHANGED
    return SignedState(status, int(record["revision"]), _parse_time(signed_at), record.get("hash"))


def _newest_manifests(s: Any, wanted: set[str] | None) -> dict[str, str]:
    q = select(PackageVersionRow.school_code, PackageVersionRow.version, PackageVersionRow.manifest_hash)
    if wanted is not None:
        q = q.where(PackageVersionRow.school_code.in_(wanted))
    newest: dict[str, tuple[int, str]] = {}
    for code, version, mh in s.execute(q):
        if code not in newest or version > newest[code][0]:
            newest[code] = (version, mh)
    return {code: mh for code, (_v, mh) in newest.items()}


def _photos(s: Any, wanted: set[str] | None) -> dict[str, list[dict]]:
    q = select(PhotoRow.school_code, PhotoRow.sha256, PhotoRow.indicator, PhotoRow.taken_at) \
        .where(PhotoRow.removed.is_(False))
    if wanted is not None:
        q = q.where(PhotoRow.school_code.in_(wanted))
    out: dict[str, list[dict]] = {}
    for code, sha, indicator, taken_at in s.execute(q):  # as sheet_from_workspace lists them
        out.setdefault(code, []).append(
            {"sha256": sha, "indicator": indicator, "taken_at": taken_at.isoformat() if taken_at else None})
    return out


def signed_states(ws: Any, reviewer_id: int, codes: Iterable[str] | None = None) -> dict[str, SignedState]:
    """The state of every school (or of `codes`) for one reviewer, from five queries."""
    suffix = f".{reviewer_id}"
    with ws._tx() as s:  # one read transaction: a consistent view of the tables
        records: dict[str, dict] = {}
        for key, value in s.execute(select(SettingRow.key, SettingRow.value)
                                    .where(SettingRow.key.startswith(_PREFIX, autoescape=True))):
            if key.endswith(suffix):
                records[key[len(_PREFIX):-len(suffix)]] = json.loads(value)
        wanted = set(codes) if codes is not None else None
        items: dict[str, dict[str, dict]] = {}
        q = select(EntryRow.school_code, EntryRow.item_id, EntryRow.score, EntryRow.note, EntryRow.checks,
                   EntryRow.methods).where(EntryRow.reviewer_id == reviewer_id)
        if wanted is not None:
            q = q.where(EntryRow.school_code.in_(wanted))
        for code, item_id, *rest in s.execute(q):  # plain rows: no ORM objects to build
            items.setdefault(code, {})[item_id] = _entry_item(*rest)
        iq = select(IncidentRow.school_code, IncidentRow.incident, IncidentRow.description) \
            .where(IncidentRow.reviewer_id == reviewer_id)
        incidents = {code: {"incident": on, "description": desc} for code, on, desc in s.execute(iq)}
        signed_codes = set(records) if wanted is None else set(records) & wanted
        photos, manifests = _photos(s, signed_codes), _newest_manifests(s, signed_codes)
        out = {}
        for code in (wanted if wanted is not None else set(records) | set(items)):
            rec = records.get(code)
            if rec is None:
                out[code] = UNSIGNED_STATE
                continue
            current = content_digest(items.get(code, {}), incidents.get(code, {}), photos.get(code, ()),
                                     manifests.get(code))
            out[code] = _state(s, rec, current)
        return out


def signed_state(ws: Any, code: str, reviewer_id: int) -> SignedState:
    """Unsigned, signed (revision, time, hash) or changed after signing, for one school."""
    return signed_states(ws, reviewer_id, [code])[code]


def signed_sheet_of(ws: Any, code: str, reviewer_id: int) -> dict | None:
    """The last signed sheet of school+reviewer when the workspace holds it: the outbox keeps every
    final signed sheet, the signing record a provisional one (never queued); None for none."""
    from workbench.signing.from_sources import last_signed
    from workbench.signing.sheet import sheet_hash
    from workbench.store.outbox import Outbox

    record = last_signed(ws, code, reviewer_id)
    if record is None:
        return None
    box = Outbox(ws)
    entry = box.find(record.get("hash") or "")
    if entry is not None:
        return json.loads(box.data(entry.id))
    kept = record.get("sheet")  # a provisional sheet: kept in the record itself (remember_signed)
    if isinstance(kept, dict) and sheet_hash(kept) == record.get("hash"):
        return kept
    return None


def changed_since(ws: Any, sheet: Mapping[str, Any]) -> bool:
    """Whether a signed sheet no longer says what this workspace's reviewer holds for the school:
    the workspace signed a later revision of it, or the scores changed after it was signed.
    A sheet the workspace did not sign (another reviewer's, another laptop's) is not judged."""
    from workbench.signing.from_sources import last_signed

    me = ws.local_reviewer()
    code = (sheet.get("school") or {}).get("code")
    if me is None or not code:
        return False
    record = last_signed(ws, code, me.id)
    if record is None or record.get("sheet_id") != sheet.get("sheet_id"):
        return False
    if int(record["revision"]) > int(sheet["revision"]):
        return True
    return signed_state(ws, code, me.id).status == CHANGED


def changed_in_workspace(path: str | Path | None, sheet: Mapping[str, Any]) -> bool:
    """changed_since in the workspace at `path` (default: $WORKBENCH_HOME or the user data
    folder) when there is one; printing a file never creates a workspace. An unreadable
    workspace judges nothing (the sheet itself was verified)."""
    from workbench.errors import StoreError
    from workbench.store.workspace import DB_NAME, Workspace, default_root

    root = Path(path).expanduser() if path else default_root()
    if not (root / DB_NAME).is_file():
        return False
    try:
        with Workspace.open(root) as ws:
            return changed_since(ws, sheet)
    except StoreError:
        return False
