"""`HubClient`: every call of the hub protocol for one reviewer and one hub, gathered from the
modules that each speak for one resource over the signed session."""

from __future__ import annotations

from workbench.sync.client.admin import AdminCalls
from workbench.sync.client.blobs import BlobCalls
from workbench.sync.client.documents import DocumentCalls
from workbench.sync.client.pull import PullCalls


class HubClient(DocumentCalls, PullCalls, BlobCalls, AdminCalls):
    """One reviewer talking to one hub. Not thread-safe; make one per thread.

    `hub_fingerprint`, when given (the chair's screen shows it), pins the hub: `hub_info()`
    refuses a hub whose certificate has another SHA-256, and receipts are checked against
    the pinned certificate. `transport`, `timeout` and `resume_attempts` are the hooks a
    retry policy or a test needs.
    """
