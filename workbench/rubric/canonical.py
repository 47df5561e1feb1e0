"""Canonical JSON: the exact bytes that are hashed and signed.

sort_keys, no whitespace, UTF-8 without escaping, no NaN; decimals must already be
strings. The same function serves rubric hashes, manifest hashes and signed sheets.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any


def canonical_bytes(obj: Any) -> bytes:
    return json.dumps(
        obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def canonical_hash(obj: Any) -> str:
    """"sha256:<hex>" of the canonical JSON of obj."""
    return "sha256:" + sha256_hex(canonical_bytes(obj))
