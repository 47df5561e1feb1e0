#!/usr/bin/env python3
"""Take the docs/screenshots/*.png of the main screens, in Chinese and in English.

Runs the real window (workbench.ui.app.start) on a temporary workspace under a real X
server, walks the first run (reviewer identity, demo offer), imports a larger generated
package to catch the progress dialog, refuses a tampered one, scores part of the demo
school and opens the review view, adds two on-site photos, signs, and shows the signed
state, the print preview with the photo appendix, Help, the sync panel and the panel view;
each screen is grabbed from the X screen (1366×768, a common school laptop), so dialogs
appear over the window as a user sees them.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshots.py
    ... scripts/screenshots.py --lang en --out /tmp/shots     # one language
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def make_big_package(folder: Path, mib: int = 192) -> Path:
    """A second school's package, big enough (stored random 'videos') for the progress dialog."""
    from workbench.evidence import SourceFile, write_package

    rng = random.Random(5)
    src = folder / "src"
    src.mkdir(parents=True, exist_ok=True)
    files = []
    for n in range(mib // 16):
        ind = f"B{n % 29 + 1}"
        p = src / f"{ind}-课堂实录{n:02d}.mp4"
        p.write_bytes(rng.randbytes(16 << 20))
        files.append(SourceFile(f"{ind}/课堂实录{n:02d}.mp4", p, (ind,), f"课堂实录 {n + 1}", "2026-05-12"))
    head = {"rubric": "majiang-2015",
            "school": {"code": "MJ-JS-002", "name": "麻江县第二中学", "stage": "junior", "students": 1260,
                       "student_computers": 140, "teachers": 96, "teacher_computers": 96},
            "application": {"type": "demonstration", "submitted": "2026-10-20"},
            "self_assessment": {"B1.1": "1", "B2.1": "2.5"}}
    out = folder / "麻江县第二中学.wbpkg"
    write_package(out, head, files)
    return out


def tampered(src: Path, dst: Path) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        infos = zin.infolist()
        victim = [i for i in infos if i.filename != "manifest.json"][-1]
        for info in infos:
            data = zin.read(info)
            zout.writestr(info, bytes([data[0] ^ 0xFF]) + data[1:] if info is victim else data)
    return dst


PASSPHRASE = "screenshot-passphrase-1"


def make_photo(path: Path, n: int) -> Path:
    """A small camera-like JPEG (a gradient with a mark), so thumbnails show something."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (1600, 1200), (90 + 60 * n, 140, 190 - 40 * n))
    d = ImageDraw.Draw(img)
    for x in range(0, 1600, 100):
        d.line([(x, 0), (x + 400, 1200)], fill=(230, 230, 230), width=6)
    d.rectangle([500, 400, 1100, 800], outline=(30, 30, 30), width=20)
    img.save(path, "JPEG", quality=85)
    return path


def shoot(lang: str, out: Path, work: Path) -> list[Path]:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication, QMessageBox

    from workbench.evidence import DEMO_SCHOOL_CODE
    from workbench.ui.app import start
    from workbench.ui.reviewer_dialog import ReviewerDialog

    saved: list[Path] = []

    def wait_for(cond, ms: int = 20_000) -> None:
        """Run the event loop until cond() holds. A QEventLoop, not QTest.qWait: qWait keeps
        the GIL while it waits, which starves the worker threads (the workspace opens on one)."""
        loop, deadline = QEventLoop(), time.monotonic() + ms / 1000
        timer = QTimer(interval=20)
        timer.timeout.connect(lambda: loop.quit() if cond() or time.monotonic() > deadline else None)
        timer.start()
        if not cond():
            loop.exec()
        timer.stop()
        if not cond():
            raise TimeoutError(f"screenshots: condition not met in {ms} ms")

    def pause(ms: int) -> None:
        end = time.monotonic() + ms / 1000
        wait_for(lambda: time.monotonic() >= end, ms + 1000)

    def grab(name: str, window) -> None:
        pause(250)  # let pending paints land
        g = window.frameGeometry()
        pix = QGuiApplication.primaryScreen().grabWindow(0, g.x(), g.y(), g.width(), g.height())
        path = out / f"{name}-{lang}.png"
        pix.save(str(path))
        saved.append(path)
        print(path, flush=True)

    big = make_big_package(work / "pkg")
    bad = tampered(big, work / "损坏的材料包.wbpkg")  # not imported yet: verified in full, refused
    running = start(["--workspace", str(work / f"ws-{lang}"), "--lang", lang])
    w = running.window
    w.move(0, 0)
    w.resize(1366, 740)  # the screen less a taskbar; fit_to_screen keeps it on the screen
    try:
        # 1. first run: who is reviewing?
        wait_for(lambda: w.findChild(ReviewerDialog) is not None and w.findChild(ReviewerDialog).isVisible())
        dlg = w.findChild(ReviewerDialog)
        dlg.name.setText("王芳" if lang == "zh_CN" else "Wang Fang")
        dlg.org.setText("麻江县教育和科技局" if lang == "zh_CN" else "Majiang County Education Bureau")
        grab("01-first-run-reviewer", w)
        dlg.accept()
        # 2. the demo offer
        wait_for(lambda: getattr(w, "first_run_box", None) is not None and w.first_run_box.isVisible())
        grab("02-first-run-demo", w)
        box = w.first_run_box
        next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole).click()
        wait_for(lambda: w.current_location()[0] == DEMO_SCHOOL_CODE)
        # 3. a refused package (one entry changed after the school built it)
        w.show_schools()
        w.importer.start(bad)
        wait_for(lambda: w.importer.message_box is not None and w.importer.message_box.isVisible(), 60_000)
        grab("03-import-refused", w)
        w.importer.message_box.close()
        # 4. import progress (the same package, intact: 192 MiB)
        w.importer.start(big)

        def showing_progress() -> bool:
            p = w.importer.progress
            return p is not None and p.isVisible() and p.value() > 250

        # (on a fast moment of the machine the whole import can end before the dialog has
        # shown a quarter: then there is no progress to grab, and the tour says so)
        wait_for(lambda: showing_progress() or not w.importer.busy(), 60_000)
        if showing_progress():
            grab("04-import-progress", w)
        else:
            print("04-import-progress: the import ended before its progress could be grabbed", flush=True)
        wait_for(lambda: not w.importer.busy(), 60_000)
        # 5. the school list, after scoring part of the demo school through the core
        ws, me = running.ws, running.ws.local_reviewer()
        rubric = ws.school(DEMO_SCHOOL_CODE).rubric
        for item in rubric.items[:20]:
            ws.set_score(DEMO_SCHOOL_CODE, me.id, item.id, item.points)
        w.show_schools()
        wait_for(lambda: sorted(r.scored for r in w.schools.model.rows) == [0, 20])
        w.schools.select(DEMO_SCHOOL_CODE)
        grab("05-school-list", w)
        # 6. the review view on an indicator with evidence
        w.open_school(DEMO_SCHOOL_CODE, "B3")
        pause(1500)  # thumbnails and previews load in the background
        grab("06-review", w)  # with the one-time keyboard tip of a first review
        from workbench.ui.help.tip import ShortcutsTip

        tip = w.findChild(ShortcutsTip)
        if tip is not None:
            tip.ok.click()
        # 7. two on-site photos, signed: the signed state in the score bar and the school list
        from workbench.signing.identity import create_identity, default_identity_dir
        from workbench.signing.workspace_sheets import sign_from_workspace

        photos = [make_photo(work / f"现场{n}.jpg", n) for n in range(2)]
        ws.import_photos(DEMO_SCHOOL_CODE, photos, me.id, "B3")
        create_identity(default_identity_dir(ws.root), me.name, me.org, "member", PASSPHRASE)
        sign_from_workspace(ws, DEMO_SCHOOL_CODE, PASSPHRASE, allow_incomplete=True)
        w.show_schools()
        w.schools.refresh(me.id)
        pause(1500)
        w.schools.select(DEMO_SCHOOL_CODE)
        grab("07-school-list-signed", w)
        w.open_school(DEMO_SCHOOL_CODE, "B3")
        pause(2500)  # the live refresh and the score bar read the signed state
        grab("08-review-signed", w)
        # 8. the print preview: signed, unchanged, with the photo appendix box
        w.print_form()
        from workbench.ui.signing.print_dialog import PrintDialog

        wait_for(lambda: w.findChild(PrintDialog) is not None and w.findChild(PrintDialog).isVisible())
        dlg = w.findChild(PrintDialog)
        pause(6000)  # rendered on a worker thread
        grab("09-print-preview", dlg)
        dlg.close()
        # 9. Help › User guide
        guide = w.help_ui.show_guide()
        pause(1000)
        grab("10-help-guide", guide)
        guide.close()
        # 10. Sync › Outbox and conflicts
        wait_for(lambda: w.sync is not None)
        w.sync.open_panel()
        pause(1500)
        grab("11-sync-panel", w.sync.dialogs["panel"])
        w.sync.dialogs["panel"].close()
        # 11. File › Panel…
        w.open_panel()
        pause(2000)
        grab("12-panel-view", w.panel_view)
        w.panel_view.close()
    finally:
        running.close()
        QApplication.processEvents()
    return saved


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lang", choices=["zh_CN", "en"], help="one language (default: both, each in its own process)")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    ns = ap.parse_args(argv)
    ns.out.mkdir(parents=True, exist_ok=True)
    if ns.lang is None:
        env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "xcb")}
        for lang in ("zh_CN", "en"):
            subprocess.run([sys.executable, __file__, "--lang", lang, "--out", str(ns.out)], env=env, check=True)
        return 0
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
    os.environ.pop("WORKBENCH_HOME", None)
    from workbench.ui.app import make_app

    make_app()
    with tempfile.TemporaryDirectory() as tmp:
        saved = shoot(ns.lang, ns.out, Path(tmp))
    print(json.dumps([str(p.relative_to(ns.out)) for p in saved], ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
