"""A revoked certificate signs no panel result: `panel merge` (the chair) and `panel cosign` (a
member) and their core, sign_and_queue, refuse an identity the workspace knows to be revoked
before anything is signed, written or queued; an unrevoked chair and member still sign. Real
workspaces, real signed sheets, a real hub-signed revocation document."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent / "signing"))
from panel_helpers import PASS, make_identity, make_panel  # noqa: E402
from revoke_helpers import revoke  # noqa: E402

from workbench.cli.main import main  # noqa: E402
from workbench.errors import CertificateRevoked  # noqa: E402
from workbench.evidence import DEMO_SCHOOL_CODE as CODE  # noqa: E402
from workbench.evidence import demo_package_path, import_package  # noqa: E402
from workbench.panel.collect import add_trust, collect_bytes, merge_from_workspace  # noqa: E402
from workbench.panel.document import write_panel  # noqa: E402
from workbench.panel.signing import sign_and_queue  # noqa: E402
from workbench.signing.sheet import sheet_file_bytes  # noqa: E402
from workbench.store import Workspace  # noqa: E402
from workbench.store.outbox import Outbox  # noqa: E402
from workbench.sync.settings import set_identity_dir  # noqa: E402


@pytest.fixture(autouse=True)
def passphrase(monkeypatch):
    monkeypatch.setenv("WB_PASS", PASS)


@pytest.fixture(scope="module")
def p3(tmp_path_factory):
    root = tmp_path_factory.mktemp("p3")
    p = make_panel(root, [{"B1.1": "0.5"}, {"B9.1": "2"}, {"B1.1": "0"}])
    p.hub = make_identity(root / "hub", "测试中心", "admin")
    return p


@pytest.fixture
def chair_ws(tmp_path, p3):
    """The chair's workspace: the demo school and the three members' sheets collected."""
    ws = Workspace.open(tmp_path / "chair-ws")
    import_package(ws, demo_package_path())
    for m, s in zip(p3.members, p3.sheets, strict=True):
        add_trust(ws, m.dir)
        collect_bytes(ws, sheet_file_bytes(s))
    set_identity_dir(ws, p3.chair.dir)
    yield ws
    ws.close()


def run(*argv: object) -> int:
    return main([str(a) for a in argv])


def one_line(capsys) -> str:  # noqa: ANN001
    err = capsys.readouterr().err.strip()
    assert err and "\n" not in err and "Traceback" not in err, err
    return err


def test_a_revoked_chair_merges_nothing(chair_ws, p3, tmp_path, capsys) -> None:
    chair = p3.chair
    revoked_at = revoke(chair_ws, p3.hub, PASS, chair)
    out = tmp_path / "panel.json"
    doc = merge_from_workspace(chair_ws, CODE, chair.cert)
    with pytest.raises(CertificateRevoked) as e:  # the core the CLI and the window share
        sign_and_queue(chair_ws, doc, chair, chair.private_key(PASS), output=out)
    assert e.value.code == "certificate_revoked" and f"is revoked as of {revoked_at}" in str(e.value)
    assert run("panel", "merge", "--school", CODE, "-o", out, "--identity", chair.dir,
               "--passphrase-env", "WB_PASS", "--workspace", chair_ws.root) == 2
    err = one_line(capsys)
    assert "王芳's certificate" in err and "nothing was signed" in err and "workbench identity create" in err
    assert not out.exists() and Outbox(chair_ws).entries() == []


def test_a_revoked_member_cosigns_nothing_an_unrevoked_one_does(chair_ws, p3, tmp_path, capsys) -> None:
    chair, m0, m1 = p3.chair, p3.members[0], p3.members[1]
    signed = sign_and_queue(chair_ws, merge_from_workspace(chair_ws, CODE, chair.cert), chair,
                            chair.private_key(PASS))  # the chair is not revoked: signed and queued
    assert [e.kind for e in Outbox(chair_ws).entries()] == ["panel"]
    panel = tmp_path / "panel.json"
    write_panel(signed, panel)

    # member 1's own laptop has received the revocation of member 1's certificate
    with Workspace.open(tmp_path / "m0-ws") as mws:
        set_identity_dir(mws, m0.dir)
        revoke(mws, p3.hub, PASS, m0)
        with pytest.raises(CertificateRevoked):
            sign_and_queue(mws, signed, m0, m0.private_key(PASS), output=tmp_path / "core.json")
    out = tmp_path / "cosigned.json"
    assert run("panel", "cosign", panel, "-o", out, "--identity", m0.dir, "--passphrase-env", "WB_PASS",
               "--workspace", tmp_path / "m0-ws") == 2
    assert "成员1's certificate" in one_line(capsys)
    assert not out.exists() and not (tmp_path / "core.json").exists()
    with Workspace.open(tmp_path / "m0-ws") as mws:
        assert Outbox(mws).entries() == []

    # member 2, whose certificate stands, co-signs with the same workspace named (not its outbox)
    assert run("panel", "cosign", panel, "-o", out, "--identity", m1.dir, "--passphrase-env", "WB_PASS",
               "--workspace", tmp_path / "m0-ws") == 0
    assert "co-signed" in capsys.readouterr().out and out.is_file()
