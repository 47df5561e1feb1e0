"""A score control that only accepts 0..max in steps of 0.5, or "not scored".

Qt's spin box holds a float; the value is exact anyway because every accepted value is a
multiple of 0.5 (a binary fraction), and the session only ever sees Decimal. One step
below zero is the "not scored" state, shown as a dash.

Typed text follows the one score grammar of `workbench.decimals` (ASCII digits, at most two
decimals). Nothing is changed silently: full-width digits from a Chinese input method are
converted in the field itself and `notice` says so; a value off the 0.5 grid is rounded
and `notice` says from what to what; a refused keystroke says what is allowed.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QInputMethodEvent, QKeyEvent, QValidator, QWheelEvent
from PySide6.QtWidgets import QDoubleSpinBox, QWidget

from workbench.decimals import SCORE_GRAMMAR, fmt, normalize_input_digits

STEP = Decimal("0.5")
UNSCORED = -0.5
DASH = "—"
_FULL = re.compile(SCORE_GRAMMAR, re.ASCII)
_PARTIAL = re.compile(r"[0-9]{0,6}(\.[0-9]{0,2})?", re.ASCII)  # what may still become a score


def snap(d: Decimal, maximum: Decimal) -> Decimal:
    """Round to the nearest 0.5 and clamp to 0..maximum."""
    q = (d / STEP).quantize(Decimal(1), rounding=ROUND_HALF_UP) * STEP
    return min(max(q, Decimal(0)), maximum)


class ScoreSpinBox(QDoubleSpinBox):
    notice = Signal(str)  # a short message for the reviewer ("" clears it)

    def __init__(self, maximum: Decimal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.maximum_points = Decimal(maximum)
        self.last_notice = ""
        self.setLocale(QLocale.c())  # "1.5" everywhere, whatever the system locale
        self.setDecimals(1)
        self.setSingleStep(float(STEP))
        self.setRange(UNSCORED, float(self.maximum_points))
        self.setSpecialValueText(DASH)
        self.setValue(UNSCORED)
        self.setKeyboardTracking(False)  # one change per committed entry, not per keystroke
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccelerated(False)
        self.setCorrectionMode(QDoubleSpinBox.CorrectionMode.CorrectToNearestValue)
        self.setAlignment(Qt.AlignmentFlag.AlignRight)

    def set_maximum(self, maximum: Decimal) -> None:
        """The item's points (a card made ahead learns its item later)."""
        self.maximum_points = Decimal(maximum)
        old = self.blockSignals(True)
        try:
            self.setRange(UNSCORED, float(self.maximum_points))
        finally:
            self.blockSignals(old)

    def _say(self, text: str) -> None:
        if text != self.last_notice:
            self.last_notice = text
            self.notice.emit(text)

    # ---- Decimal in and out ----------------------------------------------------------
    def decimal_value(self) -> Decimal | None:
        v = self.value()
        if v < 0:
            return None
        return Decimal(round(v * 2)) / 2

    def set_decimal(self, d: Decimal | None) -> None:
        """Show a value without emitting valueChanged (for refreshes from the core)."""
        old = self.blockSignals(True)
        try:
            self.setValue(UNSCORED if d is None else float(snap(Decimal(d), self.maximum_points)))
        finally:
            self.blockSignals(old)

    # ---- typing: a new entry clears the previous notice -------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.text():
            self._say("")
        super().keyPressEvent(event)

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:  # noqa: N802
        if event.commitString():
            self._say("")
        super().inputMethodEvent(event)

    # ---- text <-> value --------------------------------------------------------------
    def textFromValue(self, value: float) -> str:  # noqa: N802 - Qt's name
        if value < 0:
            return DASH
        return fmt(Decimal(round(value * 2)) / 2)

    def valueFromText(self, text: str) -> float:  # noqa: N802
        t = normalize_input_digits(text)
        if t in ("", DASH, "-"):
            return UNSCORED
        if not _FULL.fullmatch(t):
            return self.value()
        return float(snap(Decimal(t), self.maximum_points))

    def validate(self, text: str, pos: int):  # type: ignore[override]
        t = normalize_input_digits(text)
        if t != text.strip():
            # full-width digits from an input method: shown converted, and said so
            self._say(self.tr("Full-width digits converted: {text}").format(text=t))
            text, pos = t, min(pos, len(t))
        if t in (DASH, ""):
            return QValidator.State.Acceptable if t else QValidator.State.Intermediate, text, pos
        if t in ("-", "."):
            return QValidator.State.Intermediate, text, pos
        if not _PARTIAL.fullmatch(t):
            self._say(self.tr("Type a score from 0 to {max} with digits and one point, like 1.5").format(
                max=fmt(self.maximum_points)))
            return QValidator.State.Invalid, text, pos
        if not _FULL.fullmatch(t):  # "1." on its way to "1.5"
            return QValidator.State.Intermediate, text, pos
        d = Decimal(t)
        if d > self.maximum_points:
            self._say(self.tr("At most {max} points for this item").format(max=fmt(self.maximum_points)))
            return QValidator.State.Invalid, text, pos
        if d % STEP != 0:  # "2.3" is not a score; fixup() rounds it, visibly, when committed
            return QValidator.State.Intermediate, text, pos
        return QValidator.State.Acceptable, text, pos

    def fixup(self, text: str) -> str:
        t = normalize_input_digits(text)
        if not _FULL.fullmatch(t):
            return self.textFromValue(self.value())
        fixed = fmt(snap(Decimal(t), self.maximum_points))
        if fixed != t:
            self._say(self.tr("{typed} is not a multiple of 0.5: corrected to {fixed}").format(
                typed=t, fixed=fixed))
        return fixed

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        # A wheel over an unfocused spin box scrolls the page instead of changing a score.
        if not self.hasFocus():
            event.ignore()
            return
        super().wheelEvent(event)
