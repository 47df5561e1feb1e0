"""The bundled demo school's package (built by scripts/make_demo.py)."""

from __future__ import annotations

from pathlib import Path

from workbench.errors import PackageError
from workbench.resources import resource

DEMO_FILE = "majiang-demo-school.wbpkg"
DEMO_SCHOOL_CODE = "MJ-PS-001"


def demo_package_path() -> Path:
    """Path of the demo package 麻江县示范路小学 (MJ-PS-001)."""
    p = resource("demo", DEMO_FILE)
    if not p.is_file():
        raise PackageError(f"{p}: the demo package is missing",
                           hint="run `python scripts/make_demo.py` to build it")
    return p
