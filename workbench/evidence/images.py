"""Decompression-bomb check for image entries: Pillow reads the header on the entry's own
stream, wherever in the file the header is; nothing is decoded.

The check used to look at a fixed first 1 MiB: a JPEG whose frame header (SOF) came after
1 MiB of APP segments parsed as "not an image" and passed, and the window, the thumbnailer
and the system viewer later met its real size. Now Pillow reads the entry's stream as far
as it needs; what it holds on the way (JPEG APP segments) is bounded by
`Limits.image_header_bytes`, and an entry whose content starts like an image but whose size
is not found within that budget is refused rather than passed.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable
from typing import IO

from PIL import (  # noqa: F401 - registers exactly the plugins FORMATS names, at import
    BmpImagePlugin,
    GifImagePlugin,
    IcoImagePlugin,
    Image,
    JpegImagePlugin,
    MpoImagePlugin,
    PngImagePlugin,
    PpmImagePlugin,
    TiffImagePlugin,
    WebPImagePlugin,
)

from workbench.evidence.limits import Limits

# What the window (Qt) and the thumbnailer (Pillow) would decode; the rest is never decoded.
FORMATS = ("JPEG", "PNG", "GIF", "BMP", "TIFF", "WEBP", "PPM", "ICO")  # MPO opens through JPEG


class _OverBudget(Exception):
    pass


class _Budget(io.RawIOBase):
    """A read-only view of a stream that refuses to hand out more than `budget` bytes in all
    (seeks are passed through: skipping costs time, not memory)."""

    def __init__(self, raw: IO[bytes], budget: int) -> None:
        super().__init__()
        self.raw, self.left = raw, budget

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, b) -> int:  # noqa: ANN001 - a writable buffer
        n = len(b)
        if n > self.left:
            if self.left <= 0:
                raise _OverBudget
            n = self.left
        data = self.raw.read(n)
        b[:len(data)] = data
        self.left -= len(data)
        return len(data)

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self.raw.seek(offset, whence)

    def tell(self) -> int:
        return self.raw.tell()


def claimed_format(prefix: bytes) -> str | None:
    """The image format whose magic `prefix` carries, by Pillow's own plugin tests."""
    for fmt in FORMATS:
        entry = Image.OPEN.get(fmt)
        if entry is None:
            continue
        accept = entry[1]
        try:
            if accept is None or accept(prefix):
                return fmt
        except Exception:  # noqa: BLE001, S112 - a plugin's test failing on odd bytes is a "no"
            continue
    return None


def image_problem_stream(open_stream: Callable[[], IO[bytes]], limits: Limits) -> str | None:
    """Why the entry whose data `open_stream()` returns must be refused, or None.

    Bytes that no image plugin claims pass (they are never decoded as an image). A claimed
    image passes only if its width × height is within `limits.max_image_pixels`; one whose
    size cannot be found within `limits.image_header_bytes` of reading is refused.
    """
    with open_stream() as raw:
        prefix = raw.read(16)
        fmt = claimed_format(prefix)
        if fmt is None:
            return None
        raw.seek(0)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # DecompressionBombWarning: compared below instead
                with Image.open(io.BufferedReader(_Budget(raw, limits.image_header_bytes)),
                                formats=FORMATS) as im:
                    width, height = im.size
        except _OverBudget:
            return (f"starts like a {fmt} image but its size is not found within the first "
                    f"{limits.image_header_bytes:,} bytes; refused rather than passed unchecked")
        except Image.DecompressionBombError as e:  # over twice Pillow's global limit (photos.py)
            return f"an image too large to decode safely ({e})"
        except Exception:  # noqa: BLE001 - a header Pillow cannot parse is never decoded by it
            return None
    if width * height > limits.max_image_pixels:
        return (f"an image of {width} × {height} pixels, over the limit of "
                f"{limits.max_image_pixels:,} pixels (a decompression bomb?)")
    return None


def image_problem(head: bytes, limits: Limits) -> str | None:
    """The same check on bytes already in memory (a whole small file)."""
    return image_problem_stream(lambda: io.BytesIO(head), limits)
