"""Signed-request authentication: every bad request is a 401/403 with its code, and leaves
the hub's data as it was (no document, no nonce consumed for a refused signature)."""

from __future__ import annotations

import time

from sqlalchemy import func, select

from workbench.sync.hub.models import Document, Enrollment, Nonce
from workbench.sync.protocol import content_digest


def _count(api, model) -> int:
    with api.hub.maker() as s:
        return s.execute(select(func.count()).select_from(model)).scalar_one()


def test_whoami_names_the_enrolled_role(api, people):
    r = api.send(people.chair, "GET", "/v1/whoami")
    assert r.status_code == 200
    assert r.json() == {"fingerprint": people.chair.fingerprint, "role": "chair",
                        "name": people.chair.identity.name, "org": people.chair.identity.org}


def test_hub_info_is_unsigned_and_names_the_receipt_key(api):
    r = api.http.get("/v1/hub")
    assert r.status_code == 200
    body = r.json()
    assert body["protocol"] == 1 and body["hub_id"] == api.hub.hub_id
    assert body["fingerprint"] == api.hub.fingerprint and "BEGIN CERTIFICATE" in body["certificate"]


def test_unsigned_request_is_refused(api):
    r = api.http.get("/v1/whoami")
    assert r.status_code == 401 and r.json()["code"] == "unsigned"
    assert set(r.json()["message"]) == {"zh", "en"}


def test_body_other_than_signed_digest(api, people):
    before = _count(api, Nonce)
    r = api.send(people.m1, "POST", "/v1/blobs/missing", b'{"sha256": []}', content_type="application/json",
                 sign_body=b'{"sha256": ["x"]}')
    assert r.status_code == 401 and r.json()["code"] == "bad_digest"
    assert _count(api, Nonce) == before


def test_digest_header_changed_after_signing(api, people):
    req = api.build(people.m1, "POST", "/v1/blobs/missing", b'{"sha256": []}')
    req.headers["Content-Digest"] = content_digest(b'{"sha256": ["a"]}')
    r = api.http.send(req)
    assert r.status_code == 401 and r.json()["code"] == "bad_signature"


def test_tampered_signature(api, people):
    req = api.build(people.m1, "GET", "/v1/whoami")
    sig = req.headers["Signature"]
    i = sig.index(":") + 5
    req.headers["Signature"] = sig[:i] + ("A" if sig[i] != "A" else "B") + sig[i + 1:]
    r = api.http.send(req)
    assert r.status_code == 401 and r.json()["code"] == "bad_signature"


def test_signature_for_another_target_uri(api, people):
    req = api.build(people.m1, "GET", "/v1/whoami")
    signed = api.http.build_request("GET", "/v1/conflicts")
    for h in ("Signature", "Signature-Input", "Content-Digest"):
        signed.headers[h] = req.headers[h]
    r = api.http.send(signed)
    assert r.status_code == 401 and r.json()["code"] == "bad_signature"


def test_another_persons_key_under_my_keyid(api, people):
    req = api.build(people.m2, "GET", "/v1/whoami")
    req.headers["Signature-Input"] = req.headers["Signature-Input"].replace(people.m2.fingerprint,
                                                                            people.m1.fingerprint)
    r = api.http.send(req)
    assert r.status_code == 401 and r.json()["code"] == "bad_signature"


def test_unenrolled_certificate(api, people):
    r = api.send(people.outsider, "GET", "/v1/whoami")
    assert r.status_code == 401 and r.json()["code"] == "unknown_key"


def test_revoked_certificate(api, people):
    from workbench.sync.hub import admin
    admin.revoke(api.hub, people.m2.fingerprint)
    r = api.send(people.m2, "GET", "/v1/whoami")
    assert r.status_code == 403 and r.json()["code"] == "revoked"


def test_certificate_not_valid_now(api, people):
    with api.hub.maker() as s, s.begin():
        s.get(Enrollment, people.m1.fingerprint).not_after = int(time.time()) - 10
    r = api.send(people.m1, "GET", "/v1/whoami")
    assert r.status_code == 403 and r.json()["code"] == "expired"


def test_stale_and_future_created(api, people):
    for created in (int(time.time()) - 301 - 5, int(time.time()) + 301 + 5):
        r = api.send(people.m1, "GET", "/v1/whoami", created=created)
        assert r.status_code == 401 and r.json()["code"] == "stale"
    r = api.send(people.m1, "GET", "/v1/whoami", created=int(time.time()) - 250)
    assert r.status_code == 200


def test_replayed_request_is_refused_and_changes_nothing(api, people):
    from helpers.docs import sheet_bytes
    data = sheet_bytes(people.m1)
    req = api.build(people.m1, "POST", "/v1/sheets", data,
                    headers={"Content-Type": "application/vnd.workbench.sheet+json"})
    first = api.http.send(req)
    assert first.status_code == 201
    docs = _count(api, Document)
    again = api.http.send(req)
    assert again.status_code == 401 and again.json()["code"] == "replay"
    assert _count(api, Document) == docs


def test_same_nonce_with_a_fresh_signature_is_still_a_replay(api, people):
    nonce = "n" * 20
    assert api.send(people.m1, "GET", "/v1/whoami", nonce=nonce).status_code == 200
    r = api.send(people.m1, "GET", "/v1/whoami", nonce=nonce)
    assert r.status_code == 401 and r.json()["code"] == "replay"


def test_malformed_signature_headers(api, people):
    req = api.build(people.m1, "GET", "/v1/whoami")
    for name, value in [("Signature-Input", "wb=garbage(("), ("Signature-Input", 'other=("@method");created=1'),
                        ("Signature-Input", req.headers["Signature-Input"].replace('nonce="', 'nonce="!'))]:
        bad = api.http.build_request("GET", "/v1/whoami")
        for h in ("Signature", "Signature-Input", "Content-Digest"):
            bad.headers[h] = req.headers[h]
        bad.headers[name] = value
        r = api.http.send(bad)
        assert r.status_code == 401 and r.json()["code"] == "bad_signature", value


def test_signature_must_cover_the_digest(api, people):
    from workbench.sync.client import RequestSigner
    req = api.http.build_request("GET", "/v1/whoami")
    signer = RequestSigner(people.m1.fingerprint, people.m1.key)
    signer._signer.sign(req, key_id=people.m1.fingerprint, label="wb", nonce="abcdefghijklmnopq",
                        covered_component_ids=("@method", "@target-uri"))
    req.headers["Content-Digest"] = content_digest(b"")
    r = api.http.send(req)
    assert r.status_code == 401 and r.json()["code"] == "bad_signature"


def test_nonces_older_than_the_window_are_purged(api, people, monkeypatch):
    from workbench.sync.hub import auth
    with api.hub.maker() as s, s.begin():
        s.add(Nonce(nonce="old-nonce-0123456789", keyid=people.m1.fingerprint, created=int(time.time()) - 3600))
    monkeypatch.setattr(auth, "_PURGE_EVERY", 1)
    assert api.send(people.m1, "GET", "/v1/whoami").status_code == 200
    with api.hub.maker() as s:
        assert s.get(Nonce, "old-nonce-0123456789") is None


def test_every_signed_document_request_consumes_its_nonce(api, people):
    """Stored (nonce in the storing transaction), refused, or a conflict: sent again, each
    is a replay, and the hub's documents are unchanged by the replay."""
    from helpers.docs import sheet_bytes
    sheet = "application/vnd.workbench.sheet+json"
    data = sheet_bytes(people.m1)
    stored = api.build(people.m1, "POST", "/v1/sheets", data, headers={"Content-Type": sheet})
    assert api.http.send(stored).status_code == 201
    with api.hub.maker() as s:
        assert s.get(Nonce, _nonce_of(stored)) is not None
    refused = api.build(people.m2, "POST", "/v1/sheets", data, headers={"Content-Type": sheet})
    assert api.http.send(refused).status_code == 403
    bad = api.build(people.m1, "POST", "/v1/sheets", b"{}", headers={"Content-Type": sheet})
    assert api.http.send(bad).status_code == 422
    dup = api.build(people.m1, "POST", "/v1/sheets", data, headers={"Content-Type": sheet})
    assert api.http.send(dup).status_code == 200
    docs = _count(api, Document)
    for req in (stored, refused, bad, dup):
        r = api.http.send(req)
        assert r.status_code == 401 and r.json()["code"] == "replay"
    assert _count(api, Document) == docs


def _nonce_of(req) -> str:  # noqa: ANN001
    v = req.headers["Signature-Input"]
    return v.split('nonce="', 1)[1].split('"', 1)[0]
