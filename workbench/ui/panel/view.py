"""The panel view of one school: the members × items grid, agreement, consensus, signatures.

The chair merges the members' collected sheets (File › Panel…, "Merge sheets"), looks at
the disagreements (coloured; "Only flagged items" filters), settles items with the consensus
editor (a reason is required), writes the panel's opinion and signs. Members open the signed
result, check it and co-sign; the signer table shows who has signed and what is missing until
the result is final. Everything slow (merging, verifying, unlocking a key, rendering the
结论表) runs on the TaskRunner; the UI thread only shows results.

The view follows the workspace while it is open (issue 12): after a sync round, a bundle
import or any change the window's live refresh sees, it reads the newest panel result again
(`reload_latest`) and takes it when it brings something new (co-signatures that came back, a
newer signed revision), keeping the selected item, a consensus edit or an opinion being typed.
The chair's own unsigned merge is never replaced by what the workspace holds.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QItemSelection, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.errors import WorkbenchError
from workbench.signing.identity import default_identity_dir
from workbench.ui.panel import jobs
from workbench.ui.panel.consensus import ConsensusEditor
from workbench.ui.panel.models import FlaggedFilter, ItemIdRole, PanelGridModel, SignerModel
from workbench.ui.screen_fit import fit_to_screen
from workbench.ui.tasks import TaskRunner

METHODS = ("mean", "median", "trimmed")


class PanelView(QWidget):
    """A top-level window for one school's panel result."""

    stateChanged = Signal()  # a new document is shown (merged, changed, signed, opened)
    collectionChanged = Signal()  # sheets or trust roots were added
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
        self._latest_key: tuple | None = None  # the workspace's newest result, as last read
        self._reloading = self._reload_again = False
        school = next((s for s in ws.list_schools() if s.code == school_code), None)
        self.school_name = school.name if school is not None else school_code
        self._build()
        self.retranslate()
        self._load_identity()
        self._refresh()
        fit_to_screen(self, QSize(1280, 700))
        self.setAcceptDrops(True)
        self._submit(jobs.collection, ws, school_code, on_done=self._collected)
        self._submit(jobs.latest, ws, school_code, on_done=self._latest)  # co-signatures that came back

    # ---- layout ---------------------------------------------------------------------------
    def _build(self) -> None:
        self.title = QLabel()
        self.method_label, self.spread_label, self.quorum_label = QLabel(), QLabel(), QLabel()
        self.method = QComboBox()
        self.method.setObjectName("methodCombo")
        for m in METHODS:
            self.method.addItem("", m)
        self.spread = QDoubleSpinBox()
        self.spread.setRange(0.1, 1.0)
        self.spread.setSingleStep(0.1)
        self.spread.setDecimals(1)
        self.spread.setValue(0.5)
        self.quorum = QSpinBox()
        self.quorum.setRange(0, 99)
        self.quorum.setObjectName("quorumSpin")
        self.merge_button, self.open_button, self.save_button, self.print_button = (
            QPushButton(), QPushButton(), QPushButton(), QPushButton())
        self.add_button, self.trust_button = QPushButton(), QPushButton()
        self.add_button.setObjectName("addSheetsButton")
        self.add_button.clicked.connect(lambda: self.add_sheets())
        self.trust_button.clicked.connect(lambda: self.add_trust())
        self.collected_label = QLabel()
        self.collected_label.setObjectName("collectedLabel")
        self.merge_button.setObjectName("mergeButton")
        self.print_button.setObjectName("printPreviewButton")
        self.merge_button.clicked.connect(self.merge)
        self.open_button.clicked.connect(lambda: self.open_panel())
        self.save_button.clicked.connect(lambda: self.save_panel())
        self.print_button.clicked.connect(self.print_preview)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.collected_label)
        for w in (self.trust_button, self.add_button, self.open_button, self.save_button, self.print_button):
            top.addWidget(w)
        settings = QHBoxLayout()  # a second row: one row needs ~1350 px, wider than a 125% laptop screen
        for w in (self.method_label, self.method, self.spread_label, self.spread, self.quorum_label, self.quorum,
                  self.merge_button):
            settings.addWidget(w)
        settings.addStretch(1)

        self.grid_model = PanelGridModel(self)
        self.grid_model.lang = self.lang
        self.proxy = FlaggedFilter(self)
        self.proxy.setSourceModel(self.grid_model)
        self.grid = QTableView()
        self.grid.setObjectName("panelGrid")
        self.grid.setModel(self.proxy)
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.verticalHeader().setVisible(False)
        self.grid.verticalHeader().setDefaultSectionSize(22)
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid.selectionModel().selectionChanged.connect(self._selected)
        self.only_flagged = QCheckBox()
        self.only_flagged.setObjectName("onlyFlagged")
        self.only_flagged.toggled.connect(self.proxy.set_only_flagged)
        self.alpha_label = QLabel()
        self.alpha_label.setObjectName("alphaLabel")
        self.totals_label = QLabel()
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.only_flagged)
        row.addStretch(1)
        row.addWidget(self.alpha_label)
        lv.addLayout(row)
        lv.addWidget(self.grid, 1)
        lv.addWidget(self.totals_label)

        self.signer_model = SignerModel(self)
        self.signers = QTableView()
        self.signers.setObjectName("signerTable")
        self.signers.setModel(self.signer_model)
        self.signers.verticalHeader().setVisible(False)
        self.signers.verticalHeader().setDefaultSectionSize(22)
        self.signers.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.signers.horizontalHeader().setStretchLastSection(True)
        self.signers.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.signers.setFixedHeight(24 + 22 * 8)
        self.sign_status = QLabel()
        self.sign_status.setObjectName("signStatus")
        self.sign_status.setWordWrap(True)
        self.identity_label = QLabel()
        self.identity_label.setWordWrap(True)
        self.identity_button, self.sign_button = QPushButton(), QPushButton()
        self.sign_button.setObjectName("signButton")
        self.identity_button.clicked.connect(self.choose_identity)
        self.sign_button.clicked.connect(self.sign)
        self.sign_box = QGroupBox()
        sv = QVBoxLayout(self.sign_box)
        sv.addWidget(self.signers)
        sv.addWidget(self.sign_status)
        srow = QHBoxLayout()
        srow.addWidget(self.identity_label, 1)
        srow.addWidget(self.identity_button)
        srow.addWidget(self.sign_button)
        sv.addLayout(srow)

        self.editor = ConsensusEditor()
        self.editor.overrideRequested.connect(self.set_override)
        self.editor.clearRequested.connect(self.clear_override)
        self.opinion_box = QGroupBox()
        self.opinion = QPlainTextEdit()
        self.opinion.setObjectName("opinionEdit")
        self.opinion.setFixedHeight(52)
        self.opinion.textChanged.connect(self._update_buttons)
        self.opinion_button = QPushButton()
        self.opinion_button.setObjectName("opinionButton")
        self.opinion_button.clicked.connect(self.apply_opinion)
        ov = QHBoxLayout(self.opinion_box)
        ov.addWidget(self.opinion, 1)
        ov.addWidget(self.opinion_button)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self.sign_box)
        rv.addWidget(self.editor)
        rv.addWidget(self.opinion_box)
        rv.addStretch(1)

        split = QSplitter()
        split.addWidget(left)
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
        lay.addLayout(top)
        lay.addLayout(settings)
        lay.addWidget(split, 1)
        lay.addWidget(self.status)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Panel — %1").replace("%1", f"{self.school_name} ({self.code})"))
        self.title.setText(f"<b>{self.school_name}</b> ({self.code})")
        self.method_label.setText(self.tr("Method:"))
        for i, label in enumerate((self.tr("Mean"), self.tr("Median"), self.tr("Trimmed mean"))):
            self.method.setItemText(i, label)
        self.spread_label.setText(self.tr("Flag spread over:"))
        self.spread.setToolTip(self.tr("Share of an item's points; an item is flagged when max − min exceeds it"))
        self.quorum_label.setText(self.tr("Quorum:"))
        self.quorum.setSpecialValueText(self.tr("all"))
        self.add_button.setText(self.tr("Add sheets…"))
        self.add_button.setToolTip(self.tr("Collect members' signed score sheets (files or a folder; or drop them here)"))
        self.trust_button.setText(self.tr("Trust…"))
        self.trust_button.setToolTip(self.tr("Trust the bureau's CA certificate or a member's certificate"))
        self.merge_button.setText(self.tr("Merge sheets"))
        self.merge_button.setToolTip(self.tr("Merge the members' sheets collected in this workspace"))
        self.open_button.setText(self.tr("Open…"))
        self.save_button.setText(self.tr("Save…"))
        self.print_button.setText(self.tr("Print preview…"))
        self.only_flagged.setText(self.tr("Only flagged items"))
        self.sign_box.setTitle(self.tr("Signatures"))
        self.identity_button.setText(self.tr("Identity…"))
        self.opinion_box.setTitle(self.tr("Panel opinion (评估组意见)"))
        self.opinion_button.setText(self.tr("Apply"))
        self._refresh()

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802
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
        path = QFileDialog.getExistingDirectory(self, self.tr("Identity folder"), str(self.identity_dir))
        if path:
            self.set_identity_dir(Path(path))

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
        self._update_buttons()
        self.runner.submit(fn, *args, on_done=on_done, on_error=self._failed, **kwargs)

    def _finished(self) -> None:
        self._jobs = max(0, self._jobs - 1)

    def _run(self, fn: Any, *args: Any, message: str, **kwargs: Any) -> None:
        self._set_status(message)
        self._submit(fn, *args, on_done=self._show_state, **kwargs)

    def merge(self) -> None:
        """The chair merges the school's current member sheets into a new (unsigned) result."""
        if self._identity is None:  # issue 12: create it right here, then merge
            from workbench.ui.signing.ensure_identity import with_identity

            with_identity(self, self.ws, self.merge, directory=self.identity_dir, on_created=self._load_identity)
            return
        overrides = self._overrides() if self.state is not None else {}
        q = self.quorum.value() or None
        self._pending_message = self.tr("Merged the members' sheets.")
        self._run(jobs.merge_school, self.ws, self.code, self.identity_dir, method=self.method.currentData(),
                  spread=Decimal(f"{self.spread.value():.1f}"), quorum=q, overrides=overrides,
                  opinion=self.opinion.toPlainText().strip(), previous=self._superseded(),
                  message=self.tr("Merging the members' sheets…"))

    def add_sheets(self, paths: list[Path] | None = None) -> None:
        """Collect members' sheets (verified, stored immutably by the core) for this school."""
        if not paths:
            files, _ = QFileDialog.getOpenFileNames(self, self.tr("Add members' score sheets"), str(Path.home()),
                                                    self.tr("Score sheets (*.json)"))
            paths = [Path(f) for f in files]
        if paths:
            self._set_status(self.tr("Collecting %1 file(s)…").replace("%1", str(len(paths))))
            self._submit(jobs.collection, self.ws, self.code, list(paths), on_done=self._collected)

    def add_trust(self, path: Path | None = None) -> None:
        if path is None:
            f, _ = QFileDialog.getOpenFileName(self, self.tr("Trust a certificate"), str(Path.home()),
                                               self.tr("Certificates (*.pem *.crt *.cer)"))
            path = Path(f) if f else None
        if path is not None:
            self._submit(jobs.trust, self.ws, path, self.code, on_done=self._collected)

    def _latest(self, state: jobs.PanelState | None) -> None:
        if state is not None:
            self._latest_key = _key(state)
        if state is None or self.state is not None:  # nothing kept yet, or the user already moved on
            self._finished()
            self._update_buttons()
            return
        self._show_state(state)

    # ---- following the workspace ------------------------------------------------------------
    def reload_latest(self, *_: Any) -> None:
        """Read the school's newest panel result again (a sync round, a bundle, another process)."""
        if self._reloading:
            self._reload_again = True  # one read at a time; one more after it
            return
        self._reloading = True
        # not a _submit: the buttons and the editor stay enabled (a disabled editor loses the focus)
        self.runner.submit(jobs.latest, self.ws, self.code, on_done=self._reloaded, on_error=self._reload_failed)

    def _reload_failed(self, _e: BaseException) -> None:
        self._reloading = False  # a passing failure (a locked file): the next change reads again

    def _reloaded(self, state: jobs.PanelState | None) -> None:
        self._reloading = False
        if self._reload_again:
            self._reload_again = False
            self.reload_latest()
            return
        if state is None or self.busy or _key(state) == self._latest_key:
            return  # nothing new; or the user's own job is about to show its result
        self._latest_key = _key(state)
        cur = self.state
        if cur is not None:
            if cur.panel_hash == state.panel_hash and set(state.signed) <= set(cur.signed):
                return  # what is shown already has these signatures
            if cur.panel_hash != state.panel_hash and not cur.doc.get("signatures"):
                return  # the chair's unsigned merge in progress is not replaced
        self._take(state)

    def _take(self, state: jobs.PanelState) -> None:
        """Show a state read from the workspace, keeping what the user is in the middle of."""
        ed, cur = self.editor, self.state
        focus = QApplication.focusWidget()
        typed = None  # (item, value, reason, cursor) of a consensus edit not yet applied
        if ed.item_id is not None and cur is not None and self._editor_dirty(cur):
            typed = (ed.item_id, ed.value.value(), ed.reason.toPlainText(), ed.reason.textCursor().position())
        opinion = self.opinion.toPlainText()
        opinion_typed = cur is not None and opinion.strip() != cur.doc["opinion"]
        self._jobs += 1  # _show_state finishes one job
        self._pending_message = self.tr("Loaded the newest panel result in this workspace (%1 signature(s)).") \
            .replace("%1", str(len(state.signed)))
        self._show_state(state)
        if opinion_typed:
            self.opinion.setPlainText(opinion)
        if typed is not None and ed.item_id == typed[0]:
            ed.value.setValue(typed[1])
            ed.reason.setPlainText(typed[2])
            cursor = ed.reason.textCursor()
            cursor.setPosition(min(typed[3], len(typed[2])))
            ed.reason.setTextCursor(cursor)
        self._update_buttons()
        if focus is not None and focus.isVisible() and focus.isEnabled():
            focus.setFocus()

    def _editor_dirty(self, cur: jobs.PanelState) -> bool:
        """Whether the consensus editor holds a value or reason the shown document does not."""
        ed = self.editor
        rec = cur.doc["items"].get(ed.item_id or "")
        if rec is None:
            return False
        over = rec.get("override")
        start = Decimal(over["value"]) if over else ed._nearest(rec.get("computed"))
        return ed.reason.toPlainText() != (over["reason"] if over else "") or ed.value.value() != float(start)

    def _collected(self, c: jobs.Collection) -> None:
        self._finished()
        self.collection = c
        self.collected_label.setText(self.tr("Sheets: %1").replace("%1", str(c.current))
                                     + (self.tr(" · conflicts: %1").replace("%1", str(len(c.conflicts)))
                                        if c.conflicts else ""))
        self.collected_label.setToolTip("\n".join(c.conflicts))
        if c.results:
            n = {k: sum(1 for r in c.results if r.status == k) for k in ("added", "duplicate", "refused")}
            text = (self.tr("Added %1, already collected %2, refused %3.").replace("%1", str(n["added"]))
                    .replace("%2", str(n["duplicate"])).replace("%3", str(n["refused"])))
            refused = [r.message for r in c.results if r.status == "refused"]
            self._set_status(" ".join([text, *refused]), error=bool(refused))
        self._update_buttons()
        self.collectionChanged.emit()

    def dragEnterEvent(self, e: Any) -> None:  # noqa: N802 - Qt override
        if e.mimeData().hasUrls() and all(u.isLocalFile() for u in e.mimeData().urls()):
            e.acceptProposedAction()

    def dropEvent(self, e: Any) -> None:  # noqa: N802 - Qt override
        paths = [Path(u.toLocalFile()) for u in e.mimeData().urls() if u.isLocalFile()]
        if paths and not self.busy:
            e.acceptProposedAction()
            self.add_sheets(paths)

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
        self._change(ovr, self.state.doc["opinion"], self.tr("%1: final value %2").replace("%1", item_id)
                     .replace("%2", value))

    def clear_override(self, item_id: str) -> None:
        if self.state is None:
            return
        ovr = self._overrides()
        ovr.pop(item_id, None)
        self._change(ovr, self.state.doc["opinion"], self.tr("%1: computed value again").replace("%1", item_id))

    def apply_opinion(self) -> None:
        if self.state is not None:
            self._change(self._overrides(), self.opinion.toPlainText().strip(), self.tr("Opinion updated"))

    def _change(self, overrides: dict, opinion: str, what: str) -> None:
        assert self.state is not None
        if self.state.doc.get("signatures"):
            self.previous = self.state.doc
        self._pending_message = what
        self._run(jobs.change, self.state.doc, overrides=overrides, opinion=opinion,
                  message=self.tr("Recomputing…"))

    def ask_passphrase(self) -> str | None:
        phrase, ok = QInputDialog.getText(self, self.tr("Sign the panel result"),
                                          self.tr("Passphrase of your signing key:"), QLineEdit.EchoMode.Password)
        return phrase if ok and phrase else None

    def sign(self) -> None:
        """The chair signs; a member co-signs (which, the identity's certificate decides)."""
        if self.state is None or self._identity is None:
            return
        if self._is_chair() and self.opinion.toPlainText().strip() != self.state.doc["opinion"]:
            self._set_status(self.tr("Apply the opinion before signing: it is part of what is signed."))
            return
        phrase = self.ask_passphrase()
        if phrase is None:
            return
        self._pending_message = self.tr("Signed.")
        self._run(jobs.sign, self.ws, self.state.doc, self.identity_dir, phrase, message=self.tr("Signing…"))

    def open_panel(self, path: str | Path | None = None) -> None:
        if not path:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("Open panel result"), str(Path.home()),
                                                  self.tr("Panel results (*.json)"))
        if path:
            self._pending_message = self.tr("Opened %1").replace("%1", str(path))
            self._run(jobs.open_file, Path(path), message=self.tr("Opening %1…").replace("%1", str(path)))

    def save_panel(self, path: str | Path | None = None) -> None:
        if self.state is None:
            return
        if not path:
            suggested = str(Path.home() / f"{self.code}-panel-r{self.state.doc['revision']}.json")
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Save panel result"), suggested,
                                                  self.tr("Panel results (*.json)"))
        if not path:
            return
        try:
            jobs.save_file(self.state.doc, Path(path))  # a few kB: atomic, quick
        except WorkbenchError as e:
            self._failed(e)
            return
        self._set_status(self.tr("Saved %1").replace("%1", str(path)))
        # issue 12: say what was made and where, with an open-folder action
        from workbench.ui.export.confirm import confirm_saved

        self.notice = confirm_saved(self, path, self.tr("Panel result"))

    def print_preview(self) -> None:
        if self.state is None:
            return
        from workbench.ui.panel.print_preview import PanelPrintDialog

        dlg = PanelPrintDialog(self.state.doc, self.identity_dir, self, ask_passphrase=self.ask_passphrase)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dlg.show()
        self.print_dialog = dlg

    # ---- results ----------------------------------------------------------------------------
    def _show_state(self, state: jobs.PanelState) -> None:
        self._finished()
        selected = self._selected_item()
        self.state = state
        self.grid_model.set_document(state.doc, state.rubric)
        self.signer_model.set_document(state.doc, state.signed)
        if self.opinion.toPlainText().strip() != state.doc["opinion"]:
            self.opinion.setPlainText(state.doc["opinion"])
        self.method.setCurrentIndex(max(0, self.method.findData(state.doc["method"])))
        self.spread.setValue(float(state.doc["spread_threshold"]))
        self.grid.resizeColumnToContents(0)
        self._select(selected)
        msg, self._pending_message = self._pending_message, None
        self._refresh()
        if msg:
            self._set_status(msg)
        self.stateChanged.emit()

    def _failed(self, e: BaseException) -> None:
        self._finished()
        self._pending_message = None
        msg = (e.message + (f" ({e.hint})" if e.hint else "")) if isinstance(e, WorkbenchError) else repr(e)
        self._set_status(msg, error=True)
        self._update_buttons()
        self.failed.emit(msg)

    def _set_status(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #b00020;" if error else "")

    # ---- selection and the editor ---------------------------------------------------------------
    def _selected_item(self) -> str | None:
        rows = self.grid.selectionModel().selectedRows()
        return rows[0].data(ItemIdRole) if rows else None

    def _select(self, item_id: str | None) -> None:
        if item_id is None:
            self._selected(QItemSelection(), QItemSelection())
            return
        row = self.grid_model.row_of(item_id)
        idx = self.proxy.mapFromSource(self.grid_model.index(row, 0))
        if idx.isValid():
            self.grid.selectRow(idx.row())
            self.grid.scrollTo(idx)
        self._selected(QItemSelection(), QItemSelection())

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
        ident = self._identity
        if ident is None:
            self.identity_label.setText(self.tr("No signing identity"))
        else:
            s = ident.signer
            role = self.tr("chair") if s.role == "chair" else self.tr("member")
            self.identity_label.setText(self.tr("You: %1 (%2, %3)").replace("%1", s.name).replace("%2", s.org)
                                        .replace("%3", role))
        st = self.state
        if st is None:
            self.alpha_label.setText("")
            self.totals_label.setText("")
            self.sign_status.setText(self.tr("No panel result yet: the chair merges the members' sheets, "
                                             "a member opens the result the chair sent."))
            self._set_status(self.tr("Ready."))
        else:
            d = st.doc
            alpha = d["agreement"].get("alpha")
            flagged = sum(1 for r in d["items"].values() if r.get("flagged"))
            self.alpha_label.setText(self.tr("Krippendorff's α %1 · flagged items %2")
                                     .replace("%1", alpha if alpha is not None else "—").replace("%2", str(flagged)))
            r = d["result"]
            outcome = {"demonstration": self.tr("demonstration school"), "qualified": self.tr("qualified school"),
                       "not_awarded": self.tr("not awarded"), "not_evaluated": self.tr("not evaluated")}[r["outcome"]]
            overrides = sum(1 for x in d["items"].values() if x.get("override"))
            self.totals_label.setText(self.tr("Revision %1 · final total %2 · %3 · %4 override(s)")
                                      .replace("%1", str(d["revision"])).replace("%2", r["total"])
                                      .replace("%3", outcome).replace("%4", str(overrides)))
            if st.final:
                self.sign_status.setText("<b style='color:#2e7d32'>" + self.tr("Final: signed by the chair and "
                                         "%1 member(s) (quorum %2).").replace("%1", str(len(st.signed) - 1))
                                         .replace("%2", str(d["quorum"])) + "</b>")
            else:
                missing = ", ".join(f"{n} ({self.tr('chair') if r_ == 'chair' else self.tr('member')})"
                                    for n, r_ in st.missing)
                self.sign_status.setText(self.tr("Not final (quorum %1). Still to sign: %2")
                                         .replace("%1", str(d["quorum"])).replace("%2", missing or "—"))
        self._update_buttons()

    def _update_buttons(self) -> None:
        if not hasattr(self, "sign_button"):
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
        self.opinion.setReadOnly(not chair)
        self.opinion_button.setEnabled(not busy and chair and st is not None
                                       and self.opinion.toPlainText().strip() != st.doc["opinion"])
        signed_already = st is not None and ident is not None and ident.fingerprint in st.signed
        in_panel = st is not None and ident is not None and (
            ident.fingerprint == st.doc["chair"]["fingerprint"]
            or any(m["fingerprint"] == ident.fingerprint for m in st.doc["members"]))
        self.sign_button.setText(self.tr("Sign as chair…") if chair else self.tr("Co-sign…"))
        self.sign_button.setEnabled(not busy and in_panel and not signed_already)
        self.sign_button.setToolTip("" if in_panel else self.tr("Your identity is not the chair or a member of "
                                                                "this panel"))
        self.editor.setEnabled(not busy and chair and self.editor.item_id is not None)


def _key(state: jobs.PanelState) -> tuple:
    return state.panel_hash, frozenset(state.signed)


def follow_window(view: PanelView, window: Any) -> None:
    """Read the newest result again when the main window's workspace changes: its live refresh
    (another process, and any commit of its own), each sync round, each bundle import."""
    live = getattr(window, "live", None)
    if live is not None:
        live.moved.connect(view.reload_latest)
    sync = getattr(window, "sync", None)
    if sync is not None:
        sync.controller.roundFinished.connect(view.reload_latest)
    drop = getattr(window, "bundle_drop", None)
    if drop is not None:
        drop.imported.connect(view.reload_latest)


def show_panel_view(parent: QWidget | None, ws: Any, school_code: str, lang: str = "zh_CN") -> PanelView:
    """Open the panel window for one school (non-modal); returns it."""
    view = PanelView(ws, school_code, parent, lang=lang)
    view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    if parent is not None:
        follow_window(view, parent)
    view.show()
    return view

