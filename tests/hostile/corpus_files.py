"""Paths that are not files, and bad score files, images, rubrics, workbooks and school folders."""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

from baseline import jpeg, package_kit, png
from corpus import Ctx, add, case
from corpus_packages import WINDOWS_NAMES, jpeg_header_after

HUGE = 3 << 30  # a sparse file of 3 GiB: costs no disk, but reading it whole would

# -- files that are not files: for every kind a command reads from a path ---------------------
READ_KINDS = ("bundle", "package", "scores", "sheet", "form", "cert", "image", "photo", "rubric", "workbook", "panel", "panel_pdf")


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
                     ("panel", b'{"format":"workbench-panel/1"'), ("panel_pdf", b"%PDF-1.7\n"), ("bundle", b"PK\x03\x04")):
    add(_kind, "huge_sparse", _huge_sparse(_head))




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
for _name, _edit in FOLDER_EDITS.items():
    add("folder", _name, _folder(_edit))
add("folder", "folder_is_file", lambda ctx: ctx.file("school", b"x"))
add("folder", "folder_missing", lambda ctx: ctx.dir / "no-such-folder")


# -- USB bundles (.wbsync) -------------------------------------------------------------------
@case("bundle")
def bundle_truncated(ctx: Ctx) -> Path:
    raw = ctx.base.path("bundle").read_bytes()
    return ctx.file("school.wbsync", raw[: len(raw) // 2])


@case("bundle")
def bundle_not_zip(ctx: Ctx) -> Path:
    return ctx.file("school.wbsync", b"not a bundle\n" * 30)


@case("bundle")
def package_instead(ctx: Ctx) -> Path:
    return ctx.copy("package")


@case("bundle")
def bundle_entry_tampered(ctx: Ctx) -> Path:
    """One member of the bundle changed by one byte, everything else as exported."""
    src = ctx.base.path("bundle")
    p = ctx.dir / "school.wbsync"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as zout:
        done = False
        for info in zin.infolist():
            data = zin.read(info)
            if not done and info.filename.endswith(".json") and b'"revision":1' in data:
                data, done = data.replace(b'"revision":1', b'"revision":2', 1), True
            zout.writestr(info, data)
    return p


@case("bundle")
def bundle_path_traversal(ctx: Ctx) -> Path:
    src = ctx.base.path("bundle")
    p = ctx.dir / "school.wbsync"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, zin.read(info))
        zout.writestr("../../escaped.json", b"{}")
    return p
