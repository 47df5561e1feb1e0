#!/usr/bin/env python3
"""Benchmark: thumbnails of 200 12-megapixel JPEGs, ours vs a plain Pillow loop.

    .venv/bin/python bench/bench_thumbnails.py            # 200 photos, 4000 × 3000
    .venv/bin/python bench/bench_thumbnails.py --count 40 # quick

Both sides make a 256-px upright JPEG thumbnail of every photo.
  - floor: the best plain Pillow loop: Image.open, thumbnail first (it asks the JPEG decoder
           for a reduced size: draft), then exif_transpose of the small image, save
  - reference: the naive loop (exif_transpose first, which decodes all 12 MP; flatters us)
  - ours:  workbench.photos.thumbnail(ws, sha) for photos imported into a workspace
           (header limit check, draft-mode decode, exif_transpose, atomic cache write),
           serially, then on a 2-thread pool as the window runs it, then again from cache.
Ratio = ours / floor (time); < 1 is faster than the plain loop.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import ExifTags, Image, ImageOps  # noqa: E402

from workbench.evidence import DEMO_SCHOOL_CODE, demo_package_path, import_package  # noqa: E402
from workbench.photos import thumbnail  # noqa: E402
from workbench.store import Workspace  # noqa: E402


def make_photo(w: int, h: int) -> bytes:
    """A 12-MP JPEG with a phone's EXIF (rotated, with capture time), detailed enough to
    compress like a photo: a gradient with noise."""
    base = Image.linear_gradient("L").resize((w, h)).convert("RGB")
    noise = Image.effect_noise((w, h), 40).convert("RGB")
    im = Image.blend(base, noise, 0.5)
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = "2026:11:20 09:30:15"
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=88, exif=exif)
    return buf.getvalue()


def plain_loop(files: list[Path], out: Path) -> None:
    """The floor: reduce while decoding (draft, via thumbnail), then turn the small image upright."""
    out.mkdir(exist_ok=True)
    for f in files:
        with Image.open(f) as im:
            im.thumbnail((256, 256))
            im = ImageOps.exif_transpose(im)
            im.save(out / (f.stem + ".jpg"), "JPEG", quality=85)


def naive_loop(files: list[Path], out: Path) -> None:
    """Reference only: exif_transpose first decodes every pixel before shrinking."""
    out.mkdir(exist_ok=True)
    for f in files:
        with Image.open(f) as im:
            im = ImageOps.exif_transpose(im)
            im.thumbnail((256, 256))
            im.save(out / (f.stem + ".jpg"), "JPEG", quality=85)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--width", type=int, default=4000)
    ap.add_argument("--height", type=int, default=3000)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        src = t / "photos"
        src.mkdir()
        photo = make_photo(a.width, a.height)
        files = []
        for i in range(a.count):  # distinct bytes (a JPEG comment), so each is its own blob
            p = src / f"p{i:03d}.jpg"
            p.write_bytes(photo[:2] + b"\xff\xfe" + (6).to_bytes(2, "big") + f"{i:04d}".encode() + photo[2:])
            files.append(p)
        print(f"{a.count} JPEGs of {a.width} × {a.height} ({len(photo) / 1e6:.1f} MB each)")

        plain_loop(files[:2], t / "warm")  # page cache and Pillow's plugins warm for both
        t0 = time.perf_counter()
        plain_loop(files, t / "plain")
        floor = time.perf_counter() - t0
        t0 = time.perf_counter()
        naive_loop(files, t / "naive")
        naive = time.perf_counter() - t0
        with Image.open(t / "plain" / "p000.jpg") as x, Image.open(t / "naive" / "p000.jpg") as y:
            assert x.size == y.size, (x.size, y.size)  # same upright thumbnail either way

        ws = Workspace.open(t / "ws")
        import_package(ws, demo_package_path())  # a school to attach the photos to
        t0 = time.perf_counter()
        photos = ws.import_photos(DEMO_SCHOOL_CODE, files, None)
        imp = time.perf_counter() - t0
        shas = [p.sha256 for p in photos]

        half = len(shas) // 2
        t0 = time.perf_counter()
        for sha in shas[:half]:
            thumbnail(ws, sha)
        serial = (time.perf_counter() - t0) * len(shas) / half
        t0 = time.perf_counter()
        with ThreadPoolExecutor(2) as ex:
            list(ex.map(thumbnail, [ws] * (len(shas) - half), shas[half:]))
        pooled = (time.perf_counter() - t0) * len(shas) / (len(shas) - half)
        t0 = time.perf_counter()
        for sha in shas:
            thumbnail(ws, sha)
        cached = time.perf_counter() - t0
        ws.close()

    n = a.count
    print(f"floor: best plain Pillow loop       {floor:7.2f} s  ({floor / n * 1000:6.1f} ms a photo)")
    print(f"(reference: naive loop, full decode {naive:7.2f} s  ({naive / n * 1000:6.1f} ms)  "
          f"ratio to floor {naive / floor:.2f})")
    print(f"ours:  thumbnail(), one thread      {serial:7.2f} s  ({serial / n * 1000:6.1f} ms)  "
          f"ratio {serial / floor:.2f}")
    print(f"ours:  thumbnail(), 2-thread pool   {pooled:7.2f} s  ({pooled / n * 1000:6.1f} ms)  "
          f"ratio {pooled / floor:.2f}")
    print(f"ours:  cached (second view)         {cached:7.3f} s  ({cached / n * 1000:6.2f} ms)  "
          f"ratio {cached / floor:.4f}")
    print(f"import (copy + hash + EXIF)         {imp:7.2f} s  ({imp / n * 1000:6.1f} ms a photo)")


if __name__ == "__main__":
    main()
