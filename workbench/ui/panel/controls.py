"""The panel view's two rows of controls: the school, the collection and the file buttons; then
the merge settings (method, spread threshold, quorum) and "Merge sheets".

Only widgets and their words: the view connects the buttons and decides what is enabled.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from workbench.ui.panel import sheet_rows as k
from workbench.ui.panel.sheet_rows import SheetRow

METHODS = ("mean", "median", "trimmed")


class PanelControls(QWidget):
    def __init__(self, school_name: str, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(f"<b>{school_name}</b> ({code})")
        self.method_label, self.spread_label, self.quorum_label = QLabel(), QLabel(), QLabel()
        self.method = QComboBox()
        self.method.setObjectName("methodCombo")
        for m in METHODS:
            self.method.addItem("", m)
        self.spread = QDoubleSpinBox()
        self.spread.setRange(0.1, 1.0)
        self.spread.setSingleStep(0.1)
        self.spread.setDecimals(1)
        self.spread.setValue(0.5)
        self.quorum = QSpinBox()
        self.quorum.setRange(0, 99)
        self.quorum.setObjectName("quorumSpin")
        self.merge_button, self.open_button, self.save_button, self.print_button = (
            QPushButton(), QPushButton(), QPushButton(), QPushButton())
        self.add_button, self.trust_button = QPushButton(), QPushButton()
        self.add_button.setObjectName("addSheetsButton")
        self.merge_button.setObjectName("mergeButton")
        self.print_button.setObjectName("printPreviewButton")
        self.collected_label = QLabel()
        self.collected_label.setObjectName("collectedLabel")
        self._collected: tuple[int, list[str], list[SheetRow]] | None = None
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.collected_label)
        for w in (self.trust_button, self.add_button, self.open_button, self.save_button, self.print_button):
            top.addWidget(w)
        settings = QHBoxLayout()  # a second row: one row needs ~1350 px, wider than a 125% laptop screen
        for w in (self.method_label, self.method, self.spread_label, self.spread, self.quorum_label, self.quorum,
                  self.merge_button):
            settings.addWidget(w)
        settings.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(top)
        lay.addLayout(settings)
        self.retranslate()

    def retranslate(self) -> None:
        self.method_label.setText(self.tr("Method:"))
        for i, label in enumerate((self.tr("Mean"), self.tr("Median"), self.tr("Trimmed mean"))):
            self.method.setItemText(i, label)
        self.spread_label.setText(self.tr("Flag spread over:"))
        self.spread.setToolTip(self.tr("Share of an item's points; an item is flagged when max − min exceeds it"))
        self.quorum_label.setText(self.tr("Quorum:"))
        self.quorum.setSpecialValueText(self.tr("all"))
        self.add_button.setText(self.tr("Add sheets…"))
        self.add_button.setToolTip(self.tr("Collect members' signed score sheets (files or a folder; or drop them here)"))
        self.trust_button.setText(self.tr("Trust…"))
        self.trust_button.setToolTip(self.tr("Trust the bureau's CA certificate or a member's certificate"))
        self.merge_button.setText(self.tr("Merge sheets"))
        self.merge_button.setToolTip(self.tr("Merge the members' sheets collected in this workspace"))
        self.open_button.setText(self.tr("Open…"))
        self.save_button.setText(self.tr("Save…"))
        self.print_button.setText(self.tr("Print preview…"))
        if self._collected is not None:
            self.show_collected(*self._collected)

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802 - Qt override
        if e.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(e)

    def show_collected(self, current: int, conflicts: list[str], rows: Sequence[SheetRow]) -> None:
        """"Sheets: 3", then what the merge leaves out or counts with a warning."""
        self._collected = (current, list(conflicts), list(rows))
        refused = sum(1 for r in rows if r.kind == k.REFUSED)
        warned = sum(1 for r in rows if r.kind == k.WARNING)
        text = self.tr("Sheets: %1").replace("%1", str(current))
        if conflicts:
            text += self.tr(" · conflicts: %1").replace("%1", str(len(conflicts)))
        if refused:
            text += self.tr(" · refused: %1").replace("%1", str(refused))
        if warned:
            text += self.tr(" · ⚠ revoked certificate: %1").replace("%1", str(warned))
        self.collected_label.setText(text)
        self.collected_label.setToolTip("\n".join(conflicts))
        self.collected_label.setStyleSheet("color: #b00020;" if conflicts or refused
                                           else "color: #9a5b00;" if warned else "")
