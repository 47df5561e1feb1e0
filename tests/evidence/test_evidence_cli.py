"""`workbench package …`: help, exit codes, one-line errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from workbench.cli.main import main
from workbench.evidence import demo_package_path


@pytest.mark.parametrize("argv", [["package", "--help"], ["package", "template", "--help"],
                                  ["package", "build", "--help"], ["package", "verify", "--help"],
                                  ["package", "import", "--help"]])
def test_evidence_cli_help(argv: list[str], capsys) -> None:
    with pytest.raises(SystemExit) as e:
        main(argv)
    assert e.value.code == 0
    assert "usage: workbench package" in capsys.readouterr().out


def test_evidence_cli_template_and_verify(tmp_path: Path, capsys) -> None:
    assert main(["package", "template", "-o", str(tmp_path / "申报表.xlsx")]) == 0
    assert (tmp_path / "申报表.xlsx").stat().st_size > 0
    assert main(["package", "verify", str(demo_package_path())]) == 0
    out = capsys.readouterr().out
    assert "麻江县示范路小学 (MJ-PS-001)" in out and "manifest hash   sha256:" in out


def test_evidence_cli_build_error_is_one_line(tmp_path: Path, capsys) -> None:
    (tmp_path / "school").mkdir()
    assert main(["package", "build", str(tmp_path / "school"), "-o", str(tmp_path / "x.wbpkg")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no .xlsx workbook" in err


def test_evidence_cli_verify_refusal_subprocess(tmp_path: Path) -> None:
    bad = tmp_path / "bad.wbpkg"
    bad.write_bytes(b"garbage")
    r = subprocess.run([sys.executable, "-m", "workbench", "package", "verify", str(bad)],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode != 0
    assert r.stderr.strip().splitlines() == ["workbench: bad.wbpkg: not a ZIP file (or a damaged one); "
                                             "a .wbpkg package is a ZIP archive"]
    assert r.stdout == ""
