"""The admin's calls (role admin on the hub): enroll and revoke certificates, assign a panel,
publish a rubric or a package. The hub decides the role from the certificate, not from here."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from workbench.sync import protocol as P
from workbench.sync.client.session import HubSession


class AdminCalls(HubSession):
    def enroll(self, cert_pem: str, role: str) -> dict[str, Any]:
        return self._post_json(P.PATH_ADMIN_ENROLL, {"certificate": cert_pem, "role": role})

    def revoke(self, fp: str) -> dict[str, Any]:
        return self._post_json(P.PATH_ADMIN_REVOKE, {"fingerprint": fp})

    def assign(self, school: str, panel: str, members: Iterable[str]) -> dict[str, Any]:
        return self._post_json(P.PATH_ADMIN_ASSIGN, {"school": school, "panel": panel, "members": list(members)})

    def publish(self, *, rubric: Mapping[str, Any] | None = None, package_sha256: str | None = None) -> dict[str, Any]:
        if (rubric is None) == (package_sha256 is None):
            raise ValueError("publish a rubric or a package, one of them")
        return self._post_json(P.PATH_ADMIN_PUBLISH,
                               {"rubric": dict(rubric)} if rubric is not None else {"package": package_sha256})
