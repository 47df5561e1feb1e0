"""The hub's HTTP API (FastAPI). `create_app(hub)` for tests; `app_from_env()` is the
factory each uvicorn worker calls (data folder in $WORKBENCH_HUB_DATA).

Handlers are thin: authenticate (workbench.sync.hub.web), then call the library module
(sheets, panels, pull, admin) in the thread pool, so the event loop never waits on
hashing, signatures or the database. Every error is JSON {"code", "message": {zh, en}}.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy.exc import OperationalError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from workbench.sync import protocol as P
from workbench.sync.hub import admin, panels, pull, sheets
from workbench.sync.hub.auth import Caller, require_role
from workbench.sync.hub.blobs import check_sha
from workbench.sync.hub.chunk_auth import authenticate_chunk, receive_whole, whole_candidate
from workbench.sync.hub.config import data_dir
from workbench.sync.hub.errors import HubError
from workbench.sync.hub.service import Hub
from workbench.sync.hub.web import accept_document, authenticate

log = logging.getLogger("workbench.hub")
MAX_CURSOR = 2**62


# -- JSON request bodies (parsed by hand after authentication; schemas for /openapi.json) --------
class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MissingIn(_Strict):
    sha256: list[str] = Field(max_length=P.MAX_MISSING_QUERY)


class EnrollIn(_Strict):
    certificate: str = Field(max_length=20000)
    role: str


class RevokeIn(_Strict):
    fingerprint: str = Field(max_length=200)


class AssignIn(_Strict):
    school: str = Field(max_length=64)
    panel: str = Field(max_length=200)
    members: list[str] = Field(max_length=100)
    county: str | None = Field(default=None, max_length=200)


class PublishIn(_Strict):
    rubric: dict[str, Any] | None = None
    package: str | None = None


def _parse(model: type[BaseModel], body: bytes) -> Any:
    try:
        return model.model_validate_json(body)
    except ValidationError as e:
        first = e.errors()[0] if e.errors() else {}
        where = "/".join(str(p) for p in first.get("loc", ())) or "(body)"
        raise HubError("malformed", f"{where}: {first.get('msg', 'invalid JSON')}", f"{where}:请求内容格式错误") from None


# -- OpenAPI description of what FastAPI does not see (raw bodies, signature headers) ----------
_SIG_HEADERS = [
    {"name": "Signature-Input", "in": "header", "required": True, "schema": {"type": "string"},
     "description": 'RFC 9421: wb=("@method" "@target-uri" "content-digest");created=…;nonce="…";keyid="…";'
                    'alg="ecdsa-p256-sha256"'},
    {"name": "Signature", "in": "header", "required": True, "schema": {"type": "string"}},
    {"name": "Content-Digest", "in": "header", "required": True, "schema": {"type": "string"},
     "description": "RFC 9530 sha-256 of the body, also for an empty body"},
]


def _signed(body: dict | None = None, headers: list[dict] | None = None) -> dict:
    extra: dict[str, Any] = {"parameters": _SIG_HEADERS + (headers or [])}
    if body is not None:
        extra["requestBody"] = {"required": True, "content": body}
    return extra


def _json_body(model: type[BaseModel]) -> dict:
    return {P.JSON_MEDIA_TYPE: {"schema": model.model_json_schema()}}


_ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    s: {"description": "error: {code, message: {zh, en}}"} for s in (400, 401, 403, 404, 409, 413, 415, 422)}


_SQLITE_UNAVAILABLE = ("locked", "busy", "unable to open", "disk i/o")


def _unavailable(e: OperationalError) -> bool:
    """PostgreSQL's OperationalError is about the connection; SQLite's also covers a missing
    table, which is a fault of the hub, not a state to wait out."""
    if e.connection_invalidated or (e.orig is not None and type(e.orig).__module__.startswith("psycopg")):
        return True
    return any(w in str(e.orig or e).lower() for w in _SQLITE_UNAVAILABLE)


def _error_response(e: HubError) -> JSONResponse:
    return JSONResponse(e.body(), status_code=e.status, headers=e.headers)


def create_app(hub: Hub) -> FastAPI:
    app = FastAPI(title="Workbench hub", version=str(P.PROTOCOL_VERSION),
                  description="Signed, idempotent sync of score sheets, panel results and photos. "
                              "See docs/sync-protocol.md.", responses=_ERROR_RESPONSES)
    app.state.hub = hub
    hub.blobs.clean_stale()  # temp files a hub killed with -9 left in uploads/

    @app.exception_handler(HubError)
    async def _hub_error(_request: Request, e: HubError) -> JSONResponse:
        return _error_response(e)

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, e: RequestValidationError) -> JSONResponse:
        errs = e.errors()
        where = "/".join(str(p) for p in errs[0].get("loc", ())) if errs else "request"
        return _error_response(HubError("malformed", f"{where}: {errs[0].get('msg') if errs else 'invalid'}",
                                        f"{where}:请求格式错误"))

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, e: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed", 413: "too_large"}.get(e.status_code, "malformed")
        return _error_response(HubError(code))

    @app.exception_handler(OperationalError)
    async def _database(request: Request, e: OperationalError) -> JSONResponse:
        if not _unavailable(e):
            return await _internal(request, e)
        # locked past the busy timeout, restarting, unreachable: retryable
        log.error("database unavailable on %s %s: %s", request.method, request.url.path, e.orig or e)
        return _error_response(HubError("unavailable", headers={"Retry-After": "2"}))

    @app.exception_handler(Exception)
    async def _internal(request: Request, e: Exception) -> JSONResponse:
        log.error("internal error on %s %s: %s: %s", request.method, request.url.path, type(e).__name__, e,
                  exc_info=e)
        return _error_response(HubError("internal"))

    async def auth(request: Request, limit: int = P.MAX_JSON_BYTES) -> tuple[Caller, bytes]:
        return await authenticate(hub, request, limit)

    def call(fn, *args):  # noqa: ANN001, ANN202 - run a library call off the event loop
        return run_in_threadpool(fn, *args)

    # -- identity -------------------------------------------------------------------------
    @app.get(P.PATH_HUB, summary="The hub's id, name and receipt-signing certificate (unsigned)")
    async def get_hub() -> dict:
        return hub.info()

    @app.get(P.PATH_WHOAMI, summary="The caller as the hub's enrollment names them", openapi_extra=_signed())
    async def whoami(request: Request) -> dict:
        c, _ = await auth(request)
        return {"fingerprint": c.fingerprint, "role": c.role, "name": c.name, "org": c.org}

    # -- documents ------------------------------------------------------------------------
    def _media(request: Request, want: str) -> None:
        ct = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if ct not in (want, P.JSON_MEDIA_TYPE):
            raise HubError("unsupported_media_type", f"send the document as {want}", f"请以 {want} 发送")

    @app.post(P.PATH_SHEETS, status_code=201, summary="Push a signed score sheet (its exact file bytes)",
              openapi_extra=_signed({P.SHEET_MEDIA_TYPE: {"schema": {"type": "object"}}}))
    async def post_sheet(request: Request) -> JSONResponse:
        _media(request, P.SHEET_MEDIA_TYPE)
        out = await accept_document(hub, request, P.MAX_DOCUMENT_BYTES, sheets.accept)
        return JSONResponse(out.body, status_code=out.status)

    @app.post(P.PATH_PANELS, status_code=201, summary="Push a signed panel result (chair)",
              openapi_extra=_signed({P.PANEL_MEDIA_TYPE: {"schema": {"type": "object"}}}))
    async def post_panel(request: Request) -> JSONResponse:
        _media(request, P.PANEL_MEDIA_TYPE)
        out = await accept_document(hub, request, P.MAX_DOCUMENT_BYTES, panels.accept)
        return JSONResponse(out.body, status_code=out.status)

    # -- blobs ----------------------------------------------------------------------------
    @app.post(P.PATH_BLOBS_MISSING, summary="Which of these blobs the hub lacks",
              openapi_extra=_signed(_json_body(MissingIn)))
    async def blobs_missing(request: Request) -> dict:
        _c, body = await auth(request)
        q = _parse(MissingIn, body)
        for s in q.sha256:
            check_sha(s)
        missing = await call(hub.blobs.missing, q.sha256)
        out: dict[str, Any] = {"missing": missing}
        partial = await call(hub.blobs.partial, missing)
        if partial:  # where those uploads continue, so the client needs no HEAD for each
            out["partial"] = partial
        return out

    def _upload_headers(st) -> dict[str, str]:  # noqa: ANN001 - UploadState
        h = {P.HEADER_UPLOAD_OFFSET: str(st.offset), P.HEADER_UPLOAD_COMPLETE: "?1" if st.complete else "?0",
             "Cache-Control": "no-store"}
        if st.length is not None:
            h[P.HEADER_UPLOAD_LENGTH] = str(st.length)
        return h

    @app.head(P.PATH_BLOB, summary="How much of a blob the hub holds", openapi_extra=_signed())
    async def head_blob(sha256: str, request: Request) -> Response:
        await auth(request)
        st = await call(hub.blobs.state, check_sha(sha256))
        return Response(status_code=200, headers=_upload_headers(st))

    def _int_header(request: Request, name: str) -> int:
        v = request.headers.get(name)
        if v is None or not v.isdigit() or len(v) > 19:
            raise HubError("bad_header", f"{name} must be a non-negative integer", f"{name} 必须为非负整数")
        return int(v)

    @app.patch(P.PATH_BLOB, summary="Append the next chunk of a resumable upload",
               openapi_extra=_signed({P.BLOB_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}}, [
                   {"name": P.HEADER_UPLOAD_OFFSET, "in": "header", "required": True, "schema": {"type": "integer"}},
                   {"name": P.HEADER_UPLOAD_LENGTH, "in": "header", "required": True,
                    "schema": {"type": "integer"}}]))
    async def patch_blob(sha256: str, request: Request) -> Response:
        check_sha(sha256)
        length = whole_candidate(request, sha256, P.MAX_CHUNK_BYTES)
        if length is not None:  # a photo in one PATCH: streamed to disk as it arrives
            whole = await receive_whole(hub, request, sha256, length)
            if whole is not None:
                return Response(status_code=201, headers=_upload_headers(whole))
        # the digest's SHA-256 state goes on to the store: the chunk's bytes are hashed once
        _c, body, chunk_hash = await authenticate_chunk(hub, request, P.MAX_CHUNK_BYTES)
        offset = _int_header(request, P.HEADER_UPLOAD_OFFSET)
        length = _int_header(request, P.HEADER_UPLOAD_LENGTH)

        def store() -> tuple[bool, Any]:
            was_stored = hub.blobs.has(sha256)
            return was_stored, hub.blobs.append(sha256, offset, length, body, chunk_hash)

        was_stored, st = await call(store)
        status = 200 if was_stored else 201 if st.complete else 204
        return Response(status_code=status, headers=_upload_headers(st))

    @app.get(P.PATH_BLOB, summary="A stored blob's bytes", openapi_extra=_signed())
    async def get_blob(sha256: str, request: Request) -> Response:
        await auth(request)
        if not await call(hub.blobs.has, check_sha(sha256)):
            raise HubError("not_found")
        return FileResponse(hub.blobs.path(sha256), media_type="application/octet-stream")

    # -- pull -----------------------------------------------------------------------------
    @app.get(P.PATH_RECEIPTS, summary="The hub's receipts after SEQ (a hash chain)", openapi_extra=_signed())
    async def get_receipts(request: Request, since: int = Query(0, ge=0, le=MAX_CURSOR),
                           limit: int = Query(P.DEFAULT_PAGE, ge=1, le=P.MAX_PAGE)) -> dict:
        await auth(request)
        return await call(pull.receipts, hub, since, limit)

    @app.get(P.PATH_CHANGES, summary="What concerns the caller since CURSOR", openapi_extra=_signed())
    async def get_changes(request: Request, since: int = Query(0, ge=0, le=MAX_CURSOR),
                          limit: int = Query(P.DEFAULT_PAGE, ge=1, le=P.MAX_PAGE),
                          school: str | None = Query(None, max_length=64)) -> dict:
        c, _ = await auth(request)
        return await call(pull.changes, hub, c, since, limit, school)

    @app.get(P.PATH_DOCUMENT, summary="A document's bytes by its hash", openapi_extra=_signed())
    async def get_document(hash: str, request: Request) -> Response:  # noqa: A002 - the protocol's name
        c, _ = await auth(request)
        content, media = await call(pull.document, hub, c, hash)
        if isinstance(content, Path):
            return FileResponse(content, media_type=media)
        return Response(content, media_type=media)

    @app.get(P.PATH_CONFLICTS, summary="Conflicts recorded on the hub", openapi_extra=_signed())
    async def get_conflicts(request: Request) -> dict:
        c, _ = await auth(request)
        return await call(pull.conflicts, hub, c)

    # -- admin ----------------------------------------------------------------------------
    async def admin_call(request: Request, model: type[BaseModel]) -> Any:
        c, body = await auth(request)
        require_role(c, ("admin",))
        return _parse(model, body)

    @app.post(P.PATH_ADMIN_ENROLL, status_code=201, summary="Enroll a certificate with a role (admin)",
              openapi_extra=_signed(_json_body(EnrollIn)))
    async def admin_enroll(request: Request) -> JSONResponse:
        q = await admin_call(request, EnrollIn)
        created, rec = await call(admin.enroll, hub, q.certificate, q.role)
        return JSONResponse(rec, status_code=201 if created else 200)

    @app.post(P.PATH_ADMIN_REVOKE, summary="Revoke an enrolled certificate (admin)",
              openapi_extra=_signed(_json_body(RevokeIn)))
    async def admin_revoke(request: Request) -> dict:
        q = await admin_call(request, RevokeIn)
        return await call(admin.revoke, hub, q.fingerprint)

    @app.post(P.PATH_ADMIN_ASSIGN, summary="Give a school its panel (admin)",
              openapi_extra=_signed(_json_body(AssignIn)))
    async def admin_assign(request: Request) -> dict:
        q = await admin_call(request, AssignIn)
        return await call(admin.assign, hub, q.school, q.panel, q.members, q.county)

    @app.post(P.PATH_ADMIN_PUBLISH, summary="Publish a rubric or an uploaded evidence package (admin)",
              openapi_extra=_signed(_json_body(PublishIn)))
    async def admin_publish(request: Request) -> dict:
        q = await admin_call(request, PublishIn)
        if (q.rubric is None) == (q.package is None):
            raise HubError("malformed", "give exactly one of rubric or package", "请只给出 rubric 或 package 之一")
        if q.rubric is not None:
            return await call(admin.publish_rubric, hub, q.rubric)
        return await call(admin.publish_package, hub, q.package)

    return app


def app_from_env() -> FastAPI:
    """The uvicorn factory: open the hub named by $WORKBENCH_HUB_DATA (schema already migrated)."""
    return create_app(Hub.open(data_dir(None)))
