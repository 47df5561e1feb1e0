"""Merging the co-signatures of copies of one panel result (docs/panel-result.md, "Co-signed copies").

Members co-sign the same payload on their own laptops, so copies of one revision travel
with different sets of signatures (the chair's, the chair's and one member's, …). Any two
copies with the same panel hash can be merged: the first copy's signatures in their order,
then the other's signers not yet in it, in its order. Merging is idempotent (a signature
already there changes nothing) and never touches the payload. Each signature was verified
when its copy arrived; the merge only chooses which entries to keep, one per signer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from workbench.panel.document import panel_hash
from workbench.panel.errors import PanelError


def merge_cosignatures(kept: Mapping[str, Any], other: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """(`kept` with `other`'s new signers appended, the fingerprints added)."""
    if panel_hash(kept) != panel_hash(other):
        raise PanelError("the two copies are not the same panel result (their signed payloads differ)",
                         hint="only copies of one revision carry co-signatures that can be merged")
    have = {s.get("fingerprint") for s in kept.get("signatures", [])}
    added = [s for s in other.get("signatures", []) if s.get("fingerprint") not in have]
    out = dict(kept)
    out["signatures"] = [*kept.get("signatures", []), *added]
    return out, [str(s.get("fingerprint")) for s in added]


def signers_of(doc: Mapping[str, Any]) -> list[str]:
    return [str(s.get("fingerprint")) for s in doc.get("signatures", [])]


def is_final(doc: Mapping[str, Any]) -> bool:
    """Signed by the chair and by at least `quorum` members (signatures already verified)."""
    fps = set(signers_of(doc))
    chair = doc["chair"]["fingerprint"]
    members = {m["fingerprint"] for m in doc["members"]}
    return chair in fps and len(fps & members) >= int(doc["quorum"])
