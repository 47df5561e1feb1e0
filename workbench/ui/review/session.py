"""One reviewer's review of one school, as the window sees it.

The session is the only part of the review view that talks to the workspace about scores,
notes, checks, methods and the incident. Every write goes through the core at once (the
store commits before it returns; writes are small and fast, so they run on the UI thread)
and is then broadcast once through `changed`, so each part of the view decides for itself
what to refresh. The session holds a cache of what the core returned, never rules of its own.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QObject, Signal

from workbench.rubric.model import Indicator, Rubric
from workbench.scoring.engine import Result


class ReviewSession(QObject):
    """The cached state of (school, reviewer), refreshed from the core after each write."""

    #: item id whose score/note/checks/methods changed, or "" for school-wide (incident)
    changed = Signal(str)
    #: the Result was recomputed by the core
    resultChanged = Signal()
    #: a write the core refused (item id or "", message), from an undo command
    failed = Signal(str, str)

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
        self.ws.set_score(self.code, self.reviewer.id, item_id, value)
        if value is None:
            self.scores.pop(item_id, None)
        else:
            self.scores[item_id] = Decimal(value)
        self._recompute()
        self.changed.emit(item_id)

    def set_note(self, item_id: str, text: str) -> None:
        self.ws.set_note(self.code, self.reviewer.id, item_id, text)
        self.notes[item_id] = text
        self.changed.emit(item_id)

    def set_check(self, item_id: str, index: int, checked: bool) -> None:
        self.ws.set_check(self.code, self.reviewer.id, item_id, index, checked)
        cur = set(self.checks.get(item_id, frozenset()))
        (cur.add if checked else cur.discard)(index)
        self.checks[item_id] = frozenset(cur)
        self.changed.emit(item_id)

    def set_methods(self, item_id: str, methods: tuple[str, ...]) -> None:
        self.ws.set_methods(self.code, self.reviewer.id, item_id, methods)
        self.methods[item_id] = tuple(methods)
        self.changed.emit(item_id)

    def set_incident(self, incident: bool, description: str = "") -> None:
        """Raises StoreError when set without a description (the core's rule)."""
        self.ws.set_security_incident(self.code, self.reviewer.id, incident, description)
        self.incident = self.ws.security_incident(self.code, self.reviewer.id)
        self._recompute()
        self.changed.emit("")

    def _recompute(self) -> None:
        self.result = self.ws.result(self.code, self.reviewer.id)
        self.resultChanged.emit()
