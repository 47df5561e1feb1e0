"""Signing without an identity: open the identity dialog right there, then carry on.

Every place that signs (the print dialog, 保存签名评分表, 导出 Excel, the panel view) calls
`with_identity(parent, ws, then)` instead of greying its button: with an identity `then()`
runs at once; without one the creation dialog opens, says why, and `then()` runs after it
is accepted (nothing happens if it is cancelled).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QWidget

from workbench.signing.identity import default_identity_dir

PURPOSE = QT_TRANSLATE_NOOP("EnsureIdentity", "Signing needs your signing identity. Create it now; "
                                              "signing continues when it is made.")


def has_identity(directory: Path) -> bool:
    return (directory / "cert.pem").is_file()


def with_identity(parent: QWidget | None, ws: Any, then: Callable[[], None], *,
                  directory: str | Path | None = None,
                  on_created: Callable[[], None] | None = None) -> Any:
    """Run `then` now, or after the reviewer creates their signing identity. Returns the
    IdentityDialog when one was opened (non-modal to the event loop: `open()`), else None."""
    d = Path(directory) if directory else default_identity_dir(ws.root)
    if has_identity(d):
        then()
        return None
    from workbench.ui.signing.identity_dialog import IdentityDialog

    dlg = IdentityDialog(ws, parent, directory=d, purpose=PURPOSE)
    dlg.setObjectName("IdentityDialogForSigning")
    if on_created is not None:
        dlg.accepted.connect(on_created)
    dlg.accepted.connect(then)
    dlg.finished.connect(dlg.deleteLater)
    dlg.open()
    return dlg
