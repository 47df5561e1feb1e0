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
    con.execute("UPDATE hub_alembic_version SET version_num = 'ffffffffffff'")
    con.commit()
    con.close()


def _hub_config(text: str) -> Callable[[Path], None]:
    return lambda d: (d / "hub.json").write_text(text, encoding="utf-8")


HUB_READ = {
    "no_config": lambda d: (d / "hub.json").unlink(),
    "config_list": _hub_config("[]"),
    "config_garbage": lambda d: (d / "hub.json").write_bytes(b"\xff\xfe{"),
    "config_huge_int": _hub_config('{"hub_id": "x", "protocol": ' + "9" * 5000 + "}"),
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
S = SURROGATE_ARG
TEXT: dict[str, dict[str, str]] = {
    "score_value": {"underscore_0_5": "0_5", "underscore_1_0": "1_0", "exponent": "1e-999999999", "plus": "+1",
                    "fullwidth": "\uff11", "arabic_indic": "\u0661", "nan": "NaN", "infinity": "Infinity",
                    "negative": "-1", "three_decimals": "0.505", "not_half_step": "0.3", "over_points": "99",
                    "space": " 1", "5000_digits": "9" * 5000, "not_utf8": S, "empty": "", "zero_width": "1.5\u200b"},
    "school_code": {"unknown": "NOPE-404", "not_utf8": S, "traversal": "../../etc", "percent": "%", "long": "x" * 5000},
    "item_id": {"unknown": "B99.9", "bidi": "B1.1\u202e", "not_utf8": S, "empty": ""},
    "indicator": {"unknown": "B99", "traversal": "../B1", "not_utf8": S, "bidi": "B1\u202e"},
    "photo_id": {"zero": "0", "negative": "-1", "huge": "99999999999999999999999999", "word": "abc"},
    "name": {"not_utf8": S, "empty": "", "spaces": "   ", "newline": "line\nbreak", "bidi": "\u202eevil",
             "65_chars": "名" * 65, "escape_sequence": "a\x1b[31mred"},
    "org": {"not_utf8": S, "empty": "", "newline": "line\nbreak", "65_chars": "o" * 65},
    "label": {"not_utf8": S, "newline": "line\nbreak", "escape_sequence": "a\x1b[31mred"},  # a name kept as text only
    "new_school_code": {"not_utf8": S, "traversal": "../../etc", "long": "x" * 5000},
    "free_text": {"not_utf8": S},
    "rubric_id": {"unknown": "nowhere-2030", "traversal_etc": "../../../../etc/passwd",
                  "traversal_rubrics": "../rubrics/majiang-2015", "not_utf8": S, "empty": ""},
    "days": {"zero": "0", "negative": "-1", "huge": "999999999999", "word": "abc"},
    "margin": {"negative": "-1", "exponent": "1e5", "nan": "NaN", "underscore": "0_5", "fullwidth": "\uff11"},
    "spread": {"negative": "-1", "exponent": "1e5", "nan": "NaN", "underscore": "0_5", "fullwidth": "\uff11", "two": "2"},
    "quorum": {"zero": "0", "negative": "-1", "too_many": "99", "huge": "99999999999999999999999"},
    "fingerprint": {"short": "zz", "not_enrolled": "0" * 64, "not_utf8": S, "long": "a" * 5000, "empty": ""},
    "db_url": {"unknown_driver": "nosuchdb://x", "unreachable": "postgresql+psycopg://wb@127.0.0.1:1/hub",
               "not_utf8": S, "missing_folder": "sqlite:////no/such/dir/hub.db"},
    "port": {"zero": "0", "too_big": "70000", "negative": "-1", "word": "abc"},
    "workers": {"zero": "0", "negative": "-3", "word": "abc"},
    "host": {"bad_address": "999.999.1.1", "not_utf8": S, "unknown": "no-such-host.invalid"},
    "timeout": {"negative": "-1", "nan": "nan", "infinite": "inf", "word": "abc"},
    "since": {"words": "yesterday", "no_such_day": "2026-13-45", "not_utf8": S, "year_99999": "99999-01-01"},
    "url": {"refused": "http://127.0.0.1:1", "ftp": "ftp://example.invalid/", "words": "not a url",
            "broken_ipv6": "http://[::1", "bad_port": "http://127.0.0.1:99999", "not_utf8": S, "file": "file:///etc/passwd"},
}
for _kind, values in TEXT.items():
    for _name, _value in values.items():
        add(_kind, _name, lambda ctx, v=_value: Given(v))
