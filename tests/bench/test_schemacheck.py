"""SchemaCheck: the compiled fast path never accepts what jsonschema refuses, and errors stay jsonschema's.

Differential: valid documents of each schema (a signed sheet, the demo package's manifest, a
signed panel result) are mutated at random places (new values of every JSON type, strings with
a trailing newline or a non-ASCII digit, deleted and added keys); SchemaCheck's verdict and
first error must be exactly those of plain jsonschema over the same document.
"""

from __future__ import annotations

import copy
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "panel"))

from panel_helpers import demo_package, make_panel, signed_panel  # noqa: E402

from workbench.schemacheck import SchemaCheck  # noqa: E402


@lru_cache(maxsize=1)
def _docs() -> dict[str, dict]:
    import tempfile
    tmp = tempfile.mkdtemp(prefix="schemacheck-")
    panel = make_panel(Path(tmp), [{}, {"B1.1": "0.5"}])
    return {"score-sheet.schema.json": panel.sheets[1],
            "panel-result.schema.json": signed_panel(panel),
            "evidence-package.schema.json": demo_package().manifest}


def _paths(doc: Any, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    if isinstance(doc, dict):
        for k, v in doc.items():
            out += _paths(v, prefix + (k,))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            out += _paths(v, prefix + (i,))
    return out


_scalars = (st.none() | st.booleans() | st.integers(min_value=-(10**25), max_value=10**25)
            | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=8)
            | st.sampled_from(["1.5", "0", "-0.5", "1.50", "B1.1", "a" * 64, "sha256:" + "0" * 64,
                               "2026-01-01T00:00:00Z", "member", "", "١", 1.0, 0.5, 10**20]))
_values = st.recursive(_scalars, lambda c: st.lists(c, max_size=3)
                       | st.dictionaries(st.text(max_size=6), c, max_size=3), max_leaves=6)


def _mutate(doc: dict, data: st.DataObject) -> dict:
    doc = copy.deepcopy(doc)
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(_paths(doc)))
        parent, key = (None, None) if not path else (doc, path[-1])
        for p in path[:-1]:
            parent = parent[p]
        target = doc if parent is None else parent[key]
        op = data.draw(st.sampled_from(["replace", "delete", "add", "tweak"]))
        if op == "replace" and parent is not None:
            parent[key] = data.draw(_values)
        elif op == "delete" and parent is not None:
            del parent[key]
        elif op == "add" and isinstance(target, dict):
            target[data.draw(st.text(max_size=6) | st.sampled_from(list(target) + ["B1.1", "x"]))] = \
                data.draw(_values)
        elif op == "add" and isinstance(target, list):
            target.append(copy.deepcopy(target[0]) if target and data.draw(st.booleans()) else data.draw(_values))
        elif op == "tweak" and parent is not None and isinstance(target, str):
            parent[key] = target + data.draw(st.sampled_from(["\n", "١", " ", "0", "\u0000"]))
    return doc


def _plain(schema_file: str, doc: Any) -> list[jsonschema.ValidationError]:
    check = SchemaCheck(schema_file)
    return list(check.slow.iter_errors(doc))


SCHEMAS = ["score-sheet.schema.json", "panel-result.schema.json", "evidence-package.schema.json"]


@pytest.mark.parametrize("schema_file", SCHEMAS)
def test_valid_documents_take_the_fast_path(schema_file: str) -> None:
    check = SchemaCheck(schema_file)
    assert check.first_error(_docs()[schema_file]) is None
    assert "slow" not in check.__dict__  # jsonschema's validator was never even built


@pytest.mark.parametrize("schema_file", SCHEMAS)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_same_verdict_and_first_error_as_jsonschema(schema_file: str, data: st.DataObject) -> None:
    check = _check(schema_file)
    doc = _mutate(_docs()[schema_file], data)
    plain = list(check.slow.iter_errors(doc))
    ours = check.errors(doc)
    assert [(list(e.absolute_path), e.message) for e in ours] == [(list(e.absolute_path), e.message) for e in plain]
    first = check.first_error(doc)
    if plain:
        expected = sorted(plain, key=lambda e: list(e.absolute_path))[0]
        assert first is not None and (first.message, list(first.absolute_path)) == \
            (expected.message, list(expected.absolute_path))
    else:
        assert first is None


@lru_cache(maxsize=4)
def _check(schema_file: str) -> SchemaCheck:
    return SchemaCheck(schema_file)


def test_trailing_newline_is_judged_by_jsonschema() -> None:
    """The compiled regex refuses "hex\\n" where Python's `$` accepts it: jsonschema decides, as before."""
    check = SchemaCheck("score-sheet.schema.json")
    doc = copy.deepcopy(_docs()["score-sheet.schema.json"])
    doc["package"]["manifest_hash"] = doc["package"]["manifest_hash"] + "\n"
    assert check.errors(doc) == [] == _plain("score-sheet.schema.json", doc)
    doc["package"]["manifest_hash"] = "nope"
    e = check.first_error(doc)
    assert e is not None and list(e.absolute_path) == ["package", "manifest_hash"]
