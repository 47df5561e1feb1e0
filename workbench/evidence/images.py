"""Decompression-bomb check for image entries: dimensions from the header, no decoding."""

from __future__ import annotations

import io
import warnings

from PIL import Image

from workbench.evidence.limits import Limits


def image_problem(head: bytes, limits: Limits) -> str | None:
    """Why the image whose first bytes are `head` must be refused, or None.

    Pillow's `Image.open` reads only the header (size and mode), so a 100,000 × 100,000
    PNG of a few KB costs nothing here. Bytes Pillow cannot identify are not an image it
    would ever decode, so they pass (the thumbnailer applies its own limit as well).
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(io.BytesIO(head)) as im:
                width, height = im.size
    except Image.DecompressionBombError as e:  # over twice Pillow's own global limit
        return f"an image too large to decode safely ({e})"
    except Exception:  # noqa: BLE001 - any header Pillow cannot parse is simply not an image
        return None
    if width * height > limits.max_image_pixels:
        return (f"an image of {width} × {height} pixels, over the limit of "
                f"{limits.max_image_pixels:,} pixels (a decompression bomb?)")
    return None
