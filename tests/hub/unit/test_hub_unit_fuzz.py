"""Properly signed requests with arbitrary bodies, headers and parameters: the hub answers
a 4xx with a stable code, never a 5xx (schemathesis covers the unsigned surface)."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.sync.protocol import ERRORS

_json = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20) |
                     st.floats(allow_nan=False, allow_infinity=False),
                     lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=10), c, max_size=4),
                     max_leaves=12)
_SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))


def _ok(r) -> None:  # noqa: ANN001
    assert r.status_code < 500, r.text
    if r.status_code >= 400 and r.request.method != "HEAD":
        body = r.json()
        assert body["code"] in ERRORS and set(body["message"]) == {"zh", "en"}


_BODIES = st.one_of(_json.map(lambda v: json.dumps(v).encode()), st.binary(max_size=200),
                    st.sampled_from([b"1" * 5000, b"[" * 5000, b'{"a":' * 3000, b"\xff\xfe", b'"\\ud800"']))


@_SETTINGS
@given(body=_BODIES, path=st.sampled_from(["/v1/sheets", "/v1/panels", "/v1/blobs/missing", "/v1/admin/enroll",
                                           "/v1/admin/revoke", "/v1/admin/assign", "/v1/admin/publish"]))
def test_signed_posts_with_arbitrary_bodies(api, people, body, path):
    _ok(api.send(people.admin, "POST", path, body, content_type="application/json"))


_OBJECTS = st.fixed_dictionaries({}, optional={
    "school": st.one_of(st.text(max_size=80), st.integers(), st.none()),
    "panel": st.text(max_size=300), "county": st.text(max_size=300) | st.none(),
    "members": st.lists(st.text(max_size=70), max_size=3),
    "certificate": st.text(max_size=50), "role": st.text(max_size=10), "fingerprint": st.text(max_size=80),
    "sha256": st.lists(st.text(alphabet="0123456789abcdefXYZ", min_size=60, max_size=66), max_size=3),
    "rubric": _json, "package": st.text(max_size=70)})


@_SETTINGS
@given(obj=_OBJECTS, path=st.sampled_from(["/v1/blobs/missing", "/v1/admin/enroll", "/v1/admin/revoke",
                                           "/v1/admin/assign", "/v1/admin/publish"]))
def test_signed_admin_objects(api, people, obj, path):
    _ok(api.send(people.admin, "POST", path, json.dumps(obj).encode(), content_type="application/json"))


@_SETTINGS
@given(since=st.text(max_size=25) | st.integers().map(str), limit=st.text(max_size=25) | st.integers().map(str),
       school=st.text(max_size=80), name=st.text(alphabet="0123456789abcdefsha:%/.", max_size=80))
def test_signed_reads_with_arbitrary_parameters(api, people, since, limit, school, name):
    for path, params in (("/v1/changes", {"since": since, "limit": limit, "school": school}),
                         ("/v1/receipts", {"since": since, "limit": limit})):
        _ok(api.send(people.m1, "GET", path, params=params))
    if "/" not in name and "%" not in name and "." not in name:
        _ok(api.send(people.m1, "GET", f"/v1/documents/{name}"))


@_SETTINGS
@given(offset=st.text(max_size=25), length=st.text(max_size=25), chunk=st.binary(max_size=64),
       sha=st.sampled_from(["a" * 64, "b" * 63, "C" * 64]))
def test_signed_patches_with_arbitrary_headers(api, people, offset, length, chunk, sha):
    headers = {}
    if offset.isprintable() and offset.isascii():
        headers["Upload-Offset"] = offset
    if length.isprintable() and length.isascii():
        headers["Upload-Length"] = length
    _ok(api.send(people.m1, "PATCH", f"/v1/blobs/{sha}", chunk, content_type="application/offset+octet-stream",
                 headers=headers))
    _ok(api.send(people.m1, "HEAD", f"/v1/blobs/{sha}"))


def test_hostile_json_documents(api, people):
    """Lone surrogates, huge integers, deep nesting, duplicate keys inside a sheet-shaped or
    panel-shaped document, and inside a rubric to publish: each a 4xx."""
    from helpers.docs import sheet_bytes
    real = sheet_bytes(people.m1)
    cases = [real.replace(b'"revision":1', b'"revision":' + b"9" * 5000),
             real.replace(b'"note":""', b'"note":"\\ud800"', 1),
             real.replace(b'"revision":1', b'"revision":1,"revision":2'),
             b'{"format":"workbench-panel/1","a":' * 2000 + b"1" + b"}" * 2000,
             real.replace(b'"revision":1', b'"revision":2147483648')]
    for body in cases:
        for path, ct in (("/v1/sheets", "application/vnd.workbench.sheet+json"),
                         ("/v1/panels", "application/vnd.workbench.panel+json")):
            _ok(api.send(people.chair, "POST", path, body, content_type=ct))
    for rubric in (b'{"rubric": {"id": "\\ud800"}}', b'{"rubric": {"id": ' + b"9" * 5000 + b"}}"):
        _ok(api.send(people.admin, "POST", "/v1/admin/publish", rubric, content_type="application/json"))
