"""One reviewer's review of one school, as the window sees it.

The session is the only part of the review view that talks to the workspace about scores,
notes, checks, methods and the incident. Every write goes through the core at once (the
store commits before it returns; writes are small and fast, so they run on the UI thread)
and is then broadcast once through `changed`, so each part of the view decides for itself
what to refresh. The session holds a cache of what the core returned, never rules of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import QObject, Signal

from workbench.rubric.model import Indicator, Rubric
from workbench.scoring.engine import Result


@dataclass(frozen=True)
class Snapshot:
    """What the core holds for (school, reviewer), read in one go off the UI thread."""

    scores: dict[str, Decimal]
    notes: dict[str, str]
    checks: dict[str, frozenset[int]]
    methods: dict[str, tuple[str, ...]]
    incident: tuple[bool, str]
    result: Result
    photos: tuple  # (id, indicator, removed) of every photo: changed means reload the strip


def load_snapshot(ws, code: str, reviewer_id: int) -> Snapshot:
    """Read the review's state from the core (any thread; touches no widget)."""
    st = ws.review_state(code, reviewer_id)
    return Snapshot(st.scores, st.notes, st.checks, st.methods, st.incident, st.result, st.photos)


class ReviewSession(QObject):
    """The cached state of (school, reviewer), refreshed from the core after each write."""

    #: item id whose score/note/checks/methods changed, or "" for school-wide (incident)
    changed = Signal(str)
    #: the Result was recomputed by the core
    resultChanged = Signal()
    #: a write the core refused (item id or "", message), from an undo command
    failed = Signal(str, str)
    #: an undo/redo changed this (item id or "" for the incident, "score"/"note"/"incident"):
    #: the view shows it
    revealRequested = Signal(str, str)

    def __init__(self, ws, reviewer, code: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.reviewer = reviewer
        self.code = code
        self.info = ws.school(code)  # StoreError if unknown: the caller shows it
        self.rubric: Rubric = self.info.rubric
        rid = reviewer.id
        self.scores: dict[str, Decimal] = dict(ws.scores(code, rid))
        self.notes: dict[str, str] = dict(ws.notes(code, rid))
        self.checks: dict[str, frozenset[int]] = dict(ws.checks(code, rid))
        self.methods: dict[str, tuple[str, ...]] = dict(ws.methods(code, rid))
        self.incident: tuple[bool, str] = ws.security_incident(code, rid)
        self.result: Result = ws.result(code, rid)
        # The package's files do not change while it is open (a new version is a new session)
        self._files = None
        # bumped by every write from this window: a snapshot read before it is stale
        self.write_gen = 0
        self.photo_key: tuple | None = None  # the photos of the last snapshot
        self.kept_back = False  # see apply_snapshot

    def files_for(self, indicator: str) -> list:
        """Evidence files of the newest package tagged with `indicator` (read once per school)."""
        if self._files is None:
            self._files = self.ws.package_files(self.code)
        return [f for f in self._files if indicator in f.indicators]

    # ---- reading ---------------------------------------------------------------------
    def self_assessed(self, item_id: str) -> Decimal | None:
        return self.info.self_assessment.get(item_id)

    def warnings_for(self, item_id: str) -> list:
        return [w for w in self.result.warnings if w.item_id == item_id]

    def status(self, indicator: Indicator) -> str:
        """"done", "partly" or "none": how many of the indicator's items are scored."""
        n = sum(1 for it in indicator.items if it.id in self.scores)
        if n == 0:
            return "none"
        return "done" if n == len(indicator.items) else "partly"

    def has_warnings(self, indicator: Indicator) -> bool:
        ids = {it.id for it in indicator.items}
        return any(w.item_id in ids for w in self.result.warnings)

    # ---- writing (each call is one committed change in the core) ---------------------
    def set_score(self, item_id: str, value: Decimal | None) -> None:
        self.write_gen += 1
        self.ws.set_score(self.code, self.reviewer.id, item_id, value)
        if value is None:
            self.scores.pop(item_id, None)
        else:
            self.scores[item_id] = Decimal(value)
        self._recompute()
        self.changed.emit(item_id)

    def set_note(self, item_id: str, text: str, session_id: str | None = None) -> None:
        """`session_id`: the editing session (one audit entry for all its edits)."""
        self.write_gen += 1
        self.ws.set_note(self.code, self.reviewer.id, item_id, text, session_id=session_id)
        self.notes[item_id] = text
        self.changed.emit(item_id)

    def set_check(self, item_id: str, index: int, checked: bool) -> None:
        self.write_gen += 1
        self.ws.set_check(self.code, self.reviewer.id, item_id, index, checked)
        cur = set(self.checks.get(item_id, frozenset()))
        (cur.add if checked else cur.discard)(index)
        self.checks[item_id] = frozenset(cur)
        self.changed.emit(item_id)

    def set_methods(self, item_id: str, methods: tuple[str, ...]) -> None:
        self.write_gen += 1
        self.ws.set_methods(self.code, self.reviewer.id, item_id, methods)
        self.methods[item_id] = tuple(methods)
        self.changed.emit(item_id)

    def set_incident(self, incident: bool, description: str = "") -> None:
        """Raises StoreError when set without a description (the core's rule)."""
        self.write_gen += 1
        self.ws.set_security_incident(self.code, self.reviewer.id, incident, description)
        self.incident = self.ws.security_incident(self.code, self.reviewer.id)
        self._recompute()
        self.changed.emit("")

    def _recompute(self) -> None:
        self.result = self.ws.result(self.code, self.reviewer.id)
        self.resultChanged.emit()

    # ---- changes made elsewhere (another process, a sync) ------------------------------
    def apply_snapshot(self, snap: Snapshot, keep: frozenset[tuple[str, str]] = frozenset()) -> bool:
        """Take what the core holds now; `keep` lists (item id, "score"|"note") fields being
        edited in the window, left as they are. Emits `changed` per changed item (and "" for
        the incident) and `resultChanged`; returns whether anything changed."""
        changed: set[str] = set()
        self.kept_back = False  # a field being edited differs from the core: look again later
        for name, cache, new in (("score", self.scores, snap.scores), ("note", self.notes, snap.notes),
                                 ("checks", self.checks, snap.checks), ("methods", self.methods, snap.methods)):
            for iid in set(cache) | set(new):
                if cache.get(iid) == new.get(iid):
                    continue
                if (iid, name) in keep:
                    self.kept_back = True
                    continue
                if iid in new:
                    cache[iid] = new[iid]
                else:
                    cache.pop(iid, None)
                changed.add(iid)
        incident = snap.incident != self.incident
        self.incident = snap.incident
        result = snap.result != self.result
        self.result = snap.result
        for iid in sorted(changed):
            self.changed.emit(iid)
        if incident:
            self.changed.emit("")
        if result or incident or changed:
            self.resultChanged.emit()
        return bool(changed or incident or result)
