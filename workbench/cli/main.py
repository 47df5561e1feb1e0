"""The command-line interface: `workbench <command> …`.

Each `workbench/cli/cmd_*.py` module adds its commands with `register(subparsers)`;
a command's handler takes the parsed args and returns an exit code. A WorkbenchError
becomes one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

import workbench.cli as cli_pkg
from workbench.errors import WorkbenchError


def command_modules() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(cli_pkg.__path__) if m.name.startswith("cmd_"))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="workbench",
        description="Workbench (评估工作台): evidence, scoring, signing and printing for "
        "smart-campus evaluation panels. With no command, opens the window.",
    )
    parser.add_argument("--workspace", metavar="DIR", help="workspace folder (default: $WORKBENCH_HOME or the user data folder)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in command_modules():
        importlib.import_module(f"workbench.cli.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        # A command group given without its sub-command ("workbench rubric").
        target = getattr(args, "group_parser", parser)
        target.print_help(sys.stderr)
        return 2
    try:
        return int(handler(args) or 0)
    except WorkbenchError as e:
        print(f"workbench: {e}", file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        print("workbench: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def add_group(sub: argparse._SubParsersAction, name: str, help: str) -> argparse._SubParsersAction:
    """A command with sub-commands (`workbench rubric show`); prints its help when bare."""
    p = sub.add_parser(name, help=help, description=help)
    p.set_defaults(group_parser=p)
    return p.add_subparsers(dest=f"{name}_command", metavar="COMMAND")


def add_workspace_arg(p: argparse.ArgumentParser) -> None:
    """`--workspace DIR` on a sub-command too, so it can stand after the command name."""
    p.add_argument("--workspace", metavar="DIR", default=argparse.SUPPRESS,
                   help="workspace folder (default: $WORKBENCH_HOME or the user data folder)")
