"""The hub protocol, version 1: paths, headers, limits and error codes both sides share.

docs/sync-protocol.md is the prose; this module is what the code imports, so that the
client (workbench.sync.client) and the server (workbench.sync.hub) cannot drift apart.
Nothing here does I/O.
"""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Final

PROTOCOL_VERSION: Final = 1
BASE: Final = "/v1"

# -- paths ------------------------------------------------------------------------------------
PATH_HUB: Final = "/v1/hub"                     # the only unsigned request
PATH_SHEETS: Final = "/v1/sheets"
PATH_PANELS: Final = "/v1/panels"
PATH_BLOBS_MISSING: Final = "/v1/blobs/missing"
PATH_BLOB: Final = "/v1/blobs/{sha256}"         # HEAD, PATCH, GET; sha256 = 64 lowercase hex
PATH_RECEIPTS: Final = "/v1/receipts"           # ?since=SEQ&limit=N
PATH_CHANGES: Final = "/v1/changes"             # ?since=CURSOR&limit=N
PATH_DOCUMENT: Final = "/v1/documents/{hash}"   # hash = "sha256:<hex>" (or bare hex)
PATH_CONFLICTS: Final = "/v1/conflicts"
PATH_WHOAMI: Final = "/v1/whoami"
PATH_ADMIN_ENROLL: Final = "/v1/admin/enroll"
PATH_ADMIN_REVOKE: Final = "/v1/admin/revoke"
PATH_ADMIN_ASSIGN: Final = "/v1/admin/assign"
PATH_ADMIN_PUBLISH: Final = "/v1/admin/publish"


def blob_path(sha256: str) -> str:
    return PATH_BLOB.format(sha256=sha256)


def document_path(doc_hash: str) -> str:
    return PATH_DOCUMENT.format(hash=doc_hash)


# -- media types ------------------------------------------------------------------------------
SHEET_MEDIA_TYPE: Final = "application/vnd.workbench.sheet+json"
PANEL_MEDIA_TYPE: Final = "application/vnd.workbench.panel+json"
JSON_MEDIA_TYPE: Final = "application/json"
BLOB_MEDIA_TYPE: Final = "application/offset+octet-stream"  # PATCH bodies, as tus names them

# -- request signatures (RFC 9421) and body digests (RFC 9530) --------------------------------
SIGNATURE_LABEL: Final = "wb"
SIGNATURE_ALG: Final = "ecdsa-p256-sha256"
COVERED_COMPONENTS: Final = ("@method", "@target-uri", "content-digest")
HEADER_SIGNATURE: Final = "Signature"
HEADER_SIGNATURE_INPUT: Final = "Signature-Input"
HEADER_CONTENT_DIGEST: Final = "Content-Digest"
MAX_CLOCK_SKEW_S: Final = 300          # `created` must be within ±5 minutes of the hub's clock
NONCE_RE: Final = re.compile(r"^[A-Za-z0-9_-]{16,128}$")
KEYID_RE: Final = re.compile(r"^[0-9a-f]{64}$")   # SHA-256 of the certificate DER, lowercase hex


def content_digest(body: bytes) -> str:
    """The Content-Digest field value for `body` (also for an empty body)."""
    return "sha-256=:" + base64.b64encode(hashlib.sha256(body).digest()).decode("ascii") + ":"


# -- resumable blob uploads (tus-like) ---------------------------------------------------------
HEADER_UPLOAD_OFFSET: Final = "Upload-Offset"
HEADER_UPLOAD_LENGTH: Final = "Upload-Length"
HEADER_UPLOAD_COMPLETE: Final = "Upload-Complete"   # structured boolean: "?1" / "?0"
SHA256_RE: Final = re.compile(r"^[0-9a-f]{64}$")
DOC_HASH_RE: Final = re.compile(r"^sha256:[0-9a-f]{64}$")
SCHOOL_CODE_RE: Final = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")  # as evidence packages name schools
MAX_REVISION: Final = 2**31 - 1

# -- limits -----------------------------------------------------------------------------------
MAX_DOCUMENT_BYTES: Final = 16 * 1024 * 1024     # a sheet or panel result
MAX_JSON_BYTES: Final = 1024 * 1024              # any other JSON request body
MAX_CHUNK_BYTES: Final = 8 * 1024 * 1024         # one PATCH body
MAX_BLOB_BYTES: Final = 4 * 1024 * 1024 * 1024   # one photo or evidence package
MAX_MISSING_QUERY: Final = 10_000                # hashes in one /blobs/missing question
DEFAULT_PAGE: Final = 100                        # changes / receipts per page by default
MAX_PAGE: Final = 1000

# -- roles, kinds -----------------------------------------------------------------------------
ROLES: Final = ("member", "chair", "admin")
RECEIPT_KINDS: Final = ("sheet", "panel")
CHANGE_KINDS: Final = ("sheet", "panel", "assignment", "package", "rubric")

# -- errors -----------------------------------------------------------------------------------
# Every 4xx/5xx body is {"code": CODE, "message": {"zh": …, "en": …}} plus, for some codes,
# extra members (named in the comment). The code is stable; the messages may be reworded.
ERRORS: Final[dict[str, tuple[int, str, str]]] = {
    # authentication (401) and authorisation (403)
    "unsigned": (401, "请求未签名", "the request is not signed (Signature, Signature-Input and Content-Digest are required)"),
    "bad_signature": (401, "请求签名无效", "the request signature does not verify"),
    "bad_digest": (401, "请求内容与摘要不符", "the body does not match its Content-Digest"),
    "stale": (401, "请求时间超出允许范围", "the signature's created time is more than 5 minutes from the hub's clock"),
    "replay": (401, "重复的请求(nonce 已使用)", "this nonce was already used: the request is a replay"),
    "unknown_key": (401, "证书未在本中心登记", "the signing certificate is not enrolled on this hub"),
    "revoked": (403, "证书已被吊销", "the signing certificate was revoked"),
    "expired": (403, "证书不在有效期内", "the signing certificate is not valid now"),
    "forbidden": (403, "无权执行此操作", "your role does not allow this request"),
    # request shape
    "not_found": (404, "未找到", "no such resource"),
    "method_not_allowed": (405, "不支持的请求方法", "method not allowed"),
    "malformed": (400, "请求格式错误", "the request is malformed"),
    "bad_header": (400, "请求头无效", "a required header is missing or invalid"),
    "too_large": (413, "请求内容过大", "the body is larger than the hub accepts"),
    "unsupported_media_type": (415, "不支持的内容类型", "unsupported Content-Type"),
    # documents
    "invalid_document": (422, "文件验证未通过", "the document does not verify"),
    "unknown_rubric": (422, "本中心没有该评估细则", "the document's rubric hash is not known to this hub"),
    "missing_blobs": (422, "缺少照片或附件", "photos the document names are not on the hub; upload them first"),  # + "missing"
    "missing_sheets": (422, "缺少成员评分表", "member sheets the panel result names are not on the hub; push them first"),  # + "missing"
    "conflict": (409, "与中心已有版本冲突", "another version is already stored under this key; both are kept"),  # + "stored", "incoming", "conflict_id"
    # blobs
    "offset_mismatch": (409, "上传位置不符", "the upload offset is not where the hub's copy ends"),  # + "offset"
    "length_mismatch": (409, "上传长度与之前不符", "Upload-Length differs from the length given before, or the chunk runs past it"),
    "hash_mismatch": (422, "内容与哈希不符,已丢弃", "the uploaded bytes do not hash to the blob's name; the partial upload was discarded"),
    "busy": (409, "该文件正由另一连接上传", "another connection is uploading this blob right now; retry shortly"),
    # server
    "internal": (500, "中心内部错误", "internal error on the hub; the request was not applied"),
    "unavailable": (503, "中心暂时不可用", "the hub is busy; retry shortly"),
}


def error_body(code: str, *, en: str | None = None, zh: str | None = None, **extra: object) -> dict:
    """The JSON error body for `code`, with optional more precise messages and extra members."""
    _status, zh0, en0 = ERRORS[code]
    return {"code": code, "message": {"zh": zh or zh0, "en": en or en0}, **extra}


def error_status(code: str) -> int:
    return ERRORS[code][0]
