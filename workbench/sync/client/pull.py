"""What the hub tells this reviewer: the changes since a cursor (assignments, packages, rubrics,
the panel's sheets and results), its signed receipts, the conflicts it recorded, and who it
takes us for."""

from __future__ import annotations

from typing import Any

from workbench.sync import protocol as P
from workbench.sync.client.errors import HubRefused
from workbench.sync.client.session import HubSession
from workbench.sync.receipts import verify_receipt


class PullCalls(HubSession):
    def changes(self, since: int = 0, *, limit: int | None = None, school: str | None = None) -> dict[str, Any]:
        """`{"cursor": N, "more": bool, "changes": [...]}`: what concerns this reviewer after
        `since` (only `school`'s, and rubrics, when given)."""
        params: dict[str, Any] = {"since": int(since)}
        if limit is not None:
            params["limit"] = int(limit)
        if school is not None:
            params["school"] = school
        body = self._json(self.request("GET", P.PATH_CHANGES, params=params))
        if (not isinstance(body, dict) or not isinstance(body.get("changes"), list)
                or not all(isinstance(ch, dict) for ch in body["changes"])):  # each one is read with .get
            raise HubRefused("the hub's change list is malformed", code="bad_response")
        return body

    def receipts(self, since: int = 0) -> list[dict[str, Any]]:
        """The hub's receipts after `since`, each signature verified (chain: receipts.verify_chain)."""
        body = self._json(self.request("GET", P.PATH_RECEIPTS, params={"since": int(since)}))
        items = body.get("receipts") if isinstance(body, dict) else body
        if not isinstance(items, list):
            raise HubRefused("the hub's receipt list is malformed", code="bad_response")
        hub = self._hub()
        for r in items:
            verify_receipt(r, hub.certificate, hub_id=hub.hub_id)
        return items

    def whoami(self) -> dict[str, Any]:
        """What the hub knows of this certificate: fingerprint, role, name, org."""
        return self._json(self.request("GET", P.PATH_WHOAMI))

    def conflicts(self) -> list[dict[str, Any]]:
        """The conflicts the hub recorded that concern this reviewer (both versions named)."""
        body = self._json(self.request("GET", P.PATH_CONFLICTS))
        items = body.get("conflicts", []) if isinstance(body, dict) else []
        if not isinstance(items, list):
            raise HubRefused("the hub's conflict list is malformed", code="bad_response")
        return items
