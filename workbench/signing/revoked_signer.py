"""A revoked certificate signs nothing new (docs/score-sheet.md, docs/panel-result.md).

Verification refuses a signature made at or after a certificate's revocation; this module stops
it being made at all. Every signing entry point (sheet export and sign, the window's signing,
panel merge and cosign, the panel view) asks here first, before the key is unlocked and before
anything is written or queued, so no result waits in the outbox only for the hub to refuse it.
Any revocation this workspace knows counts, whatever its `revoked_at`: a signature dated before
a known revocation could only be a backdated one, or one the panel sees with a warning.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.errors import CertificateRevoked

if TYPE_CHECKING:
    from workbench.panel.revoked import RevokedMark
    from workbench.signing.identity import Identity


def refuse_revoked(marks: Mapping[str, RevokedMark], identity: Identity) -> None:
    """CertificateRevoked when `identity`'s certificate is one of `marks` (fingerprint -> mark)."""
    mark = marks.get(identity.fingerprint)
    if mark is None:
        return
    raise CertificateRevoked(
        f"{identity.name}'s certificate ({identity.fingerprint[:16]}…) is revoked as of {mark.revoked_at} "
        "in this workspace; nothing was signed",
        hint="ask the bureau for a new certificate: make a new key with `workbench identity create` "
        "and have the bureau certify it with `workbench identity issue`")


def refuse_revoked_in(ws: Any, identity: Identity) -> None:
    """As refuse_revoked, with the revocations the open workspace `ws` received from its hubs."""
    from workbench.store.panel_store import PanelStore

    refuse_revoked(PanelStore(ws).revoked(), identity)


def refuse_revoked_at(path: str | Path | None, identity: Identity) -> None:
    """As refuse_revoked_in, for a command that signs a file without opening a workspace for
    writing: the workspace at `path` (default: $WORKBENCH_HOME or the user data folder) is read
    read-only, never created; none there knows no revocation."""
    from workbench.panel.revoked import workspace_marks

    refuse_revoked(workspace_marks(path), identity)
