"""Configurable limits that keep a hostile package from exhausting disk, memory or time."""

from __future__ import annotations

from dataclasses import dataclass

KiB = 1024
MiB = 1024 * KiB
GiB = 1024 * MiB


@dataclass(frozen=True)
class Limits:
    """What verify_package accepts. The defaults fit a real school's package (a few GB of
    photos and scans); tests and the GUI may tighten them."""

    max_entries: int = 100_000
    max_total_size: int = 32 * GiB  # sum of uncompressed entry sizes
    max_entry_size: int = 8 * GiB
    max_ratio: int = 200  # uncompressed / compressed, per entry …
    ratio_min_size: int = 1 * MiB  # … checked only for entries larger than this
    max_manifest_bytes: int = 32 * MiB
    # The central directory is bounded before zipfile parses it (100,000 entries with long
    # Chinese names take ~30 MB); each record's extra fields and comment together at most this.
    max_central_directory_bytes: int = 64 * MiB
    max_record_extra: int = 4 * KiB
    max_image_pixels: int = 120_000_000  # a 50-megapixel phone photo or an A3 600-dpi scan fit
    # Pillow may read this much of an image entry's stream to find its size (JPEG APP segments
    # before the frame header; phone photos with depth maps carry several MB); past it: refused
    image_header_bytes: int = 64 * MiB
    max_path_length: int = 1024  # UTF-8 bytes
    max_segment_length: int = 255  # UTF-8 bytes per path segment
    chunk_size: int = 1 * MiB
