"""What happens right after the window is first painted: ask who is reviewing (once per
workspace), offer the bundled demo school when the workspace is empty, else return to where
the last session left off. Every step is a non-blocking dialog, so the event loop (and the
tests driving it) keep running.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox


def start(window) -> None:
    if window.ws.local_reviewer() is None:
        dlg = window.edit_identity(first_run_=True)
        dlg.finished.connect(lambda _result: _after_identity(window))
        return
    _after_identity(window)


def _after_identity(window) -> None:
    if not window.ws.list_schools():
        offer_demo(window)
    else:
        window.restore_location()


def offer_demo(window) -> QMessageBox:
    box = QMessageBox(window)
    box.setObjectName("firstRunDemo")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(QCoreApplication.translate("FirstRun", "Welcome"))
    box.setText(QCoreApplication.translate("FirstRun", "There is no school in this workspace yet."))
    box.setInformativeText(QCoreApplication.translate(
        "FirstRun", "Open the bundled demo school (麻江县示范路小学) to try the workbench? "
                    "You can import a school's real package later with File › Import package…"))
    yes = box.addButton(QCoreApplication.translate("FirstRun", "Open demo school"),
                        QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QCoreApplication.translate("FirstRun", "Not now"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(yes)
    box.setStyleSheet("QLabel#qt_msgbox_informativelabel { min-width: 26em; }")  # not a narrow column
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.buttonClicked.connect(lambda b: window.import_demo() if b is yes else None)
    window.first_run_box = box  # for tests and screenshots
    box.open()
    return box
