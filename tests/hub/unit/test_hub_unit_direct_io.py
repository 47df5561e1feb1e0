"""direct_io.AppendFile: a photo written around the page cache where the file system allows
it (steps of whole pages, the last one padded with zeros and the file cut back to its size),
buffered where it does not (direct=False here) or when the buffer is not page-aligned; the
same bytes on disk either way, and never a byte of an earlier photo."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from workbench.sync.hub.direct_io import ALIGN, AppendFile, BufferPool, aligned_buffer

STEP = 64 * 1024


def _write(path: Path, data: bytes, *, direct: bool = True, step: int = STEP) -> AppendFile:
    f = AppendFile(path, direct=direct)
    buf = aligned_buffer(step)
    for pos in range(0, len(data), step):
        part = data[pos:pos + step]
        buf[:len(part)] = part
        f.append(buf, len(part))
    return f


@pytest.mark.parametrize("size", [0, 1, ALIGN - 1, ALIGN, STEP, 3 * STEP + 17])
@pytest.mark.parametrize("direct", [True, False])
def test_the_file_holds_exactly_the_bytes_appended(tmp_path, size, direct):
    data = random.Random(size).randbytes(size)
    f = _write(tmp_path / "photo", data, direct=direct)
    assert f.size == size
    f.sync()
    f.close()
    assert (tmp_path / "photo").read_bytes() == data


def test_the_padding_is_zeros_never_an_earlier_photos_bytes(tmp_path):
    f = AppendFile(tmp_path / "photo")
    if not f.direct:
        pytest.skip("this file system takes no O_DIRECT: nothing is padded")
    buf = aligned_buffer(STEP)
    buf[:] = b"\xff" * STEP  # what an earlier photo left in the reused buffer
    buf[:100] = b"a" * 100
    f.append(buf, 100)
    raw = (tmp_path / "photo").read_bytes()  # before sync: the padded length is on disk
    assert len(raw) == ALIGN and raw[:100] == b"a" * 100 and raw[100:] == bytes(ALIGN - 100)
    f.sync()
    f.close()
    assert (tmp_path / "photo").read_bytes() == b"a" * 100


def test_appending_after_a_padded_step_goes_on_at_the_real_end(tmp_path):
    f = AppendFile(tmp_path / "photo")
    buf = aligned_buffer(STEP)
    buf[:10] = b"0123456789"
    f.append(buf, 10)             # padded to ALIGN where written directly
    f.append(b"abc", 3)           # not an aligned buffer: buffered, after the 10 bytes
    buf[:5] = b"vwxyz"
    f.append(buf, 5)
    f.sync()
    f.close()
    assert (tmp_path / "photo").read_bytes() == b"0123456789abcvwxyz"


def test_the_pool_hands_back_the_same_buffers_and_keeps_at_most_its_share():
    pool = BufferPool(STEP, keep=2)
    a, b, c = pool.take(), pool.take(), pool.take()
    assert len({id(a), id(b), id(c)}) == 3 and all(len(x) == STEP for x in (a, b, c))
    for x in (a, b, c):
        pool.give(x)
    assert pool.spare == 2
    again = {id(pool.take()), id(pool.take())}
    assert again == {id(a), id(b)} and pool.spare == 0
