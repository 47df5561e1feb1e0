"""A hub's revocation document on the laptop: verified against the hub we talk to (its key, its
hub id, the certificate's own fingerprint and the name the feed gave) before anything is kept;
each refusal says why and stores nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench.rubric.canonical import canonical_bytes
from workbench.signing.ecdsa import sign_b64
from workbench.signing.identity import create_identity
from workbench.store import Workspace
from workbench.store.outbox import has_received
from workbench.store.panel_store import PanelStore
from workbench.sync.revocations import RevocationError, receive_revocation

PASS = "correct horse battery"
HUB_ID = "hub-0123456789abcdef"


@pytest.fixture(scope="module")
def people(tmp_path_factory):
    root = tmp_path_factory.mktemp("people")
    mk = lambda n, name, role: create_identity(root / n, name, "麻江县教育局", role, PASS, kdf_rounds=1000)  # noqa: E731
    return {"hub": mk("hub", "测试中心", "admin"), "other_hub": mk("other", "别的中心", "admin"),
            "m2": mk("m2", "李晓梅", "member"), "m1": mk("m1", "王建国", "member")}


@pytest.fixture
def ws(tmp_path: Path):
    w = Workspace.open(tmp_path / "ws")
    yield w
    w.close()


def revocation(signer, revoked, *, hub_id: str = HUB_ID, fp: str | None = None, at: str = "2026-11-27T13:00:00Z",
               **over) -> bytes:
    """A revocation document as workbench.sync.hub.pull.revocation_document makes it."""
    doc = {"format": "workbench-revocation/1", "hub_id": hub_id, "fingerprint": fp or revoked.fingerprint,
           "certificate": revoked.cert_pem, "name": "李晓梅", "role": "member", "revoked_at": at, **over}
    doc["signature"] = {"alg": "ES256", "value": sign_b64(signer.private_key(PASS), canonical_bytes(doc))}
    return canonical_bytes(doc) + b"\n"


def test_a_good_revocation_is_kept_once_and_marks_the_pinned_root(ws, people) -> None:
    m2 = people["m2"]
    PanelStore(ws).add_trust_root(m2.fingerprint, m2.cert_pem, "reviewer", "李晓梅")
    data = revocation(people["hub"], m2)
    rev = receive_revocation(ws, data, people["hub"].cert, hub_id=HUB_ID, name="sha256:" + m2.fingerprint)
    assert rev is not None and rev.fingerprint == m2.fingerprint and rev.revoked_at == "2026-11-27T13:00:00Z"
    assert receive_revocation(ws, data, people["hub"].cert, hub_id=HUB_ID) is None  # already kept
    marks = PanelStore(ws).revoked()
    assert list(marks) == [m2.fingerprint] and marks[m2.fingerprint].source == HUB_ID
    [root] = PanelStore(ws).trust_roots()  # marked, not deleted
    assert root.fingerprint == m2.fingerprint and root.revoked_at == "2026-11-27T13:00:00Z"


@pytest.mark.parametrize("case, match", [
    ("bad_signature", "signature does not verify"),
    ("other_hub_key", "signature does not verify"),
    ("other_hub_id", "not from 'hub-0123456789abcdef'"),
    ("wrong_fingerprint", "not the SHA-256 of its certificate"),
    ("wrong_name", "but it revokes certificate"),
    ("extra_field", "exactly the fields"),
    ("not_utc", "not a UTC time"),
])
def test_a_bad_revocation_is_refused_with_a_message_and_nothing_is_stored(ws, people, case, match) -> None:
    hub, m2, m1 = people["hub"], people["m2"], people["m1"]
    name = "sha256:" + m2.fingerprint
    data = {
        "bad_signature": lambda: revocation(hub, m2).replace(b"13:00:00Z", b"12:00:00Z"),
        "other_hub_key": lambda: revocation(people["other_hub"], m2),
        "other_hub_id": lambda: revocation(hub, m2, hub_id="hub-fedcba9876543210"),
        "wrong_fingerprint": lambda: revocation(hub, m2, fp=m1.fingerprint),
        "wrong_name": lambda: revocation(hub, m2),
        "extra_field": lambda: revocation(hub, m2, note="x"),
        "not_utc": lambda: revocation(hub, m2, at="2026-11-27T13:00:00+08:00"),
    }[case]()
    if case == "wrong_name":
        name = "sha256:" + m1.fingerprint
    if case == "wrong_fingerprint":
        name = "sha256:" + m1.fingerprint  # the feed and the document agree; the certificate does not
    with pytest.raises(RevocationError, match=match) as e:
        receive_revocation(ws, data, hub.cert, hub_id=HUB_ID, name=name)
    assert str(e.value).startswith("revocation from the hub refused: ") and "\n" not in str(e.value)
    assert not has_received(ws, name) and PanelStore(ws).revoked() == {}
    assert json.loads(data)["format"] == "workbench-revocation/1"
