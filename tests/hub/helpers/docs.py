"""Real documents for the hub tests: signed score sheets (with photos) and a panel result,
built with the same core functions the workbench uses (no hand-made JSON)."""

from __future__ import annotations

import os
from decimal import Decimal
from functools import lru_cache
from typing import Any

from helpers.identities import Person
from workbench.evidence import demo_package_path, verify_package
from workbench.rubric import load_rubric
from workbench.signing.sheet import (
    ItemRecord,
    build_sheet,
    next_revision,
    sheet_file_bytes,
    sign_sheet,
)
from workbench.signing.verify import verify_sheet_bytes

RUBRIC = load_rubric("majiang-2015")


@lru_cache(maxsize=1)
def demo_package():
    return verify_package(demo_package_path())


def school_code() -> str:
    return demo_package().manifest["school"]["code"]


def full_scores(shift: int = 0) -> dict[str, Decimal]:
    """Every item scored: its points, minus 0.5 on every fifth item (shifted per reviewer)."""
    out = {}
    for n, item in enumerate(RUBRIC.iter_items()):
        out[item.id] = item.points - (Decimal("0.5") if (n + shift) % 5 == 0 else 0)
    return out


def photo_bytes(size: int, seed: int = 0) -> bytes:
    """Incompressible bytes standing in for a photo (the hub stores blobs, not pictures)."""
    return os.urandom(size) if seed == 0 else (seed.to_bytes(8, "big") * (size // 8 + 1))[:size]


def sheet_doc(person: Person, *, shift: int = 0, photos: list[str] = (), previous: dict | None = None,
              note: str = "") -> dict[str, Any]:
    pkg = demo_package()
    items = {iid: ItemRecord(v, frozenset({0}), ("documents",), note if iid == "B1.1" else "")
             for iid, v in full_scores(shift).items()}
    school = dict(pkg.manifest["school"], application_type="qualified")
    kw = next_revision(previous) if previous is not None else {}
    unsigned = build_sheet(RUBRIC, school=school, manifest_hash=pkg.manifest_hash, package_sha256=pkg.package_sha256,
                           package_version=1, items=items, self_assessment=pkg.manifest.get("self_assessment"),
                           photos=[{"sha256": h, "indicator": "B3", "taken_at": None} for h in photos], **kw)
    return sign_sheet(unsigned, person.identity, person.key, RUBRIC)


def sheet_bytes(person: Person, **kw) -> bytes:
    return sheet_file_bytes(sheet_doc(person, **kw))


def panel_bytes(chair: Person, members: list[Person], member_sheets: list[bytes]) -> bytes:
    """The chair merges the members' sheets, signs, and every member co-signs: a final result."""
    from workbench.panel.document import (
        build_panel_result,
        cosign_panel,
        panel_file_bytes,
        sign_panel,
    )

    verified = [verify_sheet_bytes(b, None, check_trust_roots=False) for b in member_sheets]
    doc = build_panel_result(RUBRIC, verified, chair=chair.identity.cert, opinion="同意。")
    doc = sign_panel(doc, chair.identity, chair.key)
    for m in members:
        doc = cosign_panel(doc, m.identity, m.key)
    return panel_file_bytes(doc)
