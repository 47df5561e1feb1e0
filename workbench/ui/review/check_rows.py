"""A card's checklist, or its inspection methods, as ONE widget that draws its check boxes.

Two widgets per checklist row (a `QCheckBox` and a wrapping label, since a check box cannot
wrap) and one per method made a card ~25 widgets; making, polishing, showing and laying out
each costs Qt's own time on a first visit (issue 13). This widget paints the boxes with the
style's own check-box indicator and keeps the keyboard walk of separate boxes: Tab and
Shift+Tab step from entry to entry before leaving it, Space (or Enter) toggles the entry with
the focus, a click toggles the entry clicked. Rows mode puts each entry on its own wrapped
row (the checklist); flow mode puts them side by side, wrapping, after a leading label (the
methods).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QStyleOptionFocusRect,
    QWidget,
)

_ONE_LINE = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextDontClip)
_WRAP = _ONE_LINE | int(Qt.TextFlag.TextWordWrap)


class CheckRows(QWidget):
    toggled = Signal(int, bool)  # entry index, checked

    def __init__(self, parent: QWidget, *, flow: bool = False, lead: str = "",
                 spacing: int = 4, name: str = "") -> None:
        super().__init__(parent)
        self.flow, self.lead, self.spacing = flow, lead, spacing
        self.texts: list[str] = []
        self._checked: list[bool] = []
        self.current = 0  # the entry with the keyboard focus
        self._pressed: int | None = None
        # per width: the entries' (indicator, text) rects and the height; layouts ask often
        self._cache: dict[int, tuple[list[tuple[QRect, QRect]], int]] = {}
        self._metrics_: tuple[int, int, int] | None = None
        self._adv: list[int] | None = None  # the lead's and the entries' one-line widths
        sp = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        # QWidget.hasHeightForWidth answers from this, not a Python override: layouts ask it
        # dozens of times per switch, and each call into Python costs a PySide lookup
        sp.setHeightForWidth(True)
        self.setSizePolicy(sp)
        self.setAccessibleName(name or lead)
        self.set_texts([])

    # ---- state -------------------------------------------------------------------------
    def set_texts(self, texts: list[str]) -> None:
        self.texts, self._checked, self.current = list(texts), [False] * len(texts), 0
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus if texts else Qt.FocusPolicy.NoFocus)
        self.setHidden(not texts and not self.flow)  # no checklist: no room taken, no Tab stop
        self._relayout()

    def is_checked(self, i: int) -> bool:
        return self._checked[i]

    def set_checked(self, i: int, on: bool) -> None:
        """Show a stored state (no signal)."""
        if self._checked[i] != on:
            self._checked[i] = on
            self.update()

    def click(self, i: int) -> None:
        """What a click on entry `i` does: toggle it and say so."""
        self.current = i
        self._checked[i] = not self._checked[i]
        self._describe()
        self.update()
        self.toggled.emit(i, self._checked[i])

    # ---- geometry ----------------------------------------------------------------------
    def _relayout(self) -> None:
        self._cache.clear()
        self._metrics_ = self._adv = None
        self.updateGeometry()
        self.update()

    def _metrics(self) -> tuple[int, int, int]:
        if self._metrics_ is None:
            st = self.style()
            self._metrics_ = (st.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, self),
                              st.pixelMetric(QStyle.PixelMetric.PM_IndicatorHeight, None, self),
                              st.pixelMetric(QStyle.PixelMetric.PM_CheckBoxLabelSpacing, None, self))
        return self._metrics_

    def _advances(self) -> list[int]:
        if self._adv is None:
            fm = self.fontMetrics()
            self._adv = [fm.horizontalAdvance(t) for t in (self.lead, *self.texts)]
        return self._adv

    def _rects(self, width: int) -> tuple[list[tuple[QRect, QRect]], int]:
        """Per entry (indicator rect, text rect) at `width`, and the height they take."""
        hit = self._cache.get(width)
        if hit is not None:
            return hit
        fm, (iw, ih, gap) = self.fontMetrics(), self._metrics()
        out: list[tuple[QRect, QRect]] = []
        if not self.flow:
            y = 0
            for t in self.texts:
                tw = max(1, width - iw - gap)
                th = fm.boundingRect(QRect(0, 0, tw, 100000), _WRAP, t).height()
                out.append((QRect(0, y + max(0, (fm.height() - ih) // 2), iw, ih), QRect(iw + gap, y, tw, th)))
                y += max(ih, th) + self.spacing
            height = max(0, y - self.spacing)
        else:
            line = max(ih, fm.height())
            adv = self._advances()
            x = adv[0] + self.spacing if self.lead else 0
            y = 0
            for advance in adv[1:]:
                w = iw + gap + advance
                if x > 0 and x + w > width:
                    x, y = 0, y + line + self.spacing
                out.append((QRect(x, y + (line - ih) // 2, iw, ih),
                            QRect(x + iw + gap, y + (line - fm.height()) // 2, w - iw - gap, fm.height())))
                x += w + self.spacing
            height = y + line
        if len(self._cache) > 8:  # a splitter dragged: widths come and go
            self._cache.clear()
        self._cache[width] = (out, height)
        return out, height

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._rects(width)[1]

    # The hints' heights are what is known without measuring the texts again: the card's
    # layouts ask the height for the width they give (heightForWidth), so they only add up into
    # hints nobody lays out by, and measuring it wrapped every entry once more at a width the
    # card never has (a page on screen grows before a new card is laid out in it, so no card
    # is squeezed down to its minimum: IndicatorPage.build_step).
    def _rows_height(self) -> int:
        """A floor of the height at any width: one line per entry (one line in all for a flow)."""
        line = max(self._metrics()[1], self.fontMetrics().height())
        n = 1 if self.flow else len(self.texts)
        return max(0, n * (line + self.spacing) - self.spacing)

    def sizeHint(self) -> QSize:  # noqa: N802
        w = max(self.width(), 200)
        hit = self._cache.get(w)
        return QSize(w, hit[1] if hit is not None else self._rows_height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        fm, (iw, _ih, gap) = self.fontMetrics(), self._metrics()
        if self.flow:
            adv = self._advances()
            widest = max([adv[0]] + [iw + gap + a for a in adv[1:]])
        else:
            widest = iw + gap + fm.horizontalAdvance("一" * 4)  # wraps down to a few characters
        return QSize(widest, self._rows_height())

    def changeEvent(self, event) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() in (event.Type.FontChange, event.Type.StyleChange):
            self._relayout()

    # ---- painting ----------------------------------------------------------------------
    def paintEvent(self, event) -> None:  # noqa: N802
        p, st = QPainter(self), self.style()
        rects, _h = self._rects(self.width())
        fm = self.fontMetrics()
        if self.flow and self.lead:
            p.drawText(QRect(0, 0, self._advances()[0], fm.height()), _ONE_LINE, self.lead)
        for i, (box, text) in enumerate(rects):
            opt = QStyleOptionButton()
            opt.initFrom(self)
            opt.rect = box
            opt.state &= ~QStyle.StateFlag.State_HasFocus
            opt.state |= QStyle.StateFlag.State_On if self._checked[i] else QStyle.StateFlag.State_Off
            if self._pressed == i:
                opt.state |= QStyle.StateFlag.State_Sunken
            st.drawPrimitive(QStyle.PrimitiveElement.PE_IndicatorCheckBox, opt, p, self)
            p.drawText(text, _ONE_LINE if self.flow else _WRAP, self.texts[i])
            if self.hasFocus() and i == self.current:
                fr = QStyleOptionFocusRect()
                fr.initFrom(self)
                fr.rect = text.adjusted(-1, 0, 1, 0)
                st.drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, fr, p, self)

    # ---- mouse and keyboard ------------------------------------------------------------
    def _at(self, pos: QPoint) -> int | None:
        for i, (box, text) in enumerate(self._rects(self.width())[0]):
            if box.united(text).adjusted(-2, -2, 2, 2).contains(pos):
                return i
        return None

    def mousePressEvent(self, event) -> None:  # noqa: N802
        i = self._at(event.position().toPoint()) if event.button() == Qt.MouseButton.LeftButton else None
        if i is None:
            return super().mousePressEvent(event)
        self._pressed = self.current = i
        self.update()

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        pressed, self._pressed = self._pressed, None
        if pressed is not None and self._at(event.position().toPoint()) == pressed and self.isEnabled():
            self.click(pressed)  # as a check box: toggled on release over the same entry
        else:
            self.update()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.texts:
            self.click(self.current)
        else:
            super().keyPressEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002 - Qt's names
        """Tab walks the entries before leaving, as separate check boxes would."""
        if self.hasFocus():
            step = self.current + (1 if next else -1)
            if 0 <= step < len(self.texts):
                self.current = step
                self._describe()
                self.update()
                return True
        return super().focusNextPrevChild(next)

    def focusInEvent(self, event) -> None:  # noqa: N802
        if event.reason() == Qt.FocusReason.TabFocusReason:
            self.current = 0
        elif event.reason() == Qt.FocusReason.BacktabFocusReason:
            self.current = max(0, len(self.texts) - 1)
        self._describe()
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event) -> None:  # noqa: N802
        super().focusOutEvent(event)
        self.update()

    def _describe(self) -> None:
        """What a screen reader says of the focused entry."""
        if self.texts:
            mark = "☑" if self._checked[self.current] else "☐"
            self.setAccessibleDescription(f"{mark} {self.texts[self.current]}")
