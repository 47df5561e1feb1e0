"""Create the reviewer's signing identity in a dialog: name, organisation, role, passphrase.

Calls the same core function as `workbench identity create` (key generation and the
slow passphrase key derivation run on a TaskRunner thread), then records the reviewer in
the workspace and stores the drawn signature, if any, with the identity.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QSize
from PySide6.QtWidgets import (
    QCheckBox,
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
from workbench.signing.identity import (
    MIN_PASSPHRASE,
    ROLES,
    Identity,
    create_identity,
    default_identity_dir,
    format_fingerprint,
    load_identity,
)
from workbench.ui.error_text import error_text
from workbench.ui.screen_fit import fit_to_screen
from workbench.ui.signing.signature_pad import SignaturePad
from workbench.ui.tasks import TaskRunner


def _existing(d: Path) -> Identity | None:
    try:
        return load_identity(d)
    except WorkbenchError:
        return None


class IdentityDialog(QDialog):
    """`created` holds the new Identity after the dialog is accepted."""

    def __init__(self, ws: Any, parent: QWidget | None = None, *, directory: str | Path | None = None,
                 purpose: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("IdentityDialog")
        self.ws = ws
        # why it opened, when signing asked for it: an English source in the EnsureIdentity context
        # (workbench.ui.signing.ensure_identity), translated here so a language switch reaches it
        self.purpose_source = purpose or ""
        self.purpose = QLabel()
        self.purpose.setObjectName("identityPurpose")
        self.purpose.setWordWrap(True)
        self.purpose.setVisible(bool(purpose))
        self.purpose.setStyleSheet("font-weight: bold")
        self.dir = Path(directory) if directory else default_identity_dir(ws.root)
        self.created: Identity | None = None
        self.runner = TaskRunner(self, max_threads=1)
        self.existing = _existing(self.dir)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.name, self.org = QLineEdit(), QLineEdit()
        self.name.setObjectName("identityName")
        self.org.setObjectName("identityOrg")
        self.role = QComboBox()
        self.role.addItems(["", ""])
        self.passphrase, self.repeat = QLineEdit(), QLineEdit()
        for w, name in ((self.passphrase, "identityPassphrase"), (self.repeat, "identityRepeat")):
            w.setEchoMode(QLineEdit.EchoMode.Password)
            w.setObjectName(name)
        self.replace = QCheckBox()
        self.replace.setVisible(self.existing is not None)
        self.pad = SignaturePad(self)
        self.pad_label = QLabel()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.labels = [QLabel() for _ in range(5)]
        form = QFormLayout()
        for label, w in zip(self.labels, (self.name, self.org, self.role, self.passphrase, self.repeat), strict=True):
            form.addRow(label, w)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.purpose)
        lay.addWidget(self.intro)
        lay.addLayout(form)
        lay.addWidget(self.replace)
        lay.addWidget(self.pad_label)
        lay.addWidget(self.pad, 1)
        lay.addWidget(self.status)
        lay.addWidget(self.buttons)
        me = ws.local_reviewer() if hasattr(ws, "local_reviewer") else None
        if me is not None:
            self.name.setText(me.name)
            self.org.setText(me.org)
            self.role.setCurrentIndex(ROLES.index(me.role) if me.role in ROLES else 0)
        for w in (self.name, self.org, self.passphrase, self.repeat):
            w.textChanged.connect(self._update_ok)
        self.replace.toggled.connect(self._update_ok)
        self.retranslate()
        self._update_ok()
        self.setMinimumWidth(520)
        fit_to_screen(self, QSize(600, 640))

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Create signing identity"))
        self.purpose.setText(QCoreApplication.translate("EnsureIdentity", self.purpose_source))
        self.intro.setText(self.tr("Your signing key signs your score sheets and printed forms. "
                                   "It is kept in %1, encrypted with your passphrase; "
                                   "nobody can sign for you without it.").replace("%1", str(self.dir)))
        for label, text in zip(self.labels, (self.tr("Name:"), self.tr("Organisation:"), self.tr("Panel role:"),
                                             self.tr("Passphrase:"), self.tr("Repeat passphrase:")), strict=True):
            label.setText(text)
        self.role.setItemText(0, self.tr("Panel member"))
        self.role.setItemText(1, self.tr("Panel chair"))
        self.passphrase.setPlaceholderText(self.tr("at least %n characters", "", MIN_PASSPHRASE))
        if self.existing is not None:
            self.replace.setText(self.tr("Replace the existing identity (fingerprint %1); sheets signed with it "
                                         "stay valid").replace("%1", format_fingerprint(self.existing.fingerprint)[:19]))
        self.pad_label.setText(self.tr("Handwritten signature (optional, printed on your forms):"))

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802
        if e.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(e)

    def _problem(self) -> str:
        if not self.name.text().strip() or not self.org.text().strip():
            return self.tr("Give your name and organisation.")
        if len(self.passphrase.text()) < MIN_PASSPHRASE:
            return self.tr("The passphrase needs at least %n characters.", "", MIN_PASSPHRASE)
        if self.passphrase.text() != self.repeat.text():
            return self.tr("The two passphrases differ.")
        if self.existing is not None and not self.replace.isChecked():
            return self.tr("An identity exists already: tick the box to replace it.")
        return ""

    def _update_ok(self) -> None:
        problem = self._problem()
        self.status.setText(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)

    def accept(self) -> None:
        if self._problem():
            return
        png = None if self.pad.is_empty() else self.pad.png()
        name, org = self.name.text().strip(), self.org.text().strip()
        role = ROLES[self.role.currentIndex()]
        self.buttons.setEnabled(False)
        self.status.setText(self.tr("Creating the key…"))
        self.runner.submit(create_and_record, self.ws, self.dir, name, org, role, self.passphrase.text(), png,
                           self.existing is not None, on_done=self._done, on_error=self._failed)

    def _done(self, ident: Identity) -> None:
        self.created = ident
        super().accept()

    def _failed(self, e: BaseException) -> None:
        self.buttons.setEnabled(True)
        self._update_ok()
        msg = error_text(e)
        QMessageBox.warning(self, self.tr("Cannot create the identity"), msg)


def create_and_record(ws: Any, directory: Path, name: str, org: str, role: str, passphrase: str,
                      signature_png: bytes | None, overwrite: bool) -> Identity:
    """The worker-thread part: key pair + certificate, signature image, workspace reviewer."""
    from workbench.signing.identity import save_signature_image

    ident = create_identity(directory, name, org, role, passphrase, overwrite=overwrite)
    if signature_png:
        save_signature_image(directory, signature_png)
    ws.set_local_reviewer(name, org, role)
    return ident
