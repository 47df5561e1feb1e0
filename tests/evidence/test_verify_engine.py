"""The entry engine (workbench/evidence/entrydata.py, fanout.py): the bytes zipfile reads, on
two threads, with the checks ZipExtFile made and the ones it did not (local header against
the central record, data running into the next entry, bytes after the deflate stream, ZIP
flag bit 5), and callbacks only on the caller's thread."""

from __future__ import annotations

import hashlib
import random
import struct
import threading
import zipfile
import zlib
from pathlib import Path

import pytest

from workbench.errors import Cancelled, PackageError
from workbench.evidence import Limits, PackageReader, verify_package
from workbench.evidence.fanout import PARALLEL_MIN_BYTES, check_entries
from workbench.evidence.paths import MANIFEST_NAME
from workbench.rubric.canonical import canonical_bytes

KiB, MiB = 1 << 10, 1 << 20


def _text(rng: random.Random, n: int) -> bytes:
    words = [b"school", b"network", "智慧校园".encode(), b"plan", b"2026", b"B3"]
    out = bytearray()
    while len(out) < n:
        out += rng.choice(words) + b" "
    return bytes(out[:n])


def _mixed(kit, p: Path, sizes: list[int], seed: int = 5) -> dict[str, bytes]:
    """A package of stored random and deflated text entries of the given sizes."""
    rng = random.Random(seed)
    files = {}
    with zipfile.ZipFile(p, "w") as zf:
        for i, n in enumerate(sizes):
            stored = i % 2 == 0
            name = f"B1/f{i:02d}.{'jpg' if stored else 'txt'}"
            data = rng.randbytes(n) if stored else _text(rng, n)
            info = zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
            files[name] = data
        m = kit.base_manifest([kit.file_entry(n, d) for n, d in files.items()])
        zf.writestr("manifest.json", canonical_bytes(m))
    return files


SIZES = [0, 1, 700 * KiB, 1 * MiB, 1 * MiB + 1, 900 * KiB, 2 * MiB + 333, 15, 1500 * KiB]


@pytest.fixture
def big(tmp_path: Path, kit) -> tuple[Path, dict[str, bytes]]:
    p = tmp_path / "big.wbpkg"
    files = _mixed(kit, p, SIZES)
    assert sum(SIZES) >= PARALLEL_MIN_BYTES  # so two threads check it
    return p, files


class _Recorder:
    """A sink per entry that keeps the bytes and notes which threads wrote."""

    def __init__(self) -> None:
        self.data: dict[str, bytearray] = {}
        self.threads: set[int] = set()
        self.finished: list[str] = []

    def sink_for(self, f: dict):  # noqa: ANN201 - a Sink
        rec, path = self, f["path"]
        rec.data[path] = bytearray()

        class S:
            def write(self, chunk) -> None:  # noqa: ANN001
                rec.threads.add(threading.get_ident())
                rec.data[path] += chunk

            def done(self) -> None:
                rec.finished.append(path)

            def abort(self) -> None:
                rec.data.pop(path, None)
        return S()


def test_two_threads_hand_on_exactly_the_bytes_zipfile_reads(big) -> None:
    p, files = big
    rec = _Recorder()
    with PackageReader(p, Limits(chunk_size=64 * KiB)) as reader:
        check_entries(reader, sink_for=rec.sink_for)
        assert reader.package_sha256() == hashlib.sha256(p.read_bytes()).hexdigest()
    assert len(rec.threads) == 2  # a helper really took entries
    assert sorted(rec.finished) == sorted(files)
    assert {k: bytes(v) for k, v in rec.data.items()} == files


def test_streams_match_zipfile_for_random_entries_and_chunk_sizes(tmp_path: Path, kit) -> None:
    rng = random.Random(13)
    for case in range(12):
        sizes = [rng.choice([0, 1, 15, 16, 17, rng.randint(1, 300 * KiB)]) for _ in range(rng.randint(1, 5))]
        p = tmp_path / f"r{case}.wbpkg"
        files = _mixed(kit, p, sizes, seed=case)
        chunk = rng.choice([1 * KiB, 4 * KiB, 64 * KiB, 256 * KiB])
        with PackageReader(p, Limits(chunk_size=chunk)) as reader:
            for f, chunks in reader.streams():
                data = b"".join(chunks)
                assert data == files[f["path"]], (case, f["path"], chunk)


def test_callbacks_run_on_the_calling_thread_and_end_at_the_total(big) -> None:
    p, files = big
    me = threading.get_ident()
    seen: list[tuple[int, int, int]] = []
    polled: set[int] = set()

    def cancel() -> bool:
        polled.add(threading.get_ident())
        return False

    v = verify_package(p, limits=Limits(chunk_size=64 * KiB),
                       progress=lambda d, t, label: seen.append((threading.get_ident(), d, t)), cancel=cancel)
    assert {t for t, _d, _t in seen} == {me} and polled == {me}
    done = [d for _t, d, _total in seen]
    assert done == sorted(done) and done[-1] == v.total_size == sum(len(b) for b in files.values())


def _corrupt(p: Path, name: str) -> None:
    """Flip one byte inside a stored entry's data (its CRC and SHA-256 then disagree)."""
    raw = bytearray(p.read_bytes())
    with zipfile.ZipFile(p) as zf:
        info = zf.getinfo(name)
    n_len, x_len = struct.unpack_from("<HH", raw, info.header_offset + 26)
    at = info.header_offset + 30 + n_len + x_len + info.compress_size // 2
    raw[at] ^= 0xFF
    p.write_bytes(bytes(raw))


def test_the_first_bad_entry_in_archive_order_is_the_one_reported(big) -> None:
    p, _files = big
    _corrupt(p, "B1/f08.jpg")  # late and small: a thread meets it first
    _corrupt(p, "B1/f02.jpg")
    for _ in range(3):
        with pytest.raises(PackageError, match="entry 'B1/f02.jpg': data do not match the archive's header"):
            verify_package(p, limits=Limits(chunk_size=64 * KiB))
    assert not [t for t in threading.enumerate() if t.name.startswith("wbpkg-")]


def test_cancel_with_two_threads_stops_both(big) -> None:
    p, _files = big
    calls = [0]

    def cancel() -> bool:
        calls[0] += 1
        return calls[0] > 5

    with pytest.raises(Cancelled):
        verify_package(p, limits=Limits(chunk_size=64 * KiB), cancel=cancel)
    assert not [t for t in threading.enumerate() if t.name.startswith("wbpkg-")]


def test_high_ratio_entry_inflates_exactly_in_small_steps(tmp_path: Path, kit) -> None:
    """Zeros deflate ~1000:1: each step's output is capped, and zlib keeps output pending
    inside after the input is used up; every byte must still come out."""
    data = b"\0" * (3 * MiB) + b"end" + bytes(range(256)) * 40
    p = kit.honest(tmp_path / "z.wbpkg", {"B1/zeros.txt": data})
    v = verify_package(p, limits=Limits(max_ratio=10**6, chunk_size=16 * KiB))
    assert v.files[0].size == len(data)


# -- archives made by hand: lies zipfile's writer cannot tell ------------------------------------

def _raw_zip(p: Path, kit, entries: list[dict]) -> Path:
    """A ZIP built byte by byte. Each entry: name, data (the real content, for the manifest),
    raw (bytes stored), method, and optional crc, flags, local_name, local_extra."""
    out = bytearray()
    central = bytearray()
    manifest = kit.base_manifest([kit.file_entry(e["name"], e["data"]) for e in entries])
    entries = [*entries, {"name": MANIFEST_NAME, "data": canonical_bytes(manifest),
                          "raw": canonical_bytes(manifest), "method": 0}]
    for e in entries:
        name = e["name"].encode()
        local_name = e.get("local_name", e["name"]).encode()
        crc = e.get("crc", zlib.crc32(e["data"]))
        flags = 0x800 | e.get("flags", 0)
        offset = len(out)
        out += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, flags, e["method"], 0, 0x5021, crc, len(e["raw"]),
                           len(e["data"]), len(local_name), e.get("local_extra", 0)) + local_name + e["raw"]
        central += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, flags, e["method"], 0, 0x5021, crc,
                               len(e["raw"]), len(e["data"]), len(name), 0, 0, 0, 0, 0, offset) + name
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central), len(out), 0)
    p.write_bytes(bytes(out + central + end))
    return p


def _deflate(data: bytes) -> bytes:
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


TEXT = b"minutes of the network meeting " * 200


def test_hand_made_archive_verifies(tmp_path: Path, kit) -> None:
    p = _raw_zip(tmp_path / "ok.wbpkg", kit, [
        {"name": "B1/a.txt", "data": TEXT, "raw": _deflate(TEXT), "method": 8},
        {"name": "B1/b.jpg", "data": b"\1\2\3", "raw": b"\1\2\3", "method": 0}])
    assert [f.path for f in verify_package(p).files] == ["B1/a.txt", "B1/b.jpg"]


HAND_MADE = [
    ("local_name_differs", {"local_name": "B1/x.txt"}, "entry 'B1/a.txt': data do not match the archive's header"),
    ("bad_crc", {"crc": 12345}, "entry 'B1/a.txt': data do not match the archive's header (bad CRC-32)"),
    ("bytes_after_the_stream", {"raw": _deflate(TEXT) + b"hidden"}, "bytes after the end of the compressed data"),
    ("stream_cut_short", {"raw": _deflate(TEXT)[:40]}, "entry 'B1/a.txt': damaged compressed data"),
    ("not_deflate", {"raw": b"\xff" * 64}, "entry 'B1/a.txt': damaged compressed data"),
    ("patched_data_flag", {"flags": 0x20}, "entry 'B1/a.txt': holds patch data (ZIP flag bit 5)"),
    ("data_run_into_the_next_entry", {"local_extra": 500}, "its data run past the next entry"),
    ("stored_sizes_differ", {"method": 0, "raw": TEXT[:-1]}, "stored, yet"),
]


@pytest.mark.parametrize("case", HAND_MADE, ids=[c[0] for c in HAND_MADE])
def test_hand_made_lies_are_refused_in_one_line(case, tmp_path: Path, kit) -> None:
    _name, over, expected = case
    entry = {"name": "B1/a.txt", "data": TEXT, "raw": _deflate(TEXT), "method": 8, **over}
    p = _raw_zip(tmp_path / "bad.wbpkg", kit, [entry, {"name": "B1/b.jpg", "data": b"x", "raw": b"x", "method": 0}])
    with pytest.raises(PackageError) as e:
        verify_package(p)
    assert expected in str(e.value) and "\n" not in str(e.value)


def test_without_preadv_reads_share_zipfiles_lock(tmp_path: Path, kit, monkeypatch) -> None:
    """Where os.preadv is missing (Windows), two threads and zipfile's image-check streams
    seek the one file object in turn: the same verdict and bytes."""
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (1, 2, 3)).save(buf, "PNG")
    p = tmp_path / "w.wbpkg"
    files = _mixed(kit, p, SIZES)
    with zipfile.ZipFile(p, "a") as zf:  # images among the entries: zipfile streams read too
        for i in range(3):
            zf.writestr(f"B3/p{i}.png", buf.getvalue())
    files.update({f"B3/p{i}.png": buf.getvalue() for i in range(3)})
    _rewrite_manifest(p, canonical_bytes(kit.base_manifest([kit.file_entry(n, d) for n, d in files.items()])))
    monkeypatch.delattr("os.preadv")
    rec = _Recorder()
    with PackageReader(p, Limits(chunk_size=64 * KiB)) as reader:
        check_entries(reader, sink_for=rec.sink_for)
    assert {k: bytes(v) for k, v in rec.data.items()} == files


def _rewrite_manifest(p: Path, manifest: bytes) -> None:
    with zipfile.ZipFile(p) as zin:
        items = [(i, zin.read(i)) for i in zin.infolist() if i.filename != MANIFEST_NAME]
    with zipfile.ZipFile(p, "w") as zout:
        for info, data in items:
            zout.writestr(info, data)
        zout.writestr(MANIFEST_NAME, manifest)


def test_a_sink_that_cannot_be_made_on_the_helper_thread_fails_the_check(big) -> None:
    """A refusal from sink_for (a read-only workspace, a full disk) on either thread is raised
    to the caller, for that entry, and nothing is reported as checked after it."""
    p, files = big
    names = list(files)

    def sink_for(f: dict):  # noqa: ANN202
        if f["path"] == names[-2]:
            raise PackageError("no room for this one")
        return None

    for _ in range(3):
        with PackageReader(p, Limits(chunk_size=64 * KiB)) as reader, \
                pytest.raises(PackageError, match="no room for this one"):
            check_entries(reader, sink_for=sink_for)
