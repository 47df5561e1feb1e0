"""The small questions the panel view asks: which files, which certificate, where to save, the
passphrase. Each returns None when the user cancels."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QWidget

CONTEXT = "PanelDialogs"


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def sheet_files(parent: QWidget) -> list[Path]:
    files, _ = QFileDialog.getOpenFileNames(parent, tr("Add members' score sheets"), str(Path.home()),
                                            tr("Score sheets (*.json)"))
    return [Path(f) for f in files]


def certificate(parent: QWidget) -> Path | None:
    f, _ = QFileDialog.getOpenFileName(parent, tr("Trust a certificate"), str(Path.home()),
                                       tr("Certificates (*.pem *.crt *.cer)"))
    return Path(f) if f else None


def identity_folder(parent: QWidget, start: Path) -> Path | None:
    path = QFileDialog.getExistingDirectory(parent, tr("Identity folder"), str(start))
    return Path(path) if path else None


def panel_to_open(parent: QWidget) -> Path | None:
    path, _ = QFileDialog.getOpenFileName(parent, tr("Open panel result"), str(Path.home()),
                                          tr("Panel results (*.json)"))
    return Path(path) if path else None


def panel_to_save(parent: QWidget, suggested: Path) -> Path | None:
    path, _ = QFileDialog.getSaveFileName(parent, tr("Save panel result"), str(suggested), tr("Panel results (*.json)"))
    return Path(path) if path else None


def passphrase(parent: QWidget) -> str | None:
    phrase, ok = QInputDialog.getText(parent, tr("Sign the panel result"), tr("Passphrase of your signing key:"),
                                      QLineEdit.EchoMode.Password)
    return phrase if ok and phrase else None
