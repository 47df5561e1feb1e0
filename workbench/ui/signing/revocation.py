"""Is the signing identity's certificate revoked in this workspace? Asked before any passphrase.

Every window path that signs (the print dialog's 签名 and its photo-appendix re-signing,
File › 保存签名评分表 and 导出 Excel when they sign first, the panel view's 签名/会签, the panel
print preview's 签名 PDF) runs `revocation` on its TaskRunner first: it reads the certificate and
the revocations the workspace received (no key, no passphrase: milliseconds) and gives the core's
own refusal (`workbench.signing.revoked_signer.refuse_revoked`). A revoked identity is refused
before it is asked for a passphrase it could not use; a dialog also greys its sign button in
advance, with `tooltip` saying why and what to do. The core refuses again when the key is used,
should a revocation arrive in between.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from workbench.errors import CertificateRevoked, WorkbenchError

CONTEXT = "RevokedSigner"
TOOLTIP = QT_TRANSLATE_NOOP("RevokedSigner", "Your certificate was revoked on %1: it signs nothing new. Ask the "
                                             "education bureau for a new certificate: create a new signing "
                                             "identity and have the bureau issue it.")
CHECKING = QT_TRANSLATE_NOOP("RevokedSigner", "Checking your certificate…")


@dataclass(frozen=True)
class Revoked:
    """The identity's certificate is revoked in this workspace: since when, and the core's refusal."""

    revoked_at: str  # "…Z", as the hub signed it
    error: CertificateRevoked


def revocation(ws: Any, identity_dir: str | Path) -> Revoked | None:
    """Worker: the revocation of the identity in `identity_dir` this workspace knows, else None
    (None too without a workspace or an identity: signing then creates one, which is not
    revoked; a damaged identity is reported by the signing itself)."""
    from workbench.signing.identity import CERT_FILE, load_identity

    if ws is None or not (Path(identity_dir) / CERT_FILE).is_file():
        return None
    try:
        ident = load_identity(identity_dir)
    except WorkbenchError:
        return None
    from workbench.signing.revoked_signer import refuse_revoked
    from workbench.store.panel_store import PanelStore

    marks = PanelStore(ws).revoked()
    try:
        refuse_revoked(marks, ident)
    except CertificateRevoked as e:
        return Revoked(marks[ident.fingerprint].revoked_at, e)
    return None


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def tooltip(revoked: Revoked) -> str:
    """A sign button's tooltip for a revoked identity: why it is grey, and what to do."""
    return tr(TOOLTIP).replace("%1", revoked.revoked_at[:10])


def checking() -> str:
    """The status line while the certificate is checked (a moment; then the passphrase is asked)."""
    return tr(CHECKING)
