"""The sync panel: every outbox entry with its state; sync now, stop, retry, cancel, conflicts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.ui.screen_fit import fit_to_screen
from workbench.ui.sync.conflict_diff import DiffRow, diff_documents
from workbench.ui.sync.controller import SyncController
from workbench.ui.sync.error_words import round_error_words
from workbench.ui.sync.outbox_model import OutboxModel

if TYPE_CHECKING:
    from workbench.store.outbox import OutboxEntry
    from workbench.sync.worker import RoundReport


def conflict_rows(ws: object, entry: OutboxEntry) -> list[DiffRow]:
    """(a job) my bytes from the outbox against the hub's version kept with the entry."""
    from workbench.store.outbox import Outbox

    mine = Outbox(ws).data(entry.id)
    return diff_documents(mine, (entry.hub_version or {}).get("document"))


class SyncPanel(QDialog):
    def __init__(self, controller: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncPanel")
        self.controller = controller
        self.model = OutboxModel(self)
        self.table = QTableView()
        self.table.setObjectName("outboxTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _i: self.show_conflict())
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.btn_sync, self.btn_stop = QPushButton(), QPushButton()
        self.btn_retry, self.btn_cancel, self.btn_conflict = QPushButton(), QPushButton(), QPushButton()
        self.btn_close = QPushButton()
        self.btn_sync.clicked.connect(controller.sync_now)
        self.btn_stop.clicked.connect(controller.cancel_round)
        self.btn_retry.clicked.connect(self.retry)
        self.btn_cancel.clicked.connect(self.cancel_entry)
        self.btn_conflict.clicked.connect(self.show_conflict)
        self.btn_close.clicked.connect(self.accept)
        row = QHBoxLayout()
        for b in (self.btn_sync, self.btn_stop, self.btn_retry, self.btn_cancel, self.btn_conflict):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.btn_close)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.progress)
        lay.addWidget(self.status)
        lay.addLayout(row)
        controller.changed.connect(self.update_view)
        controller.progressed.connect(self._progress)
        controller.roundFinished.connect(self._finished)
        controller.failed.connect(self._failed)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._buttons())
        self.conflict_dialog = None
        self.retranslate()
        self.update_view()
        fit_to_screen(self, (960, 520))
        controller.refresh()

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802 - Qt override
        if e.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(e)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Sync"))
        self.btn_sync.setText(self.tr("Sync now"))
        self.btn_stop.setText(self.tr("Stop"))
        self.btn_retry.setText(self.tr("Retry"))
        self.btn_cancel.setText(self.tr("Do not send"))
        self.btn_conflict.setText(self.tr("Show conflict…"))
        self.btn_close.setText(self.tr("Close"))

    # -- view -----------------------------------------------------------------------------
    def selected(self) -> OutboxEntry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.entry(rows[0].row()) if rows else None

    def update_view(self) -> None:
        keep = self.selected()
        snap = self.controller.snapshot
        self.model.set_entries(snap.entries)
        if keep is not None:
            for i, e in enumerate(self.model.entries):
                if e.id == keep.id:
                    self.table.selectRow(i)
        running = self.controller.running
        self.progress.setVisible(running)
        no_hub = self.tr("No hub is set: Sync › Hub settings… or join a hub nearby.")
        if not running and snap.loaded and not snap.hubs:
            self.status.setText(no_hub)
        elif self.status.text() == no_hub:
            self.status.clear()
        self._buttons()

    def _buttons(self) -> None:
        e, running = self.selected(), self.controller.running
        self.btn_sync.setEnabled(not running)
        self.btn_stop.setEnabled(running)
        self.btn_retry.setEnabled(e is not None and e.state in ("waiting", "conflict", "refused", "cancelled"))
        self.btn_cancel.setEnabled(e is not None and e.state not in ("sent", "cancelled"))
        self.btn_conflict.setEnabled(e is not None and e.state == "conflict")

    def _progress(self, phase: str, done: int, total: int) -> None:
        self.progress.setVisible(True)
        self.progress.setRange(0, 1000 if total else 0)
        self.progress.setValue(int(1000 * done / total) if total else 0)
        label = {"connect": self.tr("Connecting to the hub…"), "photos": self.tr("Sending photos…"),
                 "documents": self.tr("Sending documents…"), "pull": self.tr("Fetching what concerns you…"),
                 "done": self.tr("Finishing…")}.get(phase, phase)
        self.status.setText(label)

    def _finished(self, reports: list[RoundReport]) -> None:
        self.progress.setVisible(False)
        self.status.setToolTip("")
        if not reports:
            self.status.setText(self.tr("No hub is set: Sync › Hub settings… or join a hub nearby."))
            return
        lines, details = [], []
        for r in reports:
            if not r.reached:
                lines.append(self.tr("%1: not reachable; nothing was lost, the outbox keeps every entry.")
                             .replace("%1", r.hub_url))
            elif r.cancelled:
                lines.append(self.tr("%1: stopped; what was not sent stays in the outbox.").replace("%1", r.hub_url))
            else:
                lines.append(self.tr("%1: sent %2, already there %3, conflicts %4, refused %5, received %6.")
                             .replace("%1", r.hub_url).replace("%2", str(len(r.pushed)))
                             .replace("%3", str(len(r.duplicates))).replace("%4", str(len(r.conflicts)))
                             .replace("%5", str(len(r.refused))).replace("%6", str(len(r.pulled))))
            if r.errors:
                w = round_error_words(r)
                lines.append(w.text)
                details.append(w.detail)
        self.status.setText("\n".join(lines))
        self.status.setToolTip("\n".join(d for d in details if d))

    def _failed(self, message: str) -> None:
        self.progress.setVisible(False)
        self.status.setText(message)
        self.status.setToolTip(self.controller.last_error_detail)

    # -- actions --------------------------------------------------------------------------
    def retry(self) -> None:
        e = self.selected()
        if e is not None:
            self.controller.retry(e.id)

    def cancel_entry(self) -> None:
        e = self.selected()
        if e is not None:
            self.controller.cancel_entry(e.id)

    def show_conflict(self) -> None:
        e = self.selected()
        if e is None or e.state != "conflict":
            return
        self.controller.reads.submit(conflict_rows, self.controller.ws, e,
                                     on_done=lambda rows, e=e: self._open_conflict(e, rows),
                                     on_error=lambda err: self._failed(self.controller.error_line(err)))

    def _open_conflict(self, entry: OutboxEntry, rows: list[DiffRow]) -> None:
        from workbench.ui.sync.conflict_dialog import ConflictDialog

        self.conflict_dialog = ConflictDialog(entry, rows, self)
        self.conflict_dialog.open()
