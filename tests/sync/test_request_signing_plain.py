"""The client's own RFC 9421 signing of plain requests (workbench/sync/client/signing.py,
`_sign_plain`) writes the very headers http_message_signatures writes, and the library's
verifier (the hub's) accepts its signatures; anything not plain goes to the library."""

from __future__ import annotations

import hashlib
import time
from types import SimpleNamespace

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from http_message_signatures import HTTPMessageVerifier, HTTPSignatureKeyResolver, algorithms
from http_message_signatures.exceptions import InvalidSignature

from workbench.sync.client.signing import RequestSigner, _plain

KEY = ec.generate_private_key(ec.SECP256R1())
KID = hashlib.sha256(b"cert").hexdigest()
SHA = hashlib.sha256(b"photo").hexdigest()


class _Pub(HTTPSignatureKeyResolver):
    def resolve_public_key(self, key_id: str) -> ec.EllipticCurvePublicKey | None:
        return KEY.public_key() if key_id == KID else None


def _verify(req: httpx.Request) -> None:
    [res] = HTTPMessageVerifier(signature_algorithm=algorithms.ECDSA_P256_SHA256, key_resolver=_Pub()).verify(
        req, max_age=None)
    assert [str(c).strip('"') for c in res.covered_components][:3] == ["@method", "@target-uri", "content-digest"]


PLAIN = [
    ("PATCH", f"http://127.0.0.1:8765/v1/blobs/{SHA}", b"x" * 1000, bytes.fromhex(SHA)),
    ("POST", "https://hub.example.edu.cn:8443/v1/sheets", b'{"a": 1}', None),
    ("GET", "http://localhost:9000/v1/hub", b"", None),
    ("HEAD", "https://hub-1.lan/v1/blobs/abc_DEF-9.x", b"", None),
    ("POST", "https://10.0.0.2/v1/blobs/missing", b"[]", None),
]
NOT_PLAIN = [
    "http://127.0.0.1:8765/v1/changes?since=3",  # a query
    "http://[::1]:8765/v1/hub",               # IPv6
    "http://127.0.0.1:8765/v1/a%20b",         # an escape
    "http://127.0.0.1:8765/",                 # no path segment
]
NOT_PLAIN_RAW = [  # URLs httpx would normalise, from a caller that does not (a requests.PreparedRequest)
    "http://127.0.0.1:80/v1/hub", "https://hub.lan:443/v1/hub", "http://h.lan:8765/v1/./hub",
    "HTTP://h.lan:8765/v1/hub", "http://h.lan:08765/v1/hub", "http://Hub.LAN:8765/v1/hub",
]


@pytest.mark.parametrize(("method", "url", "body", "digest"), PLAIN)
def test_plain_requests_get_the_librarys_headers_and_verify(method, url, body, digest):
    now = int(time.time())
    signer = RequestSigner(KID, KEY, clock=lambda: now)
    ours = httpx.Request(method, url, content=body or None)
    lib = httpx.Request(method, url, content=body or None)
    assert _plain(ours, now, "n0nce-AbC_1")
    signer.sign(ours, body, nonce="n0nce-AbC_1", digest=digest)
    signer._sign_library(lib, body, now, "n0nce-AbC_1", digest)
    for h in ("Content-Digest", "Signature-Input"):
        assert ours.headers[h] == lib.headers[h]
    assert list(ours.headers) == list(lib.headers)  # the same fields in the same order
    assert ours.headers["Signature"] != lib.headers["Signature"]  # ECDSA: a fresh k each time
    _verify(ours)
    _verify(lib)
    # the digest covers the body: another body under the same signature is refused
    forged = httpx.Request(method, url, content=b"other", headers={
        h: ours.headers[h] for h in ("Signature", "Signature-Input")} | {
        "Content-Digest": RequestSigner(KID, KEY).sign(httpx.Request(method, url), b"other").headers["Content-Digest"]})
    with pytest.raises(InvalidSignature):
        _verify(forged)


@pytest.mark.parametrize("url", NOT_PLAIN)
def test_anything_not_plain_is_signed_by_the_library(url):
    req = httpx.Request("GET", url)
    assert not _plain(req, 1_800_000_000, "n0nce")
    RequestSigner(KID, KEY).sign(req, b"")
    _verify(req)


@pytest.mark.parametrize("url", NOT_PLAIN_RAW)
def test_urls_the_library_would_normalise_are_not_plain(url):
    assert not _plain(SimpleNamespace(method="GET", url=url, headers={}), 1_800_000_000, "n0nce")


def test_a_nonce_or_key_id_that_is_not_a_plain_token_goes_to_the_library():
    url = "http://127.0.0.1:8765/v1/hub"
    assert not _plain(httpx.Request("GET", url), 1_800_000_000, 'a"b')
    req = httpx.Request("GET", url)
    RequestSigner("key id with spaces", KEY).sign(req, b"")
    assert 'keyid="key id with spaces"' in req.headers["Signature-Input"]
