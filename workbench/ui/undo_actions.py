"""Edit › Undo / Redo for a QUndoGroup, in the window's current language.

`QUndoGroup.createUndoAction` fixes its "Undo %1" prefix in the language active when the action
is made, so after a language switch the menu kept the old language until the next command.
These actions take their text from the group's signals and `retranslate()` re-reads it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction, QKeySequence, QUndoGroup

CONTEXT = "UndoActions"


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


class UndoActions(QObject):
    """`undo` and `redo` QActions following `group`'s active stack."""

    def __init__(self, group: QUndoGroup, parent: QObject) -> None:
        super().__init__(parent)
        self.group = group
        self.undo = QAction(parent)
        self.undo.setShortcuts(QKeySequence.StandardKey.Undo)
        self.undo.triggered.connect(group.undo)
        self.redo = QAction(parent)
        self.redo.setShortcuts(QKeySequence.StandardKey.Redo)
        self.redo.triggered.connect(group.redo)
        group.canUndoChanged.connect(self.undo.setEnabled)
        group.canRedoChanged.connect(self.redo.setEnabled)
        group.undoTextChanged.connect(lambda _t: self.retranslate())
        group.redoTextChanged.connect(lambda _t: self.retranslate())
        self.undo.setEnabled(group.canUndo())
        self.redo.setEnabled(group.canRedo())
        self.retranslate()

    def retranslate(self) -> None:
        u, r = self.group.undoText(), self.group.redoText()
        self.undo.setText(tr("Undo %1").replace("%1", u) if u else tr("Undo"))
        self.redo.setText(tr("Redo %1").replace("%1", r) if r else tr("Redo"))
