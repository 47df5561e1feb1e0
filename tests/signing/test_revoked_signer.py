"""A revoked certificate signs nothing new: sheet signing from the workspace (the window's and
`sheet export`'s core), the print dialog's `sign_with_key`, and `sheet sign` on a score file are
refused before the key is unlocked, with nothing written or queued. An unrevoked identity, and
the reviewer's new identity after the revocation, still sign. Real workspace, real identities,
a real hub-signed revocation document."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from revoke_helpers import revoke  # noqa: E402
from sheet_helpers import PASS, full_scores, make_identity  # noqa: E402

from workbench.cli.main import main  # noqa: E402
from workbench.errors import CertificateRevoked  # noqa: E402
from workbench.evidence import DEMO_SCHOOL_CODE as CODE  # noqa: E402
from workbench.evidence import demo_package_path, import_package  # noqa: E402
from workbench.signing import identity as identity_mod  # noqa: E402
from workbench.signing.from_sources import last_signed  # noqa: E402
from workbench.signing.identity import create_identity, default_identity_dir  # noqa: E402
from workbench.signing.workspace_sheets import save_sheet, sign_from_workspace, sign_with_key  # noqa: E402
from workbench.store import Workspace  # noqa: E402
from workbench.store.outbox import Outbox  # noqa: E402

LATER = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)  # a revocation dated ahead refuses too


@pytest.fixture(autouse=True)
def fast_keys(monkeypatch):
    monkeypatch.setattr(identity_mod, "KDF_ROUNDS", 1000)
    monkeypatch.setenv("WB_PASS", PASS)


@pytest.fixture
def ws(tmp_path):
    """The reviewer's workspace: the demo school fully scored, the identity in identity/."""
    w = Workspace.open(tmp_path / "ws")
    me = w.set_local_reviewer("王芳", "麻江县教育和科技局", "member")
    import_package(w, demo_package_path())
    for iid, v in full_scores().items():
        w.set_score(CODE, me.id, iid, v)
    make_identity(default_identity_dir(w.root), me.name, org=me.org)
    yield w
    w.close()


@pytest.fixture
def hub(tmp_path):
    return make_identity(tmp_path / "hub", "测试中心", role="admin")


def run(*argv: object) -> int:
    return main([str(a) for a in argv])


def nothing_signed(ws: Workspace) -> bool:
    return last_signed(ws, CODE, ws.local_reviewer().id) is None and Outbox(ws).entries() == []


def write_scores(path: Path) -> Path:
    path.write_text(json.dumps({"rubric": "majiang-2015", "scores": {k: str(v) for k, v in full_scores().items()}}))
    return path


def test_signing_from_the_workspace_is_refused_before_the_key_is_unlocked(ws, hub, tmp_path) -> None:
    ident = identity_mod.load_identity(default_identity_dir(ws.root))
    revoked_at = revoke(ws, hub, PASS, ident, LATER)
    asked: list[int] = []
    with pytest.raises(CertificateRevoked) as e:
        sign_from_workspace(ws, CODE, lambda: asked.append(1) or PASS)
    assert asked == []  # refused before the passphrase is even asked for
    text = str(e.value)
    assert e.value.code == "certificate_revoked" and "\n" not in text
    assert f"王芳's certificate ({ident.fingerprint[:16]}…) is revoked as of {revoked_at}" in text
    assert "nothing was signed" in text and "workbench identity create" in text

    out = tmp_path / "sheet.json"
    with pytest.raises(CertificateRevoked):  # File › 保存签名评分表… and `sheet export`
        save_sheet(ws, CODE, out, PASS, always_sign=True)
    with pytest.raises(CertificateRevoked):  # the print dialog: the key already unlocked
        sign_with_key(ws, CODE, ident, ident.private_key(PASS))
    assert not out.exists() and nothing_signed(ws)


def test_sheet_export_and_sheet_sign_print_one_line_and_write_nothing(ws, hub, tmp_path, capsys) -> None:
    ident = identity_mod.load_identity(default_identity_dir(ws.root))
    revoke(ws, hub, PASS, ident)
    out = tmp_path / "sheet.json"
    assert run("sheet", "export", "--school", CODE, "-o", out, "--passphrase-env", "WB_PASS",
               "--workspace", ws.root) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "is revoked as of" in err and "nothing was signed" in err
    # a score file signed with the same identity: the workspace's revocation is read read-only
    scores = write_scores(tmp_path / "scores.json")
    assert run("sheet", "sign", scores, "--package", demo_package_path(), "-o", out,
               "--identity", ident.dir, "--passphrase-env", "WB_PASS", "--workspace", ws.root) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "is revoked as of" in err
    assert not out.exists() and nothing_signed(ws)


def test_an_unrevoked_identity_signs_and_a_new_one_replaces_the_revoked(ws, hub, tmp_path, capsys) -> None:
    other = make_identity(tmp_path / "other", "李四")
    revoke(ws, hub, PASS, other)  # somebody else's revocation stops nobody else
    signed = sign_from_workspace(ws, CODE, PASS)
    assert signed["revision"] == 1 and len(Outbox(ws).entries()) == 1
    scores = write_scores(tmp_path / "scores.json")
    assert run("sheet", "sign", scores, "--package", demo_package_path(), "-o", tmp_path / "s.json",
               "--identity", default_identity_dir(ws.root), "--passphrase-env", "WB_PASS",
               "--workspace", ws.root) == 0
    assert (tmp_path / "s.json").is_file() and len(Outbox(ws).entries()) == 2  # queued: the signer's workspace

    # the reviewer's own certificate is revoked; a new identity (new key) signs again
    old = identity_mod.load_identity(default_identity_dir(ws.root))
    revoke(ws, hub, PASS, old)
    with pytest.raises(CertificateRevoked):
        sign_from_workspace(ws, CODE, PASS)
    new = create_identity(default_identity_dir(ws.root), "王芳", "麻江县教育和科技局", "member", PASS,
                          overwrite=True, kdf_rounds=1000)
    assert new.fingerprint != old.fingerprint
    assert sign_from_workspace(ws, CODE, PASS)["revision"] == 2
