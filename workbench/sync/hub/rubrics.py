"""Rubrics the hub knows: those bundled with workbench and those an admin published."""

from __future__ import annotations

import json
from functools import lru_cache

from sqlalchemy.orm import Session

from workbench.rubric.loader import rubric_by_hash, rubric_from_data
from workbench.rubric.model import Rubric
from workbench.sync.hub.models import Document, PublishedRubric


@lru_cache(maxsize=64)
def _parse(body: bytes) -> Rubric:  # content-addressed: the same bytes are the same rubric
    return rubric_from_data(json.loads(body))


def known_rubric(s: Session, rubric_hash: str) -> Rubric | None:
    r = rubric_by_hash(rubric_hash)
    if r is not None:
        return r
    if s.get(PublishedRubric, rubric_hash) is None:
        return None
    doc = s.get(Document, rubric_hash)
    return None if doc is None else _parse(doc.body)
