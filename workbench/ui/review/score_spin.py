"""A score control that only accepts 0..max in steps of 0.5, or "not scored".

Qt's spin box holds a float; the value is exact anyway because every accepted value is a
multiple of 0.5 (a binary fraction), and the session only ever sees Decimal. One step
below zero is the "not scored" state, shown as a dash.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QValidator, QWheelEvent
from PySide6.QtWidgets import QDoubleSpinBox, QWidget

from workbench.decimals import fmt

STEP = Decimal("0.5")
UNSCORED = -0.5
DASH = "—"


def snap(d: Decimal, maximum: Decimal) -> Decimal:
    """Round to the nearest 0.5 and clamp to 0..maximum."""
    q = (d / STEP).quantize(Decimal(1), rounding=ROUND_HALF_UP) * STEP
    return min(max(q, Decimal(0)), maximum)


class ScoreSpinBox(QDoubleSpinBox):
    def __init__(self, maximum: Decimal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.maximum_points = Decimal(maximum)
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

    # ---- text <-> value --------------------------------------------------------------
    def textFromValue(self, value: float) -> str:  # noqa: N802 - Qt's name
        if value < 0:
            return DASH
        return fmt(Decimal(round(value * 2)) / 2)

    def valueFromText(self, text: str) -> float:  # noqa: N802
        t = text.strip()
        if t in ("", DASH, "-"):
            return UNSCORED
        try:
            return float(snap(Decimal(t), self.maximum_points))
        except InvalidOperation:
            return self.value()

    def validate(self, text: str, pos: int):  # type: ignore[override]
        t = text.strip()
        if t in (DASH, ""):
            return QValidator.State.Acceptable if t else QValidator.State.Intermediate, text, pos
        if t in ("-", "."):
            return QValidator.State.Intermediate, text, pos
        try:
            d = Decimal(t)
        except InvalidOperation:
            return QValidator.State.Invalid, text, pos
        if not d.is_finite() or d < 0 or d > self.maximum_points:
            return QValidator.State.Invalid, text, pos
        if d % STEP != 0:  # "1.2" is not a score; fixup() rounds it when the entry is committed
            return QValidator.State.Intermediate, text, pos
        return QValidator.State.Acceptable, text, pos

    def fixup(self, text: str) -> str:
        try:
            return fmt(snap(Decimal(text.strip()), self.maximum_points))
        except InvalidOperation:
            return self.textFromValue(self.value())

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        # A wheel over an unfocused spin box scrolls the page instead of changing a score.
        if not self.hasFocus():
            event.ignore()
            return
        super().wheelEvent(event)
