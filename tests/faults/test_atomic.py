"""The one write helper (workbench.atomic) and the writers that use it, in-process: a writer
that fails half-way, a folder that is missing or read-only, a long Chinese file name, a
source file that cannot be read while a package is written, the blob store's failures, and
the window's preferences in a read-only folder."""

from __future__ import annotations

import errno
import subprocess
from pathlib import Path

import pytest

from workbench.atomic import TMP_SUFFIX, WriteError, atomic_open, atomic_write
from workbench.errors import PackageError, StoreError
from workbench.evidence.writer import SourceFile, write_package
from workbench.store.blobs import BlobStore
from workbench.ui.prefs import PREFS_FILE, UiPrefs

from .conftest import tmpfs


def leftovers(d: Path) -> list[str]:
    return sorted(p.name for p in d.iterdir() if p.name.endswith(TMP_SUFFIX))


def test_failing_writer_keeps_previous_file_and_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "form.pdf"
    target.write_bytes(b"previous")

    def half_then_fail(f) -> None:  # noqa: ANN001
        f.write(b"%PDF-1.7 half a form")
        raise RuntimeError("the renderer failed")

    with pytest.raises(RuntimeError, match="renderer failed"):
        atomic_write(target, half_then_fail)
    assert target.read_bytes() == b"previous" and leftovers(tmp_path) == []

    def no_space(f) -> None:  # noqa: ANN001
        f.write(b"x" * 10)
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(WriteError) as e:
        atomic_write(tmp_path / "new.pdf", no_space, what="PDF form")
    assert e.value.code == "disk_full" and "\n" not in str(e.value)
    assert "cannot write the PDF form (No space left on device)" in str(e.value)
    assert not (tmp_path / "new.pdf").exists() and leftovers(tmp_path) == []


def test_missing_folder_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(WriteError) as e:
        atomic_write(tmp_path / "no" / "such" / "x.json", b"{}")
    assert e.value.code == "not_found" and "create it or choose another" in str(e.value)


def test_read_only_folder(tmp_path: Path) -> None:
    with tmpfs("1m", tmp_path) as m:
        if not isinstance(m, Path):
            pytest.skip(f"needs a tmpfs mount (not permitted here: {m})")
        (m / "sheet.json").write_bytes(b"previous")
        subprocess.run(["mount", "-o", "remount,ro", str(m)], check=True)
        with pytest.raises(WriteError) as e:
            atomic_write(m / "sheet.json", b"new")
        assert e.value.code == "read_only" and "choose a folder you may write to" in str(e.value)
        assert (m / "sheet.json").read_bytes() == b"previous"
        prefs = UiPrefs(m)  # the window's preference cache: a read-only folder only loses it
        prefs.update(lang="en")
        assert prefs.get("lang") == "en" and not (m / PREFS_FILE).exists()


def test_long_chinese_name_fits_with_its_temporary_file(tmp_path: Path) -> None:
    # 80 Chinese characters: 240 bytes, under the 255-byte limit; the temporary name
    # beside it must not go over
    name = "麻江县" * 26 + "表" + ".pdf"
    assert len(name.encode()) <= 255
    out = atomic_write(tmp_path / name, b"%PDF", durable=False)
    assert out.read_bytes() == b"%PDF" and leftovers(tmp_path) == []


def test_atomic_open_gives_a_file_for_library_writers(tmp_path: Path) -> None:
    import zipfile

    with atomic_open(tmp_path / "a.zip", what="archive") as f, zipfile.ZipFile(f, "w") as z:
        z.writestr("x.txt", "你好")
    with zipfile.ZipFile(tmp_path / "a.zip") as z:
        assert z.read("x.txt").decode() == "你好"


def test_package_source_unreadable_is_named_and_leaves_no_output(tmp_path: Path) -> None:
    good = tmp_path / "a.pdf"
    good.write_bytes(b"%PDF-1.4")
    gone = tmp_path / "b.pdf"
    out = tmp_path / "school.wbpkg"
    out.write_bytes(b"previous package")
    head = {"rubric": "majiang-2015", "school": {"code": "MJ-PS-9", "name": "测试"},
            "application": {"type": "qualified"}}
    files = [SourceFile("B1/a.pdf", good, ("B1",)), SourceFile("B1/b.pdf", gone, ("B1",))]
    with pytest.raises(PackageError, match="b.pdf: cannot read"):
        write_package(out, head, files)
    assert out.read_bytes() == b"previous package" and leftovers(tmp_path) == []


def test_blob_store_failures(tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "blobs")

    def source_fails():  # noqa: ANN202
        yield b"abc"
        raise OSError(errno.EIO, "Input/output error")

    # a failing source is the source's error, not the workspace's disk
    with pytest.raises(OSError, match="Input/output error"):
        store.put_stream(source_fails())
    assert list((tmp_path / "blobs" / "tmp").iterdir()) == []
    with pytest.raises(StoreError, match="cannot read"):
        store.put_file(tmp_path / "missing.jpg")
    with tmpfs("1m", tmp_path) as m:
        if not isinstance(m, Path):
            pytest.skip(f"needs a tmpfs mount (not permitted here: {m})")
        small = BlobStore(m / "ws" / "blobs")
        with pytest.raises(StoreError) as e:
            small.put_bytes(b"\0" * (2 << 20))  # 2 MiB onto 1 MiB
        assert str(e.value).startswith("the disk is full: cannot store a file in the workspace")
        assert [p for p in (m / "ws" / "blobs").rglob("*") if p.is_file()] == []
