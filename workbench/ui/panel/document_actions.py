"""What the chair and the members do with the panel result in the panel view: merge, settle an
item, write the opinion, sign or co-sign, open, save, print.

A part of PanelView (mixed into it: it uses the view's jobs, identity and parts); each action
runs on the view's TaskRunner and the view shows the result. Its words are in the PanelView
translation context.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt

from workbench.errors import WorkbenchError
from workbench.ui.panel import dialogs, jobs
from workbench.ui.panel import sheet_rows as k
from workbench.ui.signing import revocation as rv

CONTEXT = "PanelView"  # a part of the view: its words are the view's


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


class DocumentActions:
    """PanelView's actions on the document."""

    def merge(self) -> None:
        """The chair merges the school's current member sheets into a new (unsigned) result."""
        if self._identity is None:  # issue 12: create it right here, then merge
            from workbench.ui.signing.ensure_identity import with_identity

            with_identity(self, self.ws, self.merge, directory=self.identity_dir, on_created=self._load_identity)
            return
        overrides = self._overrides() if self.state is not None else {}
        q = self.quorum.value() or None
        self._run(jobs.merge_school, self.ws, self.code, self.identity_dir, method=self.method.currentData(),
                  spread=Decimal(f"{self.spread.value():.1f}"), quorum=q, overrides=overrides,
                  opinion=self.opinion.toPlainText().strip(), previous=self._superseded(),
                  message=tr("Merging the members' sheets…"))

    def _merged_message(self, c: jobs.Collection) -> str:
        """What the merge counted and left out: the same rows the list shows. (The sentences after
        the first start with their own space: none in Chinese.)"""
        n = k.counts(c.rows)
        text = tr("Merged %1 member sheet(s).").replace("%1", str(n[k.COUNTED] + n[k.WARNING]))
        if n[k.REFUSED]:
            text += tr(" Not counted: %1 refused sheet(s), see the list.").replace("%1", str(n[k.REFUSED]))
        if n[k.WARNING]:
            text += tr(" ⚠ %1 sheet(s) counted although the certificate was revoked afterwards: the panel "
                            "decides.").replace("%1", str(n[k.WARNING]))
        return text


    def _superseded(self) -> dict | None:
        """What a new document supersedes: the current one once anyone signed it."""
        if self.state is not None and self.state.doc.get("signatures"):
            return self.state.doc
        return self.previous

    def _overrides(self) -> dict[str, dict[str, str]]:
        assert self.state is not None
        return {iid: dict(rec["override"]) for iid, rec in self.state.doc["items"].items() if rec.get("override")}

    def set_override(self, item_id: str, value: str, reason: str) -> None:
        if self.state is None:
            return
        ovr = self._overrides()
        ovr[item_id] = {"value": value, "reason": reason}
        self._change(ovr, self.state.doc["opinion"], tr("%1: final value %2").replace("%1", item_id)
                     .replace("%2", value))

    def clear_override(self, item_id: str) -> None:
        if self.state is None:
            return
        ovr = self._overrides()
        ovr.pop(item_id, None)
        self._change(ovr, self.state.doc["opinion"], tr("%1: computed value again").replace("%1", item_id))

    def apply_opinion(self) -> None:
        if self.state is not None:
            self._change(self._overrides(), self.opinion_box.text(), tr("Opinion updated"))

    def _change(self, overrides: dict, opinion: str, what: str) -> None:
        assert self.state is not None
        if self.state.doc.get("signatures"):
            self.previous = self.state.doc
        self._pending_message = what
        self._run(jobs.change, self.state.doc, overrides=overrides, opinion=opinion,
                  message=tr("Recomputing…"))

    def ask_passphrase(self) -> str | None:
        return dialogs.passphrase(self)

    def sign(self) -> None:
        """The chair signs; a member co-signs (which, the identity's certificate decides)."""
        if self.state is None or self._identity is None:
            return
        if self._is_chair() and self.opinion_box.text() != self.state.doc["opinion"]:
            self._set_status(tr("Apply the opinion before signing: it is part of what is signed."))
            return
        # a revocation a sync round brought since the list was read: refused before the passphrase
        self._submit(rv.revocation, self.ws, self.identity_dir, on_done=self._sign_checked)

    def _sign_checked(self, revoked: rv.Revoked | None) -> None:
        if revoked is not None:
            self._failed(revoked.error)  # the core's refusal, in the window's words
            return
        self._finished()
        self.update_buttons()
        if self.state is None or self._identity is None:
            return
        phrase = self.ask_passphrase()
        if phrase is None:
            return
        self._pending_message = tr("Signed.")
        self._run(jobs.sign, self.ws, self.state.doc, self.identity_dir, phrase, message=tr("Signing…"))

    def open_panel(self, path: str | Path | None = None) -> None:
        path = path or dialogs.panel_to_open(self)
        if path:
            self._pending_message = tr("Opened %1").replace("%1", str(path))
            self._run(jobs.open_file, Path(path), self.ws, message=tr("Opening %1…").replace("%1", str(path)))

    def save_panel(self, path: str | Path | None = None) -> None:
        if self.state is None:
            return
        path = path or dialogs.panel_to_save(self, Path.home() / f"{self.code}-panel-r{self.state.doc['revision']}.json")
        if not path:
            return
        try:
            jobs.save_file(self.state.doc, Path(path))  # a few kB: atomic, quick
        except WorkbenchError as e:
            self._failed(e)
            return
        self._set_status(tr("Saved %1").replace("%1", str(path)))
        # issue 12: say what was made and where, with an open-folder action
        from workbench.ui.export.confirm import confirm_saved

        self.notice = confirm_saved(self, path, tr("Panel result"))

    def print_preview(self) -> None:
        if self.state is None:
            return
        from workbench.ui.panel.print_preview import PanelPrintDialog

        dlg = PanelPrintDialog(self.state.doc, self.identity_dir, self, ask_passphrase=self.ask_passphrase,
                               ws=self.ws)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dlg.show()
        self.print_dialog = dlg
