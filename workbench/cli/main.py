"""The command-line interface: `workbench <command> …`.

Each `workbench/cli/cmd_*.py` module adds its commands with `register(subparsers)`;
a command's handler takes the parsed args and returns an exit code. Every failure is one
line on stderr ("workbench: what is wrong (what to do)") and a non-zero exit, never a
traceback: a WorkbenchError with its own exit code; a usage error 2; what escapes a command
(a full disk, a read-only folder, invalid Unicode, …) 2 through `workbench.cli.failures`;
a bug 70, with its traceback in a log file (WORKBENCH_DEBUG=1 re-raises instead).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import pkgutil
import sys
from typing import NoReturn

import workbench.cli as cli_pkg
from workbench.cli import failures
from workbench.errors import WorkbenchError


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (the full usage is one `--help` away)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {failures.one_line(message)} (see `{self.prog} --help`)\n")


def command_modules() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(cli_pkg.__path__) if m.name.startswith("cmd_"))


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
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
    argv = sys.argv[1:] if argv is None else argv
    args: argparse.Namespace | None = None
    _tolerant_stdout()
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        _refuse_undecodable(parser, args)
        handler = getattr(args, "handler", None)
        if handler is None:
            # A command group given without its sub-command ("workbench rubric").
            target = getattr(args, "group_parser", parser)
            target.print_help(sys.stderr)
            return 2
        code = int(handler(args) or 0)
        sys.stdout.flush()  # a full disk under `> FILE` fails here, not after main returns
        return code
    except WorkbenchError as e:
        return _fail(str(e), e.exit_code)
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    except BrokenPipeError:  # `workbench … | head`: the reader left, nothing to say
        _silence_stdout()
        return 0
    except Exception as e:  # noqa: BLE001 - the last line of defence: never a traceback
        if os.environ.get("WORKBENCH_DEBUG") == "1":
            raise
        said = failures.describe(e)
        if said is not None:
            return _fail(said, failures.EXIT_FAILURE)
        log = failures.write_log(e, argv, getattr(args, "workspace", None))
        return _fail(failures.internal_error_line(e, log), failures.EXIT_INTERNAL)


def _tolerant_stdout() -> None:
    """Windows writes a redirected stdout in the ANSI code page (cp1252 on an English laptop:
    no Chinese), and printing a name then failed halfway as "not valid Unicode". What the
    encoding cannot hold is printed as a \\u escape instead (stderr already does so)."""
    out = sys.stdout
    if out is None or getattr(out, "errors", None) not in ("strict", "surrogateescape") \
            or not hasattr(out, "reconfigure"):  # surrogateescape: what a C locale gives
        return
    if (out.encoding or "").lower().replace("-", "").replace("_", "") in ("utf8", "utf8sig"):
        return
    with contextlib.suppress(AttributeError, ValueError, OSError):
        out.reconfigure(errors="backslashreplace")


def _refuse_undecodable(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """A byte argument that is not UTF-8 arrives as a lone surrogate (surrogateescape); it
    cannot be stored, signed or sent, so it is refused here, once, for every command."""
    for key, value in vars(args).items():
        for v in value if isinstance(value, (list, tuple)) else [value]:
            if isinstance(v, (str, os.PathLike)) and not _is_text(os.fspath(v)):
                raise WorkbenchError(f"argument {_arg_name(parser, key)} is not valid text (not UTF-8)",
                                     hint="rename the file or type the text in a UTF-8 terminal")


def _is_text(value: str | bytes) -> bool:
    if isinstance(value, bytes):
        return True  # not from argv's decoding; nothing to say
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _arg_name(parser: argparse.ArgumentParser, dest: str) -> str:
    """How the user wrote the argument stored in `dest`: its longest option, else its metavar."""
    stack = [parser]
    while stack:
        for action in stack.pop()._actions:
            if isinstance(action, argparse._SubParsersAction):
                stack.extend(action.choices.values())
            elif action.dest == dest:
                if action.option_strings:
                    return max(action.option_strings, key=len)
                return str(action.metavar or dest.upper())
    return dest


def _fail(message: str, code: int) -> int:
    try:
        sys.stderr.write(f"workbench: {failures.one_line(message)}\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass  # stderr itself is gone: the exit code still tells
    return code


def _silence_stdout() -> None:
    """Point stdout at /dev/null so Python's exit-time flush does not complain about the pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def add_group(sub: argparse._SubParsersAction, name: str, help: str) -> argparse._SubParsersAction:
    """A command with sub-commands (`workbench rubric show`); prints its help when bare."""
    p = sub.add_parser(name, help=help, description=help)
    p.set_defaults(group_parser=p)
    return p.add_subparsers(dest=f"{name}_command", metavar="COMMAND")


def add_workspace_arg(p: argparse.ArgumentParser) -> None:
    """`--workspace DIR` on a sub-command too, so it can stand after the command name."""
    p.add_argument("--workspace", metavar="DIR", default=argparse.SUPPRESS,
                   help="workspace folder (default: $WORKBENCH_HOME or the user data folder)")
