"""A reviewer's work on a school: scores, checklist ticks, methods, notes, the incident.

Each setter is one transaction that writes the new value and an audit row (old value,
new value, who, when, reason), or nothing at all when the value did not change.

A note is typed, not set: `set_note(..., session_id=...)` still commits every keystroke
(nothing is lost on a kill), but the edits of one editing session share one audit row that
holds the session's first old value and its latest new value (see `_note_session`).
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.decimals import fmt
from workbench.errors import ScoreError, StoreError
from workbench.scoring import Result, score, validate_score
from workbench.store.models import AuditRow, EntryRow, IncidentRow, ReviewerRow, utcnow
from workbench.store.records import AuditEntry

if TYPE_CHECKING:
    from workbench.rubric import Rubric
    from workbench.store.models import PackageVersionRow
    from workbench.store.records import SchoolInfo


# A note editing session's audit row is updated only while its edits come closer together than
# this; the window ends its sessions itself (focus out, a 2 s pause), this is the safety net.
NOTE_SESSION_GAP_S = 30.0
_note_lock = threading.Lock()


@dataclass(frozen=True)
class ReviewState:
    scores: dict[str, Decimal]
    notes: dict[str, str]
    checks: dict[str, frozenset[int]]
    methods: dict[str, tuple[str, ...]]
    incident: tuple[bool, str]
    result: Result
    photos: tuple[tuple[int, str | None, bool], ...]  # (id, indicator, removed) of the school's photos


class EntriesMixin:
    # (school, reviewer, item, session id) -> (audit row id, monotonic time of the last edit);
    # in memory: after a restart a session simply starts a new row
    _note_sessions: dict[tuple[str, int, str, str], tuple[int, float]]

    if TYPE_CHECKING:
        def _tx(self) -> AbstractContextManager[Session]: ...
        def _newest(self, s: Session, code: str) -> PackageVersionRow: ...
        def _info_of(self, pv: PackageVersionRow) -> SchoolInfo: ...
        def school(self, code: str) -> SchoolInfo: ...
        def _plain_read(self) -> AbstractContextManager[sqlite3.Connection]: ...
        _info: dict[int, SchoolInfo]

    def _entry(self, s: Session, code: str, reviewer_id: int, item_id: str) -> tuple[EntryRow, Rubric]:
        rubric = self._info_of(self._newest(s, code)).rubric
        if not rubric.has_item(item_id):
            raise ScoreError(f"unknown item {item_id!r} in rubric {rubric.id}")
        if s.get(ReviewerRow, reviewer_id) is None:
            raise StoreError(f"no reviewer with id {reviewer_id} in this workspace",
                             hint="set the reviewer identity first")
        row = s.scalars(select(EntryRow).where(EntryRow.school_code == code, EntryRow.reviewer_id == reviewer_id,
                                               EntryRow.item_id == item_id)).first()
        if row is None:
            row = EntryRow(school_code=code, reviewer_id=reviewer_id, item_id=item_id, score=None, note="",
                           checks="[]", methods="[]")
            s.add(row)
        return row, rubric

    @staticmethod
    def _audit(s: Session, code: str, reviewer_id: int | None, item_id: str | None, field: str,
               old: str | None, new: str | None, reason: str | None = None) -> None:
        s.add(AuditRow(school_code=code, reviewer_id=reviewer_id, item_id=item_id, field=field, old=old,
                       new=new, reason=reason))

    def _set(self, code: str, reviewer_id: int, item_id: str, field: str, convert, reason: str | None) -> None:
        with self._tx() as s:
            row, rubric = self._entry(s, code, reviewer_id, item_id)
            old = getattr(row, field)
            new = convert(rubric)
            if old == new:
                return
            setattr(row, field, new)
            row.updated_at = utcnow()
            self._audit(s, code, reviewer_id, item_id, field, old, new, reason)

    # -- setters ----------------------------------------------------------------------

    def set_score(self, code: str, reviewer_id: int, item_id: str, value: Decimal | str | int | None,
                  reason: str | None = None) -> None:
        """Set (or clear, with None) one item's score. Raises ScoreError for a bad value."""
        self._set(code, reviewer_id, item_id, "score",
                  lambda r: None if value is None else fmt(validate_score(r, item_id, value)), reason)

    def set_note(self, code: str, reviewer_id: int, item_id: str, text: str, reason: str | None = None,
                 session_id: str | None = None) -> None:
        """Replace one item's note. With `session_id`, the edits of one editing session (the
        window's keystrokes in one field) are one audit entry; each is still committed at once."""
        if session_id is None:
            self._set(code, reviewer_id, item_id, "note", lambda r: str(text), reason)
            return
        text = str(text)
        key = (code, reviewer_id, item_id, session_id)
        with _note_lock, self._tx() as s:
            row, _rubric = self._entry(s, code, reviewer_id, item_id)
            old = row.note
            if old == text:
                return
            row.note, row.updated_at = text, utcnow()
            audit = self._note_session(s, key, old)
            if audit is None:
                audit = AuditRow(school_code=code, reviewer_id=reviewer_id, item_id=item_id, field="note",
                                 old=old, new=text, reason=reason)
                s.add(audit)
                s.flush()
            elif audit.old == text:  # typed back to where the session began: no change to record
                s.delete(audit)
                self._sessions_of().pop(key, None)
                return
            else:
                audit.new, audit.at = text, utcnow()
            self._sessions_of()[key] = (audit.id, time.monotonic())

    def _sessions_of(self) -> dict[tuple[str, int, str, str], tuple[int, float]]:
        try:
            return self._note_sessions
        except AttributeError:
            self._note_sessions = {}
            return self._note_sessions

    def _note_session(self, s: Session, key: tuple[str, int, str, str], old: str) -> AuditRow | None:
        """The open audit row of this editing session, if it may still take this edit: the
        last edit was recent, the row is still the newest note entry of the item (no other
        editor, process or session wrote in between) and the note is what the row says."""
        sessions = self._sessions_of()
        now = time.monotonic()
        for k, (_id, t) in list(sessions.items()):  # forget ended sessions
            if now - t > NOTE_SESSION_GAP_S:
                del sessions[k]
        found = sessions.get(key)
        if found is None:
            return None
        code, reviewer_id, item_id, _sid = key
        newest = s.scalars(select(AuditRow).where(AuditRow.school_code == code, AuditRow.item_id == item_id,
                                                  AuditRow.field == "note")
                           .order_by(AuditRow.id.desc()).limit(1)).first()
        if newest is None or newest.id != found[0] or newest.reviewer_id != reviewer_id or newest.new != old:
            del sessions[key]
            return None
        return newest

    def set_check(self, code: str, reviewer_id: int, item_id: str, index: int, checked: bool) -> None:
        with self._tx() as s:
            row, rubric = self._entry(s, code, reviewer_id, item_id)
            n = len(rubric.item(item_id).checklist)
            if not 0 <= index < max(n, 1):
                raise StoreError(f"{item_id} has no checklist entry {index + 1} (it has {n})")
            ticks = set(json.loads(row.checks))
            (ticks.add if checked else ticks.discard)(index)
            new = json.dumps(sorted(ticks))
            if new != row.checks:
                self._audit(s, code, reviewer_id, item_id, "checks", row.checks, new)
                row.checks, row.updated_at = new, utcnow()

    def set_methods(self, code: str, reviewer_id: int, item_id: str, methods: Iterable[str]) -> None:
        def convert(rubric: Rubric) -> str:
            known = [m.id for m in rubric.rules.methods]
            chosen = set(methods)
            unknown = chosen - set(known)
            if unknown:
                raise StoreError(f"unknown evaluation method {sorted(unknown)[0]!r}",
                                 hint="methods: " + ", ".join(known))
            return json.dumps([m for m in known if m in chosen], ensure_ascii=False)

        self._set(code, reviewer_id, item_id, "methods", convert, None)

    def set_security_incident(self, code: str, reviewer_id: int, incident: bool, description: str = "") -> None:
        """Record whether the school had a network-security incident (then it is not evaluated)."""
        description = description.strip()
        if incident and not description:
            raise StoreError("a security incident needs a description",
                             hint="say what happened and when, as the panel found it")
        with self._tx() as s:
            self._newest(s, code)
            row = s.get(IncidentRow, (code, reviewer_id))
            old = None if row is None else json.dumps([row.incident, row.description], ensure_ascii=False)
            new = json.dumps([bool(incident), description], ensure_ascii=False)
            if old == new or (row is None and not incident):
                return
            if row is None:
                row = IncidentRow(school_code=code, reviewer_id=reviewer_id, incident=False, description="")
                s.add(row)
            row.incident, row.description, row.updated_at = bool(incident), description, utcnow()
            self._audit(s, code, reviewer_id, None, "security_incident", old, new)

    # -- getters ----------------------------------------------------------------------

    def _rows(self, code: str, reviewer_id: int) -> list[EntryRow]:
        with self._tx() as s:
            self._newest(s, code)
            return list(s.scalars(select(EntryRow).where(EntryRow.school_code == code,
                                                         EntryRow.reviewer_id == reviewer_id)))

    def scores(self, code: str, reviewer_id: int) -> dict[str, Decimal]:
        return {r.item_id: Decimal(r.score) for r in self._rows(code, reviewer_id) if r.score is not None}

    def notes(self, code: str, reviewer_id: int) -> dict[str, str]:
        return {r.item_id: r.note for r in self._rows(code, reviewer_id) if r.note}

    def checks(self, code: str, reviewer_id: int) -> dict[str, frozenset[int]]:
        return {r.item_id: frozenset(json.loads(r.checks)) for r in self._rows(code, reviewer_id)
                if r.checks != "[]"}

    def methods(self, code: str, reviewer_id: int) -> dict[str, tuple[str, ...]]:
        return {r.item_id: tuple(json.loads(r.methods)) for r in self._rows(code, reviewer_id)
                if r.methods != "[]"}

    def security_incident(self, code: str, reviewer_id: int) -> tuple[bool, str]:
        with self._tx() as s:
            self._newest(s, code)
            row = s.get(IncidentRow, (code, reviewer_id))
            return (False, "") if row is None else (row.incident, row.description)

    def review_state(self, code: str, reviewer_id: int) -> ReviewState:
        """Everything a reviewer holds for a school, read in one transaction (the window's live
        refresh reads this every time another connection commits): scores, notes, checks,
        methods, the incident and the result they give."""
        with self._plain_read() as con:  # never the write lock: see Workspace._plain_read
            con.execute("BEGIN")
            try:
                pv = con.execute("SELECT id FROM package_versions WHERE school_code = ? ORDER BY version DESC "
                                 "LIMIT 1", (code,)).fetchone()
                rows = con.execute("SELECT item_id, score, note, checks, methods FROM entries "
                                   "WHERE school_code = ? AND reviewer_id = ?", (code, reviewer_id)).fetchall()
                inc = con.execute("SELECT incident, description FROM incidents WHERE school_code = ? "
                                  "AND reviewer_id = ?", (code, reviewer_id)).fetchone()
                photos = con.execute("SELECT id, indicator, removed FROM photos WHERE school_code = ? ORDER BY id",
                                     (code,)).fetchall()
            finally:
                con.execute("COMMIT")
        if pv is None:
            self.school(code)  # the StoreError that names the unknown school
        info = self._info.get(pv[0]) or self.school(code)  # parsed once per package version
        incident = (False, "") if inc is None else (bool(inc[0]), inc[1])
        scores = {i: Decimal(v) for i, v, *_ in rows if v is not None}
        return ReviewState(
            scores, {i: n for i, _v, n, *_ in rows if n},
            {i: frozenset(json.loads(c)) for i, _v, _n, c, _m in rows if c != "[]"},
            {i: tuple(json.loads(m)) for i, _v, _n, _c, m in rows if m != "[]"}, incident,
            score(info.rubric, scores, security_incident=incident[0], self_assessment=info.self_assessment or None,
                  facts=info.facts),
            tuple((pid, ind, bool(removed)) for pid, ind, removed in photos))

    def audit(self, code: str, item_id: str | None = None) -> list[AuditEntry]:
        """A school's audit trail, oldest first; an unknown school or item is a StoreError."""
        rubric = self.school(code).rubric
        if item_id is not None and not (rubric.has_item(item_id) or rubric.has_indicator(item_id)):
            raise StoreError(f"unknown item or indicator {item_id!r}", hint="use an id of the rubric, e.g. B1.4 or B3")
        with self._tx() as s:
            q = select(AuditRow, ReviewerRow.name).outerjoin(ReviewerRow, AuditRow.reviewer_id == ReviewerRow.id) \
                .where(AuditRow.school_code == code)
            if item_id is not None:
                q = q.where(AuditRow.item_id == item_id)
            return [AuditEntry(a.at, a.reviewer_id, name, a.item_id, a.field, a.old, a.new, a.reason)
                    for a, name in s.execute(q.order_by(AuditRow.id))]

    def result(self, code: str, reviewer_id: int) -> Result:
        """The reviewer's current (possibly provisional) result for the school."""
        info = self.school(code)
        incident, _ = self.security_incident(code, reviewer_id)
        return score(info.rubric, self.scores(code, reviewer_id), security_incident=incident,
                     self_assessment=info.self_assessment or None, facts=info.facts)
