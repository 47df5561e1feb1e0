"""`workbench hub …` on a data folder, in-process (serve runs as a subprocess in the
real-hub tests); and the hub schema: migrations match the models, SCHEMA_HEAD is Alembic's head."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from helpers.docs import panel_bytes, school_code, sheet_bytes
from openpyxl import load_workbook

from workbench.cli.main import main
from workbench.evidence import demo_package_path
from workbench.sync.hub import panels, sheets
from workbench.sync.hub.auth import Caller
from workbench.sync.hub.service import Hub


def run(*args: str) -> int:
    return main(["hub", *args])


@pytest.fixture
def data(tmp_path, people):  # noqa: ANN001, ANN201
    d = tmp_path / "hubdata"
    assert run("init", "--data", str(d), "--admin", str(people.admin.cert_path), "--name", "麻江县") == 0
    return d


def test_init_enroll_assign_publish_status_results(data, people, capsys, tmp_path):
    for p, role in ((people.chair, "chair"), (people.m1, "member"), (people.m2, "member")):
        assert run("enroll", str(p.identity.dir), "--role", role, "--data", str(data)) == 0
    assert run("enroll", str(people.m1.cert_path), "--role", "member", "--data", str(data)) == 0
    assert "already enrolled" in capsys.readouterr().out
    assert run("assign", "--school", school_code(), "--panel", "第一组", "--county", "麻江县", "--members",
               people.chair.fingerprint, people.m1.fingerprint, people.m2.fingerprint, "--data", str(data)) == 0
    assert run("publish", str(demo_package_path()), "--data", str(data)) == 0
    hub = Hub.open(data)
    try:
        docs = [sheet_bytes(p, shift=i) for i, p in enumerate((people.m1, people.m2))]
        for p, d in zip((people.m1, people.m2), docs, strict=True):
            assert sheets.accept(hub, Caller(p.fingerprint, "member", "", "", "n", 0), d).status == 201
    finally:
        hub.close()
    x = tmp_path / "results.xlsx"
    assert run("results", "--data", str(data), "--xlsx", str(x)) == 0
    row = list(load_workbook(x).active.iter_rows(values_only=True))[1]
    assert row[4:10] == (3, 2, 0, None, None, "否")
    hub = Hub.open(data)
    try:
        out = panels.accept(hub, Caller(people.chair.fingerprint, "chair", "", "", "n", 0),
                            panel_bytes(people.chair, [people.m1, people.m2], docs))
        assert out.status == 201 and out.body["final"] is True
    finally:
        hub.close()
    capsys.readouterr()
    assert run("status", "--data", str(data), "--json") == 0
    st = json.loads(capsys.readouterr().out)
    assert (st["enrolled"], st["sheets"], st["packages"], st["schools_assigned"], st["receipts"],
            st["final_results"]) == (4, 2, 1, 1, 3, 1)
    assert run("status", "--data", str(data)) == 0
    assert "sheets    2" in capsys.readouterr().out
    assert run("results", "--data", str(data), "--county", "麻江县", "--xlsx", str(x)) == 0
    ws = load_workbook(x).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1][0] == school_code() and rows[1][2] == "麻江县" and rows[1][3] == "第一组"
    assert rows[1][4:7] == (3, 2, 3) and rows[1][9] == "是" and rows[1][10].startswith("sha256:")
    assert Decimal(str(rows[1][7])) > 0 and rows[1][8] in ("demonstration", "qualified", "not_awarded")
    assert run("results", "--data", str(data)) == 0
    assert "3/3 signed" in capsys.readouterr().out
    assert run("results", "--data", str(data), "--county", "别的县", "--xlsx", str(x)) == 0
    assert len(list(load_workbook(x).active.iter_rows())) == 1
    assert run("revoke", people.m2.fingerprint, "--data", str(data)) == 0


def test_cli_errors_are_one_line(data, people, capsys, tmp_path):
    assert run("init", "--data", str(data), "--admin", str(people.admin.cert_path)) != 0
    assert "already holds a hub" in capsys.readouterr().err
    assert run("status", "--data", str(tmp_path / "nothing")) != 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "hub init" in err
    assert run("enroll", str(people.m1.cert_path), "--role", "chair", "--data", str(data)) != 0
    assert "names the role 'member'" in capsys.readouterr().err
    assert run("revoke", "00" * 32, "--data", str(data)) != 0
    assert run("publish", str(tmp_path / "missing.wbpkg"), "--data", str(data)) != 0
    assert run("assign", "--school", "X", "--panel", "p", "--members", "ab" * 32, "--data", str(data)) != 0


def test_migrations_match_the_models_and_head(data):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from alembic.script import ScriptDirectory

    from workbench.sync.hub.db import SCHEMA_HEAD, VERSION_TABLE, alembic_config
    from workbench.sync.hub.models import Base

    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == SCHEMA_HEAD
    hub = Hub.open(data)
    try:
        with hub.engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE})
            assert compare_metadata(ctx, Base.metadata) == []
    finally:
        hub.close()


def test_a_failed_init_leaves_nothing(people, tmp_path, capsys):
    d = tmp_path / "new-hub"
    assert run("init", "--data", str(d), "--admin", str(people.admin.cert_path), "--db",
               f"sqlite:///{tmp_path / 'no-such-dir' / 'hub.db'}") != 0
    err = capsys.readouterr().err
    assert "cannot create the hub database" in err and err.count("\n") == 1
    assert not d.exists()
    keep = tmp_path / "existing"
    keep.mkdir()
    (keep / "notes.txt").write_text("mine")
    assert run("init", "--data", str(keep), "--admin", str(people.admin.cert_path), "--db",
               f"sqlite:///{tmp_path / 'no-such-dir' / 'hub.db'}") != 0
    assert [p.name for p in keep.iterdir()] == ["notes.txt"]
    # a certificate the hub cannot enroll is refused before anything is made
    bad = tmp_path / "bad.pem"
    bad.write_text("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
    assert run("init", "--data", str(d), "--admin", str(bad)) != 0
    assert not d.exists()


def test_hostile_operator_inputs_are_refused_in_one_line(data, people, capsys, tmp_path):
    import os
    import socket

    from sqlalchemy import create_engine, text

    def refused(*args: str) -> str:
        assert run(*args) != 0
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "Traceback" not in err, err
        return err

    assert "1-64 printable" in refused("init", "--data", str(tmp_path / "n"), "--admin", str(people.admin.cert_path),
                                       "--name", "line\nbreak")
    assert not (tmp_path / "n").exists()
    refused("assign", "--school", "../etc", "--panel", "p", "--members", people.admin.fingerprint, "--data", str(data))
    fifo = tmp_path / "pkg.wbpkg"
    os.mkfifo(fifo)
    assert "named pipe" in refused("publish", str(fifo), "--data", str(data))
    huge = tmp_path / "huge.json"
    with huge.open("wb") as f:
        f.truncate(3 << 30)  # sparse: costs no disk
    assert "larger than" in refused("publish", str(huge), "--data", str(data))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = str(s.getsockname()[1])
        assert "cannot listen" in refused("serve", "--data", str(data), "--port", port)
    assert "cannot listen" in refused("serve", "--data", str(data), "--host", "no-such-host.invalid")
    engine = create_engine(f"sqlite:///{data / 'hub.db'}")
    with engine.begin() as conn:
        conn.execute(text("UPDATE hub_alembic_version SET version_num = 'ffffffffffff'"))
    engine.dispose()
    assert "does not know" in refused("serve", "--data", str(data))
    assert "ffffffffffff" in refused("status", "--data", str(data))
