"""`workbench verify RECEIPT.json`: a saved hub receipt, or a file of them, checked offline.

Accepted forms, recognised by content: one receipt object; a JSON array of receipts; the
hub's `/v1/receipts` answer (`{"receipts": [...], ...}`); JSON lines, one receipt each (what
an export of the outbox's kept receipts gives). Each is checked against the hub certificate
(`--trust`/`--hub-cert`): the hub's signature, and that the receipt names that hub (the
certificate's OU is the hub id). Several receipts must form an unbroken chain.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.x509.oid import NameOID

from workbench.errors import WorkbenchError
from workbench.inputs import loads_json
from workbench.signing.verify import VerificationError
from workbench.sync.receipts import ReceiptError, check_receipt_shape, verify_chain, verify_receipt

MAX_RECEIPT_FILE = 64 * 1024 * 1024


def looks_like_receipts(data: bytes) -> bool:
    """True when `data` is (or lists) hub receipts: decided by the receipt's own field names."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head not in (b"{", b"["):
        return False
    try:
        _parse(data)
    except WorkbenchError:
        return False
    return True


def _is_receipt(obj: Any) -> bool:
    # "hub_id" + "seq" + "prev" are the receipt's own; no sheet or panel result has them
    return isinstance(obj, Mapping) and {"hub_id", "seq", "prev"} <= set(obj)


def _parse(data: bytes) -> list[dict]:
    """The receipts in `data`, in file order; WorkbenchError when it is not a receipt file."""
    try:
        doc = loads_json(data, what="receipt file")
    except WorkbenchError:
        # JSON lines: one receipt per non-empty line
        lines = [ln for ln in data.splitlines() if ln.strip()]
        if len(lines) < 2:
            raise
        items = [loads_json(ln, what=f"receipt file line {n}") for n, ln in enumerate(lines, 1)]
    else:
        if isinstance(doc, Mapping) and isinstance(doc.get("receipts"), list):
            items = doc["receipts"]
        elif isinstance(doc, list):
            items = doc
        else:
            items = [doc]
    if not items or not all(_is_receipt(x) for x in items):
        raise WorkbenchError("receipt file: not a hub receipt or a list of them")
    return [dict(x) for x in items]


def hub_id_of(cert: x509.Certificate) -> str | None:
    """The hub id its certificate carries (OU), as workbench.sync.hub.keys makes it."""
    ou = cert.subject.get_attributes_for_oid(NameOID.ORGANIZATIONAL_UNIT_NAME)
    return str(ou[0].value) if ou else None


@dataclass(frozen=True)
class VerifiedReceipts:
    receipts: list[dict]
    hub_name: str
    hub_id: str

    def summary(self) -> str:
        lines = [f"VALID hub receipt{'s' if len(self.receipts) > 1 else ''} from hub {self.hub_name} "
                 f"({self.hub_id})"]
        for r in self.receipts:
            lines.append(f"  seq {r['seq']}: {r['kind']} {r['document']} arrived {r['arrived_at']}")
        if len(self.receipts) > 1:
            lines.append(f"  chain unbroken: receipts {self.receipts[0]['seq']}–{self.receipts[-1]['seq']}")
        return "\n".join(lines)


def _refuse(reason: str, e: ReceiptError) -> VerificationError:
    return VerificationError(reason, f"receipt: {e.message}", hint=e.hint)


def verify_receipts_bytes(data: bytes, hub_certs: Sequence[x509.Certificate]) -> VerifiedReceipts:
    """Check every receipt in `data` against the hub certificate; VerificationError with
    reason malformed (5), signature (4, not signed by this hub or changed), untrusted (6,
    no hub certificate or another hub's receipt) or altered (3, the chain is broken)."""
    try:
        receipts = _parse(data)
    except WorkbenchError as e:
        raise VerificationError("malformed", e.message) from None
    if len(hub_certs) != 1:
        raise VerificationError("untrusted", "a receipt is checked against exactly one hub certificate",
                                hint="pass --trust HUB_CERT (the hub's hub-cert.pem)")
    cert = hub_certs[0]
    hub_id = hub_id_of(cert)
    if hub_id is None:
        raise VerificationError("untrusted", "the certificate given is not a hub's (it has no hub id)",
                                hint="pass --trust with the hub's hub-cert.pem")
    for r in receipts:
        try:
            check_receipt_shape(r)
        except ReceiptError as e:
            raise _refuse("malformed", e) from None
        if r["hub_id"] != hub_id:
            raise VerificationError("untrusted", f"receipt {r['seq']} is from hub {r['hub_id']!r}, "
                                    f"not the hub of this certificate ({hub_id!r})")
        try:
            verify_receipt(r, cert)
        except ReceiptError as e:
            raise _refuse("signature", e) from None
    if len(receipts) > 1:
        first = receipts[0]
        try:
            # a file may start mid-chain (a page): link the rest onto its first receipt
            verify_chain(receipts[1:], cert, after=first)
        except ReceiptError as e:
            raise _refuse("altered", e) from None
    name = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return VerifiedReceipts(receipts, str(name[0].value) if name else hub_id, hub_id)

