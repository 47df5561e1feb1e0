"""A pad to draw the handwritten signature with a mouse, a pen (with pressure) or a finger.

The drawing is kept as strokes (points with pressure) and rendered to a transparent PNG,
cropped to the ink, when saved; storing it with the identity is the core's job
(`workbench.signing.identity.save_signature_image`), so the CLI and the window agree.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QEvent,
    QIODevice,
    QPointF,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPen,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from workbench.errors import WorkbenchError
from workbench.signing.identity import load_signature_image, save_signature_image

INK = QColor(12, 24, 90)
BASE_WIDTH = 3.2

Stroke = list[tuple[QPointF, float]]  # (position, pressure 0..1)


class SignaturePad(QWidget):
    """Collects strokes from mouse, tablet and touch input; `png()` renders them."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signaturePad")
        self.strokes: list[Stroke] = []
        self._current: Stroke | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents, True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setMinimumSize(360, 140)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(540, 200)

    # -- state ------------------------------------------------------------------------------
    def is_empty(self) -> bool:
        return not any(len(s) > 1 for s in self.strokes)

    def clear(self) -> None:
        self.strokes.clear()
        self._current = None
        self.update()
        self.changed.emit()

    # -- input ------------------------------------------------------------------------------
    def _begin(self, pos: QPointF, pressure: float = 0.6) -> None:
        self._current = [(QPointF(pos), pressure)]
        self.strokes.append(self._current)

    def _extend(self, pos: QPointF, pressure: float = 0.6) -> None:
        if self._current is None:
            return
        last = self._current[-1][0]
        if (pos - last).manhattanLength() >= 1.0:
            self._current.append((QPointF(pos), pressure))
            self.update()

    def _end(self) -> None:
        if self._current is not None:
            if len(self._current) == 1:  # a dot: make it visible
                p, pr = self._current[0]
                self._current.append((p + QPointF(0.8, 0.8), pr))
            self._current = None
            self.update()
            self.changed.emit()

    def mousePressEvent(self, e: QMouseEvent) -> None:  # noqa: N802
        if e.button() == Qt.MouseButton.LeftButton:
            self._begin(e.position())

    def mouseMoveEvent(self, e: QMouseEvent) -> None:  # noqa: N802
        if e.buttons() & Qt.MouseButton.LeftButton:
            self._extend(e.position())

    def mouseReleaseEvent(self, e: QMouseEvent) -> None:  # noqa: N802
        if e.button() == Qt.MouseButton.LeftButton:
            self._extend(e.position())
            self._end()

    def tabletEvent(self, e: QTabletEvent) -> None:  # noqa: N802 - a pen, with pressure
        t = e.type()
        if t == QEvent.Type.TabletPress:
            self._begin(e.position(), e.pressure())
        elif t == QEvent.Type.TabletMove:
            self._extend(e.position(), e.pressure())
        elif t == QEvent.Type.TabletRelease:
            self._end()
        e.accept()  # no synthesized mouse events after a pen event

    def event(self, e: QEvent) -> bool:
        if e.type() in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd):
            assert isinstance(e, QTouchEvent)
            pts = e.points()
            if pts:
                p = pts[0].position()
                if e.type() == QEvent.Type.TouchBegin:
                    self._begin(p)
                elif e.type() == QEvent.Type.TouchUpdate:
                    self._extend(p)
                else:
                    self._extend(p)
                    self._end()
            e.accept()
            return True
        return super().event(e)

    # -- drawing ----------------------------------------------------------------------------
    def _paint_strokes(self, p: QPainter, offset: QPointF = QPointF(0, 0), scale: float = 1.0) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for stroke in self.strokes:
            for (a, pa), (b, pb) in zip(stroke, stroke[1:], strict=False):
                pen = QPen(INK, BASE_WIDTH * scale * (0.55 + 0.9 * (pa + pb) / 2))
                pen.setCapStyle(Qt.PenCapStyle.RoundCap)
                p.setPen(pen)
                p.drawLine((a - offset) * scale, (b - offset) * scale)

    def paintEvent(self, _e: QEvent) -> None:  # noqa: N802
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("white"))
        base = QPen(QColor(180, 180, 190), 1, Qt.PenStyle.DashLine)
        p.setPen(base)
        y = self.height() * 0.72
        p.drawLine(QPointF(16, y), QPointF(self.width() - 16, y))
        self._paint_strokes(p)
        p.end()

    def ink_rect(self) -> QRectF:
        path = QPainterPath()
        for stroke in self.strokes:
            for pt, _ in stroke:
                path.addRect(QRectF(pt, QSize(1, 1)))
        return path.boundingRect()

    def png(self, scale: float = 2.0) -> bytes:
        """The signature as a transparent PNG cropped to the ink (2x for print sharpness)."""
        if self.is_empty():
            raise WorkbenchError(self.tr("The signature is empty: draw it first"))
        margin = 8.0
        r = self.ink_rect().adjusted(-margin, -margin, margin, margin)
        img = QImage(QSize(int(r.width() * scale) + 1, int(r.height() * scale) + 1),
                     QImage.Format.Format_ARGB32_Premultiplied)
        img.fill(Qt.GlobalColor.transparent)
        p = QPainter(img)
        self._paint_strokes(p, r.topLeft(), scale)
        p.end()
        data = QByteArray()
        buf = QBuffer(data)
        buf.open(QIODevice.OpenModeFlag.WriteOnly)
        img.save(buf, "PNG")
        buf.close()
        return bytes(data.data())

    def save_to_identity(self, identity_dir: str | Path) -> Path:
        return save_signature_image(identity_dir, self.png())


class SignatureDialog(QDialog):
    """Draw (or redraw) the signature of the identity in `identity_dir`."""

    def __init__(self, identity_dir: str | Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SignatureDialog")
        self.identity_dir = Path(identity_dir)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.current = QLabel()
        self.pad = SignaturePad(self)
        self.clear_button = QPushButton()
        self.clear_button.clicked.connect(self.pad.clear)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.clear_button)
        row.addStretch(1)
        row.addWidget(self.buttons)
        lay = QVBoxLayout(self)
        lay.addWidget(self.intro)
        lay.addWidget(self.pad, 1)
        lay.addWidget(self.current)
        lay.addLayout(row)
        self.pad.changed.connect(self._update)
        self.retranslate()
        self._update()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Handwritten signature"))
        self.intro.setText(self.tr("Sign in the box with the mouse, a pen or your finger. "
                                   "The signature is printed on your evaluation forms."))
        has = load_signature_image(self.identity_dir) is not None
        self.current.setText(self.tr("A signature is already stored; saving replaces it.") if has else "")
        self.clear_button.setText(self.tr("Clear"))

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802
        if e.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(e)

    def _update(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not self.pad.is_empty())

    def accept(self) -> None:
        try:
            self.pad.save_to_identity(self.identity_dir)
        except WorkbenchError as e:
            QMessageBox.warning(self, self.tr("Cannot save the signature"), e.message + (f"\n\n{e.hint}" if e.hint else ""))
            return
        super().accept()
