"""Bad evidence packages (.wbpkg): the existing hostile-package cases, broken archives, forged
ZIP records, Windows-special and bidi names, invalid Unicode and huge numbers in the manifest."""

from __future__ import annotations

import json
import os
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

from baseline import load_by_path, package_kit
from corpus import Ctx, add, case


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
