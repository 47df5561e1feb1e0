"""The consensus editor: the chair's final value for one item, with the reason the panel agreed.

The value moves in the rubric's steps (0.5) within the item's points; "Set final value" stays
disabled until a reason is written. Clearing returns the item to its computed value. The
editor only emits what the chair asked for; the view re-derives the document (off the UI
thread) and the core checks the override again.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)


class ConsensusEditor(QGroupBox):
    overrideRequested = Signal(str, str, str)  # item id, value, reason
    clearRequested = Signal(str)  # item id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("consensusEditor")
        self.item_id: str | None = None
        self.step = Decimal("0.5")
        self.item_label = QLabel()
        self.item_label.setWordWrap(True)
        self.computed_label = QLabel()
        self.value = QDoubleSpinBox()
        self.value.setObjectName("finalValue")
        self.value.setDecimals(1)
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("overrideReason")
        self.reason.setFixedHeight(56)
        self.reason.textChanged.connect(self._update_buttons)
        self.apply_button = QPushButton()
        self.apply_button.setObjectName("setFinalButton")
        self.apply_button.clicked.connect(self._apply)
        self.clear_button = QPushButton()
        self.clear_button.setObjectName("clearFinalButton")
        self.clear_button.clicked.connect(self._clear)
        self.form = QFormLayout(self)
        self.form.addRow(self.item_label)
        self.computed_caption, self.value_caption, self.reason_caption = QLabel(), QLabel(), QLabel()
        self.form.addRow(self.computed_caption, self.computed_label)
        self.form.addRow(self.value_caption, self.value)
        self.form.addRow(self.reason_caption, self.reason)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.clear_button)
        row.addWidget(self.apply_button)
        self.form.addRow(row)
        self.retranslate()
        self.show_item(None, None, None)

    def retranslate(self) -> None:
        self.setTitle(self.tr("Consensus (chair)"))
        self.computed_caption.setText(self.tr("Computed:"))
        self.value_caption.setText(self.tr("Final value:"))
        self.reason_caption.setText(self.tr("Reason:"))
        self.reason.setPlaceholderText(self.tr("Why the panel settled on this value (required)"))
        self.apply_button.setText(self.tr("Set final value"))
        self.clear_button.setText(self.tr("Use computed value"))
        self._update_buttons()

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802
        if e.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(e)

    def show_item(self, item: Any, rec: Mapping[str, Any] | None, step: Decimal | None, *, lang: str = "zh_CN",
                  editable: bool = True) -> None:
        """Show one item (a rubric Item and its record in the panel result), or nothing."""
        self.item_id = item.id if item is not None else None
        if item is None or rec is None:
            self.item_label.setText(self.tr("Select an item in the grid."))
            self.computed_label.setText("")
            self.value.setRange(0, 0)
            self.reason.setPlainText("")
            self.setEnabled(False)
            return
        self.step = step or Decimal("0.5")
        self.setEnabled(editable)
        text = item.text.zh if lang == "zh_CN" else item.text.en
        points = self.tr("%1 points").replace("%1", str(item.points.normalize()))
        self.item_label.setText(f"<b>{item.id}</b> ({points}) {text}")
        self.computed_label.setText(rec.get("computed") or "—")
        self.value.setRange(0, float(item.points))
        self.value.setSingleStep(float(self.step))
        over = rec.get("override")
        start = Decimal(over["value"]) if over else self._nearest(rec.get("computed"))
        self.value.setValue(float(start))
        self.reason.setPlainText(over["reason"] if over else "")
        self.clear_button.setEnabled(editable and bool(over))
        self._update_buttons()

    def _nearest(self, computed: str | None) -> Decimal:
        """The computed value rounded to the rubric's step: the chair's usual starting point."""
        if computed is None:
            return Decimal(0)
        from decimal import ROUND_HALF_UP

        return (Decimal(computed) / self.step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * self.step

    def _value_text(self) -> str:
        d = (Decimal(repr(self.value.value())) / self.step).quantize(Decimal(1)) * self.step
        return str(d.normalize()) if d else "0"

    def _update_buttons(self) -> None:
        self.apply_button.setEnabled(self.item_id is not None and bool(self.reason.toPlainText().strip()))
        self.apply_button.setToolTip("" if self.apply_button.isEnabled() else self.tr("Write the reason first"))

    def _apply(self) -> None:
        reason = self.reason.toPlainText().strip()
        if self.item_id is None or not reason:
            return
        self.overrideRequested.emit(self.item_id, self._value_text(), reason)

    def _clear(self) -> None:
        if self.item_id is not None:
            self.clearRequested.emit(self.item_id)
