"""How the hub names a document or a blob (docs/sync-protocol.md, "Conventions"): hashing,
so the outbox and bundles name things exactly as the hub does, and checking a name that came
from the hub before it goes into a URL or picks a local file. No network here."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from workbench.signing.sheet import sheet_hash
from workbench.sync import protocol as P
from workbench.sync.client.errors import HubRefused


def document_hash(data: bytes, kind: str | None = None) -> str:
    """The "sha256:<hex>" the hub names a document by (docs/sync-protocol.md, "Conventions").

    A sheet is named by its sheet hash (of the signed payload, without the signature:
    workbench.signing.sheet.sheet_hash); a panel result, or any other JSON document, by its
    canonical JSON, i.e. the file bytes without the final newline. `kind` None guesses
    from the bytes.
    """
    if kind in (None, "sheet"):
        sheet = _as_sheet(data)
        if sheet is not None:
            return sheet_hash(sheet)
    return "sha256:" + hashlib.sha256(data[:-1] if data.endswith(b"\n") else data).hexdigest()


def _as_sheet(data: bytes) -> dict[str, Any] | None:
    try:
        doc = json.loads(data)
    except ValueError:
        return None
    fmt = doc.get("format") if isinstance(doc, dict) else None
    return doc if isinstance(fmt, str) and fmt.startswith("workbench-sheet/") else None


def names(data: bytes, doc_hash: str) -> bool:
    """Whether `data` is the document `doc_hash`: a JSON document or a package's exact bytes."""
    return document_hash(data) == doc_hash or "sha256:" + hashlib.sha256(data).hexdigest() == doc_hash


def check_blob_name(sha: str) -> str:
    """`sha` if it is a blob's name (SHA-256, lowercase hex); it goes into a URL and, for an
    upload, names a local file, so anything else (a path, `../`, a newline) is refused."""
    if not isinstance(sha, str) or not P.SHA256_RE.fullmatch(sha):
        raise HubRefused(f"not a blob name (a SHA-256 in hex): {str(sha)[:24]!r}", code="bad_name")
    return sha


def check_document_name(doc_hash: str) -> str:
    """"sha256:<hex>" for a document name given with or without its prefix; else refused."""
    h = doc_hash if isinstance(doc_hash, str) and doc_hash.startswith("sha256:") else f"sha256:{doc_hash}"
    if not P.DOC_HASH_RE.fullmatch(h):
        raise HubRefused(f"not a document name (sha256:<hex>): {str(doc_hash)[:24]!r}", code="bad_name")
    return h


def sha256_file(path: Path) -> str:
    """A file's SHA-256 (hex), read in 1 MiB blocks."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
