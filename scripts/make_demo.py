#!/usr/bin/env python3
"""Build the demo evidence package resources/demo/majiang-demo-school.wbpkg.

Everything comes from resources/demo/src/school.json (the fictional school 麻江县示范路小学):
the application workbook is made with `write_template` and filled in; documents are
rendered to PDF with ReportLab and the bundled WenQuanYi font; photos are drawn with
Pillow and given EXIF capture times and GPS near Majiang (26.49N, 107.59E). The output
is deterministic (fixed dates, seeds, ReportLab's invariant mode, fixed ZIP timestamps).

    python scripts/make_demo.py [--out FILE] [--folder DIR]
"""

from __future__ import annotations

import argparse
import io
import json
import random
import sys
import tempfile
from fractions import Fraction
from pathlib import Path

from openpyxl import load_workbook
from PIL import ExifTags, Image, ImageDraw, ImageFont
from reportlab import rl_config
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workbench.evidence.builder import build_package  # noqa: E402
from workbench.evidence.template import FORM_SHEET, SCORE_COLUMN, SELF_SHEET, write_template  # noqa: E402

SRC = ROOT / "resources" / "demo" / "src" / "school.json"
FONT = ROOT / "resources" / "fonts" / "wqy-microhei.ttc"
OUT = ROOT / "resources" / "demo" / "majiang-demo-school.wbpkg"
FONT_NAME = "WQYMicroHei"


# -- workbook ---------------------------------------------------------------------------------
def fill_workbook(path: Path, form: dict, scores: dict[str, str]) -> None:
    wb = load_workbook(path)
    ws = wb[FORM_SHEET]
    for row in range(1, ws.max_row + 1):
        label = str(ws[f"A{row}"].value or "").replace("*", "").strip()
        if label in form:
            ws[f"B{row}"] = form[label]
    ws = wb[SELF_SHEET]
    for row in range(2, ws.max_row + 1):
        item = ws[f"A{row}"].value
        if item in scores:
            ws[f"{SCORE_COLUMN}{row}"] = float(scores[item])
    wb.save(path)


# -- PDFs -------------------------------------------------------------------------------------
def _styles() -> tuple[ParagraphStyle, ParagraphStyle]:
    if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT_NAME, str(FONT), subfontIndex=0))
    title = ParagraphStyle("t", fontName=FONT_NAME, fontSize=16, leading=22, alignment=1,
                           spaceAfter=10, wordWrap="CJK")
    body = ParagraphStyle("b", fontName=FONT_NAME, fontSize=11, leading=18, firstLineIndent=22,
                          spaceAfter=6, wordWrap="CJK")
    return title, body


def _topology() -> Drawing:
    d = Drawing(160 * mm, 70 * mm)
    boxes = {"出口防火墙": (60, 170), "核心交换机": (60, 120), "教学楼汇聚": (0, 60),
             "办公楼汇聚": (60, 60), "无线控制器": (120, 60)}
    for name, (x, y) in boxes.items():
        d.add(Rect(x * mm / 1.2 + 20, y * 0.9, 90, 26, fillColor=colors.HexColor("#DDEBF7")))
        d.add(String(x * mm / 1.2 + 65, y * 0.9 + 9, name, fontName=FONT_NAME, fontSize=10,
                     textAnchor="middle"))
    cx = 60 * mm / 1.2 + 65
    d.add(Line(cx, 170 * 0.9, cx, 120 * 0.9 + 26))
    for x in (0, 60, 120):
        d.add(Line(cx, 120 * 0.9, x * mm / 1.2 + 65, 60 * 0.9 + 26))
    return d


def make_pdf(path: Path, doc: dict) -> None:
    title, body = _styles()
    story: list = [Paragraph(doc["title"], title), Spacer(1, 4 * mm)]
    if doc.get("table"):
        t = Table(doc["table"], hAlign="LEFT")
        t.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), FONT_NAME), ("FONTSIZE", (0, 0), (-1, -1), 10),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
            ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#F2F2F2")),
        ]))
        story += [t, Spacer(1, 5 * mm)]
    story += [Paragraph(p, body) for p in doc["paragraphs"]]
    if doc.get("topology"):
        story += [Spacer(1, 5 * mm), _topology()]
    SimpleDocTemplate(str(path), pagesize=A4, title=doc["title"], author="麻江县示范路小学",
                      creator="workbench make_demo.py", leftMargin=22 * mm,
                      rightMargin=22 * mm).build(story)


# -- photos -----------------------------------------------------------------------------------
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT), size, index=0)


def _scene(kind: str, caption: str, rng: random.Random) -> Image.Image:
    w, h = 1024, 768
    im = Image.new("RGB", (w, h), (236, 232, 222))
    d = ImageDraw.Draw(im)
    for y in range(h // 2, h):  # floor with a soft gradient
        c = 180 - (y - h // 2) // 8
        d.line([(0, y), (w, y)], fill=(c, c - 20, c - 45))
    if kind == "lab":
        for row in range(3):
            for col in range(6):
                x, y = 70 + col * 150, 300 + row * 130
                d.rectangle([x, y, x + 100, y + 70], fill=(40, 40, 48))
                d.rectangle([x + 6, y + 6, x + 94, y + 64], fill=(70 + rng.randrange(60), 130, 200))
                d.rectangle([x + 40, y + 70, x + 60, y + 90], fill=(90, 90, 90))
                d.rectangle([x - 20, y + 90, x + 120, y + 100], fill=(150, 110, 70))
    elif kind == "classroom":
        d.rectangle([262, 80, 762, 380], fill=(25, 25, 30))
        d.rectangle([277, 95, 747, 365], fill=(245, 250, 255))
        d.text((310, 130), "小 小 的 船", font=_font(56), fill=(200, 30, 30))
        d.text((310, 230), "弯弯的月儿小小的船", font=_font(32), fill=(20, 20, 120))
        for i in range(14):
            x, y = 90 + (i % 7) * 125, 470 + (i // 7) * 140
            d.ellipse([x, y, x + 50, y + 50], fill=(60, 40, 30))
            d.rectangle([x - 10, y + 50, x + 60, y + 120], fill=(30, 80, 160))
    elif kind == "gate":
        d.rectangle([0, 0, w, 300], fill=(150, 190, 230))
        d.rectangle([150, 180, 874, 560], fill=(200, 80, 60))
        d.rectangle([380, 300, 644, 560], fill=(60, 60, 60))
        d.text((330, 200), "麻江县示范路小学", font=_font(48), fill=(255, 230, 120))
        d.rectangle([800, 120, 880, 160], fill=(240, 240, 240))
        d.ellipse([860, 125, 890, 155], fill=(20, 20, 20))
    elif kind == "rack":
        for r in range(3):
            x = 140 + r * 260
            d.rectangle([x, 90, x + 200, 660], fill=(30, 30, 35))
            for u in range(20):
                y = 110 + u * 27
                d.rectangle([x + 12, y, x + 188, y + 20], fill=(55, 55, 60))
                for led in range(rng.randrange(2, 8)):
                    d.ellipse([x + 20 + led * 12, y + 7, x + 26 + led * 12, y + 13],
                              fill=rng.choice([(40, 220, 60), (250, 180, 30)]))
    elif kind == "website":
        d.rectangle([0, 0, w, h], fill=(250, 250, 250))
        d.rectangle([0, 0, w, 110], fill=(25, 90, 160))
        d.text((40, 30), "麻江县示范路小学", font=_font(44), fill=(255, 255, 255))
        for i, t in enumerate(["学校概况", "新闻动态", "教学教研", "智慧校园", "党建工作", "信息公开"]):
            d.text((40 + i * 160, 130), t, font=_font(26), fill=(25, 90, 160))
        for i in range(8):
            d.text((60, 200 + i * 60), f"· 2026-03-{18 - i:02d}  校园新闻标题 {i + 1}", font=_font(24),
                   fill=(60, 60, 60))
    elif kind == "certificate":
        d.rectangle([0, 0, w, h], fill=(120, 20, 20))
        d.rectangle([60, 50, 964, 718], fill=(252, 246, 230))
        d.text((300, 120), "网络安全管理员", font=_font(60), fill=(150, 20, 20))
        d.text((400, 220), "培 训 证 书", font=_font(44), fill=(150, 20, 20))
        d.text((150, 340), "潘晓东 同志参加麻江县中小学网络安全管理员培训,", font=_font(30), fill=(40, 40, 40))
        d.text((150, 390), "经考核合格,特发此证。", font=_font(30), fill=(40, 40, 40))
        d.text((560, 560), "麻江县教育局  2025年7月", font=_font(28), fill=(40, 40, 40))
        d.ellipse([640, 480, 800, 640], outline=(200, 30, 30), width=6)
    elif kind == "robots":
        for i in range(5):
            x = 80 + i * 180
            d.rectangle([x, 380, x + 120, 470], fill=(240, 200, 40))
            d.ellipse([x + 10, 460, x + 45, 495], fill=(30, 30, 30))
            d.ellipse([x + 75, 460, x + 110, 495], fill=(30, 30, 30))
            d.ellipse([x + 20, 180, x + 90, 250], fill=(70, 50, 40))
            d.rectangle([x + 10, 250, x + 100, 360], fill=(200, 40, 40))
    d.rectangle([0, h - 50, w, h], fill=(0, 0, 0))
    d.text((20, h - 44), caption, font=_font(30), fill=(255, 255, 255))
    return im


def _dms(value: float) -> tuple[Fraction, Fraction, Fraction]:
    deg = int(value)
    minutes = (value - deg) * 60
    sec = round((minutes - int(minutes)) * 60 * 100)
    return (Fraction(deg), Fraction(int(minutes)), Fraction(sec, 100))


def make_photo(path: Path, photo: dict, seed: int) -> None:
    im = _scene(photo["scene"], photo["caption"], random.Random(seed))
    orientation = photo.get("orientation", 1)
    if orientation == 6:  # stored rotated, as a phone held upright does; EXIF says how to show it
        im = im.transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Huawei"
    exif[ExifTags.Base.Model] = "nova 9"
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.DateTime] = photo["taken"]
    sub = exif.get_ifd(ExifTags.IFD.Exif)
    sub[ExifTags.Base.DateTimeOriginal] = photo["taken"]
    if photo.get("gps"):
        lat, lon = photo["gps"]
        gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
        gps[ExifTags.GPS.GPSLatitudeRef] = "N"
        gps[ExifTags.GPS.GPSLatitude] = _dms(lat)
        gps[ExifTags.GPS.GPSLongitudeRef] = "E"
        gps[ExifTags.GPS.GPSLongitude] = _dms(lon)
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=72, exif=exif.tobytes(), optimize=True)
    path.write_bytes(buf.getvalue())


# -- the folder and the package -------------------------------------------------------------
def make_folder(dest: Path) -> Path:
    """Write the school's folder (workbook + B*/ files) into dest and return it."""
    saved = rl_config.invariant, rl_config.useA85
    # no creation date or random document id; the default (ASCII85) stream encoding, set
    # explicitly so the bytes never depend on what else ran in this process
    rl_config.invariant, rl_config.useA85 = 1, 1
    try:
        return _make_folder(dest)
    finally:
        rl_config.invariant, rl_config.useA85 = saved


def _make_folder(dest: Path) -> Path:
    src = json.loads(SRC.read_text("utf-8"))
    dest.mkdir(parents=True, exist_ok=True)
    wb = write_template(dest / "申报表.xlsx")
    fill_workbook(wb, src["form"], src["self_assessment"])
    for doc in src["documents"]:
        folder = dest / doc["indicator"]
        folder.mkdir(exist_ok=True)
        make_pdf(folder / doc["file"], doc)
    for n, photo in enumerate(src["photos"]):
        folder = dest / photo["indicator"]
        folder.mkdir(exist_ok=True)
        make_photo(folder / photo["file"], photo, seed=1000 + n)
    return dest


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT, help=f"package to write (default {OUT})")
    ap.add_argument("--folder", type=Path, help="also keep the school's source folder here")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = make_folder(args.folder or Path(tmp) / "school")
        manifest = build_package(folder, args.out)
    inds = sorted({i for f in manifest["files"] for i in f["indicators"]}, key=lambda s: int(s[1:]))
    print(f"wrote {args.out} ({args.out.stat().st_size:,} bytes): {len(manifest['files'])} files "
          f"for {len(inds)} indicators")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
