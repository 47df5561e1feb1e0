"""Run `workbench` commands in fresh processes forked from one interpreter that has already
imported the workbench: a run costs a fork (~10 ms) instead of a start-up (~0.45 s), so
hundreds of hostile inputs fit in the time of a few dozen console-script runs.

Each run is its own process, like a console-script run: its own environment, working
folder, stdin from /dev/null, stdout and stderr to files, resource limits (a file-size
limit simulates a full disk without root), optionally another user (so a read-only folder
is read-only even when the tests run as root), and it is killed after its timeout. It calls
`workbench.entry.main` (the console script's entry point) and ends as the interpreter would:
an exception that escapes prints Python's own traceback and exits 1.

Protocol: one JSON request per line on stdin, one JSON reply per line on stdout.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import signal
import sys
import time
import traceback


def preload() -> None:
    """Import what commands import lazily, so each forked run starts warm."""
    from workbench.cli.main import build_parser

    build_parser()
    for name in ("workbench.evidence.verify", "workbench.evidence.importer", "workbench.evidence.builder",
                 "workbench.evidence.template", "workbench.store", "workbench.signing.from_sources",
                 "workbench.signing.verify", "workbench.printing.form", "workbench.printing.panel",
                 "workbench.printing.pdfsign", "workbench.printing.xlsx", "workbench.rubric.xlsx",
                 "openpyxl", "PIL.Image"):
        with contextlib.suppress(Exception):  # a module another engineer is rewriting may not import
            __import__(name)


def child(req: dict) -> None:
    """In the forked process: become the requested run, then never return."""
    code = 1
    try:
        os.setsid()  # own process group: a timeout kills whatever it started too
        os.chdir(req["cwd"])
        os.environ.clear()
        os.environ.update(req["env"])
        import tempfile
        tempfile.tempdir = None  # re-read TMPDIR from the run's environment
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        out = os.open(req["stdout"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        err = os.open(req["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(out, 1)
        os.dup2(err, 2)
        for fd in (null, out, err):
            os.close(fd)
        if req.get("fsize") is not None:  # a "full disk": writes past this many bytes fail (EFBIG)
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (req["fsize"], req["fsize"]))
        if req.get("memory"):
            resource.setrlimit(resource.RLIMIT_AS, (req["memory"], req["memory"]))
        if req.get("uid") is not None:
            os.setgroups([])
            os.setgid(req["gid"])
            os.setuid(req["uid"])
        sys.argv = ["workbench", *req["argv"]]
        from workbench.entry import main

        try:
            result = main(req["argv"])
        except SystemExit as e:  # as the interpreter treats it
            result = e.code
        if result is None:
            code = 0
        elif isinstance(result, int):
            code = result
        else:
            print(result, file=sys.stderr)
            code = 1
    except BaseException:  # noqa: BLE001 - what the interpreter would print for an uncaught exception
        with contextlib.suppress(BaseException):
            traceback.print_exc()
        code = 1
    finally:
        with contextlib.suppress(BaseException):
            sys.stdout.flush()
        with contextlib.suppress(BaseException):
            sys.stderr.flush()
        os._exit(code & 0xFF if code >= 0 else 1)


def run(req: dict) -> dict:
    sys.stdout.flush()
    sys.stderr.flush()
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:
        child(req)
    deadline = start + req.get("timeout", 20)
    timed_out = False
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            timed_out = True
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
            break
        time.sleep(0.005)
    return {"rc": os.waitstatus_to_exitcode(status), "timed_out": timed_out,
            "seconds": round(time.monotonic() - start, 3)}


def serve() -> None:
    preload()
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        reply = run(json.loads(line))
        print(json.dumps(reply), flush=True)


if __name__ == "__main__":
    serve()
