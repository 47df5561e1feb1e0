"""Hub receipts: the hub's signed word that a document arrived, and the chain they form.

A receipt is `{"hub_id", "kind", "document", "arrived_at", "seq", "prev", "signature"}`;
the hub signs the canonical bytes of the receipt without "signature" with its own P-256
key (low-S ES256, workbench.signing.ecdsa). `prev` is the hash of the previous receipt
("sha256:<hex>" of its canonical bytes, signature included), null for the first, so a
removed, inserted or reordered arrival breaks the chain. Used by the client on every
receipt it is given and by `workbench verify` on a saved receipt file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from cryptography import x509

from workbench.errors import SignatureError
from workbench.rubric.canonical import canonical_bytes, canonical_hash
from workbench.signing.ecdsa import decode_b64_signature, verify_low_s

ALG = "ES256"
KINDS = ("sheet", "panel")
FIELDS = ("hub_id", "kind", "document", "arrived_at", "seq", "prev", "signature")
_HASH_RE = re.compile(r"^sha256:[0-9a-f]{64}$")


class ReceiptError(SignatureError):
    """A receipt is malformed, not signed by the hub, or out of its chain."""


def receipt_payload(receipt: Mapping[str, Any]) -> bytes:
    """The exact bytes the hub signs: the canonical receipt without "signature"."""
    return canonical_bytes({k: v for k, v in receipt.items() if k != "signature"})


def receipt_hash(receipt: Mapping[str, Any]) -> str:
    """What the next receipt's `prev` names: "sha256:<hex>" of the whole canonical receipt."""
    return canonical_hash(dict(receipt))


def check_receipt_shape(r: Mapping[str, Any]) -> None:
    """The receipt's form alone (fields, types, seq/prev rules); ReceiptError if off."""
    if not isinstance(r, Mapping):
        raise ReceiptError("the receipt is not a JSON object")
    missing = [f for f in FIELDS if f not in r]
    if missing:
        raise ReceiptError(f"the receipt lacks {', '.join(missing)}")
    extra = sorted(set(r) - set(FIELDS))
    if extra:
        raise ReceiptError(f"the receipt has unknown field(s) {', '.join(extra)}")
    if not isinstance(r["hub_id"], str) or not r["hub_id"]:
        raise ReceiptError("the receipt's hub_id is not a non-empty string")
    if r["kind"] not in KINDS:
        raise ReceiptError(f"the receipt's kind {r['kind']!r} is not one of {', '.join(KINDS)}")
    if not isinstance(r["document"], str) or not _HASH_RE.match(r["document"]):
        raise ReceiptError("the receipt's document is not a sha256:<hex> hash")
    seq = r["seq"]
    if type(seq) is not int or seq < 1:
        raise ReceiptError("the receipt's seq is not a positive integer")
    if r["prev"] is not None and (not isinstance(r["prev"], str) or not _HASH_RE.match(r["prev"])):
        raise ReceiptError("the receipt's prev is neither null nor a sha256:<hex> hash")
    if seq == 1 and r["prev"] is not None:
        raise ReceiptError("the first receipt (seq 1) names a previous receipt")
    if seq > 1 and r["prev"] is None:
        raise ReceiptError(f"receipt {seq} does not name the receipt before it")
    at = r["arrived_at"]
    try:
        if not isinstance(at, str) or not at.endswith("Z"):
            raise ValueError
        dt.datetime.fromisoformat(at[:-1] + "+00:00")
    except ValueError:
        raise ReceiptError("the receipt's arrived_at is not a UTC time (…Z)") from None
    sig = r["signature"]
    if not isinstance(sig, Mapping) or sig.get("alg") != ALG or set(sig) != {"alg", "value"}:
        raise ReceiptError(f"the receipt's signature is not {{alg: {ALG}, value}}")


def verify_receipt(receipt: Mapping[str, Any], hub_cert: x509.Certificate, *,
                   hub_id: str | None = None, document: str | None = None) -> None:
    """Check a receipt's form and the hub's signature; ReceiptError if anything is off.

    `hub_id` and `document`, when given, must be what the receipt names (the hub that the
    client asked, the document the client sent).
    """
    check_receipt_shape(receipt)
    if hub_id is not None and receipt["hub_id"] != hub_id:
        raise ReceiptError(f"the receipt is from hub {receipt['hub_id']!r}, not {hub_id!r}")
    if document is not None and receipt["document"] != document:
        raise ReceiptError("the receipt names another document than the one sent")
    try:
        der = decode_b64_signature(receipt["signature"]["value"])
        verify_low_s(hub_cert.public_key(), der, receipt_payload(receipt))
    except SignatureError as e:
        raise ReceiptError(f"receipt {receipt['seq']}: {e.message}",
                           hint="it was not signed by this hub's key, or it was changed") from None


def verify_chain(receipts: Iterable[Mapping[str, Any]], hub_cert: x509.Certificate, *,
                 after: Mapping[str, Any] | None = None) -> int:
    """Verify every receipt and that they link: consecutive seq, each `prev` the one before.

    `after` is the last receipt already checked (e.g. the client's saved one) so that a
    page fetched with `since` links onto it. Returns the last seq (0 when empty).
    """
    prev = dict(after) if after is not None else None
    if prev is not None:
        verify_receipt(prev, hub_cert)
    last = prev["seq"] if prev is not None else 0
    for r in receipts:
        verify_receipt(r, hub_cert)
        if prev is not None and r["hub_id"] != prev["hub_id"]:
            raise ReceiptError(f"receipt {r['seq']} is from another hub than the one before it")
        if prev is None and r["seq"] != 1:
            # a page that does not start at 1 cannot be linked without the receipt before it
            raise ReceiptError(f"the chain starts at receipt {r['seq']}, not 1",
                               hint="give the receipt before it to check the link")
        if r["seq"] != last + 1:
            raise ReceiptError(f"receipt {r['seq']} follows receipt {last}: an arrival is missing "
                               "or the order changed")
        if prev is not None and r["prev"] != receipt_hash(prev):
            raise ReceiptError(f"receipt {r['seq']} does not link to receipt {prev['seq']}: "
                               "the chain was changed")
        prev, last = dict(r), r["seq"]
    return last
