"""Importing packages from the window: progress off the UI thread, cancel, refusals shown in
plain words with nothing left behind, drag-and-drop, and the school list's rows."""

from __future__ import annotations

import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

sys.path.insert(0, str(Path(__file__).parent))
from shell_helpers import blob_files, prepared_workspace, start_window  # noqa: E402

from workbench.evidence import DEMO_SCHOOL_CODE, demo_package_path  # noqa: E402
from workbench.ui.import_dialog import package_paths  # noqa: E402
from workbench.ui.school_list import load_rows  # noqa: E402

pytestmark = pytest.mark.gui


def tampered_copy(src: Path, dst: Path) -> Path:
    """The demo package with its last evidence entry's bytes changed (same size): the
    manifest's SHA-256 no longer matches, so the importer must refuse it after having
    stored the earlier entries."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        infos = zin.infolist()
        victim = [i for i in infos if i.filename != "manifest.json" and not i.is_dir()][-1]
        for info in infos:
            data = zin.read(info)
            if info is victim:
                data = bytes([data[0] ^ 0xFF]) + data[1:]
            zout.writestr(info, data)
    return dst


@pytest.fixture
def window(qtbot, tmp_path):
    root = tmp_path / "ws"
    prepared_workspace(root, reviewer=True, demo=False)
    running = start_window(qtbot, root, first_run=False)
    yield running
    running.close()


def test_tampered_package_is_refused_in_plain_words_and_leaves_nothing(qtbot, window, tmp_path):
    bad = tampered_copy(demo_package_path(), tmp_path / "bad.wbpkg")
    importer = window.window.importer
    with qtbot.waitSignal(importer.failed, timeout=30_000) as sig:
        assert importer.start(bad)
    message = sig.args[0]
    assert "SHA-256" in message or "sha256" in message.lower()
    assert message.startswith("材料包已损坏")  # what to do, in the window's language (zh_CN), first
    box = importer.message_box
    assert box is not None and box.isVisible() and box.informativeText() == message
    assert "bad.wbpkg" in box.text()
    assert "Traceback" not in box.informativeText()
    assert window.ws.list_schools() == []
    assert blob_files(window.ws.root) == []  # the entries stored before the bad one were removed
    assert not importer.busy()
    box.close()


def test_not_a_package_is_refused(qtbot, window, tmp_path):
    junk = tmp_path / "junk.wbpkg"
    junk.write_bytes(b"this is not a zip file at all" * 10)
    with qtbot.waitSignal(window.window.importer.failed, timeout=10_000) as sig:
        window.window.importer.start(junk)
    assert sig.args[0]
    assert window.ws.list_schools() == []
    window.window.importer.message_box.close()


def test_cancelled_import_stores_nothing(qtbot, window):
    importer = window.window.importer
    with qtbot.waitSignal(importer.cancelled, timeout=30_000):
        importer.start(demo_package_path())
        importer.cancel()
    assert window.ws.list_schools() == []
    assert blob_files(window.ws.root) == []
    assert importer.message_box is None  # cancelling is not an error


def test_drop_a_package_on_the_window_imports_and_opens_it(qtbot, window):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(demo_package_path())), QUrl.fromLocalFile("/tmp/notes.txt")])
    assert package_paths(mime) == [demo_package_path()]
    drop = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                      Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.window.importer.imported, timeout=30_000) as sig:
        window.window.dropEvent(drop)
    assert sig.args[0].school_code == DEMO_SCHOOL_CODE and sig.args[0].created
    qtbot.waitUntil(lambda: window.window.current_location()[0] == DEMO_SCHOOL_CODE)
    # the same package again: accepted, nothing new
    with qtbot.waitSignal(window.window.importer.imported, timeout=30_000) as sig:
        window.window.importer.start(demo_package_path())
    assert not sig.args[0].created
    assert len(window.ws.list_schools()) == 1


def test_school_list_shows_progress_and_outcome_from_the_core(qtbot, tmp_path):
    root = tmp_path / "ws"
    prepared_workspace(root)  # reviewer + demo
    running = start_window(qtbot, root, first_run=False)
    try:
        ws, me = running.ws, running.ws.local_reviewer()
        rubric = ws.school(DEMO_SCHOOL_CODE).rubric
        for item in rubric.items[:10]:
            ws.set_score(DEMO_SCHOOL_CODE, me.id, item.id, item.points)
        page = running.window.schools
        page.refresh(me.id)  # runs after the start-up refresh still in flight, if any
        qtbot.waitUntil(lambda: [r.scored for r in page.model.rows] == [10], timeout=10_000)
        [row] = page.model.rows
        expected = ws.result(DEMO_SCHOOL_CODE, me.id)
        assert row.scored == 10 and row.items == len(rubric.items) == 51
        assert row.total == expected.total == sum((i.points for i in rubric.items[:10]), Decimal(0))
        assert row.outcome == str(expected.outcome)
        model = page.model
        assert model.data(model.index(0, 3)) == "10 / 51"
        assert model.data(model.index(0, 1)) == ws.school(DEMO_SCHOOL_CODE).name
        # same rows as the plain function the page runs on its worker thread
        assert load_rows(ws, me.id) == [row]
    finally:
        running.close()


def test_progress_of_a_package_over_2_gib_stays_in_range(window):
    """Qt's int is 32-bit: byte counts travel as Python ints and become a permille here."""
    from PySide6.QtWidgets import QProgressDialog

    c = window.window.importer
    c.progress = QProgressDialog(window.window)
    c.progress.setRange(0, 1000)
    c._relay.changed.emit(3 * 2**30, 4 * 2**30, "B7/课堂实录.mp4")
    assert c.progress.value() == 750
    assert "B7/课堂实录.mp4" in c.progress.labelText()
    c.progress.close()
    c.progress = None
