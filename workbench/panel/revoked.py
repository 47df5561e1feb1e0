"""What a certificate revocation means for a signature (docs/panel-result.md, "Revoked certificates").

A revocation (a hub's signed `workbench-revocation/1`, kept by workbench.sync.revocations)
says from when a reviewer's certificate is no longer trusted. A signature by that
certificate made at or after `revoked_at` is refused (reason `revoked`, exit 10).

One dated before it is only the signer's claim: whoever holds a stolen key (why certificates
are revoked) can sign today and date it last week. So where a witness can exist (a sheet the
chair's workspace collected, a panel (co-)signature on a copy the workspace holds) it must also
have been *seen* before `revoked_at` by someone other than the signer (a `Witness`,
workbench.panel.witness): then it counts with a warning and the panel decides; otherwise a sheet
is refused and a panel signature not counted (`revoked_unwitnessed`). `workbench verify` of a
sheet keeps the warning and says when this workspace received it, or that the time is unwitnessed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
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


@dataclass(frozen=True)
class Witness:
    """Someone other than the signer who saw a signed sheet, and when.

    by="workspace": this workspace collected it at `at` (the chair's own clock, recorded by the
    store, never a field of the sheet). by="hub": hub `hub_id` served it in a pull; a hub refuses
    a revoked certificate on arrival (workbench.sync.hub.sheets), so the hub that revoked the
    certificate received it before `revoked_at` by its own clock (`at` unknown: None).
    """

    by: str
    at: str | None = None  # "…Z"
    hub_id: str = ""


class RevokedError(VerificationError):
    """A signature made with a certificate after its revocation."""

    def __init__(self, message: str, *, hint: str | None = None, reason: str = "revoked") -> None:
        self.reason = reason
        self.exit_code = REVOKED_EXIT
        SignatureError.__init__(self, f"{reason}: {message}", hint=hint, code="untrusted_signer")


UNWITNESSED = "revoked_unwitnessed"
RESIGN_HINT = "ask the reviewer to sign again with the new certificate"


def stamp(t: dt.datetime) -> str:
    """A UTC "…Z" time to the second (naive datetimes are the store's UTC)."""
    if t.tzinfo is None:
        t = t.replace(tzinfo=dt.UTC)
    return t.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


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


def witness_before(mark: RevokedMark, witnesses: Sequence[Witness]) -> Witness | None:
    """The first of `witnesses` that saw the signature before the revocation: the revoking hub
    itself, or this workspace strictly before `revoked_at`."""
    for w in witnesses:
        if w.by == "hub" and w.hub_id and w.hub_id == mark.source:
            return w
        if w.by == "workspace" and w.at is not None and parse_utc(w.at) < mark.at:
            return w
    return None


def check_witnessed(marks: Mapping[str, RevokedMark], fp: str, who: str, signed_at: str,
                    witnesses: Sequence[Witness], *, what: str = "the sheet",
                    hint: str = RESIGN_HINT) -> tuple[RevokedMark, Witness] | None:
    """None when `fp` is not revoked; (mark, witness) when it signed before the revocation and
    was seen before it; RevokedError (`revoked`, or `revoked_unwitnessed` when only the
    signer's `signed_at` says it came before). `what` names the signed thing in the message."""
    mark = check_signature_time(marks, fp, who, signed_at)
    if mark is None:
        return None
    w = witness_before(mark, witnesses)
    if w is None:
        first = first_seen(witnesses)
        raise RevokedError(f"{who}'s certificate ({fp[:16]}…) was revoked on {mark.revoked_at}; {what} "
                           f"claims {signed_at}, but it was first seen {f'at {first}' if first else 'after that'}: "
                           "only the signer's own clock says it came before", hint=hint, reason=UNWITNESSED)
    return mark, w


def first_seen(witnesses: Sequence[Witness]) -> str | None:
    """The earliest time this workspace saw it (hubs give no time), None when it never did."""
    return min((x.at for x in witnesses if x.at), default=None)


def seen_warning(mark: RevokedMark, seen: Sequence[Witness]) -> str:
    """`workbench verify`'s warning for a file signed before the revocation: who saw it before the
    revocation, else when this workspace first received it (after it), else unwitnessed."""
    w = witness_before(mark, seen)
    first = first_seen(seen)
    if w is not None or first is None:
        return warning(mark, w)
    return (f"certificate revoked on {mark.revoked_at} (signed before by the signer's own clock, but first "
            f"received here at {first}, after the revocation: the time is unwitnessed; the panel does not count it)")


def warning(mark: RevokedMark, witness: Witness | None = None) -> str:
    if witness is None:
        seen = "signed before by the signer's own clock: the time is unwitnessed"
    elif witness.by == "hub":
        seen = f"signed before; hub {witness.hub_id} received it before the revocation"
    else:
        seen = f"signed before; received here at {witness.at}, before the revocation"
    return f"certificate revoked on {mark.revoked_at} ({seen}; the panel decides)"


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
