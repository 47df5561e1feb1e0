"""Score sheets: one reviewer's complete scoring of one school, as signed canonical JSON.

The signature covers the canonical bytes (workbench.rubric.canonical) of the sheet without
its "signature" member; the file on disk is the canonical bytes of the whole sheet plus one
newline, so a verifier can also insist that the file is byte-for-byte canonical and any
change at all, even one that JSON would parse the same way, is caught. docs/score-sheet.md
describes every field; resources/schemas/score-sheet.schema.json is the schema.

`workbench-sheet/2`: the reviewer's name, organisation and role are the certificate's
subject, the signature is low-S ECDSA (one encoding), and the sheet hash is the hash of
the signed payload, so no re-encoding of the signature can give one sheet two hashes.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec

from workbench.atomic import atomic_write
from workbench.decimals import fmt
from workbench.errors import SignatureError
from workbench.rubric.canonical import canonical_bytes, sha256_hex
from workbench.rubric.model import Rubric
from workbench.scoring.engine import Result, score
from workbench.scoring.scorefile import FACT_KEYS
from workbench.signing.ecdsa import sign_b64
from workbench.signing.identity import ROLES, Identity

FORMAT = "workbench-sheet/2"
OLD_FORMATS = ("workbench-sheet/1",)  # refused by verify: sign the scores again
ALG = "ES256"
MAX_REVISION = 1_000_000  # as the schema says; a larger number is a forgery, not a reviewer's work


@dataclass(frozen=True)
class ItemRecord:
    """What a reviewer recorded for one item: the score (None = not scored) and its evidence."""

    score: Decimal | None = None
    checks: frozenset[int] = frozenset()
    methods: tuple[str, ...] = ()
    note: str = ""

    def to_json(self) -> dict:
        return {"score": None if self.score is None else fmt(self.score), "checks": sorted(self.checks),
                "methods": list(self.methods), "note": self.note}


def facts_of(school: Mapping[str, Any]) -> dict[str, Any]:
    """The scoring facts (students, computers, …) carried in the sheet's school record."""
    return {k: v for k, v in school.items() if k in FACT_KEYS}


def _utc(t: dt.datetime | None) -> str:
    t = (t or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    return t.isoformat().replace("+00:00", "Z")


def compute_result(rubric: Rubric, sheet: Mapping[str, Any]) -> Result:
    """Score the sheet's items exactly as the verifier will (the single source of truth)."""
    scores = {iid: rec["score"] for iid, rec in sheet["items"].items() if rec.get("score") is not None}
    sa = sheet.get("self_assessment") or None
    return score(rubric, scores, security_incident=bool(sheet["security_incident"]["incident"]),
                 self_assessment=sa, facts=facts_of(sheet["school"]))


def build_sheet(rubric: Rubric, *, school: Mapping[str, Any], manifest_hash: str,
                package_sha256: str | None = None, package_version: int | None = None,
                items: Mapping[str, ItemRecord], self_assessment: Mapping[str, Decimal] | None = None,
                photos: Iterable[Mapping[str, Any]] = (), incident: bool = False, incident_description: str = "",
                sheet_id: str | None = None, revision: int = 1, supersedes: str | None = None) -> dict:
    """An unsigned sheet: everything except reviewer, signed_at, result and signature.

    `items` may omit items (they are written as not scored); unknown item ids are refused.
    """
    unknown = sorted(set(items) - {i.id for i in rubric.iter_items()})
    if unknown:
        raise SignatureError(f"item {unknown[0]!r} is not in rubric {rubric.id}")
    if not 1 <= revision <= MAX_REVISION:
        raise SignatureError(f"revision must be 1 to {MAX_REVISION:,}")
    if incident and not incident_description.strip():
        raise SignatureError("a security incident needs a description",
                             hint="say what happened, when, and how it was found")
    package: dict[str, Any] = {"manifest_hash": manifest_hash}
    if package_sha256:
        package["package_sha256"] = package_sha256
    if package_version is not None:
        package["version"] = int(package_version)
    return {
        "format": FORMAT,
        "sheet_id": sheet_id or str(uuid.uuid4()),
        "revision": int(revision),
        "supersedes": supersedes,
        "rubric": {"id": rubric.id, "hash": rubric.hash},
        "package": package,
        "school": dict(school),
        "self_assessment": {k: fmt(Decimal(v)) for k, v in (self_assessment or {}).items()},
        "items": {i.id: items.get(i.id, ItemRecord()).to_json() for i in rubric.iter_items()},
        "photos": [{"sha256": p["sha256"], "indicator": p.get("indicator"), "taken_at": p.get("taken_at")}
                   for p in photos],
        "security_incident": {"incident": bool(incident), "description": incident_description if incident else ""},
    }


def signed_payload(sheet: Mapping[str, Any]) -> bytes:
    """The exact bytes the signature covers: the canonical sheet minus "signature"."""
    return canonical_bytes({k: v for k, v in sheet.items() if k != "signature"})


def sign_sheet(sheet: Mapping[str, Any], identity: Identity, key: ec.EllipticCurvePrivateKey, rubric: Rubric, *,
               allow_incomplete: bool = False, now: dt.datetime | None = None) -> dict:
    """Compute the result, refuse an incomplete sheet unless allowed, and sign.

    An incomplete sheet signed with allow_incomplete is marked provisional: it records
    work in progress and can never be mistaken for a final result. The reviewer's name,
    organisation and role are the certificate's; the certificate must be valid at `now`
    and name a panel role; the signature is low-S.
    """
    at = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    who = identity.signer
    if who.role not in ROLES:
        raise SignatureError(f"the certificate of {identity.dir} names no panel role "
                             f"({', '.join(ROLES)}){' (it is a CA)' if identity.is_ca else ''}",
                             hint="sign with a reviewer identity; a bureau CA states the role with "
                             "`workbench identity issue --role …`")
    identity.check_valid_at(at)
    if key.public_key().public_numbers() != identity.cert.public_key().public_numbers():
        raise SignatureError("the key does not belong to this identity's certificate")
    out = {k: v for k, v in sheet.items() if k not in ("signature", "result", "provisional", "reviewer",
                                                       "signed_at")}
    if out.get("rubric", {}).get("hash") != rubric.hash:
        raise SignatureError("the sheet was built under another version of the rubric",
                             hint="build the sheet again")
    result = compute_result(rubric, out)
    if result.missing and not allow_incomplete:
        shown = " ".join(result.missing[:8]) + (" …" if len(result.missing) > 8 else "")
        raise SignatureError(f"the sheet is incomplete: {len(result.missing)} item(s) not scored ({shown})",
                             hint="score every item, or sign with --allow-incomplete to mark it provisional")
    out["format"] = FORMAT
    out["reviewer"] = {"name": who.name, "org": who.org, "role": who.role,
                       "certificate": identity.cert_pem, "fingerprint": identity.fingerprint}
    out["signed_at"] = _utc(at)
    out["result"] = result.to_json()
    out["provisional"] = bool(result.missing)
    out["signature"] = {"alg": ALG, "value": sign_b64(key, signed_payload(out))}
    return out


def sheet_file_bytes(sheet: Mapping[str, Any]) -> bytes:
    """What a sheet file holds: canonical JSON of the whole signed sheet and a newline."""
    return canonical_bytes(dict(sheet)) + b"\n"


def sheet_hash(sheet: Mapping[str, Any]) -> str:
    """"sha256:<hex>" of the signed payload (the sheet without "signature").

    The sheet's identity for duplicate detection: what the QR code, the form and
    `supersedes` name. It does not depend on the signature's bytes, so two signatures over
    the same content (a re-encoded one, or the same sheet signed twice) give one hash.
    """
    return "sha256:" + sha256_hex(signed_payload(sheet))


def write_sheet(sheet: Mapping[str, Any], path: str | Path) -> Path:
    """Write the sheet file atomically: on any failure the previous file is intact."""
    return atomic_write(path, sheet_file_bytes(sheet), what="score sheet")


def next_revision(previous: Mapping[str, Any]) -> dict[str, Any]:
    """sheet_id, revision and supersedes for a new revision of a signed sheet."""
    return {"sheet_id": previous["sheet_id"], "revision": int(previous["revision"]) + 1,
            "supersedes": sheet_hash(previous)}
