"""A full disk, for real (a 2 MiB tmpfs filled to the last byte), under the real command.

Each output command run onto the full disk must: exit non-zero with one line on stderr
and no traceback, leave the previous file byte for byte as it was, create no new file
(not even an empty one) and leave no temporary file.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from workbench.evidence import demo_package_path
from workbench.evidence.template import FORM_SHEET, write_template
from workbench.rubric import load_rubric
from workbench.signing import identity as identity_mod

from .conftest import Disk, assert_one_line_failure, cli, listing, stray_files

PASS = "correct horse battery"
ENV = {"WB_PASS": PASS}
RUBRIC = load_rubric("majiang-2015")


def scores(shift: int = 0) -> dict[str, str]:
    out = {}
    for n, item in enumerate(RUBRIC.iter_items()):
        v = item.points - (Decimal("0.5") if (n + shift) % 5 == 0 else 0)
        out[item.id] = str(v)
    return out


def scores_file(path: Path, shift: int = 0) -> Path:
    path.write_text(json.dumps({"rubric": "majiang-2015", "scores": scores(shift)}), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def signer(tmp_path_factory) -> dict[str, Path]:
    """An identity (few KDF rounds, made in-process) and a signed sheet, on a normal disk."""
    d = tmp_path_factory.mktemp("signer")
    identity_mod.create_identity(d / "id", "张三", "麻江县教育局", "member", PASS, kdf_rounds=1000)
    s1, s2 = scores_file(d / "s1.json"), scores_file(d / "s2.json", shift=2)
    sheet = d / "sheet.json"
    r = cli("sheet", "sign", s1, "--package", demo_package_path(), "--identity", d / "id", "-o", sheet,
            "--passphrase-env", "WB_PASS", env=ENV)
    assert r.returncode == 0, r.stderr
    return {"id": d / "id", "s1": s1, "s2": s2, "sheet": sheet}


def sign(signer: dict[str, Path], scores_path: Path, out: Path, disk: Disk | None = None):  # noqa: ANN201
    args = ("sheet", "sign", scores_path, "--package", demo_package_path(), "--identity", signer["id"],
            "-o", out, "--passphrase-env", "WB_PASS")
    return disk.run(*args, env=ENV) if disk is not None else cli(*args, env=ENV)


def test_sheet_sign_onto_full_disk_keeps_previous_sheet(small_disk: Disk, signer) -> None:
    target = small_disk.root / "sheet.json"
    r = sign(signer, signer["s1"], target)
    assert r.returncode == 0, r.stderr
    before = target.read_bytes()
    assert len(before) > 4096  # big enough that a torn write would show
    small_disk.fill()
    files = listing(small_disk.root)

    r = sign(signer, signer["s2"], target, small_disk)  # different scores: a different sheet
    assert_one_line_failure(r)
    assert target.read_bytes() == before
    assert cli("verify", target, "--trust", signer["id"] / "cert.pem").returncode == 0
    r = sign(signer, signer["s2"], small_disk.root / "new.json", small_disk)
    assert_one_line_failure(r)
    assert not (small_disk.root / "new.json").exists()
    assert listing(small_disk.root) == files and stray_files(small_disk.root) == []
    small_disk.free()
    assert sign(signer, signer["s2"], target, small_disk).returncode == 0  # space again: it works
    assert target.read_bytes() != before


def _school_folder(d: Path) -> Path:
    """A buildable school folder with ~200 KB of incompressible evidence."""
    d.mkdir()
    wb_path = d / "申报表.xlsx"
    write_template(wb_path)
    wb = load_workbook(wb_path)
    ws = wb[FORM_SHEET]
    form = {"学校名称": "麻江县测试小学", "学校代码": "MJ-PS-901", "申报类型": "智慧校园合格校", "学段": "小学",
            "申报日期": dt.datetime(2026, 10, 8)}
    for row in range(1, ws.max_row + 1):
        label = str(ws[f"A{row}"].value or "").replace("*", "").strip()
        if label in form:
            ws[f"B{row}"] = form[label]
    wb.save(wb_path)
    (d / "B1").mkdir()
    (d / "B1" / "2025-03-04 会议记录.pdf").write_bytes(b"%PDF-1.4\n" + os.urandom(200_000))
    return d


# Each case: (name of the output, a function of (signer, tmp folder) giving the argv with OUT
# standing for the output path). Inputs live on the normal disk; only the output is on the
# full one.
CASES = {
    "print": lambda s, t: ["print", s["sheet"], "-o", "OUT"],
    "export-xlsx": lambda s, t: ["export-xlsx", s["sheet"], "-o", "OUT"],
    "package template": lambda s, t: ["package", "template", "-o", "OUT"],
    "package build": lambda s, t: ["package", "build", _school_folder(t / "school"), "-o", "OUT"],
    "rubric export-xlsx": lambda s, t: ["rubric", "export-xlsx", "-o", "OUT"],
    "rubric import-xlsx": lambda s, t: ["rubric", "import-xlsx", _rubric_xlsx(t), "-o", "OUT"],
}


def _rubric_xlsx(t: Path) -> Path:
    r = cli("rubric", "export-xlsx", "-o", t / "rubric.xlsx")
    assert r.returncode == 0, r.stderr
    return t / "rubric.xlsx"


@pytest.mark.parametrize("case", sorted(CASES))
def test_outputs_onto_full_disk(case: str, small_disk: Disk, signer, tmp_path: Path) -> None:
    argv = CASES[case](signer, tmp_path)
    # it works with space (so the failure below is the disk's), into a scratch folder
    ok = tmp_path / "ok.out"
    r = cli(*[ok if a == "OUT" else a for a in argv])
    assert r.returncode == 0, r.stderr
    assert ok.stat().st_size > 4096
    previous = small_disk.root / "previous.out"
    previous.write_bytes(b"the previous version of this output\n")
    small_disk.fill()
    files = listing(small_disk.root)

    r = small_disk.run(*[previous if a == "OUT" else a for a in argv])
    err = assert_one_line_failure(r)
    assert "space" in err.lower() or "full" in err.lower(), err
    assert previous.read_bytes() == b"the previous version of this output\n"
    r = small_disk.run(*[small_disk.root / "new.out" if a == "OUT" else a for a in argv])
    assert_one_line_failure(r)
    assert not (small_disk.root / "new.out").exists()
    assert listing(small_disk.root) == files and stray_files(small_disk.root) == []


def test_identity_create_onto_full_disk_leaves_nothing(small_disk: Disk) -> None:
    if small_disk.fsize_limit is not None:
        small_disk.fsize_limit = 200  # the fallback: an identity's files are small
    small_disk.fill()
    before = listing(small_disk.root)
    r = small_disk.run("identity", "create", "--name", "王建国", "--org", "麻江县电教站", "--role", "member",
                       "--dir", small_disk.root / "id", "--passphrase-env", "WB_PASS", env=ENV)
    assert_one_line_failure(r)
    assert listing(small_disk.root) == before and stray_files(small_disk.root) == []
    # no half identity either: whatever folder was made holds no key without its certificate
    leftover = small_disk.root / "id"
    assert not leftover.exists() or not any(leftover.iterdir())



@pytest.mark.parametrize("case", ["package template", "rubric export-xlsx"])
def test_workbook_past_the_file_size_limit(case: str, tmp_path: Path, signer) -> None:
    """openpyxl's XML writer (lxml) reports a failed write as SerialisationError("IO_EFBIG"),
    not OSError, when the write fails early: still one line, nothing left. RLIMIT_FSIZE
    makes it fail on the first blocks."""
    disk = Disk(tmp_path, mounted=False, fsize_limit=4096)
    before = listing(tmp_path)
    r = disk.run(*[tmp_path / "out.xlsx" if a == "OUT" else a for a in CASES[case](signer, tmp_path)])
    assert_one_line_failure(r, "out.xlsx: cannot write the workbook (no space left (file size limit reached))")
    assert listing(tmp_path) == before
