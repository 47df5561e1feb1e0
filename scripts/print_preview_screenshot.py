#!/usr/bin/env python3
"""docs/screenshots/07-print-preview-<lang>.png: the print preview of the demo school.

    xvfb-run -a -s "-screen 0 1400x900x24" env QT_QPA_PLATFORM=xcb \
        .venv/bin/python scripts/print_preview_screenshot.py zh_CN docs/screenshots/07-print-preview-zh_CN.png
"""

from __future__ import annotations

import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402

from workbench.evidence import DEMO_SCHOOL_CODE, demo_package_path, import_package  # noqa: E402
from workbench.store import Workspace  # noqa: E402
from workbench.ui import i18n  # noqa: E402
from workbench.ui.signing.print_dialog import PrintDialog  # noqa: E402


def main(lang: str, out: str) -> None:
    app = QApplication(sys.argv[:1])
    i18n.Translators(app).install(lang)
    with tempfile.TemporaryDirectory() as tmp:
        ws = Workspace.open(Path(tmp))
        import_package(ws, demo_package_path())
        me = ws.set_local_reviewer("王芳", "麻江县教育和科技局", "member")
        for k, item in enumerate(ws.school(DEMO_SCHOOL_CODE).rubric.items[:30]):
            ws.set_score(DEMO_SCHOOL_CODE, me.id, item.id, item.points if k % 4 else item.points - Decimal("0.5"))
        dlg = PrintDialog(ws, DEMO_SCHOOL_CODE, me)
        dlg.resize(1100, 860)
        dlg.show()
        end = time.time() + 6  # the PDF renders on a worker; give it time, keep the loop turning
        while time.time() < end:
            app.processEvents()
            time.sleep(0.02)
        dlg.grab().save(out)
        dlg.runner.wait(10_000)
        ws.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
