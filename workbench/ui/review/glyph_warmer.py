"""A rubric's glyphs rendered at idle, before a page first shows them.

The first time a process draws a character in a font, FreeType renders it and Qt keeps the
result in the font engine's glyph cache; every later drawing of it is a copy. A rubric has
about 500 distinct Chinese characters, and in a fresh process the first pages shown pay for
rendering them: 11 % of the instructions of the first switches to pages not built yet
(callgrind over bench/probe_switch_instructions.py). Drawing every character of the rubric
once, in the fonts a page uses, into a scratch pixmap moves that work to the event loop's
quiet turns, a chunk per turn, before and while a school opens.

The pixmap is opaque, like a window's backing store, so the glyphs are rendered in the
format the window's paint will look for (grey or sub-pixel, as the platform's settings ask).
Where the font engine places glyphs at quarter-pixel positions (FreeType with light hinting,
the usual Linux setting) each position is cached apart, but drawing at whole pixels is enough:
a Chinese character's advance is whole pixels, and the few drawn after a Latin digit at another
quarter cost an eighth of the first rendering (the outline is loaded by then). Measured: after
warming, a fresh process's switches take 698 M instructions against 695 M in a process that had
shown every page once (bench/RESULTS.md).
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPixmap
from PySide6.QtWidgets import QApplication

from workbench.rubric.model import Rubric
from workbench.ui.review.indicator_page import bold_font, title_font

CHUNK = 48  # characters per event-loop turn: 2-6 ms of rendering when all are new (2 cores, 2026)
LINE = 32  # characters per drawn line (the pixmap is wide enough for the largest font's)
PRINTABLE_ASCII = "".join(chr(c) for c in range(0x21, 0x7F))


class GlyphWarmer(QObject):
    """`add(texts, fonts)` queues the characters of `texts` not yet drawn in each of `fonts`;
    they are drawn a chunk per event-loop turn. `pending()` counts what is left."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._done: dict[str, set[str]] = {}  # per font (its key): characters drawn or queued
        self._todo: list[tuple[QFont, str]] = []
        self._turn = QTimer(self, singleShot=True, interval=0, timeout=self.step)
        self._pixmap: QPixmap | None = None

    def add(self, texts: Iterable[str], fonts: Iterable[QFont]) -> None:
        chars = {c for t in texts for c in t if not c.isspace()}
        for font in fonts:
            done = self._done.setdefault(font.key(), set())
            new = sorted(chars - done)
            done.update(new)
            for i in range(0, len(new), CHUNK):
                self._todo.append((QFont(font), "".join(new[i:i + CHUNK])))
        if self._todo:
            self._turn.start()

    def pending(self) -> int:
        return sum(len(chars) for _font, chars in self._todo)

    def step(self) -> bool:
        """Draw the next chunk; True while more remain."""
        if not self._todo:
            return False
        font, chars = self._todo.pop(0)
        if self._pixmap is None:
            self._pixmap = QPixmap(1200, 200)
        self._pixmap.fill(Qt.GlobalColor.white)
        fm = QFontMetrics(font)
        p = QPainter(self._pixmap)
        p.setFont(font)
        for n, i in enumerate(range(0, len(chars), LINE)):
            p.drawText(QPoint(0, fm.ascent() + n * fm.lineSpacing()), chars[i:i + LINE])
        p.end()
        if self._todo:
            self._turn.start()
        else:
            self._pixmap = None
        return bool(self._todo)

    def finish(self) -> None:
        while self.step():
            pass


def rubric_glyphs(rubric: Rubric, lang: str) -> list[tuple[list[str], list[QFont]]]:
    """What a rubric's pages draw, as (texts, fonts they are drawn in), for GlyphWarmer."""
    base = QApplication.font()
    ascii_ = [PRINTABLE_ASCII]
    body = [a.title.get(lang) for a in rubric.areas]
    titles = []
    for b in rubric.indicators:
        titles.append(b.title.get(lang))
        for it in b.items:
            body.append(it.text.get(lang))
            body.extend(c.get(lang) for c in it.checklist)
    body.extend(m.title.get(lang) for m in rubric.rules.methods)
    return [(body + titles + ascii_, [base]), (titles + ascii_, [title_font(base)]), (ascii_, [bold_font(base)])]
