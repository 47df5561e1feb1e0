"""Item cards made ahead, before anyone knows which item will need them.

Making a card's two dozen widgets is the largest part of showing a page that was not built
yet (a reviewer clicking straight to an indicator just after opening a school). Every card
has the same widgets but for its checklist rows, so a few are made in the quiet turns after a
school opens or a switch used some (one per event-loop turn), and a page that needs a card
takes one and binds it to its item: its texts, limits and checklist rows.

Spares live in a window of their own that is never shown; a taken card is moved into its page
(and into that window's focus chain at its end, as a card made there would be).

A spare is also painted once, into a scratch pixmap, when it is made. PySide looks up, per
object and per C++ virtual method, whether Python overrides it, the first time Qt calls that
method on that object (about 6,000 instructions a lookup, then a cached answer); a card's two
dozen widgets meet most of their virtual methods (event, paintEvent, the size questions) in their
first layout and paint. Unpainted spares left those lookups to the switch (they were 15 % of
its instructions; painting the spares ahead took 12 % off a switch to a page not built yet,
measured with bench/probe_switch_instructions.py).
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QWidget

from workbench.rubric.model import Item, Rules
from workbench.ui.review.indicator_page import ItemCard

SPARES = 4  # about the cards that fill the page area on a laptop's screen
PAINTED_AT = QSize(500, 300)  # about a card's size on a laptop's page (the page area ~500 px wide)


class CardPool:
    def __init__(self, lang: str, size: int = SPARES) -> None:
        self.lang, self.size = lang, size
        self._rules: Rules | None = None
        self._spares: list[ItemCard] = []
        self._holder: QWidget | None = None

    def use_rules(self, rules: Rules) -> None:
        """Cards for a school under these rules (a card's method boxes are made with it)."""
        if self._rules is None or rules.methods != self._rules.methods:
            self.clear()
        self._rules = rules

    def short(self) -> bool:
        """True while a spare is missing (a step for a quiet turn)."""
        return self._rules is not None and len(self._spares) < self.size

    def make_one(self) -> None:
        if self._rules is None:
            return
        if self._holder is None:
            self._holder = QWidget()  # a hidden window of their own
        card = ItemCard(None, self._rules, self.lang, self._holder)
        card.ensurePolished()  # the style's look, once, here rather than at the first show
        card.resize(PAINTED_AT)  # every child placed, so that every child is painted
        card.render(QPixmap(card.size()))  # PySide's first-call lookups, here (see above)
        self._spares.append(card)

    def take(self, item: Item, rules: Rules, parent: QWidget) -> ItemCard:
        """A card for `item` in `parent`: a spare bound to it, or a new one when none is left."""
        if not self._spares or self._rules is None or rules.methods != self._rules.methods:
            return ItemCard(item, rules, self.lang, parent)
        card = self._spares.pop(0)
        card.setParent(parent)
        card.rules = rules
        card.bind(item)
        return card

    def clear(self) -> None:
        self._spares.clear()
        if self._holder is not None:
            self._holder.deleteLater()
            self._holder = None
