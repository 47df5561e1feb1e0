"""Documents: pushing a signed sheet or a panel result (the hub's receipt verified before it is
returned) and fetching one by its name, checked against that name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from workbench.sync import protocol as P
from workbench.sync.client.errors import HubRefused
from workbench.sync.client.naming import check_document_name, document_hash, names
from workbench.sync.client.session import HubSession
from workbench.sync.receipts import verify_receipt


@dataclass(frozen=True)
class PushResult:
    """A hub's answer to a document: "stored" (201) or "duplicate" (200), with its receipt."""

    status: str
    receipt: dict[str, Any]
    body: dict[str, Any]

    @property
    def duplicate(self) -> bool:
        return self.status == "duplicate"


class DocumentCalls(HubSession):
    def _push(self, path: str, data: bytes, content_type: str, kind: str) -> PushResult:
        resp = self.request("POST", path, body=data, content_type=content_type)
        body = self._json(resp)
        receipt = body.get("receipt") if isinstance(body, dict) else None
        if not isinstance(receipt, dict):
            raise HubRefused(f"the hub accepted the {kind} but sent no receipt", code="bad_response")
        hub = self._hub()
        verify_receipt(receipt, hub.certificate, hub_id=hub.hub_id, document=document_hash(data, kind))
        if receipt["kind"] != kind:
            raise HubRefused(f"the hub's receipt is for a {receipt['kind']}, not a {kind}", code="bad_response")
        return PushResult(str(body.get("status", "stored" if resp.status_code == 201 else "duplicate")),
                          receipt, body)

    def push_sheet(self, data: bytes) -> PushResult:
        """Send a signed sheet file's exact bytes; the receipt is verified before it is returned."""
        return self._push(P.PATH_SHEETS, data, P.SHEET_MEDIA_TYPE, "sheet")

    def push_panel(self, data: bytes) -> PushResult:
        """Send a panel result file's exact bytes (the hub takes it from a chair only)."""
        return self._push(P.PATH_PANELS, data, P.PANEL_MEDIA_TYPE, "panel")

    def document(self, doc_hash: str) -> bytes:
        """A document's exact bytes by its "sha256:<hex>" name, checked against that name."""
        name = check_document_name(doc_hash)
        resp = self.request("GET", P.document_path(doc_hash))
        if not names(resp.content, name):
            raise HubRefused(f"the hub sent other bytes than document {doc_hash[:20]}…", code="hash_mismatch")
        return resp.content
