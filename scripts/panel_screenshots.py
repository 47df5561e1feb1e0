#!/usr/bin/env python3
"""Make docs/screenshots/panel-*.png: the panel's signed 评估验收结论表 and the panel view.

1. The 结论表 with three PAdES signatures: a chair and two members (identities with drawn
   signatures) sign sheets of the demo school; the panel result is merged (one override with
   its reason), signed and co-signed; the real CLI prints the form with the chair's signature
   (`print --panel … --sign-with`), each member adds theirs (`panel sign-pdf`), `pdfsig`
   checks the three and `pdftoppm` turns the pages into panel-form-N.png.
2. With --gui (needs a display, e.g. `xvfb-run -a -s "-screen 0 1366x768x24"`): the panel
   view of a three-member panel in Chinese at 1366×768 after the chair signed and two
   members co-signed, item B3.2 selected, the three collected sheets listed under the grid:
   panel-view-zh_CN.png. (12-panel-view-*.png, the empty view reached from the main window,
   come from scripts/screenshots.py's tour.)

    .venv/bin/python scripts/panel_screenshots.py [--out docs/screenshots] [--dpi 80] [--gui]
"""

from __future__ import annotations

import argparse
import io
import math
import os
import subprocess
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workbench.cli.main import main as cli  # noqa: E402
from workbench.evidence import demo_package_path, import_package, verify_package  # noqa: E402
from workbench.panel.document import build_panel_result, cosign_panel, panel_file_bytes, sign_panel  # noqa: E402
from workbench.rubric import load_rubric  # noqa: E402
from workbench.signing.identity import create_identity, default_identity_dir, save_signature_image  # noqa: E402
from workbench.signing.sheet import ItemRecord, build_sheet, sheet_file_bytes, sign_sheet  # noqa: E402
from workbench.signing.verify import verify_sheet_bytes  # noqa: E402

PASS = "demo-passphrase"
RUBRIC = load_rubric("majiang-2015")
PEOPLE = [("李秀英", "凯里学院教育科学学院"), ("王建国", "麻江县教育局电教站"), ("陈晓东", "麻江县第一中学")]
REASON = "现场复核:机房设备台账齐全,录播室运行正常,评估组合议取 1.5 分。"
OPINION = "该校智慧校园建设规划完整,基础设施达标,应用推进扎实,师生信息素养较好。建议加强数据安全管理和教学资源建设。"


def signature_png(seed: int) -> bytes:
    """A pen-like scribble standing in for a handwritten signature."""
    im = Image.new("RGBA", (600, 200), (255, 255, 255, 0))
    d = ImageDraw.Draw(im)
    f1, f2 = 0.21 + 0.07 * (seed % 4), 0.05 + 0.03 * (seed % 3)
    pts = [(40 + i * 4, 100 + int(38 * math.sin(i * f1) * math.cos(i * f2) + 14 * math.sin(i * 0.9 + seed)))
           for i in range(130)]
    d.line(pts, fill=(20, 30, 90, 255), width=6, joint="curve")
    d.line([(70, 160 - 4 * seed), (520, 145)], fill=(20, 30, 90, 255), width=4)
    buf = io.BytesIO()
    im.save(buf, "PNG")
    return buf.getvalue()


def identity(d: Path, name: str, org: str, role: str, seed: int):  # noqa: ANN201
    ident = create_identity(d, name, org, role, PASS, kdf_rounds=20_000)
    save_signature_image(d, signature_png(seed))
    return ident


def member_sheet(ident, n: int) -> bytes:  # noqa: ANN001
    """A complete sheet: full points with each member's own half-point deductions; B3.2 disputed."""
    pkg = verify_package(demo_package_path())
    items = {}
    for k, item in enumerate(RUBRIC.iter_items()):
        v = item.points - (Decimal("0.5") if (k + n) % 4 == 0 else 0)
        if item.id == "B3.2":
            v = [Decimal(2), Decimal("0.5"), Decimal("1.5")][n % 3]
        if item.id == "B8.2" and n == 2:
            v = Decimal("0.5")
        items[item.id] = ItemRecord(v, frozenset({0}), ("site_visit", "documents"), "")
    school = dict(pkg.manifest["school"], application_type="qualified")
    sheet = build_sheet(RUBRIC, school=school, manifest_hash=pkg.manifest_hash, package_sha256=pkg.package_sha256,
                        package_version=1, items=items, self_assessment=pkg.manifest.get("self_assessment"))
    return sheet_file_bytes(sign_sheet(sheet, ident, ident.private_key(PASS), RUBRIC))


def signed_form(t: Path, out: Path, dpi: int) -> None:
    chair = identity(t / "chair", "张国华", "麻江县教育和科技局", "chair", 7)
    members = [identity(t / f"m{n}", name, org, "member", n) for n, (name, org) in enumerate(PEOPLE[:2])]
    sheets = [verify_sheet_bytes(member_sheet(m, n), None, check_trust_roots=False) for n, m in enumerate(members)]
    doc = build_panel_result(RUBRIC, sheets, chair=chair.cert, opinion=OPINION,
                             overrides={"B3.2": {"value": "1.5", "reason": REASON}})
    doc = sign_panel(doc, chair, chair.private_key(PASS))
    for m in members:
        doc = cosign_panel(doc, m, m.private_key(PASS))
    panel = t / "PANEL.json"
    panel.write_bytes(panel_file_bytes(doc))
    form = t / "结论表.pdf"
    assert cli(["print", "--panel", str(panel), "-o", str(form), "--sign-with", str(chair.dir),
                "--passphrase-env", "WB_PASS"]) == 0
    for m in members:
        assert cli(["panel", "sign-pdf", str(form), "--identity", str(m.dir), "-o", str(form),
                    "--passphrase-env", "WB_PASS"]) == 0
    report = subprocess.run(["pdfsig", str(form)], capture_output=True, text=True, check=False).stdout
    print(report)
    assert report.count("Signature is Valid") == 3, report
    for old in out.glob("panel-form-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(form), str(out / "panel-form")], check=True)


def panel_view(t: Path, out: Path) -> None:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from workbench.evidence import DEMO_SCHOOL_CODE
    from workbench.panel.collect import add_trust, collect_bytes
    from workbench.store import Workspace
    from workbench.ui.i18n import Translators
    from workbench.ui.panel.view import PanelView

    app = QApplication.instance() or QApplication(sys.argv)
    Translators(app).install("zh_CN")
    ws = Workspace.open(t / "ws")
    import_package(ws, demo_package_path())
    chair = identity(default_identity_dir(ws.root), "张国华", "麻江县教育和科技局", "chair", 7)
    members = [identity(t / f"g{n}", name, org, "member", n) for n, (name, org) in enumerate(PEOPLE)]
    for n, m in enumerate(members):
        add_trust(ws, m.dir)
        collect_bytes(ws, member_sheet(m, n), source=f"{m.signer.name}.json")
    view = PanelView(ws, DEMO_SCHOOL_CODE)
    view.setGeometry(0, 0, 1366, 768)
    view.show()

    def wait(action) -> None:  # noqa: ANN001
        loop = QEventLoop()
        view.stateChanged.connect(loop.quit)
        view.failed.connect(lambda msg: (print(msg), loop.quit()))
        action()
        QTimer.singleShot(60_000, loop.quit)
        loop.exec()
        view.stateChanged.disconnect(loop.quit)

    view.quorum.setValue(2)
    wait(view.merge)
    view.select_item("B3.2")
    view.editor.value.setValue(1.5)
    view.editor.reason.setPlainText(REASON)
    wait(view.editor.apply_button.click)
    view.opinion.setPlainText(OPINION)
    wait(view.opinion_button.click)
    view.ask_passphrase = lambda: PASS
    wait(view.sign)
    for m in members[:2]:
        view.set_identity_dir(m.dir)
        wait(view.sign)
    view.set_identity_dir(chair.dir)
    view.select_item("B3.2")
    for _ in range(20):
        app.processEvents()
    view.grab().save(str(out / "panel-view-zh_CN.png"))
    view.close()
    ws.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    ap.add_argument("--dpi", type=int, default=80)
    ap.add_argument("--gui", action="store_true", help="also the panel view (needs a display)")
    a = ap.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    os.environ["WB_PASS"] = PASS
    with tempfile.TemporaryDirectory() as tmp:
        signed_form(Path(tmp) / "form", a.out, a.dpi)
        if a.gui:
            panel_view(Path(tmp) / "gui", a.out)
    out = a.out.resolve()  # an --out outside the checkout (a trial run) is printed as given
    print("\n".join(sorted(str(p.relative_to(ROOT) if p.is_relative_to(ROOT) else p)
                           for p in out.glob("panel-*.png"))))


if __name__ == "__main__":
    main()
