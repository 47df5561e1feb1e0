"""Import into a real workspace: round trips, versions, and refusals that leave nothing behind."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from pathlib import Path

import pytest

from workbench.errors import Cancelled, PackageError
from workbench.evidence import (
    DEMO_SCHOOL_CODE,
    build_package,
    demo_package_path,
    import_package,
    verify_package,
    write_template,
)

store = pytest.importorskip("workbench.store")
Workspace = getattr(store, "Workspace", None)
if Workspace is None:
    pytest.skip("workbench.store.Workspace is not there yet", allow_module_level=True)


@pytest.fixture
def ws(tmp_path: Path):
    w = Workspace.open(tmp_path / "ws")
    yield w
    w.close()


def snapshot(ws) -> tuple:
    """Everything an import could leave behind: blob files (temp files too), small blobs kept in
    the database, and rows."""
    blobs = sorted(str(p.relative_to(ws.root)) for p in (ws.root / "blobs").rglob("*") if p.is_file()) \
        if (ws.root / "blobs").exists() else []
    with ws.engine.connect() as conn:
        blobs += sorted(f"small_blobs:{sha}" for (sha,) in conn.exec_driver_sql("SELECT sha256 FROM small_blobs"))
    schools = ws.list_schools()
    versions = {s.code: ws.package_versions(s.code) for s in schools}
    files = {s.code: ws.package_files(s.code) for s in schools}
    return blobs, schools, versions, files


def test_evidence_import_demo(ws) -> None:
    r = import_package(ws, demo_package_path())
    assert (r.school_code, r.version, r.created) == (DEMO_SCHOOL_CODE, 1, True)
    v = verify_package(demo_package_path())
    assert r.files == len(v.files) and r.new_blobs == len({f.sha256 for f in v.files})
    info = ws.school(DEMO_SCHOOL_CODE)
    assert info.name == "麻江县示范路小学" and info.package_version == 1
    assert info.manifest_hash == v.manifest_hash and info.package_sha256 == v.package_sha256
    assert info.self_assessment["B2.1"] == Decimal("2.5")
    files = ws.package_files(DEMO_SCHOOL_CODE)
    assert len(files) == len(v.files)
    for f in files:
        with ws.blobs.open(f.sha256) as fh:
            assert hashlib.sha256(fh.read()).hexdigest() == f.sha256
    assert {f.path for f in ws.package_files(DEMO_SCHOOL_CODE, "B1")} == {
        f.path for f in v.files if "B1" in f.indicators}


def test_evidence_import_twice_is_a_noop_and_changes_are_versions(ws, tmp_path: Path, kit) -> None:
    first = import_package(ws, demo_package_path())
    before = snapshot(ws)
    again = import_package(ws, demo_package_path())
    assert (again.created, again.version, again.new_blobs) == (False, first.version, 0)
    assert snapshot(ws) == before
    # the same school with one more file: a new version, the old one kept
    import zipfile
    changed = tmp_path / "changed.wbpkg"
    with zipfile.ZipFile(demo_package_path()) as src, zipfile.ZipFile(changed, "w") as dst:
        m = json.loads(src.read("manifest.json"))
        for f in m["files"]:
            dst.writestr(f["path"], src.read(f["path"]))
        extra = "补充材料".encode() * 10
        dst.writestr("B29/补充.txt", extra)
        m["files"].append(kit.file_entry("B29/补充.txt", extra, ("B29",)))
        dst.writestr("manifest.json", json.dumps(m, ensure_ascii=False))
    r = import_package(ws, changed)
    assert (r.created, r.version, r.new_blobs) == (True, 2, 1)
    assert [p.version for p in ws.package_versions(DEMO_SCHOOL_CODE)] == [1, 2]
    assert ws.school(DEMO_SCHOOL_CODE).package_version == 2
    assert len(ws.package_files(DEMO_SCHOOL_CODE)) == len(m["files"])


def test_evidence_round_trip_from_demo_sources(ws, tmp_path: Path) -> None:
    import importlib.util
    root = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location("make_demo", root / "scripts" / "make_demo.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    folder = mod.make_folder(tmp_path / "school")
    out = tmp_path / "demo.wbpkg"
    build_package(folder, out)
    v = verify_package(out)
    r = import_package(ws, out)
    assert r.created and r.files == len(v.files) >= 10
    assert ws.school(DEMO_SCHOOL_CODE).application["type"] == "qualified"


def test_evidence_round_trip_thousand_files(ws, tmp_path: Path) -> None:
    from openpyxl import load_workbook
    folder = tmp_path / "big"
    folder.mkdir()
    write_template(folder / "申报表.xlsx")
    wb = load_workbook(folder / "申报表.xlsx")
    sheet = wb["申报表"]
    values = {"学校名称": "千件小学", "学校代码": "BIG-1000", "申报类型": "智慧校园合格校", "学段": "初中"}
    for row in range(1, sheet.max_row + 1):
        label = str(sheet[f"A{row}"].value or "").replace("*", "").strip()
        if label in values:
            sheet[f"B{row}"] = values[label]
    wb["自评表"]["E2"] = 1
    wb.save(folder / "申报表.xlsx")
    for i in range(1000):
        d = folder / f"B{i % 29 + 1}"
        d.mkdir(exist_ok=True)
        (d / f"f{i:04d}.txt").write_text(f"文件 {i}\n" * (i % 20 + 1))
    out = tmp_path / "big.wbpkg"
    build_package(folder, out)
    r = import_package(ws, out)
    assert (r.school_code, r.files, r.created) == ("BIG-1000", 1000, True)
    assert len(ws.package_files("BIG-1000")) == 1000
    assert ws.school("BIG-1000").stage == "junior"


def _late_failure(tmp_path: Path, kit, demo_bytes: bytes) -> Path:
    """Good entries first (one identical to a demo file), a bad one last: blobs are stored
    before the failure is found, so cleanup is what keeps the workspace unchanged."""
    good = {"B1/a.txt": b"a" * 5000, "B1/b.txt": b"b" * 7000, "B1/c-demo.pdf": demo_bytes}
    entries = list(good.items()) + [("B9/zz-bad.txt", b"tampered")]
    files = [kit.file_entry(p, d) for p, d in good.items()] + [kit.file_entry("B9/zz-bad.txt", b"original")]
    return kit.write_zip(tmp_path / "late.wbpkg", entries, kit.base_manifest(files))


def test_evidence_import_refusal_leaves_nothing(ws, tmp_path: Path, kit) -> None:
    import zipfile
    import_package(ws, demo_package_path())
    with zipfile.ZipFile(demo_package_path()) as zf:
        name = next(n for n in zf.namelist() if n.endswith(".pdf"))
        demo_pdf = zf.read(name)
    before = snapshot(ws)
    bad = _late_failure(tmp_path, kit, demo_pdf)
    with pytest.raises(PackageError, match="entry 'B9/zz-bad.txt': SHA-256 mismatch"):
        import_package(ws, bad)
    assert snapshot(ws) == before
    assert ws.blobs.has(hashlib.sha256(demo_pdf).hexdigest())  # a blob that was already there stays


def test_evidence_import_cancel_leaves_nothing(ws, make_honest) -> None:
    p = make_honest({f"B1/{i}.txt": bytes([i]) * 3000 for i in range(10)})
    before = snapshot(ws)
    seen = []

    def cancel() -> bool:
        return len(seen) >= 5

    with pytest.raises(Cancelled):
        import_package(ws, p, progress=lambda d, t, label: seen.append(d), cancel=cancel)
    assert snapshot(ws) == before
    assert import_package(ws, p).created  # and it imports fine afterwards


@pytest.mark.parametrize("case", ["lying_size_header", "image_bomb", "symlink", "extra_entry", "ratio_bomb"])
def test_evidence_import_hostile_leaves_nothing(ws, tmp_path: Path, kit, case: str) -> None:
    import importlib.util
    spec = importlib.util.spec_from_file_location("hostile", Path(__file__).with_name("test_evidence_hostile.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    make = {c[0]: c[1] for c in mod.CASES}[case]
    p = tmp_path / f"{case}.wbpkg"
    make(p, kit)
    # put good entries in front where the case allows, so a late failure has stored blobs
    before = snapshot(ws)
    with pytest.raises(PackageError):
        import_package(ws, p)
    assert snapshot(ws) == before


def test_evidence_cli_import(tmp_path: Path, capsys) -> None:
    from workbench.cli.main import main
    wsdir = tmp_path / "cli-ws"
    assert main(["package", "import", str(demo_package_path()), "--workspace", str(wsdir)]) == 0
    assert "as package version 1" in capsys.readouterr().out
    assert main(["--workspace", str(wsdir), "package", "import", str(demo_package_path())]) == 0
    assert "already imported" in capsys.readouterr().out


def test_evidence_damaged_copy_of_imported_package_is_refused(ws, tmp_path: Path) -> None:
    """Same manifest, one altered entry: refused, although the package is known."""
    import zipfile
    import_package(ws, demo_package_path())
    before = snapshot(ws)
    damaged = tmp_path / "damaged.wbpkg"
    with zipfile.ZipFile(demo_package_path()) as src, zipfile.ZipFile(damaged, "w") as dst:
        names = src.namelist()
        victim = next(n for n in names if n.endswith(".pdf"))
        for n in names:
            data = src.read(n)
            dst.writestr(n, data[:-1] + bytes([data[-1] ^ 1]) if n == victim else data)
    with pytest.raises(PackageError, match="SHA-256|CRC|size"):
        import_package(ws, damaged)
    assert snapshot(ws) == before
