"""`workbench package template|build|verify|import`: evidence packages from the command line."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from workbench import portable
from workbench.cli.main import add_group, add_workspace_arg
from workbench.decimals import fmt
from workbench.rubric import DEFAULT_RUBRIC_ID, load_rubric


def register(sub: argparse._SubParsersAction) -> None:
    g = add_group(sub, "package", "evidence packages (.wbpkg): template, build, verify, import")
    p = g.add_parser("template", help="write the Excel workbook a school fills in (申报表 + 自评表)",
                     description="Write the application workbook: 申报表 (application form) and "
                     "自评表 (self-assessment, one row per rubric item, with validation).")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="FILE", help="the .xlsx to write")
    p.add_argument("--rubric", default=DEFAULT_RUBRIC_ID, help=f"rubric id (default {DEFAULT_RUBRIC_ID})")
    p.set_defaults(handler=cmd_template)

    p = g.add_parser("build", help="build a package from a folder (workbook + B1/ … B29/)",
                     description="Build a .wbpkg from FOLDER: the filled workbook (the one .xlsx) "
                     "and one sub-folder per indicator (B1/ or B01/); files inside belong to it.")
    p.add_argument("folder", type=Path, metavar="FOLDER")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="FILE", help="the .wbpkg to write")
    p.set_defaults(handler=cmd_build)

    p = g.add_parser("verify", help="check a package completely (structure, sizes, SHA-256)",
                     description="Verify a package without importing it; prints a summary.")
    p.add_argument("file", type=Path, metavar="FILE")
    p.set_defaults(handler=cmd_verify)

    p = g.add_parser("import", help="verify a package and import it into the workspace",
                     description="Verify FILE and import it into the workspace as the school's "
                     "newest package version (importing the same package again changes nothing).")
    p.add_argument("file", type=Path, metavar="FILE")
    add_workspace_arg(p)
    p.set_defaults(handler=cmd_import)


def _progress(verb: str) -> Callable[[int, int, str], None] | None:
    """A one-line progress display on stderr, only when stderr is a terminal."""
    if not sys.stderr.isatty():
        return None
    last = [0.0]
    # Windows' classic console shows ESC[K as text unless VT processing is switched on: blank it out
    clear = "\r" + " " * 79 + "\r" if portable.IS_WINDOWS else "\r\x1b[K"

    def show(done: int, total: int, label: str) -> None:
        now = time.monotonic()
        if now - last[0] < 0.1 and done < total:
            return
        last[0] = now
        pct = 100 * done // total if total else 100
        sys.stderr.write(f"{clear}{verb} {pct:3d}%  {label[-60:]}")
        if done >= total:
            sys.stderr.write(clear)
        sys.stderr.flush()

    return show


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


def cmd_template(args: argparse.Namespace) -> int:
    from workbench.evidence.template import write_template

    rubric = load_rubric(args.rubric)
    out = write_template(args.output, rubric)
    print(f"wrote {out} ({len(rubric.items)} self-assessment items, rubric {rubric.id})")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from workbench.evidence.builder import build_package

    m = build_package(args.folder, args.output, progress=_progress("packing"))
    inds = sorted({i for f in m["files"] for i in f["indicators"]}, key=lambda s: int(s[1:]))
    print(f"wrote {args.output}: {m['school']['name']} ({m['school']['code']}), "
          f"{len(m['files'])} files for {len(inds)} indicators, "
          f"{len(m.get('self_assessment', {}))} self-assessed items")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from decimal import Decimal

    from workbench.evidence.verify import verify_package

    v = verify_package(args.file, progress=_progress("verifying"))
    m = v.manifest
    s = m["school"]
    inds = sorted({i for f in v.files for i in f.indicators}, key=lambda x: int(x[1:]))
    sa = m.get("self_assessment", {})
    total = sum((Decimal(x) for x in sa.values()), Decimal(0))
    rows = [
        ("package", f"{args.file} — OK"),
        ("school", f"{s['name']} ({s['code']})" + (f", {s['stage']}" if "stage" in s else "")),
        ("rubric", m["rubric"]),
        ("application", m.get("application", {}).get("type", "—")),
        ("files", f"{len(v.files)} ({_size(v.total_size)}) for {len(inds)} indicators: "
                  + " ".join(inds)),
        ("self-assessment", f"{len(sa)} items, total {fmt(total)}"),
        ("manifest hash", v.manifest_hash),
        ("package sha256", v.package_sha256),
    ]
    for k, val in rows:
        print(f"{k:<16}{val}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from workbench.evidence.importer import import_package
    from workbench.store import Workspace

    with Workspace.open(getattr(args, "workspace", None)) as ws:
        r = import_package(ws, args.file, progress=_progress("importing"))
        if r.created:
            print(f"imported {r.school_name} ({r.school_code}) as package version {r.version}: "
                  f"{r.files} files, {_size(r.bytes)}, {r.new_blobs} new in {ws.root}")
        else:
            print(f"{r.school_name} ({r.school_code}): this package is already imported "
                  f"(version {r.version}); nothing changed")
    return 0
