"""Bad signed documents: score sheets (every field tampered, high-S, re-signed lies, non-canonical
bytes), signed PDF forms, panel results and the panel's signed PDF."""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Callable
from pathlib import Path

from baseline import PASS
from corpus import Ctx, add, case


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


@case("panel_only")
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
