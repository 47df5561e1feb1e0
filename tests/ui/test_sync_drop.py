"""A `.wbsync` bundle dropped on the main window (issue 11): a real bundle made by `workbench
bundle export` on a member's laptop is imported off the UI thread by the same core function as
`workbench bundle import`, with progress in the status bar and a one-line result; the same
bundle again adds nothing; a tampered or foreign bundle is one Chinese line, nothing stored."""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sync"))
from shell_helpers import prepared_workspace, start_window  # noqa: E402
from sync_helpers import SCHOOL, make_laptop  # noqa: E402

from workbench.cli.main import main  # noqa: E402
from workbench.panel.collect import school_sheets  # noqa: E402
from workbench.signing.certs import cert_pem  # noqa: E402
from workbench.store import Workspace  # noqa: E402
from workbench.store.panel_store import PanelStore  # noqa: E402

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> tuple[Path, object]:
    """A member's signed sheet with one photo, exported with `workbench bundle export`."""
    root = tmp_path_factory.mktemp("member")
    lap = make_laptop(root, "王建国")
    photo = root / "photo.jpg"
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(buf, "JPEG")
    photo.write_bytes(buf.getvalue())
    lap.sign_sheet(0, [photo])
    lap.ws.close()
    out = root / "王建国.wbsync"
    assert main(["bundle", "export", "--school", SCHOOL, "-o", str(out), "--workspace", str(root / "ws")]) == 0
    return out, lap.person


def tampered(src: Path, dst: Path) -> Path:
    """The bundle with one byte of its sheet changed (same size): its SHA-256 no longer matches."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename.endswith(".json") and info.filename != "manifest.json":
                i = data.index(b'"score":"') + len(b'"score":"')
                data = data[:i] + bytes([data[i] ^ 1]) + data[i + 1:]
            zout.writestr(info, data)
    return dst


def mime_of(path: Path) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    return mime


def drop(qtbot, window, path: Path) -> str:  # noqa: ANN001
    """Drop `path` on the window; the line the status bar shows when the import has ended."""
    mime = mime_of(path)
    enter = QDragEnterEvent(QPoint(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    window.dragEnterEvent(enter)
    assert enter.isAccepted()
    ev = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                    Qt.KeyboardModifier.NoModifier)
    window.dropEvent(ev)
    assert window.bundle_drop.busy()  # on a worker thread: the drop returned at once
    with qtbot.waitSignal(window.bundle_drop.finished, timeout=30_000) as sig:
        pass
    assert not window.bundle_drop.bar.isVisible()
    assert window.statusBar().currentMessage() == sig.args[0] and "\n" not in sig.args[0]
    return sig.args[0]


def test_a_dropped_bundle_is_imported_once_and_a_tampered_one_refused(qtbot, tmp_path, bundle) -> None:
    path, member = bundle
    root = tmp_path / "chair"
    prepared_workspace(root, reviewer=True, demo=True)
    with Workspace.open(root) as ws:
        PanelStore(ws).add_trust_root(member.fingerprint, cert_pem(member.identity.cert), "reviewer", "王建国")
    running = start_window(qtbot, root, lang="zh_CN", first_run=False)
    try:
        w = running.window
        got = drop(qtbot, w, path)
        assert got == f"{path.name}:收到 1 份,本机已有 0 份,本机自己的 0 份,拒收 0 份,照片 1 张。"
        state = school_sheets(w.ws, SCHOOL)
        assert len(state.current) == 1
        assert drop(qtbot, w, path).startswith(f"{path.name}:收到 0 份,本机已有 1 份")  # nothing twice
        bad = tampered(path, tmp_path / "bad.wbsync")
        got = drop(qtbot, w, bad)
        assert got.startswith("bad.wbsync 未导入:同步包已被篡改") and "Traceback" not in got
        assert len(school_sheets(w.ws, SCHOOL).current) == 1
    finally:
        running.close()


def test_a_bundle_for_a_school_not_in_the_workspace_is_refused(qtbot, tmp_path, bundle) -> None:
    path, _member = bundle
    root = tmp_path / "elsewhere"
    prepared_workspace(root, reviewer=True, demo=False)
    running = start_window(qtbot, root, lang="zh_CN", first_run=False)
    try:
        got = drop(qtbot, running.window, path)
        assert got == f"{path.name} 未导入:它是为本工作区中没有的学校制作的,未作任何更改。"
        assert running.window.ws.list_schools() == []
    finally:
        running.close()
