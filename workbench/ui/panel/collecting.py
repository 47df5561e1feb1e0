"""Collecting the members' sheets in the panel view: Add sheets…, Trust…, a drop of files or
folders, and the collection as the core reads it (list, counts, ⚠ marks on the members' columns).

A part of PanelView (mixed into it: it uses the view's jobs, status line and parts); its words
are in the PanelView translation context.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

from workbench.ui.panel import dialogs, jobs
from workbench.ui.panel import sheet_rows as k

CONTEXT = "PanelView"  # a part of the view: its words are the view's


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


class Collecting:
    """PanelView's collecting: verified and stored by the core, off the UI thread."""

    def add_sheets(self, paths: list[Path] | None = None) -> None:
        """Collect members' sheets (verified, stored immutably by the core) for this school."""
        paths = paths or dialogs.sheet_files(self)
        if paths:
            self._set_status(tr("Collecting %1 file(s)…").replace("%1", str(len(paths))))
            self._submit(jobs.collection, self.ws, self.code, list(paths), on_done=self._collected)

    def add_trust(self, path: Path | None = None) -> None:
        path = path or dialogs.certificate(self)
        if path is not None:
            self._submit(jobs.trust, self.ws, path, self.code, on_done=self._collected)

    def _collected(self, c: jobs.Collection) -> None:
        self._finished()
        self._show_collection(c)
        if c.results:
            n = {s: sum(1 for r in c.results if r.status == s) for s in ("added", "duplicate", "refused")}
            text = (tr("Added %1, already collected %2, refused %3.").replace("%1", str(n["added"]))
                    .replace("%2", str(n["duplicate"])).replace("%3", str(n["refused"])))
            refused = [r.message for r in c.results if r.status == "refused"]
            self._set_status(" ".join([text, *refused]), error=bool(refused))
        self.update_buttons()
        self.collectionChanged.emit()

    def show_collection(self, c: jobs.Collection) -> None:
        """The collection read again (the follower, after a merge): with it the revocations, so a
        revocation a sync round brought disables the sign button at once."""
        self._show_collection(c)
        self.update_buttons()
        self.collectionChanged.emit()

    def _show_collection(self, c: jobs.Collection) -> None:
        """The collected sheets in the list, the counts and the ⚠ marks on the members' columns."""
        self.collection = c
        self.controls.show_collected(c.current, c.conflicts, c.rows)
        self.sheets.set_rows(c.rows)
        self.grid_pane.set_revoked({r.fingerprint: r.revoked_at for r in c.rows if r.kind == k.WARNING})

    def dragEnterEvent(self, e: Any) -> None:  # noqa: N802 - Qt override
        if e.mimeData().hasUrls() and all(u.isLocalFile() for u in e.mimeData().urls()):
            e.acceptProposedAction()

    def dropEvent(self, e: Any) -> None:  # noqa: N802 - Qt override
        paths = [Path(u.toLocalFile()) for u in e.mimeData().urls() if u.isLocalFile()]
        if paths and not self.busy:
            e.acceptProposedAction()
            self.add_sheets(paths)
