"""The window's keyboard shortcuts, read from its actions (never a list kept by hand), shown
in Help › Keyboard shortcuts and in the one-time tip."""

from __future__ import annotations

import re

from PySide6.QtGui import QAction, QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.ui.screen_fit import fit_to_screen

_ACCEL = re.compile(r"\(&\w\)|&(?=\w)")  # "文件(&F)" -> "文件", "&File" -> "File"
_ARROWS = {"Down": "↓", "Up": "↑", "Left": "←", "Right": "→"}


def plain(text: str) -> str:
    """An action's or menu's text without its accelerator mark and dots."""
    return _ACCEL.sub("", text).replace("&&", "&").rstrip("…").strip()


_LAST_KEYBOARD_KEY = 0x01000055  # Key_Menu: the Qt::Key values above are Help, media and special keys


def on_keyboard(seq: QKeySequence) -> bool:
    """Whether a key sequence can be typed on a laptop keyboard (Qt's standard keys also
    list the dedicated Open / Undo / Help keys of some keyboards)."""
    return seq.count() > 0 and all(seq[i].key().value <= _LAST_KEYBOARD_KEY or seq[i].key().value < 0x01000000
                                   for i in range(seq.count()))


def key_text(seq: QKeySequence) -> str:
    """Keys as printed on the keyboard (Ctrl, F3, PgDown), arrows as arrows."""
    text = seq.toString(QKeySequence.SequenceFormat.PortableText)
    return "+".join(_ARROWS.get(part, part) for part in text.split("+"))


def window_shortcuts(window) -> list[tuple[str, str, str]]:  # noqa: ANN001 - MainWindow
    """(menu path, command, keys) for every action of the window's menus that has a shortcut,
    in menu order; then actions with shortcuts that are in no menu (the review view's)."""
    out: list[tuple[str, str, str]] = []
    seen: set[int] = set()

    def add(path: str, a: QAction) -> None:
        keys = [key_text(k) for k in a.shortcuts() if on_keyboard(k)]
        if id(a) in seen or a.isSeparator() or not keys:
            return
        seen.add(id(a))
        out.append((path, plain(a.text()), ", ".join(keys)))

    def walk(menu, path: str) -> None:  # noqa: ANN001 - QMenu
        for a in menu.actions():
            sub = a.menu()
            if sub is not None:
                walk(sub, f"{path} › {plain(sub.title())}")
            else:
                add(path, a)

    for top in window.menuBar().actions():
        if top.menu() is not None:
            walk(top.menu(), plain(top.menu().title()))
    extra = list(window.review.review_actions()) if getattr(window, "review", None) is not None else []
    for a in extra + list(window.actions()):
        add("", a)
    return out


def shortcuts_model(rows: list[tuple[str, str, str]], headers: list[str], parent=None) -> QStandardItemModel:  # noqa: ANN001
    model = QStandardItemModel(len(rows), 3, parent)
    model.setHorizontalHeaderLabels(headers)
    for r, (path, command, keys) in enumerate(rows):
        for c, text in enumerate((command, keys, path)):
            item = QStandardItem(text)
            item.setEditable(False)
            model.setItem(r, c, item)
    return model


class ShortcutsDialog(QDialog):
    """Help › Keyboard shortcuts: every shortcut the window's actions carry right now."""

    def __init__(self, window, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent or window)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.tr("The shortcuts of this window, as its menus have them now:"), self))
        self.rows = window_shortcuts(window)
        self.model = shortcuts_model(self.rows, [self.tr("Command"), self.tr("Keys"), self.tr("Menu")], self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        lay.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        fit_to_screen(self, (560, 460))
