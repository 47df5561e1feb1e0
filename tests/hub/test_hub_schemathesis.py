"""Done-when: schemathesis generates requests from the hub's own `/openapi.json` and none
gets a 5xx. Every request is signed (RFC 9421) by a requests auth hook, as the admin (who
may call every endpoint, so every handler is reached past authentication). Loopback only,
a bounded number of examples per operation."""

from __future__ import annotations

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings

from workbench.sync.client import RequestSigner

EXAMPLES = 30


class SignedAuth(requests.auth.AuthBase):
    """Sign the final prepared request (its real body bytes and encoded URL)."""

    def __init__(self, person) -> None:
        self.signer = RequestSigner(person.fingerprint, person.key)

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        body = r.body if isinstance(r.body, bytes) else (r.body or "").encode("utf-8")
        if r.body is not None and not isinstance(r.body, bytes):
            r.body = body
        self.signer.sign(r, body)
        return r


@pytest.fixture(scope="module")
def st_hub(people, tmp_path_factory):
    from conftest import start_hub

    hub = start_hub(tmp_path_factory.mktemp("schemathesis"), people, None)
    yield hub
    hub.close()


@pytest.fixture(scope="module")
def api_schema(st_hub):
    return schemathesis.openapi.from_url(st_hub.url + "/openapi.json")


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_no_request_gets_a_server_error(case, st_hub, people):
    resp = case.call(base_url=st_hub.url, auth=SignedAuth(people.admin), timeout=30)
    assert resp.status_code < 500, f"{case.method} {case.path}: {resp.status_code} {resp.text[:300]}"
    if resp.status_code >= 400:
        body = resp.json()
        assert isinstance(body.get("code"), str) and body["message"]["zh"] and body["message"]["en"]
