"""`workbench hub enroll|assign|publish|revoke --url URL --identity DIR`: the admin's CLI
through the signed admin endpoints of a real uvicorn server on loopback."""

from __future__ import annotations

import socket
import threading
import time

import pytest
import uvicorn
from helpers.docs import school_code
from helpers.identities import PASS

from workbench.cli.main import main
from workbench.evidence import demo_package_path
from workbench.sync.hub.app import create_app
from workbench.sync.hub.models import Assignment, Enrollment, Package


@pytest.fixture
def server(hub):  # noqa: ANN001, ANN201
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(hub), host="127.0.0.1", port=port, log_level="warning"))
    t = threading.Thread(target=srv.run, daemon=True)
    t.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    t.join(10)


def test_admin_commands_over_the_network(server, hub, people, monkeypatch, capsys):
    monkeypatch.setenv("WB_PASS", PASS)
    remote = ["--url", server, "--identity", str(people.admin.identity.dir), "--passphrase-env", "WB_PASS",
              "--hub-fingerprint", hub.fingerprint]
    assert main(["hub", "enroll", str(people.outsider.cert_path), "--role", "member", *remote]) == 0
    assert main(["hub", "assign", "--school", "MJ-NEW", "--panel", "第三组", "--county", "凯里市", "--members",
                 people.outsider.fingerprint, *remote]) == 0
    assert main(["hub", "publish", str(demo_package_path()), *remote]) == 0
    assert main(["hub", "revoke", people.outsider.fingerprint, *remote]) == 0
    with hub.reader() as s:
        assert s.get(Enrollment, people.outsider.fingerprint).revoked_at is not None
        assert s.get(Assignment, "MJ-NEW").county == "凯里市"
        assert [p.school for p in s.query(Package)] == [school_code()]
    capsys.readouterr()
    # a member's identity is refused by the admin endpoints
    monkeypatch.setenv("WB_PASS", PASS)
    as_member = ["--url", server, "--identity", str(people.m1.identity.dir), "--passphrase-env", "WB_PASS"]
    assert main(["hub", "enroll", str(people.other.cert_path), "--role", "member", *as_member]) != 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "admin" in err, err
    # a hub with another key is refused before anything is sent
    assert main(["hub", "revoke", people.m2.fingerprint, *remote[:-1], "00" * 32]) != 0
    with hub.reader() as s:
        assert s.get(Enrollment, people.m2.fingerprint).revoked_at is None
