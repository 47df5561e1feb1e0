"""Safe path syntax for package entries: relative, '/'-separated, nothing that escapes."""

from __future__ import annotations

import re
import unicodedata

from workbench.errors import PackageError
from workbench.evidence.limits import Limits

MANIFEST_NAME = "manifest.json"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_DRIVE = re.compile(r"^[A-Za-z]:")


def path_problem(path: str, limits: Limits = Limits()) -> str | None:
    """Why `path` is not a safe entry path, or None if it is.

    Refused: empty, absolute ('/x'), backslashes, drive letters or any ':' (also NTFS
    streams), control characters, empty segments ('a//b', trailing '/'), '.' and '..'
    segments, over-long paths or segments.
    """
    if not isinstance(path, str) or path == "":
        return "empty path"
    if path.startswith("/"):
        return "absolute path (starts with '/')"
    if "\\" in path:
        return "backslash in path (use '/' between folders)"
    if _DRIVE.match(path):
        return "drive letter in path"
    if ":" in path:
        return "':' in path"
    if _CONTROL.search(path):
        return "control character in path"
    if len(path.encode("utf-8", "surrogatepass")) > limits.max_path_length:
        return f"path longer than {limits.max_path_length} bytes"
    for seg in path.split("/"):
        if seg == "":
            return "empty path segment ('//' or a trailing '/')"
        if seg in (".", ".."):
            return f"'{seg}' segment in path"
        if len(seg.encode("utf-8", "surrogatepass")) > limits.max_segment_length:
            return f"path segment longer than {limits.max_segment_length} bytes"
    return None


def check_path(path: str, *, where: str, limits: Limits = Limits()) -> None:
    problem = path_problem(path, limits)
    if problem:
        raise PackageError(f"{where} {path!r}: {problem}; the package is refused",
                           hint="entry paths must be relative, '/'-separated, without '..'")


def collision_key(path: str) -> str:
    """Paths that differ only in case or Unicode normalisation name the same file on
    Windows and macOS, so the manifest may list only one of them."""
    return unicodedata.normalize("NFC", path).casefold()
