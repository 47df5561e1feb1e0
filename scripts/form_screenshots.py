#!/usr/bin/env python3
"""Make docs/screenshots/form-*.png: the printed forms of the demo school, as a user sees them.

A temporary workspace gets the demo school, two reviewers' complete scores (with notes,
methods and two on-site photos), identities with drawn signatures; then the CLI signs the
sheets and prints the reviewer form (with the photo appendix; the panel's 评估验收结论表 is made by
scripts/panel_screenshots.py), and pdftoppm turns the pages into PNGs.

    .venv/bin/python scripts/form_screenshots.py [--out docs/screenshots] [--dpi 80]
"""

from __future__ import annotations

import argparse
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
from workbench.evidence import DEMO_SCHOOL_CODE, demo_package_path, import_package  # noqa: E402
from workbench.store import Workspace  # noqa: E402

CODE = DEMO_SCHOOL_CODE


def signature_png(path: Path, seed: int) -> Path:
    """A pen-like scribble standing in for a handwritten signature."""
    im = Image.new("RGBA", (600, 200), (255, 255, 255, 0))
    d = ImageDraw.Draw(im)
    pts = [(40 + i * 9, 110 + int(45 * ((i * (seed + 3)) % 7 - 3) / 3)) for i in range(60)]
    d.line(pts, fill=(20, 30, 90, 255), width=6, joint="curve")
    d.line([(60, 150), (540, 140)], fill=(20, 30, 90, 255), width=4)
    im.save(path)
    return path


def photo(path: Path, color: tuple[int, int, int]) -> Path:
    from PIL import ExifTags
    im = Image.new("RGB", (1600, 1200), color)
    ImageDraw.Draw(im).rectangle((300, 400, 1300, 1000), fill=(235, 235, 230))
    exif = Image.Exif()
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = "2026:11:20 09:30:15"
    im.save(path, "JPEG", quality=80, exif=exif)
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    ap.add_argument("--dpi", type=int, default=80)
    a = ap.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        os.environ["WB_PASS"] = "demo-passphrase"
        sheets = []
        for n, (name, org, role) in enumerate([("王建国", "麻江县教育局电教站", "member"),
                                               ("李秀英", "凯里学院教育科学学院", "chair")]):
            wsdir = t / f"ws{n}"
            with Workspace.open(wsdir) as ws:
                import_package(ws, demo_package_path())
            w = ["--workspace", str(wsdir)]
            assert cli(["identity", "create", "--name", name, "--org", org, "--role", role,
                        "--passphrase-env", "WB_PASS", *w]) == 0
            assert cli(["identity", "signature", str(signature_png(t / f"sig{n}.png", n)), *w]) == 0
            with Workspace.open(wsdir) as ws:
                me = ws.local_reviewer()
                for k, item in enumerate(ws.school(CODE).rubric.items):
                    v = item.points if (k + n) % 3 else item.points - Decimal("0.5")
                    ws.set_score(CODE, me.id, item.id, v)
                    ws.set_methods(CODE, me.id, item.id, ["site_visit", "documents"])
                    if k % 6 == n:
                        ws.set_note(CODE, me.id, item.id, "现场查看设备运行正常,会议记录与计划齐全。")
                ws.import_photos(CODE, [photo(t / "机房.jpg", (70, 110, 160)),
                                        photo(t / "录播室.jpg", (150, 110, 100))], me.id, "B3")
            sheet = t / f"sheet{n}.json"
            assert cli(["sheet", "export", "--school", CODE, "-o", str(sheet), "--passphrase-env", "WB_PASS", *w]) == 0
            sheets.append(sheet)
            if n == 0:
                pdf = t / "form.pdf"
                assert cli(["print", str(sheet), "-o", str(pdf), "--photos", "--sign-with",
                            str(wsdir / "identity"), "--passphrase-env", "WB_PASS", *w]) == 0
                subprocess.run(["pdftoppm", "-r", str(a.dpi), "-png", str(pdf), str(a.out / "form-reviewer")],
                               check=True)
        # the panel's 评估验收结论表 (from a signed panel result): scripts/panel_screenshots.py
    print("\n".join(sorted(str(p.relative_to(ROOT)) for p in a.out.glob("form-*.png"))))


if __name__ == "__main__":
    main()
