"""Work the panel view hands to the TaskRunner: plain functions over the core, no widgets.

Merging 7 members' sheets (verify each again from the workspace, merge 51 items, Krippendorff's
alpha) and unlocking a key (PBKDF2, 600,000 rounds) both take longer than a frame, so the view
never runs them on the UI thread.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from workbench.panel.errors import PanelError
from workbench.rubric.loader import rubric_by_hash
from workbench.rubric.model import Rubric
from workbench.ui.panel.sheet_rows import SheetRow, sheet_rows


@dataclass(frozen=True)
class PanelState:
    """A document with what the view shows about it: verified signers, final, panel hash."""

    doc: dict
    rubric: Rubric
    panel_hash: str
    signed: dict[str, str]  # fingerprint -> signed_at, every valid signature
    final: bool
    missing: list[tuple[str, str]]  # (name, role) of those who have not signed
    collection: Collection | None = None  # a merge: the collected sheets it was built from
    revoked_signers: dict[str, str] = field(default_factory=dict)  # signed before a revocation: fp -> revoked_at
    not_counted: dict[str, NotCounted] = field(default_factory=dict)  # a signature it carries that does not count


@dataclass(frozen=True)
class NotCounted:
    """A (co-)signature the document carries but the core does not count (its signer is in
    `missing`): the core's reason code and line, and the times the window words it with."""

    reason: str  # the core's code: revoked_unwitnessed
    detail: str  # the core's own line (English), as `panel status` prints it
    revoked_at: str | None = None  # "…Z"
    claimed_at: str | None = None  # the signature's own signed_at: only the signer's claim
    first_seen: str | None = None  # when this workspace first held it (after the revocation); None: never


def doc_rubric(doc: Mapping[str, Any]) -> Rubric:
    r = rubric_by_hash(doc["rubric"]["hash"])
    if r is None:
        raise PanelError(f"the panel result's rubric {doc['rubric']['id']} is not installed")
    return r


def state_of(doc: dict, marks: Mapping[str, Any] | None = None, witnesses: Mapping[Any, Any] | None = None) -> PanelState:
    """Verify the document's integrity and signatures (trust is the verifier's business).

    `marks`: the workspace's revocations, as `panel status` checks them: a signature made after
    its certificate's revocation is refused (PanelVerificationError "revoked"); one made before
    is listed in `revoked_signers` for a warning. `witnesses` (workbench.panel.witness): one made
    before but not witnessed before the revocation is not counted (shown as not signed).
    """
    from workbench.panel.verify import verify_panel_doc

    v = verify_panel_doc(doc, None, check_trust_roots=False, require_signed=False, revoked=marks,  # may be unsigned
                         witnesses=witnesses if marks else None)
    chair_fp = doc["chair"]["fingerprint"]
    missing = [(s.name, "chair" if fp == chair_fp else "member") for s, fp in v.missing_signers]
    return PanelState(doc, doc_rubric(doc), v.panel_hash, {fp: at for _s, fp, at in v.signers}, v.final, missing,
                      revoked_signers=dict(v.revoked_signers),
                      not_counted=not_counted(doc, v.unwitnessed_signers, marks or {}, witnesses or {}))


def not_counted(doc: Mapping[str, Any], unwitnessed: Mapping[str, str], marks: Mapping[str, Any],
                witnesses: Mapping[Any, Any]) -> dict[str, NotCounted]:
    """The core's uncounted signatures (fp -> its line) with the times the window shows."""
    from workbench.panel.revoked import UNWITNESSED, first_seen

    sigs = {s["fingerprint"]: s for s in doc.get("signatures") or []}
    out: dict[str, NotCounted] = {}
    for fp, why in unwitnessed.items():
        sig, mark = sigs.get(fp) or {}, marks.get(fp)
        out[fp] = NotCounted(UNWITNESSED, why, mark.revoked_at if mark else None, sig.get("signed_at"),
                             first_seen(witnesses.get((fp, sig.get("value")), ())))
    return out


def counted(doc: dict, ws: Any) -> PanelState:
    """`doc`'s state as `panel status` counts it: with the revocations this workspace knows and,
    when it knows one, who saw each signature and when (workbench.panel.witness)."""
    from workbench.panel.witness import revocations_in

    known = revocations_in(ws)
    return state_of(doc, known.marks, known.panel)


def merge_school(ws: Any, code: str, identity_dir: Path, *, method: str, spread: Decimal, quorum: int | None,
                 overrides: Mapping[str, Any], opinion: str, previous: dict | None) -> PanelState:
    """The chair's panel result over the school's current member sheets (unsigned)."""
    from workbench.panel.collect import merge_from_workspace
    from workbench.signing.identity import load_identity

    chair = load_identity(identity_dir)
    used = collection(ws, code)  # what the merge counts and leaves out, for the view to say so
    doc = merge_from_workspace(ws, code, chair.cert, method=method, spread_threshold=spread, quorum=quorum,
                               overrides=dict(overrides), opinion=opinion, previous=previous)
    return dataclasses.replace(state_of(doc), collection=used)


def change(doc: dict, *, overrides: Mapping[str, Any], opinion: str) -> PanelState:
    """The same members' scores with other overrides or opinion.

    An unsigned document is re-derived in place (same revision); once anyone has signed, a
    change is a new revision that supersedes it, and its signatures start over.
    """
    from workbench.panel.document import check_override, derive_from_doc, revise_panel

    rubric = doc_rubric(doc)
    ovr = {iid: check_override(rubric, iid, o["value"], o["reason"]) for iid, o in overrides.items()}
    if doc.get("signatures"):
        return state_of(revise_panel(rubric, doc, overrides=ovr, opinion=opinion))
    new = {k: v for k, v in doc.items() if k != "signatures"}
    new["opinion"] = opinion
    new.update(derive_from_doc(rubric, new, overrides=ovr))
    new["signatures"] = []
    return state_of(new)


def sign(ws: Any, doc: dict, identity_dir: Path, passphrase: str) -> PanelState:
    """The chair signs, or a member co-signs, by the role the identity's certificate gives;
    the signed result is queued in the workspace's outbox for the hub (issue 11)."""
    from workbench.panel.signing import sign_and_queue
    from workbench.signing.identity import load_identity

    ident = load_identity(identity_dir)
    key = ident.private_key(passphrase)
    return counted(sign_and_queue(ws, doc, ident, key), ws)


def latest(ws: Any, code: str) -> PanelState | None:
    """The school's newest panel result in the workspace (signed here, or pulled or bundled),
    with every copy's co-signatures merged (issue 11); None when there is none."""
    from workbench.sync.panel_copies import latest_panel

    doc = latest_panel(ws, code)
    return None if doc is None else counted(doc, ws)


MAX_PANEL_BYTES = 64 * 1024 * 1024


def open_file(path: Path, ws: Any | None = None) -> PanelState:
    """A panel file given by the user: a regular file, bounded, canonical, verified (against the
    revocations `ws` knows)."""
    from workbench.inputs import read_regular
    from workbench.panel.verify import parse_panel

    data = read_regular(path, what="panel result", max_bytes=MAX_PANEL_BYTES, error=PanelError)
    if ws is None:
        return state_of(parse_panel(data))
    return counted(parse_panel(data), ws)


def save_file(doc: dict, path: Path) -> Path:
    from workbench.panel.document import write_panel

    return write_panel(doc, path)


def render_pdf(doc: dict) -> bytes:
    """The 结论表 of the current document (unsigned PDF; the print dialog signs it)."""
    from workbench.panel.document import panel_file_bytes
    from workbench.printing.panel_pdf import make_panel_pdf

    return make_panel_pdf(panel_file_bytes(doc))


def sign_pdf(pdf: bytes, identity_dir: Path, passphrase: str, ws: Any | None = None) -> bytes:
    """The 结论表 with the identity's PAdES signature added; refused (CertificateRevoked) before the
    key is unlocked when `ws` knows the identity's certificate to be revoked."""
    from workbench.printing.panel_pdf import sign_panel_pdf
    from workbench.signing.identity import load_identity
    from workbench.signing.revoked_signer import refuse_revoked_in

    ident = load_identity(identity_dir)
    if ws is not None:
        refuse_revoked_in(ws, ident)
    return sign_panel_pdf(pdf, ident, ident.private_key(passphrase), signature_png=ident.signature_image())


@dataclass(frozen=True)
class Collection:
    """What the chair's workspace holds for the school, and what the last adding did."""

    results: list[Any]  # workbench.panel.collect.Collected, in the order given
    current: int  # members with a current sheet
    conflicts: list[str]  # one line per reviewer whose revision chain is in conflict
    rows: list[SheetRow] = field(default_factory=list)  # every sheet and refusal, for the list
    revoked: dict[str, str] = field(default_factory=dict)  # every certificate this workspace knows revoked: fp -> revoked_at


def collection(ws: Any, code: str, paths: list[Path] | None = None) -> Collection:
    """Collect `paths` (files or folders of member sheets) for the school, then count."""
    from workbench.panel.collect import collect_paths, school_sheets
    from workbench.store.panel_store import PanelStore

    results = collect_paths(ws, paths, school=code) if paths else []
    store = PanelStore(ws)
    marks = store.revoked()  # read with the sheets: a revocation a sync round brought shows at once
    revoked = {fp: m.revoked_at for fp, m in marks.items()}
    try:
        state = school_sheets(ws, code)
    except PanelError:
        return Collection(results, 0, [], sheet_rows(None, {}, None, results), revoked)
    rows = sheet_rows(state, marks, store.sheet_bytes, results)
    return Collection(results, len(state.current), [f"{c.reviewer_name}: {c.message}" for c in state.conflicts],
                      rows, revoked)


def trust(ws: Any, path: Path, code: str) -> Collection:
    """Pin a reviewer's certificate or the bureau's CA for collecting sheets."""
    from workbench.panel.collect import add_trust

    add_trust(ws, path)
    return collection(ws, code)
