"""In-process hub for unit tests: a real data folder and SQLite database, the FastAPI app
through Starlette's TestClient, requests signed by the real client signer."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from helpers.docs import school_code
from helpers.identities import Person

from workbench.sync.client import RequestSigner
from workbench.sync.hub import admin
from workbench.sync.hub.app import create_app
from workbench.sync.hub.service import Hub, init_hub

PANEL = "第一评估组"


@dataclass
class Api:
    hub: Hub
    http: TestClient

    def send(self, person: Person, method: str, path: str, body: bytes = b"", *, content_type: str | None = None,
             headers: dict | None = None, params: dict | None = None, created: int | None = None,
             nonce: str | None = None, sign_body: bytes | None = None):  # noqa: ANN201
        h = dict(headers or {})
        if content_type:
            h["Content-Type"] = content_type
        req = self.http.build_request(method, path, content=body or None, headers=h, params=params)
        RequestSigner(person.fingerprint, person.key).sign(req, body if sign_body is None else sign_body,
                                                           created=created, nonce=nonce)
        return self.http.send(req)

    def build(self, person: Person, method: str, path: str, body: bytes = b"", **kw):  # noqa: ANN201
        req = self.http.build_request(method, path, content=body or None, **kw)
        RequestSigner(person.fingerprint, person.key).sign(req, body)
        return req


@pytest.fixture
def hub(tmp_path: Path, people) -> Iterator[Hub]:  # noqa: ANN001
    h = init_hub(tmp_path / "hub", name="麻江县评估中心")
    admin.enroll(h, people.admin.identity.cert_pem, "admin")
    admin.enroll(h, people.chair.identity.cert_pem, "chair")
    for p in (people.m1, people.m2, people.other):
        admin.enroll(h, p.identity.cert_pem, "member")
    admin.assign(h, school_code(), PANEL, [people.chair.fingerprint, people.m1.fingerprint, people.m2.fingerprint])
    yield h
    h.close()


@pytest.fixture
def api(hub: Hub) -> Iterator[Api]:
    with TestClient(create_app(hub), raise_server_exceptions=False) as c:
        yield Api(hub, c)


@pytest.fixture(params=("sqlite", "postgresql"))
def any_hub(request, tmp_path: Path, people) -> Iterator[Hub]:  # noqa: ANN001
    """The same hub set-up on SQLite and on a real PostgreSQL (tests/hub's pg_server)."""
    db_url = None
    if request.param == "postgresql":
        pg = request.getfixturevalue("pg_server")
        name = pg.create_database()
        request.addfinalizer(lambda: pg.drop_database(name))
        db_url = pg.url(name)
    h = init_hub(tmp_path / "hub", name="并发测试", db_url=db_url)
    admin.enroll(h, people.chair.identity.cert_pem, "chair")
    for p in (people.m1, people.m2):
        admin.enroll(h, p.identity.cert_pem, "member")
    admin.assign(h, school_code(), PANEL, [people.chair.fingerprint, people.m1.fingerprint, people.m2.fingerprint])
    yield h
    h.close()
