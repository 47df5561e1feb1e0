"""Every kind of hostile or broken package is refused with a clear message naming the entry."""

from __future__ import annotations

import io
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from workbench.errors import Cancelled, PackageError
from workbench.evidence import Limits, verify_package

MiB = 1 << 20


def _jpeg(w: int, h: int) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (w, h), (200, 10, 10)).save(buf, "JPEG")
    return buf.getvalue()


def case_not_zip(p: Path, kit) -> None:
    p.write_bytes(b"this is not a zip file at all" * 10)


def case_empty_file(p: Path, kit) -> None:
    p.write_bytes(b"")


def case_no_manifest(p: Path, kit) -> None:
    kit.write_zip(p, [("B1/a.txt", b"a")], None)


def case_bad_json(p: Path, kit) -> None:
    kit.write_zip(p, [("B1/a.txt", b"a")], b'{"format": "workbench-evidence/1", ')


def case_not_utf8(p: Path, kit) -> None:
    kit.write_zip(p, [], '{"format": "工作"}'.encode("gbk"))


def case_wrong_type(p: Path, kit) -> None:
    f = kit.file_entry("B1/a.txt", b"a")
    f["size"] = "1"
    kit.write_zip(p, [("B1/a.txt", b"a")], kit.base_manifest([f]))


def case_float_size(p: Path, kit) -> None:
    kit.write_zip(p, [("B1/a.txt", b"a")],
                  kit.manifest_json(kit.base_manifest([kit.file_entry("B1/a.txt", b"a")])).replace(
                      b'"size": 1', b'"size": 1.0'))


def case_missing_field(p: Path, kit) -> None:
    f = kit.file_entry("B1/a.txt", b"a")
    del f["sha256"]
    kit.write_zip(p, [("B1/a.txt", b"a")], kit.base_manifest([f]))


def case_missing_school_name(p: Path, kit) -> None:
    kit.write_zip(p, [], kit.base_manifest([], school={"code": "X"}))


def case_unknown_format(p: Path, kit) -> None:
    kit.write_zip(p, [], kit.base_manifest([], format="workbench-evidence/2"))


def case_unknown_rubric(p: Path, kit) -> None:
    kit.write_zip(p, [], kit.base_manifest([], rubric="nowhere-2030"))


def case_unknown_indicator(p: Path, kit) -> None:
    kit.write_zip(p, [("B1/a.txt", b"a")], kit.base_manifest([kit.file_entry("B1/a.txt", b"a", ("B99",))]))


def case_bad_self_score(p: Path, kit) -> None:
    kit.write_zip(p, [], kit.base_manifest([], self_assessment={"B2.1": "2.3"}))


def case_unknown_item(p: Path, kit) -> None:
    kit.write_zip(p, [], kit.base_manifest([], self_assessment={"B9.9": "1"}))


def _entry_path_case(name: str) -> Callable[[Path, object], None]:
    def make(p: Path, kit) -> None:
        kit.write_zip(p, [(name, b"x")], kit.base_manifest([kit.file_entry(name, b"x")]))
    return make


def _manifest_path_case(name: str) -> Callable[[Path, object], None]:
    def make(p: Path, kit) -> None:
        kit.write_zip(p, [("B1/a.txt", b"x")], kit.base_manifest([kit.file_entry(name, b"x")]))
    return make


def _typed_entry(mode: int) -> Callable[[Path, object], None]:
    def make(p: Path, kit) -> None:
        info = zipfile.ZipInfo("B1/link.pdf")
        info.create_system = 3
        info.external_attr = mode << 16
        kit.write_zip(p, [(info, b"/etc/passwd")], kit.base_manifest([kit.file_entry("B1/link.pdf", b"/etc/passwd")]))
    return make


def case_duplicate_entry(p: Path, kit) -> None:
    with pytest.warns(UserWarning):
        kit.write_zip(p, [("B1/a.txt", b"a"), ("B1/a.txt", b"a")],
                      kit.base_manifest([kit.file_entry("B1/a.txt", b"a")]))


def case_case_duplicate(p: Path, kit) -> None:
    kit.write_zip(p, [("B1/a.txt", b"a"), ("B1/A.txt", b"a")],
                  kit.base_manifest([kit.file_entry("B1/a.txt", b"a"), kit.file_entry("B1/A.txt", b"a")]))


def case_listed_twice(p: Path, kit) -> None:
    f = kit.file_entry("B1/a.txt", b"a")
    kit.write_zip(p, [("B1/a.txt", b"a")], kit.base_manifest([f, dict(f)]))


def case_extra_entry(p: Path, kit) -> None:
    kit.write_zip(p, [("B1/a.txt", b"a"), ("B1/extra.exe", b"MZ")], kit.base_manifest([kit.file_entry("B1/a.txt", b"a")]))


def case_missing_entry(p: Path, kit) -> None:
    kit.write_zip(p, [("B1/a.txt", b"a")], kit.base_manifest(
        [kit.file_entry("B1/a.txt", b"a"), kit.file_entry("B1/gone.pdf", b"gone")]))


def case_size_mismatch(p: Path, kit) -> None:
    f = kit.file_entry("B1/a.txt", b"abc")
    f["size"] = 2
    kit.write_zip(p, [("B1/a.txt", b"abc")], kit.base_manifest([f]))


def case_hash_mismatch(p: Path, kit) -> None:
    kit.write_zip(p, [("B1/a.txt", b"abd")], kit.base_manifest([kit.file_entry("B1/a.txt", b"abc")]))


def case_lying_size_header(p: Path, kit) -> None:
    # A 20 MB deflated entry whose headers (and manifest) claim 1,000 bytes: the reader must
    # stop at 1,000 and notice, never inflating the rest.
    data = b"\0" * (20 * MiB)
    f = kit.file_entry("B1/small.txt", data)
    f["size"] = 1000
    kit.write_zip(p, [("B1/small.txt", data)], kit.base_manifest([f]))
    kit.patch_entry(p, "B1/small.txt", file_size=1000)


def case_ratio_bomb(p: Path, kit) -> None:
    data = b"\0" * (8 * MiB)  # deflates ~1000:1
    kit.write_zip(p, [("B1/bomb.txt", data)], kit.base_manifest([kit.file_entry("B1/bomb.txt", data)]))


def case_overlap(p: Path, kit) -> None:
    kit.write_zip(p, [("B1/a.txt", b"a" * 100), ("B1/b.txt", b"b" * 100)], kit.base_manifest(
        [kit.file_entry("B1/a.txt", b"a" * 100), kit.file_entry("B1/b.txt", b"b" * 100)]),
        compression=zipfile.ZIP_STORED)
    kit.patch_entry(p, "B1/b.txt", header_offset=0)


def case_encrypted(p: Path, kit) -> None:
    kit.write_zip(p, [("B1/a.txt", b"secret")], kit.base_manifest([kit.file_entry("B1/a.txt", b"secret")]))
    kit.patch_entry(p, "B1/a.txt", flags_or=0x1)


def case_bzip2(p: Path, kit) -> None:
    kit.write_zip(p, [("B1/a.txt", b"x" * 100)], kit.base_manifest([kit.file_entry("B1/a.txt", b"x" * 100)]),
                  compression=zipfile.ZIP_BZIP2)


def case_image_bomb(p: Path, kit) -> None:
    png = kit.png_header(100_000, 100_000)
    kit.write_zip(p, [("B3/photo.png", png)], kit.base_manifest([kit.file_entry("B3/photo.png", png, ("B3",))]))


def case_image_over_limit(p: Path, kit) -> None:
    jpg = _jpeg(200, 100)
    kit.write_zip(p, [("B3/photo.jpg", jpg)], kit.base_manifest([kit.file_entry("B3/photo.jpg", jpg, ("B3",))]))


def _many(n: int, size: int = 10) -> Callable[[Path, object], None]:
    def make(p: Path, kit) -> None:
        files = {f"B1/f{i:04d}.txt": bytes([65 + i % 26]) * size for i in range(n)}
        kit.honest(p, files)
    return make


def case_forged_entry_count(p: Path, kit) -> None:
    """The end record claims 60,000 entries: refused before the directory is parsed."""
    _many(3)(p, kit)
    raw = bytearray(p.read_bytes())
    eocd = raw.rfind(b"PK\x05\x06")
    raw[eocd + 8:eocd + 12] = (60000).to_bytes(2, "little") * 2
    p.write_bytes(bytes(raw))


def case_deep_json(p: Path, kit) -> None:
    kit.write_zip(p, [], b"[" * 100_000 + b"]" * 100_000)


CASES: list[tuple[str, Callable, str, Limits]] = [
    ("not_zip", case_not_zip, "not a ZIP file", Limits()),
    ("empty_file", case_empty_file, "not a ZIP file", Limits()),
    ("no_manifest", case_no_manifest, "no manifest.json", Limits()),
    ("bad_json", case_bad_json, "manifest.json: not valid JSON", Limits()),
    ("not_utf8", case_not_utf8, "manifest.json: not UTF-8", Limits()),
    ("deep_json", case_deep_json, "nested too deeply", Limits()),
    ("wrong_type", case_wrong_type, "files[0].size: '1' is not of type 'integer'", Limits()),
    ("float_size", case_float_size, "write decimals as strings", Limits()),
    ("missing_field", case_missing_field, "files[0]: 'sha256' is a required property", Limits()),
    ("missing_school_name", case_missing_school_name, "school: 'name' is a required property", Limits()),
    ("unknown_format", case_unknown_format, "unknown format 'workbench-evidence/2'", Limits()),
    ("unknown_rubric", case_unknown_rubric, "unknown rubric 'nowhere-2030'", Limits()),
    ("unknown_indicator", case_unknown_indicator, "(B1/a.txt): unknown indicator 'B99'", Limits()),
    ("bad_self_score", case_bad_self_score, "B2.1: score 2.3 is not a multiple of 0.5", Limits()),
    ("unknown_item", case_unknown_item, "B9.9: no such item", Limits()),
    ("absolute_path", _entry_path_case("/etc/cron.d/x"), "entry '/etc/cron.d/x': unsafe path: absolute", Limits()),
    ("dotdot", _entry_path_case("B1/../../x.txt"), "entry 'B1/../../x.txt': unsafe path: '..'", Limits()),
    ("backslash", _entry_path_case("B1\\x.txt"), "backslash", Limits()),
    ("drive_letter", _entry_path_case("C:/x.txt"), "drive letter", Limits()),
    ("empty_segment", _entry_path_case("B1//x.txt"), "empty path segment", Limits()),
    ("manifest_dotdot", _manifest_path_case("../x.txt"), "files[0]: path '../x.txt': '..' segment", Limits()),
    ("manifest_absolute", _manifest_path_case("/x.txt"), "files[0]: path '/x.txt': absolute", Limits()),
    ("symlink", _typed_entry(stat.S_IFLNK | 0o777), "entry 'B1/link.pdf': is a symbolic link", Limits()),
    ("char_device", _typed_entry(stat.S_IFCHR | 0o666), "entry 'B1/link.pdf': is a character device", Limits()),
    ("fifo", _typed_entry(stat.S_IFIFO | 0o666), "is a named pipe", Limits()),
    ("duplicate_entry", case_duplicate_entry, "entry 'B1/a.txt': appears more than once", Limits()),
    ("case_duplicate", case_case_duplicate, "entry 'B1/A.txt': appears more than once", Limits()),
    ("listed_twice", case_listed_twice, "path 'B1/a.txt' is listed twice", Limits()),
    ("extra_entry", case_extra_entry, "entry 'B1/extra.exe': is in the archive but not in manifest.json", Limits()),
    ("missing_entry", case_missing_entry, "lists 'B1/gone.pdf', which is not in the archive", Limits()),
    ("size_mismatch", case_size_mismatch, "entry 'B1/a.txt': size mismatch", Limits()),
    ("hash_mismatch", case_hash_mismatch, "entry 'B1/a.txt': SHA-256 mismatch", Limits()),
    ("lying_size_header", case_lying_size_header, "entry 'B1/small.txt': data do not match", Limits()),
    ("ratio_bomb", case_ratio_bomb, "entry 'B1/bomb.txt': compression ratio", Limits()),
    ("overlap", case_overlap, "overlaps the data", Limits()),
    ("encrypted", case_encrypted, "entry 'B1/a.txt': is encrypted", Limits()),
    ("bzip2", case_bzip2, "compression method 12 is not supported", Limits()),
    ("image_bomb", case_image_bomb, "entry 'B3/photo.png': an image", Limits()),
    ("image_over_limit", case_image_over_limit, "entry 'B3/photo.jpg': an image of 200 × 100 pixels",
     Limits(max_image_pixels=10_000)),
    ("too_many_entries", _many(20), "more than the limit of 10", Limits(max_entries=10)),
    ("forged_entry_count", case_forged_entry_count, "has 60000 entries, more than the limit of 10",
     Limits(max_entries=10)),
    ("total_too_big", _many(5, 1000), "add up to more than the limit of 3,000 bytes", Limits(max_total_size=3000)),
    ("entry_too_big", _many(2, 5000), "over the per-file limit of 4,000", Limits(max_entry_size=4000)),
]


@pytest.fixture(params=CASES, ids=[c[0] for c in CASES])
def hostile(request, tmp_path: Path, kit) -> tuple[Path, str, Limits]:
    _, make, expected, limits = request.param
    p = tmp_path / "hostile.wbpkg"
    make(p, kit)
    return p, expected, limits


def test_evidence_hostile_package_is_refused_clearly(hostile) -> None:
    path, expected, limits = hostile
    with pytest.raises(PackageError) as e:
        verify_package(path, limits=limits)
    assert expected in str(e.value)
    assert "\n" not in str(e.value)


def test_evidence_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(PackageError, match="no such file"):
        verify_package(tmp_path / "nope.wbpkg")
    with pytest.raises(PackageError, match="is a folder"):
        verify_package(tmp_path)


def test_evidence_lying_header_does_not_inflate_the_rest(tmp_path: Path, kit) -> None:
    """The reader stops at the declared 1,000 bytes: progress never reports more."""
    p = tmp_path / "lie.wbpkg"
    case_lying_size_header(p, kit)
    seen: list[int] = []
    with pytest.raises(PackageError):
        verify_package(p, progress=lambda d, t, label: seen.append(d))
    assert max(seen, default=0) <= 1000


def test_evidence_honest_package_verifies(make_honest) -> None:
    p = make_honest()
    calls: list[tuple[int, int, str]] = []
    v = verify_package(p, progress=lambda d, t, label: calls.append((d, t, label)))
    assert [f.path for f in v.files] == ["B1/会议记录.txt", "B2/plan.txt"]
    assert calls[-1][0] == calls[-1][1] == v.total_size
    assert v.manifest["school"]["code"] == "T-001"
    assert v.manifest_hash.startswith("sha256:") and len(v.package_sha256) == 64
    import hashlib
    assert v.package_sha256 == hashlib.sha256(p.read_bytes()).hexdigest()


def test_evidence_directory_entries_are_tolerated(tmp_path: Path, kit) -> None:
    p = tmp_path / "dirs.wbpkg"
    kit.write_zip(p, [("B1/", b""), ("B1/a.txt", b"a")], kit.base_manifest([kit.file_entry("B1/a.txt", b"a")]))
    assert len(verify_package(p).files) == 1


def test_evidence_cancel_raises_cancelled(make_honest) -> None:
    p = make_honest({f"B1/{i}.txt": b"x" * 100 for i in range(5)})
    with pytest.raises(Cancelled):
        verify_package(p, cancel=lambda: True)
    n = [0]

    def cancel_later() -> bool:
        n[0] += 1
        return n[0] > 3

    with pytest.raises(Cancelled):
        verify_package(p, cancel=cancel_later)
