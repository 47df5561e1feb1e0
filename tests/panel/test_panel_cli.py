"""The panel commands end to end: trust, add, sheets, merge (chair signs), cosign, status, and
`workbench verify PANEL.json --sheets DIR` with its exit codes."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from panel_helpers import PASS, make_panel, scores_with, sign  # noqa: E402

from workbench.cli.main import main  # noqa: E402
from workbench.evidence import DEMO_SCHOOL_CODE, demo_package_path  # noqa: E402
from workbench.panel.document import panel_hash  # noqa: E402
from workbench.panel.verify import PANEL_EXIT_CODES  # noqa: E402
from workbench.signing.sheet import sheet_file_bytes  # noqa: E402

CODE = DEMO_SCHOOL_CODE


@pytest.fixture(autouse=True)
def passphrase(monkeypatch):
    monkeypatch.setenv("WB_PASS", PASS)


def run(*argv: object) -> int:
    return main([str(a) for a in argv])


@pytest.fixture(scope="module")
def p3(tmp_path_factory):
    return make_panel(tmp_path_factory.mktemp("p3"), [{"B1.1": "0.5", "B9.1": "6"}, {"B9.1": "2"},
                                                     {"B1.1": "0", "B9.1": "3"}])


def test_collect_merge_cosign_verify(p3, tmp_path, capsys) -> None:
    ws = tmp_path / "ws"
    sheets = tmp_path / "sheets"
    sheets.mkdir()
    for i, s in enumerate(p3.sheets):
        (sheets / f"m{i}.json").write_bytes(sheet_file_bytes(s))
    assert run("package", "import", demo_package_path(), "--workspace", ws) == 0
    assert run("panel", "add", sheets, "--workspace", ws) == 2  # nobody trusted yet
    assert "refused (untrusted)" in capsys.readouterr().err
    assert run("panel", "trust", *(m.dir for m in p3.members), "--workspace", ws) == 0
    assert capsys.readouterr().out.count("trusted: reviewer") == 3
    assert run("panel", "add", sheets, sheets / "m0.json", "--workspace", ws) == 0
    out = capsys.readouterr().out
    assert "3 added, 1 already collected, 0 refused" in out and "counted once" in out
    assert run("panel", "sheets", "--school", CODE, "--workspace", ws) == 0
    assert capsys.readouterr().out.count("current ") == 3

    panel = tmp_path / "panel.json"
    merge = ("panel", "merge", "--school", CODE, "-o", panel, "--identity", p3.chair.dir,
             "--passphrase-env", "WB_PASS", "--workspace", ws)
    assert run(*merge, "--set", "B3.2=1.5") == 2
    assert "every --set needs its own --reason" in capsys.readouterr().err
    assert run(*merge, "--set", "B3.2=1.25", "--reason", "x") == 2
    assert "B3.2: 1.25 is not a multiple of 0.5" in capsys.readouterr().err
    assert run(*merge, "--method", "trimmed") == 2
    assert "at least 5 sheets" in capsys.readouterr().err
    assert not panel.exists()
    assert run(*merge, "--set", "B3.2=1.5", "--reason", "现场核实", "--opinion", "同意。") == 0
    out = capsys.readouterr().out
    assert "3 member(s)" in out and "flagged   B1.1, B9.1 " in out and "needs 3 member co-signature(s)" in out

    trust = [a for m in [p3.chair, *p3.members] for a in ("--trust", m.dir / "cert.pem")]
    assert run("panel", "status", panel, *trust) == 0
    assert "NOT FINAL: needs 3 more member signature(s)" in capsys.readouterr().out
    for m in p3.members:
        assert run("panel", "cosign", panel, "-o", panel, "--identity", m.dir, "--passphrase-env", "WB_PASS",
                   *trust) == 0
    assert "FINAL" in capsys.readouterr().out.splitlines()[-1]
    assert run("panel", "cosign", panel, "-o", panel, "--identity", p3.members[0].dir,
               "--passphrase-env", "WB_PASS") == 2
    assert "already co-signed" in capsys.readouterr().err

    assert run("verify", panel, *trust, "--sheets", sheets) == 0
    out = capsys.readouterr().out
    assert "status    FINAL" in out and out.count("sheet verified") == 3
    doc = json.loads(panel.read_bytes())
    assert doc["items"]["B3.2"]["override"] == {"value": "1.5", "reason": "现场核实"}

    # a member sheet swapped for another of the same reviewer: the hashes do not match
    (sheets / "m1.json").write_bytes(sheet_file_bytes(sign(p3.members[1], scores_with({"B9.1": "5"}))))
    assert run("verify", panel, *trust, "--sheets", sheets) == PANEL_EXIT_CODES["sheets"]
    assert "is not among the sheets given" in capsys.readouterr().err
    assert run("verify", panel, "--trust", p3.members[0].dir / "cert.pem") == PANEL_EXIT_CODES["untrusted"]
    capsys.readouterr()
    bad = tmp_path / "bad.json"
    bad.write_bytes(panel.read_bytes().replace(b'"reason":"\xe7\x8e\xb0', b'"reason":"\xe7\x8e\xb1', 1))
    assert run("verify", bad, *trust) == PANEL_EXIT_CODES["signature"]

    # a new revision supersedes the old one and starts its signatures over
    rev2 = tmp_path / "rev2.json"
    assert run("panel", "merge", "--school", CODE, "-o", rev2, "--identity", p3.chair.dir, "--passphrase-env",
               "WB_PASS", "--workspace", ws, "--supersedes", panel, "--method", "median") == 0
    capsys.readouterr()
    assert run("panel", "status", rev2, *trust) == 0
    out = capsys.readouterr().out
    assert "revision 2" in out and "NOT FINAL" in out
    assert json.loads(rev2.read_bytes())["supersedes"] == panel_hash(json.loads(panel.read_bytes()))
