"""Blobs (photos, packages), content-addressed and resumable, tus-like: ask which SHA-256 the
hub lacks, upload each in chunks with an offset; after a broken transfer `HEAD` says how much
the hub holds and the upload continues there, so a photo is never sent twice in full."""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from workbench.errors import Cancelled, WorkbenchError
from workbench.sync import protocol as P
from workbench.sync.client.errors import (
    HubAuthError,
    HubRefused,
    HubUnreachable,
    error_from_response,
)
from workbench.sync.client.file_body import FileBody
from workbench.sync.client.naming import check_blob_name, sha256_file
from workbench.sync.client.session import HubSession

Progress = Callable[[int, int], None]  # (bytes the hub holds, total)
DEFAULT_CHUNK = 4 * 1024 * 1024  # a photo in 1-4 PATCHes; a cut costs at most this much again


@dataclass(frozen=True)
class UploadResult:
    sha256: str
    size: int
    sent: int          # body bytes this call sent (less than size when it resumed)
    resumed: int       # how many times it continued after a broken transfer or offset mismatch
    already: bool      # the hub had the whole blob before we started


class BlobCalls(HubSession):
    def missing_blobs(self, shas: Iterable[str]) -> list[str]:
        """Which of these SHA-256 (hex) the hub lacks."""
        return list(self.missing_offsets(shas))

    def missing_offsets(self, shas: Iterable[str]) -> dict[str, int]:
        """The blobs of these the hub lacks, each with the bytes it already holds (an upload
        in progress; 0 otherwise): where `upload_blob(offset=…)` starts, without a HEAD."""
        want = sorted(set(shas))
        if not want:
            return {}
        body = self._post_json(P.PATH_BLOBS_MISSING, {"sha256": want})
        missing = body.get("missing") if isinstance(body, dict) else None
        partial = body.get("partial", {}) if isinstance(body, dict) else None
        if (not isinstance(missing, list) or not isinstance(partial, dict)
                or not all(isinstance(s, str) for s in missing)):  # a list or dict cannot key `partial`
            raise HubRefused("the hub's missing-blob answer is malformed", code="bad_response")
        out = {}
        for s in missing:
            n = partial.get(s, 0)
            out[s] = n if type(n) is int and n >= 0 else 0  # a wrong guess only costs a 409
        return out

    def blob_offset(self, sha: str) -> tuple[int, bool]:
        """(bytes the hub holds of this blob, whether it is complete) from `HEAD`."""
        resp = self.request("HEAD", P.blob_path(check_blob_name(sha)), ok=(404,))
        if resp.status_code == 404:
            return 0, False
        complete = resp.headers.get(P.HEADER_UPLOAD_COMPLETE, "").strip() == "?1"
        try:
            off = int(resp.headers.get(P.HEADER_UPLOAD_OFFSET, "0"))
        except ValueError:
            raise HubRefused("the hub's Upload-Offset is not a number", code="bad_response") from None
        return off, complete

    def get_blob(self, sha: str) -> bytes:
        resp = self.request("GET", P.blob_path(check_blob_name(sha)))
        if hashlib.sha256(resp.content).hexdigest() != sha:
            raise HubRefused(f"the hub sent other bytes than blob {sha[:16]}…", code="hash_mismatch")
        return resp.content

    def upload_blob(self, sha: str, source: str | os.PathLike[str] | bytes, *, chunk: int = DEFAULT_CHUNK,
                    progress: Progress | None = None,
                    cancelled: Callable[[], bool] | None = None, verify_source: bool = True,
                    offset: int | None = None) -> UploadResult:
        """Upload a blob in chunks, continuing from the hub's offset after any broken transfer.

        The hub's `HEAD` decides where to start, so calling this again after a crash (ours or
        the hub's) sends only what the hub lacks. Gives up with HubUnreachable after
        `resume_attempts` broken transfers in a row without progress. `cancelled()` is asked
        before every chunk; True stops with `Cancelled` (what was sent stays on the hub).

        `offset`: where the hub's copy ends, when the caller was just told (`missing_offsets`):
        no `HEAD` then (a wrong guess costs a 409 that names the right offset). Each byte is
        hashed at most once here: a chunk that is the whole blob is signed with the blob's
        name as its digest; other chunks are hashed as they are read.
        """
        check_blob_name(sha)  # before `source` is opened: the name may come from the hub
        if not 0 < chunk <= P.MAX_CHUNK_BYTES:
            raise ValueError(f"chunk must be 1..{P.MAX_CHUNK_BYTES} bytes")
        data, path = (source, None) if isinstance(source, bytes) else (None, Path(source))
        with _reading(path, sha):
            size = len(data) if data is not None else path.stat().st_size  # type: ignore[union-attr]
            # verify_source=False: the caller's store is content-addressed and checked on write (the
            # workspace's blobs); the hub still checks what arrives, so a damaged file is refused there
            if not verify_source:
                actual = sha
            else:
                actual = hashlib.sha256(data).hexdigest() if data is not None else sha256_file(path)  # type: ignore[arg-type]
        if actual != sha:
            raise WorkbenchError(f"the file does not hash to {sha[:16]}…; it changed since it was listed",
                                 hint="sign or list the photos again")
        if offset is None:
            offset, complete = self.blob_offset(sha)
            if complete:
                return UploadResult(sha, size, 0, 0, True)
        sent = resumed = failures = 0
        with _reading(path, sha):
            f = path.open("rb") if path is not None else None
        try:
            while True:
                if cancelled is not None and cancelled():
                    raise Cancelled(f"upload of {sha[:16]}… cancelled at {offset} of {size} bytes; "
                                    "it continues from there next time")
                if not 0 <= offset <= size:
                    raise HubRefused(f"the hub holds {offset} bytes of a {size}-byte blob", code="bad_response")
                body: bytes | FileBody
                if f is not None and offset == 0 and 0 < size <= chunk:
                    # the whole photo in one PATCH, signed with its name: read while it is sent
                    body = FileBody(path, size, label=f"blob {sha[:16]}…")  # type: ignore[arg-type]
                elif f is not None:
                    with _reading(path, sha):
                        f.seek(offset)
                        body = f.read(min(chunk, size - offset))
                    if len(body) != min(chunk, size - offset):  # else the same offset again and again
                        raise WorkbenchError(f"{path} changed while blob {sha[:16]}… was being sent: it is "
                                             f"shorter than {size} bytes now", hint="sign or list the photos again")
                else:
                    body = data[offset:offset + chunk]  # type: ignore[index]
                whole = offset == 0 and len(body) == size
                digest = bytes.fromhex(sha) if whole else hashlib.sha256(body).digest()
                try:
                    resp = self.request("PATCH", P.blob_path(sha), body=body, digest=digest,
                                        content_type=P.BLOB_MEDIA_TYPE,
                                        headers={P.HEADER_UPLOAD_OFFSET: str(offset), P.HEADER_UPLOAD_LENGTH: str(size)},
                                        ok=(409,))
                except HubUnreachable:
                    failures += 1
                    if failures > self.resume_attempts:
                        raise
                    resumed += 1
                    offset, complete = self._offset_after_break(sha, failures)
                    if complete:
                        return UploadResult(sha, size, sent, resumed, False)
                    continue
                except HubAuthError as err:
                    if whole and err.code == "bad_digest" and _sha256(body, path, sha) != digest:
                        raise WorkbenchError(f"the local copy of blob {sha[:16]}… is damaged: its bytes do not "
                                             "hash to its name", hint="import the photo again") from None
                    raise
                if resp.status_code == 409:
                    # offset_mismatch: the hub says where its copy ends; busy: another
                    # connection is uploading the same blob (a replay), wait and look again
                    err = error_from_response(resp)
                    if err.code not in ("offset_mismatch", "busy"):
                        raise err
                    failures += 1
                    if failures > self.resume_attempts:
                        raise err
                    resumed += 1
                    if err.code == "busy":
                        time.sleep(min(2.0, 0.05 * (2 ** failures)))
                    offset, complete = self.blob_offset(sha)
                    if complete:
                        return UploadResult(sha, size, sent, resumed, False)
                    continue
                sent += len(body)
                new = _int_header(resp, P.HEADER_UPLOAD_OFFSET, offset + len(body))
                if new > offset:
                    failures = 0
                else:  # the hub took the chunk but holds no more than before: not forever
                    failures += 1
                    if failures > self.resume_attempts:
                        raise HubRefused(f"the hub does not take blob {sha[:16]}…: it stays at {new} of "
                                         f"{size} bytes", code="no_progress")
                offset = new
                if progress:
                    progress(offset, size)
                if resp.headers.get(P.HEADER_UPLOAD_COMPLETE, "").strip() == "?1" or offset >= size:
                    return UploadResult(sha, size, sent, resumed, False)
        finally:
            if f is not None:
                f.close()

    def _offset_after_break(self, sha: str, failures: int) -> tuple[int, bool]:
        """After a broken PATCH: ask the hub where it is (it may itself still be coming back)."""
        last: HubUnreachable | None = None
        for attempt in range(max(1, self.resume_attempts)):
            try:
                return self.blob_offset(sha)
            except HubUnreachable as e:
                last = e
                time.sleep(min(2.0, 0.1 * (2 ** attempt)))
        assert last is not None
        raise last


@contextlib.contextmanager
def _reading(path: Path | None, sha: str) -> Iterator[None]:
    """A local file that cannot be read (gone, unreadable, a failing disk) as one WorkbenchError."""
    try:
        yield
    except OSError as e:
        raise WorkbenchError(f"cannot read {path} (blob {sha[:16]}…): {e.strerror or e}",
                             hint="check the workspace's disk; nothing was lost") from None


def _sha256(body: bytes | FileBody, path: Path | None, sha: str) -> bytes:
    """What the bytes just sent hash to now (a streamed body is hashed from its file again)."""
    if isinstance(body, FileBody):
        with _reading(path, sha):
            return bytes.fromhex(sha256_file(body.path))
    return hashlib.sha256(body).digest()


def _int_header(resp: httpx.Response, name: str, default: int) -> int:
    try:
        return int(resp.headers.get(name, default))
    except ValueError:
        return default
