"""The corpus of bad inputs: every case issue 8 names, the existing hostile-package cases, and
more of the same kind. Each case is small, named, and made at test time from a valid input.

A case belongs to a *kind* (what a command receives: "package", "scores", "sheet", "output",
"workspace", "passphrase", "score_value", …). `make(ctx)` builds the bad input in the case's
own folder and returns a `Given`: the value for the command line, plus what the run needs
(an environment variable, a file-size limit that makes the disk "full", another user so a
read-only folder is read-only even for root).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import shutil
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from baseline import PASS, Baseline, jpeg, load_by_path, package_kit, png

HUGE = 3 << 30  # a sparse file of 3 GiB: costs no disk, but reading it whole would
SURROGATE_ARG = "\udcff"  # what Python makes of the byte 0xFF on a command line (surrogateescape)


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


# -- files that are not files: for every kind a command reads from a path ---------------------
READ_KINDS = ("package", "scores", "sheet", "form", "cert", "image", "photo", "rubric", "workbook", "panel", "panel_pdf")


def _special(make_path: Callable[[Path], object]) -> Callable[[Ctx], Path]:
    def make(ctx: Ctx) -> Path:
        p = ctx.dir / "input"
        make_path(p)
        return p
    return make


for _kind in READ_KINDS:
    add(_kind, "fifo", _special(os.mkfifo))
    add(_kind, "directory", _special(lambda p: (p.mkdir(), (p / "inside.txt").write_text("x"))))
    add(_kind, "dev_zero", _special(lambda p: p.symlink_to("/dev/zero")))
    add(_kind, "missing", _special(lambda p: None))
    add(_kind, "empty", _special(lambda p: p.write_bytes(b"")))
    add(_kind, "dangling_symlink", _special(lambda p: p.symlink_to(p.parent / "nowhere")))


def _huge_sparse(head: bytes) -> Callable[[Ctx], Path]:
    def make(ctx: Ctx) -> Path:
        p = ctx.file("huge", head)
        os.truncate(p, HUGE)
        return p
    return make


for _kind, _head in (("package", b"PK\x03\x04"), ("scores", b'{"rubric": "'), ("sheet", b'{"format":"'),
                     ("form", b"%PDF-1.7\n"), ("cert", b"-----BEGIN CERTIFICATE-----\n"),
                     ("rubric", b'{"id": "'), ("image", b"\x89PNG\r\n\x1a\n"), ("photo", b"\xff\xd8\xff\xe0"),
                     ("panel", b'{"format":"workbench-panel/1"'), ("panel_pdf", b"%PDF-1.7\n")):
    add(_kind, "huge_sparse", _huge_sparse(_head))


# -- packages ---------------------------------------------------------------------------------
def _evidence_cases() -> None:
    """Every case of tests/evidence/test_evidence_hostile.py that default limits refuse."""
    from workbench.evidence import Limits

    hostile = load_by_path("hostile_evidence_cases", Path(__file__).resolve().parent.parent
                           / "evidence" / "test_evidence_hostile.py")
    kit = package_kit()
    for name, make, _expected, limits in hostile.CASES:
        if limits != Limits():
            continue

        def build(ctx: Ctx, make=make) -> Path:
            p = ctx.dir / "hostile.wbpkg"
            make(p, kit)
            return p
        add("package", f"evidence_{name}", build)


_evidence_cases()


def _zip_with(ctx: Ctx, entries: list[tuple[str, bytes]], manifest: dict | bytes) -> Path:
    kit = package_kit()
    return kit.write_zip(ctx.dir / "school.wbpkg", entries, manifest)


def _manifest(files: list[tuple[str, bytes]], **over) -> dict:
    kit = package_kit()
    return kit.base_manifest([kit.file_entry(p, d) for p, d in files], **over)


@case("package")
def truncated(ctx: Ctx) -> Path:
    p = ctx.copy("package")
    data = p.read_bytes()
    p.write_bytes(data[: len(data) // 2])
    return p


@case("package")
def truncated_tail(ctx: Ctx) -> Path:
    p = ctx.copy("package")
    p.write_bytes(p.read_bytes()[:-10])
    return p


@case("package")
def wrong_magic(ctx: Ctx) -> Path:
    p = ctx.copy("package")
    p.write_bytes(b"XX" + p.read_bytes()[2:])
    return p


@case("package")
def garbage(ctx: Ctx) -> Path:
    return ctx.file("school.wbpkg", os.urandom(4096))


def _eocd(raw: bytes) -> int:
    return raw.rfind(b"PK\x05\x06")


@case("package")
def forged_entry_count(ctx: Ctx) -> Path:
    """The end record claims 65,535 entries where there are a few."""
    p = ctx.copy("package")
    raw = bytearray(p.read_bytes())
    e = _eocd(raw)
    raw[e + 8:e + 12] = (0xFFFF).to_bytes(2, "little") * 2
    p.write_bytes(bytes(raw))
    return p


@case("package")
def zip64_forged_entry_count(ctx: Ctx) -> Path:
    """A ZIP64 end record claiming a billion entries and a 1 TB central directory."""
    p = ctx.copy("package")
    raw = p.read_bytes()
    e = _eocd(raw)
    cd_size, cd_offset = struct.unpack_from("<II", raw, e + 12)
    z64 = struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, 10**9, 10**9, 1 << 40, cd_offset)
    loc = struct.pack("<IIQI", 0x07064B50, 0, e, 1)
    eocd = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    p.write_bytes(raw[:e] + z64 + loc + eocd)
    return p


@case("package")
def huge_central_directory(ctx: Ctx) -> Path:
    """The end record says the central directory is 4 GB long."""
    p = ctx.copy("package")
    raw = bytearray(p.read_bytes())
    e = _eocd(raw)
    struct.pack_into("<I", raw, e + 12, 0xFFFFFFF0)
    p.write_bytes(bytes(raw))
    return p


@case("package")
def central_record_huge_extra(ctx: Ctx) -> Path:
    """One central-directory record whose extra field claims 65,535 bytes."""
    p = ctx.copy("package")
    raw = bytearray(p.read_bytes())
    c = raw.find(b"PK\x01\x02")
    struct.pack_into("<H", raw, c + 30, 0xFFFF)
    p.write_bytes(bytes(raw))
    return p


WINDOWS_NAMES = {
    "win_con": "B1/CON", "win_con_ext": "B1/con.pdf", "win_aux_txt": "B1/aux.txt", "win_nul": "B1/NUL",
    "win_com1": "B1/COM1.pdf", "win_lpt9": "B1/lpt9.txt", "win_trailing_dot": "B1/report.pdf.",
    "win_trailing_space": "B1/report.pdf ", "win_lt_gt": "B1/a<b>.pdf", "win_question": "B1/what?.pdf",
    "win_pipe": "B1/a|b.pdf", "win_quote": 'B1/say".pdf', "win_star": "B1/star*.pdf",
    "win_double_ext": "B1/report.pdf.exe", "bidi_rlo": "B1/report\u202efdp.exe",
    "bidi_lri": "B1/re\u2066port.pdf", "folder_con": "CON/B1.pdf",
}
for _name, _path in WINDOWS_NAMES.items():
    def _win(ctx: Ctx, path: str = _path) -> Path:
        return _zip_with(ctx, [(path, b"%PDF-1.4 x")], _manifest([(path, b"%PDF-1.4 x")]))
    add("package", _name, _win)


def _manifest_text_case(where: str) -> Callable[[Ctx], Path]:
    def make(ctx: Ctx) -> Path:
        files = [("B1/a.pdf", b"%PDF-1.4 a")]
        m = _manifest(files)
        if where == "school_name":
            m["school"]["name"] = "测试\ud800小学"
        elif where == "title":
            m["files"][0]["title"] = "会议\udfff记录"
        elif where == "reason":
            m["application"]["reason"] = "理由\ud83d"
        elif where == "code":
            m["school"]["code"] = "T-\ud800"
        raw = json.dumps(m, ensure_ascii=True, sort_keys=True, separators=(",", ":")).encode()
        return _zip_with(ctx, files, raw)
    return make


for _where in ("school_name", "title", "reason", "code"):
    add("package", f"surrogate_{_where}", _manifest_text_case(_where))


@case("package")
def students_5000_digits(ctx: Ctx) -> Path:
    files = [("B1/a.pdf", b"%PDF-1.4 a")]
    raw = json.dumps(_manifest(files), ensure_ascii=False).replace('"students": 400', '"students": ' + "9" * 5000)
    assert "9" * 5000 in raw
    return _zip_with(ctx, files, raw.encode())


@case("package")
def size_5000_digits(ctx: Ctx) -> Path:
    files = [("B1/a.pdf", b"%PDF-1.4 a")]
    raw = json.dumps(_manifest(files), ensure_ascii=False).replace('"size": 10', '"size": 1' + "0" * 5000)
    return _zip_with(ctx, files, raw.encode())


@case("package")
def size_infinite(ctx: Ctx) -> Path:
    files = [("B1/a.pdf", b"%PDF-1.4 a")]
    raw = json.dumps(_manifest(files), ensure_ascii=False).replace('"size": 10', '"size": 1e999')
    return _zip_with(ctx, files, raw.encode())


@case("package")
def self_score_underscore(ctx: Ctx) -> Path:
    return _zip_with(ctx, [], _manifest([], self_assessment={"B1.1": "0_5"}))


@case("package")
def self_score_exponent(ctx: Ctx) -> Path:
    return _zip_with(ctx, [], _manifest([], self_assessment={"B1.1": "1e-999999999"}))


@case("package")
def manifest_is_list(ctx: Ctx) -> Path:
    return _zip_with(ctx, [], b"[]")


@case("package")
def manifest_nan(ctx: Ctx) -> Path:
    raw = json.dumps(_manifest([]), ensure_ascii=False).replace('"students": 400', '"students": NaN')
    return _zip_with(ctx, [], raw.encode())


def jpeg_header_after(offset: int, w: int = 65000, h: int = 65000) -> bytes:
    """A JPEG whose frame header (the pixel size) comes after `offset` bytes of APP segments."""
    out = bytearray(b"\xff\xd8")
    while len(out) < offset:
        out += b"\xff\xe1" + struct.pack(">H", 65535) + b"\0" * 65533
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 17, 8, h, w, 3) + b"\x01\x22\x00\x02\x11\x01\x03\x11\x01"
    return bytes(out) + sof + b"\xff\xd9"


@case("package")
def image_header_past_1mib(ctx: Ctx) -> Path:
    data = jpeg_header_after(1_200_000)
    return _zip_with(ctx, [("B3/photo.jpg", data)], _manifest([("B3/photo.jpg", data)]))


@case("package")
def entry_name_not_utf8(ctx: Ctx) -> Path:
    """An entry flagged UTF-8 whose name bytes are an encoded surrogate (invalid UTF-8)."""
    p = _zip_with(ctx, [("B1/QQQ.pdf", b"%PDF-1.4 a")], _manifest([("B1/QQQ.pdf", b"%PDF-1.4 a")]))
    raw = p.read_bytes()
    p.write_bytes(raw.replace(b"B1/QQQ.pdf", b"B1/\xed\xa0\x80.pdf"))
    return p


@case("package")
def wrong_hash_in_demo(ctx: Ctx) -> Path:
    """The demo package with one byte of one entry changed (stored entries keep their offsets)."""
    src = ctx.base.path("package")
    p = ctx.dir / "school.wbpkg"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename.endswith(".pdf") and b"%%EOF" in data:
                data = data.replace(b"%%EOF", b"%%EOG", 1)
            zout.writestr(info, data)
    return p


# -- score files ----------------------------------------------------------------------------
def _scores(ctx: Ctx, **patch) -> Path:
    data = json.loads(ctx.base.path("scores").read_text(encoding="utf-8"))
    for k, v in patch.items():
        if k == "item":
            data["scores"]["B1.1"] = v
        else:
            data[k] = v
    return ctx.file("scores.json", json.dumps(data, ensure_ascii=False))


def _score_text(ctx: Ctx, raw_value: str) -> Path:
    """The score file with B1.1's value replaced by raw JSON text."""
    text = ctx.base.path("scores").read_text(encoding="utf-8")
    data = json.loads(text)
    old = json.dumps({"B1.1": data["scores"]["B1.1"]})[1:-1]
    assert old in text
    return ctx.file("scores.json", text.replace(old, f'"B1.1": {raw_value}', 1))


for _name, _raw in {"underscore_0_5": '"0_5"', "underscore_1_0": '"1_0"', "exponent": '"1e-999999999"',
                    "plus_sign": '"+1"', "fullwidth": '"\uff11"', "arabic_indic": '"\u0661"', "nan_string": '"NaN"',
                    "nan_literal": "NaN", "infinity": "Infinity", "float_number": "0.5", "negative": '"-0.5"',
                    "three_decimals": '"0.505"', "not_half_step": '"0.3"', "over_points": '"99"',
                    "leading_space": '" 1"', "huge_int": "1" + "0" * 5000, "huge_string": '"' + "9" * 5000 + '"',
                    "surrogate_value": '"\\ud800"', "bool": "true", "null": "null", "list": '["1"]',
                    "depth_bomb": "[" * 100_000 + "]" * 100_000}.items():
    add("scores", _name, lambda ctx, raw=_raw: _score_text(ctx, raw))


@case("scores")
def surrogate_item_key(ctx: Ctx) -> Path:
    return ctx.file("scores.json", '{"rubric": "majiang-2015", "scores": {"B1.1\\udc00": "1"}}')


@case("scores")
def surrogate_rubric(ctx: Ctx) -> Path:
    return ctx.file("scores.json", '{"rubric": "majiang\\ud800", "scores": {}}')


@case("scores")
def top_level_list(ctx: Ctx) -> Path:
    return ctx.file("scores.json", "[]")


@case("scores")
def top_level_depth_bomb(ctx: Ctx) -> Path:
    return ctx.file("scores.json", "[" * 200_000 + "]" * 200_000)


@case("scores")
def dict_depth_bomb(ctx: Ctx) -> Path:
    return ctx.file("scores.json", '{"a":' * 100_000 + "1" + "}" * 100_000)


@case("scores")
def invalid_utf8(ctx: Ctx) -> Path:
    return ctx.file("scores.json", b'{"rubric": "majiang-2015", "scores": {"B1.1": "\xff\xfe"}}')


@case("scores")
def utf16(ctx: Ctx) -> Path:
    return ctx.file("scores.json", ctx.base.path("scores").read_text(encoding="utf-8").encode("utf-16"))


@case("scores")
def bom(ctx: Ctx) -> Path:
    return ctx.file("scores.json", b"\xef\xbb\xbf" + ctx.base.path("scores").read_bytes())


@case("scores")
def not_json(ctx: Ctx) -> Path:
    return ctx.file("scores.json", "B1.1 = 1\n")


@case("scores")
def trailing_garbage(ctx: Ctx) -> Path:
    return ctx.file("scores.json", ctx.base.path("scores").read_bytes() + b" }")


@case("scores")
def duplicate_item(ctx: Ctx) -> Path:
    text = ctx.base.path("scores").read_text(encoding="utf-8")
    return ctx.file("scores.json", text.replace('"B1.1": ', '"B1.1": "0", "B1.1": ', 1))


@case("scores")
def unknown_rubric(ctx: Ctx) -> Path:
    return _scores(ctx, rubric="nowhere-2030")


@case("scores")
def rubric_path_traversal(ctx: Ctx) -> Path:
    return _scores(ctx, rubric="../../../../etc/passwd")


@case("scores")
def unknown_item(ctx: Ctx) -> Path:
    data = json.loads(ctx.base.path("scores").read_text(encoding="utf-8"))
    data["scores"]["B99.1"] = "1"
    return ctx.file("scores.json", json.dumps(data))


@case("scores")
def scores_not_object(ctx: Ctx) -> Path:
    return _scores(ctx, scores=["B1.1", "1"])


@case("scores")
def incident_not_bool(ctx: Ctx) -> Path:
    return _scores(ctx, security_incident="yes")


@case("scores")
def facts_students_5000_digits(ctx: Ctx) -> Path:
    p = _scores(ctx, facts={"stage": "primary", "students": 900})
    p.write_text(p.read_text(encoding="utf-8").replace('"students": 900', '"students": ' + "9" * 5000))
    return p


@case("scores")
def facts_students_negative(ctx: Ctx) -> Path:
    return _scores(ctx, facts={"stage": "primary", "students": -900})


@case("scores")
def facts_students_float(ctx: Ctx) -> Path:
    return _scores(ctx, facts={"stage": "primary", "students": 900.5})


@case("scores")
def facts_unknown_stage(ctx: Ctx) -> Path:
    return _scores(ctx, facts={"stage": "\ud800", "students": 900})


@case("scores")
def self_assessment_underscore(ctx: Ctx) -> Path:
    return _scores(ctx, self_assessment={"B1.1": "1_0"})


# -- signed sheets --------------------------------------------------------------------------
def _sheet(ctx: Ctx) -> dict:
    return json.loads(ctx.base.path("sheet").read_text(encoding="utf-8"))


def _write_sheet(ctx: Ctx, sheet: dict) -> Path:
    from workbench.signing.sheet import sheet_file_bytes

    return ctx.file("sheet.json", sheet_file_bytes(sheet))


def _resign(ctx: Ctx, sheet: dict) -> Path:
    """Sign `sheet` again with the reviewer's real key: the signature is valid, the content is not."""
    from workbench.signing.ecdsa import sign_b64
    from workbench.signing.sheet import signed_payload

    sheet["signature"]["value"] = sign_b64(ctx.base.key, signed_payload(sheet))
    return _write_sheet(ctx, sheet)


def _mutate(v: object) -> object:
    if isinstance(v, bool):
        return not v
    if isinstance(v, int):
        return v + 1
    if isinstance(v, str):
        return v[:-1] + ("0" if v[-1:] != "0" else "1") if v else "x"
    if isinstance(v, list):
        return [*v, "x"]
    if isinstance(v, dict):
        if not v:
            return {"x": "1"}
        k = sorted(v)[-1]
        return {**v, k: _mutate(v[k])}
    return "x"


def _tamper_field(key: str) -> Callable[[Ctx], Path]:
    def make(ctx: Ctx) -> Path:
        s = _sheet(ctx)
        s[key] = _mutate(s.get(key))
        return _write_sheet(ctx, s)
    return make


def _register_tampering(base_sheet_keys: list[str]) -> None:
    for k in base_sheet_keys:
        add("sheet", f"tampered_{k}", _tamper_field(k))


SHEET_FIELDS = ["format", "sheet_id", "revision", "supersedes", "rubric", "school", "package", "items",
                "security_incident", "photos", "reviewer", "signed_at", "result", "provisional", "signature"]
_register_tampering(SHEET_FIELDS)


@case("sheet")
def high_s(ctx: Ctx) -> Path:
    """The same signature re-encoded as (r, n − s): needs no key."""
    from cryptography.hazmat.primitives.asymmetric.utils import (
        decode_dss_signature,
        encode_dss_signature,
    )

    from workbench.signing.ecdsa import P256_N

    s = _sheet(ctx)
    r, sv = decode_dss_signature(base64.b64decode(s["signature"]["value"]))
    if sv <= P256_N // 2:
        sv = P256_N - sv
    s["signature"]["value"] = base64.b64encode(encode_dss_signature(r, sv)).decode()
    return _write_sheet(ctx, s)


@case("sheet")
def der_not_minimal(ctx: Ctx) -> Path:
    """The DER signature with a superfluous leading zero in r: same numbers, other bytes."""
    s = _sheet(ctx)
    der = bytearray(base64.b64decode(s["signature"]["value"]))
    rlen = der[3]
    body = b"\x02" + bytes([rlen + 1]) + b"\x00" + bytes(der[4:4 + rlen]) + bytes(der[4 + rlen:])
    s["signature"]["value"] = base64.b64encode(b"\x30" + bytes([len(body)]) + body).decode()
    return _write_sheet(ctx, s)


def _resigned(mutate: Callable[[dict], None]) -> Callable[[Ctx], Path]:
    def make(ctx: Ctx) -> Path:
        s = _sheet(ctx)
        mutate(s)
        return _resign(ctx, s)
    return make


add("sheet", "reviewer_name_not_certificate", _resigned(lambda s: s["reviewer"].update(name="张主任")))
add("sheet", "reviewer_role_chair", _resigned(lambda s: s["reviewer"].update(role="chair")))
add("sheet", "reviewer_org_not_certificate", _resigned(lambda s: s["reviewer"].update(org="省教育厅")))
add("sheet", "wrong_format_version", _resigned(lambda s: s.update(format="workbench-sheet/99")))
add("sheet", "unknown_rubric_hash", _resigned(lambda s: s["rubric"].update(hash="sha256:" + "0" * 64)))
add("sheet", "total_not_items", _resigned(lambda s: s["result"].update(total="100")))
add("sheet", "score_underscore", _resigned(lambda s: s["items"]["B1.1"].update(score="0_5")))
add("sheet", "score_exponent", _resigned(lambda s: s["items"]["B1.1"].update(score="1e-999999999")))
add("sheet", "score_fullwidth", _resigned(lambda s: s["items"]["B1.1"].update(score="\uff11")))
add("sheet", "signed_before_certificate", _resigned(lambda s: s.update(signed_at="2001-01-01T00:00:00Z")))
add("sheet", "signed_at_garbage", _resigned(lambda s: s.update(signed_at="yesterday")))
add("sheet", "revision_huge", _resigned(lambda s: s.update(revision=10**30)))
add("sheet", "extra_field", _resigned(lambda s: s.update(admin=True)))
add("sheet", "fingerprint_other", _resigned(lambda s: s["reviewer"].update(fingerprint="0" * 64)))


@case("sheet")
def certificate_damaged(ctx: Ctx) -> Path:
    s = _sheet(ctx)
    s["reviewer"]["certificate"] = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"
    return _write_sheet(ctx, s)


@case("sheet")
def signature_alg_none(ctx: Ctx) -> Path:
    s = _sheet(ctx)
    s["signature"] = {"alg": "none", "value": ""}
    return _write_sheet(ctx, s)


@case("sheet")
def signature_missing(ctx: Ctx) -> Path:
    s = _sheet(ctx)
    del s["signature"]
    return _write_sheet(ctx, s)


@case("sheet")
def non_canonical_pretty(ctx: Ctx) -> Path:
    return ctx.file("sheet.json", json.dumps(_sheet(ctx), ensure_ascii=False, indent=2))


@case("sheet")
def non_canonical_ascii(ctx: Ctx) -> Path:
    return ctx.file("sheet.json", json.dumps(_sheet(ctx), ensure_ascii=True, sort_keys=True, separators=(",", ":")))


@case("sheet")
def bom_prefixed(ctx: Ctx) -> Path:
    return ctx.file("sheet.json", b"\xef\xbb\xbf" + ctx.base.path("sheet").read_bytes())


@case("sheet")
def crlf(ctx: Ctx) -> Path:
    return ctx.file("sheet.json", ctx.base.path("sheet").read_bytes().rstrip(b"\n") + b"\r\n")


@case("sheet")
def lone_surrogate(ctx: Ctx) -> Path:
    raw = ctx.base.path("sheet").read_bytes()
    s = _sheet(ctx)
    name = s["school"]["name"].encode()
    return ctx.file("sheet.json", raw.replace(name, name[:3] + b"\\ud800" + name[3:], 1))


@case("sheet")
def huge_int(ctx: Ctx) -> Path:
    raw = ctx.base.path("sheet").read_bytes()
    return ctx.file("sheet.json", raw.replace(b'"revision":1', b'"revision":1' + b"0" * 5000, 1))


@case("sheet")
def depth_bomb(ctx: Ctx) -> Path:
    return ctx.file("sheet.json", "[" * 100_000 + "]" * 100_000)


@case("sheet")
def sheet_top_level_list(ctx: Ctx) -> Path:
    return ctx.file("sheet.json", "[]")


@case("sheet")
def not_utf8(ctx: Ctx) -> Path:
    return ctx.file("sheet.json", ctx.base.path("sheet").read_bytes().replace(b'"format"', b'"\xff\xfeformat"', 1))


@case("sheet")
def truncated_sheet(ctx: Ctx) -> Path:
    raw = ctx.base.path("sheet").read_bytes()
    return ctx.file("sheet.json", raw[: len(raw) // 2])


@case("sheet")
def score_file_given(ctx: Ctx) -> Path:
    return ctx.copy("scores")


@case("sheet")
def unsigned_pdf(ctx: Ctx) -> Path:
    from workbench.printing.form import render_form_bytes

    return ctx.file("form.pdf", render_form_bytes(ctx.base.sheet))


# -- signed PDF forms ------------------------------------------------------------------------
@case("form")
def truncated_pdf(ctx: Ctx) -> Path:
    raw = ctx.base.path("form").read_bytes()
    return ctx.file("form.pdf", raw[: len(raw) // 2])


@case("form")
def truncated_end(ctx: Ctx) -> Path:
    return ctx.file("form.pdf", ctx.base.path("form").read_bytes()[:-200])


@case("form")
def appended_update(ctx: Ctx) -> Path:
    """An incremental update after the signature that changes the document's title."""
    import io

    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    w = IncrementalPdfFileWriter(io.BytesIO(ctx.base.path("form").read_bytes()))
    info = w.trailer["/Info"].get_object() if "/Info" in w.trailer else generic.DictionaryObject()
    info[generic.NameObject("/Title")] = generic.TextStringObject("改过的评分表")
    if "/Info" in w.trailer:
        w.update_container(info)
    else:
        w.trailer[generic.NameObject("/Info")] = w.add_object(info)
    out = io.BytesIO()
    w.write(out)
    return ctx.file("form.pdf", out.getvalue())


@case("form")
def appended_garbage(ctx: Ctx) -> Path:
    return ctx.file("form.pdf", ctx.base.path("form").read_bytes() + b"\n% appended by someone\n" * 10)


@case("form")
def pdf_garbage(ctx: Ctx) -> Path:
    return ctx.file("form.pdf", b"%PDF-1.7\n" + os.urandom(8192))


@case("form")
def pdf_header_only(ctx: Ctx) -> Path:
    return ctx.file("form.pdf", b"%PDF-")


@case("form")
def byte_flipped(ctx: Ctx) -> Path:
    raw = bytearray(ctx.base.path("form").read_bytes())
    i = raw.find(b"stream") + 40
    raw[i] ^= 0x01
    return ctx.file("form.pdf", bytes(raw))


@case("form")
def unsigned_form(ctx: Ctx) -> Path:
    from workbench.printing.form import render_form_bytes

    return ctx.file("form.pdf", render_form_bytes(ctx.base.sheet))


# -- panel results (PANEL.json) and the panel's signed 结论表 ------------------------------------
def _panel(ctx: Ctx, kind: str = "panel_cosigned") -> dict:
    return json.loads(ctx.base.path(kind).read_text(encoding="utf-8"))


def _write_panel(ctx: Ctx, doc: dict) -> Path:
    from workbench.panel.document import panel_file_bytes

    return ctx.file("panel.json", panel_file_bytes(doc))


def _resign_panel(ctx: Ctx, doc: dict) -> Path:
    """Signed again by the chair's real key (co-signatures dropped): valid signature, bad content."""
    from workbench.panel.document import signed_payload
    from workbench.signing.ecdsa import sign_b64
    from workbench.signing.identity import load_identity

    key = load_identity(ctx.base.path("chair")).private_key(PASS)
    chair_sig = next(sg for sg in doc["signatures"] if sg.get("role") == "chair") if any(
        sg.get("role") == "chair" for sg in doc["signatures"]) else doc["signatures"][0]
    chair_sig["value"] = sign_b64(key, signed_payload(doc))
    doc["signatures"] = [chair_sig]
    return _write_panel(ctx, doc)


PANEL_FIELDS = ["agreement", "chair", "created_at", "format", "items", "members", "method", "opinion", "package",
                "panel_id", "quorum", "result", "revision", "rubric", "school", "security_incident",
                "self_assessment", "spread_threshold", "supersedes", "signatures"]
for _field in PANEL_FIELDS:
    def _tampered_panel(ctx: Ctx, key: str = _field) -> Path:
        doc = _panel(ctx)
        doc[key] = _mutate(doc.get(key))
        return _write_panel(ctx, doc)
    add("panel", f"tampered_{_field}", _tampered_panel)


def _resigned_panel(mutate: Callable[[dict], None]) -> Callable[[Ctx], Path]:
    def make(ctx: Ctx) -> Path:
        doc = _panel(ctx)
        mutate(doc)
        return _resign_panel(ctx, doc)
    return make


add("panel", "resigned_total", _resigned_panel(lambda d: d["result"].update(total="100")))
add("panel", "resigned_format", _resigned_panel(lambda d: d.update(format="workbench-panel/99")))
add("panel", "resigned_quorum_zero", _resigned_panel(lambda d: d.update(quorum=0)))
add("panel", "resigned_quorum_huge", _resigned_panel(lambda d: d.update(quorum=10**30)))
add("panel", "resigned_spread_underscore", _resigned_panel(lambda d: d.update(spread_threshold="0_5")))
add("panel", "resigned_opinion_surrogate", _resigned_panel(lambda d: d.update(opinion="\ud800")))


@case("panel")
def panel_high_s(ctx: Ctx) -> Path:
    from cryptography.hazmat.primitives.asymmetric.utils import (
        decode_dss_signature,
        encode_dss_signature,
    )

    from workbench.signing.ecdsa import P256_N

    doc = _panel(ctx)
    sig = doc["signatures"][0]
    r, sv = decode_dss_signature(base64.b64decode(sig["value"]))
    if sv <= P256_N // 2:
        sv = P256_N - sv
    sig["value"] = base64.b64encode(encode_dss_signature(r, sv)).decode()
    return _write_panel(ctx, doc)


@case("panel")
def panel_signatures_removed(ctx: Ctx) -> Path:
    doc = _panel(ctx)
    doc["signatures"] = []
    return _write_panel(ctx, doc)


@case("panel")
def panel_pretty(ctx: Ctx) -> Path:
    return ctx.file("panel.json", json.dumps(_panel(ctx), ensure_ascii=False, indent=2))


@case("panel")
def panel_lone_surrogate(ctx: Ctx) -> Path:
    raw = ctx.base.path("panel_cosigned").read_bytes()
    return ctx.file("panel.json", raw.replace(b'"opinion":"', b'"opinion":"\\udfff', 1))


@case("panel")
def panel_huge_int(ctx: Ctx) -> Path:
    raw = ctx.base.path("panel_cosigned").read_bytes()
    return ctx.file("panel.json", raw.replace(b'"revision":1', b'"revision":1' + b"0" * 5000, 1))


@case("panel")
def panel_depth_bomb(ctx: Ctx) -> Path:
    return ctx.file("panel.json", '{"format":"workbench-panel/1","x":' + "[" * 100_000 + "]" * 100_000 + "}")


@case("panel")
def panel_list(ctx: Ctx) -> Path:
    return ctx.file("panel.json", "[]")


@case("panel")
def panel_not_utf8(ctx: Ctx) -> Path:
    raw = ctx.base.path("panel_cosigned").read_bytes()
    return ctx.file("panel.json", raw.replace(b'"opinion":"', b'"opinion":"\xff\xfe', 1))


@case("panel")
def sheet_instead(ctx: Ctx) -> Path:
    return ctx.copy("sheet")


@case("panel_pdf")
def panel_pdf_truncated(ctx: Ctx) -> Path:
    raw = ctx.base.path("panel_pdf").read_bytes()
    return ctx.file("panel.pdf", raw[: len(raw) // 2])


@case("panel_pdf")
def panel_pdf_appended(ctx: Ctx) -> Path:
    return ctx.file("panel.pdf", ctx.base.path("panel_pdf").read_bytes() + b"\n% appended\n" * 10)


@case("panel_pdf")
def panel_pdf_garbage(ctx: Ctx) -> Path:
    return ctx.file("panel.pdf", b"%PDF-1.7\n" + os.urandom(8192))


@case("panel_pdf")
def reviewer_form_instead(ctx: Ctx) -> Path:
    return ctx.copy("form")


@case("panel_pdf")
def panel_pdf_byte_flipped(ctx: Ctx) -> Path:
    raw = bytearray(ctx.base.path("panel_pdf").read_bytes())
    i = raw.find(b"stream") + 40
    raw[i] ^= 0x01
    return ctx.file("panel.pdf", bytes(raw))


# -- identities (folders) --------------------------------------------------------------------
def _ident(edit: Callable[[Path, Ctx], None]) -> Callable[[Ctx], Path]:
    def make(ctx: Ctx) -> Path:
        d = ctx.copy(ctx.start("identity"), "identity")
        edit(d, ctx)
        return d
    return make


def _cert_with_validity(d: Path, ctx: Ctx, before: dt.datetime, after: dt.datetime) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization

    from workbench.signing.identity import load_identity

    ident = load_identity(d)
    key = ident.private_key(PASS)
    cert = (x509.CertificateBuilder().subject_name(ident.cert.subject).issuer_name(ident.cert.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(before).not_valid_after(after)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    (d / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    from workbench.signing.identity import fingerprint

    info = json.loads((d / "identity.json").read_text(encoding="utf-8"))
    info["fingerprint"] = fingerprint(cert)
    (d / "identity.json").write_text(json.dumps(info, ensure_ascii=False))


_NOW = dt.datetime.now(dt.UTC)
IDENTITY_PUBLIC = {
    "info_list": lambda d, c: (d / "identity.json").write_text("[]"),
    "info_garbage": lambda d, c: (d / "identity.json").write_bytes(b"\x00\xffnot json"),
    "info_surrogate": lambda d, c: (d / "identity.json").write_text('{"name": "\\ud800", "org": "x", "role": "member"}'),
    "info_huge_int": lambda d, c: (d / "identity.json").write_text('{"name": "x", "role": ' + "1" * 5000 + "}"),
    "info_depth_bomb": lambda d, c: (d / "identity.json").write_text("[" * 100_000 + "]" * 100_000),
    "info_missing": lambda d, c: (d / "identity.json").unlink(),
    "cert_missing": lambda d, c: (d / "cert.pem").unlink(),
    "cert_garbage": lambda d, c: (d / "cert.pem").write_bytes(b"-----BEGIN CERTIFICATE-----\nnot base64\n"),
    "cert_fifo": lambda d, c: ((d / "cert.pem").unlink(), os.mkfifo(d / "cert.pem")),
    "cert_dev_zero": lambda d, c: ((d / "cert.pem").unlink(), (d / "cert.pem").symlink_to("/dev/zero")),
    "info_fifo": lambda d, c: ((d / "identity.json").unlink(), os.mkfifo(d / "identity.json")),
    "chain_garbage": lambda d, c: (d / "chain.pem").write_bytes(b"-----BEGIN CERTIFICATE-----\n!!\n-----END CERTIFICATE-----\n"),
    "chain_fifo": lambda d, c: os.mkfifo(d / "chain.pem"),
}


def _unencrypted(d: Path, ctx: Ctx) -> None:
    from cryptography.hazmat.primitives import serialization

    from workbench.signing.identity import load_identity

    key = load_identity(d).private_key(PASS)
    (d / "key.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                           serialization.NoEncryption()))
    os.chmod(d / "key.pem", 0o600)


def _other_key(d: Path, ctx: Ctx) -> None:
    shutil.copy2(ctx.base.path("ca") / "key.pem", d / "key.pem")


IDENTITY_SIGNING = {
    "key_missing": lambda d, c: (d / "key.pem").unlink(),
    "key_world_readable": lambda d, c: os.chmod(d / "key.pem", 0o644),
    "key_group_readable": lambda d, c: os.chmod(d / "key.pem", 0o640),
    "key_unencrypted": _unencrypted,
    "key_of_another": _other_key,
    "key_garbage": lambda d, c: (d / "key.pem").write_bytes(b"-----BEGIN ENCRYPTED PRIVATE KEY-----\n@@\n"),
    "key_fifo": lambda d, c: ((d / "key.pem").unlink(), os.mkfifo(d / "key.pem", 0o600)),
    "key_dev_zero": lambda d, c: ((d / "key.pem").unlink(), (d / "key.pem").symlink_to("/dev/zero")),
    "cert_expired": lambda d, c: _cert_with_validity(d, c, _NOW - dt.timedelta(days=800), _NOW - dt.timedelta(days=1)),
    "cert_not_yet_valid": lambda d, c: _cert_with_validity(d, c, _NOW + dt.timedelta(days=2), _NOW + dt.timedelta(days=900)),
}

for _name, _edit in IDENTITY_PUBLIC.items():
    add("identity", _name, _ident(_edit))
    add("signing_identity", _name, _ident(_edit))
for _name, _edit in IDENTITY_SIGNING.items():
    add("signing_identity", _name, _ident(_edit))


def _folder_cases(kind: str) -> None:
    add(kind, "folder_is_file", lambda ctx: ctx.file("identity", b"not a folder"))
    add(kind, "folder_missing", lambda ctx: ctx.dir / "no-such-identity")
    add(kind, "folder_empty", lambda ctx: (ctx.dir / "identity").mkdir() or ctx.dir / "identity")


for _kind in ("identity", "signing_identity", "identity_folder"):
    _folder_cases(_kind)


def _ca(edit: Callable[[Path, Ctx], None]) -> Callable[[Ctx], Path]:
    def make(ctx: Ctx) -> Path:
        d = ctx.copy("ca", "ca")
        edit(d, ctx)
        return d
    return make


for _name, _edit in {**IDENTITY_PUBLIC, **{k: v for k, v in IDENTITY_SIGNING.items() if not k.startswith("cert_")}}.items():
    add("ca", _name, _ca(_edit))
add("ca", "not_a_ca", lambda ctx: ctx.copy("identity", "ca"))
_folder_cases("ca")


# -- certificates for --trust ----------------------------------------------------------------
@case("cert")
def cert_garbage(ctx: Ctx) -> Path:
    return ctx.file("trust.pem", os.urandom(700))


@case("cert")
def damaged_pem(ctx: Ctx) -> Path:
    return ctx.file("trust.pem", "-----BEGIN CERTIFICATE-----\nMIIB!!!!\n-----END CERTIFICATE-----\n")


@case("cert")
def private_key_instead(ctx: Ctx) -> Path:
    return ctx.file("trust.pem", (ctx.base.path("identity") / "key.pem").read_bytes())


@case("cert")
def another_reviewer(ctx: Ctx) -> Path:
    """A valid certificate that did not sign the sheet: untrusted."""
    return ctx.file("trust.pem", (ctx.base.path("ca") / "cert.pem").read_bytes())


@case("cert")
def empty_folder(ctx: Ctx) -> Path:
    (ctx.dir / "trusted").mkdir()
    return ctx.dir / "trusted"


@case("cert")
def pem_surrogate_bytes(ctx: Ctx) -> Path:
    return ctx.file("trust.pem", b"-----BEGIN CERTIFICATE-----\n\xed\xa0\x80\n-----END CERTIFICATE-----\n")


# -- images: the handwritten signature (PNG) and on-site photos -------------------------------
@case("image", "photo")
def not_an_image(ctx: Ctx) -> Path:
    return ctx.file("picture.png", b"hello, I am text\n" * 20)


@case("image", "photo")
def truncated_image(ctx: Ctx) -> Path:
    return ctx.file("picture.png", png(400, 300)[:30])


@case("image", "photo")
def png_pixel_bomb(ctx: Ctx) -> Path:
    return ctx.file("picture.png", package_kit().png_header(100_000, 100_000))


@case("image", "photo")
def jpeg_pixel_bomb_past_1mib(ctx: Ctx) -> Path:
    return ctx.file("picture.jpg", jpeg_header_after(1_200_000))


@case("photo")
def truncated_jpeg(ctx: Ctx) -> Path:
    return ctx.file("photo.jpg", jpeg(800, 600)[:200])


@case("photo")
def folder_with_fifo(ctx: Ctx) -> Path:
    d = ctx.dir / "photos"
    d.mkdir()
    os.mkfifo(d / "pipe.jpg")
    (d / "zero.jpg").symlink_to("/dev/zero")
    return d


@case("photo")
def exif_garbage(ctx: Ctx) -> Path:
    data = bytearray(jpeg())
    i = data.find(b"Exif\x00\x00")
    data[i + 6:i + 14] = b"MM\x00\x2a\xff\xff\xff\xff"  # IFD offset far past the end
    return ctx.file("photo.jpg", bytes(data))


# -- rubrics and workbooks --------------------------------------------------------------------
def _rubric(ctx: Ctx, edit: Callable[[dict], None]) -> Path:
    data = json.loads(ctx.base.path("rubric").read_text(encoding="utf-8"))
    edit(data)
    return ctx.file("rubric.json", json.dumps(data, ensure_ascii=False))


@case("rubric")
def rubric_list(ctx: Ctx) -> Path:
    return ctx.file("rubric.json", "[]")


@case("rubric")
def rubric_depth_bomb(ctx: Ctx) -> Path:
    return ctx.file("rubric.json", "[" * 100_000 + "]" * 100_000)


@case("rubric")
def rubric_not_utf8(ctx: Ctx) -> Path:
    return ctx.file("rubric.json", ctx.base.path("rubric").read_text(encoding="utf-8").encode("gbk", "replace"))


@case("rubric")
def rubric_surrogate(ctx: Ctx) -> Path:
    text = ctx.base.path("rubric").read_text(encoding="utf-8")
    return ctx.file("rubric.json", text.replace('"majiang-2015"', '"majiang-\\ud800"', 1))


@case("rubric")
def rubric_huge_int(ctx: Ctx) -> Path:
    text = ctx.base.path("rubric").read_text(encoding="utf-8")
    return ctx.file("rubric.json", text.replace("{", '{"x_huge": ' + "7" * 5000 + ", ", 1))


@case("rubric")
def rubric_points_underscore(ctx: Ctx) -> Path:
    def edit(d: dict) -> None:
        d["areas"][0]["indicators"][0]["items"][0]["points"] = "1_0"
    return _rubric(ctx, edit)


@case("rubric")
def rubric_weights_wrong(ctx: Ctx) -> Path:
    def edit(d: dict) -> None:
        d["areas"][0]["weight"] = "99"
    return _rubric(ctx, edit)


def _xlsx_rewrite(ctx: Ctx, edit: Callable[[str, bytes], bytes]) -> Path:
    src = ctx.base.path("workbook")
    p = ctx.dir / "rubric.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, edit(info.filename, zin.read(info)))
    return p


@case("workbook")
def xlsx_not_zip(ctx: Ctx) -> Path:
    return ctx.file("rubric.xlsx", b"name,points\nB1.1,1\n")


@case("workbook")
def xlsx_truncated(ctx: Ctx) -> Path:
    raw = ctx.base.path("workbook").read_bytes()
    return ctx.file("rubric.xlsx", raw[: len(raw) // 2])


@case("workbook")
def xlsx_empty_zip(ctx: Ctx) -> Path:
    p = ctx.dir / "rubric.xlsx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("hello.txt", "x")
    return p


@case("workbook")
def xlsx_formulas(ctx: Ctx) -> Path:
    """Every number in the workbook (points, weights, grade bands) replaced by a formula computing
    it: the file holds no cached values, so a reader sees either the formula or nothing."""
    import re

    from openpyxl import load_workbook

    p = ctx.copy("workbook")
    wb = load_workbook(p)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, (int, float)) and not isinstance(c.value, bool) or (
                        isinstance(c.value, str) and re.fullmatch(r"[0-9]+(\.[0-9]+)?", c.value)):
                    c.value = f"={c.value}*1"
    wb.save(p)
    return p


@case("workbook")
def xlsx_huge_dimension(ctx: Ctx) -> Path:
    """A cell at XFD1048576: a reader that walks the whole grid walks 17 billion cells."""
    far = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'

    def edit(name: str, data: bytes) -> bytes:
        if name.startswith("xl/worksheets/sheet"):
            data = data.replace(b"</sheetData>", far, 1)
            data = data.replace(b'<dimension ref="', b'<dimension ref="A1:XFD1048576" x="', 1)
        return data
    return _xlsx_rewrite(ctx, edit)


@case("workbook")
def xlsx_xml_bomb(ctx: Ctx) -> Path:
    """Billion laughs in the shared strings."""
    bomb = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lollollollollollollollollollol">'
            + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                       for i in range(1, 10))
            + b']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9;</t></si></sst>')

    def edit(name: str, data: bytes) -> bytes:
        return bomb if name == "xl/sharedStrings.xml" else data
    p = _xlsx_rewrite(ctx, edit)
    with zipfile.ZipFile(p) as z:
        if "xl/sharedStrings.xml" not in z.namelist():
            with zipfile.ZipFile(p, "a") as za:
                za.writestr("xl/sharedStrings.xml", bomb)
    return p


# -- school folders for `package build` -------------------------------------------------------
def _folder(edit: Callable[[Path], None]) -> Callable[[Ctx], Path]:
    def make(ctx: Ctx) -> Path:
        d = ctx.copy("folder", "school")
        edit(d)
        return d
    return make


def _workbook_of(d: Path) -> Path:
    return next(d.glob("*.xlsx"))


FOLDER_EDITS: dict[str, Callable[[Path], None]] = {
    "no_workbook": lambda d: _workbook_of(d).unlink(),
    "two_workbooks": lambda d: shutil.copy2(_workbook_of(d), d / "另一个.xlsx"),
    "workbook_not_zip": lambda d: _workbook_of(d).write_bytes(b"not a workbook"),
    "workbook_fifo": lambda d: (_workbook_of(d).unlink(), os.mkfifo(d / "申报表.xlsx")),
    "symlink_outside": lambda d: (d / "B1" / "passwd.pdf").symlink_to("/etc/passwd"),
    "symlink_folder_outside": lambda d: (d / "B2").symlink_to("/etc"),
    "fifo_inside": lambda d: os.mkfifo(d / "B1" / "pipe.pdf"),
    "dev_zero_inside": lambda d: (d / "B1" / "zero.pdf").symlink_to("/dev/zero"),
    "name_not_utf8": lambda d: (Path(os.fsdecode(os.fsencode(d / "B1") + b"/\xff\xfe.pdf"))).write_bytes(b"%PDF-1.4"),
    "unknown_indicator": lambda d: ((d / "B99").mkdir(), (d / "B99" / "x.pdf").write_bytes(b"%PDF-1.4")),
}
for _name, _path in WINDOWS_NAMES.items():
    if _path.startswith("B1/"):
        FOLDER_EDITS[_name] = lambda d, rel=_path[3:]: (d / "B1" / rel).write_bytes(b"%PDF-1.4 x")


def _workbook_cell(label: str, value: object) -> Callable[[Path], None]:
    def edit(d: Path) -> None:
        from openpyxl import load_workbook

        from workbench.evidence.template import FORM_SHEET

        p = _workbook_of(d)
        wb = load_workbook(p)
        ws = wb[FORM_SHEET]
        for row in range(1, ws.max_row + 1):
            if str(ws[f"A{row}"].value or "").replace("*", "").strip() == label:
                ws[f"B{row}"] = value
        wb.save(p)
    return edit


FOLDER_EDITS["students_5000_digits"] = _workbook_cell("学生人数", "9" * 5000)
FOLDER_EDITS["students_formula"] = _workbook_cell("学生人数", "=500+40")
FOLDER_EDITS["school_name_control"] = _workbook_cell("学校名称", "测试\u202e小学")
for _name, _edit in FOLDER_EDITS.items():
    add("folder", _name, _folder(_edit))
add("folder", "folder_is_file", lambda ctx: ctx.file("school", b"x"))
add("folder", "folder_missing", lambda ctx: ctx.dir / "no-such-folder")


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


# One or two cases of each way a kind can be bad, for commands that read it through the same
# code as the command that gets every case (see the specs in test_every_command.py).
_FILES = ("fifo", "directory", "dev_zero", "huge_sparse")
CORE: dict[str, tuple[str, ...]] = {
    "package": (*_FILES, "evidence_not_zip", "truncated", "forged_entry_count", "surrogate_school_name",
                "students_5000_digits", "win_con", "image_header_past_1mib", "evidence_dotdot", "wrong_hash_in_demo"),
    "scores": (*_FILES, "underscore_0_5", "exponent", "fullwidth", "nan_literal", "depth_bomb", "top_level_list",
               "invalid_utf8", "surrogate_value", "facts_students_5000_digits"),
    "sheet": (*_FILES, "tampered_items", "tampered_reviewer", "high_s", "reviewer_role_chair",
              "wrong_format_version", "non_canonical_pretty", "lone_surrogate", "huge_int", "depth_bomb", "not_utf8"),
    "form": ("fifo", "huge_sparse", "truncated_pdf", "appended_update", "pdf_garbage", "unsigned_form"),
    "cert": (*_FILES, "cert_garbage", "damaged_pem"),
    "signing_identity": ("info_list", "info_surrogate", "key_world_readable", "key_unencrypted", "cert_expired",
                         "cert_not_yet_valid", "key_fifo", "folder_missing"),
    "identity": ("info_list", "info_surrogate", "cert_garbage", "cert_fifo", "folder_is_file", "folder_missing"),
    "image": ("fifo", "dev_zero", "huge_sparse", "not_an_image", "png_pixel_bomb"),
    "output": ("is_directory", "missing_parent", "read_only_folder", "disk_full_over_previous"),
    "workspace": ("db_garbage", "ws_is_file", "future_schema"),
    "workspace_write": ("read_only", "disk_full", "db_garbage", "ws_is_file"),
    "hub_data": ("missing", "is_file", "config_list", "db_garbage", "future_schema"),
    "hub_data_write": ("read_only", "disk_full", "db_garbage", "is_file"),
    "panel": ("fifo", "huge_sparse", "tampered_items", "tampered_signatures", "panel_high_s", "resigned_total",
              "panel_lone_surrogate", "panel_huge_int", "sheet_instead"),
}
