"""Show the review view on the demo school in a throw-away workspace (and take a screenshot).

For looking at the view on its own, and for the documentation's screenshots:

    xvfb-run -a -s "-screen 0 1400x900x24" env QT_QPA_PLATFORM=xcb \\
        .venv/bin/python -m workbench.ui.review.demo --lang zh_CN --shot docs/screenshots/review-zh_CN.png

Part of the demo school is scored, with notes, checks and three on-site photos, so every
part of the view has something to show. Without --shot the window stays open.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from PIL import Image, ImageDraw  # noqa: E402
from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtGui import QKeySequence  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from workbench.ui.app_font import prefer_unshaped_text  # noqa: E402


def _photo(path: Path, n: int) -> Path:
    img = Image.new("RGB", (800, 600), (70 + 40 * n, 110, 160 - 30 * n))
    d = ImageDraw.Draw(img)
    d.rectangle((80, 300, 720, 560), fill=(230, 230, 220))
    for k in range(4):
        d.rectangle((120 + k * 150, 340, 220 + k * 150, 420), fill=(40, 40, 60))
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9003] = (dt.datetime(2026, 11, 20, 9, 12) + dt.timedelta(minutes=7 * n)) \
        .strftime("%Y:%m:%d %H:%M:%S")
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (Fraction(26), Fraction(29), Fraction(3117, 100)), \
        "E", (Fraction(107), Fraction(35), Fraction(2408, 100))
    img.save(path, "JPEG", quality=85, exif=exif.tobytes())
    return path


def prepare(root: Path):
    """A workspace with the demo school part-reviewed; returns (ws, reviewer)."""
    from workbench.evidence import DEMO_SCHOOL_CODE, demo_package_path, import_package
    from workbench.store import Workspace

    ws = Workspace.open(root)
    import_package(ws, demo_package_path())
    reviewer = ws.set_local_reviewer("王芳", "麻江县教育和科技局", "member")
    code = DEMO_SCHOOL_CODE
    rubric = ws.school(code).rubric
    for n, item in enumerate(rubric.items[:24]):
        value = item.points if n % 3 else item.points - Decimal("0.5")
        ws.set_score(code, reviewer.id, item.id, value)
        ws.set_check(code, reviewer.id, item.id, 0, True)
        ws.set_methods(code, reviewer.id, item.id, ("site_visit", "documents"))
    ws.set_note(code, reviewer.id, "B3.2", "录播教室设备齐全,交互式白板 18 块,抽查 3 间教室均可正常使用。")
    photos = [_photo(root / f"IMG_{n:04d}.jpg", n) for n in range(3)]
    ws.import_photos(code, photos, reviewer.id, "B3")
    return ws, reviewer


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m workbench.ui.review.demo", description=__doc__)
    ap.add_argument("--lang", default="zh_CN")
    ap.add_argument("--shot", type=Path, default=None, help="save a PNG of the view and quit")
    ap.add_argument("--indicator", default="B3")
    ap.add_argument("--size", default="1400x900", help="window size, WIDTHxHEIGHT")
    args = ap.parse_args(argv)

    app = QApplication.instance() or QApplication(sys.argv[:1])
    prefer_unshaped_text(app)  # as the program's make_app does
    from workbench.ui.i18n import Translators

    translators = Translators(app)
    lang = translators.install(args.lang)
    from workbench.evidence import DEMO_SCHOOL_CODE
    from workbench.ui.review import ReviewView
    from workbench.ui.tasks import TaskRunner

    ws, reviewer = prepare(Path(tempfile.mkdtemp(prefix="workbench-review-demo-")))
    runner = TaskRunner()
    view = ReviewView(ws, reviewer, runner, lang=lang)
    view.setWindowTitle("Workbench — review")
    width, height = (int(v) for v in args.size.lower().split("x"))
    view.resize(width, height)
    view.show()
    view.open_school(DEMO_SCHOOL_CODE, args.indicator)
    view.undo_action.setShortcut(QKeySequence.StandardKey.Undo)  # no window menu here
    view.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
    view.addActions([view.undo_action, view.redo_action])
    model = view.evidence.model
    rows = [r for r in range(model.rowCount()) if model.files[r].media_type.startswith("image/")]
    view.evidence.select_row(rows[0] if rows else 0)
    if args.shot is not None:
        def shoot() -> None:
            args.shot.parent.mkdir(parents=True, exist_ok=True)
            view.grab().save(str(args.shot))
            print(args.shot)
            app.quit()
        QTimer.singleShot(2500, shoot)
    code = app.exec()
    runner.wait(10000)
    ws.close()
    return code


if __name__ == "__main__":
    sys.exit(main())
