"""Screenshots of Help at 1366×768: the user guide (zh_CN, en), the keyboard shortcuts and the
first-run tip, each over the main window as the screen shows them.

    .venv/bin/python scripts/help_screenshots.py [OUT_DIR]      # default docs/screenshots

Runs on Qt's offscreen platform with a 1366×768 screen; each picture is the whole screen:
the main window, then every visible dialog painted at its own place.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp())
    screen = tmp / "screen.json"
    screen.write_text(json.dumps({"screens": [{"name": "s", "x": 0, "y": 0, "width": 1366, "height": 768,
                                               "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={screen}"
    from PySide6.QtGui import QPainter, QPixmap
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(["workbench"])
    sys.path.insert(0, str(ROOT / "tests" / "ui"))
    from shell_helpers import prepared_workspace

    from workbench.evidence import DEMO_SCHOOL_CODE
    from workbench.ui.app import start

    def settle(n: int = 40) -> None:
        for _ in range(n):
            app.processEvents()
            time.sleep(0.01)

    def shoot(window, dialogs, name: str) -> None:
        geo = app.primaryScreen().geometry()
        pix = QPixmap(geo.size())
        pix.fill()
        p = QPainter(pix)
        p.drawPixmap(window.geometry().topLeft(), window.grab())
        for d in dialogs:
            p.drawPixmap(d.geometry().topLeft(), d.grab())
        p.end()
        if not pix.save(str(out / name)):
            raise SystemExit(f"cannot write {out / name}")
        print(out / name)

    for lang in ("zh_CN", "en"):
        root = tmp / f"ws-{lang}"
        prepared_workspace(root)
        running = start(["--workspace", str(root), "--lang", lang], first_run=False)
        w = running.window
        while w.ws is None:
            settle(1)
        w.showMaximized()
        w.open_school(DEMO_SCHOOL_CODE, "B3")
        settle(80)
        tip = w.help_ui.tip
        if lang == "zh_CN" and tip is not None:
            shoot(w, [tip], f"help-tip-{lang}.png")
        if tip is not None:
            tip.close()
        guide = w.help_ui.show_guide()
        settle()
        shoot(w, [guide], f"help-guide-{lang}.png")
        guide.close()
        dlg = w.help_ui.show_shortcuts()
        settle()
        shoot(w, [dlg], f"help-shortcuts-{lang}.png")
        dlg.close()
        running.close()
        settle()


if __name__ == "__main__":
    main()
