"""The signatures box: who must sign and who has, whether the result is final, the identity
this laptop signs with and the sign button. The view connects the buttons."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.ui.panel.models import SignerModel


class SignaturesBox(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._shown: tuple[Any, Any] = (None, None)
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
        sv = QVBoxLayout(self)
        sv.addWidget(self.signers)
        sv.addWidget(self.sign_status)
        srow = QHBoxLayout()
        srow.addWidget(self.identity_label, 1)
        srow.addWidget(self.identity_button)
        srow.addWidget(self.sign_button)
        sv.addLayout(srow)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Signatures"))
        self.identity_button.setText(self.tr("Identity…"))
        self.show_state(*self._shown)

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802 - Qt override
        if e.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(e)

    def set_document(self, state: Any) -> None:
        self.signer_model.set_document(state.doc, state.signed, state.revoked_signers,
                                       getattr(state, "not_counted", None))

    def _role(self, role: str) -> str:
        return self.tr("chair") if role == "chair" else self.tr("member")

    def show_state(self, state: Any, identity: Any) -> None:
        """Who this laptop signs as, and what the result still needs (state None: no result yet)."""
        self._shown = (state, identity)
        if identity is None:
            self.identity_label.setText(self.tr("No signing identity"))
        else:
            s = identity.signer
            self.identity_label.setText(self.tr("You: %1 (%2, %3)").replace("%1", s.name).replace("%2", s.org)
                                        .replace("%3", self._role(s.role)))
        if state is None:
            self.sign_status.setText(self.tr("No panel result yet: the chair merges the members' sheets, "
                                             "a member opens the result the chair sent."))
            return
        d = state.doc
        if state.final:
            self.sign_status.setText("<b style='color:#2e7d32'>" + self.tr("Final: signed by the chair and "
                                     "%1 member(s) (quorum %2).").replace("%1", str(len(state.signed) - 1))
                                     .replace("%2", str(d["quorum"])) + "</b>")
        else:
            missing = ", ".join(f"{n} ({self._role(r)})" for n, r in state.missing)
            text = self.tr("Not final (quorum %1). Still to sign: %2").replace("%1", str(d["quorum"])) \
                .replace("%2", missing or "—")
            uncounted = [p["name"] for p in [d["chair"], *d["members"]]
                         if p["fingerprint"] in (getattr(state, "not_counted", None) or {})]
            if uncounted:  # their signature is in the file: say why they are still listed
                text += " " + self.tr("Signed but not counted: %1 (✕ in the table).").replace("%1", ", ".join(uncounted))
            self.sign_status.setText(text)

    def update_button(self, *, chair: bool, in_panel: bool, signed_already: bool, busy: bool,
                      revoked_at: str | None = None) -> None:
        """`revoked_at`: when this workspace knows the identity's certificate to be revoked (it
        signs nothing new: the button says why and what to do instead)."""
        self.sign_button.setText(self.tr("Sign as chair…") if chair else self.tr("Co-sign…"))
        self.sign_button.setEnabled(not busy and in_panel and not signed_already and revoked_at is None)
        if revoked_at is not None:
            self.sign_button.setToolTip(self.tr("Your certificate was revoked on %1: it signs nothing new. Ask the "
                                                "education bureau for a new certificate: create a new signing "
                                                "identity and have the bureau issue it.").replace("%1", revoked_at[:10]))
        else:
            self.sign_button.setToolTip("" if in_panel else self.tr("Your identity is not the chair or a member of "
                                                                    "this panel"))
