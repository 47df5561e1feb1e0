"""Sign or co-sign a panel result and queue it for the hub in one step (issue 11).

The CLI (`panel merge`, `panel cosign`) and the window's panel view both sign through
`sign_and_queue`, so no signing path can forget the outbox: a signed result waits there
until every configured hub has it (the chair's LAN hub, later the bureau). A certificate the
workspace knows to be revoked signs nothing here (workbench.signing.revoked_signer).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives.asymmetric import ec

from workbench.panel.document import cosign_panel, sign_panel, write_panel

if TYPE_CHECKING:
    from workbench.signing.identity import Identity


def sign_and_queue(ws: Any | None, doc: Mapping[str, Any], identity: Identity, key: ec.EllipticCurvePrivateKey, *,
                   output: str | Path | None = None, now: dt.datetime | None = None) -> dict[str, Any]:
    """The chair signs, or a member co-signs (the identity's certificate decides); the signed
    document is written to `output` (if given) and then queued in `ws`'s outbox (if given).

    The file comes first: a write that fails queues nothing, so running the command again
    cannot leave two signed copies waiting. An identity whose certificate `ws` knows to be
    revoked is refused (CertificateRevoked) before anything is signed, written or queued.
    """
    from workbench.signing.revoked_signer import refuse_revoked_in
    from workbench.sync.outbox_hooks import queue_panel

    if ws is not None:
        refuse_revoked_in(ws, identity)

    if identity.fingerprint == doc["chair"]["fingerprint"]:
        signed = sign_panel(doc, identity, key, now=now)
    else:
        signed = cosign_panel(doc, identity, key, now=now)
    if output is not None:
        write_panel(signed, output)
    if ws is not None:
        queue_panel(ws, signed)
    return signed
