#!/usr/bin/env python3
"""Benchmark: verifying one signed score sheet against the plain work any verifier does.

Setup (not timed): one reviewer identity and --sheets signed, complete sheets of the demo
school (varied scores), as the file bytes a hub or a chair receives.

  - ours: `verify_sheet_bytes(data, [cert])` (canonical-form check, low-S ES256 signature,
    reviewer = certificate, schema, trust, rubric, recomputed totals);
  - floor: the same bytes parsed (`json.loads`), re-encoded canonically (`canonical_bytes`)
    and compared, plus one ECDSA P-256 verify over the same bytes: what any check of a
    canonical signed JSON must do, with no schema and no rubric.

Best of --repeat, interleaved; prints µs per sheet and the ratio. Then the schema checks
alone, before/after in the same run: plain `jsonschema` (what every check did before, sorted
`iter_errors`) against `workbench.schemacheck.SchemaCheck` (compiled check first), for the
sheet and for an evidence-package manifest listing --manifest-files files.

    .venv/bin/python bench/bench_verify_sheet.py                # 300 sheets × 5
    .venv/bin/python bench/bench_verify_sheet.py --sheets 50    # quick
    .venv/bin/python bench/bench_verify_sheet.py --profile      # cProfile of ours, top 15
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "panel"))

from cryptography.hazmat.primitives import hashes  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec  # noqa: E402
from panel_helpers import PASS, RUBRIC, make_identity, unsigned  # noqa: E402

from workbench.evidence import demo_package_path, verify_package  # noqa: E402
from workbench.rubric.canonical import canonical_bytes  # noqa: E402
from workbench.schemacheck import SchemaCheck  # noqa: E402
from workbench.signing.sheet import sheet_file_bytes, sign_sheet  # noqa: E402
from workbench.signing.verify import verify_sheet_bytes  # noqa: E402


def make_sheets(root: Path, n: int, seed: int = 13) -> tuple[list[bytes], object, object]:
    rnd = random.Random(seed)
    ident = make_identity(root / "m", "王建国")
    key = ident.private_key(PASS)
    out = []
    for _ in range(n):
        scores = {i.id: max(Decimal(0), i.points - Decimal(rnd.choice([0, 0, 1, 2])) / 2)
                  for i in RUBRIC.iter_items()}
        out.append(sheet_file_bytes(sign_sheet(unsigned(scores), ident, key, RUBRIC)))
    return out, ident.cert, key


def ours(sheets: list[bytes], roots: list) -> float:
    t = time.perf_counter()
    for data in sheets:
        verify_sheet_bytes(data, roots)
    return time.perf_counter() - t


def floor(sheets: list[bytes], sigs: list[bytes], pub: ec.EllipticCurvePublicKey) -> float:
    alg = ec.ECDSA(hashes.SHA256())
    t = time.perf_counter()
    for data, sig in zip(sheets, sigs, strict=True):
        doc = json.loads(data.decode("utf-8"))
        if canonical_bytes(doc) + b"\n" != data:
            raise AssertionError("not canonical")
        pub.verify(sig, data, alg)
    return time.perf_counter() - t


def big_manifest(n: int) -> dict:
    """The demo package's manifest with its file entries repeated to n files (unique paths, hashes)."""
    m = dict(verify_package(demo_package_path()).manifest)
    base = m["files"]
    m["files"] = [dict(base[k % len(base)], path=f"{base[k % len(base)]['indicators'][0]}/f{k:05d}.pdf",
                       sha256=f"{k:064x}") for k in range(n)]
    return m


def schema_only(check: SchemaCheck, doc: dict, repeat: int) -> tuple[float, float]:
    """(seconds for plain jsonschema, sorted errors; seconds for SchemaCheck.first_error), best of repeat."""
    plain, fast = [], []
    for _ in range(repeat):
        t = time.perf_counter()
        if sorted(check.slow.iter_errors(doc), key=lambda e: list(e.absolute_path)):
            raise AssertionError("invalid")
        plain.append(time.perf_counter() - t)
        t = time.perf_counter()
        if check.first_error(doc) is not None:
            raise AssertionError("invalid")
        fast.append(time.perf_counter() - t)
    return min(plain), min(fast)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sheets", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--manifest-files", type=int, default=5000)
    ap.add_argument("--profile", action="store_true", help="print a cProfile of ours instead")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-verify-sheet-") as tmp:
        sheets, cert, key = make_sheets(Path(tmp), args.sheets)
        sigs = [key.sign(d, ec.ECDSA(hashes.SHA256())) for d in sheets]  # floor's own signatures
        pub = cert.public_key()
        ours(sheets[:3], [cert])  # warm-up: schema compile, rubric caches
        if args.profile:
            import cProfile
            import pstats
            prof = cProfile.Profile()
            prof.enable()
            ours(sheets, [cert])
            prof.disable()
            pstats.Stats(prof).sort_stats("cumulative").print_stats(15)
            return 0
        fs, os_ = [], []
        for _ in range(args.repeat):
            gc.collect()
            fs.append(floor(sheets, sigs, pub))
            gc.collect()
            os_.append(ours(sheets, [cert]))
    n = args.sheets
    f, o = min(fs) / n * 1e6, min(os_) / n * 1e6
    print(f"sheet: {len(sheets[0])} bytes, {len(list(RUBRIC.iter_items()))} items")
    print(f"floor: parse + canonical re-encode + 1 ECDSA verify  {f:8.0f} µs a sheet")
    print(f"ours:  verify_sheet_bytes                             {o:8.0f} µs a sheet "
          f"({1e6 / o:.0f} sheets/s on one core)")
    print(f"ratio ours / floor: {o / f:.2f}")
    sheet = json.loads(sheets[0])
    for label, check, doc in (
            ("score sheet", SchemaCheck("score-sheet.schema.json"), sheet),
            (f"manifest, {args.manifest_files} files", SchemaCheck("evidence-package.schema.json"),
             big_manifest(args.manifest_files))):
        slow, fast = schema_only(check, doc, args.repeat)
        print(f"schema check, {label}: jsonschema {slow * 1e6:10.0f} µs | SchemaCheck {fast * 1e6:8.0f} µs "
              f"| {slow / fast:.0f}× faster")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
