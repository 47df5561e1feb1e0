"""Schema validation that costs little on the success path and explains itself on failure.

`jsonschema` walks a 51-item score sheet in ~28 ms (90% of verifying a sheet). The compiled
`jsonschema_rs` validator answers "valid?" for the same schema in tens of microseconds.
Only when it says no does `jsonschema` run, so error messages and paths stay exactly the
ones users and tests already know, and `jsonschema` keeps the last word: a document is
refused only if it finds an error. `jsonschema_rs` is never more lenient on our schemas
(ECMA `$` does not match before a trailing newline, Python's does); a differential test in
tests/bench/test_schemacheck.py holds it to that.
"""

from __future__ import annotations

import json
from functools import cached_property
from typing import Any

import jsonschema

from workbench.resources import resource

try:  # compiled (Rust); without it every check takes the slow path and stays correct
    import jsonschema_rs
except ImportError:  # pragma: no cover - a dependency; kept optional so a missing wheel only costs speed
    jsonschema_rs = None


class SchemaCheck:
    """One schema file from resources/schemas, compiled once."""

    def __init__(self, schema_file: str) -> None:
        self.schema = json.loads(resource("schemas", schema_file).read_text(encoding="utf-8"))
        cls = jsonschema.validators.validator_for(self.schema)
        cls.check_schema(self.schema)
        self._cls = cls
        # formats are annotations in jsonschema's default validator; the compiled one must agree
        self._fast = (jsonschema_rs.validator_for(self.schema, validate_formats=False)
                      if jsonschema_rs is not None else None)

    @cached_property
    def slow(self) -> jsonschema.protocols.Validator:
        return self._cls(self.schema)

    def _fast_valid(self, doc: Any) -> bool:
        if self._fast is None:
            return False
        try:
            return bool(self._fast.is_valid(doc))
        except (ValueError, TypeError, RecursionError, OverflowError):  # anything it cannot convert
            return False

    def errors(self, doc: Any) -> list[jsonschema.ValidationError]:
        """Every schema error in doc (empty when valid); may raise RecursionError on deep nesting."""
        if self._fast_valid(doc):
            return []
        return list(self.slow.iter_errors(doc))

    def first_error(self, doc: Any) -> jsonschema.ValidationError | None:
        """The error at the smallest path (stable across runs), or None when doc is valid."""
        errors = self.errors(doc)
        return min(errors, key=lambda e: list(e.absolute_path)) if errors else None
