"""The core the window and the CLI share: sign from the workspace, save the signed sheet file
(re-signing only when the scores changed), gather signed sheets, export them to Excel, and
the reviewer's form with the photo appendix from the workspace's blob store."""

from __future__ import annotations

import io
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PIL import Image

sys.path.insert(0, str(Path(__file__).parent))
from sheet_helpers import PASS, full_scores, make_identity  # noqa: E402

from workbench.errors import Cancelled, SignatureError  # noqa: E402
from workbench.evidence import DEMO_SCHOOL_CODE as CODE  # noqa: E402
from workbench.evidence import demo_package_path, import_package  # noqa: E402
from workbench.printing.workspace_form import draft_form, photo_count, photo_source, signed_form  # noqa: E402
from workbench.printing.xlsx_export import export_documents, export_workspace  # noqa: E402
from workbench.signing.identity import load_identity  # noqa: E402
from workbench.signing.sheet import sheet_file_bytes, sheet_hash  # noqa: E402
from workbench.signing.verify import verify_file  # noqa: E402
from workbench.signing.workspace_sheets import (  # noqa: E402
    save_sheet,
    sheet_status,
    sign_from_workspace,
    signed_sheet_files,
)
from workbench.store import Workspace  # noqa: E402


def page_count(pdf: bytes) -> int:
    from pyhanko.pdf_utils.reader import PdfFileReader

    return int(PdfFileReader(io.BytesIO(pdf)).root["/Pages"]["/Count"])


@pytest.fixture
def ws(tmp_path):
    w = Workspace.open(tmp_path / "ws")
    me = w.set_local_reviewer("王芳", "麻江县教育和科技局", "member")
    import_package(w, demo_package_path())
    for iid, v in full_scores().items():
        w.set_score(CODE, me.id, iid, v)
    make_identity(w.root / "identity", me.name, org=me.org)
    yield w
    w.close()


def photos(ws, tmp_path, n: int = 3) -> None:
    paths = []
    for i in range(n):
        p = tmp_path / f"IMG_{i}.jpg"
        Image.new("RGB", (640, 480), (40 * i, 120, 200)).save(p)
        paths.append(p)
    ws.import_photos(CODE, paths, ws.local_reviewer().id, "B3")


def test_save_sheet_signs_once_and_again_only_after_a_change(ws, tmp_path):
    me = ws.local_reviewer()
    status = sheet_status(ws, CODE, me.id)
    assert status.signed is None and status.revision == 1 and status.unscored == 0
    with pytest.raises(SignatureError, match="not signed"):
        save_sheet(ws, CODE, tmp_path / "a.json")  # no passphrase, nothing signed yet
    first = save_sheet(ws, CODE, tmp_path / "a.json", PASS)
    assert first.newly_signed and first.sheet["revision"] == 1
    v = verify_file(tmp_path / "a.json", [load_identity(ws.root / "identity").cert])
    assert v.sheet["school"]["code"] == CODE and not v.sheet["provisional"]
    assert sheet_status(ws, CODE, me.id).signed is not None
    again = save_sheet(ws, CODE, tmp_path / "b.json")  # unchanged: the same signed revision, no key needed
    assert not again.newly_signed and (tmp_path / "b.json").read_bytes() == (tmp_path / "a.json").read_bytes()
    ws.set_score(CODE, me.id, "B1.1", Decimal("0"))
    assert sheet_status(ws, CODE, me.id).signed is None
    third = save_sheet(ws, CODE, tmp_path / "c.json", lambda: PASS)
    assert third.newly_signed and third.sheet["revision"] == 2
    assert third.sheet["supersedes"] == sheet_hash(first.sheet)


def test_incomplete_sheet_needs_allow_incomplete(ws, tmp_path):
    me = ws.local_reviewer()
    ws.set_score(CODE, me.id, "B2.1", None)
    assert sheet_status(ws, CODE, me.id).unscored == 1
    with pytest.raises(SignatureError, match="incomplete"):
        sign_from_workspace(ws, CODE, PASS)
    signed = sign_from_workspace(ws, CODE, PASS, allow_incomplete=True)
    assert signed["provisional"]
    assert signed_sheet_files(ws, me.id) == []  # provisional sheets are not results: not kept


def test_excel_export_of_the_workspace_and_cancel(ws, tmp_path):
    me = ws.local_reviewer()
    with pytest.raises(Exception, match="no signed score sheets"):
        export_workspace(ws, me.id, tmp_path / "none.xlsx")
    signed = sign_from_workspace(ws, CODE, PASS)
    [(code, data)] = signed_sheet_files(ws, me.id)
    assert code == CODE and data == sheet_file_bytes(signed)
    done = export_workspace(ws, me.id, tmp_path / "r.xlsx")
    assert (done.sheets, done.schools) == (1, 1)
    wb = load_workbook(tmp_path / "r.xlsx")
    assert any(CODE in name for name in wb.sheetnames)
    with pytest.raises(Cancelled):
        export_documents([(CODE, data)], tmp_path / "c.xlsx", cancel=lambda: True)
    assert not (tmp_path / "c.xlsx").exists()
    tampered = data.replace(b'"revision":1', b'"revision":2')
    with pytest.raises(SignatureError, match=f"{CODE}: not exported"):
        export_documents([(CODE, tampered)], tmp_path / "t.xlsx")
    assert not (tmp_path / "t.xlsx").exists()


def test_form_with_photo_appendix_from_the_workspace(ws, tmp_path):
    me = ws.local_reviewer()
    photos(ws, tmp_path, 3)
    assert photo_count(ws, CODE) == 3
    assert photo_source(ws)("0" * 64) is None
    sheet, without = draft_form(ws, CODE, me)
    _, with_photos = draft_form(ws, CODE, me, photos=True)
    assert "signature" not in sheet and len(sheet["photos"]) == 3
    assert page_count(with_photos) == page_count(without) + 1  # three photos: one appendix page
    sha = ws.photos(CODE)[0].sha256
    small = photo_source(ws, cached=True)(sha)  # the print dialog's: decoded once, kept in memory
    assert small.startswith(b"\xff\xd8") and photo_source(ws, cached=True)(sha) is small
    assert page_count(draft_form(ws, CODE, me, photos=True, cached=True)[1]) == page_count(with_photos)
    with pytest.raises(Cancelled):  # the print dialog closed or replaced: stops at the next photo
        draft_form(ws, CODE, me, photos=True, cached=True, cancel=lambda: True)
    signed = sign_from_workspace(ws, CODE, PASS)
    ident = load_identity(ws.root / "identity")
    pdf = signed_form(ws, signed, ident, ident.private_key(PASS), photos=True)
    (tmp_path / "f.pdf").write_bytes(pdf)
    v = verify_file(tmp_path / "f.pdf", [ident.cert])
    assert v.sheet["photos"] == signed["photos"] and page_count(pdf) == page_count(with_photos)
