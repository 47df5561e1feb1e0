"""The reviewer identity of this laptop: name, organisation and panel role.

Asked once on first run (every score entry records who made it) and editable later from
Reviewer > Identity…; saving goes through `Workspace.set_local_reviewer`.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from workbench.errors import WorkbenchError

ROLES = ("member", "chair")


class ReviewerDialog(QDialog):
    """Edit the local reviewer. `accept()` saves through the core; errors stay in the dialog."""

    def __init__(self, ws, parent: QWidget | None = None, *, first_run: bool = False) -> None:
        super().__init__(parent)
        self.ws = ws
        self.first_run = first_run
        self.saved = None  # the Reviewer after a successful save
        self.setObjectName("ReviewerDialog")
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.name = QLineEdit()
        self.name.setObjectName("reviewerName")
        self.org = QLineEdit()
        self.org.setObjectName("reviewerOrg")
        self.role = QComboBox()
        self.role.setObjectName("reviewerRole")
        self.role.addItems(["", ""])
        self.form = QFormLayout()
        self.name_label, self.org_label, self.role_label = QLabel(), QLabel(), QLabel()
        self.form.addRow(self.name_label, self.name)
        self.form.addRow(self.org_label, self.org)
        self.form.addRow(self.role_label, self.role)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.intro)
        lay.addLayout(self.form)
        lay.addWidget(self.buttons)
        self.name.textChanged.connect(self._update_ok)
        current = ws.local_reviewer()
        if current is not None:
            self.name.setText(current.name)
            self.org.setText(current.org)
            self.role.setCurrentIndex(ROLES.index(current.role) if current.role in ROLES else 0)
        self.retranslate()
        self._update_ok()
        self.setMinimumWidth(420)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Reviewer identity"))
        if self.first_run:
            self.intro.setText(self.tr("Welcome to Workbench. Who is reviewing on this computer? "
                                       "Every score you enter is recorded under this name."))
        else:
            self.intro.setText(self.tr("Every score you enter is recorded under this name."))
        self.name_label.setText(self.tr("Name:"))
        self.org_label.setText(self.tr("Organisation:"))
        self.role_label.setText(self.tr("Panel role:"))
        self.name.setPlaceholderText(self.tr("e.g. Zhang San"))
        self.org.setPlaceholderText(self.tr("e.g. Majiang County Education Bureau"))
        self.role.setItemText(0, self.tr("Panel member"))
        self.role.setItemText(1, self.tr("Panel chair"))

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802 - Qt override
        if e.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(e)

    def values(self) -> tuple[str, str, str]:
        return self.name.text().strip(), self.org.text().strip(), ROLES[self.role.currentIndex()]

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.name.text().strip()))

    def accept(self) -> None:
        name, org, role = self.values()
        if not name:
            return
        try:
            self.saved = self.ws.set_local_reviewer(name, org, role)
        except WorkbenchError as e:
            QMessageBox.warning(self, self.tr("Cannot save the identity"),
                                e.message + (f"\n\n{e.hint}" if e.hint else ""))
            return
        super().accept()
