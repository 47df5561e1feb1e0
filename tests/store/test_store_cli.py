"""The workspace and photo commands: same core functions as the window."""

from __future__ import annotations

from pathlib import Path

from workbench.cli.main import main
from workbench.evidence import demo_package_path

from .conftest import CODE, jpeg_with_exif


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_store_cli_review_flow(tmp_path: Path, capsys) -> None:
    w = ["--workspace", str(tmp_path / "ws")]
    assert run(capsys, "package", "import", str(demo_package_path()), *w)[0] == 0
    code, _, err = run(capsys, "workspace", "score", CODE, "B1.1", "1", *w)
    assert code != 0 and "no reviewer identity" in err and err.count("\n") == 1
    assert run(capsys, "workspace", "reviewer", "--name", "王老师", "--org", "电教站", *w)[1].startswith("王老师")
    code, out, _ = run(capsys, "workspace", "score", CODE, "B1.1", "1", "--reason", "核实", *w)
    assert code == 0 and "total 1" in out and "provisional" in out
    code, _, err = run(capsys, "workspace", "score", CODE, "B1.1", "7", *w)
    assert code != 0 and "B1.1" in err
    code, _, err = run(capsys, "workspace", "incident", CODE, *w)
    assert code != 0 and "description" in err
    assert "not_evaluated" in run(capsys, "workspace", "incident", CODE, "--description", "病毒", *w)[1]
    assert '"total": "1"' in run(capsys, "workspace", "result", CODE, "--json", *w)[1]
    out = run(capsys, "workspace", "audit", CODE, *w)[1]
    assert "王老师" in out and "(核实)" in out and "security_incident" in out
    assert "MJ-PS-001" in run(capsys, "workspace", "info", *w)[1]


def test_store_cli_photos(tmp_path: Path, capsys) -> None:
    w = ["--workspace", str(tmp_path / "ws")]
    run(capsys, "package", "import", str(demo_package_path()), *w)
    run(capsys, "workspace", "reviewer", "--name", "王老师", *w)
    d = tmp_path / "p"
    d.mkdir()
    jpeg_with_exif(d / "a.jpg")
    (d / "b.jpg").write_bytes(b"junk")
    code, out, _ = run(capsys, "photos", "import", CODE, str(d), "--indicator", "B3", *w)
    assert code == 0 and "1 photos" in out and "skipped b.jpg" in out
    out = run(capsys, "photos", "list", CODE, *w)[1]
    pid = out.split()[0]
    assert "2026-11-20 09:30" in out and "26.49" in out
    assert "now under B4" in run(capsys, "photos", "move", pid, "B4", *w)[1]
    assert run(capsys, "photos", "remove", pid, "--reason", "重复", *w)[0] == 0
    assert "(removed)" in run(capsys, "photos", "list", CODE, "--removed", *w)[1]
