"""The reviewer's form (评估打分表) from the workspace, with or without the photo appendix.

`workbench print --photos` and the window's print dialog both take the appendix's photos
from the workspace's blob store through `photo_source`: the photos the reviewer attached in
the window are the ones the signed sheet names, so they are the ones printed.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from workbench.errors import Cancelled, WorkbenchError
from workbench.printing.form import PhotoSource, render_form_bytes
from workbench.printing.photos import thumbnail_jpeg
from workbench.signing.identity import Identity, default_identity_dir, load_identity


def photo_source(ws: Any, *, cached: bool = False, cancel: Callable[[], bool] | None = None) -> PhotoSource:
    """sha256 -> the photo's file in the workspace's blob store, None when it is not there.
    `cached`: the printed-size thumbnail, kept in memory (the print dialog renders again on
    every change; a camera photo is then decoded once, not at every re-render). `cancel`:
    checked before each photo; the render then stops with Cancelled."""
    def source(sha: str) -> Path | bytes | None:
        if cancel is not None and cancel():
            raise Cancelled("the form was not made: cancelled")
        if not ws.blobs.has(sha):
            return None
        path = ws.blobs.path(sha)
        return _print_thumbnail(str(path), sha) if cached else path
    return source


@functools.lru_cache(maxsize=128)  # ~100-300 KB each: bounded to tens of MB
def _print_thumbnail(path: str, sha: str) -> bytes | None:
    """The appendix's own thumbnail of a stored photo (keyed by its hash: blobs never change)."""
    made = thumbnail_jpeg(Path(path))
    return made[0] if made is not None else None


def photo_count(ws: Any, code: str) -> int:
    """How many on-site photos the school has in the workspace (what the appendix prints)."""
    return len(ws.photos(code))


def draft_form(ws: Any, code: str, reviewer: Any, *, photos: bool = False, cached: bool = False,
               cancel: Callable[[], bool] | None = None) -> tuple[dict, bytes]:
    """The school's sheet and its form for preview: the signed sheet when the scores are unchanged
    since it was signed, else the unsigned sheet from the workspace as a draft (watermark, and
    签名后已修改 when a signed revision exists)."""
    from workbench.signing import state as signing_state
    from workbench.signing.from_sources import sheet_from_workspace

    sheet, _rubric = sheet_from_workspace(ws, code, reviewer.id)
    sheet = dict(sheet, reviewer={"name": reviewer.name, "org": reviewer.org, "role": reviewer.role})
    png = None
    with contextlib.suppress(WorkbenchError):  # no identity yet: the draft has no signature image
        png = load_identity(default_identity_dir(ws.root)).signature_image()
    source = photo_source(ws, cached=cached, cancel=cancel) if photos else None
    state = signing_state.signed_state(ws, code, reviewer.id)
    done = signing_state.signed_sheet_of(ws, code, reviewer.id) if state.is_signed else None
    if done is not None:  # signed and unchanged since: the signed sheet, no draft marks
        return done, render_form_bytes(done, signature_png=png, photos=source)
    return sheet, render_form_bytes(sheet, signature_png=png, photos=source,
                                    changed=state.status == signing_state.CHANGED)


def signed_form(ws: Any | None, signed: Mapping[str, Any], ident: Identity, key: Any | Callable[[], Any], *,
                photos: bool = False, cached: bool = False, cancel: Callable[[], bool] | None = None) -> bytes:
    """The signed sheet's form, PAdES-signed with the identity's key (the sheet embedded).

    `key`: the unlocked private key, or a function that unlocks it (called only once the
    signature may be made). An identity whose certificate `ws` knows to be revoked adds no
    PAdES signature: CertificateRevoked before the key is unlocked and anything is rendered."""
    from workbench.printing.pdfsign import sign_pdf
    from workbench.signing.revoked_signer import refuse_revoked_in

    if ws is not None:
        refuse_revoked_in(ws, ident)
    key = key() if callable(key) else key  # a wrong passphrase fails before the render
    source = photo_source(ws, cached=cached, cancel=cancel) if photos and ws is not None else None
    pdf = render_form_bytes(signed, signature_png=ident.signature_image(), photos=source)
    return sign_pdf(pdf, signed, ident, key)
