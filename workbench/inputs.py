"""Checks every reader of untrusted input shares: regular files only, strict JSON.

Files: a FIFO given where a package or score file is expected blocks `open()` for ever, a
device streams without end, a folder or socket fails with an obscure error. `check_regular`
refuses all of them by `os.stat` before anything is opened, and `open_regular` opens with
O_NONBLOCK and re-checks the opened descriptor, so a path swapped for a FIFO between the two
cannot hang the program.

JSON: `json.loads` accepts `"\\ud800"` escapes (a lone surrogate no UTF-8 encoder can write
back, so hashing or printing it raises later) and raises a bare ValueError for integers of
more than 4,300 digits. `loads_json` refuses both with one line that names the field, and can
refuse duplicate keys, fractions and NaN/Infinity as well.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from workbench import portable
from workbench.errors import WorkbenchError

ErrorType = type[WorkbenchError]

_KINDS = {stat.S_IFDIR: "a folder", stat.S_IFIFO: "a named pipe (FIFO)", stat.S_IFCHR: "a character device",
          stat.S_IFBLK: "a block device", stat.S_IFSOCK: "a socket", stat.S_IFLNK: "a symbolic link"}

_HINT = "give the path of an ordinary file, not a pipe, device or folder"
MAX_INT_DIGITS = 15  # any count or size the workbench reads fits; 4,300 digits would raise in int()


def file_kind(mode: int) -> str:
    """"a named pipe (FIFO)", "a folder", … for a non-regular st_mode; "a regular file" otherwise."""
    if stat.S_ISREG(mode):
        return "a regular file"
    return _KINDS.get(stat.S_IFMT(mode), "not a regular file")


def check_regular(path: str | os.PathLike[str], *, what: str, error: ErrorType = WorkbenchError) -> os.stat_result:
    """The stat of `path` if it is a regular file (symbolic links followed); else `error`."""
    p = Path(path)
    try:
        st = os.stat(p)
    except FileNotFoundError:
        raise error(f"{p}: no such file") from None
    except OSError as e:
        raise error(f"{p}: cannot read ({e.strerror or e})") from None
    if not stat.S_ISREG(st.st_mode):
        raise error(f"{p}: is {file_kind(st.st_mode)}, not a {what}", hint=_HINT)
    return st


def open_regular(path: str | os.PathLike[str], *, what: str, error: ErrorType = WorkbenchError) -> IO[bytes]:
    """Open a regular file for binary reading, never blocking on a FIFO or a device."""
    check_regular(path, what=what, error=error)
    p = Path(path)
    flags = os.O_RDONLY | portable.NONBLOCK | getattr(os, "O_NOCTTY", 0) | portable.BINARY
    try:
        fd = os.open(p, flags)
    except FileNotFoundError:
        raise error(f"{p}: no such file") from None
    except OSError as e:
        raise error(f"{p}: cannot open ({e.strerror or e})") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):  # swapped after the first check
            raise error(f"{p}: is {file_kind(st.st_mode)}, not a {what}", hint=_HINT)
        if portable.NONBLOCK:  # only undo what was done: Windows' os.set_blocking (3.12+) takes pipes only
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: str | os.PathLike[str], *, what: str, max_bytes: int,
                 error: ErrorType = WorkbenchError) -> bytes:
    """All bytes of a regular file of at most `max_bytes` bytes."""
    p = Path(path)
    with open_regular(p, what=what, error=error) as f:
        try:
            data = f.read(max_bytes + 1)
        except OSError as e:
            raise error(f"{p}: cannot read ({e.strerror or e})") from None
    if len(data) > max_bytes:
        raise error(f"{p}: larger than {max_bytes:,} bytes; not a {what}")
    return data


# -- JSON -------------------------------------------------------------------------------------

class _Refused(ValueError):
    pass


class _HugeInt:
    """Stands in for an integer with too many digits until the walk names its field."""

    __slots__ = ("digits",)

    def __init__(self, digits: int) -> None:
        self.digits = digits


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def field_path(path: tuple[Any, ...]) -> str:
    """("files", 3, "title") -> "files[3].title"; keys are shown safely (repr) when odd."""
    out = ""
    for p in path:
        if isinstance(p, int) and not isinstance(p, bool):
            out += f"[{p}]"
        elif not isinstance(p, str):
            out += f".{p!r}" if out else repr(p)
        else:
            text = p if p.isprintable() and not _LONE_SURROGATE.search(p) else repr(p)
            out += f".{text}" if out else text
    return out or "(top level)"


def _walk_for_problems(doc: Any, max_int_digits: int) -> str | None:
    """The first lone surrogate or over-long integer, as "field: problem"; iterative, so any
    depth json.loads accepted is walked without recursion."""
    stack: list[tuple[tuple[Any, ...], Any]] = [((), doc)]
    while stack:
        path, v = stack.pop()
        if isinstance(v, str):
            if _LONE_SURROGATE.search(v):
                return (f"{field_path(path)}: the text holds an invalid character (a lone UTF-16 "
                        "surrogate such as \\ud800); write valid Unicode")
        elif isinstance(v, _HugeInt):
            return (f"{field_path(path)}: a number of {v.digits:,} digits is out of range "
                    f"(at most {max_int_digits} digits)")
        elif isinstance(v, dict):
            for k in reversed(list(v)):
                if _LONE_SURROGATE.search(k):
                    return (f"{field_path(path)}: the key {k!r} holds an invalid character (a lone "
                            "UTF-16 surrogate); write valid Unicode")
                stack.append((path + (k,), v[k]))
        elif isinstance(v, list):
            stack.extend((path + (i,), x) for i, x in reversed(list(enumerate(v))))
    return None


def loads_json(data: bytes | str, *, what: str, error: ErrorType = WorkbenchError,
               refuse_duplicates: bool = True, refuse_floats: bool = False,
               max_int_digits: int = MAX_INT_DIGITS) -> Any:
    """Parse untrusted JSON strictly; every refusal is one line `error(f"{what}: …")`.

    UTF-8 only (a leading BOM is tolerated), no NaN/Infinity, no lone surrogates, no
    integer longer than `max_int_digits` digits; duplicate keys (whose value wins is up to
    the parser) and, on request, numbers with a fraction or exponent are refused.
    """
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            raise error(f"{what}: not UTF-8 (byte {e.start})") from None
    else:
        text = data
        if _LONE_SURROGATE.search(text):
            raise error(f"{what}: the text holds an invalid character (a lone UTF-16 surrogate)")
    text = text.removeprefix("\ufeff")
    huge = False

    def parse_int(s: str) -> int | _HugeInt:
        nonlocal huge
        digits = len(s) - s.startswith("-")
        if digits > max_int_digits:
            huge = True
            return _HugeInt(digits)
        return int(s)

    hooks: dict[str, Callable[..., Any]] = {"parse_int": parse_int, "parse_constant": _no_constant}
    if refuse_duplicates:
        hooks["object_pairs_hook"] = _no_duplicate_keys
    if refuse_floats:
        hooks["parse_float"] = _no_float
    try:
        doc = json.loads(text, **hooks)
    except _Refused as e:
        raise error(f"{what}: {e}") from None
    except json.JSONDecodeError as e:
        raise error(f"{what}: not valid JSON (line {e.lineno}, column {e.colno}: {e.msg})") from None
    except RecursionError:
        raise error(f"{what}: nested too deeply") from None
    except ValueError as e:  # nothing else is expected; still one line, never a traceback
        raise error(f"{what}: not valid JSON ({str(e)[:120]})") from None
    if huge or _SURROGATE_ESCAPE.search(text):
        problem = _walk_for_problems(doc, max_int_digits)
        if problem:
            raise error(f"{what}: {problem}")
    return doc


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict:
    d: dict = {}
    for k, v in pairs:
        if k in d:
            raise _Refused(f"key {k!r} appears twice in one object")
        d[k] = v
    return d


def _no_float(text: str) -> Any:
    raise _Refused(f"number {text[:40]} has a fraction or exponent; write decimals as strings (\"1.5\")")


def _no_constant(text: str) -> Any:
    raise _Refused(f"{text} is not JSON")
