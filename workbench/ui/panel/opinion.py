"""The panel's opinion (评估组意见): the chair writes it and applies it before signing, because
it is part of what is signed. The view connects the button."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QPlainTextEdit, QPushButton, QWidget


class OpinionBox(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.opinion = QPlainTextEdit()
        self.opinion.setObjectName("opinionEdit")
        self.opinion.setFixedHeight(52)
        self.opinion_button = QPushButton()
        self.opinion_button.setObjectName("opinionButton")
        ov = QHBoxLayout(self)
        ov.addWidget(self.opinion, 1)
        ov.addWidget(self.opinion_button)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Panel opinion (评估组意见)"))
        self.opinion_button.setText(self.tr("Apply"))

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802 - Qt override
        if e.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(e)

    def text(self) -> str:
        return self.opinion.toPlainText().strip()

    def update_buttons(self, *, chair: bool, enabled: bool, applied: str | None) -> None:
        """Editable for the chair; Apply when the text differs from the document's (`applied`)."""
        self.opinion.setReadOnly(not chair)
        self.opinion_button.setEnabled(enabled and chair and applied is not None and self.text() != applied)
