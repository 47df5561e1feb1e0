"""What a certificate revocation means for a signature (docs/panel-result.md, "Revoked certificates").

A revocation (a hub's signed `workbench-revocation/1`, kept by workbench.sync.revocations)
says from when a reviewer's certificate is no longer trusted. A signature by that
certificate made at or after `revoked_at` is refused (reason `revoked`, exit 10); one made
before stays valid and is shown with a warning, because `signed_at` is the signer's own
claim: the panel decides.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from workbench.errors import SignatureError
from workbench.signing.verify import VerificationError

REVOKED_EXIT = 10  # after the codes of workbench.signing.verify.EXIT_CODES (3-9); panel 20/21


@dataclass(frozen=True)
class RevokedMark:
    """A certificate this workspace knows to be revoked."""

    fingerprint: str
    name: str
    revoked_at: str  # "…Z", as the hub signed it
    source: str = ""  # the hub id it came from

    @property
    def at(self) -> dt.datetime:
        return parse_utc(self.revoked_at)

    @property
    def day(self) -> str:
        return self.revoked_at[:10]


class RevokedError(VerificationError):
    """A signature made with a certificate after its revocation."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        self.reason = "revoked"
        self.exit_code = REVOKED_EXIT
        SignatureError.__init__(self, f"revoked: {message}", hint=hint, code="untrusted_signer")


def parse_utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(dt.UTC)


def check_signature_time(marks: Mapping[str, RevokedMark], fp: str, who: str, signed_at: str) -> RevokedMark | None:
    """The mark when `fp` is revoked but signed before it (a warning), None when not revoked;
    RevokedError when it signed at or after the revocation."""
    mark = marks.get(fp)
    if mark is None:
        return None
    if parse_utc(signed_at) >= mark.at:
        raise RevokedError(f"{who}'s certificate ({fp[:16]}…) was revoked on {mark.revoked_at}; "
                           f"this was signed after that, at {signed_at}",
                           hint="a revoked certificate signs nothing new; ask the bureau for the reviewer's new one")
    return mark


def warning(mark: RevokedMark) -> str:
    return f"certificate revoked on {mark.revoked_at} (signed before; the panel decides)"


def workspace_marks(path: str | Path | None) -> dict[str, RevokedMark]:
    """The revocations known to the workspace at `path` (default: $WORKBENCH_HOME or the user
    data folder), opened read-only; {} when there is none. `workbench verify` never creates,
    migrates or writes a workspace just to look."""
    from workbench.errors import WorkbenchError
    from workbench.store.panel_store import PanelStore
    from workbench.store.workspace import DB_NAME, Workspace, default_root

    root = Path(path).expanduser() if path else default_root()
    if not (root / DB_NAME).is_file():
        return {}
    try:
        with Workspace.open(root, read_only=True) as ws:
            return PanelStore(ws).revoked()
    except WorkbenchError:
        return {}  # unreadable or of another version: it knows no revocation we can read
