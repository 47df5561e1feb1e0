"""Print preview of a reviewer's form with "Sign…", "Save PDF…" and "Print…".

Everything slow runs on a TaskRunner thread: reading the workspace into a sheet, rendering
the PDF (again when the photo appendix is switched on or off), signing (key derivation,
PAdES). The preview is QtPdf's QPdfView when available, else page images from poppler's
pdftoppm, else a note. Until the reviewer signs, the preview is the draft form (watermark
草稿); signing replaces it with the signed PDF. Signing without an identity opens the
identity dialog first (workbench.ui.signing.ensure_identity) and then carries on. A certificate
this workspace knows revoked greys "Sign…" when the dialog opens (a tooltip says why and what to
do), and every signing checks again before the passphrase is asked
(workbench.ui.signing.revocation), so a revoked identity is never asked for it.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QSize, Qt
from PySide6.QtGui import QCloseEvent, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
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
from workbench.errors import Cancelled, WorkbenchError
from workbench.signing.identity import default_identity_dir, load_identity
from workbench.ui.error_text import error_text
from workbench.ui.screen_fit import fit_to_screen
from workbench.ui.signing import revocation as rv
from workbench.ui.tasks import TaskRunner

try:  # QtPdf ships in PySide6-Addons; the dialog degrades without it
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPdfWidgets import QPdfView
except ImportError:  # pragma: no cover - depends on the installation
    QPdfDocument = QPdfView = None  # type: ignore[assignment,misc]

KEY_PHOTOS = "ui.print_photos"  # the appendix check box, remembered per workspace


# ---- worker jobs (no widgets touched) -------------------------------------------------------
def build_draft(ws: Any, code: str, reviewer: Any, photos: bool = False,
                cancel: Callable[[], bool] | None = None) -> tuple[dict, bytes, int]:
    """Worker: the sheet for preview (signed when unchanged since signing, else the draft),
    its form, and how many on-site photos the school has."""
    from workbench.printing.workspace_form import draft_form, photo_count

    sheet, pdf = draft_form(ws, code, reviewer, photos=photos, cached=True, cancel=cancel)
    return sheet, pdf, photo_count(ws, code)


def sign_and_render(ws: Any, code: str, reviewer: Any, identity_dir: Path, passphrase: str,
                    allow_incomplete: bool, photos: bool = False) -> tuple[dict, bytes, int]:
    """Worker: sign the workspace's current sheet (the core of `sheet export`), render and
    PAdES-sign the form."""
    from workbench.printing.workspace_form import photo_count, signed_form
    from workbench.signing.revoked_signer import refuse_revoked_in
    from workbench.signing.workspace_sheets import sign_with_key

    ident = load_identity(identity_dir)
    refuse_revoked_in(ws, ident)  # a revoked certificate: refused before the key is unlocked
    key = ident.private_key(passphrase)  # once: the key derivation is the slow part
    signed = sign_with_key(ws, code, ident, key, allow_incomplete=allow_incomplete)
    pdf = signed_form(ws, signed, ident, key, photos=photos, cached=True)
    return signed, pdf, photo_count(ws, code)


def sign_form(ws: Any, code: str, sheet: dict, identity_dir: Path, passphrase: str,
              photos: bool, cancel: Callable[[], bool] | None = None) -> tuple[dict, bytes, int]:
    """Worker: the PAdES-signed form of an already signed sheet (no new revision), e.g. again
    with or without the photo appendix."""
    from workbench.printing.workspace_form import photo_count, signed_form

    ident = load_identity(identity_dir)
    # the key is unlocked by signed_form, after it refused a certificate this workspace knows revoked
    pdf = signed_form(ws, sheet, ident, lambda: ident.private_key(passphrase), photos=photos, cached=True,
                      cancel=cancel)
    return sheet, pdf, photo_count(ws, code)


class PrintDialog(QDialog):
    def __init__(self, ws: Any, school_code: str, reviewer: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PrintDialog")
        self.ws, self.code, self.reviewer = ws, school_code, reviewer
        self.identity_dir = default_identity_dir(ws.root)
        self.runner = TaskRunner(self, max_threads=1)
        self.sheet: dict | None = None
        self.pdf: bytes | None = None
        self.signed = False  # the sheet shown is signed (and unchanged since)
        self.pades = False  # the PDF itself carries the PAdES signature
        self.photo_count: int | None = None
        self.revoked: rv.Revoked | None = None  # this workspace knows the identity's certificate revoked
        self._busy_now = True
        self.notice = None  # the last "saved" confirmation
        self._gen = 0  # renders are numbered: a result older than the newest request is dropped
        self._task: Any = None  # the newest render: cancelled when another replaces it
        self._buffer: QBuffer | None = None
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.photos_box = QCheckBox()
        self.photos_box.setObjectName("photoAppendixBox")
        self.photos_box.setChecked(ws.get_setting(KEY_PHOTOS, "1") == "1")
        self.photos_box.toggled.connect(self._photos_toggled)
        self.sign_button, self.save_button, self.print_button, self.close_button = (
            QPushButton(), QPushButton(), QPushButton(), QPushButton())
        self.sign_button.setObjectName("signButton")
        self.save_button.setObjectName("savePdfButton")
        self.print_button.setObjectName("printButton")
        self.sign_button.clicked.connect(self.sign)
        self.save_button.clicked.connect(lambda: self.save_pdf())
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
        options = QHBoxLayout()
        options.addWidget(self.photos_box)
        options.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        for b in (self.sign_button, self.save_button, self.print_button, self.close_button):
            buttons.addWidget(b)
        lay = QVBoxLayout(self)
        lay.addLayout(options)
        lay.addWidget(self.view, 1)
        lay.addLayout(buttons)
        self.retranslate()
        self._set_busy(True)
        fit_to_screen(self, QSize(900, 1000))
        # checked each time the dialog opens (a sync round may have brought a revocation since)
        self.runner.submit(rv.revocation, ws, self.identity_dir, on_done=self._set_revoked,
                           on_error=lambda _e: None)  # unreadable now: signing checks again and says why
        self._submit(build_draft, ws, school_code, reviewer, self.photos_box.isChecked(), on_done=self._show)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Evaluation form — %1").replace("%1", self.code))
        self.sign_button.setText(self.tr("Sign…"))
        self.save_button.setText(self.tr("Save PDF…"))
        self.print_button.setText(self.tr("Print…"))
        self.close_button.setText(self.tr("Close"))
        self._update_photos_box()
        self._update_status()

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802
        if e.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(e)

    def closeEvent(self, e: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.runner.cancel_all()  # a render stops at its next photo (closing waits for the pool)
        super().closeEvent(e)

    def _update_photos_box(self) -> None:
        n = self.photo_count
        if n is None:
            self.photos_box.setText(self.tr("Appendix: on-site photos"))
        else:
            self.photos_box.setText(self.tr("Appendix: on-site photos (%n)", "", n))
        self.photos_box.setToolTip(self.tr("Print the photos attached to this school after the form, "
                                           "with indicator, capture time and SHA-256"))

    def _update_status(self, text: str | None = None) -> None:
        if text is not None:
            self.status.setText(text)
        elif self.pdf is None:
            self.status.setText(self.tr("Preparing the form…"))
        elif self.pades:
            self.status.setText(self.tr("Signed. The PDF carries your digital signature and the signed score sheet."))
        elif self.signed:
            self.status.setText(self.tr("Signed score sheet. Sign the PDF to add your digital signature to it."))
        else:
            self.status.setText(self.tr("Draft: not signed yet. Sign to produce the form the bureau accepts."))

    def _set_busy(self, busy: bool) -> None:
        self._busy_now = busy
        # without an identity the button stays enabled: signing opens the identity dialog first;
        # a revoked certificate greys it, and the tooltip says why and what to do
        self.sign_button.setEnabled(not busy and self.sheet is not None and not self.pades and self.revoked is None)
        self.sign_button.setToolTip(rv.tooltip(self.revoked) if self.revoked is not None else "")
        self.save_button.setEnabled(not busy and self.pdf is not None)
        self.print_button.setEnabled(not busy and self.pdf is not None and self.doc is not None)
        self.photos_box.setEnabled(not busy and self.photo_count != 0)

    def busy(self) -> bool:
        return bool(self.runner._live)  # noqa: SLF001 - the runner's own count of unfinished jobs

    def _set_revoked(self, revoked: rv.Revoked | None) -> None:
        self.revoked = revoked
        self._set_busy(self._busy_now)

    def _check_then(self, then: Callable[[], None], refused: Callable[[], None] | None = None) -> None:
        """Check the certificate against the workspace's revocations (worker, no key), then run
        `then` (which asks for the passphrase); a revoked one is refused here, in the window's
        words, and `refused` undoes what the click changed."""
        def checked(revoked: rv.Revoked | None) -> None:
            self._set_revoked(revoked)
            if revoked is not None:
                if refused is not None:
                    refused()
                self._failed(revoked.error)
                return
            self._set_busy(False)
            self._update_status()
            then()

        self._update_status(rv.checking())
        self._submit(rv.revocation, self.ws, self.identity_dir, on_done=checked)

    def _submit(self, fn: Callable[..., Any], *args: Any, on_done: Callable[[Any], None]) -> None:
        self._gen += 1
        gen = self._gen

        def done(value: Any) -> None:
            if gen == self._gen:
                on_done(value)

        def failed(e: BaseException) -> None:
            if gen == self._gen:
                self._failed(e)

        if self._task is not None:  # replaced: its photos stop at the next one (a signature is not
            self._task.cancel()     # cancellable: sign_and_render takes no `cancel`); its result is dropped
        self._set_busy(True)
        self._task = self.runner.submit(fn, *args, on_done=done, on_error=failed)

    # -- results from the worker ----------------------------------------------------------
    def _show(self, value: tuple[dict, bytes, int]) -> None:
        self.sheet, self.pdf, self.photo_count = value
        self.signed = "signature" in self.sheet  # issue 12: an unchanged signed result opens signed
        self._load_preview(self.pdf)
        self._set_busy(False)
        self._update_photos_box()
        self._update_status()

    def _signed(self, value: tuple[dict, bytes, int]) -> None:
        from workbench.ui.signed_badge import notify_signed

        self.pades = True
        self._show(value)
        notify_signed(self.code)  # issue 12: the school list and the score bar show the signed revision

    def _failed(self, e: BaseException) -> None:
        self._set_busy(False)
        if isinstance(e, Cancelled):  # closed or replaced: nothing to report
            return
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
    def _photos_toggled(self, on: bool) -> None:
        if self.pades and self.sheet is not None:  # the signed PDF is made again: it needs the key
            self._check_then(lambda: self._resign(on), refused=lambda: self._undo_toggle(on))
            return
        self.ws.set_setting(KEY_PHOTOS, "1" if on else "0")
        self.pdf = None
        self._update_status(self.tr("Preparing the form…"))
        self._submit(build_draft, self.ws, self.code, self.reviewer, on, on_done=self._show)

    def _undo_toggle(self, on: bool) -> None:
        """Keep the signed PDF as it is: the box goes back to what the PDF has."""
        self.photos_box.blockSignals(True)
        self.photos_box.setChecked(not on)
        self.photos_box.blockSignals(False)

    def _resign(self, on: bool) -> None:
        """The signed PDF again, with or without the appendix (the certificate was checked)."""
        phrase = self._ask_passphrase()
        if phrase is None:
            self._undo_toggle(on)
            return
        self.ws.set_setting(KEY_PHOTOS, "1" if on else "0")
        self._update_status(self.tr("Signing…"))
        self._submit(sign_form, self.ws, self.code, self.sheet, self.identity_dir, phrase, on,
                     on_done=self._signed)

    def _ask_passphrase(self) -> str | None:
        phrase, ok = QInputDialog.getText(self, self.tr("Sign the score sheet"),
                                          self.tr("Passphrase of your signing key:"), QLineEdit.EchoMode.Password)
        return phrase if ok and phrase else None

    def sign(self) -> None:
        if self.sheet is None or self.pades:
            return
        from workbench.ui.signing.ensure_identity import has_identity, with_identity

        if not has_identity(self.identity_dir):  # create it right here, then sign
            with_identity(self, self.ws, self.sign, directory=self.identity_dir)
            return
        self._check_then(self._sign_checked)  # a revoked certificate: refused before anything is asked

    def _sign_checked(self) -> None:
        if self.sheet is None or self.pades:
            return
        allow = False
        if not self.signed and any(rec.get("score") is None for rec in self.sheet.get("items", {}).values()):
            answer = QMessageBox.question(self, self.tr("Incomplete scores"),
                                          self.tr("Some items are not scored. Sign a provisional sheet anyway?"))
            if answer != QMessageBox.StandardButton.Yes:
                return
            allow = True
        phrase = self._ask_passphrase()
        if phrase is None:
            return
        self._update_status(self.tr("Signing…"))
        photos = self.photos_box.isChecked()
        if self.signed:  # the sheet is signed and unchanged: sign its PDF, no new revision
            self._submit(sign_form, self.ws, self.code, self.sheet, self.identity_dir, phrase, photos,
                         on_done=self._signed)
        else:
            self._submit(sign_and_render, self.ws, self.code, self.reviewer, self.identity_dir, phrase, allow,
                         photos, on_done=self._signed)

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
        from workbench.ui.export.confirm import confirm_saved

        self._update_status(self.tr("Saved %1").replace("%1", path))
        what = self.tr("Signed evaluation form (PDF)") if self.pades else self.tr("Draft evaluation form (PDF)")
        self.notice = confirm_saved(self, path, what)

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
