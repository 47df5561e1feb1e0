"""On-site photos: read what a photo says about itself, and make upright thumbnails.

EXIF capture time, GPS and orientation are read at import because later copies
(thumbnails, prints, re-saves) lose them. Photos come from cameras and phones the
workbench does not control, so every header is checked before anything is decoded.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import warnings
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import ExifTags, Image, ImageOps

from workbench.atomic import WriteError, atomic_write
from workbench.errors import StoreError

if TYPE_CHECKING:
    from workbench.store import Workspace

MAX_PIXELS = 120_000_000  # a 50-MP phone photo fits; a decompression bomb does not
Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # deliberate: Pillow raises past 2× this
PHOTO_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".tif", ".tiff", ".webp", ".bmp"})
THUMB_FORMAT = "JPEG"


@dataclass(frozen=True)
class PhotoMeta:
    width: int  # as stored (before orientation)
    height: int
    orientation: int  # EXIF 1..8; 1 = upright
    taken_at: dt.datetime | None  # camera local time, as EXIF records it (no zone)
    gps: tuple[float, float] | None  # (latitude, longitude)


def _rational(v: object) -> float:
    return float(v)  # IFDRational / int / float all convert


def _gps(ifd: dict) -> tuple[float, float] | None:
    try:
        lat, lat_ref = ifd[ExifTags.GPS.GPSLatitude], ifd.get(ExifTags.GPS.GPSLatitudeRef, "N")
        lon, lon_ref = ifd[ExifTags.GPS.GPSLongitude], ifd.get(ExifTags.GPS.GPSLongitudeRef, "E")
        la = sum(_rational(x) / 60**i for i, x in enumerate(lat))
        lo = sum(_rational(x) / 60**i for i, x in enumerate(lon))
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return None
    if isinstance(lat_ref, bytes):
        lat_ref = lat_ref.decode("ascii", "replace")
    if isinstance(lon_ref, bytes):
        lon_ref = lon_ref.decode("ascii", "replace")
    la, lo = (-la if str(lat_ref).upper().startswith("S") else la), (-lo if str(lon_ref).upper().startswith("W") else lo)
    if not (-90 <= la <= 90 and -180 <= lo <= 180):
        return None
    return round(la, 7), round(lo, 7)


def _taken_at(exif: Image.Exif) -> dt.datetime | None:
    sub = exif.get_ifd(ExifTags.IFD.Exif)
    for value in (sub.get(ExifTags.Base.DateTimeOriginal), sub.get(ExifTags.Base.DateTimeDigitized),
                  exif.get(ExifTags.Base.DateTime)):
        if isinstance(value, str):
            with contextlib.suppress(ValueError):
                return dt.datetime.strptime(value.strip().rstrip("\x00"), "%Y:%m:%d %H:%M:%S")
    return None


def read_meta(path: str | Path) -> PhotoMeta:
    """Dimensions and EXIF facts from the header only. Raises StoreError if not a usable photo."""
    name = Path(path).name
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as im:
                w, h = im.size
                if w * h > MAX_PIXELS:
                    raise StoreError(f"{name}: {w} × {h} pixels is over the limit of {MAX_PIXELS:,}")
                exif = im.getexif()
                orientation = exif.get(ExifTags.Base.Orientation, 1)
                if not isinstance(orientation, int) or not 1 <= orientation <= 8:
                    orientation = 1
                return PhotoMeta(w, h, orientation, _taken_at(exif), _gps(exif.get_ifd(ExifTags.IFD.GPSInfo)))
    except StoreError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        raise StoreError(f"{name}: too large to decode safely ({e})") from None
    except (OSError, SyntaxError, ValueError) as e:
        raise StoreError(f"{name}: not a photo this workbench can read ({e})",
                         hint="use JPEG, PNG, TIFF, WebP or BMP") from None


def thumbnail(ws: Workspace, sha256: str, size: int = 256) -> Path:
    """The cached, upright thumbnail (at most size × size) of a stored image.

    Slow the first time (decodes the photo): call it off the UI thread. Safe to call from
    several threads at once: the cache file appears atomically. A read-only workspace
    keeps its thumbnails in the user's cache folder (`Workspace.thumbs_root`).
    """
    out = ws.thumbs_root / str(size) / sha256[:2] / f"{sha256}.jpg"
    if out.is_file():
        return out
    src = ws.blobs.path(sha256)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(src) as im:
                if im.size[0] * im.size[1] > MAX_PIXELS:
                    raise StoreError(f"image {sha256[:12]}… is too large to show")
                im.draft("RGB", (size * 2, size * 2))  # JPEG: decode at reduced scale
                im = ImageOps.exif_transpose(im)
                im.thumbnail((size, size))
                if im.mode not in ("RGB", "L"):
                    im = im.convert("RGB")
                out.parent.mkdir(parents=True, exist_ok=True)
                # a cache: all-or-nothing, but not worth an fsync per photo
                atomic_write(out, lambda f: im.save(f, THUMB_FORMAT, quality=85), what="thumbnail",
                             durable=False)
    except StoreError:
        raise
    except WriteError as e:
        raise StoreError(f"image {sha256[:12]}… cannot be shown: {e.message}", hint=e.hint) from None
    except FileNotFoundError:
        raise StoreError(f"image {sha256[:12]}… is missing from the workspace") from None
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        raise StoreError(f"image {sha256[:12]}… cannot be shown ({e})") from None
    return out


_pool: ThreadPoolExecutor | None = None


def thumbnail_async(ws: Workspace, sha256: str, size: int = 256,
                    executor: ThreadPoolExecutor | None = None) -> Future[Path]:
    """`thumbnail` off the caller's thread: returns a Future at once (a StoreError, if any,
    comes out of `future.result()`). Uses a shared 2-thread pool unless given one."""
    global _pool
    if executor is None:
        if _pool is None:
            _pool = ThreadPoolExecutor(2, thread_name_prefix="thumbnail")
        executor = _pool
    return executor.submit(thumbnail, ws, sha256, size)
