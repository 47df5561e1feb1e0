"""Done-when "Bad input and faults": every bad request answers its 4xx and `code`, and the
hub's data (every table but the consumed nonces, every blob and partial upload) is unchanged.
One hub per backend for the module; each test snapshots before and after."""

from __future__ import annotations

import base64
import hashlib
import json
import time

import httpx
import pytest
from helpers.docs import panel_bytes, photo_bytes, sheet_bytes, sheet_doc
from helpers.identities import make_person

from workbench.rubric.canonical import canonical_bytes
from workbench.sync import protocol as P

MiB = 1024 * 1024


@pytest.fixture(scope="module")
def prepared(module_hub, people, tmp_path_factory):
    """State the bad requests run against: a stored photo and sheet, a blob half uploaded,
    a revoked reviewer."""
    hub = module_hub
    m1 = hub.client(people.m1)
    photo = photo_bytes(200_000)
    sha = hashlib.sha256(photo).hexdigest()
    m1.upload_blob(sha, photo)
    stored = sheet_bytes(people.m1, photos=[sha])
    m1.push_sheet(stored)
    half = photo_bytes(256 * 1024)
    half_sha = hashlib.sha256(half).hexdigest()
    resp = m1.send_raw(m1.build("PATCH", P.blob_path(half_sha), body=half[:100_000], content_type=P.BLOB_MEDIA_TYPE,
                                headers={P.HEADER_UPLOAD_OFFSET: "0", P.HEADER_UPLOAD_LENGTH: str(len(half))}))
    assert resp.status_code == 204, resp.text
    revoked = make_person(tmp_path_factory.mktemp("revoked"), "已吊销")
    admin = hub.admin()
    admin.enroll(revoked.identity.cert_pem, "member")
    admin.revoke(revoked.fingerprint)
    return {"hub": hub, "stored": stored, "half": (half_sha, half), "revoked": revoked, "photo": (sha, photo)}


def _expect(hub, resp: httpx.Response, status: int, code: str) -> None:
    assert resp.status_code == status, f"{resp.status_code} {resp.text[:300]}"
    body = resp.json()
    assert body["code"] == code
    assert body["message"]["zh"] and body["message"]["en"]
    assert "Traceback" not in resp.text


@pytest.fixture
def unchanged(prepared):
    hub = prepared["hub"]
    before = hub.snapshot()
    yield prepared
    assert hub.snapshot() == before, "a refused request changed the hub's data"


def _sheet_req(c, body: bytes) -> httpx.Request:
    return c.build("POST", P.PATH_SHEETS, body=body, content_type=P.SHEET_MEDIA_TYPE)


def test_tampered_signature(unchanged, people):
    c = unchanged["hub"].client(people.m1)
    req = _sheet_req(c, sheet_bytes(people.m1))
    label, _, value = req.headers["Signature"].partition("=:")
    raw = bytearray(base64.b64decode(value.rstrip(":")))
    raw[10] ^= 1
    req.headers["Signature"] = f"{label}=:{base64.b64encode(bytes(raw)).decode()}:"
    _expect(unchanged["hub"], c.send_raw(req), 401, "bad_signature")


def test_tampered_body(unchanged, people):
    c = unchanged["hub"].client(people.m1)
    good = sheet_bytes(people.m1)
    req = _sheet_req(c, good)
    evil = good.replace(b'"revision":1', b'"revision":2')
    assert evil != good
    req2 = httpx.Request(req.method, req.url, headers=req.headers, content=evil)
    req2.headers["Content-Length"] = str(len(evil))
    _expect(unchanged["hub"], c.send_raw(req2), 401, "bad_digest")


def test_tampered_digest_header(unchanged, people):
    c = unchanged["hub"].client(people.m1)
    evil = sheet_bytes(people.m1)
    req = _sheet_req(c, b"{}")
    req2 = httpx.Request(req.method, req.url, headers=req.headers, content=evil)
    req2.headers["Content-Length"] = str(len(evil))
    req2.headers["Content-Digest"] = P.content_digest(evil)  # the signature covered the old digest
    _expect(unchanged["hub"], c.send_raw(req2), 401, "bad_signature")


def test_unsigned_request(unchanged, people):
    c = unchanged["hub"].client(people.m1)
    _expect(unchanged["hub"], c.send_raw(c.build("GET", P.PATH_CHANGES, signed=False)), 401, "unsigned")


def test_unenrolled_certificate(unchanged, people):
    c = unchanged["hub"].client(people.outsider)
    _expect(unchanged["hub"], c.send_raw(_sheet_req(c, sheet_bytes(people.outsider))), 401, "unknown_key")


def test_revoked_certificate(unchanged):
    who = unchanged["revoked"]
    c = unchanged["hub"].client(who)
    _expect(unchanged["hub"], c.send_raw(_sheet_req(c, sheet_bytes(who))), 403, "revoked")


def test_member_posing_as_chair(unchanged, people):
    hub = unchanged["hub"]
    s1, s2 = unchanged["stored"], sheet_bytes(people.m2, shift=1)
    # a member pushes only a copy carrying their own co-signature (issue 11); one without it is
    # the chair's to push
    pb = panel_bytes(people.chair, [people.m2], [s1, s2])
    c = hub.client(people.m1)
    _expect(hub, c.send_raw(c.build("POST", P.PATH_PANELS, body=pb, content_type=P.PANEL_MEDIA_TYPE)),
            403, "forbidden")
    # and admin-only operations
    _expect(hub, c.send_raw(c.build("POST", P.PATH_ADMIN_ENROLL, content_type=P.JSON_MEDIA_TYPE,
                                    body=json.dumps({"certificate": people.outsider.identity.cert_pem,
                                                     "role": "chair"}).encode())), 403, "forbidden")


def test_replayed_request(prepared, people):
    hub = prepared["hub"]
    c = hub.client(people.m1)
    req = c.build("GET", P.PATH_CHANGES, params={"since": 0})
    assert c.send_raw(req).status_code == 200
    before = hub.snapshot()
    again = httpx.Request(req.method, req.url, headers=req.headers)
    _expect(hub, c.send_raw(again), 401, "replay")
    # a replayed document push is refused before it is looked at
    s = sheet_bytes(people.m2, shift=2)
    req = _sheet_req(c, s)
    first = c.send_raw(req)
    assert first.status_code == 403  # m1 may not push m2's sheet; the nonce is spent all the same
    mid = hub.snapshot()
    _expect(hub, c.send_raw(httpx.Request(req.method, req.url, headers=req.headers, content=s)), 401, "replay")
    assert hub.snapshot() == mid == before


def test_stale_created(unchanged, people):
    c = unchanged["hub"].client(people.m1, clock=lambda: time.time() - P.MAX_CLOCK_SKEW_S - 30)
    _expect(unchanged["hub"], c.send_raw(c.build("GET", P.PATH_CHANGES)), 401, "stale")
    c2 = unchanged["hub"].client(people.m1, clock=lambda: time.time() + P.MAX_CLOCK_SKEW_S + 30)
    _expect(unchanged["hub"], c2.send_raw(c2.build("GET", P.PATH_CHANGES)), 401, "stale")


def test_sheet_naming_a_missing_photo(unchanged, people):
    c = unchanged["hub"].client(people.m2)
    missing = hashlib.sha256(b"never uploaded").hexdigest()
    resp = c.send_raw(_sheet_req(c, sheet_bytes(people.m2, photos=[missing])))
    _expect(unchanged["hub"], resp, 422, "missing_blobs")
    assert resp.json()["missing"] == [missing]


def test_chunk_at_the_wrong_offset(unchanged, people):
    c = unchanged["hub"].client(people.m1)
    sha, data = unchanged["half"]
    resp = c.send_raw(c.build("PATCH", P.blob_path(sha), body=data[200_000:], content_type=P.BLOB_MEDIA_TYPE,
                              headers={P.HEADER_UPLOAD_OFFSET: "200000", P.HEADER_UPLOAD_LENGTH: str(len(data))}))
    _expect(unchanged["hub"], resp, 409, "offset_mismatch")
    assert resp.json()["offset"] == 100_000 and resp.headers[P.HEADER_UPLOAD_OFFSET] == "100000"


def test_blob_whose_bytes_do_not_hash_to_its_name(prepared, people):
    hub = prepared["hub"]
    before = hub.snapshot()
    c = hub.client(people.m1)
    data = photo_bytes(50_000)
    wrong = hashlib.sha256(b"something else").hexdigest()
    resp = c.send_raw(c.build("PATCH", P.blob_path(wrong), body=data, content_type=P.BLOB_MEDIA_TYPE,
                              headers={P.HEADER_UPLOAD_OFFSET: "0", P.HEADER_UPLOAD_LENGTH: str(len(data))}))
    _expect(hub, resp, 422, "hash_mismatch")
    assert c.blob_offset(wrong) == (0, False)
    assert hub.snapshot() == before


@pytest.mark.parametrize("what", ["document", "chunk", "json"])
def test_oversized_body(unchanged, people, what):
    c = unchanged["hub"].client(people.m1)
    if what == "document":
        body = b" " * (P.MAX_DOCUMENT_BYTES + 1)
        req = _sheet_req(c, body)
    elif what == "chunk":
        body = b"\0" * (P.MAX_CHUNK_BYTES + 1)
        req = c.build("PATCH", P.blob_path("ab" * 32), body=body, content_type=P.BLOB_MEDIA_TYPE,
                      headers={P.HEADER_UPLOAD_OFFSET: "0", P.HEADER_UPLOAD_LENGTH: str(len(body))})
    else:
        body = json.dumps({"sha256": ["ab" * 32] * 20_000}).encode()
        req = c.build("POST", P.PATH_BLOBS_MISSING, body=body, content_type=P.JSON_MEDIA_TYPE)
    _expect(unchanged["hub"], c.send_raw(req), 413, "too_large")


@pytest.mark.parametrize("body", [b"{not json", b"\xff\xfe", b'{"sha256": "ab"}', b"[]", b""])
def test_malformed_json(unchanged, people, body):
    c = unchanged["hub"].client(people.m1)
    req = c.build("POST", P.PATH_BLOBS_MISSING, body=body, content_type=P.JSON_MEDIA_TYPE)
    _expect(unchanged["hub"], c.send_raw(req), 400, "malformed")


@pytest.mark.parametrize("body", [b"{not json", b'{"format":"workbench-sheet/1"}', b"\xff"])
def test_malformed_document(unchanged, people, body):
    c = unchanged["hub"].client(people.m1)
    _expect(unchanged["hub"], c.send_raw(_sheet_req(c, body)), 422, "invalid_document")


def test_sheet_whose_own_signature_is_broken(unchanged, people):
    doc = sheet_doc(people.m1)
    doc["items"]["B1.1"]["note"] = "changed after signing"
    c = unchanged["hub"].client(people.m1)
    resp = c.send_raw(_sheet_req(c, canonical_bytes(doc) + b"\n"))
    _expect(unchanged["hub"], resp, 422, "invalid_document")


def test_different_bytes_under_the_same_key_is_a_conflict_both_kept(prepared, people):
    """Not a refusal of garbage but the protocol's conflict: recorded, nothing overwritten."""
    hub = prepared["hub"]
    c = hub.client(people.m1)
    stored = json.loads(prepared["stored"])
    before = hub.snapshot()
    other = sheet_doc(people.m1, shift=3)
    other["sheet_id"] = stored["sheet_id"]  # same key, re-signed: a second version of revision 1
    from helpers.docs import RUBRIC

    from workbench.signing.sheet import sheet_file_bytes, sign_sheet
    other = sign_sheet(other, people.m1.identity, people.m1.key, RUBRIC)
    resp = c.send_raw(_sheet_req(c, sheet_file_bytes(other)))
    _expect(hub, resp, 409, "conflict")
    after = hub.snapshot()[0]
    assert after["sheets"] == before[0]["sheets"], "the stored revision was not replaced"
    assert len(after["conflicts"]) == len(before[0]["conflicts"]) + 1
    again = c.send_raw(_sheet_req(c, sheet_file_bytes(other)))
    _expect(hub, again, 409, "conflict")
    assert hub.snapshot()[0]["conflicts"] == after["conflicts"], "the same conflict is recorded once"


def test_a_pinned_client_refuses_another_hub_before_sending_anything(unchanged, people):
    hub = unchanged["hub"]
    real = hub.client(people.m1).hub_info().fingerprint
    from workbench.signing.identity import format_fingerprint
    from workbench.sync.client import HubMismatch

    good = hub.client(people.m1, hub_fingerprint=format_fingerprint(real).upper())  # as read off a screen
    assert good.whoami()["fingerprint"] == people.m1.fingerprint
    wrong = hub.client(people.m1, hub_fingerprint="0" * 64)
    sent: list[str] = []
    wrong._http.event_hooks["request"].append(lambda r: sent.append(f"{r.method} {r.url.path}"))
    with pytest.raises(HubMismatch) as ei:
        wrong.push_sheet(unchanged["stored"])
    assert ei.value.code == "hub_mismatch"
    assert sent == ["GET /v1/hub"], "a signed request went to an unverified hub"
