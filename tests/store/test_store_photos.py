"""On-site photos: EXIF read at import, bytes kept, thumbnails upright, hostile images refused."""

from __future__ import annotations

import datetime as dt
import hashlib
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from workbench.errors import Cancelled, StoreError
from workbench.photos import read_meta, thumbnail, thumbnail_async

from .conftest import CODE, jpeg_with_exif


def test_photos_import_keeps_bytes_and_exif(ws, me, tmp_path: Path) -> None:
    p = jpeg_with_exif(tmp_path / "机房.jpg", gps=(26.4936, -107.5917))
    [photo] = ws.import_photos(CODE, [p], me.id, "B3")
    assert photo.sha256 == hashlib.sha256(p.read_bytes()).hexdigest()
    assert ws.blobs.path(photo.sha256).read_bytes() == p.read_bytes()
    assert photo.taken_at == dt.datetime(2026, 11, 20, 9, 30, 15)
    assert photo.gps == pytest.approx((26.4936, -107.5917), abs=1e-4)
    assert (photo.indicator, photo.original_name, photo.width, photo.height) == ("B3", "机房.jpg", 64, 48)
    assert ws.photos(CODE, "B3") == [photo] and ws.photos(CODE, "B4") == []


def test_photos_folder_import_skips_non_photos_and_dedupes(ws, me, tmp_path: Path) -> None:
    d = tmp_path / "相册"
    (d / "sub").mkdir(parents=True)
    jpeg_with_exif(d / "a.jpg", color="red")
    jpeg_with_exif(d / "sub" / "b.JPG", color="blue", taken=None, gps=None)
    (d / "c.jpg").write_bytes(b"not really a jpeg")
    (d / "notes.txt").write_text("ignored: not a photo suffix")
    got = ws.import_photos(CODE, [d], me.id)
    assert sorted(p.original_name for p in got) == ["a.jpg", "b.JPG"]
    assert [name for name, _ in got.skipped] == ["c.jpg"] and "not a photo" in got.skipped[0][1]
    again = ws.import_photos(CODE, [d / "a.jpg"], me.id)
    assert [p.id for p in again] == [next(p.id for p in got if p.original_name == "a.jpg")]
    assert len(ws.photos(CODE)) == 2
    nodate = next(p for p in got if p.original_name == "b.JPG")
    assert nodate.taken_at is None and nodate.gps is None


def test_photos_move_and_remove_are_audited(ws, me, tmp_path: Path) -> None:
    [p] = ws.import_photos(CODE, [jpeg_with_exif(tmp_path / "x.jpg")], me.id, "B3")
    ws.move_photo(p.id, "B4", me.id)
    assert ws.photos(CODE, "B4")[0].id == p.id
    with pytest.raises(StoreError, match="unknown indicator 'B99'"):
        ws.move_photo(p.id, "B99", me.id)
    ws.remove_photo(p.id, me.id, reason="拍错了")
    assert ws.photos(CODE) == [] and ws.photos(CODE, include_removed=True)[0].removed
    assert ws.blobs.has(p.sha256)  # the bytes stay
    fields = [(a.field, a.reason) for a in ws.audit(CODE)]
    assert fields == [("photo", None), ("photo_indicator", f"photo {p.id}"), ("photo_removed", "拍错了")]


def test_photos_cancel_keeps_those_done(ws, me, tmp_path: Path) -> None:
    files = [jpeg_with_exif(tmp_path / f"{i}.jpg", color=(i * 40, 0, 0)) for i in range(5)]
    seen: list[int] = []
    with pytest.raises(Cancelled, match="after 2 of 5"):
        ws.import_photos(CODE, files, me.id, progress=lambda d, t, n: seen.append(d), cancel=lambda: len(seen) >= 2)
    assert len(ws.photos(CODE)) == 2


@pytest.mark.parametrize("orientation,expected", [(1, (64, 48)), (6, (48, 64)), (8, (48, 64)), (3, (64, 48))])
def test_photos_thumbnail_is_upright_and_cached(ws, me, tmp_path: Path, orientation, expected) -> None:
    p = jpeg_with_exif(tmp_path / "o.jpg", orientation=orientation)
    [photo] = ws.import_photos(CODE, [p], me.id)
    assert photo.orientation == orientation
    t = thumbnail(ws, photo.sha256, size=256)
    with Image.open(t) as im:
        assert im.size == expected
    mtime = t.stat().st_mtime_ns
    assert thumbnail(ws, photo.sha256, size=256) == t and t.stat().st_mtime_ns == mtime


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims width × height: a decompression bomb's header."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 100)) + chunk(b"IEND", b"")


def test_photos_decompression_bomb_refused(ws, me, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(_png_header_only(30000, 30000))
    with pytest.raises(StoreError, match="too large|over the limit"):
        read_meta(bomb)
    got = ws.import_photos(CODE, [bomb], me.id)
    assert list(got) == [] and got.skipped[0][0] == "bomb.png"
    # and a bomb that got into the blob store some other way is never decoded
    sha, _ = ws.blobs.put_file(bomb)
    with pytest.raises(StoreError, match="too large|cannot be shown"):
        thumbnail(ws, sha)


def test_photos_missing_path(ws, me, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such file or folder"):
        ws.import_photos(CODE, [tmp_path / "nope.jpg"], me.id)


def test_photos_thumbnail_off_the_callers_thread(ws, me, tmp_path: Path, monkeypatch) -> None:
    import threading
    files = [jpeg_with_exif(tmp_path / f"{i}.jpg", color=(0, i * 30, 0)) for i in range(6)]
    photos = ws.import_photos(CODE, files, me.id)
    caller = threading.get_ident()
    seen: list[int] = []
    import workbench.photos as wp
    real = wp.thumbnail

    def spy(*a, **k):  # records which thread did the work, then does it
        seen.append(threading.get_ident())
        return real(*a, **k)

    monkeypatch.setattr(wp, "thumbnail", spy)
    paths = [f.result(timeout=30) for f in [thumbnail_async(ws, p.sha256, 128) for p in photos]]
    assert all(p.is_file() for p in paths) and caller not in seen and len(seen) == 6
    sha, _ = ws.blobs.put_bytes(b"not an image at all")
    with pytest.raises(StoreError, match="cannot be shown"):
        thumbnail_async(ws, sha).result(timeout=30)
