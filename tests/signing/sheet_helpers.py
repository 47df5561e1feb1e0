"""Shared builders for signing and printing tests: identities, full and partial sheets.

Identities use few PBKDF2 rounds (kdf_rounds) so tests stay fast; the default is 600,000.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from workbench.evidence import demo_package_path, verify_package
from workbench.rubric import load_rubric
from workbench.signing.identity import Identity, create_identity
from workbench.signing.sheet import ItemRecord, build_sheet, sign_sheet

PASS = "correct horse battery"
RUBRIC = load_rubric("majiang-2015")


def make_identity(d: Path, name: str = "张三", role: str = "member", org: str = "麻江县教育局") -> Identity:
    return create_identity(d, name, org, role, PASS, kdf_rounds=1000)


@lru_cache(maxsize=1)
def demo_package():
    return verify_package(demo_package_path())


def full_scores(shift: int = 0) -> dict[str, Decimal]:
    """A complete, valid set of scores: each item's points minus 0.5 on every fifth item."""
    out = {}
    for n, item in enumerate(RUBRIC.iter_items()):
        v = item.points
        if (n + shift) % 5 == 0:
            v -= Decimal("0.5")
        out[item.id] = v
    return out


def unsigned_sheet(scores: dict[str, Decimal] | None = None, **kw) -> dict:
    pkg = demo_package()
    scores = full_scores() if scores is None else scores
    items = {iid: ItemRecord(v, frozenset({0}), ("documents", "site_visit"), "查阅资料,情况属实。" if iid == "B1.1" else "")
             for iid, v in scores.items()}
    school = dict(pkg.manifest["school"], application_type="qualified")
    return build_sheet(RUBRIC, school=school, manifest_hash=pkg.manifest_hash, package_sha256=pkg.package_sha256,
                       package_version=1, items=items, self_assessment=pkg.manifest.get("self_assessment"), **kw)


def signed_sheet(ident: Identity, scores: dict[str, Decimal] | None = None, *, allow_incomplete: bool = False,
                 **kw) -> dict:
    return sign_sheet(unsigned_sheet(scores, **kw), ident, ident.private_key(PASS), RUBRIC,
                      allow_incomplete=allow_incomplete)
