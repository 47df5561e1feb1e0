"""manifest.json: parse untrusted bytes, validate against the schema and the rubric.

`parse_manifest(data)` returns the manifest as plain JSON data or raises PackageError;
it never raises anything else, whatever the bytes (a Hypothesis test holds it to that).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Any

import jsonschema

from workbench.errors import PackageError, RubricError, ScoreError
from workbench.evidence.limits import Limits
from workbench.evidence.paths import MANIFEST_NAME, collision_key, path_problem
from workbench.inputs import loads_json
from workbench.rubric import Rubric, load_rubric
from workbench.rubric.canonical import canonical_hash
from workbench.schemacheck import SchemaCheck
from workbench.scoring import validate_score

FORMAT = "workbench-evidence/1"
SCHEMA_FILE = "evidence-package.schema.json"


@lru_cache(maxsize=1)
def _validator() -> SchemaCheck:
    return SchemaCheck(SCHEMA_FILE)


def _loads(data: bytes, limits: Limits) -> Any:
    if len(data) > limits.max_manifest_bytes:
        raise PackageError(f"{MANIFEST_NAME}: larger than {limits.max_manifest_bytes} bytes")
    # strict: no duplicate keys, no fractions, no lone surrogates, no integer of 16+ digits
    return loads_json(data, what=MANIFEST_NAME, error=PackageError, refuse_duplicates=True,
                      refuse_floats=True)


def _where(path: Any) -> str:
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out or "(top level)"


def _schema_check(doc: Any) -> None:
    if isinstance(doc, dict) and "format" in doc and doc["format"] != FORMAT:
        shown = repr(doc["format"])[:80]
        raise PackageError(f"{MANIFEST_NAME}: unknown format {shown}; this workbench reads "
                           f"{FORMAT!r}", hint="update the workbench or rebuild the package")
    try:
        errors = _validator().errors(doc)
    except RecursionError:
        raise PackageError(f"{MANIFEST_NAME}: nested too deeply") from None
    if not errors:
        return
    e = jsonschema.exceptions.best_match(errors)
    msg = e.message if len(e.message) < 300 else e.message[:300] + "…"
    raise PackageError(f"{MANIFEST_NAME}: {_where(e.absolute_path)}: {msg}")


def _check_date(value: str, where: str) -> None:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise PackageError(f"{MANIFEST_NAME}: {where}: {value!r} is not a calendar date "
                           "(YYYY-MM-DD)") from None


_SCHOOL_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


def _rubric_check(doc: dict, limits: Limits) -> Rubric:
    # JSON Schema's "pattern" is a search in which '$' also matches before a final newline
    if not _SCHOOL_CODE.fullmatch(doc["school"]["code"]):
        raise PackageError(f"{MANIFEST_NAME}: school.code: {doc['school']['code']!r} is not a school code "
                           "(letters, digits, '.', '_', '-'; at most 64)")
    try:
        rubric = load_rubric(doc["rubric"])
    except RubricError:
        raise PackageError(f"{MANIFEST_NAME}: unknown rubric {doc['rubric']!r}",
                           hint="the package was made for a rubric this workbench does not have") from None
    for item_id, value in doc.get("self_assessment", {}).items():
        try:
            validate_score(rubric, item_id, value)
        except ScoreError as e:
            raise PackageError(f"{MANIFEST_NAME}: self_assessment: {e}") from None
    app = doc.get("application", {})
    if "submitted" in app:
        _check_date(app["submitted"], "application.submitted")
    if len(doc["files"]) > limits.max_entries:
        raise PackageError(f"{MANIFEST_NAME}: lists {len(doc['files'])} files, more than the limit "
                           f"of {limits.max_entries}")
    seen: dict[str, str] = {}
    for n, f in enumerate(doc["files"]):
        where = f"files[{n}]"
        path = f["path"]
        problem = path_problem(path, limits)
        if problem:
            raise PackageError(f"{MANIFEST_NAME}: {where}: path {path!r}: {problem}")
        if path == MANIFEST_NAME:
            raise PackageError(f"{MANIFEST_NAME}: {where}: the manifest cannot list itself")
        key = collision_key(path)
        if key in seen:
            same = "twice" if seen[key] == path else f"twice (as {seen[key]!r} and {path!r})"
            raise PackageError(f"{MANIFEST_NAME}: {where}: path {path!r} is listed {same}")
        seen[key] = path
        for ind in f["indicators"]:
            if not rubric.has_indicator(ind):
                raise PackageError(f"{MANIFEST_NAME}: {where} ({path}): unknown indicator {ind!r} "
                                   f"in rubric {rubric.id}")
        if "date" in f:
            _check_date(f["date"], f"{where}.date")
    return rubric


def validate_manifest(doc: Any, limits: Limits = Limits()) -> Rubric:
    """Check already-parsed manifest data; returns its rubric. Raises PackageError only."""
    _schema_check(doc)
    return _rubric_check(doc, limits)


def parse_manifest(data: bytes, limits: Limits = Limits()) -> dict:
    """The manifest from the bytes of manifest.json, fully validated."""
    doc = _loads(data, limits)
    validate_manifest(doc, limits)
    return doc


def manifest_hash(doc: dict) -> str:
    """"sha256:<hex>" of the manifest's canonical JSON: a package's identity."""
    return canonical_hash(doc)
