"""The hand-read end records and the record count agree with zipfile on honest archives,
including a real ZIP64 end record (more than 65,535 entries) and records straddling the
1 MiB read chunks."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from workbench.errors import PackageError
from workbench.evidence import Limits
from workbench.evidence.zipdir import read_central_directory


def _check(data: bytes, limits: Limits = Limits()):
    return read_central_directory(io.BytesIO(data), len(data), limits, "t.zip")


@pytest.fixture(scope="module")
def zip64(tmp_path_factory) -> bytes:
    p = tmp_path_factory.mktemp("z") / "many.zip"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_STORED) as zf:
        for i in range(65_600):  # over 0xFFFF entries: zipfile writes the ZIP64 end records
            zf.writestr(f"B1/{i:05d}-记录.txt", b"")
    return p.read_bytes()


def test_a_real_zip64_directory_is_read_and_counted(zip64: bytes) -> None:
    assert b"PK\x06\x06" in zip64[-200:] and b"PK\x06\x07" in zip64[-200:]
    cd = _check(zip64)
    assert cd.entries == 65_600 == len(zipfile.ZipFile(io.BytesIO(zip64)).infolist())
    assert cd.size > 2 << 20  # several read chunks, records straddling their edges
    with pytest.raises(PackageError, match="has 65600 entries, more than the limit of 1000"):
        _check(zip64, Limits(max_entries=1000))


@pytest.mark.parametrize("comment", [b"", b"a comment", b"PK\x05\x06 inside the comment"])
def test_ordinary_archives_with_comments(comment: bytes) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("B1/a.txt", b"a" * 100)
        zf.writestr("manifest.json", b"{}")
        zf.comment = comment
    cd = _check(buf.getvalue())
    assert cd.entries == 2


def test_an_empty_archive_and_garbage() -> None:
    buf = io.BytesIO()
    zipfile.ZipFile(buf, "w").close()
    assert _check(buf.getvalue()).entries == 0
    for junk in (b"", b"PK", b"PK\x05\x06" + b"\0" * 10, b"x" * 100):
        with pytest.raises(PackageError, match="not a ZIP file"):
            _check(junk)


def test_data_before_the_archive_is_refused(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("a.txt", b"a")
    with pytest.raises(PackageError, match="does not fit the file"):
        _check(b"MZ self-extractor stub" + buf.getvalue())


def test_over_long_names_and_extras_are_refused_while_counting() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("B1/" + "长" * 400 + ".txt", b"x")  # 1,207 bytes of UTF-8
    with pytest.raises(PackageError, match="entry name 1 is 1,207 bytes, over the limit of 1024"):
        _check(buf.getvalue())
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        info = zipfile.ZipInfo("a.txt")
        info.comment = b"c" * 5000
        zf.writestr(info, b"x")
    with pytest.raises(PackageError, match="5,000 bytes of extra data and comment, over the limit of 4,096"):
        _check(buf.getvalue())
