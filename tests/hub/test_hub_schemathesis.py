"""Done-when: schemathesis generates requests from the hub's own `/openapi.json` and none
gets a 5xx. Every request is signed (RFC 9421) by a requests auth hook, as the admin (who
may call every endpoint, so every handler is reached past authentication). Loopback only,
a bounded number of examples per operation."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings

from workbench.sync.client import RequestSigner

EXAMPLES = 30

# PATCH bodies are raw bytes (tus names the type); documents are JSON under vendor types
schemathesis.serializer.alias("application/offset+octet-stream", "application/octet-stream")


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
def st_hub(people, tmp_path_factory, request):
    # this folder's conftest as pytest registered it (by path): `from conftest import` would take
    # whichever conftest.py was imported last under that name (tests/sync has one too)
    conftest = request.config.pluginmanager.get_plugin(str(Path(__file__).with_name("conftest.py")))
    start_hub = conftest.start_hub

    hub = start_hub(tmp_path_factory.mktemp("schemathesis"), people, None)
    yield hub
    hub.close()


def _runner(op, base_url: str, auth: SignedAuth, seen: dict[str, set[int]], failures: list[str]):
    name = f"{op.method.upper()} {op.path}"

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=op.as_strategy())
    def run(case) -> None:
        resp = case.call(base_url=base_url, auth=auth, timeout=30)
        seen.setdefault(name, set()).add(resp.status_code)
        if resp.status_code >= 500:
            failures.append(f"{case.method} {case.formatted_path}: {resp.status_code} {resp.text[:200]}")
        elif resp.status_code >= 400 and case.method.upper() != "HEAD":
            body = resp.json()
            assert isinstance(body.get("code"), str) and body["message"]["zh"] and body["message"]["en"]

    return run


def test_no_request_gets_a_server_error(st_hub, people):
    """Every operation of the schema, EXAMPLES generated cases each (hypothesis, derandomised)."""
    schema = schemathesis.openapi.from_url(st_hub.url + "/openapi.json")
    auth = SignedAuth(people.admin)
    seen: dict[str, set[int]] = {}
    failures: list[str] = []
    operations = [r.ok() for r in schema.get_all_operations()]
    assert len(operations) >= 10, "the schema lists fewer operations than the protocol has"
    for op in operations:
        _runner(op, st_hub.url, auth, seen, failures)()
    # the signatures were accepted: the cases reached the handlers, not just the 401 gate
    assert all(codes - {401} for codes in seen.values()), seen
    assert not failures, "\n".join(failures[:10])
    assert len(seen) == len(operations)
