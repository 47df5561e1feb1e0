"""Run `workbench` commands in fresh processes forked from one interpreter that has already
imported the workbench: a run costs a fork (~10 ms) instead of a start-up (~0.45 s), so
hundreds of hostile inputs fit in the time of a few dozen console-script runs.

Each run is its own process, like a console-script run: its own environment, working
folder, stdin from /dev/null, stdout and stderr to files, resource limits (a file-size
limit simulates a full disk without root), optionally without root's power to ignore file
modes (so a read-only folder is read-only even when the tests run as root), and it is
killed after its timeout. It calls
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
                 "workbench.printing.panel_pdf", "workbench.panel.collect", "workbench.panel.document",
                 "workbench.panel.verify", "workbench.panel.status", "workbench.sync.hub.service",
                 "workbench.sync.hub.admin", "workbench.sync.hub.app", "workbench.sync.client", "uvicorn",
                 "pyhanko.sign.validation", "pyhanko.pdf_utils.reader", "openpyxl", "PIL.Image", "sqlite3"):
        with contextlib.suppress(Exception):  # a module another engineer is rewriting may not import
            __import__(name)


def drop_permission_override() -> None:
    """As root, give up the capabilities that ignore file modes (CAP_DAC_OVERRIDE,
    CAP_DAC_READ_SEARCH, CAP_FOWNER), so a folder without write permission is read-only for
    this run as it is for a user; root stays the owner of everything, so the interpreter's
    own files stay readable (switching to `nobody` would lose them under /root)."""
    import ctypes

    class Header(ctypes.Structure):
        _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]

    class Data(ctypes.Structure):
        _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]

    libc = ctypes.CDLL(None, use_errno=True)
    hdr, data = Header(0x20080522, 0), (Data * 2)()  # _LINUX_CAPABILITY_VERSION_3
    if libc.capget(ctypes.byref(hdr), data) != 0:
        raise OSError(ctypes.get_errno(), "capget")
    keep = ~((1 << 1) | (1 << 2) | (1 << 3)) & 0xFFFFFFFF
    data[0].effective &= keep
    data[0].permitted &= keep
    data[0].inheritable &= keep
    if libc.capset(ctypes.byref(hdr), data) != 0:
        raise OSError(ctypes.get_errno(), "capset")


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
        if req.get("obey_permissions") and os.geteuid() == 0:
            drop_permission_override()
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
