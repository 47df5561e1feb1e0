"""The signing commands end to end: identity, sheet sign/export, verify exit codes, export-xlsx."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from sheet_helpers import PASS, RUBRIC, full_scores  # noqa: E402

from workbench.cli.main import main  # noqa: E402
from workbench.evidence import DEMO_SCHOOL_CODE, demo_package_path  # noqa: E402
from workbench.signing import identity as identity_mod  # noqa: E402
from workbench.signing.verify import EXIT_CODES  # noqa: E402


@pytest.fixture(autouse=True)
def fast_keys(monkeypatch):
    monkeypatch.setattr(identity_mod, "KDF_ROUNDS", 1000)
    monkeypatch.setenv("WB_PASS", PASS)


def run(*argv: object) -> int:
    return main([str(a) for a in argv])


def write_scores(path: Path, scores: dict[str, Decimal]) -> Path:
    path.write_text(json.dumps({"rubric": "majiang-2015", "scores": {k: str(v) for k, v in scores.items()}}))
    return path


def test_identity_sign_verify_cli(tmp_path, capsys):
    assert run("identity", "create", "--name", "张三", "--org", "麻江县教育局", "--role", "chair",
               "--dir", tmp_path / "id", "--passphrase-env", "WB_PASS") == 0
    assert run("identity", "create", "--name", "李四", "--org", "凯里学院", "--dir", tmp_path / "id2",
               "--passphrase-env", "WB_PASS") == 0
    assert run("identity", "show", "--dir", tmp_path / "id") == 0
    assert "张三" in capsys.readouterr().out
    scores = write_scores(tmp_path / "scores.json", full_scores())
    sheet = tmp_path / "sheet.json"
    assert run("sheet", "sign", scores, "--package", demo_package_path(), "--identity", tmp_path / "id",
               "-o", sheet, "--passphrase-env", "WB_PASS") == 0
    capsys.readouterr()
    assert run("verify", sheet, "--trust", tmp_path / "id" / "cert.pem") == 0
    out = capsys.readouterr().out
    assert "valid" in out and DEMO_SCHOOL_CODE in out
    assert run("verify", sheet, "--trust", tmp_path / "id2") == EXIT_CODES["untrusted"]
    assert "untrusted" in capsys.readouterr().err
    assert run("verify", sheet, "--integrity-only") == 0
    data = bytearray(sheet.read_bytes())
    marker = b'"B1.1":{"checks":[],"methods":[],"note":"","score":"'
    data[data.index(marker) + len(marker)] ^= 1  # the score's first digit
    (tmp_path / "bad.json").write_bytes(bytes(data))
    assert run("verify", tmp_path / "bad.json", "--trust", tmp_path / "id") == EXIT_CODES["signature"]
    assert "signature mismatch" in capsys.readouterr().err
    # a second revision names the first
    sheet2 = tmp_path / "sheet2.json"
    assert run("sheet", "sign", scores, "--package", demo_package_path(), "--identity", tmp_path / "id",
               "-o", sheet2, "--passphrase-env", "WB_PASS", "--supersedes", sheet) == 0
    s1, s2 = json.loads(sheet.read_text()), json.loads(sheet2.read_text())
    assert (s2["sheet_id"], s2["revision"]) == (s1["sheet_id"], 2) and s2["supersedes"].startswith("sha256:")


def test_incomplete_refused_on_cli(tmp_path, capsys):
    assert run("identity", "create", "--name", "张三", "--org", "县局", "--dir", tmp_path / "id",
               "--passphrase-env", "WB_PASS") == 0
    partial = full_scores()
    del partial["B7.2"]
    scores = write_scores(tmp_path / "p.json", partial)
    args = ["sheet", "sign", scores, "--package", demo_package_path(), "--identity", tmp_path / "id",
            "-o", tmp_path / "s.json", "--passphrase-env", "WB_PASS"]
    assert run(*args) != 0
    assert "incomplete" in capsys.readouterr().err and not (tmp_path / "s.json").exists()
    assert run(*args, "--allow-incomplete") == 0
    assert json.loads((tmp_path / "s.json").read_text())["provisional"] is True


def test_wrong_passphrase_env(tmp_path, capsys, monkeypatch):
    assert run("identity", "create", "--name", "张三", "--org", "县局", "--dir", tmp_path / "id",
               "--passphrase-env", "WB_PASS") == 0
    monkeypatch.setenv("WB_PASS", "something else entirely")
    scores = write_scores(tmp_path / "s.json", full_scores())
    assert run("sheet", "sign", scores, "--package", demo_package_path(), "--identity", tmp_path / "id",
               "-o", tmp_path / "o.json", "--passphrase-env", "WB_PASS") != 0
    assert "wrong passphrase" in capsys.readouterr().err
    assert run("identity", "create", "--name", "x", "--org", "y", "--dir", tmp_path / "id3",
               "--passphrase-env", "UNSET_VARIABLE_XYZ") != 0


def test_sheet_export_from_workspace(tmp_path, capsys):
    pytest.importorskip("workbench.store")
    from workbench.evidence import import_package
    from workbench.store import Workspace

    ws_dir = tmp_path / "ws"
    assert run("identity", "create", "--name", "张三", "--org", "麻江县教育局", "--workspace", ws_dir,
               "--passphrase-env", "WB_PASS") == 0
    with Workspace.open(ws_dir) as ws:
        import_package(ws, demo_package_path())
        me = ws.local_reviewer()
        assert me is not None and me.name == "张三"
        for iid, v in list(full_scores().items())[:-1]:
            ws.set_score(DEMO_SCHOOL_CODE, me.id, iid, v)
        ws.set_note(DEMO_SCHOOL_CODE, me.id, "B1.1", "会议记录齐全")
        ws.set_check(DEMO_SCHOOL_CODE, me.id, "B1.1", 1, True)
        ws.set_methods(DEMO_SCHOOL_CODE, me.id, "B1.1", ["documents"])
    out = tmp_path / "export.json"
    args = ["sheet", "export", "--school", DEMO_SCHOOL_CODE, "-o", out, "--workspace", ws_dir,
            "--passphrase-env", "WB_PASS"]
    assert run(*args) != 0  # the last item is not scored
    assert "incomplete" in capsys.readouterr().err
    with Workspace.open(ws_dir) as ws:
        last = RUBRIC.items[-1]
        ws.set_score(DEMO_SCHOOL_CODE, me.id, last.id, last.points)
    assert run(*args) == 0
    s = json.loads(out.read_text())
    assert s["items"]["B1.1"] == {"checks": [1], "methods": ["documents"], "note": "会议记录齐全",
                                  "score": str(full_scores()["B1.1"])}
    assert s["school"]["code"] == DEMO_SCHOOL_CODE and s["package"]["version"] == 1
    assert run("verify", out, "--trust", ws_dir / "identity") == 0
    assert run(*args) == 0  # exporting again makes revision 2 of the same sheet
    s2 = json.loads(out.read_text())
    assert (s2["sheet_id"], s2["revision"]) == (s["sheet_id"], 2)


def test_sheet_export_refuses_a_read_only_workspace(tmp_path, capsys, monkeypatch):
    """The revision is recorded in the workspace; a read-only one would let the next export fork the chain."""
    from workbench.evidence import import_package
    from workbench.store import Workspace
    from workbench.store import workspace as workspace_mod

    ws_dir = tmp_path / "ws"
    assert run("identity", "create", "--name", "张三", "--org", "麻江县教育局", "--workspace", ws_dir,
               "--passphrase-env", "WB_PASS") == 0
    with Workspace.open(ws_dir) as ws:
        import_package(ws, demo_package_path())
    monkeypatch.setattr(workspace_mod, "is_writable", lambda _p: False)  # as for a folder others own
    out = tmp_path / "export.json"
    capsys.readouterr()
    assert run("sheet", "export", "--school", DEMO_SCHOOL_CODE, "-o", out, "--workspace", ws_dir,
               "--passphrase-env", "WB_PASS", "--allow-incomplete") == 2
    err = capsys.readouterr().err
    assert "read-only" in err and err.count("\n") == 1 and not out.exists()
