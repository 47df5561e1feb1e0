"""Import one document that arrived by sync (a hub's pull or a USB bundle) through the same
verification as a file import. Shared by `workbench.sync.worker` and `workbench.sync.bundle`.

| kind       | how it is checked and where it goes                                               |
|------------|-----------------------------------------------------------------------------------|
| package    | `import_package` (the whole hostile-archive check), as `workbench package import` |
| assignment | its JSON shape; its members' certificates become reviewer trust roots, so the     |
|            | other members' sheets verify offline (the hub is pinned and the admin assigned)   |
| sheet      | its photos fetched first (checked against their SHA-256), then `collect_bytes`    |
|            | (signature, trusted certificate, school and package in the workspace, chain)      |
| panel      | `verify_panel_bytes` against the trust roots and known revocations, then kept     |
| rubric     | known when bundled with the workbench; else kept as received                      |
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from workbench.errors import WorkbenchError
from workbench.store.outbox import has_received, keep_received, photos_of

MAX_ASSIGNMENT_BYTES = 4 * 1024 * 1024


class SyncImportError(WorkbenchError):
    """A document that arrived by sync does not verify; it was not stored."""

    code = "pulled_refused"


def import_document(ws: Any, kind: str, data: bytes, *, doc_hash: str, source: str,
                    fetch_blob: Callable[[str], bytes] | None = None,
                    package_path: Path | None = None) -> bool:
    """Verify and store one document; True when something new was stored."""
    if kind == "package":
        return _package(ws, data, package_path)
    if kind == "assignment":
        return _assignment(ws, data, doc_hash, source)
    if kind == "sheet":
        return _sheet(ws, data, source, fetch_blob)
    if kind == "panel":
        return _panel(ws, data, doc_hash, source)
    if kind == "rubric":
        return _rubric(ws, data, doc_hash, source)
    raise SyncImportError(f"unknown document kind {kind!r}")


def _package(ws: Any, data: bytes, path: Path | None) -> bool:
    from workbench.evidence.importer import import_package

    if path is not None:
        return import_package(ws, path).created
    from workbench.atomic import atomic_write

    # the verifier reads a file; ignore_cleanup_errors: on Windows a file still open cannot be
    # removed, and that must not replace the import's own error
    with tempfile.TemporaryDirectory(prefix="wb-pulled-", ignore_cleanup_errors=True) as d:
        tmp = atomic_write(Path(d) / "pulled.wbpkg", data, what="pulled package")
        return import_package(ws, tmp).created


def _assignment(ws: Any, data: bytes, doc_hash: str, source: str) -> bool:
    from workbench.signing.ecdsa import signer_from_cert
    from workbench.signing.identity import cert_pem, fingerprint, load_cert_pem
    from workbench.store.panel_store import PanelStore

    if len(data) > MAX_ASSIGNMENT_BYTES:
        raise SyncImportError("an assignment from the hub is too large")
    try:
        doc = json.loads(data)
        if doc.get("format") != "workbench-assignment/1":
            raise ValueError
        school = str(doc["school"])
        members = [(m["fingerprint"], m["certificate"]) for m in doc["members"]]
    except (ValueError, KeyError, TypeError, AttributeError):
        raise SyncImportError("an assignment from the hub is malformed") from None
    store = PanelStore(ws)
    for fp, pem in members:
        cert = load_cert_pem(pem, what="a panel member's certificate")
        if fingerprint(cert) != fp:
            raise SyncImportError(f"the assignment of {school} names certificate {fp[:16]}… but carries another")
        store.add_trust_root(fp, cert_pem(cert), "reviewer", signer_from_cert(cert).name)
    return keep_received(ws, doc_hash, "assignment", school, data, source)


def _sheet(ws: Any, data: bytes, source: str, fetch_blob: Callable[[str], bytes] | None) -> bool:
    import hashlib

    from workbench.panel.collect import collect_bytes
    from workbench.panel.errors import CollectError

    for sha in photos_of(data):
        if ws.blobs.has(sha) or fetch_blob is None:
            continue
        blob = fetch_blob(sha)
        if hashlib.sha256(blob).hexdigest() != sha:
            raise SyncImportError(f"photo {sha[:12]}… does not hash to its name")
        ws.blobs.put_stream([blob], expected_sha256=sha)
    try:
        got = collect_bytes(ws, data, source=source)
    except CollectError as e:
        raise SyncImportError(e.message, hint=e.hint) from None
    return got.status == "added"


def _panel(ws: Any, data: bytes, doc_hash: str, source: str) -> bool:
    from workbench.panel.verify import verify_panel_bytes
    from workbench.signing.verify import VerificationError
    from workbench.store.panel_store import PanelStore

    if has_received(ws, doc_hash):
        return False
    store = PanelStore(ws)
    try:  # a (co-)signature made after a revocation this workspace knows is refused, as in `panel`
        v = verify_panel_bytes(data, store.trust_certificates(), check_trust_roots=True, revoked=store.revoked())
    except VerificationError as e:
        raise SyncImportError(f"a panel result does not verify: {e.message}", hint=e.hint) from None
    from workbench.sync.outbox_hooks import queue_cosigned

    queue_cosigned(ws, v.doc)  # first: a kill before keep_received re-imports, and queueing is idempotent
    return keep_received(ws, doc_hash, "panel", v.doc["school"]["code"], data, source)


def _rubric(ws: Any, data: bytes, doc_hash: str, source: str) -> bool:
    from workbench.rubric.loader import rubric_by_hash

    if rubric_by_hash(doc_hash) is not None:
        return False  # bundled with this workbench
    return keep_received(ws, doc_hash, "rubric", None, data, source)
