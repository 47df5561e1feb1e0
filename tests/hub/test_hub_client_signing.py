"""The client's request signatures (RFC 9421) and body digests (RFC 9530), checked with an
independent verifier built from the same library, as the hub's verifier is."""

from __future__ import annotations

import datetime as dt
import http.server
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import http_sf
import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from helpers.identities import make_person
from http_message_signatures import (
    HTTPMessageVerifier,
    InvalidSignature,
    MappingKeyResolver,
    algorithms,
)
from http_message_signatures.digests import ContentDigest

from workbench.signing.ecdsa import P256_N, check_low_s_der
from workbench.sync import protocol as P
from workbench.sync.client import HubClient, RequestSigner


@dataclass
class Received:
    """A request as a server sees it: method, absolute URL, header lines."""

    method: str
    url: str
    headers: httpx.Headers


@pytest.fixture(scope="module")
def alice(tmp_path_factory):
    return make_person(tmp_path_factory.mktemp("alice"), "王建国")


def _verifier(person) -> HTTPMessageVerifier:
    v = HTTPMessageVerifier(signature_algorithm=algorithms.ECDSA_P256_SHA256,
                            key_resolver=MappingKeyResolver(public_keys={person.fingerprint: person.key.public_key()},
                                                            private_keys={}))
    v.max_clock_skew = dt.timedelta(seconds=P.MAX_CLOCK_SKEW_S)
    return v


def _signed(person, method="POST", url="http://127.0.0.1:8765/v1/sheets?x=1", body=b'{"a":1}\n', **kw):
    req = httpx.Request(method, url, content=body if method != "GET" else None)
    RequestSigner(person.fingerprint, person.key).sign(req, body, **kw)
    return req


def _verify(person, req: httpx.Request, body: bytes, *, method=None, url=None):
    msg = Received(method or req.method, url or str(req.url), req.headers)
    return _verifier(person).verify(msg, body=body, max_age=dt.timedelta(seconds=P.MAX_CLOCK_SKEW_S),
                                    require_components=P.COVERED_COMPONENTS)


def test_signature_verifies_and_covers_what_the_protocol_names(alice):
    body = b'{"format":"workbench-sheet/1"}\n'
    req = _signed(alice, body=body)
    [res] = _verify(alice, req, body)
    assert res.label == P.SIGNATURE_LABEL
    assert list(res.covered_components)[:3] == ['"@method"', '"@target-uri"', '"content-digest"']
    assert res.covered_components['"@target-uri"'] == "http://127.0.0.1:8765/v1/sheets?x=1"
    params = res.parameters
    assert params["keyid"] == alice.fingerprint
    assert params["alg"] == P.SIGNATURE_ALG
    assert abs(params["created"] - time.time()) < 5
    assert P.NONCE_RE.match(params["nonce"])
    assert req.headers["Content-Digest"] == P.content_digest(body)


def test_empty_body_still_has_a_signed_digest(alice):
    req = _signed(alice, method="GET", url="http://127.0.0.1:8765/v1/changes?since=0", body=b"")
    assert req.headers["Content-Digest"] == P.content_digest(b"")
    [res] = _verify(alice, req, b"")
    assert '"content-digest"' in res.covered_components


def test_every_request_gets_a_fresh_nonce(alice):
    nonces = set()
    for _ in range(50):
        req = _signed(alice)
        sig_input = http_sf.parse(req.headers["Signature-Input"].encode(), tltype="dictionary")
        nonces.add(sig_input[P.SIGNATURE_LABEL][1]["nonce"])
    assert len(nonces) == 50


def test_signatures_are_low_s_raw_r_s(alice):
    for _ in range(40):  # a high-S signature would appear about every other time if not normalised
        req = _signed(alice)
        raw = http_sf.parse(req.headers["Signature"].encode(), tltype="dictionary")[P.SIGNATURE_LABEL][0]
        assert len(raw) == 64
        r, s = int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big")
        assert s <= P256_N // 2
        check_low_s_der(encode_dss_signature(r, s))


@pytest.mark.parametrize("what", ["body", "method", "url", "digest"])
def test_tampering_is_caught(alice, what):
    body = b'{"a":1}\n'
    req = _signed(alice, body=body)
    if what == "body":
        with pytest.raises(InvalidSignature):
            _verify(alice, req, b'{"a":2}\n')
    elif what == "method":
        with pytest.raises(InvalidSignature):
            _verify(alice, req, body, method="PUT")
    elif what == "url":
        with pytest.raises(InvalidSignature):
            _verify(alice, req, body, url="http://127.0.0.1:8765/v1/panels?x=1")
    else:
        req.headers["Content-Digest"] = ContentDigest.create(b'{"a":2}\n')
        with pytest.raises(InvalidSignature):
            _verify(alice, req, b'{"a":2}\n')


def test_another_key_does_not_verify(alice, tmp_path):
    bob = make_person(tmp_path / "bob", "李四")
    req = _signed(bob)
    # the verifier knows alice under bob's keyid: bob's signature must not verify with alice's key
    v = HTTPMessageVerifier(signature_algorithm=algorithms.ECDSA_P256_SHA256,
                            key_resolver=MappingKeyResolver(public_keys={bob.fingerprint: alice.key.public_key()},
                                                            private_keys={}))
    with pytest.raises(InvalidSignature):
        v.verify(Received(req.method, str(req.url), req.headers), body=b'{"a":1}\n')


def test_created_comes_from_the_clock_hook(alice):
    req = httpx.Request("GET", "http://127.0.0.1:8765/v1/changes")
    RequestSigner(alice.fingerprint, alice.key, clock=lambda: 1_700_000_000.7).sign(req, b"")
    sig_input = http_sf.parse(req.headers["Signature-Input"].encode(), tltype="dictionary")
    assert sig_input[P.SIGNATURE_LABEL][1]["created"] == 1_700_000_000


def test_client_refuses_a_key_that_is_not_the_identitys(alice, tmp_path):
    bob = make_person(tmp_path / "bob", "李四")
    with pytest.raises(Exception, match="does not belong"):
        HubClient("http://127.0.0.1:9", alice.identity, bob.key)


def test_unreachable_hub_is_one_clear_error(alice):
    from workbench.sync.client import HubUnreachable
    with HubClient("http://127.0.0.1:9", alice.identity, alice.key, timeout=2) as c, \
            pytest.raises(HubUnreachable) as ei:
        c.changes(0)
    assert ei.value.retryable and ei.value.code == "unreachable"
    assert "\n" not in str(ei.value) and "127.0.0.1:9" in str(ei.value)


def test_kdf_identities_are_cheap(tmp_path: Path):
    # CPU seconds (the KDF's cost), not wall: the identity's files are fsynced, and an fsync on
    # CI's shared disk can take seconds while other jobs write
    t = time.process_time()
    make_person(tmp_path / "c", "赵六", role="chair")
    assert time.process_time() - t < 2


class _Canned(http.server.BaseHTTPRequestHandler):
    """A loopback server answering what a broken proxy or a struggling hub answers."""

    protocol_version = "HTTP/1.1"
    answers = {
        "/v1/changes": (502, "text/html", b"<html>Bad Gateway</html>"),
        "/v1/receipts": (503, "application/json",
                         b'{"code":"unavailable","message":{"zh":"\\u4e2d\\u5fc3\\u6682\\u65f6\\u4e0d\\u53ef\\u7528","en":"the hub is busy"}}'),
        "/v1/whoami": (401, "application/json", b'{"code":"unknown_key","message":{"zh":"x","en":"not enrolled"}}'),
        "/v1/conflicts": (200, "application/json", b"not json"),
    }

    def do_GET(self) -> None:
        status, ctype, body = self.answers[self.path.split("?")[0]]
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *a) -> None:
        pass


@pytest.fixture
def canned():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Canned)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


def test_error_mapping(alice, canned):
    from workbench.sync.client import HubAuthError, HubRefused, HubUnavailable

    with HubClient(canned, alice.identity, alice.key, timeout=10) as c:
        with pytest.raises(HubUnavailable) as ei:
            c.changes(0)
        assert (ei.value.code, ei.value.status, ei.value.retryable) == ("http_502", 502, True)
        with pytest.raises(HubUnavailable) as ei:
            c.receipts(0)
        assert ei.value.code == "unavailable" and "the hub is busy" in str(ei.value)
        with pytest.raises(HubAuthError) as ei:
            c.whoami()
        assert (ei.value.code, ei.value.retryable) == ("unknown_key", False)
        assert "GET /v1/whoami" in str(ei.value) and "\n" not in str(ei.value)
        with pytest.raises(HubRefused) as ei:
            c.conflicts()
        assert ei.value.code == "bad_response"
