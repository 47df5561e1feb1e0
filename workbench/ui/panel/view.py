"""The panel view of one school: the members × items grid, agreement, consensus, signatures.

The chair merges the members' collected sheets (File › Panel…, "Merge sheets"), looks at
the disagreements (coloured; "Only flagged items" filters), settles items with the consensus
editor (a reason is required), writes the panel's opinion and signs. Members open the signed
result, check it and co-sign; the signer table shows who has signed and what is missing until
the result is final. The collected sheets are listed under the grid: a sheet refused because
its certificate was revoked before it was signed is listed with the reason and what to do and
is not merged (as the core's merge); one signed before the revocation is merged with ⚠.

This module only wires the parts together (controls, grid_pane with sheets_pane, signatures,
consensus, opinion; collecting and document_actions, mixed in; follow) and runs the jobs:
everything slow (merging, verifying, unlocking a key, rendering the 结论表) runs on the
TaskRunner; the UI thread only shows results.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QSplitter, QVBoxLayout, QWidget

from workbench.errors import CertificateRevoked, WorkbenchError
from workbench.signing.identity import default_identity_dir
from workbench.ui.panel import dialogs, jobs
from workbench.ui.panel.collecting import Collecting
from workbench.ui.panel.consensus import ConsensusEditor
from workbench.ui.panel.controls import METHODS, PanelControls
from workbench.ui.panel.document_actions import DocumentActions
from workbench.ui.panel.follow import LatestFollower, follow_window, key
from workbench.ui.panel.grid_pane import GridPane
from workbench.ui.panel.opinion import OpinionBox
from workbench.ui.panel.signatures import SignaturesBox
from workbench.ui.screen_fit import fit_to_screen
from workbench.ui.tasks import TaskRunner

__all__ = ["METHODS", "PanelView", "follow_window", "show_panel_view"]


class PanelView(Collecting, DocumentActions, QWidget):
    """A top-level window for one school's panel result."""

    stateChanged = Signal()  # a new document is shown (merged, changed, signed, opened)
    collectionChanged = Signal()  # sheets or trust roots were added, or the collection was read again
    failed = Signal(str)

    def __init__(self, ws: Any, school_code: str, parent: QWidget | None = None, *,
                 identity_dir: Path | None = None, lang: str = "zh_CN") -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("PanelView")
        self.ws, self.code, self.lang = ws, school_code, lang
        self.identity_dir = identity_dir or default_identity_dir(ws.root)
        self.runner = TaskRunner(self, max_threads=1)  # one job at a time, in order
        self.state: jobs.PanelState | None = None
        self.previous: dict | None = None  # the signed revision the next merge supersedes
        self._jobs = 0  # submitted and not yet finished
        self.collection: jobs.Collection | None = None
        self._pending_message: str | None = None
        self._identity: Any = None
        self.follower = LatestFollower(self)
        school = next((s for s in ws.list_schools() if s.code == school_code), None)
        self.school_name = school.name if school is not None else school_code
        self._build()
        self.retranslate()
        self._load_identity()
        fit_to_screen(self, QSize(1280, 700))
        self.setAcceptDrops(True)
        self._submit(jobs.collection, ws, school_code, on_done=self._collected)
        self._submit(jobs.latest, ws, school_code, on_done=self._latest)  # co-signatures that came back

    # ---- layout: the parts, and the names tests and other modules use -------------------------
    def _build(self) -> None:
        c = self.controls = PanelControls(self.school_name, self.code)
        self.title, self.method, self.spread, self.quorum = c.title, c.method, c.spread, c.quorum
        self.merge_button, self.open_button, self.save_button = c.merge_button, c.open_button, c.save_button
        self.print_button, self.add_button, self.trust_button = c.print_button, c.add_button, c.trust_button
        self.collected_label = c.collected_label
        self.add_button.clicked.connect(lambda: self.add_sheets())
        self.trust_button.clicked.connect(lambda: self.add_trust())
        self.merge_button.clicked.connect(self.merge)
        self.open_button.clicked.connect(lambda: self.open_panel())
        self.save_button.clicked.connect(lambda: self.save_panel())
        self.print_button.clicked.connect(self.print_preview)

        g = self.grid_pane = GridPane(self.lang)
        self.grid_model, self.proxy, self.grid, self.only_flagged = g.grid_model, g.proxy, g.grid, g.only_flagged
        self.alpha_label, self.totals_label, self.sheets = g.alpha_label, g.totals_label, g.sheets
        self.grid.selectionModel().selectionChanged.connect(self._selected)

        s = self.sign_box = SignaturesBox()
        self.signer_model, self.signers, self.sign_status = s.signer_model, s.signers, s.sign_status
        self.identity_label, self.identity_button, self.sign_button = s.identity_label, s.identity_button, s.sign_button
        self.identity_button.clicked.connect(self.choose_identity)
        self.sign_button.clicked.connect(self.sign)

        self.editor = ConsensusEditor()
        self.editor.overrideRequested.connect(self.set_override)
        self.editor.clearRequested.connect(self.clear_override)
        o = self.opinion_box = OpinionBox()
        self.opinion, self.opinion_button = o.opinion, o.opinion_button
        self.opinion.textChanged.connect(self.update_buttons)
        self.opinion_button.clicked.connect(self.apply_opinion)

        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        for w in (self.sign_box, self.editor, self.opinion_box):
            rv.addWidget(w)
        rv.addStretch(1)
        split = QSplitter()
        split.addWidget(self.grid_pane)
        right_scroll = QScrollArea()  # scrolls rather than squeezing on a short screen
        right_scroll.setWidget(right)
        right_scroll.setWidgetResizable(True)
        right_scroll.setFrameShape(QFrame.Shape.NoFrame)
        split.addWidget(right_scroll)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([760, 500])
        self.status = QLabel()
        self.status.setObjectName("panelStatus")
        self.status.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addWidget(self.controls)
        lay.addWidget(split, 1)
        lay.addWidget(self.status)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Panel — %1").replace("%1", f"{self.school_name} ({self.code})"))
        self._refresh()

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802 - Qt override
        if e.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(e)

    # ---- identity ---------------------------------------------------------------------------
    def _load_identity(self) -> None:
        from workbench.signing.identity import load_identity

        try:
            self._identity = load_identity(self.identity_dir)
        except WorkbenchError:
            self._identity = None
        self._refresh()

    def set_identity_dir(self, path: Path) -> None:
        self.identity_dir = Path(path)
        self._load_identity()

    def choose_identity(self) -> None:
        path = dialogs.identity_folder(self, self.identity_dir)
        if path is not None:
            self.set_identity_dir(path)

    def _is_chair(self) -> bool:
        ident = self._identity
        if ident is None:
            return False
        if self.state is not None:
            return ident.fingerprint == self.state.doc["chair"]["fingerprint"]
        return ident.signer.role == "chair"

    # ---- jobs -----------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._jobs > 0

    def _submit(self, fn: Any, *args: Any, on_done: Any, **kwargs: Any) -> None:
        self._jobs += 1
        self.update_buttons()
        self.runner.submit(fn, *args, on_done=on_done, on_error=self._failed, **kwargs)

    def _finished(self) -> None:
        self._jobs = max(0, self._jobs - 1)

    def _run(self, fn: Any, *args: Any, message: str, **kwargs: Any) -> None:
        self._set_status(message)
        self._submit(fn, *args, on_done=self._show_state, **kwargs)

    # ---- following the workspace (workbench.ui.panel.follow) --------------------------------
    def _latest(self, state: jobs.PanelState | None) -> None:
        if state is not None:
            self.follower.latest_key = key(state)
        if state is None or self.state is not None:  # nothing kept yet, or the user already moved on
            self._finished()
            self.update_buttons()
            return
        self._show_state(state)

    def reload_latest(self, *_: Any) -> None:
        """Read the school's newest panel result again (a sync round, a bundle, another process)."""
        self.follower.reload()

    @property
    def _latest_key(self) -> tuple | None:
        return self.follower.latest_key

    def show_loaded(self, state: jobs.PanelState, message: str) -> None:
        """Show a result the follower read from the workspace, with `message`."""
        self._jobs += 1  # _show_state finishes one job
        self._pending_message = message
        self._show_state(state)

    # ---- results ----------------------------------------------------------------------------
    def _show_state(self, state: jobs.PanelState) -> None:
        self._finished()
        selected = self._selected_item()
        self.state = state
        self.grid_pane.set_document(state)
        self.sign_box.set_document(state)
        if self.opinion_box.text() != state.doc["opinion"]:
            self.opinion.setPlainText(state.doc["opinion"])
        self.method.setCurrentIndex(max(0, self.method.findData(state.doc["method"])))
        self.spread.setValue(float(state.doc["spread_threshold"]))
        self._select(selected)
        msg, self._pending_message = self._pending_message, None
        if state.collection is not None:  # a merge: say what it counted and left out
            self._show_collection(state.collection)
            msg = self._merged_message(state.collection)
        self._refresh()
        if msg:
            self._set_status(msg)
        self.stateChanged.emit()

    def _failed(self, e: BaseException) -> None:
        self._finished()
        self._pending_message = None
        msg = (e.message + (f" ({e.hint})" if e.hint else "")) if isinstance(e, WorkbenchError) else repr(e)
        if isinstance(e, CertificateRevoked):  # refused before signing: the window's words (ui/error_text.py)
            from workbench.ui.error_text import error_text
            msg = error_text(e)
        self._set_status(msg, error=True)
        self.update_buttons()
        self.failed.emit(msg)

    def _set_status(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #b00020;" if error else "")

    # ---- selection and the editor ---------------------------------------------------------------
    def _selected_item(self) -> str | None:
        return self.grid_pane.selected_item()

    def _select(self, item_id: str | None) -> None:
        if item_id is not None:
            self.grid_pane.select(item_id)
        self._selected()

    def select_item(self, item_id: str) -> None:
        self._select(item_id)

    def _selected(self, *_: Any) -> None:
        iid = self._selected_item()
        if self.state is None or iid is None:
            self.editor.show_item(None, None, None)
            return
        rubric = self.state.rubric
        self.editor.show_item(rubric.item(iid), self.state.doc["items"][iid], rubric.rules.score_step, lang=self.lang,
                              editable=self._is_chair() and not self.busy)

    # ---- what the labels and buttons say ------------------------------------------------------
    def _refresh(self) -> None:
        if not hasattr(self, "status"):
            return
        self.sign_box.show_state(self.state, self._identity)
        self.grid_pane.show_state(self.state)
        if self.state is None:
            self._set_status(self.tr("Ready."))
        self.update_buttons()

    def update_buttons(self) -> None:
        if not hasattr(self, "sign_box"):
            return
        st, ident, busy = self.state, self._identity, self.busy
        chair = self._is_chair()
        self.merge_button.setEnabled(not busy and (chair or ident is None))  # none yet: merge offers to create it
        self.add_button.setEnabled(not busy)
        self.trust_button.setEnabled(not busy)
        for w in (self.method, self.spread, self.quorum):
            w.setEnabled(not busy and chair)
        self.save_button.setEnabled(not busy and st is not None)
        self.print_button.setEnabled(not busy and st is not None)
        self.open_button.setEnabled(not busy)
        self.opinion_box.update_buttons(chair=chair, enabled=not busy, applied=st.doc["opinion"] if st else None)
        in_panel = st is not None and ident is not None and (
            ident.fingerprint == st.doc["chair"]["fingerprint"]
            or any(m["fingerprint"] == ident.fingerprint for m in st.doc["members"]))
        revoked = self.collection.revoked if self.collection is not None else {}  # read with the collection
        self.sign_box.update_button(chair=chair, in_panel=in_panel, busy=busy,
                                    signed_already=st is not None and ident is not None and ident.fingerprint in st.signed,
                                    revoked_at=revoked.get(ident.fingerprint) if ident is not None else None)
        self.editor.setEnabled(not busy and chair and self.editor.item_id is not None)


def show_panel_view(parent: QWidget | None, ws: Any, school_code: str, lang: str = "zh_CN") -> PanelView:
    """Open the panel window for one school (non-modal); returns it."""
    view = PanelView(ws, school_code, parent, lang=lang)
    view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    if parent is not None:
        follow_window(view, parent)
    view.show()
    return view
