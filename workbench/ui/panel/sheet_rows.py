"""The chair's collected sheets as rows the panel view lists: plain data, no widgets.

Built off the UI thread from the core's `school_sheets` (the same answer `workbench panel
sheets` prints and the merge uses) and the workspace's revocations, so the window shows exactly
what the merge will count: `counted` and `warning` rows are merged, every other kind is not.
The core's English line stays in `detail` (a tooltip); the window composes its own Chinese text
from the fields.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

# kinds, in the order the list shows them: what needs the chair's attention first
REFUSED = "refused"  # stored, signed at or after its certificate's revocation (or only claims before): not merged
NOT_ADDED = "not_added"  # refused when the chair added it just now: not stored, not merged
CONFLICT = "conflict"  # the reviewer's revision chain is broken: the merge refuses until settled
WARNING = "warning"  # signed before its certificate's revocation: merged, the panel decides
COUNTED = "counted"  # merged
STALE = "stale"  # scored an older package version: not merged
ORDER = (REFUSED, NOT_ADDED, CONFLICT, WARNING, COUNTED, STALE)
MERGED = frozenset({COUNTED, WARNING})


@dataclass(frozen=True)
class SheetRow:
    kind: str
    name: str  # the reviewer (per certificate), or the file name for NOT_ADDED
    fingerprint: str = ""
    revision: int | None = None
    signed_at: str | None = None
    revoked_at: str | None = None  # the revocation that makes this row REFUSED or WARNING
    reason: str = ""  # the core's one-word reason (NOT_ADDED: CollectError.reason)
    detail: str = ""  # the core's own line, English, as `panel sheets` prints it
    witnessed_at: str | None = None  # WARNING: when this workspace received it; REFUSED unwitnessed: first seen
    witness: str = ""  # WARNING: "workspace" or "hub" (the revoking hub served it; no time of its own)

    @property
    def merged(self) -> bool:
        return self.kind in MERGED


def _signed_at(data: bytes) -> str:
    return str(json.loads(data)["signed_at"])  # stored sheets were verified when collected


def sheet_rows(state: Any | None, marks: Mapping[str, Any], sheet_bytes: Any,
               results: Iterable[Any] = ()) -> list[SheetRow]:
    """Rows for a `SchoolSheets` state (None: the school is not in the workspace); `marks` the
    workspace's revocations (fingerprint -> RevokedMark), `sheet_bytes(hash)` the stored bytes,
    `results` the last adding's Collected."""
    rows: list[SheetRow] = []
    for r in results:
        if r.status == "refused":
            name = str(r.source).replace("\\", "/").rsplit("/", 1)[-1]
            rows.append(SheetRow(NOT_ADDED, name, reason=r.reason or "", detail=r.message))
    if state is None:
        return rows
    for s, why in state.revoked:
        mark = marks.get(s.reviewer_fp)
        rows.append(SheetRow(REFUSED, s.reviewer_name, s.reviewer_fp, s.revision,
                             _signed_at(sheet_bytes(s.sheet_hash)), mark.revoked_at if mark else None,
                             "revoked", why))
    for s, why in getattr(state, "unwitnessed", ()):  # dated before the revocation, first seen after it
        mark = marks.get(s.reviewer_fp)
        rows.append(SheetRow(REFUSED, s.reviewer_name, s.reviewer_fp, s.revision,
                             _signed_at(sheet_bytes(s.sheet_hash)), mark.revoked_at if mark else None,
                             "revoked_unwitnessed", why, _stamp(s.added_at)))
    for c in state.conflicts:
        rows.append(SheetRow(CONFLICT, c.reviewer_name, c.reviewer_fp, reason="conflict", detail=c.message))
    for s in state.current:
        mark = marks.get(s.reviewer_fp)
        signed = _signed_at(sheet_bytes(s.sheet_hash))
        if mark is None:
            rows.append(SheetRow(COUNTED, s.reviewer_name, s.reviewer_fp, s.revision, signed))
        else:
            seen = getattr(state, "witnesses", {}).get(s.sheet_hash)
            rows.append(SheetRow(WARNING, s.reviewer_name, s.reviewer_fp, s.revision, signed, mark.revoked_at,
                                 "revoked_before", _warning_line(state.warnings, s.reviewer_fp),
                                 seen.at if seen else None, seen.by if seen else ""))
    for s in state.stale:
        rows.append(SheetRow(STALE, s.reviewer_name, s.reviewer_fp, s.revision, reason="another_package"))
    return sorted(rows, key=lambda r: ORDER.index(r.kind))  # stable: the core's order within a kind


def _stamp(t: Any) -> str | None:
    from workbench.panel.revoked import stamp
    return None if t is None else stamp(t)


def _warning_line(warnings: Sequence[str], fp: str) -> str:
    return next((w for w in warnings if f" {fp[:16]}… " in w), "")


def counts(rows: Sequence[SheetRow]) -> dict[str, int]:
    return {k: sum(1 for r in rows if r.kind == k) for k in ORDER}
