"""The status-bar item: "N 待同步 · 上次同步 10:42 · 1 冲突", grey when the hub cannot be reached.

Clicking it opens the sync panel. It only shows the controller's snapshot: no reads of its own.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QLabel, QWidget

from workbench.ui.sync.controller import SyncController
from workbench.ui.sync.error_words import round_error_words

GREY = "color: #8a8a8a;"
WARN = "color: #b3261e;"


def local_hhmm(iso: str | None) -> str | None:
    if not iso:
        return None
    try:
        t = dt.datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return None
    return t.astimezone().strftime("%H:%M")


class SyncStatusItem(QLabel):
    clicked = Signal()

    def __init__(self, controller: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncStatus")
        self.controller = controller
        controller.changed.connect(self.update_text)
        controller.progressed.connect(self._progress)
        self._pct: int | None = None
        self.update_text()

    def mouseReleaseEvent(self, e: QMouseEvent) -> None:  # noqa: N802 - Qt override
        self.clicked.emit()
        super().mouseReleaseEvent(e)

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802 - Qt override
        if e.type() == QEvent.Type.LanguageChange:
            self.update_text()
        super().changeEvent(e)

    def _progress(self, phase: str, done: int, total: int) -> None:
        self._pct = int(100 * done / total) if total else None
        self.update_text()

    @property
    def grey(self) -> bool:
        return self.controller.reachable is False

    def update_text(self) -> None:
        c, snap = self.controller, self.controller.snapshot
        parts = [self.tr("%1 waiting").replace("%1", str(snap.counts.get("pending", 0)))]
        if c.running:
            parts.append(self.tr("syncing…") if self._pct is None else self.tr("syncing %1%").replace(
                "%1", str(self._pct)))
        else:
            self._pct = None
            at = local_hhmm((snap.last_round or {}).get("at"))
            parts.append(self.tr("last sync %1").replace("%1", at) if at else self.tr("never synced"))
        conflicts = snap.counts.get("conflict", 0)
        if conflicts:
            parts.append(self.tr("%n conflict(s)", "", conflicts))
        if self.grey:
            parts.append(self.tr("hub not reachable"))
        self.setText(" · ".join(parts))
        self.setStyleSheet(GREY if self.grey else WARN if conflicts else "")
        tip = [self.tr("Sync: click for the outbox, retry and conflicts")]
        if not c.running:  # why the last round did not fully succeed, in the window's language
            tip += [round_error_words(r).text for r in c.last_reports if r.errors][:1]
        self.setToolTip("\n".join(tip))
