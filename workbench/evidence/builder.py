"""Build a package from a school's folder: one filled workbook + one sub-folder per indicator.

    FOLDER/申报表.xlsx          the filled template (exactly one .xlsx at the top)
    FOLDER/B1/…  or  B01/…     files for indicator B1 (sub-folders allowed)
    FOLDER/B3 硬件设施/…        a name may go on after the indicator id

A file name starting with a date (2024-03-15 会议记录.pdf, 20240315_…) gives the file's
date and, without it, its title; otherwise a JPEG's EXIF capture date is used.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

from PIL import ExifTags, Image

from workbench.errors import PackageError
from workbench.evidence.paths import path_problem
from workbench.evidence.workbook import read_workbook
from workbench.evidence.writer import SourceFile, write_package
from workbench.rubric import load_rubric

_INDICATOR_DIR = re.compile(r"^[Bb]0*([1-9][0-9]{0,2})(?:[\s_\-.、:：].*)?$")
_DATE_PREFIX = re.compile(r"^(\d{4})[-_.]?(\d{2})[-_.]?(\d{2})(?:[\s_\-.]+(.*))?$")
_IGNORED = {"thumbs.db", "desktop.ini"}


def _ignored(p: Path) -> bool:
    return p.name.startswith((".", "~$")) or p.name.lower() in _IGNORED


def _date_and_title(p: Path) -> tuple[str | None, str]:
    stem = p.stem
    m = _DATE_PREFIX.match(stem)
    if m:
        try:
            d = dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
            return d, (m[4] or stem).strip()
        except ValueError:
            pass
    if p.suffix.lower() in (".jpg", ".jpeg"):
        return _exif_date(p), stem
    return None, stem


def _exif_date(p: Path) -> str | None:
    try:
        with Image.open(p) as im:
            exif = im.getexif()
            raw = exif.get_ifd(ExifTags.IFD.Exif).get(ExifTags.Base.DateTimeOriginal) or exif.get(
                ExifTags.Base.DateTime)
    except Exception:  # noqa: BLE001 - a photo without readable EXIF simply has no date
        return None
    if isinstance(raw, str) and re.match(r"^\d{4}:\d{2}:\d{2}", raw):
        try:
            return dt.date(int(raw[0:4]), int(raw[5:7]), int(raw[8:10])).isoformat()
        except ValueError:
            return None
    return None


def collect(folder: str | Path) -> tuple[dict, list[SourceFile]]:
    """The manifest head read from the workbook, and the files (indicators, titles, dates)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise PackageError(f"{folder}: not a folder")
    workbooks, dirs = [], {}
    for p in sorted(folder.iterdir()):
        if _ignored(p):
            continue
        rel = p.relative_to(folder).as_posix()
        if p.is_symlink():
            raise PackageError(f"{rel}: is a symbolic link; copy the real file in instead")
        if p.is_dir():
            m = _INDICATOR_DIR.match(p.name)
            if not m:
                raise PackageError(f"{rel}/: not an indicator folder; name folders B1 … B29 "
                                   "(or B01 …), one per indicator")
            ind = f"B{int(m[1])}"
            if ind in dirs:
                raise PackageError(f"{rel}/ and {dirs[ind].name}/: two folders for indicator {ind}; "
                                   "merge them")
            dirs[ind] = p
        elif p.suffix.lower() == ".xlsx":
            workbooks.append(p)
        else:
            raise PackageError(f"{rel}: is outside any indicator folder; move it into the folder "
                               "of its indicator (B1 … B29)")
    if not workbooks:
        raise PackageError(f"{folder}: no .xlsx workbook; fill in `workbench package template` "
                           "and put it in this folder")
    if len(workbooks) > 1:
        raise PackageError(f"{folder}: {len(workbooks)} workbooks "
                           f"({', '.join(w.name for w in workbooks)}); keep only the filled one")
    head = read_workbook(workbooks[0])
    rubric = load_rubric(head["rubric"])
    files: list[SourceFile] = []
    for ind, d in sorted(dirs.items(), key=lambda kv: int(kv[0][1:])):
        if not rubric.has_indicator(ind):
            raise PackageError(f"{d.name}/: no indicator {ind} in rubric {rubric.id} (it has "
                               f"{rubric.indicators[0].id} … {rubric.indicators[-1].id})")
        for p in sorted(d.rglob("*")):
            rel = p.relative_to(folder).as_posix()
            if any(_ignored(Path(part)) for part in p.relative_to(d).parts):
                continue
            if p.is_symlink():
                raise PackageError(f"{rel}: is a symbolic link; copy the real file in instead")
            if p.is_dir():
                continue
            if not p.is_file():
                raise PackageError(f"{rel}: not a regular file")
            pkg_path = f"{ind}/{p.relative_to(d).as_posix()}"
            problem = path_problem(pkg_path)
            if problem:
                raise PackageError(f"{rel}: cannot go in a package: {problem}; rename it")
            date, title = _date_and_title(p)
            files.append(SourceFile(pkg_path, p, (ind,), title, date))
    return head, files


def build_package(folder: str | Path, out: str | Path, *,
                  progress: Callable[[int, int, str], None] | None = None) -> dict:
    """Read FOLDER, write the package to `out`, return its manifest."""
    head, files = collect(folder)
    return write_package(out, head, files, progress=progress)
