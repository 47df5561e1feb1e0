"""After a save or export: what was made and where, with an "open folder" action.

The status bar of the main window (when there is one) says it for a while, and a small
non-modal message names the file and offers 打开所在文件夹. Only the folder we just wrote
into is ever opened (QDesktopServices on a folder, never on a file from elsewhere).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

CONTEXT = "SavedNotice"
STATUS_MS = 15_000


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def open_folder(folder: Path) -> bool:
    """Show our own output folder in the desktop's file manager."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def confirm_saved(parent: QWidget, path: str | Path, what: str, detail: str = "") -> QMessageBox:
    """Say that `what` (already translated, e.g. "签名评分表") was saved to `path`; returns the
    message box (shown non-modally) so tests and callers can reach its buttons."""
    path = Path(path).resolve()
    window = parent.window()
    while not isinstance(window, QMainWindow) and window.parentWidget() is not None:  # a dialog of the window
        window = window.parentWidget().window()
    line = tr("%1 saved: %2").replace("%1", what).replace("%2", str(path))
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(line, STATUS_MS)
    box = QMessageBox(QMessageBox.Icon.Information, tr("Saved"),
                      tr("%1 saved as %2 in the folder %3.").replace("%1", what).replace("%2", path.name)
                      .replace("%3", str(path.parent)), QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("savedNotice")
    if detail:
        box.setInformativeText(detail)
    folder = box.addButton(tr("Open containing folder"), QMessageBox.ButtonRole.ActionRole)
    folder.setObjectName("openFolderButton")
    folder.clicked.connect(lambda: open_folder(path.parent))
    box.setModal(False)
    box.finished.connect(box.deleteLater)
    box.show()
    return box
