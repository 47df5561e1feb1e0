"""The form's QR code after the speed work: the same symbol, drawn once as one path.

No QR decoder is installed here (pyzbar/zbar are not), so the symbol is checked two ways:
the module matrix equals the one the independent `qrcode` library encodes for the same text
(level M, same version, one of its 8 masks), and the drawn flowable, rasterised by poppler,
shows exactly that matrix module by module.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
import qrcode
from PIL import Image
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "signing"))

from sheet_helpers import make_identity, signed_sheet  # noqa: E402

from workbench.printing.form import qr_payload, render_form_bytes  # noqa: E402
from workbench.printing.qr import QUIET, QrFlowable, dark_runs, qr_modules  # noqa: E402

TEXTS = ["WBSHEET1;id=0b7e5a52-3c1d-4e0a-9f7b-2d6c8e1a4b90;rev=2;h=sha256:" + "ab" * 32
         + ";fp=sha256:" + "0f" * 32, "short", "评估打分表 B3.2"]


def _qrcode_matrices(text: str) -> list[tuple[tuple[bool, ...], ...]]:
    out = []
    for mask in range(8):
        q = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0, mask_pattern=mask)
        q.add_data(text.encode("utf-8"), optimize=0)
        q.make(fit=True)
        out.append(tuple(tuple(bool(x) for x in row) for row in q.modules))
    return out


@pytest.mark.parametrize("text", TEXTS)
def test_matrix_is_what_an_independent_encoder_makes(text: str) -> None:
    m = qr_modules(text)
    assert len(m) == len(m[0]) >= 21
    assert m in _qrcode_matrices(text)


def test_matrix_is_encoded_once_per_text() -> None:
    qr_modules.cache_clear()
    QrFlowable(TEXTS[0], 36 * mm)
    QrFlowable(TEXTS[0], 20 * mm)
    info = qr_modules.cache_info()
    assert (info.misses, info.hits) == (1, 1)


def test_runs_cover_exactly_the_dark_modules() -> None:
    m = qr_modules(TEXTS[0])
    covered = {(r, c + k) for r, c, n in dark_runs(m) for k in range(n)}
    assert covered == {(r, c) for r, row in enumerate(m) for c, dark in enumerate(row) if dark}


def _pdf_ops(pdf: bytes) -> list[str]:
    """Every stream's text (inflated when it is Flate), found by its /Length."""
    out = []
    for mt in re.finditer(rb"/Length (\d+)[^>]*>>\s*stream\r?\n", pdf):
        raw = pdf[mt.end():mt.end() + int(mt.group(1))]
        with contextlib.suppress(zlib.error):  # a stream that is not Flate stays as it is
            raw = zlib.decompress(raw)
        out.append(raw.decode("latin-1"))
    return out


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils (pdftoppm)")
def test_drawn_symbol_shows_the_matrix_module_by_module(tmp_path: Path) -> None:
    text = TEXTS[0]
    m = qr_modules(text)
    n = len(m) + 2 * QUIET
    size = n * 4.0  # 4 pt a module; at 144 dpi 8 px a module
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(size, size), pageCompression=0)
    f = QrFlowable(text, size)
    f.wrapOn(c, size, size)
    f.drawOn(c, 0, 0)
    c.save()
    ops = "".join(_pdf_ops(buf.getvalue()))
    assert ops.count(" re") == len(dark_runs(m))  # one rectangle per run, all in one path
    assert re.search(r" re\s*f\b", ops) and ops.count(" f") + ops.count("\nf") == 1  # filled once
    (tmp_path / "qr.pdf").write_bytes(buf.getvalue())
    subprocess.run(["pdftoppm", "-r", "144", "-png", "-singlefile", str(tmp_path / "qr.pdf"), str(tmp_path / "qr")],
                   check=True)
    img = Image.open(tmp_path / "qr.png").convert("L")
    px = img.width / n
    seen = tuple(tuple(img.getpixel((int((c + QUIET + 0.5) * px), int((r + QUIET + 0.5) * px))) < 128
                       for c in range(len(m))) for r in range(len(m)))
    assert seen == m
    # the quiet zone is white
    assert all(img.getpixel((int(k * px + px / 2), int(px / 2))) > 200 for k in range(n))


def test_signed_form_carries_the_payload_symbol_as_runs(tmp_path: Path) -> None:
    ident = make_identity(tmp_path / "id")
    sheet = signed_sheet(ident)
    pdf = render_form_bytes(sheet)
    runs = len(dark_runs(qr_modules(qr_payload(sheet))))
    # one rectangle per run of dark modules, in one page's content, not ~1,700 separate shapes
    counts = [s.count(" re") for s in _pdf_ops(pdf)]
    assert any(k >= runs for k in counts)
    assert qr_modules(qr_payload(sheet)) in _qrcode_matrices(qr_payload(sheet))
