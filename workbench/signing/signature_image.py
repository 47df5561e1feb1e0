"""The handwritten signature image stored with an identity (signature.png), printed on forms."""

from __future__ import annotations

import io
import os
from pathlib import Path

from workbench.atomic import atomic_write
from workbench.errors import SignatureError
from workbench.signing.certs import read_file

SIGNATURE_IMAGE = "signature.png"
MAX_SIGNATURE_IMAGE = 8 << 20
MAX_SIGNATURE_PIXELS = 4096 * 2048  # a drawn signature; a decompression bomb is refused
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def signature_image_path(directory: str | Path) -> Path:
    return Path(directory) / SIGNATURE_IMAGE


def check_signature_png(png: bytes) -> None:
    """A PNG that decodes completely, of a size a signature has; one line otherwise."""
    from PIL import Image

    if not png.startswith(_PNG_MAGIC):
        raise SignatureError("the signature image must be a PNG")
    try:
        with Image.open(io.BytesIO(png), formats=["PNG"]) as im:
            w, h = im.size
            if w * h > MAX_SIGNATURE_PIXELS:
                raise SignatureError(f"the signature image is {w}×{h} pixels, more than a signature needs",
                                     hint="crop or scale it to at most 4096×2048")
            im.load()
    except SignatureError:
        raise
    except Exception:  # noqa: BLE001 - Pillow raises many kinds for a damaged or hostile PNG
        raise SignatureError("the signature image is not a readable PNG (truncated or damaged)",
                             hint="save it again as PNG, or draw it in the window") from None


def save_signature_image(directory: str | Path, png: bytes) -> Path:
    """Store the drawn signature (PNG bytes) with the identity; the GUI pad calls this."""
    from workbench.signing.identity import CERT_FILE

    check_signature_png(png)
    if not (Path(directory) / CERT_FILE).exists():
        raise SignatureError(f"{directory}: no identity here; create the identity before drawing its signature")
    return atomic_write(signature_image_path(directory), png, what="signature image")


def load_signature_image(directory: str | Path) -> bytes | None:
    p = signature_image_path(directory)
    if not os.path.lexists(p):
        return None
    data = read_file(p, "signature image", MAX_SIGNATURE_IMAGE)
    return data if data.startswith(_PNG_MAGIC) else None
