"""The command line that starts this program's own CLI in a child process.

From source that is `python -m workbench`; in the PyInstaller build `sys.executable` is the
window program (no console on Windows, and it does not understand `-m`), so the child is
the `workbench-cli` program built beside it (installer/workbench.spec builds both).
"""

from __future__ import annotations

import sys
from pathlib import Path


def cli_command() -> list[str]:
    """argv prefix for running `workbench <sub-command> …` as a child process."""
    if getattr(sys, "frozen", False):
        exe = Path(sys.executable)
        name = "workbench-cli.exe" if exe.suffix.lower() == ".exe" else "workbench-cli"
        return [str(exe.with_name(name))]
    return [sys.executable, "-m", "workbench"]
