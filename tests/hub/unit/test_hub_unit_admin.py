"""Admin: enrollment decides the role, revocation, assignment, publishing rubrics and
packages; the admin endpoints refuse everyone but an admin."""

from __future__ import annotations

import json

import pytest
from helpers.docs import demo_package, full_scores, school_code
from helpers.identities import make_person

from workbench.evidence import demo_package_path
from workbench.resources import resource
from workbench.rubric.loader import rubric_from_data
from workbench.signing.sheet import ItemRecord, build_sheet, sheet_file_bytes, sign_sheet
from workbench.sync.hub import admin
from workbench.sync.hub.errors import HubError

JSON = "application/json"


def post(api, person, path: str, obj) -> object:  # noqa: ANN001
    return api.send(person, "POST", path, json.dumps(obj, ensure_ascii=False).encode(), content_type=JSON)


def test_admin_endpoints_refuse_non_admins(api, people):
    for p in (people.m1, people.chair):
        r = post(api, p, "/v1/admin/enroll", {"certificate": people.outsider.identity.cert_pem, "role": "member"})
        assert r.status_code == 403 and r.json()["code"] == "forbidden"
    r = post(api, people.m1, "/v1/admin/revoke", {"fingerprint": people.m2.fingerprint})
    assert r.status_code == 403
    assert api.send(people.m2, "GET", "/v1/whoami").status_code == 200


def test_enroll_through_the_endpoint(api, people):
    body = {"certificate": people.outsider.identity.cert_pem, "role": "member"}
    r = post(api, people.admin, "/v1/admin/enroll", body)
    assert r.status_code == 201 and r.json()["fingerprint"] == people.outsider.fingerprint
    assert post(api, people.admin, "/v1/admin/enroll", body).status_code == 200
    assert api.send(people.outsider, "GET", "/v1/whoami").json()["role"] == "member"
    r = post(api, people.admin, "/v1/admin/enroll", {"certificate": "not a certificate", "role": "member"})
    assert r.status_code == 400 and r.json()["code"] == "malformed"
    r = post(api, people.admin, "/v1/admin/enroll", {"certificate": body["certificate"], "role": "king"})
    assert r.status_code == 400
    r = post(api, people.admin, "/v1/admin/enroll", {**body, "extra": 1})
    assert r.status_code == 400


def test_a_certificate_whose_title_disagrees_is_refused(api, people):
    with pytest.raises(HubError) as e:
        admin.enroll(api.hub, people.m1.identity.cert_pem, "chair")  # a member's certificate as chair
    assert e.value.code == "forbidden"
    r = post(api, people.admin, "/v1/admin/enroll", {"certificate": people.m1.identity.cert_pem, "role": "chair"})
    assert r.status_code == 403
    assert api.send(people.m1, "GET", "/v1/whoami").json()["role"] == "member"


def test_revoke_is_final(api, people):
    r = post(api, people.admin, "/v1/admin/revoke", {"fingerprint": people.m2.fingerprint})
    assert r.status_code == 200 and r.json()["revoked_at"]
    assert api.send(people.m2, "GET", "/v1/whoami").json()["code"] == "revoked"
    with pytest.raises(HubError) as e:
        admin.enroll(api.hub, people.m2.identity.cert_pem, "member")
    assert e.value.code == "revoked"
    r = post(api, people.admin, "/v1/admin/revoke", {"fingerprint": "00" * 32})
    assert r.status_code == 404


def test_assign_needs_enrolled_members(api, people):
    r = post(api, people.admin, "/v1/admin/assign",
             {"school": "MJ-X", "panel": "p", "members": [people.outsider.fingerprint]})
    assert r.status_code == 404
    r = post(api, people.admin, "/v1/admin/assign",
             {"school": "MJ-X", "panel": "p", "members": [people.m1.fingerprint], "county": "麻江县"})
    assert r.status_code == 200 and r.json()["assignment"]["county"] == "麻江县"
    r = post(api, people.admin, "/v1/admin/assign", {"school": "", "panel": "p", "members": []})
    assert r.status_code == 400


def _other_rubric() -> dict:
    data = json.loads(resource("rubrics", "majiang-2015.json").read_text(encoding="utf-8"))
    data["id"] = "test-county-2026"
    return data


def test_published_rubric_is_pulled_and_sheets_under_it_verify(api, people):
    data = _other_rubric()
    rubric = rubric_from_data(data)
    pkg = demo_package()
    items = {iid: ItemRecord(v) for iid, v in full_scores().items()}
    unsigned = build_sheet(rubric, school=dict(pkg.manifest["school"], application_type="qualified"),
                           manifest_hash=pkg.manifest_hash, items=items)
    sheet = sheet_file_bytes(sign_sheet(unsigned, people.m1.identity, people.m1.key, rubric))
    r = api.send(people.m1, "POST", "/v1/sheets", sheet, content_type="application/vnd.workbench.sheet+json")
    assert r.status_code == 422 and r.json()["code"] == "unknown_rubric"
    r = post(api, people.admin, "/v1/admin/publish", {"rubric": data})
    assert r.status_code == 200 and r.json()["hash"] == rubric.hash
    assert post(api, people.admin, "/v1/admin/publish", {"rubric": data}).status_code == 200  # idempotent
    feed = api.send(people.other, "GET", "/v1/changes").json()["changes"]
    assert [(c["kind"], c["id"], c["hash"]) for c in feed] == [("rubric", "test-county-2026", rubric.hash)]
    got = api.send(people.other, "GET", f"/v1/documents/{rubric.hash}")
    assert rubric_from_data(got.json()).hash == rubric.hash
    r = api.send(people.m1, "POST", "/v1/sheets", sheet, content_type="application/vnd.workbench.sheet+json")
    assert r.status_code == 201
    bad = dict(data, total_points="7")
    r = post(api, people.admin, "/v1/admin/publish", {"rubric": bad})
    assert r.status_code == 422 and r.json()["code"] == "invalid_document"
    r = post(api, people.admin, "/v1/admin/publish", {"rubric": data, "package": "a" * 64})
    assert r.status_code == 400


def test_publish_a_package(api, people):
    out = admin.publish_path(api.hub, demo_package_path())
    assert out["kind"] == "package" and out["id"] == school_code()
    sha = out["hash"][7:]
    assert api.hub.blobs.path(sha).read_bytes() == demo_package_path().read_bytes()
    feed = api.send(people.m1, "GET", "/v1/changes").json()["changes"]
    assert ("package", out["hash"]) in [(c["kind"], c["hash"]) for c in feed]
    r = api.send(people.m1, "GET", f"/v1/documents/{out['hash']}")
    assert r.status_code == 200 and r.content == demo_package_path().read_bytes()
    assert api.send(people.other, "GET", f"/v1/documents/{out['hash']}").status_code == 404
    # a blob that is not a package
    junk = b"not a zip at all"
    import hashlib
    h = hashlib.sha256(junk).hexdigest()
    api.send(people.admin, "PATCH", f"/v1/blobs/{h}", junk, content_type="application/offset+octet-stream",
             headers={"Upload-Offset": "0", "Upload-Length": str(len(junk))})
    r = post(api, people.admin, "/v1/admin/publish", {"package": h})
    assert r.status_code == 422
    r = post(api, people.admin, "/v1/admin/publish", {"package": "b" * 64})
    assert r.status_code == 422 and r.json()["code"] == "missing_blobs"


def test_an_admin_certificate_may_carry_any_title(api, tmp_path):
    p = make_person(tmp_path / "a2", "孙管理", role="chair")
    created, rec = admin.enroll(api.hub, p.identity.cert_pem, "admin")
    assert created and rec["role"] == "admin"
