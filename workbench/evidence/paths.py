"""Safe path syntax for package entries: relative, '/'-separated, nothing that escapes."""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePosixPath

from workbench.errors import PackageError
from workbench.evidence.limits import Limits
from workbench.portable import is_reserved_name

MANIFEST_NAME = "manifest.json"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_DRIVE = re.compile(r"^[A-Za-z]:")
# Characters that reorder how a name is displayed ("exe.pdf" shown for "\u202efdp.exe").
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_WINDOWS_FORBIDDEN = re.compile(r'[<>:"|?*]')
# Types Windows (or a desktop) runs when the file is "opened": never the last of two extensions.
EXECUTABLE_SUFFIXES = frozenset({
    ".exe", ".com", ".scr", ".pif", ".bat", ".cmd", ".vbs", ".vbe", ".js", ".jse", ".wsf", ".wsh",
    ".msi", ".msp", ".mst", ".hta", ".cpl", ".jar", ".ps1", ".psm1", ".lnk", ".reg", ".dll", ".msc",
    ".inf", ".scf", ".url", ".application", ".gadget", ".appref-ms", ".sh", ".desktop", ".app",
})


def path_problem(path: str, limits: Limits = Limits()) -> str | None:
    """Why `path` is not a safe entry path, or None if it is.

    Refused: empty, absolute ('/x'), backslashes, drive letters or any ':' (also NTFS
    streams), control characters, empty segments ('a//b', trailing '/'), '.' and '..'
    segments, over-long paths or segments; and what Windows treats specially or what
    disguises a type: `<>"|?*`, bidi controls, names ending in a dot or space, device names
    (CON, AUX, COM1, … with any extension), a double extension ending in an executable type.
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
    if any("\ud800" <= ch <= "\udfff" for ch in path):
        return "name is not valid text (not UTF-8)"
    if _BIDI.search(path):
        return "bidirectional control character in path (it can disguise a file's type)"
    if _WINDOWS_FORBIDDEN.search(path):
        return "character Windows forbids in file names (< > : \" | ? *)"
    if len(path.encode("utf-8", "surrogatepass")) > limits.max_path_length:
        return f"path longer than {limits.max_path_length} bytes"
    for seg in path.split("/"):
        if seg == "":
            return "empty path segment ('//' or a trailing '/')"
        if seg in (".", ".."):
            return f"'{seg}' segment in path"
        if len(seg.encode("utf-8", "surrogatepass")) > limits.max_segment_length:
            return f"path segment longer than {limits.max_segment_length} bytes"
        problem = windows_name_problem(seg)
        if problem:
            return problem
    return None


def windows_name_problem(name: str) -> str | None:
    """Why Windows would not treat `name` (one path segment) as an ordinary file, or None."""
    if name.endswith((".", " ")):
        return f"name {name!r} ends with a dot or a space, which Windows drops"
    if is_reserved_name(name):  # device names Windows opens instead of a file
        return (f"name {name!r} is a device name Windows reserves (CON, PRN, AUX, NUL, COM1–COM9, "
                "LPT1–LPT9, with any extension)")
    suffixes = [x.lower() for x in PurePosixPath(name).suffixes]
    if len(suffixes) >= 2 and suffixes[-1] in EXECUTABLE_SUFFIXES:
        return (f"name {name!r} ends in a second, executable extension ({suffixes[-1]}): a "
                "disguised program")
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
