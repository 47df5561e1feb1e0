"""Print preview of a reviewer's form with "Sign…", "Save PDF…" and "Print…".

Everything slow runs on a TaskRunner thread: reading the workspace into a sheet, rendering
the PDF, signing (key derivation, PAdES). The preview is QtPdf's QPdfView when available,
else page images from poppler's pdftoppm, else a note. Until the reviewer signs, the
preview is the draft form (watermark 草稿); signing replaces it with the signed PDF.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QSize, Qt
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from workbench.atomic import WriteError, atomic_write
from workbench.errors import WorkbenchError
from workbench.signing.identity import default_identity_dir, load_identity
from workbench.ui.error_text import error_text
from workbench.ui.screen_fit import fit_to_screen
from workbench.ui.tasks import TaskRunner

try:  # QtPdf ships in PySide6-Addons; the dialog degrades without it
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPdfWidgets import QPdfView
except ImportError:  # pragma: no cover - depends on the installation
    QPdfDocument = QPdfView = None  # type: ignore[assignment,misc]


def build_draft(ws: Any, code: str, reviewer: Any) -> tuple[dict, bytes]:
    """Worker: the unsigned sheet from the workspace and its draft form."""
    from workbench.printing.form import render_form_bytes
    from workbench.signing.from_sources import sheet_from_workspace

    sheet, _rubric = sheet_from_workspace(ws, code, reviewer.id)
    sheet = dict(sheet, reviewer={"name": reviewer.name, "org": reviewer.org, "role": reviewer.role})
    png = None
    with contextlib.suppress(WorkbenchError):  # no identity yet: the draft has no signature image
        png = load_identity(default_identity_dir(ws.root)).signature_image()
    # issue 12: a signed result unchanged since prints as signed; a changed one says so on the draft
    from workbench.signing import state as signing_state

    state = signing_state.signed_state(ws, code, reviewer.id)
    done = signing_state.signed_sheet_of(ws, code, reviewer.id) if state.is_signed else None
    if done is not None:  # signed and unchanged since: the signed form, no draft marks
        return done, render_form_bytes(done, signature_png=png)
    return sheet, render_form_bytes(sheet, signature_png=png, changed=state.status == signing_state.CHANGED)


def sign_and_render(ws: Any, code: str, reviewer: Any, identity_dir: Path, passphrase: str,
                    allow_incomplete: bool) -> tuple[dict, bytes]:
    """Worker: sign the workspace's current sheet, render and PAdES-sign the form."""
    from workbench.printing.form import render_form_bytes
    from workbench.printing.pdfsign import sign_pdf
    from workbench.signing.from_sources import remember_signed, sheet_from_workspace
    from workbench.signing.sheet import sign_sheet

    ident = load_identity(identity_dir)
    key = ident.private_key(passphrase)
    sheet, rubric = sheet_from_workspace(ws, code, reviewer.id)
    signed = sign_sheet(sheet, ident, key, rubric, allow_incomplete=allow_incomplete)
    pdf = sign_pdf(render_form_bytes(signed, signature_png=ident.signature_image()), signed, ident, key)
    remember_signed(ws, code, reviewer.id, signed)
    return signed, pdf


class PrintDialog(QDialog):
    def __init__(self, ws: Any, school_code: str, reviewer: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PrintDialog")
        self.ws, self.code, self.reviewer = ws, school_code, reviewer
        self.identity_dir = default_identity_dir(ws.root)
        self.runner = TaskRunner(self, max_threads=1)
        self.sheet: dict | None = None
        self.pdf: bytes | None = None
        self.signed = False
        self._buffer: QBuffer | None = None
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.sign_button, self.save_button, self.print_button, self.close_button = (
            QPushButton(), QPushButton(), QPushButton(), QPushButton())
        self.sign_button.setObjectName("signButton")
        self.save_button.setObjectName("savePdfButton")
        self.print_button.setObjectName("printButton")
        self.sign_button.clicked.connect(self.sign)
        self.save_button.clicked.connect(self.save_pdf)
        self.print_button.clicked.connect(self.print_pdf)
        self.close_button.clicked.connect(self.close)
        if QPdfView is not None:
            self.doc = QPdfDocument(self)
            self.view: QWidget = QPdfView(self)
            self.view.setDocument(self.doc)
            self.view.setPageMode(QPdfView.PageMode.MultiPage)
            self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        else:  # pragma: no cover - depends on the installation
            self.doc = None
            self.view = QScrollArea(self)
            self.pages = QWidget()
            self.pages.setLayout(QVBoxLayout())
            self.view.setWidget(self.pages)
            self.view.setWidgetResizable(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        for b in (self.sign_button, self.save_button, self.print_button, self.close_button):
            buttons.addWidget(b)
        lay = QVBoxLayout(self)
        lay.addWidget(self.view, 1)
        lay.addLayout(buttons)
        self.retranslate()
        self._set_busy(True)
        fit_to_screen(self, QSize(900, 1000))
        self.runner.submit(build_draft, ws, school_code, reviewer, on_done=self._show, on_error=self._failed)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Evaluation form — %1").replace("%1", self.code))
        self.sign_button.setText(self.tr("Sign…"))
        self.save_button.setText(self.tr("Save PDF…"))
        self.print_button.setText(self.tr("Print…"))
        self.close_button.setText(self.tr("Close"))
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
        elif self.signed:
            self.status.setText(self.tr("Signed. The PDF carries your digital signature and the signed score sheet."))
        else:
            self.status.setText(self.tr("Draft: not signed yet. Sign to produce the form the bureau accepts."))

    def _set_busy(self, busy: bool) -> None:
        have_id = (self.identity_dir / "cert.pem").exists()
        self.sign_button.setEnabled(not busy and have_id and not self.signed)
        self.sign_button.setToolTip("" if have_id else self.tr("Create your signing identity first"))
        self.save_button.setEnabled(not busy and self.pdf is not None)
        self.print_button.setEnabled(not busy and self.pdf is not None and self.doc is not None)

    # -- results from the worker ----------------------------------------------------------
    def _show(self, value: tuple[dict, bytes]) -> None:
        self.sheet, self.pdf = value
        self.signed = "signature" in self.sheet  # issue 12: an unchanged signed result opens signed
        self._load_preview(self.pdf)
        self._set_busy(False)
        self._update_status()

    def _signed(self, value: tuple[dict, bytes]) -> None:
        self.signed = True
        self._show(value)

    def _failed(self, e: BaseException) -> None:
        self._set_busy(False)
        msg = error_text(e)  # in the window's language (a wrong passphrase, a full disk …)
        self._update_status(msg)
        QMessageBox.warning(self, self.tr("Cannot prepare the form"), msg)

    def _load_preview(self, pdf: bytes) -> None:
        if self.doc is not None:
            self._buffer = QBuffer(self)
            self._buffer.setData(QByteArray(pdf))
            self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
            self.doc.load(self._buffer)
            return
        lay = self.pages.layout()  # pragma: no cover - fallback without QtPdf
        while lay.count():
            lay.takeAt(0).widget().deleteLater()
        for img in _page_images(pdf):
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(img))
            lay.addWidget(label)

    # -- actions --------------------------------------------------------------------------
    def sign(self) -> None:
        phrase, ok = QInputDialog.getText(self, self.tr("Sign the score sheet"),
                                          self.tr("Passphrase of your signing key:"), QLineEdit.EchoMode.Password)
        if not ok or not phrase:
            return
        allow = False
        missing = (self.sheet or {}).get("items", {})
        if any(rec.get("score") is None for rec in missing.values()):
            answer = QMessageBox.question(self, self.tr("Incomplete scores"),
                                          self.tr("Some items are not scored. Sign a provisional sheet anyway?"))
            if answer != QMessageBox.StandardButton.Yes:
                return
            allow = True
        self._set_busy(True)
        self._update_status(self.tr("Signing…"))
        self.runner.submit(sign_and_render, self.ws, self.code, self.reviewer, self.identity_dir, phrase, allow,
                           on_done=self._signed, on_error=self._failed)

    def save_pdf(self, path: str | None = None) -> None:
        if self.pdf is None:
            return
        if not path:
            suggested = str(Path.home() / f"{self.code}-评估打分表.pdf")
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Save PDF"), suggested, self.tr("PDF files (*.pdf)"))
        if not path:
            return
        try:
            atomic_write(path, self.pdf, what="PDF")  # a failed save keeps any previous file whole
        except WriteError as e:
            QMessageBox.warning(self, self.tr("Cannot save the PDF"), error_text(e))
            return
        self._update_status(self.tr("Saved %1").replace("%1", path))

    def print_pdf(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        if self.doc is None or self.pdf is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        print_document(self.doc, printer)


def print_document(doc: Any, printer: Any) -> None:
    """Paint each page of a QPdfDocument onto a QPrinter at the printer's resolution."""
    painter = QPainter()
    if not painter.begin(printer):
        raise WorkbenchError("the printer cannot be opened")
    try:
        for page in range(doc.pageCount()):
            if page:
                printer.newPage()
            rect = painter.viewport()
            size = doc.pagePointSize(page).toSize().scaled(rect.size(), Qt.AspectRatioMode.KeepAspectRatio)
            img = doc.render(page, size)
            painter.drawImage(0, 0, img)
    finally:
        painter.end()


def _page_images(pdf: bytes) -> list[QImage]:  # pragma: no cover - fallback without QtPdf
    if shutil.which("pdftoppm") is None:
        return []
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "f.pdf"
        src.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "80", "-png", str(src), str(Path(tmp) / "p")], check=False)
        return [QImage(str(p)) for p in sorted(Path(tmp).glob("p-*.png"))]


def show_print_dialog(parent: QWidget | None, ws: Any, school_code: str, reviewer: Any) -> None:
    """Open the (non-modal) print preview for one school and reviewer; returns at once."""
    dlg = PrintDialog(ws, school_code, reviewer, parent)
    dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    dlg.show()
