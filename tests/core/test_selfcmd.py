"""The CLI command used for child processes: `python -m workbench` from source, the console
program beside the frozen window program in a PyInstaller build."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from workbench import selfcmd


def test_from_source_runs_the_cli() -> None:
    cmd = selfcmd.cli_command()
    assert cmd == [sys.executable, "-m", "workbench"]
    out = subprocess.run([*cmd, "--help"], capture_output=True, text=True, timeout=60, check=True)
    assert "usage" in out.stdout.lower()


def test_frozen_uses_the_console_program_beside_it(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "workbench"))
    assert selfcmd.cli_command() == [str(tmp_path / "workbench-cli")]
    monkeypatch.setattr(sys, "executable", str(tmp_path / "workbench.exe"))
    assert selfcmd.cli_command() == [str(tmp_path / "workbench-cli.exe")]
