"""Always-visible totals: A subtotals, total, outcome, flags, and the security-incident control.

Everything shown comes from the core's Result; the bar computes nothing itself. Dialogs
open with open() (not exec()) so the event loop keeps turning while they are up. Beside the
school's name, the signed state (workbench.signing.state): 未签名, 已签名 第 N 版 · time, or
签名后已修改, refreshed after every edit and when the window signs the school's sheet.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from workbench.decimals import fmt
from workbench.errors import WorkbenchError
from workbench.signing.state import SignedState, signed_state
from workbench.ui.review.session import ReviewSession
from workbench.ui.review.signed_guard import allows as signed_allows
from workbench.ui.screen_fit import fit_to_screen
from workbench.ui.signed_badge import (
    badge_short,
    badge_style,
    badge_text,
    badge_tooltip,
    signed_events,
)

SIGNED_REFRESH_MS = 250  # the signed state is read again this long after the last edit

_OUTCOME_STYLE = {
    "demonstration": "background:#1b5e20; color:white;",
    "qualified": "background:#2e7d32; color:white;",
    "not_awarded": "background:#ef6c00; color:white;",
    "not_evaluated": "background:#b71c1c; color:white;",
}


class IncidentDialog(QDialog):
    """Asks what happened: the rubric's incident rule needs a description to be set."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Network security incident"))
        lay = QVBoxLayout(self)
        text = QLabel(self.tr("A network security incident caused by missing security measures means "
                              "the school is not evaluated. Describe what happened (required):"), self)
        text.setWordWrap(True)
        lay.addWidget(text)
        self.description = QPlainTextEdit(self)
        lay.addWidget(self.description)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.description.textChanged.connect(self._check)
        self._check()
        fit_to_screen(self, (460, 240))

    def _check(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.description.toPlainText().strip()))

    def text(self) -> str:
        return self.description.toPlainText().strip()


class SignedBadge(QLabel):
    """The signed state beside the school's name: the whole text when there is room, else
    without the time (已签名 第 N 版), so the bar still fits a narrow window."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.full = self.short = ""

    def set_texts(self, full: str, short: str) -> None:
        self.full, self.short = full, short
        self.setText(full)
        self.updateGeometry()
        QTimer.singleShot(0, self, self._fit)  # once the layout has given it its new width

    def _width(self, text: str) -> int:
        overhead = super().sizeHint().width() - self.fontMetrics().horizontalAdvance(self.text())
        return self.fontMetrics().horizontalAdvance(text) + overhead

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(self._width(self.full), super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(self._width(self.short), super().minimumSizeHint().height())

    def resizeEvent(self, e) -> None:  # noqa: N802, ANN001 - Qt override
        super().resizeEvent(e)
        self._fit()

    def _fit(self) -> None:
        room = not self.isVisible() or self.width() >= self._width(self.full)
        text = self.full if room else self.short
        if text != self.text():
            self.setText(text)


class ScoreBar(QFrame):
    errorOccurred = Signal(str)

    def __init__(self, lang: str = "zh_CN", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.session: ReviewSession | None = None
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("scoreBar")
        self.lay = QHBoxLayout(self)
        self.lay.setContentsMargins(8, 4, 8, 4)
        self.school_label = QLabel(self)
        self.lay.addWidget(self.school_label)
        self.signed_label = SignedBadge(self)
        self.signed_label.setObjectName("signedState")
        self.lay.addWidget(self.signed_label)
        self.signed: SignedState | None = None
        # after an edit, once typing pauses: a note is saved per keystroke, the state is read once
        self._signed_timer = QTimer(self, singleShot=True, interval=SIGNED_REFRESH_MS,
                                    timeout=self.refresh_signed)
        signed_events().signed.connect(self._school_signed)
        self.area_labels: dict[str, QLabel] = {}
        self.areas_box = QHBoxLayout()
        self.lay.addLayout(self.areas_box)
        self.lay.addSpacing(16)
        self.total_label = QLabel(self)
        self.outcome_label = QLabel(self)
        self.outcome_label.setMargin(4)
        self.flags_label = QLabel(self)
        self.flags_label.setStyleSheet("color:#b71c1c;")
        # Flags may be cut on a narrow window (the tooltip has them all); the rest may not.
        self.flags_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.flags_label.setMinimumWidth(60)
        self.incident_button = QPushButton(self)
        self.incident_button.clicked.connect(self._incident_clicked)
        self.lay.addWidget(self.total_label)
        self.lay.addWidget(self.outcome_label)
        self.lay.addWidget(self.flags_label, 1)  # takes the free width; cut short when narrow
        self.lay.addWidget(self.incident_button)
        self.incident_dialog: IncidentDialog | None = None
        self.clear_box: QMessageBox | None = None
        # how a set/clear is written: the review view makes it an undoable command
        self.write_incident = None

    def set_session(self, session: ReviewSession | None) -> None:
        if self.session is not None:
            self.session.resultChanged.disconnect(self.refresh)
            self.session.changed.disconnect(self._edited)
        self.session = session
        for lab in self.area_labels.values():
            lab.deleteLater()
        self.area_labels = {}
        if session is not None:
            session.resultChanged.connect(self.refresh)
            session.changed.connect(self._edited)  # notes, checks and methods too
            for a in session.rubric.areas:
                lab = QLabel(self)
                lab.setToolTip(f"{a.id} {a.title.get(self.lang)}")
                self.area_labels[a.id] = lab
                self.areas_box.addWidget(lab)
        self.refresh()
        self.refresh_signed()

    # ---- display ---------------------------------------------------------------------
    def outcome_text(self, outcome: str) -> str:
        return {"demonstration": self.tr("Demonstration school"), "qualified": self.tr("Qualified school"),
                "not_awarded": self.tr("Not awarded"), "not_evaluated": self.tr("Not evaluated")}[outcome]

    def flag_texts(self) -> list[str]:
        s = self.session
        if s is None:
            return []
        r, out = s.result, []
        for flag in r.flags:
            if flag == "below_minimum":
                out.append(self.tr("under {min}").format(min=fmt(s.rubric.rules.minimum_total)))
            elif flag == "security_incident":
                out.append(self.tr("security incident"))
            elif flag == "incomplete":
                out.append(self.tr("{n} items unscored").format(n=len(r.missing)))
            elif flag == "self_assessment_gap" and r.comparison is not None:
                out.append(self.tr("self-assessment {d} above panel").format(d=fmt(r.comparison.difference)))
            else:
                out.append(flag)
        return out

    def refresh(self) -> None:
        s = self.session
        if s is None:
            self.school_label.setText("")
            self.total_label.setText("")
            self.outcome_label.setText("")
            self.flags_label.setText("")
            self.incident_button.setEnabled(False)
            self.incident_button.setText(self.tr("Security incident…"))
            self.refresh_signed()
            return
        r = s.result
        self.school_label.setText(f"<b>{s.info.name}</b>")
        for a in s.rubric.areas:
            self.area_labels[a.id].setText(f"{a.id} {fmt(r.areas[a.id])}/{fmt(a.weight)}")
        self.total_label.setText(self.tr("Total <b>{total}</b> / {max}").format(
            total=fmt(r.total), max=fmt(s.rubric.total_points)))
        text = self.outcome_text(r.outcome)
        if r.provisional:
            text = self.tr("{outcome} (provisional)").format(outcome=text)
        self.outcome_label.setText(text)
        self.outcome_label.setStyleSheet(_OUTCOME_STYLE[r.outcome] + " border-radius:3px;")
        flags = self.flag_texts()
        self.flags_label.setText(" · ".join(flags))
        self.flags_label.setToolTip("\n".join(flags))
        on, desc = s.incident
        self.incident_button.setEnabled(True)
        self.incident_button.setText(self.tr("Clear incident") if on else self.tr("Security incident…"))
        self.incident_button.setToolTip(desc if on else self.tr("Record a network security incident"))

    # ---- the signed state ------------------------------------------------------------
    def refresh_signed(self) -> None:
        """Ask the core for the open school's signed state (three small queries)."""
        s = self.session
        self._signed_timer.stop()
        state = None
        if s is not None:
            try:
                state = signed_state(s.ws, s.code, s.reviewer.id)
            except WorkbenchError:
                state = None  # unreadable: shown as nothing rather than as a wrong state
        self.show_signed(state)

    def show_signed(self, state: SignedState | None) -> None:
        """Show a state read elsewhere (the live refresh reads it off the UI thread)."""
        self.signed = state
        self.signed_label.setVisible(self.signed is not None)
        if self.signed is not None:
            self.signed_label.set_texts(badge_text(self.signed), badge_short(self.signed))
            self.signed_label.setToolTip(badge_tooltip(self.signed))
            self.signed_label.setStyleSheet(badge_style(self.signed))

    def _edited(self, _item_id: str) -> None:
        self._signed_timer.start()

    def event(self, e: QEvent) -> bool:
        # back in the window (from the print dialog, or after `workbench sheet export` in a
        # terminal): the sheet may have been signed meanwhile
        if e.type() == QEvent.Type.WindowActivate and self.session is not None:
            self._signed_timer.start()
        return super().event(e)

    def _school_signed(self, code: str) -> None:
        if self.session is not None and self.session.code == code:
            self.refresh_signed()

    # ---- the incident ----------------------------------------------------------------
    def _incident_clicked(self) -> None:
        if self.session is None:
            return
        if not signed_allows(self.session, self, self._incident_clicked, lambda: None):
            return  # a signed sheet: asked first (issue 12)
        if self.session.incident[0]:
            self.clear_box = QMessageBox(QMessageBox.Icon.Question, self.tr("Clear the incident"),
                                         self.tr("Clear the recorded security incident?"),
                                         QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
            self.clear_box.buttonClicked.connect(self._clear_answered)
            self.clear_box.open()
        else:
            self.incident_dialog = IncidentDialog(self)
            self.incident_dialog.accepted.connect(
                lambda: self.set_incident(True, self.incident_dialog.text()))
            self.incident_dialog.open()

    def _clear_answered(self, button) -> None:
        if self.clear_box is not None and \
                self.clear_box.standardButton(button) == QMessageBox.StandardButton.Yes:
            self.set_incident(False)

    def set_incident(self, on: bool, description: str = "") -> None:
        if self.session is None:
            return
        try:
            (self.write_incident or self.session.set_incident)(on, description)
        except Exception as e:  # noqa: BLE001 - StoreError: shown in the view's banner
            self.errorOccurred.emit(str(e))
