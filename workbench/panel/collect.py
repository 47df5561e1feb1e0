"""The chair's workspace collects members' signed sheets, and says which one of each counts.

A sheet is accepted when it verifies (signature, a certificate vouched for by the
workspace's trust roots, a known rubric), is complete, is signed with a *member*
certificate, and is of a school in the workspace and its newest package version. Refusals
carry a one-word `reason` and a message naming the sheet and the reviewer.

Revisions: one reviewer (by certificate) has one current sheet per school and package
version, the newest of its `supersedes` chain. A second sheet with another sheet_id is
refused; a fork (two revisions superseding the same one) or a gap is a conflict that
`school_sheets` shows and `current_sheets` refuses: never resolved silently.

Revoked certificates (workbench.panel.revoked): a sheet signed after the revocation is
refused (`revoked`); one dated before it counts only when a witness saw it before the
revocation (this workspace when it collected it, or the revoking hub that served it,
workbench.panel.witness), else it is refused as `revoked_unwitnessed`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography import x509

from workbench.errors import WorkbenchError
from workbench.panel.errors import CollectError, PanelError
from workbench.panel.revoked import UNWITNESSED, RevokedError, Witness, check_witnessed, warning
from workbench.panel.witness import hub_witnesses, witnesses
from workbench.signing.ecdsa import signer_from_cert
from workbench.signing.identity import fingerprint, load_certs_file
from workbench.store.panel_store import PanelStore, StoredSheet

if TYPE_CHECKING:
    from workbench.signing.verify import VerifiedSheet
    from workbench.store.workspace import Workspace

MAX_SHEET_BYTES = 16 * 1024 * 1024
_REASONS = {"altered": "bad_signature", "signature": "bad_signature", "identity": "bad_signature",
            "untrusted": "untrusted", "unknown_rubric": "unknown_rubric", "malformed": "malformed",
            "totals": "malformed"}


@dataclass(frozen=True)
class Collected:
    """One sheet given to the workspace: `status` added, duplicate or refused."""

    source: str
    status: str
    message: str
    sheet: StoredSheet | None = None
    reason: str | None = None


@dataclass(frozen=True)
class Conflict:
    reviewer_fp: str
    reviewer_name: str
    message: str


@dataclass
class SchoolSheets:
    """A school's collected sheets for its newest package version."""

    school_code: str
    manifest_hash: str
    current: list[StoredSheet] = field(default_factory=list)  # one per reviewer without conflict
    superseded: list[StoredSheet] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    stale: list[StoredSheet] = field(default_factory=list)  # sheets of older package versions
    # collected before the revocation was known, signed after it: not counted (reason "revoked")
    revoked: list[tuple[StoredSheet, str]] = field(default_factory=list)
    # dated before the revocation but first seen after it (only the signer's claim): not counted
    unwitnessed: list[tuple[StoredSheet, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # current sheets by a since-revoked certificate
    witnesses: dict[str, Witness] = field(default_factory=dict)  # sheet hash -> who saw it before the revocation


def _short(fp: str) -> str:
    return fp[:16] + "…"


# -- trust roots ----------------------------------------------------------------------------

def _is_ca(cert: x509.Certificate) -> bool:
    try:
        return bool(cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except x509.ExtensionNotFound:
        return False


def add_trust(ws: Workspace, path: str | Path) -> list[tuple[str, str, str, bool]]:
    """Pin the certificate(s) in a PEM file or identity folder: [(fingerprint, kind, name, added)]."""
    from workbench.signing.identity import cert_pem

    store = PanelStore(ws)
    out = []
    for cert in load_certs_file(path):
        kind = "ca" if _is_ca(cert) else "reviewer"
        name = signer_from_cert(cert).name
        fp = fingerprint(cert)
        out.append((fp, kind, name, store.add_trust_root(fp, cert_pem(cert), kind, name)))
    return out


# -- collecting -----------------------------------------------------------------------------

def _newest_manifest(ws: Workspace, code: str) -> tuple[str, int] | None:
    from workbench.errors import StoreError
    try:
        info = ws.school(code)
    except StoreError:
        return None
    return info.manifest_hash, info.package_version


def collect_bytes(ws: Workspace, data: bytes, *, source: str = "", school: str | None = None,
                  trust: Sequence[x509.Certificate] | None = None) -> Collected:
    """Verify and store one sheet; CollectError (with `reason`) when it is refused.

    `trust` defaults to the workspace's trust roots (pass them when adding many sheets).
    """
    from workbench.signing.verify import VerificationError, verify_sheet_bytes

    name = source or "sheet"
    roots = PanelStore(ws).trust_certificates() if trust is None else list(trust)
    if not roots:
        raise CollectError("untrusted", f"{name}: this workspace trusts no certificate yet",
                           hint="add the bureau's CA or the members' certificates with `workbench panel trust`")
    try:
        v = verify_sheet_bytes(data, roots)
    except VerificationError as e:
        reason = _REASONS.get(e.reason, "malformed")
        label = {"bad_signature": "bad signature", "untrusted": "untrusted reviewer"}.get(reason, reason)
        raise CollectError(reason, f"{name}: {label}: {e.message.removeprefix(e.reason + ': ')}",
                           hint=e.hint) from None
    s = v.sheet
    who = signer_from_cert(v.cert)
    fp = fingerprint(v.cert)
    person = f"{who.name} ({_short(fp)})"
    code = s["school"]["code"]
    if s.get("provisional"):
        raise CollectError("provisional", f"{name}: provisional sheet of {person}: not every item is scored",
                           hint="the member scores every item and signs again")
    if who.role != "member":
        raise CollectError("not_member_role", f"{name}: signed by {person} with a {who.role or 'role-less'} "
                           "certificate, not a member's", hint="a member sheet is signed with a member certificate")
    if school is not None and code != school:
        raise CollectError("another_school", f"{name}: a sheet of school {code}, not {school} (by {person})")
    store = PanelStore(ws)
    marks = store.revoked()
    if fp in marks:  # a hub's revocation reached the workspace: signed, and seen, before it?
        first = store.find(v.sheet_hash)  # a duplicate keeps its first collection time
        seen = witnesses(hub_witnesses(ws).get(v.sheet_hash), first.added_at if first else _utcnow())
        try:
            check_witnessed(marks, fp, who.name, s["signed_at"], seen)
        except RevokedError as e:
            raise CollectError(e.reason, f"{name}: {e.message.removeprefix(e.reason + ': ')}",
                               hint=e.hint) from None
    newest = _newest_manifest(ws, code)
    if newest is None:
        raise CollectError("another_school", f"{name}: school {code} (by {person}) is not in this workspace",
                           hint="import the school's evidence package first")
    if s["package"]["manifest_hash"] != newest[0]:
        raise CollectError("another_package", f"{name}: {person} scored another package version of {code} "
                           f"(manifest {s['package']['manifest_hash'][:19]}…), not the newest, version {newest[1]}",
                           hint="the member scores the newest package and signs again")
    stored = StoredSheet(v.sheet_hash, code, newest[0], fp, who.name, s["sheet_id"], int(s["revision"]),
                         s.get("supersedes"), name)
    if store.find(v.sheet_hash) is not None:
        return Collected(name, "duplicate", f"{name}: already collected (sheet {v.sheet_hash[:19]}… of {person}, "
                         f"revision {stored.revision}); counted once", store.find(v.sheet_hash))
    others = [o for o in store.sheets(code, fp) if o.manifest_hash == newest[0] and o.sheet_id != stored.sheet_id]
    if others:
        raise CollectError("not_a_chain", f"{name}: {person} already has sheet {others[0].sheet_id} for {code}; "
                           f"this sheet {stored.sheet_id} is not a revision of it",
                           hint="a reviewer revises their sheet (same sheet id, supersedes the previous one)")
    if not store.add_sheet(stored, data):
        return Collected(name, "duplicate", f"{name}: already collected; counted once", store.find(v.sheet_hash))
    return Collected(name, "added", f"{name}: added {person}'s sheet for {code}, revision {stored.revision}",
                     store.find(v.sheet_hash))


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, folders as their *.json files (sorted)."""
    out: list[Path] = []
    for p in map(Path, paths):
        out.extend(sorted(q for q in p.glob("*.json") if q.is_file()) if p.is_dir() else [p])
    return out


def collect_paths(ws: Workspace, paths: Iterable[str | Path], *, school: str | None = None) -> list[Collected]:
    """Collect every file (folders: their *.json); a refusal is reported, never raised."""
    roots = PanelStore(ws).trust_certificates()
    out = []
    from workbench.inputs import read_regular

    for p in expand_paths(paths):
        try:  # regular files only: a FIFO or device would block or never end
            data = read_regular(p, what="score sheet", max_bytes=MAX_SHEET_BYTES)
        except WorkbenchError as e:
            out.append(Collected(str(p), "refused", str(e), reason="unreadable"))
            continue
        try:
            out.append(collect_bytes(ws, data, source=str(p), school=school, trust=roots))
        except CollectError as e:
            out.append(Collected(str(p), "refused", str(e), reason=e.reason))
        except WorkbenchError as e:  # e.g. the workspace is read-only
            out.append(Collected(str(p), "refused", f"{p}: {e}", reason="store"))
    return out


# -- which sheet counts -----------------------------------------------------------------------

def analyse_chain(sheets: Sequence[StoredSheet]) -> tuple[StoredSheet | None, list[StoredSheet], list[str]]:
    """(current, superseded, conflicts) of one reviewer's sheets for one school and package.

    The sheets must form one linear chain: one base, each other sheet superseding a
    collected one with revision + 1, no two superseding the same.
    """
    if not sheets:
        return None, [], []
    by_hash = {s.sheet_hash: s for s in sheets}
    children: dict[str, list[StoredSheet]] = defaultdict(list)
    bases = []
    for s in sheets:
        if s.supersedes is not None and s.supersedes in by_hash:
            children[s.supersedes].append(s)
        else:
            bases.append(s)
    problems = []
    for parent, kids in children.items():
        if len(kids) > 1:
            revs = ", ".join(f"revision {k.revision} ({k.sheet_hash[:19]}…)" for k in sorted(kids, key=lambda k: k.revision))
            problems.append(f"two revisions supersede the same sheet {parent[:19]}…: {revs}")
        for k in kids:
            if k.revision != by_hash[parent].revision + 1:
                problems.append(f"revision {k.revision} supersedes revision {by_hash[parent].revision}")
    if len(bases) > 1:
        bases.sort(key=lambda b: b.revision)
        for b in bases[1:]:
            problems.append(f"gap in the chain: revision {b.revision} supersedes "
                            f"{(b.supersedes or 'nothing')[:19]}…, which was not collected")
    if problems:
        return None, [], problems
    chain = [bases[0]]
    while children.get(chain[-1].sheet_hash):
        chain.append(children[chain[-1].sheet_hash][0])
    return chain[-1], chain[:-1], []


def school_sheets(ws: Workspace, school: str) -> SchoolSheets:
    newest = _newest_manifest(ws, school)
    if newest is None:
        raise PanelError(f"no school with code {school!r} in this workspace",
                         hint="import the school's evidence package first")
    out = SchoolSheets(school, newest[0])
    store = PanelStore(ws)
    marks = store.revoked()
    hubs = hub_witnesses(ws) if marks else {}
    by_reviewer: dict[str, list[StoredSheet]] = defaultdict(list)
    for s in store.sheets(school):
        if s.manifest_hash != newest[0]:
            out.stale.append(s)
            continue
        if s.reviewer_fp in marks:
            signed_at = _signed_at(store.sheet_bytes(s.sheet_hash))
            try:
                seen = check_witnessed(marks, s.reviewer_fp, s.reviewer_name, signed_at,
                                       witnesses(hubs.get(s.sheet_hash), s.added_at))
            except RevokedError as e:
                (out.unwitnessed if e.reason == UNWITNESSED else out.revoked).append(
                    (s, e.message.removeprefix(e.reason + ": ")))
                continue
            if seen is not None:
                out.witnesses[s.sheet_hash] = seen[1]
        by_reviewer[s.reviewer_fp].append(s)
    for fp, sheets in sorted(by_reviewer.items()):
        current, superseded, problems = analyse_chain(sheets)
        if problems:
            out.conflicts.extend(Conflict(fp, sheets[0].reviewer_name, p) for p in problems)
        else:
            out.current.append(current)  # type: ignore[arg-type]
            out.superseded.extend(superseded)
            if fp in marks:
                out.warnings.append(f"{current.reviewer_name} {fp[:16]}… revision {current.revision}: "  # type: ignore[union-attr]
                                    + warning(marks[fp], out.witnesses.get(current.sheet_hash)))  # type: ignore[union-attr]
    return out


def _signed_at(data: bytes) -> str:
    import json
    return str(json.loads(data)["signed_at"])  # stored sheets were verified when collected


def current_sheets(ws: Workspace, school: str) -> list[VerifiedSheet]:
    """The current sheet of each reviewer, verified again from the stored bytes.

    Refuses while any reviewer's chain is in conflict, naming the reviewer.
    """
    from workbench.signing.verify import verify_sheet_bytes

    state = school_sheets(ws, school)
    if state.conflicts:
        c = state.conflicts[0]
        raise PanelError(f"reviewer {c.reviewer_name} ({_short(c.reviewer_fp)}) of {school}: {c.message}",
                         hint="collect the missing revision, or ask the member which sheet is current")
    if not state.current:
        raise PanelError(f"no member sheets collected for {school}", hint="add them with `workbench panel add`")
    store = PanelStore(ws)
    roots = store.trust_certificates()
    return [verify_sheet_bytes(store.sheet_bytes(s.sheet_hash), roots) for s in state.current]


def merge_from_workspace(ws: Workspace, school: str, chair: x509.Certificate, **options: Any) -> dict:
    """build_panel_result over the school's current sheets (options as for build_panel_result)."""
    from workbench.panel.document import build_panel_result
    from workbench.rubric.loader import rubric_by_hash

    sheets = current_sheets(ws, school)
    rubric = rubric_by_hash(sheets[0].sheet["rubric"]["hash"])
    if rubric is None:  # verified sheets name known rubrics; kept for type narrowing
        raise PanelError(f"unknown rubric {sheets[0].sheet['rubric']['id']}")
    return build_panel_result(rubric, sheets, chair=chair, **options)
