"""The bundled demo school: realistic, reproducible from the repo, and a valid package."""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import zipfile
from pathlib import Path

from PIL import ExifTags, Image

from workbench.evidence import DEMO_SCHOOL_CODE, build_package, demo_package_path, verify_package
from workbench.rubric import load_rubric

ROOT = Path(__file__).resolve().parents[2]


def _make_demo_module():
    spec = importlib.util.spec_from_file_location("make_demo", ROOT / "scripts" / "make_demo.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_evidence_demo_package_is_valid_and_realistic() -> None:
    p = demo_package_path()
    assert p.stat().st_size < 3 * 1024 * 1024
    v = verify_package(p)
    m = v.manifest
    assert m["school"]["code"] == DEMO_SCHOOL_CODE
    assert m["school"]["name"] == "麻江县示范路小学"
    assert m["school"]["stage"] == "primary"
    rubric = load_rubric(m["rubric"])
    assert 0 < len(m["self_assessment"]) < len(rubric.items)  # partial
    indicators = {i for f in v.files for i in f.indicators}
    assert len(indicators) >= 10
    submitted = dt.date.fromisoformat(m["application"]["submitted"])
    years = rubric.rules.evidence_period_years
    dates = [dt.date.fromisoformat(f.date) for f in v.files if f.date]
    assert any(d < submitted.replace(year=submitted.year - years) for d in dates)  # one too old
    assert sum(d >= submitted.replace(year=submitted.year - years) for d in dates) >= 10
    kinds = {f.media_type for f in v.files}
    assert {"application/pdf", "image/jpeg"} <= kinds


def test_evidence_demo_photos_and_pdfs() -> None:
    with zipfile.ZipFile(demo_package_path()) as zf:
        jpgs = [n for n in zf.namelist() if n.endswith(".jpg")]
        pdfs = [n for n in zf.namelist() if n.endswith(".pdf")]
        assert len(jpgs) >= 5 and len(pdfs) >= 5
        with_gps = 0
        for n in jpgs:
            with Image.open(io.BytesIO(zf.read(n))) as im:
                exif = im.getexif()
                assert exif.get_ifd(ExifTags.IFD.Exif).get(ExifTags.Base.DateTimeOriginal)
                gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
                if gps:
                    lat = gps[ExifTags.GPS.GPSLatitude]
                    lon = gps[ExifTags.GPS.GPSLongitude]
                    assert abs(float(lat[0] + lat[1] / 60 + lat[2] / 3600) - 26.49) < 0.05
                    assert abs(float(lon[0] + lon[1] / 60 + lon[2] / 3600) - 107.59) < 0.05
                    with_gps += 1
        assert with_gps >= 3
        for n in pdfs:
            data = zf.read(n)
            assert b"FontFile2" in data and b"WenQuanYiMicroHei" in data  # font embedded


def test_evidence_demo_is_reproducible(tmp_path: Path) -> None:
    mod = _make_demo_module()
    out = tmp_path / "demo.wbpkg"
    assert mod.main(["--out", str(out), "--folder", str(tmp_path / "school")]) == 0
    assert out.read_bytes() == demo_package_path().read_bytes()
    # and the folder builds the same package through the public builder
    again = tmp_path / "again.wbpkg"
    build_package(tmp_path / "school", again)
    assert again.read_bytes() == out.read_bytes()
