"""Small helpers for the main window, kept apart so that it only wires parts together."""

from __future__ import annotations

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
