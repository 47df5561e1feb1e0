"""Helpers for the shell tests: a temp workspace, a started window, waiting on dialogs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from workbench.evidence import DEMO_SCHOOL_CODE, demo_package_path, import_package
from workbench.store import Workspace
from workbench.ui.app import Running, start


def prepared_workspace(root: Path, *, reviewer: bool = True, demo: bool = True) -> None:
    """A workspace as a returning user has it, made through the core only."""
    with Workspace.open(root) as ws:
        if reviewer:
            ws.set_local_reviewer("王芳", "麻江县教育和科技局", "member")
        if demo:
            import_package(ws, demo_package_path())
            assert any(s.code == DEMO_SCHOOL_CODE for s in ws.list_schools())


def start_window(qtbot, root: Path, *, lang: str | None = None, first_run: bool = True) -> Running:
    args = ["--workspace", str(root)] + (["--lang", lang] if lang else [])
    running = start(args, first_run=first_run)
    qtbot.addWidget(running.window)
    qtbot.waitUntil(lambda: running.window.ws is not None or running.error is not None, timeout=20_000)
    assert running.error is None, running.error
    return running


def visible_top(object_name: str) -> QWidget | None:
    for w in QApplication.topLevelWidgets():
        if w.objectName() == object_name and w.isVisible():
            return w
    return None


def blob_files(root: Path) -> list[Path]:
    """The blob files, and the small blobs kept in the database (as `small_blobs/<sha>`)."""
    import sqlite3

    blobs = root / "blobs"
    found = sorted(p for p in blobs.rglob("*") if p.is_file() and "tmp" not in p.relative_to(blobs).parts)
    con = sqlite3.connect(root / "workspace.db")
    try:
        return found + sorted(Path("small_blobs", sha) for (sha,) in con.execute("SELECT sha256 FROM small_blobs"))
    finally:
        con.close()
