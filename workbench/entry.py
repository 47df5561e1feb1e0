"""The `workbench` command: the GUI with no sub-command, the CLI otherwise.

Kept apart from `workbench.cli` so that the CLI never imports Qt, even lazily
(the import-linter contract in pyproject.toml checks that).
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    gui_flags = {"--workspace", "--lang"}
    if not args or (args[0] in gui_flags and not _has_subcommand(args)):
        from workbench.ui.app import run_gui

        return run_gui(args)
    from workbench.cli.main import main as cli_main

    _quiet_libraries()
    return cli_main(args)


def _quiet_libraries() -> None:
    """The CLI's stderr carries its own one-line messages only.

    Libraries log (pyHanko logs a traceback for an untrusted signer), warn (openpyxl, Pillow)
    and report exceptions in destructors at exit; none of it is for the user, so it goes
    nowhere unless WORKBENCH_DEBUG=1. Only for the process: tests calling the CLI in-process
    keep their own logging and warning capture.
    """
    import os

    if os.environ.get("WORKBENCH_DEBUG") == "1":
        return
    import logging
    import warnings

    logging.getLogger().addHandler(logging.NullHandler())  # no "last resort" printing to stderr
    logging.getLogger().setLevel(logging.CRITICAL + 1)
    warnings.simplefilter("ignore")
    sys.unraisablehook = lambda unraisable: None


def _has_subcommand(args: list[str]) -> bool:
    """True when something other than the GUI's own options is given."""
    skip = False
    for a in args:
        if skip:
            skip = False
            continue
        if a in ("--workspace", "--lang"):
            skip = True
            continue
        if a.startswith("--workspace=") or a.startswith("--lang="):
            continue
        return True
    return False


if __name__ == "__main__":
    raise SystemExit(main())
