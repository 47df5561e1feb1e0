"""Receipt verification and the hash chain: the hub's signature, its form, and a removed,
inserted, reordered or altered arrival all caught."""

from __future__ import annotations

import base64
import copy
import hashlib

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)
from helpers.identities import make_person

from workbench.signing.ecdsa import P256_N, sign_b64
from workbench.sync.receipts import (
    ReceiptError,
    receipt_hash,
    receipt_payload,
    verify_chain,
    verify_receipt,
)


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    return make_person(tmp_path_factory.mktemp("hub"), "麻江县教育局评估中心", role="chair")


def _chain(hub, n: int, hub_id: str = "hub-1") -> list[dict]:
    out: list[dict] = []
    for i in range(1, n + 1):
        r = {"hub_id": hub_id, "kind": "sheet" if i % 3 else "panel",
             "document": "sha256:" + hashlib.sha256(str(i).encode()).hexdigest(),
             "arrived_at": f"2026-11-27T09:{i:02d}:00Z", "seq": i,
             "prev": receipt_hash(out[-1]) if out else None}
        r["signature"] = {"alg": "ES256", "value": sign_b64(hub.key, receipt_payload(r))}
        out.append(r)
    return out


def test_a_good_chain_verifies(hub):
    chain = _chain(hub, 6)
    assert verify_chain(chain, hub.identity.cert) == 6
    for r in chain:
        verify_receipt(r, hub.identity.cert, hub_id="hub-1", document=r["document"])


def test_a_page_links_onto_the_last_receipt_kept(hub):
    chain = _chain(hub, 6)
    assert verify_chain(chain[3:], hub.identity.cert, after=chain[2]) == 6
    with pytest.raises(ReceiptError, match="starts at receipt 4"):
        verify_chain(chain[3:], hub.identity.cert)


@pytest.mark.parametrize("change", ["remove", "reorder", "insert", "prev", "seq_gap"])
def test_chain_changes_are_caught(hub, change):
    chain = _chain(hub, 5)
    if change == "remove":
        del chain[2]
    elif change == "reorder":
        chain[1], chain[2] = chain[2], chain[1]
    elif change == "insert":
        other = _chain(hub, 5)  # same shapes, other hashes: a forged arrival signed by the hub key
        other[2]["document"] = "sha256:" + "0" * 64
        other[2]["signature"] = {"alg": "ES256", "value": sign_b64(hub.key, receipt_payload(other[2]))}
        chain[2] = other[2]
    elif change == "prev":
        r = chain[3]
        r["prev"] = receipt_hash(chain[1])
        r["signature"] = {"alg": "ES256", "value": sign_b64(hub.key, receipt_payload(r))}
    else:
        chain = chain[:2] + chain[3:]
    with pytest.raises(ReceiptError):
        verify_chain(chain, hub.identity.cert)


@pytest.mark.parametrize("field,value", [
    ("document", "sha256:" + "1" * 64), ("arrived_at", "2026-11-27T10:00:00Z"), ("seq", 2),
    ("kind", "panel"), ("hub_id", "hub-2")])
def test_any_changed_field_breaks_the_signature(hub, field, value):
    r = _chain(hub, 1)[0]
    r[field] = value
    if field == "seq":
        r["prev"] = "sha256:" + "2" * 64
    with pytest.raises(ReceiptError):
        verify_receipt(r, hub.identity.cert)


def test_another_hub_key_is_refused(hub, tmp_path):
    other = make_person(tmp_path / "o", "别的中心", role="chair")
    with pytest.raises(ReceiptError, match="not signed by this hub"):
        verify_receipt(_chain(other, 1)[0], hub.identity.cert)


def test_high_s_and_loose_der_are_refused(hub):
    r = _chain(hub, 1)[0]
    der = base64.b64decode(r["signature"]["value"])
    rr, s = decode_dss_signature(der)
    high = copy.deepcopy(r)
    high["signature"]["value"] = base64.b64encode(encode_dss_signature(rr, P256_N - s)).decode()
    with pytest.raises(ReceiptError):
        verify_receipt(high, hub.identity.cert)
    # the same high-S signature does verify mathematically: it is refused for its form alone
    hub.identity.cert.public_key().verify(encode_dss_signature(rr, P256_N - s), receipt_payload(r),
                                          ec.ECDSA(hashes.SHA256()))
    spaced = copy.deepcopy(r)
    spaced["signature"]["value"] = " " + r["signature"]["value"]
    with pytest.raises(ReceiptError):
        verify_receipt(spaced, hub.identity.cert)


@pytest.mark.parametrize("mutate", [
    lambda r: r.pop("prev"), lambda r: r.update(extra=1), lambda r: r.update(seq="1"),
    lambda r: r.update(seq=0), lambda r: r.update(kind="photo"), lambda r: r.update(document="abc"),
    lambda r: r.update(arrived_at="2026-11-27 09:00"), lambda r: r.update(prev="sha256:" + "a" * 64),
    lambda r: r.update(signature={"alg": "ES384", "value": r["signature"]["value"]}),
    lambda r: r.update(hub_id=""),
])
def test_malformed_receipts_are_refused(hub, mutate):
    r = _chain(hub, 1)[0]
    mutate(r)
    with pytest.raises(ReceiptError):
        verify_receipt(r, hub.identity.cert)


def test_expected_hub_and_document(hub):
    r = _chain(hub, 1)[0]
    with pytest.raises(ReceiptError, match="from hub"):
        verify_receipt(r, hub.identity.cert, hub_id="hub-9")
    with pytest.raises(ReceiptError, match="another document"):
        verify_receipt(r, hub.identity.cert, document="sha256:" + "f" * 64)
