"""Pull: the change feed and documents, filtered to the caller's panels; cursors skip nothing."""

from __future__ import annotations

import json

from helpers.docs import school_code, sheet_bytes

from workbench.signing.sheet import sheet_hash
from workbench.sync.hub import admin

SHEET = "application/vnd.workbench.sheet+json"


def changes(api, person, **params):  # noqa: ANN001, ANN201
    r = api.send(person, "GET", "/v1/changes", params=params)
    assert r.status_code == 200, r.text
    return r.json()


def test_members_see_their_panel_others_see_nothing(api, people):
    s1, s2 = sheet_bytes(people.m1), sheet_bytes(people.m2)
    for p, d in ((people.m1, s1), (people.m2, s2)):
        assert api.send(p, "POST", "/v1/sheets", d, content_type=SHEET).status_code == 201
    feed = changes(api, people.m1)
    kinds = [(c["kind"], c["hash"]) for c in feed["changes"]]
    assert kinds[0][0] == "assignment"
    assert ("sheet", sheet_hash(json.loads(s2))) in kinds and ("sheet", sheet_hash(json.loads(s1))) in kinds
    assert feed["cursor"] == 3 and feed["more"] is False
    # the other member's sheet, byte for byte
    doc = api.send(people.m1, "GET", f"/v1/documents/{sheet_hash(json.loads(s2))}")
    assert doc.status_code == 200 and doc.content == s2
    # someone on no panel: nothing, but the cursor still moves past it all
    assert changes(api, people.other) == {"cursor": 3, "more": False, "changes": []}
    r = api.send(people.other, "GET", f"/v1/documents/{sheet_hash(json.loads(s2))}")
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    assert len(changes(api, people.admin)["changes"]) == 3


def test_assignment_document_carries_the_members_certificates(api, people):
    feed = changes(api, people.chair)
    a = feed["changes"][0]
    assert a["kind"] == "assignment" and a["id"] == school_code()
    body = api.send(people.chair, "GET", f"/v1/documents/{a['hash']}").json()
    assert body["format"] == "workbench-assignment/1"
    fps = {m["fingerprint"]: m for m in body["members"]}
    assert set(fps) == {people.chair.fingerprint, people.m1.fingerprint, people.m2.fingerprint}
    assert fps[people.m1.fingerprint]["certificate"] == people.m1.identity.cert_pem
    assert fps[people.chair.fingerprint]["role"] == "chair"


def test_pages_and_cursor(api, people):
    for p in (people.m1, people.m2, people.chair):
        api.send(p, "POST", "/v1/sheets", sheet_bytes(p), content_type=SHEET)
    seen, cursor, pages = [], 0, 0
    while True:
        feed = changes(api, people.m1, since=cursor, limit=2)
        seen += [c["seq"] for c in feed["changes"]]
        cursor, pages = feed["cursor"], pages + 1
        if not feed["more"]:
            break
    assert seen == [1, 2, 3, 4] and pages == 2 and cursor == 4
    assert changes(api, people.m1, since=4)["changes"] == []
    # a cursor beyond the hub's newest change stays where it is
    assert changes(api, people.m1, since=99)["cursor"] == 99


def test_reassigning_a_school_and_school_history(api, people):
    api.send(people.m1, "POST", "/v1/sheets", sheet_bytes(people.m1), content_type=SHEET)
    assert changes(api, people.other)["changes"] == []
    admin.assign(api.hub, school_code(), "第二评估组", [people.chair.fingerprint, people.other.fingerprint])
    feed = changes(api, people.other, since=0, school=school_code())
    assert [c["kind"] for c in feed["changes"]] == ["assignment", "sheet", "assignment"]
    # m1 is no longer on the panel
    assert changes(api, people.m1, since=2)["changes"] == []
    # the same assignment again changes nothing
    n = changes(api, people.admin)["cursor"]
    admin.assign(api.hub, school_code(), "第二评估组", [people.other.fingerprint, people.chair.fingerprint])
    assert changes(api, people.admin)["cursor"] == n


def test_bad_query_parameters(api, people):
    for params in ({"since": -1}, {"limit": 0}, {"limit": 5000}, {"since": "x"}, {"since": 2**70}):
        r = api.send(people.m1, "GET", "/v1/changes", params=params)
        assert r.status_code == 400 and r.json()["code"] == "malformed", params
    r = api.send(people.m1, "GET", "/v1/documents/sha256:zz")
    assert r.status_code == 404


def test_unknown_paths_and_methods_answer_json(api, people):
    r = api.http.get("/v2/anything")
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    r = api.http.put("/v1/hub")
    assert r.status_code == 405 and r.json()["code"] == "method_not_allowed"
    assert "traceback" not in r.text.lower()


def test_openapi_describes_every_path(api):
    spec = api.http.get("/openapi.json").json()
    for path in ("/v1/hub", "/v1/sheets", "/v1/panels", "/v1/blobs/missing", "/v1/blobs/{sha256}",
                 "/v1/receipts", "/v1/changes", "/v1/documents/{hash}", "/v1/conflicts",
                 "/v1/admin/enroll", "/v1/admin/revoke", "/v1/admin/assign", "/v1/admin/publish"):
        assert path in spec["paths"], path
    names = {p["name"] for p in spec["paths"]["/v1/sheets"]["post"]["parameters"]}
    assert {"Signature", "Signature-Input", "Content-Digest"} <= names
