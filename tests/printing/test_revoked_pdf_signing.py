"""A revoked certificate adds no PAdES signature to a printed form: the reviewer's form
(`signed_form`, `print --sign-with`) and the panel's 结论表 (`print --panel --sign-with`,
`panel sign-pdf`) are refused when the workspace knows the signer's certificate to be revoked,
before the key is unlocked (a wrong passphrase is never even tried) and with nothing written;
an unrevoked identity still signs. Real identities, real signed sheets and panel results, a
real hub-signed revocation document stored through the sync code's own verification."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent.parent / "signing"))
sys.path.insert(0, str(Path(__file__).parent.parent / "panel"))
from panel_print_helpers import make_panel  # noqa: E402
from revoke_helpers import revoke  # noqa: E402
from sheet_helpers import PASS, make_identity, signed_sheet  # noqa: E402

from workbench.cli.main import main  # noqa: E402
from workbench.errors import CertificateRevoked  # noqa: E402
from workbench.panel.document import panel_file_bytes  # noqa: E402
from workbench.printing.panel_pdf import make_panel_pdf, verify_panel_pdf_bytes  # noqa: E402
from workbench.printing.workspace_form import signed_form  # noqa: E402
from workbench.signing.sheet import sheet_file_bytes  # noqa: E402
from workbench.signing.verify import verify_file  # noqa: E402
from workbench.store import Workspace  # noqa: E402


@pytest.fixture(autouse=True)
def env(monkeypatch):
    monkeypatch.setenv("WB_PASS", PASS)
    monkeypatch.setenv("WB_WRONG", "not the passphrase")  # a refusal with it proves the key stayed locked


@pytest.fixture(scope="module")
def people(tmp_path_factory):
    """A reviewer and a colleague with their signed sheets, the hub that revokes, and a workspace
    that knows the reviewer's certificate to be revoked (the colleague's stands)."""
    root = tmp_path_factory.mktemp("people")
    hub = make_identity(root / "hub", "测试中心", role="admin")
    rev, other = make_identity(root / "rev", "王芳"), make_identity(root / "other", "李明")
    sheets = {}
    for ident in (rev, other):
        sheets[ident.name] = signed_sheet(ident)
        (root / f"{ident.name}.json").write_bytes(sheet_file_bytes(sheets[ident.name]))
    with Workspace.open(root / "ws") as ws:
        revoked_at = revoke(ws, hub, PASS, rev)
    return root, rev, other, sheets, revoked_at


@pytest.fixture(scope="module")
def panel(tmp_path_factory):
    """A signed panel result, the chair's signed 结论表, and a member's workspace that knows that
    member's certificate to be revoked."""
    root = tmp_path_factory.mktemp("panel")
    p = make_panel(root, n_members=2)
    hub = make_identity(root / "hub", "测试中心", role="admin")
    doc_bytes = panel_file_bytes(p.signed(cosigners=2))
    (root / "panel.json").write_bytes(doc_bytes)
    chair_pdf = make_panel_pdf(doc_bytes, identity=p.chair, key=p.chair.private_key(PASS),
                               signature_png=p.chair.signature_image())
    (root / "chair.pdf").write_bytes(chair_pdf)
    with Workspace.open(root / "ws") as ws:
        revoke(ws, hub, PASS, p.members[0])
    with Workspace.open(root / "chair-ws") as ws:
        revoke(ws, hub, PASS, p.chair)
    return root, p


def run(*argv: object) -> int:
    return main([str(a) for a in argv])


def one_line(capsys) -> str:  # noqa: ANN001
    err = capsys.readouterr().err.strip()
    assert err and "\n" not in err and "Traceback" not in err, err
    return err


def test_signed_form_refuses_before_the_key_is_unlocked(people) -> None:
    root, rev, other, sheets, revoked_at = people
    unlocked: list[str] = []

    def unlock(ident):  # noqa: ANN001, ANN202
        def key():  # noqa: ANN202
            unlocked.append(ident.name)
            return ident.private_key(PASS)
        return key

    with Workspace.open(root / "ws") as ws:
        with pytest.raises(CertificateRevoked) as e:
            signed_form(ws, sheets[rev.name], rev, unlock(rev))
        assert e.value.code == "certificate_revoked" and f"is revoked as of {revoked_at}" in str(e.value)
        with pytest.raises(CertificateRevoked):  # an already unlocked key is refused all the same
            signed_form(ws, sheets[rev.name], rev, rev.private_key(PASS))
        assert unlocked == []
        pdf = signed_form(ws, sheets[other.name], other, unlock(other))  # the colleague's stands
    assert unlocked == [other.name]
    out = root / "other-core.pdf"
    out.write_bytes(pdf)
    v = verify_file(out, [other.cert])
    assert v.container.startswith("PDF (PAdES") and v.trusted_by is not None and v.signer.name == "李明"


def test_print_sign_with_a_revoked_certificate_writes_nothing(people, capsys) -> None:
    root, rev, other, _sheets, revoked_at = people
    out = root / "rev.pdf"
    assert run("print", root / f"{rev.name}.json", "-o", out, "--sign-with", rev.dir,
               "--passphrase-env", "WB_WRONG", "--workspace", root / "ws") == 2
    err = one_line(capsys)
    assert "王芳's certificate" in err and f"revoked as of {revoked_at}" in err and "nothing was signed" in err
    assert "workbench identity create" in err and "passphrase" not in err
    assert not out.exists() and not list(root.glob(".rev.pdf*"))  # no temp file left beside it either

    # without --sign-with the form is printed as before (unsigned: nothing of the reviewer's key in it)
    assert run("print", root / f"{rev.name}.json", "-o", out, "--workspace", root / "ws") == 0
    assert out.read_bytes().startswith(b"%PDF-") and "signed form" not in capsys.readouterr().out


def test_print_sign_with_an_unrevoked_certificate_signs(people, capsys) -> None:
    root, _rev, other, _sheets, _at = people
    out = root / "other.pdf"
    assert run("print", root / f"{other.name}.json", "-o", out, "--sign-with", other.dir,
               "--passphrase-env", "WB_PASS", "--workspace", root / "ws") == 0
    assert "signed form" in capsys.readouterr().out
    v = verify_file(out, [other.cert])
    assert v.container.startswith("PDF (PAdES") and v.signer.name == "李明"


def test_print_panel_sign_with_a_revoked_chair_writes_nothing(panel, capsys) -> None:
    root, p = panel
    out = root / "refused.pdf"
    assert run("print", "--panel", root / "panel.json", "-o", out, "--sign-with", p.chair.dir,
               "--passphrase-env", "WB_WRONG", "--workspace", root / "chair-ws") == 2
    err = one_line(capsys)
    assert "张组长's certificate" in err and "nothing was signed" in err
    assert not out.exists()


def test_panel_sign_pdf_refuses_a_revoked_member_and_not_another(panel, capsys) -> None:
    root, p = panel
    m0, m1 = p.members
    before = (root / "chair.pdf").read_bytes()
    out = root / "m0.pdf"
    assert run("panel", "sign-pdf", root / "chair.pdf", "--identity", m0.dir, "-o", out,
               "--passphrase-env", "WB_WRONG", "--workspace", root / "ws") == 2
    err = one_line(capsys)
    assert f"{m0.name}'s certificate" in err and "nothing was signed" in err
    assert not out.exists() and (root / "chair.pdf").read_bytes() == before
    # in place (-o the same file): still untouched
    assert run("panel", "sign-pdf", root / "chair.pdf", "--identity", m0.dir, "-o", root / "chair.pdf",
               "--passphrase-env", "WB_PASS", "--workspace", root / "ws") == 2
    capsys.readouterr()
    assert (root / "chair.pdf").read_bytes() == before

    # the other member, whose certificate stands, signs with the same workspace named
    out1 = root / "m1.pdf"
    assert run("panel", "sign-pdf", root / "chair.pdf", "--identity", m1.dir, "-o", out1,
               "--passphrase-env", "WB_PASS", "--workspace", root / "ws") == 0
    assert f"signed by {m1.name}" in capsys.readouterr().out
    v = verify_panel_pdf_bytes(out1.read_bytes(), [i.cert for i in p.everyone])
    assert [s.signer.name for s in v.signatures] == [p.chair.name, m1.name]
