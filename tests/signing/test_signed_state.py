"""The signed state of a school: unsigned → signed r1 → edited → changed → signed r2, by content."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from sheet_helpers import PASS, make_identity  # noqa: E402

from workbench.evidence import DEMO_SCHOOL_CODE, demo_package_path, import_package  # noqa: E402
from workbench.signing.from_sources import last_signed, remember_signed, sheet_from_workspace  # noqa: E402
from workbench.signing.sheet import sheet_hash, sign_sheet  # noqa: E402
from workbench.signing.state import (  # noqa: E402
    CHANGED,
    SIGNED,
    UNSIGNED,
    sheet_digest,
    signed_sheet_of,
    signed_state,
    signed_states,
)
from workbench.store import Workspace  # noqa: E402

CODE = DEMO_SCHOOL_CODE


@pytest.fixture(scope="module")
def ident(tmp_path_factory):
    return make_identity(tmp_path_factory.mktemp("id"), name="王芳")


@pytest.fixture
def ws(tmp_path):
    w = Workspace.open(tmp_path / "ws")
    w.set_local_reviewer("王芳", "麻江县教育局", "member")
    import_package(w, demo_package_path())
    yield w
    w.close()


def sign_now(ws, ident) -> dict:
    me = ws.local_reviewer().id
    sheet, rubric = sheet_from_workspace(ws, CODE, me)
    signed = sign_sheet(sheet, ident, ident.private_key(PASS), rubric, allow_incomplete=True)
    remember_signed(ws, CODE, me, signed)
    return signed


def test_unsigned_signed_changed_and_second_revision(ws, ident):
    me = ws.local_reviewer().id
    assert signed_state(ws, CODE, me).status == UNSIGNED
    ws.set_score(CODE, me, "B1.1", "1")
    ws.set_note(CODE, me, "B1.1", "查阅资料")
    assert signed_state(ws, CODE, me).status == UNSIGNED

    r1 = sign_now(ws, ident)
    st = signed_state(ws, CODE, me)
    assert (st.status, st.revision, st.sheet_hash) == (SIGNED, 1, sheet_hash(r1))
    assert st.signed_at is not None and st.signed_at.isoformat().startswith(r1["signed_at"][:16])

    ws.set_score(CODE, me, "B1.1", "0.5")  # an edit after signing
    st = signed_state(ws, CODE, me)
    assert (st.status, st.revision) == (CHANGED, 1)
    ws.set_score(CODE, me, "B1.1", "1")  # back to what was signed: decided by content, not time
    assert signed_state(ws, CODE, me).status == SIGNED

    for change in (lambda: ws.set_note(CODE, me, "B1.1", "查阅资料,补充"),
                   lambda: ws.set_check(CODE, me, "B1.2", 0, True),
                   lambda: ws.set_methods(CODE, me, "B1.2", ["documents"]),
                   lambda: ws.set_security_incident(CODE, me, True, "病毒感染")):
        change()
        assert signed_state(ws, CODE, me).status == CHANGED

    r2 = sign_now(ws, ident)
    st = signed_state(ws, CODE, me)
    assert (st.status, st.revision, st.sheet_hash) == (SIGNED, 2, sheet_hash(r2))
    assert r2["supersedes"] == sheet_hash(r1)


def test_digest_matches_the_sheet_the_workspace_would_sign(ws, ident):
    """The workspace side and the sheet side of the comparison agree on every kind of field."""
    me = ws.local_reviewer().id
    ws.set_score(CODE, me, "B2.1", "1.5")
    ws.set_check(CODE, me, "B2.1", 1, True)
    ws.set_methods(CODE, me, "B2.1", ["site_visit", "documents"])
    ws.set_note(CODE, me, "B3.1", "笔记 <b>&")
    ws.set_security_incident(CODE, me, True, "病毒")
    ws.set_security_incident(CODE, me, False)  # cleared: the old description stays in the row
    signed = sign_now(ws, ident)
    assert signed_state(ws, CODE, me).status == SIGNED
    unsigned_now, _ = sheet_from_workspace(ws, CODE, me)
    assert sheet_digest(unsigned_now) == sheet_digest(signed)


def test_photos_are_content_too(ws, ident, tmp_path):
    """The signed sheet names the on-site photos: one added after signing is a change."""
    from PIL import Image

    me = ws.local_reviewer().id
    ws.set_score(CODE, me, "B1.1", "1")
    sign_now(ws, ident)
    jpg = tmp_path / "site.jpg"
    Image.new("RGB", (64, 48), (200, 120, 40)).save(jpg)
    ws.import_photos(CODE, [jpg], me, "B3")
    assert signed_state(ws, CODE, me).status == CHANGED
    signed = sign_now(ws, ident)
    assert signed["photos"] and signed_state(ws, CODE, me).status == SIGNED
    ws.remove_photo(ws.photos(CODE)[0].id, me)
    assert signed_state(ws, CODE, me).status == CHANGED


def test_batch_covers_every_school_and_only_this_reviewer(ws, ident):
    me = ws.local_reviewer().id
    sign_now(ws, ident)
    states = signed_states(ws, me, [s.code for s in ws.list_schools()])
    assert states[CODE].status == SIGNED
    assert signed_states(ws, me + 1, [CODE])[CODE].status == UNSIGNED  # another reviewer signed nothing


def test_old_record_without_digest_is_completed_from_the_outbox(ws, ident):
    """A workspace signed before this change keeps only {sheet_id, revision, hash}."""
    me = ws.local_reviewer().id
    for item in ws.school(CODE).rubric.iter_items():
        ws.set_score(CODE, me, item.id, "0")
    signed = sign_now(ws, ident)  # complete, so it is queued in the outbox
    key = f"signing.last_sheet.{CODE}.{me}"
    rec = json.loads(ws.get_setting(key))
    ws.set_setting(key, json.dumps({k: rec[k] for k in ("sheet_id", "revision", "hash")}))
    assert signed_state(ws, CODE, me).status == SIGNED
    assert signed_sheet_of(ws, CODE, me)["signature"] == signed["signature"]
    ws.set_score(CODE, me, "B1.1", "1")
    assert signed_state(ws, CODE, me).status == CHANGED
    assert last_signed(ws, CODE, me)["revision"] == 1


def test_cli_workspace_info_shows_the_state(ws, ident, capsys):
    from workbench.cli.main import main

    me = ws.local_reviewer().id
    ws.set_score(CODE, me, "B1.1", "1")

    def info() -> str:
        assert main(["workspace", "info", "--workspace", str(ws.root)]) == 0
        return next(line for line in capsys.readouterr().out.splitlines() if CODE in line)

    assert "unsigned" in info()
    sign_now(ws, ident)
    assert "signed r1" in info()
    ws.set_score(CODE, me, "B1.1", "0.5")
    assert "changed after signing r1" in info()
    assert main(["workspace", "result", CODE, "--workspace", str(ws.root)]) == 0
    assert "state    changed after signing r1" in capsys.readouterr().out.splitlines()


def pdf_pages(pdf: bytes, tmp_path: Path) -> list[str]:
    src = tmp_path / "form.pdf"
    src.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(src), "-"], capture_output=True, text=True, check=True).stdout
    return [p for p in text.split("\f") if p.strip()]


def test_print_marks_unsigned_and_changed_forms_as_drafts(ws, ident, tmp_path):
    from workbench.printing.form import render_form_bytes
    from workbench.signing.state import changed_since

    me = ws.local_reviewer().id
    for item in ws.school(CODE).rubric.iter_items():
        ws.set_score(CODE, me, item.id, "0")
    draft, _ = sheet_from_workspace(ws, CODE, me)
    pages = pdf_pages(render_form_bytes(draft), tmp_path)
    assert len(pages) >= 2
    assert all("草稿(未签名)" in p for p in pages)  # the footer of every page
    assert "草稿 · 未签名" in pages[0]  # the banner under the header

    signed = sign_now(ws, ident)
    assert not changed_since(ws, signed)
    pages = pdf_pages(render_form_bytes(signed, changed=changed_since(ws, signed)), tmp_path)
    assert not any("草稿" in p or "签名后已修改" in p or "未签名" in p for p in pages)
    assert "已签名 第 1 版 · " in pages[0]

    ws.set_score(CODE, me, "B1.1", "1")  # changed after signing: the signed sheet is no longer current
    assert changed_since(ws, signed)
    pages = pdf_pages(render_form_bytes(signed, changed=True), tmp_path)
    assert all("草稿(签名后已修改)" in p for p in pages)
    assert "草稿 · 签名后已修改" in pages[0] and "第 2 版" in pages[0]
    redraft, _ = sheet_from_workspace(ws, CODE, me)  # the window's draft of revision 2
    pages = pdf_pages(render_form_bytes(redraft, changed=True), tmp_path)
    assert all("草稿(签名后已修改)" in p for p in pages) and "第 1 版签名后已修改" in pages[0]

    r2 = sign_now(ws, ident)
    assert changed_since(ws, signed) and not changed_since(ws, r2)  # r1 is superseded by r2


def test_cli_print_marks_a_sheet_changed_since_signing(ws, ident, tmp_path, capsys):
    from workbench.cli.main import main
    from workbench.signing.sheet import write_sheet

    me = ws.local_reviewer().id
    for item in ws.school(CODE).rubric.iter_items():
        ws.set_score(CODE, me, item.id, "0")
    path = write_sheet(sign_now(ws, ident), tmp_path / "sheet.json")
    out = tmp_path / "form.pdf"
    assert main(["print", str(path), "-o", str(out), "--workspace", str(ws.root)]) == 0
    assert "DRAFT" not in capsys.readouterr().out
    assert not any("草稿" in p for p in pdf_pages(out.read_bytes(), tmp_path))
    ws.set_note(CODE, me, "B1.1", "签名后补记")
    assert main(["print", str(path), "-o", str(out), "--workspace", str(ws.root)]) == 0
    assert "DRAFT" in capsys.readouterr().out
    assert all("草稿(签名后已修改)" in p for p in pdf_pages(out.read_bytes(), tmp_path))
    # without a workspace there is nothing to compare with: the signed sheet prints as signed
    assert main(["print", str(path), "-o", str(out), "--workspace", str(tmp_path / "none")]) == 0
    assert not (tmp_path / "none").exists()
    assert not any("草稿" in p for p in pdf_pages(out.read_bytes(), tmp_path))


def test_a_provisional_signed_sheet_is_kept_and_previewed_as_signed(ws, ident, tmp_path):
    """A provisional sheet (items unscored) is never queued for the hub, so the signing record
    keeps it: the window previews what was signed (revision 1, no draft marks), not a draft of
    revision 2 that says 未签名 while the list says 已签名."""
    from workbench.printing.workspace_form import draft_form

    me = ws.local_reviewer()
    ws.set_score(CODE, me.id, "B1.1", "1")
    signed = sign_now(ws, ident)
    assert signed["provisional"]
    assert signed_state(ws, CODE, me.id).status == SIGNED
    assert signed_sheet_of(ws, CODE, me.id) == json.loads(json.dumps(signed))
    sheet, pdf = draft_form(ws, CODE, me)
    assert sheet_hash(sheet) == sheet_hash(signed) and sheet["revision"] == 1
    pages = pdf_pages(pdf, tmp_path)
    assert not any("草稿" in p or "未签名" in p for p in pages)
    ws.set_score(CODE, me.id, "B1.2", "1")  # changed after signing: the draft of revision 2 again
    sheet, pdf = draft_form(ws, CODE, me)
    assert sheet["revision"] == 2 and "草稿 · 签名后已修改" in pdf_pages(pdf, tmp_path)[0]
