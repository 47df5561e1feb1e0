"""This laptop's reviewer's signed score sheets: sign from the workspace, find the current one, save.

`workbench sheet export` and the window (File › 保存签名评分表…, the print dialog, 导出 Excel)
call these same functions, so a sheet saved from the window and one exported on the
command line are the same document. The workspace keeps the exact bytes of every
(non-provisional) signed sheet in its outbox; `last_signed` names the newest one, and
`workbench.signing.state` says whether the scores changed since.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbench.errors import SignatureError
from workbench.signing.from_sources import last_signed, remember_signed, sheet_from_workspace
from workbench.signing.identity import Identity, default_identity_dir, load_identity
from workbench.signing.revoked_signer import refuse_revoked_in
from workbench.signing.sheet import sign_sheet, write_sheet

Passphrase = str | Callable[[], str]


@dataclass(frozen=True)
class SavedSheet:
    path: Path
    sheet: dict
    newly_signed: bool  # False: the current signed revision was saved as it was


def require_reviewer(ws: Any) -> Any:
    me = ws.local_reviewer()
    if me is None:
        raise SignatureError("this workspace has no local reviewer",
                             hint="create your identity with `workbench identity create`")
    return me


def sign_from_workspace(ws: Any, code: str, passphrase: Passphrase, *, identity_dir: str | Path | None = None,
                        allow_incomplete: bool = False, record: bool = True) -> dict:
    """Sign the reviewer's current scores for one school as the next revision and record it.

    `passphrase` may be a function, called only after the identity is found valid (the CLI
    then asks for it only when signing can succeed)."""
    _require_writable(ws)
    require_reviewer(ws)
    ident = load_identity(identity_dir or default_identity_dir(ws.root))
    ident.check_valid_at()  # before the passphrase; sign_sheet checks again
    refuse_revoked_in(ws, ident)  # a revoked certificate signs nothing new: before the key is unlocked
    key = ident.private_key(passphrase() if callable(passphrase) else passphrase)
    return sign_with_key(ws, code, ident, key, allow_incomplete=allow_incomplete, record=record)


def sign_with_key(ws: Any, code: str, ident: Identity, key: Any, *, allow_incomplete: bool = False,
                  record: bool = True) -> dict:
    """As sign_from_workspace, with the key already unlocked (the print dialog signs the PDF too).
    `record` False leaves recording (remember_signed) to the caller, after it wrote the file."""
    _require_writable(ws)
    me = require_reviewer(ws)
    refuse_revoked_in(ws, ident)  # the print dialog comes here directly
    sheet, rubric = sheet_from_workspace(ws, code, me.id)
    signed = sign_sheet(sheet, ident, key, rubric, allow_incomplete=allow_incomplete)
    if record:
        remember_signed(ws, code, me.id, signed)
    return signed


def _require_writable(ws: Any) -> None:
    if getattr(ws, "read_only", False):  # the revision could not be recorded: the next one would fork
        raise SignatureError(f"{ws.root}: the workspace is read-only, and each signed revision is recorded "
                             "in it; nothing was signed",
                             hint="make the workspace writable, or sign a score file with `workbench sheet sign`")


def current_signed_sheet(ws: Any, code: str, reviewer_id: int) -> dict | None:
    """The last signed sheet when nothing was changed since it was signed (workbench.signing.state
    decides, by content), else None; also None for a provisional one (not kept: not a result)."""
    from workbench.signing.state import signed_sheet_of, signed_state

    if not signed_state(ws, code, reviewer_id).is_signed:
        return None
    return signed_sheet_of(ws, code, reviewer_id)


@dataclass(frozen=True)
class SheetStatus:
    signed: dict | None  # the current signed sheet (unchanged since signing), else None
    revision: int  # of the signed sheet, or of the one that signing now would make
    unscored: int  # items without a score: signing now would make a provisional sheet


def sheet_status(ws: Any, code: str, reviewer_id: int) -> SheetStatus:
    """What saving the signed sheet file needs: nothing (signed, unchanged) or a signature."""
    signed = current_signed_sheet(ws, code, reviewer_id)
    if signed is not None:
        return SheetStatus(signed, int(signed["revision"]), 0)
    sheet, _ = sheet_from_workspace(ws, code, reviewer_id)
    unscored = sum(1 for rec in sheet["items"].values() if rec.get("score") is None)
    return SheetStatus(None, int(sheet["revision"]), unscored)


def save_sheet(ws: Any, code: str, path: str | Path, passphrase: Passphrase | None = None, *,
               identity_dir: str | Path | None = None, allow_incomplete: bool = False,
               always_sign: bool = False) -> SavedSheet:
    """Write the school's signed sheet file: the current signed revision if nothing changed since,
    else (or with `always_sign`) a new signed revision. Without a passphrase only the first works."""
    me = require_reviewer(ws)
    signed = None if always_sign else current_signed_sheet(ws, code, me.id)
    newly = signed is None
    if signed is None:
        if passphrase is None:
            raise SignatureError(f"{code}: the scores are not signed, or were changed after signing",
                                 hint="sign them with your passphrase")
        signed = sign_from_workspace(ws, code, passphrase, identity_dir=identity_dir,
                                     allow_incomplete=allow_incomplete, record=False)
    out = write_sheet(signed, path)  # first: a file that could not be written records no revision
    if newly:
        remember_signed(ws, code, me.id, signed)
    return SavedSheet(out, signed, newly)


def signed_sheet_files(ws: Any, reviewer_id: int, codes: Iterable[str] | None = None) -> list[tuple[str, bytes]]:
    """(school code, sheet file bytes) of the newest signed sheet of each school (or of `codes`)
    that has one, in school order: what `export-xlsx` reads from files, from the workspace."""
    from workbench.store.outbox import Outbox

    wanted = sorted(set(codes)) if codes is not None else sorted(s.code for s in ws.list_schools())
    box, out = Outbox(ws), []
    for code in wanted:
        prev = last_signed(ws, code, reviewer_id)
        entry = box.find(prev["hash"]) if prev else None
        if entry is not None:
            out.append((code, box.data(entry.id)))
    return out


def identity_or_none(ws: Any, identity_dir: str | Path | None = None) -> Identity | None:
    """The signing identity, or None when there is none yet (the window then offers to create it)."""
    from workbench.errors import WorkbenchError

    try:
        return load_identity(identity_dir or default_identity_dir(ws.root))
    except WorkbenchError:
        return None
