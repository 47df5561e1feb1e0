"""POST /v1/sheets: stored once, duplicates answered with the original receipt, conflicts
recorded with both versions kept, full verification, who may push what."""

from __future__ import annotations

import hashlib
import json

from helpers.docs import photo_bytes, sheet_bytes, sheet_doc
from sqlalchemy import func, select

from workbench.signing.sheet import sheet_file_bytes, sheet_hash
from workbench.sync.hub.models import Conflict, Document, Receipt, Sheet
from workbench.sync.receipts import verify_chain, verify_receipt

SHEET = "application/vnd.workbench.sheet+json"


def push(api, person, data: bytes, ct: str = SHEET):  # noqa: ANN001, ANN201
    return api.send(person, "POST", "/v1/sheets", data, content_type=ct)


def counts(api) -> tuple[int, int, int, int]:
    with api.hub.maker() as s:
        return tuple(s.execute(select(func.count()).select_from(m)).scalar_one()
                     for m in (Document, Sheet, Receipt, Conflict))


def test_stored_once_then_duplicate_with_the_original_receipt(api, people):
    data = sheet_bytes(people.m1)
    r = push(api, people.m1, data)
    assert r.status_code == 201 and r.json()["status"] == "stored"
    receipt = r.json()["receipt"]
    verify_receipt(receipt, api.hub.cert, hub_id=api.hub.hub_id, document=sheet_hash(json.loads(data)))
    assert receipt["seq"] == 1 and receipt["prev"] is None
    before = counts(api)
    for _ in range(3):
        again = push(api, people.m1, data)
        assert again.status_code == 200 and again.json() == {"status": "duplicate", "receipt": receipt}
    assert counts(api) == before == (2, 1, 1, 0)  # the sheet and the panel's assignment


def test_without_final_newline_is_the_same_sheet(api, people):
    data = sheet_bytes(people.m1)
    assert push(api, people.m1, data).status_code == 201
    assert push(api, people.m1, data.rstrip(b"\n")).status_code == 200


def test_receipts_form_a_chain(api, people):
    for p in (people.m1, people.m2, people.chair):
        assert push(api, p, sheet_bytes(p)).status_code == 201
    r = api.send(people.m1, "GET", "/v1/receipts", params={"since": 0})
    body = r.json()
    assert body["last_seq"] == 3 and [x["seq"] for x in body["receipts"]] == [1, 2, 3]
    assert verify_chain(body["receipts"], api.hub.cert) == 3
    tail = api.send(people.m1, "GET", "/v1/receipts", params={"since": 2}).json()["receipts"]
    assert verify_chain(tail, api.hub.cert, after=body["receipts"][1]) == 3


def test_other_bytes_under_the_same_key_is_a_conflict_with_both_kept(api, people):
    first = sheet_doc(people.m1)
    assert push(api, people.m1, sheet_file_bytes(first)).status_code == 201
    rival = sheet_doc(people.m1, note="另一份")
    rival_unsigned = {k: v for k, v in rival.items()}
    rival_unsigned["sheet_id"] = first["sheet_id"]
    from helpers.docs import RUBRIC

    from workbench.signing.sheet import sign_sheet
    rival = sign_sheet(rival_unsigned, people.m1.identity, people.m1.key, RUBRIC)
    r = push(api, people.m1, sheet_file_bytes(rival))
    assert r.status_code == 409
    body = r.json()
    assert body["code"] == "conflict" and body["reason"] == "same_key"
    assert body["stored"]["hash"] == sheet_hash(first) and body["incoming"]["hash"] == sheet_hash(rival)
    again = push(api, people.m1, sheet_file_bytes(rival))
    assert again.status_code == 409 and again.json()["conflict_id"] == body["conflict_id"]
    with api.hub.maker() as s:
        assert s.get(Document, sheet_hash(rival)) is not None  # kept
        assert s.execute(select(Sheet.hash).where(Sheet.sheet_id == first["sheet_id"])).scalars().all() == [
            sheet_hash(first)]
    listed = api.send(people.m1, "GET", "/v1/conflicts").json()["conflicts"]
    assert [(c["stored"], c["incoming"]) for c in listed] == [(sheet_hash(first), sheet_hash(rival))]
    assert api.send(people.admin, "GET", "/v1/conflicts").json()["conflicts"] == listed
    assert api.send(people.m2, "GET", "/v1/conflicts").json()["conflicts"] == []
    # the incoming version can be fetched by the admin
    assert api.send(people.admin, "GET", f"/v1/documents/{sheet_hash(rival)}").content == sheet_file_bytes(rival)


def test_revisions_must_follow_the_current_one(api, people):
    r1 = sheet_doc(people.m1)
    assert push(api, people.m1, sheet_file_bytes(r1)).status_code == 201
    r2 = sheet_doc(people.m1, previous=r1, shift=1)
    assert push(api, people.m1, sheet_file_bytes(r2)).status_code == 201
    # a fork: another revision 2 superseding revision 1
    fork = sheet_doc(people.m1, previous=r1, shift=2)
    r = push(api, people.m1, sheet_file_bytes(fork))
    assert r.status_code == 409 and r.json()["reason"] == "same_key"
    # revision 3 that names revision 1 instead of 2
    bad = sheet_doc(people.m1, previous=fork, shift=3)
    r = push(api, people.m1, sheet_file_bytes(bad))
    assert r.status_code == 409 and r.json()["reason"] == "supersedes"
    assert r.json()["stored"] == {"hash": sheet_hash(r2), "revision": 2}
    good = sheet_doc(people.m1, previous=r2, shift=3)
    assert push(api, people.m1, sheet_file_bytes(good)).status_code == 201


def test_a_member_pushes_only_their_own_sheets(api, people):
    data = sheet_bytes(people.m1)
    before = counts(api)
    r = push(api, people.m2, data)
    assert r.status_code == 403 and r.json()["code"] == "forbidden"
    r = push(api, people.other, data)
    assert r.status_code == 403
    assert counts(api) == before
    # the chair of the school's panel may relay a member's sheet
    assert push(api, people.chair, data).status_code == 201
    # and a member may not claim it afterwards either
    assert push(api, people.m2, data).status_code == 403


def test_sheet_of_an_unenrolled_or_revoked_reviewer(api, people):
    r = push(api, people.admin, sheet_bytes(people.outsider))
    assert r.status_code == 422 and r.json()["reason"] == "untrusted"
    from workbench.sync.hub import admin
    data = sheet_bytes(people.m2)
    admin.revoke(api.hub, people.m2.fingerprint)
    r = push(api, people.admin, data)
    assert r.status_code == 422 and r.json()["reason"] == "untrusted"


def test_tampered_and_malformed_sheets(api, people):
    data = sheet_bytes(people.m1)
    before = counts(api)
    tampered = data.replace(b'"score":"1"', b'"score":"0"', 1)
    assert tampered != data
    r = push(api, people.m1, tampered)
    assert r.status_code == 422 and r.json()["code"] == "invalid_document"
    assert r.json()["reason"] in ("signature", "altered")
    r = push(api, people.m1, json.dumps(json.loads(data), indent=1).encode())
    assert r.status_code == 422 and r.json()["reason"] == "altered"
    r = push(api, people.m1, b"{not json")
    assert r.status_code == 422 and r.json()["reason"] == "altered"
    r = push(api, people.m1, b"[]")
    assert r.status_code == 422
    assert counts(api) == before


def test_wrong_media_type_and_oversized_body(api, people):
    r = push(api, people.m1, sheet_bytes(people.m1), ct="text/plain")
    assert r.status_code == 415 and r.json()["code"] == "unsupported_media_type"
    big = b"{" + b" " * (16 * 1024 * 1024) + b"}"
    r = push(api, people.m1, big)
    assert r.status_code == 413 and r.json()["code"] == "too_large"


def test_missing_photos_then_accepted_after_upload(api, people):
    photo = photo_bytes(3000, seed=7)
    sha = hashlib.sha256(photo).hexdigest()
    data = sheet_bytes(people.m1, photos=[sha])
    before = counts(api)
    r = push(api, people.m1, data)
    assert r.status_code == 422 and r.json()["code"] == "missing_blobs" and r.json()["missing"] == [sha]
    assert counts(api) == before
    r = api.send(people.m1, "PATCH", f"/v1/blobs/{sha}", photo, content_type="application/offset+octet-stream",
                 headers={"Upload-Offset": "0", "Upload-Length": str(len(photo))})
    assert r.status_code == 201
    assert push(api, people.m1, data).status_code == 201


def test_concurrent_pushes_of_one_sheet_store_it_once(api, people):
    """Eight threads push the same sheet through the library at once: one stores it, seven
    are told it is a duplicate, all with the same receipt."""
    from concurrent.futures import ThreadPoolExecutor

    from workbench.sync.hub import sheets
    from workbench.sync.hub.auth import Caller

    data = sheet_bytes(people.m1)
    caller = Caller(people.m1.fingerprint, "member", "", "", "n", 0)
    with ThreadPoolExecutor(8) as ex:
        outs = list(ex.map(lambda _: sheets.accept(api.hub, caller, data), range(8)))
    assert sorted(o.status for o in outs) == [200] * 7 + [201]
    assert len({json.dumps(o.body["receipt"], sort_keys=True) for o in outs}) == 1
    with api.hub.maker() as s:
        assert s.execute(select(func.count()).select_from(Receipt)).scalar_one() == 1
