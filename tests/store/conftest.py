"""A workspace with the demo school imported, and a reviewer."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from workbench.evidence import DEMO_SCHOOL_CODE, demo_package_path, import_package
from workbench.store import Reviewer, Workspace


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    w = Workspace.open(tmp_path / "ws")
    import_package(w, demo_package_path())
    yield w
    w.close()


@pytest.fixture
def me(ws: Workspace) -> Reviewer:
    return ws.set_local_reviewer("王老师", "麻江县电教站", "member")


CODE = DEMO_SCHOOL_CODE


def jpeg_with_exif(path: Path, *, size: tuple[int, int] = (64, 48), orientation: int = 1,
                   taken: str | None = "2026:11:20 09:30:15",
                   gps: tuple[float, float] | None = (26.4936, 107.5917), color: str = "red") -> Path:
    """A small JPEG with the EXIF a phone writes: orientation, DateTimeOriginal, GPS."""
    from PIL import ExifTags

    im = Image.new("RGB", size, color)
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    if taken:
        exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = taken
    if gps:
        def dms(x: float) -> tuple[float, float, float]:
            d = int(x)
            m = int((x - d) * 60)
            return (d, m, round(((x - d) * 60 - m) * 60, 4))

        g = exif.get_ifd(ExifTags.IFD.GPSInfo)
        g[ExifTags.GPS.GPSLatitudeRef] = "N" if gps[0] >= 0 else "S"
        g[ExifTags.GPS.GPSLatitude] = dms(abs(gps[0]))
        g[ExifTags.GPS.GPSLongitudeRef] = "E" if gps[1] >= 0 else "W"
        g[ExifTags.GPS.GPSLongitude] = dms(abs(gps[1]))
    buf = io.BytesIO()
    im.save(buf, "JPEG", exif=exif)
    path.write_bytes(buf.getvalue())
    return path
