"""Revocations in the change feed (issue 11): revoking a certificate adds one `revocation`
change that every enrolled client sees (like rubrics, whatever their panels), naming a
hub-signed document with the certificate and the time of revocation."""

from __future__ import annotations

import json

from workbench.rubric.canonical import canonical_bytes
from workbench.signing.ecdsa import decode_b64_signature, verify_low_s
from workbench.sync.hub import admin


def feed(api, person) -> list[dict]:  # noqa: ANN001
    r = api.send(person, "GET", "/v1/changes")
    assert r.status_code == 200, r.text
    return r.json()["changes"]


def test_a_revocation_reaches_every_client_once_with_a_signed_document(api, people):
    before = feed(api, people.admin)
    assert admin.revoke(api.hub, people.m2.fingerprint)["revoked_at"]
    admin.revoke(api.hub, people.m2.fingerprint)  # again: already revoked, no second change
    after = feed(api, people.admin)
    assert [c["seq"] for c in after] == list(range(1, len(before) + 2))  # gap-free, one more
    [rev] = [c for c in after if c["kind"] == "revocation"]
    assert rev == {"seq": len(before) + 1, "kind": "revocation", "id": people.m2.fingerprint,
                   "hash": "sha256:" + people.m2.fingerprint, "school": None}
    # a member of the panel and someone on no panel both see it
    for who in (people.m1, people.other):
        assert rev in feed(api, who)
    assert api.send(people.other, "GET", "/v1/changes", params={"school": "NO-SUCH"}).json()["changes"] == [rev]

    r = api.send(people.m1, "GET", f"/v1/documents/{rev['hash']}")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    doc = json.loads(r.content)
    assert doc["format"] == "workbench-revocation/1" and doc["hub_id"] == api.hub.hub_id
    assert doc["fingerprint"] == people.m2.fingerprint and doc["certificate"] == people.m2.identity.cert_pem
    assert doc["role"] == "member" and doc["revoked_at"].endswith("Z")
    sig = doc.pop("signature")
    verify_low_s(api.hub.cert.public_key(), decode_b64_signature(sig["value"]), canonical_bytes(doc))

    # a certificate that is enrolled and not revoked has no such document
    r = api.send(people.m1, "GET", f"/v1/documents/sha256:{people.m1.fingerprint}")
    assert r.status_code == 404
