"""The client half of the hub protocol (docs/sync-protocol.md): signed requests over httpx.

Every request except `GET /v1/hub` is signed with HTTP Message Signatures (RFC 9421,
ecdsa-p256-sha256) by the reviewer's key; the hub decides who we are from its enrollment of
that certificate, never from anything the body says. Blobs go up in resumable chunks.
Errors are `HubError`s whose `retryable` tells the caller (the outbox worker, which owns the
retry policy) whether trying again later can help. No Qt here.

One module per job:
- `session`: the signed-request transport (httpx, signing, pinning, error mapping of answers)
- `deadline`: an overall deadline per request (connect, send, the whole answer), sized by its bytes
- `signing`: RFC 9421 signatures and RFC 9530 digests; `pinning`: TLS and the hub's certificate
- `errors`: the `HubError` family and the mapping of the hub's `{code, message}`
- `documents`, `pull`, `blobs`, `admin`: the calls per resource; `naming`: how the hub names things
- `hub_client`: `HubClient`, all of the calls together
"""

from workbench.sync.client.blobs import DEFAULT_CHUNK, Progress, UploadResult
from workbench.sync.client.deadline import DeadlinePolicy
from workbench.sync.client.documents import PushResult
from workbench.sync.client.errors import (
    HubAuthError,
    HubConflict,
    HubError,
    HubMismatch,
    HubRefused,
    HubTooSlow,
    HubUnavailable,
    HubUnreachable,
    MissingBlobs,
    error_from_response,
)
from workbench.sync.client.hub_client import HubClient
from workbench.sync.client.naming import document_hash
from workbench.sync.client.pinning import HubInfo
from workbench.sync.client.signing import RequestSigner

__all__ = [
    "DEFAULT_CHUNK", "DeadlinePolicy", "HubAuthError", "HubClient", "HubConflict", "HubError", "HubInfo",
    "HubMismatch", "HubRefused", "HubTooSlow", "HubUnavailable", "HubUnreachable", "MissingBlobs", "Progress", "PushResult",
    "RequestSigner", "UploadResult", "document_hash", "error_from_response",
]
