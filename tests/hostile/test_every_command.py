"""Every CLI command against every bad input it can receive (issue 8, part 8).

The commands come from the argparse parser itself: a command without an entry in SPECS (specs.py)
fails `test_every_command_has_a_spec`, so a new command cannot be forgotten. A spec builds a
command line whose inputs are all valid (`test_valid_inputs_succeed` proves it) except the
one slot under test, which gets each case of the corpus for its kind. Each run is a fresh
process (forked from a warm interpreter, see forkserver.py; `test_console_script_agrees`
checks a sample against the installed `workbench` program) with its own WORKBENCH_HOME,
HOME, TMPDIR and working folder, and a timeout. For each run:

- the exit code is non-zero (and not a signal or a timeout);
- stderr is exactly one line ("workbench: what is wrong (what to do)"), with no traceback
  and no "internal error" (a bug caught by the last line of defence is still a bug), and
  the run did not exhaust its memory limit (a reader with no size limit would take the
  whole machine's memory outside the test);
- nothing outside the workspace changed: the case's inputs, outputs folder, sentinel
  folder, HOME, TMPDIR and working folder are as they were (paths, types, sizes, mtimes,
  SHA-256), so a failed write left no partial or temporary file and a previous file intact.

A case that fails here names a hole: it stays, failing loudly, until the hole is fixed.
Set HOSTILE_DEBUG=1 to run with WORKBENCH_DEBUG=1 (the last line of defence re-raises), which
shows which cases only pass because of it.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import inspect
import itertools
import json
import os
import queue
import shutil
import sys
import tempfile
import threading
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402
from baseline import Baseline, build, build_hub, build_panel  # noqa: E402
from cli_runner import ForkServer, Run, console_script, diff, snapshot  # noqa: E402
from specs import COMMAND_OPTION_EXEMPT, NOT_YET, OPTION_EXEMPT, SPECS, Inputs, value_options  # noqa: E402

from workbench.cli.main import build_parser  # noqa: E402


# -- the runs ---------------------------------------------------------------------------------
def parser_commands() -> list[str]:
    out: list[str] = []

    def walk(p: argparse.ArgumentParser, prefix: list[str]) -> None:
        subs = [a for a in p._actions if isinstance(a, argparse._SubParsersAction)]  # noqa: SLF001
        if not subs:
            out.append(" ".join(prefix))
            return
        for name, sp in subs[0].choices.items():
            walk(sp, [*prefix, name])

    walk(build_parser(), [])
    return out


def hostile_params() -> Iterator[object]:
    for key, s in SPECS.items():
        for slot in s.slots:
            for c in corpus.cases(slot):
                yield pytest.param(key, slot, c, id=f"{key}|{c.id}")


@pytest.fixture(scope="module")
def area() -> Iterator[Path]:
    """A folder every user can enter (runs as `nobody` need to reach their inputs)."""
    d = Path(tempfile.mkdtemp(prefix="wb-hostile-"))
    os.chmod(d, 0o755)
    yield d
    shutil.rmtree(d, ignore_errors=True)


@pytest.fixture(scope="module")
def base(area: Path) -> Baseline:
    b = build(area / "baseline")
    build_panel(b)
    build_hub(b)
    return b


@pytest.fixture(scope="module")
def server() -> Iterator[ForkServer]:
    s = ForkServer()
    yield s
    s.close()


_counter = itertools.count()
_build_lock = threading.Lock()  # case builders use process-wide state (warnings filters, cwd-free but not thread-safe)
WORKERS = int(os.environ.get("HOSTILE_WORKERS", "3"))  # runs at a time: waits and hangs overlap

# All cases run up front in the first test's set-up (see `outcomes`); each run has its own
# timeout, so the whole batch gets a larger ceiling than the suite's 300 s per test.
pytestmark = pytest.mark.timeout(1800)


@dataclass(frozen=True)
class Outcome:
    run: Run | None
    changes: list[str]
    setup_error: str = ""  # the case could not be built: a bug in the corpus, reported on that case alone


def run_case(area: Path, base: Baseline, server: ForkServer, key: str, slot: str | None,
             case: corpus.Case | None) -> Outcome:
    try:
        with _build_lock:
            root, inputs, argv = prepare(area, base, key, slot, case)
            before = outside_workspace(root)
    except Exception:  # noqa: BLE001 - reported by the one test this case belongs to
        return Outcome(None, [], traceback.format_exc())
    run = execute(server, root, inputs, argv)
    changes = diff(before, outside_workspace(root))
    shutil.rmtree(root, ignore_errors=True)
    return Outcome(run, changes)


def outcome_of(outcomes: dict[tuple, Outcome], job: tuple) -> tuple[Run, list[str]]:
    o = outcomes[job]
    if o.run is None:
        pytest.fail(f"the case could not be built:\n{o.setup_error}")
    return o.run, o.changes


@pytest.fixture(scope="module")
def outcomes(request: pytest.FixtureRequest, area: Path, base: Baseline) -> Iterator[dict[tuple, Outcome]]:
    """Run every selected case up front, WORKERS at a time (each worker its own fork server):
    hangs and waits overlap, and each test then checks its own outcome."""
    wanted: list[tuple] = []
    for item in request.session.items:
        if getattr(item, "module", None) is not request.module or not hasattr(item, "callspec"):
            continue
        params = item.callspec.params
        if item.originalname == "test_bad_input_is_refused_cleanly":
            wanted.append((params["key"], params["slot"], params["case"]))
        elif item.originalname == "test_valid_inputs_succeed":
            wanted.append((params["key"], None, None))
    servers: queue.Queue[ForkServer] = queue.Queue()
    for _ in range(WORKERS):
        servers.put(ForkServer())

    def one(job: tuple) -> tuple[tuple, Outcome]:
        srv = servers.get()
        try:
            return job, run_case(area, base, srv, *job)
        finally:
            servers.put(srv)

    with concurrent.futures.ThreadPoolExecutor(WORKERS) as pool:
        results = dict(pool.map(one, wanted))
    if os.environ.get("HOSTILE_TIMES"):  # where the time goes, for keeping the module fast
        with open(os.environ["HOSTILE_TIMES"], "w", encoding="utf-8") as f:
            for (key, _slot, case), o in results.items():
                if o.run is not None:
                    f.write(json.dumps({"spec": key, "case": case.id if case else None, "seconds": o.run.seconds,
                                        "rc": o.run.rc, "timed_out": o.run.timed_out, "stderr": o.run.stderr[-400:],
                                        "stdout": o.run.stdout[-300:], "changes": o.changes[:3]}) + "\n")
    yield results
    while not servers.empty():
        servers.get().close()


def prepare(area: Path, base: Baseline, key: str, slot: str | None, case: corpus.Case | None) -> tuple[Path, Inputs, list[str]]:
    root = area / f"case-{next(_counter):04d}"
    for sub in ("home", "tmp", "cwd", "sentinel"):
        (root / sub).mkdir(parents=True)
    (root / "sentinel" / "成绩.json").write_bytes(base.path("sheet").read_bytes())
    (root / "sentinel" / "notes.txt").write_text("the user's own files, outside the workspace\n")
    (root / "cwd" / "here.txt").write_text("the working folder\n")
    inputs = Inputs(root, base, slot, case)
    argv = SPECS[key].argv(inputs)
    if slot is not None:
        assert inputs.used == {inputs.slot}, f"{key}: the command line never used its {slot!r} slot"
    return root, inputs, argv


def env_of(root: Path, inputs: Inputs) -> dict[str, str]:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", "HOME": str(root / "home"),
           "TMPDIR": str(root / "tmp"), "XDG_CONFIG_HOME": str(root / "home" / ".config"),
           "XDG_DATA_HOME": str(root / "home" / ".local" / "share"), "XDG_CACHE_HOME": str(root / "home" / ".cache"),
           "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", **inputs.env}
    if os.environ.get("HOSTILE_DEBUG") == "1":
        env["WORKBENCH_DEBUG"] = "1"
    for k in inputs.unset:
        env.pop(k, None)
    return env


def execute(server: ForkServer, root: Path, inputs: Inputs, argv: list[str]) -> Run:
    return server.run(argv, env=env_of(root, inputs), cwd=root / "cwd", out_dir=root, fsize=inputs.fsize,
                      obey_permissions=inputs.other_user)


def outside_workspace(root: Path) -> dict[str, tuple]:
    return snapshot(root, skip=frozenset({"ws", "stdout.txt", "stderr.txt"}))


def check_refused(run: Run, changes: list[str]) -> None:
    problems = []
    if run.timed_out:
        problems.append("did not finish within the timeout (a hang)")
    elif run.rc <= 0:
        problems.append(f"exit code {run.rc}: expected a refusal (non-zero, not a signal)")
    text = run.stderr + run.stdout
    if "Traceback" in text:
        problems.append("a traceback reached the user")
    lines = [ln for ln in run.stderr.splitlines() if ln.strip()]
    if not run.timed_out and len(lines) != 1:
        problems.append(f"stderr has {len(lines)} lines, expected exactly one")
    if "internal error" in run.stderr:
        problems.append("an internal error (a bug caught by the last line of defence)")
    if "not enough memory" in run.stderr:  # the run's 3 GiB limit, caught by the last line of defence
        problems.append("ran out of memory: a reader without a size limit (with no limit, the whole machine's)")
    if changes:
        problems.append("changed outside the workspace: " + "; ".join(changes[:6]))
    assert not problems, "\n".join(problems) + "\n" + run.describe()


# -- the tests ---------------------------------------------------------------------------------
def test_every_command_has_a_spec() -> None:
    commands = set(parser_commands())
    covered = {s.command for s in SPECS.values()} | set(NOT_YET)
    assert not commands - covered, f"commands with no hostile-input spec: {sorted(commands - covered)}"
    assert not covered - commands, f"specs for commands the parser no longer has: {sorted(covered - commands)}"
    for key, s in SPECS.items():
        for slot in s.slots:
            assert corpus.cases(slot), f"{key}: no cases of kind {slot!r}"


def test_every_option_is_exercised() -> None:
    """Each option with a value appears on some spec's command line (read from the spec's code)."""
    parsers: dict[str, argparse.ArgumentParser] = {}

    def walk(p: argparse.ArgumentParser, prefix: list[str]) -> None:
        subs = [a for a in p._actions if isinstance(a, argparse._SubParsersAction)]  # noqa: SLF001
        if not subs:
            parsers[" ".join(prefix)] = p
        for name, sp in (subs[0].choices.items() if subs else []):
            walk(sp, [*prefix, name])

    walk(build_parser(), [])
    missing = []
    for command, p in parsers.items():
        code = "".join(inspect.getsource(s.argv) for s in SPECS.values() if s.command == command)
        for a in value_options(p):
            if any(f'"{o}"' in code for o in a.option_strings):
                continue
            if a.option_strings[-1] in OPTION_EXEMPT or (command, a.option_strings[-1]) in COMMAND_OPTION_EXEMPT:
                continue
            missing.append(f"{command} {a.option_strings[-1]}")
    assert not missing, f"options no spec passes (map them to inputs, or exempt them with a reason): {missing}"


@pytest.mark.parametrize("key", [k for k, s in SPECS.items() if s.control])
def test_valid_inputs_succeed(key: str, outcomes: dict[tuple, Outcome]) -> None:
    """The control: with every input valid the command succeeds, so a refusal below is the case's doing."""
    run, _ = outcome_of(outcomes, (key, None, None))
    assert run.rc == 0 and not run.timed_out, run.describe()
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize(("key", "slot", "case"), list(hostile_params()))
def test_bad_input_is_refused_cleanly(key: str, slot: str, case: corpus.Case, outcomes: dict[tuple, Outcome]) -> None:
    check_refused(*outcome_of(outcomes, (key, slot, case)))


SAMPLE = [("package verify", "package", "evidence_not_zip"), ("score", "scores", "underscore_0_5"),
          ("verify", "sheet", "high_s"), ("sheet sign", "passphrase", "not_utf8"),
          ("workspace score", "score_value", "exponent"), ("package build", "output", "missing_parent")]


@pytest.mark.parametrize(("key", "slot", "name"), SAMPLE, ids=[f"{k}|{s}:{n}" for k, s, n in SAMPLE])
def test_console_script_agrees(key: str, slot: str, name: str, area: Path, base: Baseline, server: ForkServer) -> None:
    """The forked runs behave as the installed `workbench` program does, byte for byte on stderr."""
    case = next(c for c in corpus.cases(slot) if c.name == name)
    root, inputs, argv = prepare(area, base, key, slot, case)
    forked = execute(server, root, inputs, argv)
    real = console_script(argv, env=env_of(root, inputs), cwd=root / "cwd")
    assert (real.rc, real.stderr) == (forked.rc, forked.stderr), real.describe() + "\n" + forked.describe()
