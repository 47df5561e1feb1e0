#!/usr/bin/env python3
"""Benchmark: printing one school's form, with and without 50 photos, against a plain document.

In the same run, best of --repeat:
  - floor: ReportLab rendering a plain 4-page document in the form's embedded CJK TrueType
           font (WenQuanYi Micro Hei subset; the rubric's Chinese texts, CJK wrapping, A4);
           a Helvetica document is printed as a reference only (never embedded: it flatters us);
  - form:  render_form for a complete signed sheet (51 items, 3 pages, embedded CJK subset,
           QR code, signature image), then sign_pdf (embed the sheet, PAdES signature);
  - form + 50 photos: the same with the photo appendix from 50 camera-sized JPEGs
           (4000 x 3000, decoded in draft mode and re-encoded as 900 px thumbnails), against
           its own floor: the CJK floor plus Pillow's own decode + resize of those photos.
Prints each time and its ratio to the floor; --append adds the table to bench/RESULTS.md.

    .venv/bin/python bench/bench_print.py            # ~1 min (making the photos is most of it)
    .venv/bin/python bench/bench_print.py --photos 10 --repeat 1   # quick
"""

from __future__ import annotations

import argparse
import hashlib
import io
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "signing"))

from PIL import Image, ImageDraw  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402
from reportlab.platypus import Paragraph, SimpleDocTemplate  # noqa: E402
from sheet_helpers import PASS, make_identity, signed_sheet  # noqa: E402

from workbench.printing.form import render_form_bytes  # noqa: E402
from workbench.printing.pdfsign import sign_pdf  # noqa: E402
from workbench.printing.style import FORM_SETTINGS, register_font, rl_settings  # noqa: E402
from workbench.rubric import load_rubric  # noqa: E402


def plain_document() -> bytes:
    """Helvetica text, 4 pages: never embedded, so it flatters us; kept only as a reference."""
    rng = random.Random(3)
    words = ["lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit", "sed", "do", "eiusmod", "tempor"]
    style = getSampleStyleSheet()["BodyText"]
    story = [Paragraph(" ".join(rng.choice(words) for _ in range(120)), style) for _ in range(36)]
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4).build(story)
    return buf.getvalue()


def cjk_document() -> bytes:
    """The floor: a plain 4-page document in the form's own embedded CJK TrueType font (subset).

    The rubric's Chinese requirement texts as CJK-wrapped paragraphs; the font registered once per
    process as the form does (a warm-up run registers it before anything is timed).
    """
    font = register_font()
    style = ParagraphStyle("floor", fontName=font, fontSize=10.5, leading=15, wordWrap="CJK")
    texts = [i.text.zh for i in load_rubric("majiang-2015").iter_items()]
    story = [Paragraph(texts[k % len(texts)] + texts[(k * 7 + 3) % len(texts)], style) for k in range(66)]
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4)
    doc.build(story, canvasmaker=lambda *a, **kw: Canvas(*a, **{**kw, "initialFontName": font}))
    assert doc.page == 4, f"the floor must be 4 pages, is {doc.page}"
    return buf.getvalue()


def make_photos(n: int, seed: int = 5) -> dict[str, bytes]:
    """n camera-sized JPEGs with texture (noise + shapes) so they compress like photos."""
    rng = random.Random(seed)
    out = {}
    for k in range(n):
        noise = Image.effect_noise((1000, 750), 60).convert("RGB").resize((4000, 3000))
        d = ImageDraw.Draw(noise)
        for _ in range(30):
            x, y = rng.randrange(4000), rng.randrange(3000)
            d.ellipse((x, y, x + rng.randrange(100, 900), y + rng.randrange(100, 700)),
                      fill=(rng.randrange(256), rng.randrange(256), rng.randrange(256)))
        buf = io.BytesIO()
        noise.save(buf, "JPEG", quality=88)
        out[hashlib.sha256(buf.getvalue()).hexdigest()] = buf.getvalue()
        print(f"\rmaking photos {k + 1}/{n}", end="", file=sys.stderr)
    print(file=sys.stderr)
    return out


def pillow_photos(photos: dict[str, bytes]) -> int:
    """Pillow's own work for the appendix: decode (draft) and resize each photo to 900 px, as JPEG."""
    size = 0
    for data in photos.values():
        with Image.open(io.BytesIO(data)) as im:
            im.draft("RGB", (900, 900))  # the decoder reduces while decoding (1/2, 1/4, 1/8 scale)
            im.thumbnail((900, 900))
            out = io.BytesIO()
            im.convert("RGB").save(out, "JPEG", quality=80)
            size += out.tell()
    return size


def cjk_floor() -> bytes:
    with rl_settings(**FORM_SETTINGS):  # the form's own settings (binary streams)
        return cjk_document()


def best(fn, repeat: int) -> tuple[float, object]:
    times, value = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - t)
    return min(times), value


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--photos", type=int, default=50)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--append", action="store_true", help="append the results to bench/RESULTS.md")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        ident = make_identity(Path(tmp) / "id")
        key = ident.private_key(PASS)
        photos = make_photos(args.photos)
        entries = [{"sha256": sha, "indicator": f"B{k % 29 + 1}", "taken_at": f"2026-11-20T09:{k % 60:02d}:00"}
                   for k, sha in enumerate(photos)]
        sheet = signed_sheet(ident)
        sheet_p = signed_sheet(ident, photos=entries)
        sig = io.BytesIO()
        Image.new("RGBA", (600, 200), (20, 30, 120, 255)).save(sig, "PNG")
        png = sig.getvalue()

        sign_pdf(render_form_bytes(sheet), sheet, ident, key)  # warm up: font tables, pyHanko imports
        cjk_document()
        floor, plain = best(cjk_floor, args.repeat)
        helv, helv_pdf = best(plain_document, args.repeat)
        t_form, pdf = best(lambda: render_form_bytes(sheet, signature_png=png), args.repeat)
        t_sign, signed = best(lambda: sign_pdf(pdf, sheet, ident, key), args.repeat)
        t_photos, pdf_p = best(lambda: render_form_bytes(sheet_p, signature_png=png, photos=photos.get),
                               args.repeat)
        t_sign_p, signed_p = best(lambda: sign_pdf(pdf_p, sheet_p, ident, key), args.repeat)
        t_pillow, _ = best(lambda: pillow_photos(photos), args.repeat)

    rows = [
        ("floor: ReportLab, plain 4-page document, same embedded CJK TrueType font", floor, len(plain)),
        ("(reference, flatters us: plain 4-page Helvetica document, not embedded)", helv, len(helv_pdf)),
        ("form (3 pages, CJK subset, QR, signature image)", t_form, len(pdf)),
        ("form + PAdES signing (embed sheet, sign)", t_form + t_sign, len(signed)),
        (f"form + {args.photos} photos (4000x3000 JPEG) appendix", t_photos, len(pdf_p)),
        (f"form + {args.photos} photos + PAdES signing", t_photos + t_sign_p, len(signed_p)),
    ]
    lines = ["| what | time | ratio to floor | PDF size |", "|---|---|---|---|"]
    for name, t, size in rows:
        lines.append(f"| {name} | {t * 1000:.0f} ms | {t / floor:.1f}× | {size / 1024:.0f} KiB |")
    table = "\n".join(lines)
    print(table)
    appendix_floor = floor + t_pillow
    print(f"photo appendix floor: the CJK floor + Pillow's own decode + resize of the {args.photos} photos "
          f"({t_pillow * 1000:.0f} ms) = {appendix_floor * 1000:.0f} ms; form + photos / that = "
          f"{t_photos / appendix_floor:.2f}× (goal <= 2)")
    if args.append:
        cmd = "    .venv/bin/python bench/bench_print.py" + (
            f" --photos {args.photos}" if args.photos != 50 else "") + (
            f" --repeat {args.repeat}" if args.repeat != 3 else "")
        text = (f"\n## Printing (issue 5)\n\n{cmd}\n\nBest of {args.repeat}, same run, same machine. "
                "The floor is ReportLab laying out a plain 4-page document in the same embedded CJK font.\n\n" + table + "\n")
        with open(ROOT / "bench" / "RESULTS.md", "a", encoding="utf-8") as f:
            f.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
