"""What differs between my document and the hub's in a conflict (plain Python, no Qt).

Sheets and panel results both carry `items` {item id: {score, note, …}}; the rows are the
header facts (revision, signer, time) and every item whose score or note differs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DiffRow:
    key: str       # "revision", "signed_at", "reviewer", or an item id such as "B1.4"
    mine: str
    theirs: str

    @property
    def differs(self) -> bool:
        return self.mine != self.theirs


def _load(data: bytes | str | None) -> dict[str, Any]:
    if data is None:
        return {}
    try:
        doc = json.loads(data)
    except ValueError:
        return {}
    return doc if isinstance(doc, dict) else {}


def _item_text(rec: Any) -> str:
    if not isinstance(rec, dict):
        return "" if rec is None else str(rec)
    score = rec.get("final", rec.get("score"))
    note = rec.get("note") or rec.get("reason") or ""
    s = "—" if score is None else str(score)
    return f"{s} ({note})" if note else s


def _who(doc: dict[str, Any]) -> str:
    r = doc.get("reviewer") or doc.get("chair") or {}
    return str(r.get("name", "")) if isinstance(r, dict) else ""


def diff_documents(mine: bytes | str | None, theirs: bytes | str | None) -> list[DiffRow]:
    """Header rows always, then the items that differ (in item order)."""
    a, b = _load(mine), _load(theirs)
    rows = [DiffRow("revision", str(a.get("revision", "")), str(b.get("revision", "")) if b else ""),
            DiffRow("signed_at", str(a.get("signed_at", "")), str(b.get("signed_at", "")) if b else ""),
            DiffRow("reviewer", _who(a), _who(b))]
    ia = a.get("items") if isinstance(a.get("items"), dict) else {}
    ib = b.get("items") if isinstance(b.get("items"), dict) else {}

    def order(k: str) -> tuple:
        return tuple(int(p) if p.isdigit() else p for p in k.lstrip("B").split("."))
    for k in sorted(set(ia) | set(ib), key=order):
        ma, mb = _item_text(ia.get(k)), _item_text(ib.get(k))
        if ma != mb:
            rows.append(DiffRow(k, ma, mb))
    return rows
