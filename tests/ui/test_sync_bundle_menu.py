"""Sync › 导出 U 盘数据包… / 导入 U 盘数据包… (issues 11 and 12): a member exports a bundle from
the window (the core `export_bundle` on a worker thread, then the saved notice with the file
and its folder) and the chair imports that file from the window's menu (the same path as a
dropped bundle): one sheet and its photo arrive; the menu items are Chinese."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from PIL import Image

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sync"))
from shell_helpers import prepared_workspace, start_window  # noqa: E402
from sync_helpers import SCHOOL, make_laptop  # noqa: E402

from workbench.panel.collect import school_sheets  # noqa: E402
from workbench.signing.certs import cert_pem  # noqa: E402
from workbench.store import Workspace  # noqa: E402
from workbench.store.panel_store import PanelStore  # noqa: E402
from workbench.sync.bundle import BundleReader  # noqa: E402

pytestmark = pytest.mark.gui


def _photo(path: Path) -> Path:
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 120, 200)).save(buf, "JPEG")
    path.write_bytes(buf.getvalue())
    return path


def test_export_from_the_member_window_then_import_in_the_chair_window(qtbot, tmp_path) -> None:
    member_root = tmp_path / "member"
    lap = make_laptop(member_root, "王建国")
    lap.sign_sheet(0, [_photo(tmp_path / "photo.jpg")])
    lap.ws.close()

    running = start_window(qtbot, member_root / "ws", lang="zh_CN", first_run=False)
    try:
        w = running.window
        qtbot.waitUntil(lambda: w.sync is not None, timeout=20_000)
        texts = [a.text() for a in w.sync.menu.actions()]
        assert "导出 U 盘数据包…" in texts and "导入 U 盘数据包…" in texts
        out = tmp_path / "usb" / "王建国"  # no suffix typed: .wbsync is added
        out.parent.mkdir()
        with qtbot.waitSignal(w.sync.bundles.exported, timeout=30_000) as sig:
            assert w.sync.bundles.export_to(SCHOOL, out)
        report = sig.args[0]
        made = out.with_name("王建国.wbsync")
        assert report.path == made and made.is_file() and (report.sheets, report.photos) == (1, 1)
        notice = w.sync.bundles.notice
        assert notice.isVisible() and "王建国.wbsync" in notice.text() and str(made.parent) in notice.text()
        assert "同步数据包已保存" in w.statusBar().currentMessage()
        with BundleReader(made) as r:  # a real bundle, as `workbench bundle import` reads it
            assert r.manifest["school"] == SCHOOL
        notice.close()
    finally:
        running.close()

    chair_root = tmp_path / "chair"
    prepared_workspace(chair_root, reviewer=True, demo=True)
    with Workspace.open(chair_root) as ws:
        PanelStore(ws).add_trust_root(lap.person.fingerprint, cert_pem(lap.person.identity.cert), "reviewer", "王建国")
    running = start_window(qtbot, chair_root, lang="zh_CN", first_run=False)
    try:
        w = running.window
        qtbot.waitUntil(lambda: w.sync is not None, timeout=20_000)
        assert w.sync.bundles.import_from(made)
        with qtbot.waitSignal(w.bundle_drop.finished, timeout=30_000) as sig:
            pass
        assert sig.args[0].startswith("王建国.wbsync:收到 1 份") and "照片 1 张" in sig.args[0]
        assert len(school_sheets(w.ws, SCHOOL).current) == 1
    finally:
        running.close()


def test_export_of_an_unknown_school_is_one_chinese_line(qtbot, tmp_path) -> None:
    root = tmp_path / "ws"
    prepared_workspace(root, reviewer=True, demo=False)
    running = start_window(qtbot, root, lang="zh_CN", first_run=False)
    try:
        w = running.window
        qtbot.waitUntil(lambda: w.sync is not None, timeout=20_000)
        with qtbot.waitSignal(w.sync.bundles.failed, timeout=30_000) as sig:
            w.sync.bundles.export_to("NO-SUCH", tmp_path / "x.wbsync")
        line = sig.args[0]
        assert line.startswith("同步数据包未导出：") and "\n" not in line and "Traceback" not in line
        assert not (tmp_path / "x.wbsync").exists()
    finally:
        running.close()
