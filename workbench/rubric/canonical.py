"""Canonical JSON: the exact bytes that are hashed and signed.

sort_keys, no whitespace, UTF-8 without escaping, no NaN; decimals must already be
strings. The same function serves rubric hashes, manifest hashes and signed sheets.

Data that has no canonical form (a lone surrogate that UTF-8 cannot encode, NaN, an
integer too long for Python to print) raises CanonicalError, a one-line WorkbenchError
naming the field; it is also a ValueError, so callers that caught json's errors still do.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from workbench.errors import WorkbenchError


class CanonicalError(WorkbenchError, ValueError):
    """Data that cannot be written as canonical JSON."""


def canonical_bytes(obj: Any) -> bytes:
    try:
        return json.dumps(
            obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
        ).encode("utf-8")
    except UnicodeEncodeError:
        raise CanonicalError(f"{_first_bad_text(obj)}: the text holds an invalid character (a lone "
                             "UTF-16 surrogate) and cannot be hashed or signed") from None
    except (ValueError, TypeError, RecursionError) as e:
        # NaN/Infinity, an int over 4,300 digits, a non-JSON type, or absurd nesting
        raise CanonicalError(f"data cannot be written as canonical JSON ({str(e)[:120]})") from None


def _first_bad_text(obj: Any) -> str:
    """Where the first string that UTF-8 cannot encode is, e.g. "school.name"."""
    from workbench.inputs import field_path

    stack: list[tuple[tuple[Any, ...], Any]] = [((), obj)]
    while stack:
        path, v = stack.pop()
        if isinstance(v, str):
            if not _encodes(v):
                return field_path(path)
        elif isinstance(v, dict):
            for k in v:
                if isinstance(k, str) and not _encodes(k):
                    return field_path(path) + " (a key)"
                stack.append((path + (k,), v[k]))
        elif isinstance(v, (list, tuple)):
            stack.extend((path + (i,), x) for i, x in enumerate(v))
    return "(somewhere)"


def _encodes(s: str) -> bool:
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def canonical_hash(obj: Any) -> str:
    """"sha256:<hex>" of the canonical JSON of obj."""
    return "sha256:" + sha256_hex(canonical_bytes(obj))
