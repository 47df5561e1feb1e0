"""The rubric as immutable objects: areas (A), indicators (B), items (B<n>.<k>), rules."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

Outcome = str  # "demonstration" | "qualified" | "not_awarded" | "not_evaluated"
OUTCOMES = ("demonstration", "qualified", "not_awarded", "not_evaluated")


@dataclass(frozen=True)
class Text:
    """A string in Chinese (always present, as written in the source) and English."""

    zh: str
    en: str = ""

    def get(self, lang: str = "zh") -> str:
        return self.en if lang.startswith("en") and self.en else self.zh


@dataclass(frozen=True)
class Item:
    id: str  # "B1.4"
    text: Text
    points: Decimal
    checklist: tuple[Text, ...]
    indicator_id: str
    area_id: str


@dataclass(frozen=True)
class Indicator:
    id: str  # "B1"
    title: Text
    items: tuple[Item, ...]
    area_id: str

    @property
    def points(self) -> Decimal:
        return sum((i.points for i in self.items), Decimal(0))

    @property
    def number(self) -> int:
        return int(self.id[1:])


@dataclass(frozen=True)
class Area:
    id: str  # "A1"
    title: Text
    weight: Decimal
    indicators: tuple[Indicator, ...]
    detail_title: Text | None = None


@dataclass(frozen=True)
class GradeBand:
    min_total: Decimal
    outcome: Outcome
    title: Text


@dataclass(frozen=True)
class Method:
    id: str
    title: Text


@dataclass(frozen=True)
class FactCheck:
    """A rule from the rubric that can be checked against the school's facts.

    `kind` is "ratio_at_most" (numerator / denominator <= limit) or "at_least"
    (fact >= minimum); see workbench.scoring.checks for how each is evaluated.
    """

    id: str
    item_id: str
    kind: str
    params: dict
    message: Text


@dataclass(frozen=True)
class Rules:
    score_step: Decimal
    grade_bands: tuple[GradeBand, ...]  # highest first
    below_bands_outcome: Outcome
    minimum_total: Decimal
    security_incident_not_evaluated: bool
    self_assessment_margin: Decimal
    evidence_period_years: int
    methods: tuple[Method, ...]
    quotes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Rubric:
    id: str
    title: Text
    total_points: Decimal
    rules: Rules
    areas: tuple[Area, ...]
    checks: tuple[FactCheck, ...]
    hash: str  # "sha256:<hex>" of the canonical JSON the rubric was loaded from
    source: str = ""

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        return tuple(b for a in self.areas for b in a.indicators)

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(i for b in self.indicators for i in b.items)

    def iter_items(self) -> Iterator[Item]:
        for a in self.areas:
            for b in a.indicators:
                yield from b.items

    def item(self, item_id: str) -> Item:
        try:
            return self._item_index[item_id]
        except KeyError:
            raise KeyError(item_id) from None

    def indicator(self, indicator_id: str) -> Indicator:
        for b in self.indicators:
            if b.id == indicator_id:
                return b
        raise KeyError(indicator_id)

    def area(self, area_id: str) -> Area:
        for a in self.areas:
            if a.id == area_id:
                return a
        raise KeyError(area_id)

    def has_item(self, item_id: str) -> bool:
        return item_id in self._item_index

    def has_indicator(self, indicator_id: str) -> bool:
        return any(b.id == indicator_id for b in self.indicators)

    @property
    def _item_index(self) -> dict[str, Item]:
        # Cached on first use; the dataclass is frozen so bypass __setattr__.
        idx = self.__dict__.get("_idx")
        if idx is None:
            idx = {i.id: i for i in self.iter_items()}
            object.__setattr__(self, "_idx", idx)
        return idx
