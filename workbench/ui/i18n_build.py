"""Compile the translation sources (resources/translations/*.ts) into Qt's binary .qm files.

The .qm files are build output (gitignored): `scripts/setup.sh` runs
`python -m workbench.ui.i18n_build` once, and the window rebuilds stale ones on start in a
source checkout (see workbench.ui.i18n), so a fresh clone never shows untranslated text.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from workbench.errors import WorkbenchError
from workbench.resources import resource


def translations_dir() -> Path:
    return resource("translations")


def find_lrelease() -> Path | None:
    """pyside6-lrelease beside this Python (the venv's bin/), else PySide6's own lrelease, else PATH."""
    exe_dir = Path(sys.executable).parent
    for name in ("pyside6-lrelease", "pyside6-lrelease.exe"):
        if (exe_dir / name).is_file():
            return exe_dir / name
    try:
        import PySide6

        pkg = Path(PySide6.__file__).parent
        for name in ("lrelease", "lrelease.exe", "Qt/libexec/lrelease", "Qt/bin/lrelease"):
            if (pkg / name).is_file():
                return pkg / name
    except ImportError:  # pragma: no cover - PySide6 is a dependency
        pass
    import shutil

    found = shutil.which("pyside6-lrelease") or shutil.which("lrelease")
    return Path(found) if found else None


def stale(ts: Path) -> bool:
    """True when the .qm next to `ts` is missing or older than the source."""
    qm = ts.with_suffix(".qm")
    return not qm.is_file() or qm.stat().st_mtime < ts.stat().st_mtime


def build(folder: Path | None = None, *, only_stale: bool = False) -> list[Path]:
    """Compile every .ts in `folder` into a .qm beside it; returns the .qm files written."""
    folder = folder or translations_dir()
    sources = sorted(folder.glob("*.ts"))
    if only_stale:
        sources = [s for s in sources if stale(s)]
    if not sources:
        return []
    lrelease = find_lrelease()
    if lrelease is None:
        raise WorkbenchError("cannot compile the translations: pyside6-lrelease was not found",
                             hint="install PySide6 into this Python (pip install PySide6)")
    import subprocess  # only here: the window imports this module at start-up

    written = []
    for ts in sources:
        qm = ts.with_suffix(".qm")
        tmp = qm.with_suffix(".qm.tmp")
        proc = subprocess.run([str(lrelease), "-silent", str(ts), "-qm", str(tmp)],
                              capture_output=True, text=True, check=False)
        if proc.returncode != 0 or not tmp.is_file():
            tmp.unlink(missing_ok=True)
            raise WorkbenchError(f"{ts.name}: lrelease failed: {proc.stderr.strip() or proc.stdout.strip()}",
                                 hint="open the .ts file in pyside6-linguist and fix the XML")
        os.replace(tmp, qm)  # atomic: a running window never reads half a file
        written.append(qm)
    return written


def main(argv: list[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(prog="python -m workbench.ui.i18n_build", description=__doc__)
    ap.add_argument("--dir", type=Path, default=None, help="folder with .ts files")
    ap.add_argument("--stale", action="store_true", help="only rebuild missing or outdated .qm files")
    ns = ap.parse_args(argv)
    try:
        for qm in build(ns.dir, only_stale=ns.stale):
            print(qm)
    except WorkbenchError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
