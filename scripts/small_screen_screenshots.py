#!/usr/bin/env python3
"""docs/screenshots/small-*.png: the print dialog and a file dialog on a 1366×768 laptop screen,
the whole screen grabbed, so one can see that every button is on it and all text is Chinese.

    Xvfb :97 -screen 0 1366x768x24 &
    DISPLAY=:97 QT_QPA_PLATFORM=xcb .venv/bin/python scripts/small_screen_screenshots.py docs/screenshots
"""

from __future__ import annotations

import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QFileDialog  # noqa: E402

from workbench.evidence import DEMO_SCHOOL_CODE, demo_package_path, import_package  # noqa: E402
from workbench.store import Workspace  # noqa: E402
from workbench.ui import i18n  # noqa: E402
from workbench.ui.app import make_app  # noqa: E402
from workbench.ui.signing.print_dialog import PrintDialog  # noqa: E402


def turn(app, seconds: float) -> None:  # noqa: ANN001
    end = time.time() + seconds
    while time.time() < end:
        app.processEvents()
        time.sleep(0.02)


def main(out: Path) -> None:
    app = make_app()  # sets a readable date locale first, as the program does
    i18n.Translators(app).install("zh_CN")
    screen = app.primaryScreen()
    with tempfile.TemporaryDirectory() as tmp:
        ws = Workspace.open(Path(tmp) / "ws")
        import_package(ws, demo_package_path())
        me = ws.set_local_reviewer("王芳", "麻江县教育和科技局", "member")
        for k, item in enumerate(ws.school(DEMO_SCHOOL_CODE).rubric.items[:30]):
            ws.set_score(DEMO_SCHOOL_CODE, me.id, item.id, item.points if k % 4 else item.points - Decimal("0.5"))
        dlg = PrintDialog(ws, DEMO_SCHOOL_CODE, me)
        dlg.show()
        turn(app, 6)  # the PDF renders on a worker
        screen.grabWindow(0).save(str(out / "small-1366x768-print-dialog-zh_CN.png"))

        (Path(tmp) / "照片").mkdir()
        (Path(tmp) / "麻江县示范路小学-评估打分表.pdf").write_bytes(b"%PDF-1.7\n")
        fd = QFileDialog(dlg, dlg.tr("Save PDF"), tmp, "PDF 文件 (*.pdf)")
        fd.setOption(QFileDialog.Option.DontUseNativeDialog, True)  # what Linux without a desktop shows
        fd.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        fd.setViewMode(QFileDialog.ViewMode.Detail)
        fd.show()
        turn(app, 2)
        screen.grabWindow(0).save(str(out / "small-1366x768-file-dialog-zh_CN.png"))
        fd.close()
        dlg.close()
        dlg.runner.wait(10_000)
        ws.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
