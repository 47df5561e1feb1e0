"""The first-run tip: once, the first time a school is open for review, the shortcuts the
window's actions carry. A panel inside the window's lower right corner (never a window of its
own, so it cannot take the keyboard from the page); dismissible; remembered in the ui prefs."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QDialogButtonBox, QFrame, QLabel, QVBoxLayout

from workbench.ui.help.shortcuts import window_shortcuts

MARGIN = 16


class ShortcutsTip(QFrame):
    allRequested = Signal()

    def __init__(self, window) -> None:  # noqa: ANN001 - MainWindow
        super().__init__(window)
        self.window_ = window
        self.setObjectName("shortcutsTip")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setStyleSheet("QFrame#shortcutsTip { background: #fffde7; border: 1px solid #bdb76b; "
                           "border-radius: 4px; }")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        lay = QVBoxLayout(self)
        self.title = QLabel(f"<b>{escape(self.tr('Tip: keyboard shortcuts'))}</b>", self)
        lay.addWidget(self.title)
        intro = QLabel(self.tr("The review goes faster with the keyboard:"), self)
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.rows = window_shortcuts(window)
        # at most two keys of each command: the full list is one click away
        table = "".join(f"<tr><td style='padding-right:14px'><b>{escape(' / '.join(keys.split(', ')[:2]))}</b></td>"
                        f"<td>{escape(cmd)}</td></tr>" for _path, cmd, keys in self.rows)
        self.table = QLabel(f"<table>{table}</table>", self)
        self.table.setTextFormat(Qt.TextFormat.RichText)
        lay.addWidget(self.table)
        more = QLabel(self.tr("Help › Keyboard shortcuts shows them again; Help › User guide explains each step."),
                      self)
        more.setWordWrap(True)
        lay.addWidget(more)
        self.buttons = QDialogButtonBox(self)
        self.ok = self.buttons.addButton(self.tr("Got it"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.all = self.buttons.addButton(self.tr("All shortcuts…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.ok.clicked.connect(self.close)
        self.all.clicked.connect(self.allRequested)
        self.all.clicked.connect(self.close)
        lay.addWidget(self.buttons)
        self.setFixedWidth(360)
        window.installEventFilter(self)

    def windowTitle(self) -> str:  # noqa: N802 - what the tip is called, as for a dialog
        return self.tr("Tip: keyboard shortcuts")

    def place(self) -> None:
        """In the window's lower right corner (over the photo strip rather than the items)."""
        self.adjustSize()
        w = self.window_
        bottom = w.height() - (w.statusBar().height() if w.statusBar().isVisible() else 0)
        self.move(max(0, w.width() - self.width() - MARGIN), max(0, bottom - self.height() - MARGIN))
        self.raise_()

    def showEvent(self, e) -> None:  # noqa: ANN001, N802 - Qt override
        super().showEvent(e)
        self.place()

    def eventFilter(self, obj: QObject, e: QEvent) -> bool:  # noqa: N802 - Qt's name
        if obj is self.window_ and e.type() == QEvent.Type.Resize:
            self.place()
        return super().eventFilter(obj, e)
