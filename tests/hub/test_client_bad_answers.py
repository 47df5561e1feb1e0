"""A broken hub, or a proxy between us, answering what the protocol never answers: each is
one `HubError` with a one-line message (the worker reports it and keeps the outbox), never
a raw exception that reaches the user as a traceback."""

from __future__ import annotations

import gzip
import hashlib
import http.server
import json
import threading

import pytest
from cryptography.hazmat.primitives import serialization
from helpers.identities import make_person

from workbench.errors import WorkbenchError
from workbench.sync import protocol as P
from workbench.sync.client import HubClient, HubError, HubRefused, HubUnavailable, MissingBlobs


class _Answers(dict):
    """path -> (status, headers, body), or a function of (request headers, request body) giving
    that; `hits` lists (method, path) of every request."""

    def __init__(self) -> None:
        super().__init__()
        self.hits: list[tuple[str, str]] = []


class _Hub(http.server.BaseHTTPRequestHandler):
    """Answers each path with what the test put in `server.answers`."""

    protocol_version = "HTTP/1.1"

    def _answer(self) -> None:
        got = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        path = self.path.split("?")[0]
        answers = self.server.answers  # type: ignore[attr-defined]
        answers.hits.append((self.command, path))
        answer = answers[path]
        status, headers, body = answer(self.headers, got) if callable(answer) else answer
        self.send_response(status)
        for k, v in {"Content-Type": "application/json", **headers}.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_GET = do_POST = do_PATCH = do_HEAD = _answer

    def log_message(self, *a) -> None:
        pass


@pytest.fixture(scope="module")
def alice(tmp_path_factory):
    return make_person(tmp_path_factory.mktemp("alice"), "王建国")


@pytest.fixture
def hub(alice):
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Hub)
    srv.answers = _Answers()  # type: ignore[attr-defined]
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    with HubClient(f"http://127.0.0.1:{srv.server_address[1]}", alice.identity, alice.key, timeout=10,
                   resume_attempts=2) as c:
        yield c, srv.answers  # type: ignore[attr-defined]
    srv.shutdown()
    srv.server_close()


def _one_line(err: HubError) -> None:
    assert "\n" not in str(err) and str(err).startswith("the hub")


def test_a_body_that_does_not_decode_is_a_retryable_hub_error(hub):
    # a proxy that labels a plain body gzip (or cuts a gzip stream) breaks httpx's decoder
    c, answers = hub
    answers[P.PATH_CHANGES] = (200, {"Content-Encoding": "gzip"}, b'{"cursor":0,"more":false,"changes":[]}')
    with pytest.raises(HubUnavailable) as ei:
        c.changes(0)
    assert (ei.value.code, ei.value.retryable) == ("bad_encoding", True)
    assert "GET /v1/changes" in str(ei.value)
    _one_line(ei.value)
    # a well-formed gzip body still decodes: the mapping only catches what is broken
    answers[P.PATH_CHANGES] = (200, {"Content-Encoding": "gzip"},
                               gzip.compress(b'{"cursor":3,"more":false,"changes":[]}'))
    assert c.changes(0)["cursor"] == 3


def test_a_hub_description_with_an_infinite_protocol_is_malformed(hub, alice):
    c, answers = hub
    pem = alice.identity.cert.public_bytes(serialization.Encoding.PEM).decode("ascii")
    # Python's json reads 1e999 as float("inf"), which int() cannot take (OverflowError)
    answers[P.PATH_HUB] = (200, {}, b'{"hub_id":"h1","certificate":' + json.dumps(pem).encode()
                           + b',"protocol":1e999}')
    with pytest.raises(HubRefused) as ei:
        c.hub_info()
    assert ei.value.code == "bad_response"
    _one_line(ei.value)
    answers[P.PATH_HUB] = (200, {}, json.dumps({"hub_id": "h1", "certificate": pem,
                                                "protocol": P.PROTOCOL_VERSION}).encode())
    assert c.hub_info().hub_id == "h1"


@pytest.mark.parametrize("answer", [
    {"missing": [["a"]], "partial": {}},            # a list where a hex name belongs: unhashable
    {"missing": [{"sha": "a"}], "partial": {}},
    {"missing": [7], "partial": {}},
])
def test_a_missing_blob_list_with_other_than_names_is_malformed(hub, answer):
    c, answers = hub
    answers[P.PATH_BLOBS_MISSING] = (200, {}, json.dumps(answer).encode())
    with pytest.raises(HubRefused) as ei:
        c.missing_offsets(["a" * 64])
    assert ei.value.code == "bad_response"
    _one_line(ei.value)


def test_a_missing_blob_list_of_names_is_read_with_the_offsets(hub):
    c, answers = hub
    a, b = "a" * 64, "b" * 64
    answers[P.PATH_BLOBS_MISSING] = (200, {}, json.dumps({"missing": [a, b], "partial": {b: 10}}).encode())
    assert c.missing_offsets([a, b, "c" * 64]) == {a: 0, b: 10}


@pytest.mark.parametrize("conflicts", [5, "abc", None])
def test_a_conflict_list_that_is_not_a_list_is_malformed(hub, conflicts):
    c, answers = hub
    answers[P.PATH_CONFLICTS] = (200, {}, json.dumps({"conflicts": conflicts}).encode())
    with pytest.raises(HubRefused) as ei:
        c.conflicts()
    assert ei.value.code == "bad_response"
    answers[P.PATH_CONFLICTS] = (200, {}, json.dumps({"conflicts": [{"sheet_id": "s"}]}).encode())
    assert c.conflicts() == [{"sheet_id": "s"}]


@pytest.mark.parametrize("url", ["http://192.168.1.5:80a0", "http://[::1", "http://hub:0x50"])
def test_a_hub_address_httpx_cannot_parse_is_one_hub_error(alice, url):
    # a typo in a port passes the settings' http(s):// check; it used to escape as httpx.InvalidURL
    with pytest.raises(HubError) as ei:
        HubClient(url, alice.identity, alice.key)
    assert (ei.value.code, ei.value.retryable) == ("bad_address", False)
    assert "\n" not in str(ei.value) and url in str(ei.value)


def test_missing_blobs_names_only_sha256_names(hub, tmp_path):
    # the worker opens each named blob in its store: a path must never come out of here
    c, answers = hub
    good = "a" * 64
    names = [good, "/etc/passwd", "../../identity/key.pem", good + "\n", "A" * 64, 7, ["b" * 64]]
    answers[P.PATH_SHEETS] = (422, {}, json.dumps({"code": "missing_blobs", "missing": names,
                                                   "message": {"zh": "缺少照片", "en": "photos missing"}}).encode())
    with pytest.raises(MissingBlobs) as ei:
        c.push_sheet(b'{"format":"workbench-sheet/2"}\n')
    assert ei.value.missing == [good]
    answers[P.PATH_SHEETS] = (422, {}, b'{"code":"missing_blobs","missing":5}')
    with pytest.raises(MissingBlobs) as ei:
        c.push_sheet(b"{}")
    assert ei.value.missing == []


@pytest.mark.parametrize("name", ["/etc/passwd", "../" * 8 + "etc/passwd", "a" * 64 + "\n", "A" * 64, ""])
def test_a_blob_name_that_is_not_a_sha256_is_refused_before_anything_is_read_or_sent(hub, tmp_path, name):
    c, _answers = hub  # no answers: any request would fail with a KeyError on the server side
    absent = tmp_path / "never-opened"
    for call in (lambda: c.upload_blob(name, absent, verify_source=False), lambda: c.upload_blob(name, b"x"),
                 lambda: c.get_blob(name), lambda: c.blob_offset(name)):
        with pytest.raises(HubRefused) as ei:
            call()
        assert ei.value.code == "bad_name" and "\n" not in str(ei.value)


@pytest.mark.parametrize("name", ["sha256:a\nb", "sha256:../../v1/whoami", "sha256:" + "a" * 63, "sha256:" + "a" * 64 + "\n"])
def test_a_document_name_that_is_not_a_hash_is_refused(hub, name):
    c, _answers = hub
    with pytest.raises(HubRefused) as ei:
        c.document(name)
    assert ei.value.code == "bad_name"


def test_a_url_httpx_cannot_build_is_one_hub_error(hub):
    c, _answers = hub
    with pytest.raises(HubRefused) as ei:
        c.changes(0, school="x" * 70_000)  # over httpx's URL length limit
    assert ei.value.code == "bad_request" and "\n" not in str(ei.value)


def _blob(tmp_path, size: int) -> tuple[str, object]:
    data = bytes(range(256)) * (size // 256)
    path = tmp_path / "photo.jpg"
    path.write_bytes(data)
    return hashlib.sha256(data).hexdigest(), path


def _patch_takes_it(headers, body):
    """A hub that keeps every chunk: its copy ends where this one ends."""
    return 204, {P.HEADER_UPLOAD_OFFSET: str(int(headers[P.HEADER_UPLOAD_OFFSET]) + len(body))}, b""


def test_a_source_that_cannot_be_read_is_one_workbench_error(hub, tmp_path):
    c, answers = hub
    with pytest.raises(WorkbenchError) as ei:
        c.upload_blob("a" * 64, tmp_path / "gone.jpg", verify_source=False, offset=0)
    assert not isinstance(ei.value, HubError) and "gone.jpg" in str(ei.value) and "\n" not in str(ei.value)
    assert answers.hits == []


def test_a_hub_that_never_moves_its_offset_is_given_up_on(hub, tmp_path):
    c, answers = hub  # resume_attempts=2
    sha, path = _blob(tmp_path, 4096)
    answers[P.blob_path(sha)] = (204, {P.HEADER_UPLOAD_OFFSET: "0"}, b"")
    with pytest.raises(HubRefused) as ei:
        c.upload_blob(sha, path, chunk=1024, offset=0)
    assert ei.value.code == "no_progress"
    assert answers.hits == [("PATCH", P.blob_path(sha))] * 3


def test_a_negative_offset_from_the_hub_is_malformed(hub, tmp_path):
    c, answers = hub
    sha, path = _blob(tmp_path, 4096)
    answers[P.blob_path(sha)] = (204, {P.HEADER_UPLOAD_OFFSET: "-5"}, b"")
    with pytest.raises(HubRefused) as ei:
        c.upload_blob(sha, path, chunk=1024, offset=0)
    assert ei.value.code == "bad_response"


def test_a_file_that_shrinks_while_it_is_sent_stops_the_upload(hub, tmp_path):
    c, answers = hub
    sha, path = _blob(tmp_path, 256 * 1024)  # chunks larger than the reader's buffer
    answers[P.blob_path(sha)] = _patch_takes_it

    def shrink(offset: int, _size: int) -> None:
        if offset == 64 * 1024:
            with open(path, "r+b") as f:
                f.truncate(64 * 1024)

    # before: an empty PATCH at the same offset, again and again, for ever
    with pytest.raises(WorkbenchError) as ei:
        c.upload_blob(sha, path, chunk=64 * 1024, offset=0, progress=shrink)
    assert "shorter" in str(ei.value) and len(answers.hits) == 1
    path.write_bytes(bytes(range(256)) * 1024)  # whole again: the upload goes through
    res = c.upload_blob(sha, path, chunk=64 * 1024, offset=0)
    assert (res.size, res.sent) == (256 * 1024, 256 * 1024)


@pytest.mark.parametrize("changes", [["sheet"], [None], [{"kind": "sheet"}, 3]])
def test_a_change_that_is_not_an_object_is_malformed(hub, changes):
    # the worker reads each change with .get: a string there ended the round in AttributeError
    c, answers = hub
    answers[P.PATH_CHANGES] = (200, {}, json.dumps({"cursor": 1, "more": False, "changes": changes}).encode())
    with pytest.raises(HubRefused) as ei:
        c.changes(0)
    assert ei.value.code == "bad_response"
