"""Every window and dialog fits a school laptop's screen: 1366×768 and 1280×720, at 100% and 125%.

The offscreen platform reads its screen from a config file, but conftest.py has chosen the
platform before Qt is imported, so each screen size runs in its own Python process: this file,
run as a script, builds every dialog on that screen and prints what it measured as JSON.
The dialog classes are found by importing every module of workbench.ui, so a new dialog
without a recipe below fails the test instead of being forgotten.
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import pkgutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

SCREENS = [(1366, 768, 1.0), (1280, 720, 1.0), (1366, 768, 1.25), (1280, 720, 1.25)]
TOP_LEVEL_WIDGETS = {"MainWindow", "PanelView"}  # windows that are not QDialogs


def window_classes() -> dict[str, type]:
    """Every QDialog subclass, and the top-level windows, defined in workbench.ui."""
    from PySide6.QtWidgets import QDialog

    import workbench.ui

    found: dict[str, type] = {}
    for mod in pkgutil.walk_packages(workbench.ui.__path__, "workbench.ui."):
        module = importlib.import_module(mod.name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__:
                continue
            if issubclass(cls, QDialog) or name in TOP_LEVEL_WIDGETS:
                found[name] = cls
    return found


# ---- the probe, run in a child process -----------------------------------------------------
def _recipes(tmp: Path):  # noqa: ANN202 - name -> zero-argument factory
    from workbench.evidence import DEMO_SCHOOL_CODE, demo_package_path, import_package
    from workbench.signing.identity import create_identity
    from workbench.store import Workspace
    from workbench.store.outbox import OutboxEntry
    from workbench.ui.i18n import Translators
    from workbench.ui.main_window import MainWindow
    from workbench.ui.panel.print_preview import PanelPrintDialog
    from workbench.ui.panel.view import PanelView
    from workbench.ui.prefs import UiPrefs
    from workbench.ui.review.photo_viewer import PhotoViewer
    from workbench.ui.review.score_bar import IncidentDialog
    from workbench.ui.reviewer_dialog import ReviewerDialog
    from workbench.ui.signing.identity_dialog import IdentityDialog
    from workbench.ui.signing.print_dialog import PrintDialog
    from workbench.ui.signing.signature_pad import SignatureDialog
    from workbench.ui.sync.conflict_diff import DiffRow
    from workbench.ui.tasks import TaskRunner

    ws = Workspace.open(tmp / "ws")
    import_package(ws, demo_package_path())
    me = ws.set_local_reviewer("王芳", "麻江县教育和科技局", "member")
    create_identity(ws.root / "identity", "王芳", "麻江县教育和科技局", "member", "correct horse battery")
    runner = TaskRunner()
    from PIL import Image

    Image.new("RGB", (400, 300), (90, 140, 200)).save(tmp / "IMG_0001.jpg")
    ws.import_photos(DEMO_SCHOOL_CODE, [tmp / "IMG_0001.jpg"], me.id, "B3")
    photo = ws.photos(DEMO_SCHOOL_CODE, "B3")[0]
    entry = OutboxEntry(id=1, kind="sheet", doc_hash="a" * 64, school=DEMO_SCHOOL_CODE, state="conflict",
                        attempts=1, last_error=None, receipt=None, hub_version=None, blobs=())
    rows = [DiffRow(f"B{n}.1", "1", "0.5") for n in range(1, 30)]

    def controller():  # noqa: ANN202
        from workbench.ui.sync.controller import SyncController

        return SyncController(ws)

    def lan(cls_name: str):  # noqa: ANN202
        from workbench.ui.sync import lan_dialogs

        return getattr(lan_dialogs, cls_name)(controller())

    def help_part(mod: str, cls_name: str):  # noqa: ANN202
        return getattr(importlib.import_module(f"workbench.ui.help.{mod}"), cls_name)

    def sync(mod: str, cls_name: str):  # noqa: ANN202
        return getattr(importlib.import_module(f"workbench.ui.sync.{mod}"), cls_name)(controller())

    return {
        "MainWindow": lambda: MainWindow(Translators(), UiPrefs(tmp)),
        "PanelView": lambda: PanelView(ws, DEMO_SCHOOL_CODE),
        "PanelPrintDialog": lambda: PanelPrintDialog({}, ws.root / "identity"),
        "PrintDialog": lambda: PrintDialog(ws, DEMO_SCHOOL_CODE, me),
        "IdentityDialog": lambda: IdentityDialog(ws),
        "SignatureDialog": lambda: SignatureDialog(ws.root / "identity"),
        "ReviewerDialog": lambda: ReviewerDialog(ws),
        "IncidentDialog": lambda: IncidentDialog(),
        "PhotoViewer": lambda: PhotoViewer(ws, runner, photo),
        "ConflictDialog": lambda: importlib.import_module("workbench.ui.sync.conflict_dialog")
        .ConflictDialog(entry, rows),
        "PanelHubDialog": lambda: lan("PanelHubDialog"),
        "JoinHubDialog": lambda: lan("JoinHubDialog"),
        "HubSettingsDialog": lambda: sync("hub_settings", "HubSettingsDialog"),
        "SyncPanel": lambda: sync("sync_panel", "SyncPanel"),
        "GuideWindow": lambda: help_part("guide_window", "GuideWindow")("zh_CN", ws.root),
        "ShortcutsDialog": lambda: help_part("shortcuts", "ShortcutsDialog")(MainWindow(Translators(), UiPrefs(tmp))),
    }


def visible_texts(window) -> list[str]:  # noqa: ANN001
    """Every string the user can read in the window: title, labels, buttons, group boxes,
    tabs, combo items, headers, placeholders and tooltips."""
    from PySide6.QtWidgets import (
        QAbstractButton,
        QComboBox,
        QGroupBox,
        QHeaderView,
        QLabel,
        QLineEdit,
        QTabWidget,
        QWidget,
    )

    texts = [window.windowTitle()]
    for w in window.findChildren(QWidget):
        if not w.isVisibleTo(window):
            continue
        texts.append(w.toolTip())
        if isinstance(w, (QLabel, QAbstractButton)):
            texts.append(w.text())
        elif isinstance(w, QGroupBox):
            texts.append(w.title())
        elif isinstance(w, QLineEdit):
            texts.append(w.placeholderText())
        elif isinstance(w, QComboBox):
            texts += [w.itemText(i) for i in range(w.count())]
        elif isinstance(w, QTabWidget):
            texts += [w.tabText(i) for i in range(w.count())]
        elif isinstance(w, QHeaderView) and w.model() is not None:
            texts += [str(w.model().headerData(c, w.orientation()) or "") for c in range(w.count())]
    return [t for t in texts if t]


def scrolled_into(widget, window):  # noqa: ANN001, ANN201
    """The outermost scroll area holding `widget` inside `window`, else the widget itself."""
    from PySide6.QtWidgets import QAbstractScrollArea

    found, p = widget, widget.parentWidget()
    while p is not None and p is not window:
        if isinstance(p, QAbstractScrollArea):
            found = p
        p = p.parentWidget()
    return found


def probe() -> dict:
    """Build and show every window on this process's screen; measure each."""
    from PySide6.QtWidgets import QAbstractButton, QApplication

    app = QApplication.instance() or QApplication([])
    from workbench.ui.i18n import Translators

    Translators(app).install("zh_CN")  # Chinese labels are the ones that must fit
    avail = app.primaryScreen().availableGeometry()
    out: dict = {"screen": [avail.width(), avail.height()], "classes": sorted(window_classes()), "windows": {}}
    with tempfile.TemporaryDirectory() as d:
        recipes = _recipes(Path(d))
        for name in sorted(window_classes()):
            if name not in recipes:
                out["windows"][name] = {"error": "no recipe"}
                continue
            w = recipes[name]()
            w.show()
            for _ in range(5):
                app.processEvents()
            frame, geo = w.frameGeometry(), w.geometry()
            off = []
            for b in w.findChildren(QAbstractButton):
                if b.isVisibleTo(w) and b.window() is w:
                    b = scrolled_into(b, w)  # noqa: PLW2901 - a button in a scroll area is reachable by scrolling
                    tl = b.mapTo(w, b.rect().topLeft())
                    br = b.mapTo(w, b.rect().bottomRight())
                    if tl.x() < 0 or tl.y() < 0 or br.x() >= w.width() or br.y() >= w.height():
                        off.append(b.text() or b.objectName())
            out["windows"][name] = {
                "texts": visible_texts(w),
                "frame": [frame.x(), frame.y(), frame.width(), frame.height()],
                "size": [geo.width(), geo.height()],
                "min_hint": [w.minimumSizeHint().width(), w.minimumSizeHint().height()],
                "resizable": w.maximumWidth() > w.minimumWidth() and w.maximumHeight() > w.minimumHeight(),
                "buttons_outside": off,
            }
            w.close()
            w.deleteLater()
            app.processEvents()
    return out


# ---- the tests ------------------------------------------------------------------------------
def run_probe(tmp_path: Path, width: int, height: int, dpr: float) -> dict:
    cfg = tmp_path / f"screen-{width}x{height}@{dpr}.json"
    # A scaled screen is the physical size with a device pixel ratio; Qt lays out in logical pixels.
    cfg.write_text(json.dumps({"screens": [{"name": "s", "x": 0, "y": 0, "width": width, "height": height,
                                            "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={cfg}")
    if dpr != 1.0:
        env["QT_SCALE_FACTOR"] = str(dpr)
    proc = subprocess.run([sys.executable, __file__], env=env, capture_output=True, text=True,
                          timeout=300, check=False, cwd=Path(__file__).parents[2])
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.timeout(600)
@pytest.mark.parametrize(("width", "height", "dpr"), SCREENS)
def test_every_window_fits_the_screen(tmp_path, width, height, dpr):
    result = run_probe(tmp_path, width, height, dpr)
    aw, ah = result["screen"]
    assert aw <= round(width / dpr) + 1 and ah <= round(height / dpr) + 1  # the scale factor took effect
    assert {"PrintDialog", "MainWindow", "IdentityDialog"} <= set(result["classes"])
    problems = []
    for name, m in result["windows"].items():
        if "error" in m:
            problems.append(f"{name}: {m['error']} in this test")
            continue
        w, h = m["size"]
        x, y = m["frame"][:2]
        if w > aw or h > ah - 30:  # a title bar still has to fit above the window
            problems.append(f"{name}: {w}×{h} does not fit {aw}×{ah}")
        if x < 0 or y < 0 or x + w > aw or y + h > ah:
            problems.append(f"{name}: placed at {x},{y} sticks out of {aw}×{ah}")
        if m["min_hint"][0] > aw or m["min_hint"][1] > ah:
            problems.append(f"{name}: its layout needs {m['min_hint']}")
        if not m["resizable"]:
            problems.append(f"{name}: not resizable")
        if m["buttons_outside"]:
            problems.append(f"{name}: buttons outside the window: {m['buttons_outside']}")
    assert not problems, "\n".join(problems)


def test_fit_helper_bounds_and_keeps_resizable(qtbot):
    from PySide6.QtCore import QRect, QSize
    from PySide6.QtWidgets import QDialog

    from workbench.ui.screen_fit import available, fit_size, fit_to_screen

    assert fit_size(QSize(900, 1000), QRect(0, 0, 1366, 768)) == QSize(900, 728)
    assert fit_size(QSize(900, 1000), QRect(0, 0, 1092, 614)) == QSize(900, 574)
    dlg = QDialog()
    qtbot.addWidget(dlg)
    dlg.setFixedSize(3000, 3000)  # even a fixed dialog becomes resizable and bounded
    size = fit_to_screen(dlg, QSize(5000, 5000))
    area = available(dlg)
    assert size.width() <= area.width() and size.height() <= area.height()
    assert dlg.maximumWidth() > dlg.minimumWidth()


def test_long_indicator_names_are_readable_and_the_empty_photo_strip_is_one_line(qtbot, tmp_path):
    from PySide6.QtCore import Qt

    from workbench.evidence import DEMO_SCHOOL_CODE, demo_package_path, import_package
    from workbench.store import Workspace
    from workbench.ui.review.navigator_model import COL_TITLE
    from workbench.ui.review.view import ReviewView
    from workbench.ui.tasks import TaskRunner

    ws = Workspace.open(tmp_path / "ws")
    try:
        import_package(ws, demo_package_path())
        me = ws.set_local_reviewer("王芳", "麻江县教育和科技局", "member")
        runner = TaskRunner()
        view = ReviewView(ws, me, runner)
        qtbot.addWidget(view)
        view.open_school(DEMO_SCHOOL_CODE, "B27")
        view.resize(1093, 574)  # a 1366×768 screen at 125%, minus the menu and status bars
        view.show()
        qtbot.waitExposed(view)
        rubric = ws.school(DEMO_SCHOOL_CODE).rubric
        model = view.navigator.model
        seen = 0
        for a_row in range(model.rowCount()):
            a_index = model.index(a_row, COL_TITLE)
            for b_row in range(model.rowCount(a_index)):
                index = model.index(b_row, COL_TITLE, a_index)
                ind_id = index.data(Qt.ItemDataRole.DisplayRole).split(" ", 1)[0]
                title = next(b for a in rubric.areas for b in a.indicators if b.id == ind_id).title.get("zh_CN")
                assert title in index.data(Qt.ItemDataRole.ToolTipRole)  # the whole name, however narrow
                seen += 1
        assert seen == 29
        assert view.photos.height() <= 40, view.photos.height()  # no photos: one line, not a quarter
        assert not view.photos.list.isVisible()
        runner.wait(10_000)
    finally:
        ws.close()


if __name__ == "__main__":
    print(json.dumps(probe(), ensure_ascii=False))
