"""Bad places and words: outputs that cannot be written, workspaces and hub data folders that are
broken, read-only or full, passphrases, and text on the command line."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

from baseline import PASS
from corpus import Ctx, Given, add, case

SURROGATE_ARG = "\udcff"  # what Python makes of the byte 0xFF on a command line (surrogateescape)


# -- outputs: where a command writes ----------------------------------------------------------
def _out_dir(ctx: Ctx) -> Path:
    d = ctx.dir / "out"
    d.mkdir(exist_ok=True)
    return d


@case("output")
def is_directory(ctx: Ctx) -> Path:
    p = _out_dir(ctx) / ctx.out_name
    p.mkdir()
    (p / "keep.txt").write_text("the user's file")
    return p


@case("output")
def missing_parent(ctx: Ctx) -> Path:
    return _out_dir(ctx) / "no" / "such" / ctx.out_name


@case("output")
def parent_is_file(ctx: Ctx) -> Path:
    (_out_dir(ctx) / "afile").write_text("x")
    return _out_dir(ctx) / "afile" / ctx.out_name


@case("output")
def read_only_folder(ctx: Ctx) -> Given:
    d = _out_dir(ctx) / "ro"
    d.mkdir()
    (d / "other.txt").write_text("the user's file")
    os.chmod(d, 0o555)
    return Given(str(d / ctx.out_name), other_user=True)


@case("output")
def read_only_existing(ctx: Ctx) -> Given:
    d = _out_dir(ctx) / "ro"
    d.mkdir()
    (d / ctx.out_name).write_bytes(b"the previous version\n" * 50)
    os.chmod(d / ctx.out_name, 0o444)
    os.chmod(d, 0o555)
    return Given(str(d / ctx.out_name), other_user=True)


@case("output")
def disk_full_new(ctx: Ctx) -> Given:
    return Given(str(_out_dir(ctx) / ctx.out_name), fsize=600)


@case("output")
def disk_full_over_previous(ctx: Ctx) -> Given:
    """A previous file of the same name must survive a failed write intact."""
    p = _out_dir(ctx) / ctx.out_name
    p.write_bytes(b"the previous version, which must survive\n" * 200)
    return Given(str(p), fsize=600)


@case("output")
def name_too_long(ctx: Ctx) -> Path:
    return _out_dir(ctx) / ("长" * 200 + ctx.out_name)


# `identity create --dir DIR`: the folder a new identity goes to
@case("new_identity_dir")
def dir_is_file(ctx: Ctx) -> Path:
    return ctx.file("id", b"a file, not a folder")


@case("new_identity_dir")
def parent_is_a_file(ctx: Ctx) -> Path:
    ctx.file("afile", b"x")
    return ctx.dir / "afile" / "id"


@case("new_identity_dir")
def holds_identity(ctx: Ctx) -> Path:
    return ctx.copy("identity", "id")


@case("new_identity_dir")
def read_only_parent(ctx: Ctx) -> Given:
    d = ctx.dir / "ro"
    d.mkdir()
    os.chmod(d, 0o555)
    return Given(str(d / "id"), other_user=True)


@case("new_identity_dir")
def disk_full(ctx: Ctx) -> Given:
    return Given(str(ctx.dir / "id"), fsize=300)


# -- the workspace ----------------------------------------------------------------------------
def _ws(edit: Callable[[Path], Given | None], default: str = "workspace") -> Callable[[Ctx], Given]:
    def make(ctx: Ctx) -> Given:
        d = ctx.dir.parent / "ws"  # the case's workspace (outside the snapshot)
        shutil.copytree(ctx.base.path(ctx.start(default)), d)
        got = edit(d)
        return got if isinstance(got, Given) else Given(str(d))
    return make


def _read_only(d: Path) -> Given:
    for p in [d, *d.rglob("*")]:
        os.chmod(p, 0o555 if p.is_dir() else 0o444)
    return Given(str(d), other_user=True)


def _future_schema(d: Path) -> None:
    import sqlite3

    con = sqlite3.connect(d / "workspace.db")
    con.execute("UPDATE alembic_version SET version_num = 'ffffffffffff'")
    con.commit()
    con.close()


WORKSPACE_READ = {
    "db_garbage": lambda d: (d / "workspace.db").write_bytes(os.urandom(8192)),
    "db_truncated": lambda d: os.truncate(d / "workspace.db", 1000),
    "db_is_folder": lambda d: ((d / "workspace.db").unlink(), (d / "workspace.db").mkdir()),
    "db_fifo": lambda d: ((d / "workspace.db").unlink(), os.mkfifo(d / "workspace.db")),
    "future_schema": _future_schema,
}
for _name, _edit in WORKSPACE_READ.items():
    add("workspace", _name, _ws(_edit))
    add("workspace_write", _name, _ws(_edit))


@case("workspace", "workspace_write")
def ws_is_file(ctx: Ctx) -> Given:
    p = ctx.dir.parent / "ws"
    p.write_text("a file, not a folder")
    return Given(str(p))


add("workspace_write", "read_only", _ws(_read_only))
add("workspace_write", "disk_full", _ws(lambda d: Given(str(d), fsize=4096)))


# -- hub data folders (`hub … --data DIR`) ----------------------------------------------------
def _hub_future_schema(d: Path) -> None:
    import sqlite3

    con = sqlite3.connect(d / "hub.db")
    con.execute("UPDATE alembic_version SET version_num = 'ffffffffffff'")
    con.commit()
    con.close()


def _hub_config(text: str) -> Callable[[Path], None]:
    return lambda d: (d / "hub.json").write_text(text, encoding="utf-8")


HUB_READ = {
    "no_config": lambda d: (d / "hub.json").unlink(),
    "config_list": _hub_config("[]"),
    "config_garbage": lambda d: (d / "hub.json").write_bytes(b"\xff\xfe{"),
    "config_surrogate": _hub_config('{"hub_id": "\\ud800", "name": "x", "db": null}'),
    "config_huge_int": _hub_config('{"hub_id": "x", "protocol": ' + "9" * 5000 + "}"),
    "config_fifo": lambda d: ((d / "hub.json").unlink(), os.mkfifo(d / "hub.json")),
    "db_url_garbage": _hub_config('{"hub_id": "x", "name": "x", "db": "nosuchdb://x"}'),
    "db_url_unreachable": _hub_config('{"hub_id": "x", "name": "x", "db": "postgresql+psycopg://wb@127.0.0.1:1/hub"}'),
    "db_garbage": lambda d: (d / "hub.db").write_bytes(os.urandom(8192)),
    "db_is_folder": lambda d: ((d / "hub.db").unlink(), (d / "hub.db").mkdir()),
    "future_schema": _hub_future_schema,
    "key_missing": lambda d: (d / "hub-key.pem").unlink(),
    "key_garbage": lambda d: (d / "hub-key.pem").write_bytes(b"-----BEGIN PRIVATE KEY-----\n@@\n"),
    "cert_garbage": lambda d: (d / "hub-cert.pem").write_bytes(b"not a certificate"),
}
for _name, _edit in HUB_READ.items():
    add("hub_data", _name, _ws(_edit, "hub"))
    add("hub_data_write", _name, _ws(_edit, "hub"))
for _kind in ("hub_data", "hub_data_write"):
    add(_kind, "missing", lambda ctx: ctx.dir.parent / "no-such-hub")
    add(_kind, "is_file", lambda ctx: ctx.file("hub", b"a file, not a folder"))
add("hub_data_write", "read_only", _ws(_read_only, "hub"))
add("hub_data_write", "disk_full", _ws(lambda d: Given(str(d), fsize=4096), "hub"))


@case("new_hub_data")
def hub_dir_is_file(ctx: Ctx) -> Path:
    return ctx.file("hub", b"a file, not a folder")


@case("new_hub_data")
def hub_parent_is_file(ctx: Ctx) -> Path:
    ctx.file("afile", b"x")
    return ctx.dir / "afile" / "hub"


@case("new_hub_data")
def holds_a_hub(ctx: Ctx) -> Path:
    return ctx.copy("hub", "hub")


@case("new_hub_data")
def hub_read_only_parent(ctx: Ctx) -> Given:
    d = ctx.dir / "ro"
    d.mkdir()
    os.chmod(d, 0o555)
    return Given(str(d / "hub"), other_user=True)


@case("new_hub_data")
def hub_disk_full(ctx: Ctx) -> Given:
    return Given(str(ctx.dir / "hub"), fsize=2048)


# -- passphrases (the value of the variable --passphrase-env names) ---------------------------
def _phrase(value: str | None) -> Callable[[Ctx], Given]:
    def make(ctx: Ctx) -> Given:
        if value is None:
            return Given("WB_PASS", unset=("WB_PASS",))
        return Given("WB_PASS", env={"WB_PASS": value})
    return make


for _kind, table in (("passphrase", {"not_utf8": "\udcff\udcfe" + PASS[2:], "not_utf8_only": "\udce9\udce9\udce9\udce9\udce9\udce9\udce9\udce9",
                                      "unset": None, "empty": "", "wrong": "wrong horse battery",
                                      "huge_wrong": "w" * 100_000}),
                     ("new_passphrase", {"not_utf8": "\udcff\udcfe" + PASS[2:], "unset": None, "empty": "",
                                         "short": "1234567"})):
    for _name, _value in table.items():
        add(_kind, _name, _phrase(_value))


# -- text on the command line (bytes that are not UTF-8 arrive as surrogate escapes) ----------
TEXT = {
    "score_value": ["0_5", "1_0", "1e-999999999", "+1", "\uff11", "\u0661", "NaN", "Infinity", "-1", "0.505",
                    "0.3", "99", " 1", "9" * 5000, SURROGATE_ARG, "", "1.5\u200b"],
    "school_code": ["NOPE-404", SURROGATE_ARG, "../../etc", "%", "x" * 5000],
    "item_id": ["B99.9", "B1.1\u202e", SURROGATE_ARG, ""],
    "indicator": ["B99", "../B1", SURROGATE_ARG, "B1\u202e"],
    "photo_id": ["0", "-1", "99999999999999999999999999", "abc"],
    "name": [SURROGATE_ARG, "", "   ", "line\nbreak", "\u202eevil", "名" * 65, "a\x1b[31mred"],
    "org": [SURROGATE_ARG, "", "line\nbreak", "o" * 65],
    "free_text": [SURROGATE_ARG],
    "rubric_id": ["nowhere-2030", "../../../../etc/passwd", "../rubrics/majiang-2015", SURROGATE_ARG, ""],
    "days": ["0", "-1", "999999999999", "abc"],
    "margin": ["-1", "1e5", "NaN", "0_5", "\uff11"],
    "spread": ["-1", "1e5", "NaN", "0_5", "\uff11", "2"],
    "quorum": ["0", "-1", "99", "99999999999999999999999"],
    "fingerprint": ["zz", "0" * 64, SURROGATE_ARG, "a" * 5000, ""],
    "db_url": ["nosuchdb://x", "postgresql+psycopg://wb@127.0.0.1:1/hub", SURROGATE_ARG, "sqlite:////no/such/dir/hub.db"],
    "port": ["0", "70000", "-1", "abc"],
    "workers": ["0", "-3", "abc"],
    "host": ["999.999.1.1", SURROGATE_ARG, "no-such-host.invalid"],
    "url": ["http://127.0.0.1:1", "ftp://example.invalid/", "not a url", "http://[::1", "http://127.0.0.1:99999",
            SURROGATE_ARG, "file:///etc/passwd"],
}
for _kind, values in TEXT.items():
    for _i, _value in enumerate(values):
        label = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "._-+") else "?" for ch in _value[:12])
        add(_kind, f"{_i:02d}_{label or 'empty'}" + ("_long" if len(_value) > 12 else ""),
            lambda ctx, v=_value: Given(v))
