"""Work around a PySide6 6.12.0 bug on CPython < 3.12: every call of a Qt method that
returns void hands back `None` without taking a reference (the wheels assume 3.12's
immortal None). Each call so drops None's reference count by one; after ~50,000 calls
(a few minutes in the window, or one test run) CPython aborts with
"Fatal Python error: none_dealloc". PySide6 6.11.3 does not have the bug.

`guard_none_refcount()` raises None's count by 2**40, far beyond any session's calls.
It is a no-op on Python >= 3.12 (None is immortal there) and on other PySide6 versions.
The real fix is to avoid PySide6 6.12.0 on Python 3.11 (a version pin in pyproject.toml).
"""

from __future__ import annotations

import ctypes
import sys

_done = False


def affected() -> bool:
    import PySide6

    return sys.version_info < (3, 12) and PySide6.__version__ == "6.12.0" and sys.implementation.name == "cpython"


def guard_none_refcount() -> bool:
    """Apply the work-around once per process; True when it was needed."""
    global _done
    if _done or not affected():
        return False
    ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40  # ob_refcnt is the first field
    _done = True
    return True
