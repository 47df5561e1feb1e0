"""The verification QR code on printed forms: encoded once, drawn as one filled path.

ReportLab's `QrCodeWidget` encodes the text again for its bounds and for drawing, and draws
each run of dark modules as a separate checked `Rect` shape (~1,700 of them): half the time
of printing a form. Here the module matrix comes from the same encoder (`qrencoder`, level
M, automatic version), so the symbol is the same one, and is drawn as one path of
rectangles, one per horizontal run, with a single fill.
"""

from __future__ import annotations

import itertools
from functools import lru_cache

from reportlab.graphics.barcode import qrencoder
from reportlab.platypus import Flowable

QUIET = 4  # modules of white border, as the QR standard asks (and the widget drew)


@lru_cache(maxsize=16)
def qr_modules(text: str, level: str = "M") -> tuple[tuple[bool, ...], ...]:
    """The QR symbol's module matrix (True = dark), row 0 at the top."""
    code = qrencoder.QRCode(None, getattr(qrencoder.QRErrorCorrectLevel, level))
    code.addData(text)
    code.make()
    return tuple(tuple(bool(m) for m in row) for row in code.modules)


def dark_runs(modules: tuple[tuple[bool, ...], ...]) -> list[tuple[int, int, int]]:
    """(row, first column, length) of every horizontal run of dark modules."""
    runs = []
    for r, row in enumerate(modules):
        c = 0
        for dark, group in itertools.groupby(row):
            n = len(list(group))
            if dark:
                runs.append((r, c, n))
            c += n
    return runs


class QrFlowable(Flowable):
    """A square QR code of side `size` points, quiet zone included."""

    def __init__(self, text: str, size: float, *, level: str = "M") -> None:
        super().__init__()
        self.text = text
        self.size = size
        self.modules = qr_modules(text, level)
        self.width = self.height = size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:  # noqa: ARG002
        return self.size, self.size

    def draw(self) -> None:
        canv, size = self.canv, self.size
        box = size / (len(self.modules) + 2 * QUIET)
        canv.saveState()
        canv.setFillColorRGB(0, 0, 0)
        path = canv.beginPath()
        for r, c, n in dark_runs(self.modules):
            # PDF's y grows upwards: row r's bottom edge is r + 1 modules below the quiet zone's top
            path.rect((c + QUIET) * box, size - (r + QUIET + 1) * box, n * box, box)
        canv.drawPath(path, stroke=0, fill=1)
        canv.restoreState()
