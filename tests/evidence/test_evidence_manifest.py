"""The manifest parser: valid manifests pass; any other bytes raise PackageError, nothing else."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.errors import PackageError
from workbench.evidence import manifest_hash, parse_manifest
from workbench.evidence.paths import path_problem


def test_evidence_manifest_valid_roundtrip(kit) -> None:
    m = kit.base_manifest([kit.file_entry("B1/a.pdf", b"a", ("B1", "B2"), title="会议记录", date="2025-03-04")])
    data = json.dumps(m, ensure_ascii=False, indent=2).encode()
    assert parse_manifest(data) == m
    assert parse_manifest(b"\xef\xbb\xbf" + data) == m  # a BOM is tolerated
    # The hash is of the canonical JSON: formatting does not change it.
    assert manifest_hash(parse_manifest(data)) == manifest_hash(json.loads(json.dumps(m)))


@pytest.mark.parametrize(("change", "message"), [
    ({"school": {"code": "X", "name": "n", "stage": "university"}}, "school.stage: 'university' is not one of"),
    ({"school": {"code": "a b", "name": "n"}}, "school.code: 'a b' does not match"),
    ({"school": {"code": "X", "name": "n", "students": -1}}, "school.students: -1 is less than the minimum"),
    ({"application": {"type": "gold"}}, "application.type: 'gold' is not one of"),
    ({"application": {"type": "qualified", "submitted": "2026-02-30"}}, "'2026-02-30' is not a calendar date"),
    ({"self_assessment": {"B1.1": 1.5}}, "write decimals as strings"),
    ({"self_assessment": {"B1.1": "9"}}, "B1.1: score 9 is over the item's 1 points"),
    ({"extra": 1}, "Additional properties are not allowed ('extra' was unexpected)"),
])
def test_evidence_manifest_field_rules(kit, change: dict, message: str) -> None:
    m = kit.base_manifest([], **change)
    with pytest.raises(PackageError) as e:
        parse_manifest(json.dumps(m).encode())
    assert message in str(e.value)


def test_evidence_manifest_duplicate_keys_and_nan(kit) -> None:
    with pytest.raises(PackageError, match="appears twice"):
        parse_manifest(b'{"format": "workbench-evidence/1", "format": "x"}')
    with pytest.raises(PackageError, match="NaN is not JSON"):
        parse_manifest(b'{"format": NaN}')


def test_evidence_manifest_file_date_and_self_listing(kit) -> None:
    bad_date = kit.base_manifest([kit.file_entry("B1/a", b"a", date="2025-13-01")])
    with pytest.raises(PackageError, match=r"files\[0\].date: '2025-13-01' is not a calendar date"):
        parse_manifest(json.dumps(bad_date).encode())
    itself = kit.base_manifest([kit.file_entry("manifest.json", b"a")])
    with pytest.raises(PackageError, match="cannot list itself"):
        parse_manifest(json.dumps(itself).encode())


@pytest.mark.parametrize("path", ["", "/a", "a/../b", "./a", "a\\b", "C:x", "a//b", "a/", "a\x00b",
                                  "a:b", "x" * 300])
def test_evidence_unsafe_paths(path: str) -> None:
    assert path_problem(path) is not None


@pytest.mark.parametrize("path", ["B1/会议记录.pdf", "B01/sub/2025-03-04 a b.jpg", "a..b/c.txt", ".hidden"])
def test_evidence_safe_paths(path: str) -> None:
    assert path_problem(path) is None


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5),
    max_leaves=30,
)


def _mostly(valid: st.SearchStrategy, wrong: st.SearchStrategy) -> st.SearchStrategy:
    """Mostly `valid`, sometimes `wrong`: so that many examples reach the deeper checks."""
    return st.one_of(valid, valid, valid, valid, wrong)


_small = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=5),
                      lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=5), c, max_size=3),
                      max_leaves=5)


def _manifestish() -> st.SearchStrategy:
    """Near-valid manifests: the interesting inputs are the ones that pass most checks."""
    entry = st.fixed_dictionaries({
        "path": _mostly(st.sampled_from(["B1/a.pdf", "B2/b.jpg", "B3/子/c.txt"]),
                        st.sampled_from(["../x", "B1//y", "manifest.json", "", "C:/a", "a\\b"]) | st.text(max_size=8)),
        "sha256": _mostly(st.just("0" * 64), st.sampled_from(["zz", "0" * 63]) | _small),
        "size": _mostly(st.integers(0, 10**6), st.integers(-5, -1) | st.integers(10**19, 10**25) | _small),
        "indicators": _mostly(st.lists(st.sampled_from(["B1", "B29"]), min_size=1, max_size=2, unique=True),
                              st.lists(st.sampled_from(["B30", "X", "B1"]) | _small, max_size=3)),
    }, optional={"title": _mostly(st.text(max_size=10), _small),
                 "date": _mostly(st.just("2025-01-01"), st.sampled_from(["2025-02-30", "2025-1-1"]) | _small)})
    return st.fixed_dictionaries({
        "format": _mostly(st.just("workbench-evidence/1"), st.just("workbench-evidence/2") | _small),
        "rubric": _mostly(st.just("majiang-2015"), st.just("x") | _small),
        "school": _mostly(st.fixed_dictionaries({"code": st.just("A1"), "name": st.text(min_size=1, max_size=5)},
                                                optional={"students": _mostly(st.integers(0, 999), _small),
                                                          "stage": _mostly(st.just("primary"), _small)}),
                          _small),
        "files": _mostly(st.lists(entry, max_size=4), _small),
    }, optional={
        "self_assessment": _mostly(
            st.dictionaries(st.sampled_from(["B1.1", "B2.1", "B9.9", "B1"]),
                            st.sampled_from(["1", "0.5", "0", "2.3", "-1", "1e3", "01"]) | _small, max_size=3),
            _small),
        "application": _mostly(st.fixed_dictionaries({"type": st.sampled_from(["qualified", "demonstration", "x"])},
                                                     optional={"submitted": st.sampled_from(["2026-01-01", "x"])}),
                               _small),
    })


def _only_package_errors(data: bytes) -> None:
    try:
        result = parse_manifest(data)
    except PackageError:
        return
    assert isinstance(result, dict)


@settings(max_examples=300, deadline=None)
@given(_json)
def test_evidence_manifest_any_json_parses_or_raises_package_error(doc) -> None:
    try:
        data = json.dumps(doc).encode()
    except ValueError:
        return
    _only_package_errors(data)


@settings(max_examples=300, deadline=None)
@given(_manifestish())
def test_evidence_manifest_near_valid_json_parses_or_raises_package_error(doc) -> None:
    _only_package_errors(json.dumps(doc).encode())


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_evidence_manifest_any_bytes_parse_or_raise_package_error(data: bytes) -> None:
    _only_package_errors(data)
