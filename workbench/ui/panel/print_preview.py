"""Print preview of the panel's 评估验收结论表, with "Sign PDF…", "Open PDF…", "Save PDF…", "Print…".

The form is rendered from the current panel result on the TaskRunner. "Sign PDF…" adds the
identity's PAdES signature (the chair first; each member then adds theirs to the PDF the chair
sent, opened with "Open PDF…"); the list under the form shows the PDF's signatures as
`workbench verify 结论表.pdf` counts them with this workspace's revocations and witnesses (the same
core call, verify_panel_pdf_with; ui/panel/pdf_signatures.py), and the status line names them.
Previewing and printing reuse the reviewer form's dialog parts (QtPdf view, print_document).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QSize
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.errors import CertificateRevoked, WorkbenchError
from workbench.ui.error_text import error_text
from workbench.ui.panel import jobs
from workbench.ui.panel.pdf_signatures import PdfSignatureModel
from workbench.ui.screen_fit import fit_to_screen
from workbench.ui.signing import revocation as rv
from workbench.ui.signing.print_dialog import QPdfDocument, QPdfView, print_document
from workbench.ui.tasks import TaskRunner

MAX_PDF_BYTES = 256 * 1024 * 1024


def pdf_signers(pdf: bytes, ws: Any | None = None) -> tuple[bytes, tuple[Any, ...]]:
    """Worker: the PDF and its signatures counted as `workbench verify` counts them with the
    revocations and witnesses `ws` knows (PdfSignatureCount each; integrity only: trust is
    verify's). One made after its certificate's revocation is listed as refused, not raised, so
    the form still shows."""
    from workbench.panel.witness import revocations_in
    from workbench.printing.panel_pdf import verify_panel_pdf_with

    v = verify_panel_pdf_with(pdf, None, revocations_in(ws) if ws is not None else None, check_trust_roots=False,
                              require_signed=False, refuse_revoked=False)
    return pdf, v.counts


def render_job(doc: dict, ws: Any | None = None) -> tuple[bytes, tuple[Any, ...]]:
    return pdf_signers(jobs.render_pdf(doc), ws)


def sign_job(pdf: bytes, identity_dir: Path, passphrase: str, ws: Any | None = None) -> tuple[bytes, tuple[Any, ...]]:
    return pdf_signers(jobs.sign_pdf(pdf, identity_dir, passphrase, ws), ws)


def open_job(path: Path, ws: Any | None = None) -> tuple[bytes, tuple[Any, ...]]:
    from workbench.inputs import read_regular

    return pdf_signers(read_regular(path, what="PDF form", max_bytes=MAX_PDF_BYTES), ws)


class PanelPrintDialog(QDialog):
    def __init__(self, doc: dict, identity_dir: Path, parent: QWidget | None = None, *,
                 ask_passphrase: Callable[[], str | None] | None = None, ws: Any | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PanelPrintDialog")
        self.doc, self.identity_dir = doc, identity_dir
        self.ws = ws  # its revocations: a revoked certificate adds no signature to the PDF
        self.ask_passphrase = ask_passphrase or (lambda: None)
        # (identity folder, its revocation) as last checked: at open and at each "Sign PDF…"
        self._revoked: tuple[Path, rv.Revoked | None] | None = None
        self._busy_now = True
        self.runner = TaskRunner(self, max_threads=1)
        self.pdf: bytes | None = None
        self.signers: list[str] = []  # the names of the counted signatures
        self.counts: tuple[Any, ...] = ()  # every signature, as the core counts it
        self.signature_model = PdfSignatureModel(self)
        self.signature_table = QTableView(self)
        self.signature_table.setObjectName("pdfSignatureTable")
        self.signature_table.setModel(self.signature_model)
        self.signature_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.signature_table.verticalHeader().hide()
        self.signature_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.signature_table.horizontalHeader().setStretchLastSection(True)
        self.signature_table.setMaximumHeight(130)
        self.signature_table.hide()  # until the form has a signature
        self._buffer: QBuffer | None = None
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.doc_view = QPdfDocument(self) if QPdfDocument is not None else None
        self.view: QWidget = QPdfView(self) if QPdfView is not None else QLabel()
        if self.doc_view is not None:
            self.view.setDocument(self.doc_view)
            self.view.setPageMode(QPdfView.PageMode.MultiPage)
            self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.sign_button, self.open_button, self.save_button, self.print_button, self.close_button = (
            QPushButton(), QPushButton(), QPushButton(), QPushButton(), QPushButton())
        self.sign_button.setObjectName("signPdfButton")
        self.sign_button.clicked.connect(self.sign)
        self.open_button.clicked.connect(lambda: self.open_pdf())
        self.save_button.clicked.connect(lambda: self.save_pdf())
        self.print_button.clicked.connect(self.print_pdf)
        self.close_button.clicked.connect(self.close)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        for b in (self.sign_button, self.open_button, self.save_button, self.print_button, self.close_button):
            row.addWidget(b)
        lay = QVBoxLayout(self)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.signature_table)
        lay.addLayout(row)
        self.retranslate()
        fit_to_screen(self, QSize(900, 700))
        self._busy(True)
        self.runner.submit(rv.revocation, ws, identity_dir, on_done=lambda r: self._set_revoked(identity_dir, r),
                           on_error=lambda _e: None)  # unreadable now: "Sign PDF…" checks again and says why
        self.runner.submit(render_job, doc, ws, on_done=self._show, on_error=self._failed)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("评估验收结论表 — print preview"))
        self.sign_button.setText(self.tr("Sign PDF…"))
        self.open_button.setText(self.tr("Open PDF…"))
        self.save_button.setText(self.tr("Save PDF…"))
        self.print_button.setText(self.tr("Print…"))
        self.close_button.setText(self.tr("Close"))
        self.signature_model.retranslate()
        self._update_status()

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802
        if e.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(e)

    def _update_status(self, text: str | None = None) -> None:
        if text is not None:
            self.status.setText(text)
        elif self.pdf is None:
            self.status.setText(self.tr("Preparing the form…"))
        elif self.counts:
            text = self.tr("PDF signatures: %1").replace("%1", ", ".join(self.signers) or "—")
            uncounted = [c.name for c in self.counts if not c.counted]
            if uncounted:  # their signature is in the PDF: say why it is not among the counted ones
                text += " " + self.tr("Signed but not counted: %1 (✕ in the list).").replace("%1", ", ".join(uncounted))
            self.status.setText(text)
        else:
            self.status.setText(self.tr("Not signed yet: the chair signs the PDF first."))

    def _set_revoked(self, identity_dir: Path, revoked: rv.Revoked | None) -> None:
        self._revoked = (Path(identity_dir), revoked)
        self._busy(self._busy_now)

    def revoked(self) -> rv.Revoked | None:
        """The current identity's revocation, as last checked (None: not revoked, or not checked)."""
        if self._revoked is None or self._revoked[0] != Path(self.identity_dir):
            return None
        return self._revoked[1]

    def _busy(self, busy: bool) -> None:
        self._busy_now = busy
        have, revoked = self.pdf is not None, self.revoked()
        self.sign_button.setEnabled(not busy and have and (self.identity_dir / "cert.pem").exists()
                                    and revoked is None)
        self.sign_button.setToolTip(rv.tooltip(revoked) if revoked is not None else "")
        self.save_button.setEnabled(not busy and have)
        self.print_button.setEnabled(not busy and have and self.doc_view is not None)
        self.open_button.setEnabled(not busy)

    def _show(self, value: tuple[bytes, tuple[Any, ...]]) -> None:
        self.pdf, self.counts = value
        self.signers = [c.name for c in self.counts if c.counted]
        self.signature_model.set_counts(self.counts)
        self.signature_table.setVisible(bool(self.counts))
        if self.doc_view is not None:
            self._buffer = QBuffer(self)
            self._buffer.setData(QByteArray(self.pdf))
            self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
            self.doc_view.load(self._buffer)
        self._busy(False)
        self._update_status()

    def _failed(self, e: BaseException) -> None:
        self._busy(False)
        msg = (e.message + (f" ({e.hint})" if e.hint else "")) if isinstance(e, WorkbenchError) else repr(e)
        if isinstance(e, CertificateRevoked):  # refused before signing: the window's words (ui/error_text.py)
            msg = error_text(e)
        self._update_status(msg)

    def sign(self) -> None:
        if self.pdf is None:
            return
        # a revoked certificate is refused before the passphrase is asked (ui/signing/revocation.py)
        self._busy(True)
        self._update_status(rv.checking())
        d = self.identity_dir
        self.runner.submit(rv.revocation, self.ws, d, on_done=lambda r: self._sign_checked(d, r),
                           on_error=self._failed)

    def _sign_checked(self, identity_dir: Path, revoked: rv.Revoked | None) -> None:
        self._revoked = (Path(identity_dir), revoked)
        if revoked is not None:
            self._failed(revoked.error)
            return
        self._busy(False)
        self._update_status()
        phrase = self.ask_passphrase()
        if not phrase:
            return
        self._busy(True)
        self._update_status(self.tr("Signing…"))
        self.runner.submit(sign_job, self.pdf, self.identity_dir, phrase, self.ws, on_done=self._show,
                           on_error=self._failed)

    def open_pdf(self, path: str | Path | None = None) -> None:
        if not path:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("Open PDF"), str(Path.home()),
                                                  self.tr("PDF files (*.pdf)"))
        if path:
            self._busy(True)
            self.runner.submit(open_job, Path(path), self.ws, on_done=self._show, on_error=self._failed)

    def save_pdf(self, path: str | Path | None = None) -> None:
        if self.pdf is None:
            return
        if not path:
            code = self.doc["school"].get("code", "")
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Save PDF"), str(Path.home() / f"{code}-评估验收结论表.pdf"),
                                                  self.tr("PDF files (*.pdf)"))
        if not path:
            return
        from workbench.atomic import atomic_write

        try:
            atomic_write(Path(path), self.pdf, what="PDF form")
        except WorkbenchError as e:
            self._failed(e)
            return
        self._update_status(self.tr("Saved %1").replace("%1", str(path)))
        # issue 12: say what was made and where, with an open-folder action
        from workbench.ui.export.confirm import confirm_saved

        self.notice = confirm_saved(self, path, self.tr("评估验收结论表 (PDF)"))

    def print_pdf(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        if self.doc_view is None or self.pdf is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self).exec() != QDialog.DialogCode.Accepted:
            return
        print_document(self.doc_view, printer)


__all__ = ["PanelPrintDialog"]
