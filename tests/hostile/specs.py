"""The command lines of every CLI command, with the inputs each receives (issue 8, part 8).

A spec builds a command line from `Inputs`: every input valid, except the one slot under
test, which gets a case of the corpus for its kind ("package", "sheet/core", …). Variants of
a command ("print [signed]") reach inputs the plain form does not.
"""

from __future__ import annotations

import argparse
import shutil
import socket
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import corpus
from baseline import PASS, PASS_ENV, SCHOOL, Baseline


@dataclass(frozen=True)
class Spec:
    command: str  # as the parser names it: "sheet sign"
    slots: tuple[str, ...]  # the kinds of input this command line receives
    argv: Callable[[Inputs], list[str]]
    control: bool = True  # False: no valid run to compare with (a server that never exits, a hub far away)


SPECS: dict[str, Spec] = {}


def spec(key: str, *slots: str, control: bool = True) -> Callable:
    """Register a command line under `key` ("sheet sign", or "print [signed]" for a variant)."""
    def deco(fn: Callable[[Inputs], list[str]]) -> Callable[[Inputs], list[str]]:
        SPECS[key] = Spec(key.split(" [")[0], slots, fn, control)
        return fn
    return deco


class Inputs:
    """Hands a spec valid inputs, except for the slot under test, which gets the hostile case."""

    def __init__(self, root: Path, base: Baseline, slot: str | None, case: corpus.Case | None) -> None:
        self.root, self.base, self.case = root, base, case
        self.slot = slot.partition("/")[0] if slot else None  # "package/core" feeds the "package" input
        self.dir = root / "in"
        self.dir.mkdir(parents=True, exist_ok=True)
        self.env: dict[str, str] = {PASS_ENV: PASS, "WORKBENCH_HOME": str(root / "ws")}
        self.unset: set[str] = set()
        self.fsize: int | None = None
        self.other_user = False
        self.used: set[str] = set()
        self._copies: dict[str, str] = {}
        self._given = ""

    def _hostile(self, kind: str, out_name: str = "out", valid: str | None = None) -> str | None:
        if self.slot != kind:
            return None
        assert self.case is not None
        if kind in self.used:  # the same input given twice on one command line (--reason, --opinion)
            return self._given
        self.used.add(kind)
        given = self.case.build(corpus.Ctx(self.dir, self.base, out_name, valid))
        self._given = given.value
        self.env.update(given.env)
        self.unset.update(given.unset)
        self.fsize = given.fsize if given.fsize is not None else self.fsize
        self.other_user = self.other_user or given.other_user
        return given.value

    def path(self, *kinds: str, base: str | None = None) -> str:
        """A file or folder input: the hostile one if the slot is one of `kinds`, else a valid copy."""
        b = base or kinds[0]
        for k in kinds:
            got = self._hostile(k, valid=b)
            if got is not None:
                return got
        if b not in self._copies:
            src = self.base.path(b)
            dst = self.dir / f"valid-{b}{src.suffix}"
            if src.is_dir():
                shutil.copytree(src, dst, symlinks=True)
            else:
                shutil.copy2(src, dst)
            self._copies[b] = str(dst)
        return self._copies[b]

    def text(self, kind: str, valid: str) -> str:
        got = self._hostile(kind)
        return valid if got is None else got

    def out(self, name: str, kind: str = "output") -> str:
        got = self._hostile(kind, name)
        if got is not None:
            return got
        d = self.dir / "out"
        d.mkdir(exist_ok=True)
        return str(d / name)

    def passphrase(self, kind: str = "passphrase") -> str:
        got = self._hostile(kind)
        return PASS_ENV if got is None else got

    def hub(self, kind: str = "hub_data") -> str:
        """A hub data folder: a valid copy (as the case's "workspace"), or the hostile one."""
        got = self._hostile(kind, valid="hub")
        if got is not None:
            return got
        if not (self.root / "ws").exists():
            shutil.copytree(self.base.path("hub"), self.root / "ws")
        return str(self.root / "ws")

    def workspace(self, kind: str = "workspace", base: str = "workspace") -> None:
        """The command uses the workspace (WORKBENCH_HOME): a valid copy, or the hostile one."""
        got = self._hostile(kind, valid=base)
        if got is not None:
            self.env["WORKBENCH_HOME"] = got
        elif not (self.root / "ws").exists():
            shutil.copytree(self.base.path(base), self.root / "ws")


ROLE = ["--role", "member"]


@spec("export-xlsx", "sheet/core", "form/core", "cert/core", "output/core")
def _export_xlsx(i: Inputs) -> list[str]:
    return ["export-xlsx", i.path("sheet", "form"), "-o", i.out("results.xlsx"), "--trust", i.path("cert")]


@spec("identity create", "name", "org", "new_passphrase", "new_identity_dir")
def _identity_create(i: Inputs) -> list[str]:
    return ["identity", "create", "--name", i.text("name", "王建国"), "--org", i.text("org", "麻江县电教站"), *ROLE,
            "--passphrase-env", i.passphrase("new_passphrase"), "--dir", i.out("id", "new_identity_dir")]


@spec("identity create [workspace]", "workspace_write/core")
def _identity_create_ws(i: Inputs) -> list[str]:
    i.workspace("workspace_write")
    return ["identity", "create", "--name", "王建国", "--org", "麻江县电教站", *ROLE, "--passphrase-env", i.passphrase()]


@spec("identity show", "identity")
def _identity_show(i: Inputs) -> list[str]:
    return ["identity", "show", "--dir", i.path("identity")]


@spec("identity show [workspace]", "workspace/core")
def _identity_show_ws(i: Inputs) -> list[str]:
    i.workspace()
    ws = Path(i.env["WORKBENCH_HOME"])
    if ws.is_dir() and i.slot is None:
        shutil.copytree(i.base.path("identity"), ws / "identity")
    return ["identity", "show"]


@spec("identity create-ca", "name/core", "org/core", "new_passphrase/core", "new_identity_dir/core")
def _identity_create_ca(i: Inputs) -> list[str]:
    return ["identity", "create-ca", "--name", i.text("name", "评估认证中心"), "--org", i.text("org", "麻江县教育局"),
            "--dir", i.out("ca", "new_identity_dir"), "--passphrase-env", i.passphrase("new_passphrase")]


@spec("identity issue", "ca", "identity/core", "passphrase/core", "name/core", "org/core", "days")
def _identity_issue(i: Inputs) -> list[str]:
    return ["identity", "issue", "--ca", i.path("ca"), "--identity", i.path("identity"),
            "--name", i.text("name", "王建国"), "--org", i.text("org", "麻江县电教站"), *ROLE,
            "--passphrase-env", i.passphrase(), "--days", i.text("days", "365")]


@spec("identity signature", "image", "identity_folder")
def _identity_signature(i: Inputs) -> list[str]:
    return ["identity", "signature", i.path("image"), "--dir", i.path("identity_folder", base="identity")]


@spec("package template", "output/core", "rubric_id/core")
def _package_template(i: Inputs) -> list[str]:
    return ["package", "template", "-o", i.out("申报表.xlsx"), "--rubric", i.text("rubric_id", "majiang-2015")]


@spec("package build", "folder", "output/core")
def _package_build(i: Inputs) -> list[str]:
    return ["package", "build", i.path("folder"), "-o", i.out("school.wbpkg")]


@spec("package verify", "package")
def _package_verify(i: Inputs) -> list[str]:
    return ["package", "verify", i.path("package")]


@spec("package import", "package/core", "workspace_write/core")
def _package_import(i: Inputs) -> list[str]:
    i.workspace("workspace_write")
    return ["package", "import", i.path("package", base="new_package")]  # valid: one the workspace lacks


@spec("photos import", "photo", "school_code/core", "indicator", "workspace_write/core")
def _photos_import(i: Inputs) -> list[str]:
    i.workspace("workspace_write")
    return ["photos", "import", i.text("school_code", SCHOOL), i.path("photo"),
            "--indicator", i.text("indicator", "B3")]


@spec("photos list", "school_code/core", "indicator/core", "workspace/core")
def _photos_list(i: Inputs) -> list[str]:
    i.workspace()
    return ["photos", "list", i.text("school_code", SCHOOL), "--indicator", i.text("indicator", "B3")]


@spec("photos move", "photo_id", "indicator/core", "workspace_write/core")
def _photos_move(i: Inputs) -> list[str]:
    i.workspace("workspace_write")
    return ["photos", "move", i.text("photo_id", "1"), i.text("indicator", "B4")]


@spec("photos remove", "photo_id/core", "free_text", "workspace_write/core")
def _photos_remove(i: Inputs) -> list[str]:
    i.workspace("workspace_write")
    return ["photos", "remove", i.text("photo_id", "1"), "--reason", i.text("free_text", "拍错了")]


@spec("print", "sheet/core", "form/core", "output/core")
def _print(i: Inputs) -> list[str]:
    return ["print", i.path("sheet", "form"), "-o", i.out("form.pdf")]


@spec("print [signed]", "signing_identity/core", "passphrase/core", "image/core")
def _print_signed(i: Inputs) -> list[str]:
    return ["print", i.path("sheet"), "-o", i.out("form.pdf"), "--sign-with", i.path("signing_identity", base="identity"),
            "--passphrase-env", i.passphrase(), "--signature-image", i.path("image")]


@spec("print [photos]", "workspace/core")
def _print_photos(i: Inputs) -> list[str]:
    i.workspace()
    return ["print", i.path("sheet"), "-o", i.out("form.pdf"), "--photos"]


@spec("rubric show", "rubric_id")
def _rubric_show(i: Inputs) -> list[str]:
    return ["rubric", "show", "--rubric", i.text("rubric_id", "majiang-2015")]


@spec("rubric validate", "rubric")
def _rubric_validate(i: Inputs) -> list[str]:
    return ["rubric", "validate", i.path("rubric")]


@spec("rubric export-xlsx", "rubric_id/core", "output/core")
def _rubric_export(i: Inputs) -> list[str]:
    return ["rubric", "export-xlsx", "--rubric", i.text("rubric_id", "majiang-2015"), "-o", i.out("rubric.xlsx")]


@spec("rubric import-xlsx", "workbook", "output/core")
def _rubric_import(i: Inputs) -> list[str]:
    return ["rubric", "import-xlsx", i.path("workbook"), "-o", i.out("rubric.json")]


@spec("score", "scores", "margin")
def _score(i: Inputs) -> list[str]:
    return ["score", i.path("scores"), "--margin", i.text("margin", "10")]


@spec("sheet export", "school_code/core", "signing_identity/core", "passphrase/core", "output/core", "workspace_write/core")
def _sheet_export(i: Inputs) -> list[str]:
    i.workspace("workspace_write")
    return ["sheet", "export", "--school", i.text("school_code", SCHOOL), "-o", i.out("sheet.json"),
            "--identity", i.path("signing_identity", base="identity"), "--passphrase-env", i.passphrase(),
            "--allow-incomplete"]


@spec("sheet sign", "scores/core", "package/core", "signing_identity", "passphrase", "output", "free_text")
def _sheet_sign(i: Inputs) -> list[str]:
    return ["sheet", "sign", i.path("scores"), "--package", i.path("package"), "-o", i.out("sheet.json"),
            "--identity", i.path("signing_identity", base="identity"), "--passphrase-env", i.passphrase(),
            "--incident-description", i.text("free_text", "")]


@spec("sheet sign [supersedes]", "sheet/core")
def _sheet_sign_supersedes(i: Inputs) -> list[str]:
    return ["sheet", "sign", i.path("scores"), "--package", i.path("package"), "-o", i.out("sheet.json"),
            "--identity", i.path("identity"), "--passphrase-env", i.passphrase(), "--supersedes", i.path("sheet")]


@spec("verify", "sheet", "form", "cert")
def _verify(i: Inputs) -> list[str]:
    return ["verify", i.path("sheet", "form"), "--trust", i.path("cert")]


@spec("verify [form]", "cert/core")
def _verify_form(i: Inputs) -> list[str]:
    return ["verify", i.path("form"), "--trust", i.path("cert")]


@spec("workspace info", "workspace")
def _ws_info(i: Inputs) -> list[str]:
    i.workspace()
    return ["workspace", "info"]


@spec("workspace reviewer", "label", "workspace_write/core")
def _ws_reviewer(i: Inputs) -> list[str]:
    i.workspace("workspace_write")
    return ["workspace", "reviewer", "--name", i.text("label", "王建国"), "--org", "麻江县电教站", *ROLE]


@spec("workspace score", "school_code", "item_id", "score_value", "free_text", "workspace_write")
def _ws_score(i: Inputs) -> list[str]:
    i.workspace("workspace_write")
    return ["workspace", "score", i.text("school_code", SCHOOL), i.text("item_id", "B1.4"),
            i.text("score_value", "0.5"), "--reason", i.text("free_text", "复核")]


@spec("workspace incident", "school_code/core", "free_text", "workspace_write/core")
def _ws_incident(i: Inputs) -> list[str]:
    i.workspace("workspace_write")
    return ["workspace", "incident", i.text("school_code", SCHOOL), "--description", i.text("free_text", "病毒")]


@spec("workspace result", "school_code/core", "workspace/core")
def _ws_result(i: Inputs) -> list[str]:
    i.workspace()
    return ["workspace", "result", i.text("school_code", SCHOOL)]


@spec("workspace audit", "school_code/core", "item_id/core", "workspace/core")
def _ws_audit(i: Inputs) -> list[str]:
    i.workspace()
    return ["workspace", "audit", i.text("school_code", SCHOOL), "--item", i.text("item_id", "B1.1")]


@spec("panel trust", "cert/core", "workspace_write/core")
def _panel_trust(i: Inputs) -> list[str]:
    i.workspace("workspace_write", "panel_workspace")
    return ["panel", "trust", i.path("cert", base="ca_cert")]  # valid: a CA not trusted yet


@spec("panel add", "sheet/core", "school_code/core", "workspace_write/core")
def _panel_add(i: Inputs) -> list[str]:
    i.workspace("workspace_write", "panel_trusted_workspace")
    return ["panel", "add", i.path("sheet"), "--school", i.text("school_code", SCHOOL)]


@spec("panel sheets", "school_code/core", "workspace/core")
def _panel_sheets(i: Inputs) -> list[str]:
    i.workspace("workspace", "panel_workspace")
    return ["panel", "sheets", "--school", i.text("school_code", SCHOOL)]


@spec("panel merge", "school_code/core", "signing_identity/core", "passphrase/core", "output/core", "spread", "quorum",
      "item_id/core", "score_value/core", "free_text", "workspace/core")
def _panel_merge(i: Inputs) -> list[str]:
    i.workspace("workspace", "panel_workspace")
    return ["panel", "merge", "--school", i.text("school_code", SCHOOL), "--identity",
            i.path("signing_identity", base="chair"), "--passphrase-env", i.passphrase(), "-o", i.out("panel.json"),
            "--spread", i.text("spread", "0.5"), "--quorum", i.text("quorum", "1"),
            "--set", f"{i.text('item_id', 'B3.2')}={i.text('score_value', '1.5')}", "--reason", i.text("free_text", "现场核实"),
            "--opinion", i.text("free_text", "同意")]


@spec("panel merge [supersedes]", "panel/core", "panel_only")
def _panel_merge_supersedes(i: Inputs) -> list[str]:
    i.workspace("workspace", "panel_workspace")
    return ["panel", "merge", "--school", SCHOOL, "--identity", i.path("chair"), "--passphrase-env", i.passphrase(),
            "-o", i.out("panel.json"), "--supersedes", i.path("panel", "panel_only", base="panel_cosigned")]


@spec("panel cosign", "panel/core", "panel_only", "signing_identity/core", "passphrase/core", "output/core")
def _panel_cosign(i: Inputs) -> list[str]:
    return ["panel", "cosign", i.path("panel", "panel_only", base="panel"), "-o", i.out("panel.json"),
            "--identity", i.path("signing_identity", base="identity"), "--passphrase-env", i.passphrase()]


@spec("panel status", "panel/core", "panel_only", "cert/core")
def _panel_status(i: Inputs) -> list[str]:
    return ["panel", "status", i.path("panel", "panel_only", base="panel_cosigned"), *(["--trust", i.path("cert")] if i.slot == "cert" else [])]


@spec("panel sign-pdf", "panel_pdf", "signing_identity/core", "passphrase/core", "output/core", "image/core")
def _panel_sign_pdf(i: Inputs) -> list[str]:
    return ["panel", "sign-pdf", i.path("panel_pdf"), "--identity", i.path("signing_identity", base="member2"),
            "-o", i.out("panel.pdf"), "--passphrase-env", i.passphrase(), "--signature-image", i.path("image")]


@spec("print [panel]", "panel/core", "panel_only", "output/core")
def _print_panel(i: Inputs) -> list[str]:
    return ["print", "--panel", i.path("panel", "panel_only", base="panel_cosigned"), "-o", i.out("panel.pdf")]


@spec("verify [panel]", "panel")
def _verify_panel(i: Inputs) -> list[str]:
    return ["verify", i.path("panel", "panel_only", base="panel_cosigned"), "--integrity-only"]


@spec("hub init", "new_hub_data", "cert/core", "name/core", "db_url")
def _hub_init(i: Inputs) -> list[str]:
    return ["hub", "init", "--data", i.out("hub", "new_hub_data"), "--admin", i.path("cert"),
            "--name", i.text("name", "麻江县评估中心"), *(["--db", i.text("db_url", "")] if i.slot == "db_url" else [])]


@spec("hub serve", "hub_data", "port", "workers", "host", control=False)
def _hub_serve(i: Inputs) -> list[str]:
    # Every run here must fail before serving; a run that serves is killed at the timeout (a failure).
    return ["hub", "serve", "--data", i.hub(), "--port", i.text("port", str(free_port())),
            "--workers", i.text("workers", "1"), "--host", i.text("host", "127.0.0.1")]


@spec("hub enroll", "cert/core", "hub_data_write")
def _hub_enroll(i: Inputs) -> list[str]:
    return ["hub", "enroll", i.path("cert"), "--role", "member", "--data", i.hub("hub_data_write")]


@spec("hub enroll [remote]", "url", control=False)
def _hub_enroll_remote(i: Inputs) -> list[str]:
    return ["hub", "enroll", i.path("cert"), "--role", "member", "--url", i.text("url", ""),
            "--identity", i.path("chair"), "--passphrase-env", i.passphrase()]


@spec("hub revoke", "fingerprint", "hub_data_write/core")
def _hub_revoke(i: Inputs) -> list[str]:
    return ["hub", "revoke", i.text("fingerprint", i.base.fingerprints["member2"]), "--data", i.hub("hub_data_write")]


@spec("hub assign", "new_school_code", "fingerprint/core", "free_text", "hub_data_write/core")
def _hub_assign(i: Inputs) -> list[str]:
    fp = i.base.fingerprints
    return ["hub", "assign", "--school", i.text("new_school_code", SCHOOL), "--panel", i.text("free_text", "第二组"),
            "--members", fp["chair"], fp["member"], i.text("fingerprint", fp["member2"]), "--data", i.hub("hub_data_write")]


@spec("hub publish", "package/core", "hub_data_write/core")
def _hub_publish(i: Inputs) -> list[str]:
    return ["hub", "publish", i.path("package"), "--data", i.hub("hub_data_write")]


@spec("hub publish [rubric]", "rubric/core")
def _hub_publish_rubric(i: Inputs) -> list[str]:
    return ["hub", "publish", i.path("rubric"), "--data", i.hub("hub_data_write")]


@spec("hub status", "hub_data")
def _hub_status(i: Inputs) -> list[str]:
    return ["hub", "status", "--data", i.hub()]


@spec("hub results", "hub_data/core", "output/core")
def _hub_results(i: Inputs) -> list[str]:
    return ["hub", "results", "--data", i.hub(), "--xlsx", i.out("results.xlsx")]


@spec("sync", "url", "timeout", "signing_identity/core", "passphrase/core", control=False)
def _sync(i: Inputs) -> list[str]:
    # No hub runs here: every run must end in one line (a refused connection included), never hang.
    i.workspace()
    return ["sync", "--hub", i.text("url", "http://127.0.0.1:1"), "--timeout", i.text("timeout", "3"),
            "--identity", i.path("signing_identity", base="identity"), "--passphrase-env", i.passphrase()]


@spec("sync [status]", "workspace/core")
def _sync_status(i: Inputs) -> list[str]:
    i.workspace()
    return ["sync", "status"]


@spec("sync [queue]", "sheet/core", "panel/core", "workspace_write/core")
def _sync_queue(i: Inputs) -> list[str]:
    i.workspace("workspace_write")
    return ["sync", "queue", i.path("sheet", "panel", base="sheet")]


@spec("bundle export", "school_code/core", "since", "output/core", "workspace/core")
def _bundle_export(i: Inputs) -> list[str]:
    i.workspace("workspace", "panel_workspace")
    return ["bundle", "export", "--school", i.text("school_code", SCHOOL), "--since", i.text("since", "2020-01-01"),
            "-o", i.out("school.wbsync")]


@spec("bundle import", "bundle", "workspace_write/core")
def _bundle_import(i: Inputs) -> list[str]:
    i.workspace("workspace_write", "panel_trusted_workspace")  # trusts the signers; holds no sheet yet
    return ["bundle", "import", i.path("bundle")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Commands whose valid inputs this suite cannot make yet: each says why. An entry here is a
# gap in coverage, listed in the report; the command still fails the coverage test if it is
# neither here nor in SPECS.
NOT_YET: dict[str, str] = {}


# Options that take a value but get no hostile input of their own here, each with the reason.
# `test_every_option_is_exercised` fails for any other option no spec passes, so a new option
# is mapped to its inputs (or listed here) as a new command is.
OPTION_EXEMPT: dict[str, str] = {
    "--workspace": "given as WORKBENCH_HOME, which the option only overrides with the same path",
    "--hub-fingerprint": "pins a remote hub's key; the remote runs here never reach a hub",
    "--county": "free text, stored and matched as given",
}
COMMAND_OPTION_EXEMPT: dict[tuple[str, str], str] = {
    **{(f"hub {c}", o): "the remote admin path is the client `hub enroll [remote]` exercises"
       for c in ("assign", "publish", "revoke") for o in ("--url", "--identity", "--passphrase-env")},
    ("panel cosign", "--trust"): "trust roots load as for `panel status --trust` and `verify --trust`",
    ("verify", "--sheets"): "member sheets read by the reader `panel add` gets every sheet case through",
}


def value_options(p: argparse.ArgumentParser) -> list[argparse.Action]:
    """Options that take a free value (flags and argparse-checked choices need no corpus)."""
    return [a for a in p._actions if a.option_strings and a.nargs != 0 and not a.choices  # noqa: SLF001
            and not isinstance(a, argparse._HelpAction)]  # noqa: SLF001


# -- hub receipts (`workbench verify RECEIPT.json --hub-cert HUB_CERT`) -------------------------
# The baseline hub's own key signs a chain of two receipts; the cases spoil the file (every
# file case of the readers, and receipts tampered, with one missing, from another hub).
def _receipts(base: Baseline, *, key_pem: bytes | None = None, hub_id: str | None = None) -> list[dict]:
    import hashlib
    import json as _json

    from cryptography.hazmat.primitives import serialization

    from workbench.signing.ecdsa import sign_b64
    from workbench.sync.receipts import receipt_hash, receipt_payload

    hub = base.path("hub")
    key = serialization.load_pem_private_key(key_pem or (hub / "hub-key.pem").read_bytes(), None)
    hid = hub_id or _json.loads((hub / "hub.json").read_text(encoding="utf-8"))["hub_id"]
    out: list[dict] = []
    for n in (1, 2, 3):
        r = {"hub_id": hid, "kind": "sheet", "document": "sha256:" + hashlib.sha256(bytes([n])).hexdigest(),
             "arrived_at": f"2026-11-27T09:0{n}:00Z", "seq": n, "prev": receipt_hash(out[-1]) if out else None}
        r["signature"] = {"alg": "ES256", "value": sign_b64(key, receipt_payload(r))}
        out.append(r)
    return out


def _receipt_file(ctx: corpus.Ctx, receipts: list[dict], name: str = "receipts.json") -> Path:
    import json as _json
    return ctx.file(name, _json.dumps(receipts, ensure_ascii=False))


def _receipt_cases() -> None:
    import copy
    import os

    from corpus_files import _huge_sparse, _special
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    for name, make in (("fifo", os.mkfifo), ("dev_zero", lambda p: p.symlink_to("/dev/zero")),
                       ("empty", lambda p: p.write_bytes(b"")), ("missing", lambda p: None)):
        corpus.add("receipt", name, _special(make))
    corpus.add("receipt", "huge_sparse", _huge_sparse(b'[{"hub_id": "h", "seq": 1, "prev": null, '))

    def tampered(ctx: corpus.Ctx) -> Path:
        rs = _receipts(ctx.base)
        rs[1] = copy.deepcopy(rs[1]) | {"arrived_at": "2026-01-01T00:00:00Z"}
        return _receipt_file(ctx, rs)

    def one_missing(ctx: corpus.Ctx) -> Path:
        rs = _receipts(ctx.base)
        return _receipt_file(ctx, [rs[0], rs[2]])

    def other_hub(ctx: corpus.Ctx) -> Path:
        pem = ec.generate_private_key(ec.SECP256R1()).private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        return _receipt_file(ctx, _receipts(ctx.base, key_pem=pem, hub_id="another-hub"))

    def seq_string(ctx: corpus.Ctx) -> Path:
        rs = _receipts(ctx.base)
        rs[0]["seq"] = "1"
        return _receipt_file(ctx, rs)

    for fn in (tampered, one_missing, other_hub, seq_string):
        corpus.add("receipt", fn.__name__, fn)


_receipt_cases()


@spec("verify [receipt]", "receipt", "cert/core")
def _verify_receipt(i: Inputs) -> list[str]:
    got = i._hostile("receipt")  # noqa: SLF001
    if got is None:
        got = str(_receipt_file(corpus.Ctx(i.dir, i.base), _receipts(i.base), "valid-receipts.json"))
    cert = i._hostile("cert")  # noqa: SLF001
    if cert is None:
        cert = str(i.dir / "valid-hub-cert.pem")
        shutil.copy2(i.base.path("hub") / "hub-cert.pem", cert)
    return ["verify", got, "--hub-cert", cert]
