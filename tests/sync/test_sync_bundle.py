"""USB bundles: the panel's exchange with no network at all, and bundles as hostile input."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from sync_helpers import SCHOOL, hub_counts, make_laptop

from workbench.panel.collect import add_trust, merge_from_workspace, school_sheets
from workbench.panel.document import sign_panel
from workbench.store.outbox import received
from workbench.store.panel_store import PanelStore
from workbench.sync.bundle import BundleError, export_bundle, import_bundle
from workbench.sync.outbox_hooks import queue_panel


@pytest.fixture
def trio(tmp_path):
    chair = make_laptop(tmp_path / "chair", "张组长", "chair")
    m1, m2 = make_laptop(tmp_path / "m1", "王建国"), make_laptop(tmp_path / "m2", "李晓梅")
    for lap in (chair, m1, m2):  # with no hub, trust comes from the certificates handed over
        for other in (chair, m1, m2):
            add_trust(lap.ws, other.person.identity.dir / "cert.pem")
    yield chair, m1, m2
    for lap in (chair, m1, m2):
        lap.ws.close()


def test_the_panel_through_usb_bundles_only(trio, tmp_path, jpegs) -> None:
    chair, m1, m2 = trio
    s1 = m1.sign_sheet(0, jpegs[:2])
    m2.sign_sheet(1, jpegs[2:])
    b1 = export_bundle(m1.ws, SCHOOL, tmp_path / "m1.wbsync")
    b2 = export_bundle(m2.ws, SCHOOL, tmp_path / "m2.wbsync")
    assert (b1.sheets, b1.photos, b2.photos) == (1, 2, 1)

    r = import_bundle(chair.ws, b1.path)
    assert len(r.added) == 1 and r.photos == 2 and not r.refused
    again = import_bundle(chair.ws, b1.path)  # the same stick twice: counted once
    assert not again.added and len(again.duplicates) == 1 and again.photos == 0
    assert len(import_bundle(chair.ws, b2.path).added) == 1
    assert len(school_sheets(chair.ws, SCHOOL).current) == 2
    for p in s1["photos"]:
        assert chair.ws.blobs.has(p["sha256"])

    doc = sign_panel(merge_from_workspace(chair.ws, SCHOOL, chair.person.identity.cert),
                     chair.person.identity, chair.person.key)
    queue_panel(chair.ws, doc)
    back = export_bundle(chair.ws, SCHOOL, tmp_path / "chair.wbsync")
    assert back.panels == 1 and back.sheets == 2 and back.photos == 3  # the chair carries the members' sheets
    r = import_bundle(m1.ws, back.path)
    assert [a.split()[0] for a in r.added] == ["sheet", "panel"] and len(r.own) == 1, r
    assert len(received(m1.ws, "panel", SCHOOL)) == 1
    r = import_bundle(chair.ws, back.path)  # the chair's own bundle back: nothing new
    assert not r.added and len(r.own) == 1 and len(r.duplicates) == 2

    # back at the office, the chair's laptop sends the result to the bureau's hub, with the
    # member sheets (and their photos) that came on the sticks
    bureau = _bureau(tmp_path, chair, m1, m2)
    try:
        rep = chair.sync(bureau.url)
        assert rep.ok and len(rep.pushed) == 1 and rep.photos_uploaded == 3, rep.errors
        counts = hub_counts(_ADMIN[0], bureau.url)
        assert counts["panel"] == 1 and counts["sheet"] == 2
    finally:
        bureau.stop()


_ADMIN: list = []


def _bureau(tmp_path, chair, m1, m2):  # noqa: ANN001, ANN202
    from helpers.hubproc import HubProcess, init_hub
    from helpers.identities import make_person

    from workbench.sync.client import HubClient

    admin = make_person(tmp_path / "admin", "钱管理", role="admin")
    _ADMIN[:] = [admin]
    init_hub(tmp_path / "bureau", admin.cert_path, name="麻江县教育局")
    hub = HubProcess(tmp_path / "bureau").start()
    with HubClient(hub.url, admin.identity, admin.key) as a:
        for lap, role in ((chair, "chair"), (m1, "member"), (m2, "member")):
            a.enroll(lap.person.identity.cert_pem, role)
        a.assign(SCHOOL, "第一评估组", [lap.person.fingerprint for lap in (chair, m1, m2)])
    return hub


def _rewrite(src: Path, dst: Path, change) -> Path:  # noqa: ANN001
    with zipfile.ZipFile(src) as z:
        items = [(i, z.read(i)) for i in z.infolist()]
    with zipfile.ZipFile(dst, "w") as z:
        for info, data in items:
            out = change(info.filename, data)
            if out is not None:
                z.writestr(info.filename if not isinstance(out, tuple) else out[0],
                           out if not isinstance(out, tuple) else out[1])
    return dst


@pytest.fixture
def one_bundle(trio, tmp_path, jpegs):
    chair, m1, _ = trio
    m1.sign_sheet(0, jpegs[:1])
    return chair, export_bundle(m1.ws, SCHOOL, tmp_path / "m1.wbsync").path


def _nothing_stored(chair) -> None:
    assert PanelStore(chair.ws).sheets(SCHOOL) == []


def test_a_truncated_bundle_is_refused(one_bundle, tmp_path) -> None:
    chair, path = one_bundle
    cut = tmp_path / "cut.wbsync"
    cut.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(BundleError, match="damaged"):
        import_bundle(chair.ws, cut)
    _nothing_stored(chair)


def test_a_tampered_document_is_refused(one_bundle, tmp_path) -> None:
    chair, path = one_bundle

    def alter(name: str, data: bytes):
        return data[:60] + bytes([data[60] ^ 1]) + data[61:] if name.startswith("documents/") else data
    with pytest.raises(BundleError, match="SHA-256|altered"):
        import_bundle(chair.ws, _rewrite(path, tmp_path / "t.wbsync", alter))
    _nothing_stored(chair)


def test_a_resigned_manifest_does_not_make_an_altered_sheet_verify(one_bundle, tmp_path) -> None:
    """Bytes changed and the manifest's SHA-256 updated: the sheet's signature still refuses it."""
    import hashlib

    chair, path = one_bundle
    with zipfile.ZipFile(path) as z:
        m = json.loads(z.read("manifest.json"))
        doc_path = m["documents"][0]["path"]
        doc = json.loads(z.read(doc_path))
    doc["result"]["total"] = "99"
    from workbench.rubric.canonical import canonical_bytes
    new = canonical_bytes(doc) + b"\n"
    m["documents"][0].update(sha256=hashlib.sha256(new).hexdigest(), size=len(new))

    def change(name: str, data: bytes):
        return {"manifest.json": json.dumps(m).encode(), doc_path: new}.get(name, data)
    with pytest.raises(BundleError, match="not the document"):
        import_bundle(chair.ws, _rewrite(path, tmp_path / "t.wbsync", change))
    _nothing_stored(chair)


def test_a_bundle_for_another_school_is_refused(one_bundle, tmp_path) -> None:
    chair, path = one_bundle

    def change(name: str, data: bytes):
        if name == "manifest.json":
            m = json.loads(data)
            m["school"] = "MJ-PS-999"
            return json.dumps(m).encode()
        return data
    with pytest.raises(BundleError, match="MJ-PS-999"):
        import_bundle(chair.ws, _rewrite(path, tmp_path / "o.wbsync", change))
    _nothing_stored(chair)


@pytest.mark.parametrize("entry", ["../evil.json", "extra.txt", "/abs.json"])
def test_unlisted_or_unsafe_entries_are_refused(one_bundle, tmp_path, entry) -> None:
    chair, path = one_bundle
    bad = tmp_path / "bad.wbsync"
    bad.write_bytes(path.read_bytes())
    with zipfile.ZipFile(bad, "a") as z:
        z.writestr(entry, b"{}")
    with pytest.raises(BundleError, match="refused"):
        import_bundle(chair.ws, bad)
    _nothing_stored(chair)


def test_not_a_zip_and_not_a_regular_file(one_bundle, tmp_path) -> None:
    chair, _ = one_bundle
    junk = tmp_path / "junk.wbsync"
    junk.write_bytes(b"hello" * 100)
    with pytest.raises(BundleError, match="ZIP"):
        import_bundle(chair.ws, junk)
    with pytest.raises(BundleError):
        import_bundle(chair.ws, tmp_path)


def test_export_needs_something_to_carry(trio, tmp_path) -> None:
    chair, _, _ = trio
    with pytest.raises(BundleError, match="nothing to export"):
        export_bundle(chair.ws, SCHOOL, tmp_path / "x.wbsync")
    with pytest.raises(BundleError, match="not a date"):
        export_bundle(chair.ws, SCHOOL, tmp_path / "x.wbsync", since="yesterday")
    assert not (tmp_path / "x.wbsync").exists()
