"""Small helpers for the main window, kept apart so that it only wires parts together."""

from __future__ import annotations

import importlib.util

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget


def delete_on_close(w: QWidget) -> None:
    from PySide6.QtCore import Qt  # see the note on `Qt` in main_window

    w.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)


def centered(label: QLabel) -> QWidget:
    """`label` in the middle of a page, by stretches (see the note on `Qt` in main_window)."""
    page = QWidget()
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(label)
    row.addStretch(1)
    col = QVBoxLayout(page)
    col.addStretch(1)
    col.addLayout(row)
    col.addStretch(1)
    return page


def module_available(name: str) -> bool:
    """Whether an optional part (the signing dialogs) exists, without importing it: ReportLab
    and pyHanko are slow to import, so they load when the action is first used."""
    try:
        return importlib.util.find_spec(name) is not None
    except ImportError:
        return False


def print_dialog():
    try:
        from workbench.ui.signing.print_dialog import show_print_dialog
    except ImportError:
        return None
    return show_print_dialog

