"""The corpus of bad inputs: every case issue 8 names, the existing hostile-package cases, and
more of the same kind. Each case is small, named, and made at test time from a valid input.

A case belongs to a *kind* (what a command receives: "package", "scores", "sheet", "output",
"workspace", "passphrase", "score_value", …). `make(ctx)` builds the bad input in the case's
own folder and returns a `Given`: the value for the command line, plus what the run needs
(an environment variable, a file-size limit that makes the disk "full", another user so a
read-only folder is read-only even for root).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from baseline import Baseline


@dataclass(frozen=True)
class Given:
    value: str
    env: dict[str, str] = field(default_factory=dict)
    unset: tuple[str, ...] = ()  # environment variables the run must not have
    fsize: int | None = None  # RLIMIT_FSIZE for the run: writes beyond it fail as on a full disk
    other_user: bool = False  # file modes must bind the run, as they bind a user (root ignores them)


@dataclass
class Ctx:
    """What a case needs to build its input: its own folder and the valid inputs."""

    dir: Path  # the case's input folder (inside the snapshot: must be unchanged after the run)
    base: Baseline
    out_name: str = "out"  # for "output" cases: the file name the command writes
    valid: str | None = None  # which valid input the case starts from ("chair" for an identity, …)

    def start(self, default: str) -> str:
        """The valid input to spoil: the one the command expects, else the kind's usual one."""
        return self.valid if self.valid in self.base.files else default

    def copy(self, kind: str, name: str | None = None) -> Path:
        src = self.base.path(kind)
        dst = self.dir / (name or src.name)
        if src.is_dir():
            shutil.copytree(src, dst, symlinks=True)
        else:
            shutil.copy2(src, dst)
        return dst

    def file(self, name: str, data: bytes | str) -> Path:
        p = self.dir / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data)
        return p


@dataclass(frozen=True)
class Case:
    kind: str
    name: str
    make: Callable[[Ctx], Given | Path | str]

    @property
    def id(self) -> str:
        return f"{self.kind}:{self.name}"

    def build(self, ctx: Ctx) -> Given:
        got = self.make(ctx)
        return got if isinstance(got, Given) else Given(str(got))


CASES: dict[str, list[Case]] = {}


def add(kind: str, name: str, make: Callable[[Ctx], Given | Path | str]) -> None:
    assert all(c.name != name for c in CASES.get(kind, [])), f"duplicate case {kind}:{name}"
    CASES.setdefault(kind, []).append(Case(kind, name, make))


def case(*kinds: str, name: str | None = None) -> Callable:
    """Register a generator for one or more kinds (the same bad file is bad for each)."""
    def deco(fn: Callable[[Ctx], Given | Path | str]) -> Callable[[Ctx], Given | Path | str]:
        for k in kinds:
            add(k, name or fn.__name__.strip("_"), fn)
        return fn
    return deco


def cases(slot: str) -> list[Case]:
    """The cases of a kind ("package"), or its core sample ("package/core") for a command that
    reads that kind through the same code as another command given the whole kind."""
    kind, _, part = slot.partition("/")
    if not part:
        return list(CASES[kind])
    names = CORE[kind]
    got = [c for c in CASES[kind] if c.name in names]
    assert len(got) == len(names), f"{slot}: unknown core case(s) {set(names) - {c.name for c in got}}"
    return got


# One or two cases of each way a kind can be bad, for commands that read it through the same
# code as the command that gets every case (see the specs in test_every_command.py).
_FILES = ("fifo", "dev_zero", "huge_sparse")
CORE: dict[str, tuple[str, ...]] = {
    "package": (*_FILES, "evidence_not_zip", "forged_entry_count", "surrogate_school_name", "students_5000_digits",
                "win_con"),
    "scores": (*_FILES, "underscore_0_5", "depth_bomb", "surrogate_value", "facts_students_5000_digits"),
    "sheet": (*_FILES, "tampered_items", "high_s", "reviewer_role_chair", "lone_surrogate", "huge_int"),
    "form": ("fifo", "appended_update", "unsigned_form"),
    "cert": ("fifo", "directory", "cert_garbage"),
    "signing_identity": ("info_list", "key_world_readable", "key_unencrypted", "cert_expired", "key_fifo"),
    "identity": ("info_list", "info_surrogate", "cert_fifo", "folder_missing"),
    "image": ("fifo", "huge_sparse", "png_pixel_bomb"),
    "rubric": ("fifo", "huge_sparse", "rubric_surrogate", "rubric_huge_int"),
    "output": ("is_directory", "read_only_folder", "disk_full_over_previous"),
    "new_identity_dir": ("dir_is_file", "read_only_parent", "disk_full"),
    "workspace": ("db_garbage", "ws_is_file", "future_schema"),
    "workspace_write": ("read_only", "disk_full", "db_garbage"),
    "hub_data": ("missing", "config_list", "db_garbage", "future_schema"),
    "hub_data_write": ("read_only", "disk_full", "db_garbage"),
    "panel": ("fifo", "tampered_items", "panel_high_s", "resigned_total", "panel_lone_surrogate"),
    "passphrase": ("not_utf8", "unset", "wrong"),
    "new_passphrase": ("not_utf8", "short"),
    "school_code": ("unknown", "not_utf8"),
    "item_id": ("unknown", "not_utf8"),
    "indicator": ("unknown", "not_utf8"),
    "photo_id": ("negative", "huge"),
    "name": ("not_utf8", "newline", "65_chars"),
    "org": ("not_utf8", "65_chars"),
    "score_value": ("underscore_0_5", "exponent", "fullwidth"),
    "rubric_id": ("traversal_etc", "not_utf8"),
    "fingerprint": ("short", "not_utf8"),
}


# The cases themselves, one module per family; importing them registers them.
import corpus_files  # noqa: E402, F401
import corpus_identities  # noqa: E402, F401
import corpus_packages  # noqa: E402, F401
import corpus_places  # noqa: E402, F401
import corpus_signed  # noqa: E402, F401
