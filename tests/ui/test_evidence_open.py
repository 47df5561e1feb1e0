"""The evidence panel never hands an unrecognised file to the system: a program named
report.pdf or a text file shows "cannot preview" and can only be saved; a real PDF opens
from a copy under a generated name."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QDesktopServices

from workbench.evidence import SourceFile, import_package, write_package
from workbench.store import Workspace
from workbench.ui.review import ReviewView
from workbench.ui.tasks import TaskRunner

pytestmark = pytest.mark.gui
CODE = "T-OPEN-1"
FILES = {"B1/a-minutes.pdf": b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n",
         "B1/b-report.pdf": b"MZ\x90\x00\x03\x00\x00\x00" + b"\0" * 120,  # a program under a PDF's name
         "B1/c-notes.txt": "会议记录".encode()}


@pytest.fixture
def env(qtbot, tmp_path: Path, monkeypatch):
    src = tmp_path / "src"
    sources = []
    for rel, data in FILES.items():
        p = src / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
        sources.append(SourceFile(rel, p, ("B1",)))
    pkg = tmp_path / "t.wbpkg"
    write_package(pkg, {"rubric": "majiang-2015", "school": {"code": CODE, "name": "打开测试小学"}}, sources)
    ws = Workspace.open(tmp_path / "ws")
    import_package(ws, pkg)
    reviewer = ws.set_local_reviewer("王芳", "麻江县教育和科技局", "member")
    opened: list = []
    # the one call that would start another program: recorded instead
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    runner = TaskRunner()
    view = ReviewView(ws, reviewer, runner, lang="en")
    qtbot.addWidget(view)
    view.resize(1400, 900)
    view.show()
    qtbot.waitExposed(view)
    view.open_school(CODE)
    view.navigator.select("B1")
    yield view, ws, opened
    runner.cancel_all()
    runner.wait(10000)
    ws.close()


def _select(qtbot, view, row: int, shown: str) -> None:
    panel = view.evidence
    with qtbot.waitSignal(panel.previewShown, timeout=10000, check_params_cb=lambda k: k == shown):
        panel.select_row(row)
    qtbot.waitUntil(lambda: panel.viewable is not None, timeout=10000)


def test_a_program_named_pdf_is_never_opened(qtbot, env, tmp_path: Path) -> None:
    view, ws, opened = env
    panel = view.evidence
    panel.select_row(1)
    assert panel.current_file().path == "B1/b-report.pdf"
    qtbot.waitUntil(lambda: panel.viewable is False, timeout=10000)
    assert not panel.open_button.isEnabled() and panel.save_button.isEnabled()
    errors: list[str] = []
    panel.errorOccurred.connect(errors.append)
    panel.open_external()  # a double-click does the same
    # (the in-window PDF preview fails too, and may say so first)
    qtbot.waitUntil(lambda: any("cannot be opened" in e for e in errors), timeout=10000)
    assert opened == []
    # saving is allowed, and writes exactly the bytes
    dest = tmp_path / "kept.bin"
    with qtbot.waitSignal(panel.saved, timeout=10000):
        panel.save_to(dest)
    assert dest.read_bytes() == FILES["B1/b-report.pdf"] and opened == []


def test_a_text_file_shows_cannot_preview(qtbot, env) -> None:
    view, ws, opened = env
    _select(qtbot, view, 2, "blocked")
    panel = view.evidence
    assert panel.current_file().path == "B1/c-notes.txt"
    assert panel.stack.currentWidget() is panel.placeholder
    assert panel.placeholder.text().startswith("Cannot preview")
    assert not panel.open_button.isEnabled() and opened == []


def test_a_real_pdf_opens_from_a_generated_name(qtbot, env) -> None:
    view, ws, opened = env
    panel = view.evidence
    panel.select_row(0)
    qtbot.waitUntil(lambda: panel.viewable is True, timeout=10000)
    assert panel.open_button.isEnabled()
    panel.open_external()
    qtbot.waitUntil(lambda: bool(opened), timeout=10000)
    copy = Path(opened[0].toLocalFile())
    assert copy.name.startswith("evidence-") and copy.suffix == ".pdf" and "minutes" not in copy.name
    assert copy.read_bytes() == FILES["B1/a-minutes.pdf"]
