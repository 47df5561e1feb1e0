"""The page for one B-indicator: per item the requirement, the score, checklist, methods,
the school's self-assessment, fact-check warnings and a note.

The page only reports what the reviewer did (signals) and shows what the session holds
(`refresh`); the view turns edits into undoable commands, so the page has no rules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from decimal import ROUND_DOWN, Decimal

from PySide6.QtCore import QEvent, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from workbench.decimals import fmt
from workbench.rubric.model import Indicator, Item, Rules
from workbench.ui.review.check_rows import CheckRows
from workbench.ui.review.note_preview import NotePreview
from workbench.ui.review.plain_label import SelectableOnHover, WrapLabel
from workbench.ui.review.score_spin import ScoreSpinBox
from workbench.ui.review.session import ReviewSession
from workbench.ui.review.style import NOTICE, WARNING, compact, draw_frame_line, tint


def bold_font(base: QFont) -> QFont:
    """The font of a card's item id."""
    bold = QFont(base)
    bold.setBold(True)
    return bold


def title_font(base: QFont) -> QFont:
    """The font of a page's title (the indicator's id and title)."""
    big = QFont(base)
    big.setPointSizeF(15)
    big.setBold(True)
    return big


def hint_without_wrapping(widget: QWidget) -> QSize:
    """What QWidget.sizeHint gives for a widget with a layout, less one step: for a layout
    whose items wrap text, Qt also lays all of it out at the hint's own width to give the
    hint's height. Cards and pages are always laid out at the width of the page area, by
    heightForWidth, so that height was a layout of every text at a width no page has (the
    widest card's one-line methods row, ~900 pixels): one wasted wrapping of every text per
    switch to a page not built yet."""
    m = widget.contentsMargins()
    return widget.layout().sizeHint() + QSize(m.left() + m.right(), m.top() + m.bottom())


class ItemCard(QFrame):
    """One scored requirement (B<n>.<k>).

    Made in two parts: the widgets every card has (`ItemCard(None, rules, lang)`, which a
    `CardPool` makes ahead, before anyone knows which item will need it), then `bind(item)`
    for the item's own texts, limits and checklist rows. `ItemCard(item, rules, lang)` does both.
    """

    scoreEdited = Signal(str, object)  # item id, Decimal | None
    noteEdited = Signal(str, str)
    checkToggled = Signal(str, int, bool)
    methodsEdited = Signal(str, object)  # item id, tuple[str, ...]
    noteLeft = Signal()  # focus left the note's editor (its editing session ends)

    def __init__(self, item: Item | None, rules: Rules, lang: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.item: Item = item  # type: ignore[assignment] - set by bind() before any use
        self.rules, self.lang = rules, lang
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("itemCard")
        lay = QVBoxLayout(self)
        lay.setSpacing(4)

        head = QHBoxLayout()
        # Plain text everywhere on a card: a label with rich text, or one the mouse can select,
        # keeps a QTextDocument and lays it all out again at every height-for-width question
        # (40% of a switch to a new page went there). Bold comes from the font instead.
        self.ident_label = QLabel(self)
        self.ident_label.setTextFormat(Qt.TextFormat.PlainText)
        self.ident_label.setFont(bold_font(self.ident_label.font()))
        self.max_label = QLabel(self)
        self.self_label = QLabel(self)
        self.self_label.setToolTip(self.tr("The score the school gave itself in its application"))
        # may be cut short on a narrow page rather than forcing a horizontal scroll bar
        self.self_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.self_label.setMinimumWidth(70)
        head.addWidget(self.ident_label)
        head.addWidget(self.max_label)
        head.addStretch(1)
        lay.addLayout(head)

        self.text_label = SelectableOnHover(self)
        lay.addWidget(self.text_label)

        self.warning_label = QLabel(self)
        self.warning_label.setWordWrap(True)
        tint(self.warning_label, WARNING, 3)
        self.warning_label.hide()
        lay.addWidget(self.warning_label)

        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Score:"), self))
        self.spin = ScoreSpinBox(Decimal(0), self)
        self.spin.valueChanged.connect(lambda _v: self.scoreEdited.emit(self.item.id, self.spin.decimal_value()))
        row.addWidget(self.spin)
        self._values: dict[QPushButton, Decimal | None] = {}  # what each quick button sets
        self.full_button = self._quick(row, self.tr("Full"))
        self.half_button = self._quick(row, self.tr("Half"))
        self.zero_button = self._quick(row, self.tr("Zero"))
        self.clear_button = self._quick(row, self.tr("Clear"))
        self.clear_button.setToolTip(self.tr("Mark as not scored"))
        row.addSpacing(12)
        row.addWidget(self.self_label, 1)  # takes the free width; cut short when narrow
        lay.addLayout(row)

        # what the score field changed or refused (full-width digits, off-grid values)
        self.notice_label = QLabel(self)
        self.notice_label.setWordWrap(True)
        tint(self.notice_label, NOTICE, 2)
        self.notice_label.hide()
        self.spin.notice.connect(self._show_notice)
        lay.addWidget(self.notice_label)

        # the checklist rows and the methods: one widget each, drawing its boxes (check_rows.py)
        self.checklist = CheckRows(self, spacing=lay.spacing())
        self.checklist.toggled.connect(lambda i, on: self.checkToggled.emit(self.item.id, i, on))
        lay.addWidget(self.checklist)
        self.method_ids = [m.id for m in rules.methods]
        self.methods = CheckRows(self, flow=True, lead=self.tr("Methods:"), spacing=10)
        self.methods.set_texts([m.title.get(lang) for m in rules.methods])
        self.methods.toggled.connect(self._methods_toggled)
        lay.addWidget(self.methods)

        # the note: a cheap preview until the reviewer goes there, then the editor (note_preview.py)
        self._note_editor: QPlainTextEdit | None = None
        self._preview = NotePreview(self.tr("Note for this item"), self)
        self._preview.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self._preview.opened.connect(self._open_note)
        self.note_stop: QWidget = self._preview  # the note's Tab stop: the preview, then the editor
        lay.addWidget(self._preview)
        if item is not None:
            self.bind(item)

    def bind(self, item: Item) -> None:
        """Make this card the card of `item` (once: a card is never bound twice)."""
        self.item, lang, rules = item, self.lang, self.rules
        self.ident_label.setText(item.id)
        self.max_label.setText(self.tr("max {points}").format(points=fmt(item.points)))
        self.text_label.setText(item.text.get(lang))
        self.spin.set_maximum(item.points)
        self.spin.setToolTip(self.tr("0 to {max} in steps of 0.5; — means not scored").format(
            max=fmt(item.points)))
        half = (item.points / 2 / rules.score_step).to_integral_value(ROUND_DOWN) * rules.score_step
        for button, value in ((self.full_button, item.points), (self.half_button, half),
                              (self.zero_button, Decimal(0))):
            self._values[button] = value
            button.setToolTip(fmt(value))
        same = len(item.checklist) == 1 and item.checklist[0].zh == item.text.zh
        self.checklist.set_texts([self.tr("Verified on site as written") if same else entry.get(lang)
                                  for entry in item.checklist])
        self.order_tabs(None)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return hint_without_wrapping(self)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if not draw_frame_line(self):  # Fusion's frame line, drawn cheaply (style.py)
            super().paintEvent(event)

    def tab_stops(self) -> list[QWidget]:
        """The card's fields in Tab order: score, its buttons, checklist, methods, note (Tab
        walks the checklist's and the methods' entries inside their widgets)."""
        checks = [self.checklist] if self.checklist.texts else []
        return [self.spin, self.full_button, self.half_button, self.zero_button, self.clear_button,
                *checks, self.methods, self.note_stop]

    def order_tabs(self, after: QWidget | None) -> None:
        """Put the fields in Tab order, after `after` (the card above's note): a card made
        later than its page, or ahead in a window of its own, would otherwise be reached
        from the end of the window's focus chain, and its checklist after its note."""
        for w in self.tab_stops():
            if after is not None:
                QWidget.setTabOrder(after, w)
            after = w

    @property
    def note(self) -> QPlainTextEdit:
        """The note's editor, made now if the card still shows its preview."""
        return self._open_note(None, None)

    def has_note_editor(self) -> bool:
        return self._note_editor is not None

    def _open_note(self, reason: Qt.FocusReason | None, at: QPoint | None) -> QPlainTextEdit:
        """Put the editor in the preview's place (layout slot, Tab stop, focus if it had it);
        `at`, a point in the preview, is where a click puts the cursor."""
        ed = self._note_editor
        if ed is None:
            pre = self._preview
            ed = self._note_editor = QPlainTextEdit(self)
            ed.setPlaceholderText(pre.hint)
            ed.setFixedHeight(pre.maximumHeight())
            ed.setTabChangesFocus(True)
            ed.setPlainText(pre.text)
            ed.moveCursor(ed.textCursor().MoveOperation.End)
            ed.textChanged.connect(lambda: self.noteEdited.emit(self.item.id, ed.toPlainText()))
            ed.installEventFilter(self)  # focus-out ends the note's editing session
            self.layout().replaceWidget(pre, ed)
            ed.setGeometry(pre.geometry())
            QWidget.setTabOrder(pre, ed)
            self.note_stop = ed
            if self.isVisible():
                ed.show()  # (a child added to a shown widget stays hidden until shown)
            if pre.hasFocus() or reason is not None:
                ed.setFocus(reason if reason is not None else Qt.FocusReason.OtherFocusReason)
            pre.hide()  # (no focus proxy to the editor: hiding or deleting it would clear its focus)
            pre.deleteLater()
        if at is not None:  # the editor has the preview's geometry: the same point in it
            ed.setTextCursor(ed.cursorForPosition(ed.viewport().mapFrom(ed, at)))
        return ed

    def eventFilter(self, obj, event) -> bool:  # noqa: N802, ANN001 - Qt's names
        if (obj is self._note_editor and event.type() == QEvent.Type.FocusOut
                and event.reason() != Qt.FocusReason.PopupFocusReason):
            self.noteLeft.emit()  # (a context menu over the note does not end the typing)
        return super().eventFilter(obj, event)

    def _quick(self, row: QHBoxLayout, text: str) -> QPushButton:
        b = QPushButton(text, self)
        b.setAutoDefault(False)
        compact(b, 10)  # as wide as the text: the page is narrow
        self._values[b] = None  # Clear's; bind() sets the others'
        b.clicked.connect(lambda: self.scoreEdited.emit(self.item.id, self._values[b]))
        row.addWidget(b)
        return b

    def _show_notice(self, text: str) -> None:
        self.notice_label.setText(("ⓘ " + text) if text else "")
        self.notice_label.setVisible(bool(text))

    def _methods_toggled(self) -> None:
        chosen = tuple(mid for i, mid in enumerate(self.method_ids) if self.methods.is_checked(i))
        self.methodsEdited.emit(self.item.id, chosen)

    def refresh(self, s: ReviewSession, lang: str) -> None:
        iid = self.item.id
        if self.spin.decimal_value() != s.scores.get(iid):
            self.spin.set_decimal(s.scores.get(iid))
        mine = s.scores.get(iid)
        own = s.self_assessed(iid)
        text = self.tr("Self-assessed: {v}").format(v=fmt(own) if own is not None else "—")
        if own is not None and mine is not None and own != mine:
            text += f"  (Δ {fmt(own - mine)})"
        self.self_label.setText(text)
        warns = s.warnings_for(iid)
        self.warning_label.setVisible(bool(warns))
        self.warning_label.setText("\n".join("⚠ " + w.message.get(lang) for w in warns))
        note = s.notes.get(iid, "")
        ed = self._note_editor
        if ed is None:
            self._preview.set_text(note)
        elif ed.toPlainText() != note:
            old = ed.blockSignals(True)
            ed.setPlainText(note)
            ed.moveCursor(ed.textCursor().MoveOperation.End)
            ed.blockSignals(old)
        checked = s.checks.get(iid, frozenset())
        for i in range(len(self.checklist.texts)):
            self.checklist.set_checked(i, i in checked)
        used = set(s.methods.get(iid, ()))
        for i, mid in enumerate(self.method_ids):
            self.methods.set_checked(i, mid in used)


class _Cards(Mapping[str, ItemCard]):
    """The page's cards by item id, all of them: a card not built yet is built at once when
    asked for (with the ones above it), so a jump to a card (undo, a test, the live refresh)
    never misses it. `in` and `len` build nothing."""

    def __init__(self, page: IndicatorPage) -> None:
        self._page = page

    def __getitem__(self, item_id: str) -> ItemCard:
        page = self._page
        if item_id not in page.built:
            if not any(it.id == item_id for it in page.pending):
                raise KeyError(item_id)
            page.build_until(item_id)
        return page.built[item_id]

    def __contains__(self, item_id: object) -> bool:
        return any(it.id == item_id for it in self._page.indicator.items)

    def __iter__(self) -> Iterator[str]:
        return (it.id for it in self._page.indicator.items)

    def __len__(self) -> int:
        return len(self._page.indicator.items)


class IndicatorPage(QWidget):
    """All items of one indicator, stacked, with a header that shows the subtotal.

    With `build_now=False` only the header is made; `build_step()` adds one item's card at
    a time (pages built ahead at idle take one card per event-loop turn; a page shown before
    it is whole gets the cards that fit on screen at once, the rest in the following turns)
    and `finish()` adds the rest at once. `on_card` is called with each card as it is made
    (the view connects its signals there); `make_card(item, page)` makes one (the view's takes
    a spare from its `CardPool`). `cards` has every card (building on demand); `built` only
    those made so far.
    """

    #: the last card was built
    completed = Signal()

    def __init__(self, indicator: Indicator | None, session: ReviewSession, lang: str,
                 parent: QWidget | None = None, *, on_card: Callable[[ItemCard], object] | None = None,
                 build_now: bool = True,
                 make_card: Callable[[Item, QWidget], ItemCard] | None = None) -> None:
        super().__init__(parent)
        self.indicator, self.session, self.lang = indicator, session, lang
        self._on_card = on_card
        self._make_card = make_card or (lambda item, page: ItemCard(item, session.rubric.rules, lang, page))
        self._lay = lay = QVBoxLayout(self)
        # The header in plain labels, for the reason the cards' labels are plain (see ItemCard)
        self.area_label = WrapLabel(self)
        grey = self.area_label.palette()
        grey.setColor(QPalette.ColorRole.WindowText, QColor("#555555"))
        self.area_label.setPalette(grey)
        lay.addWidget(self.area_label)
        head = QHBoxLayout()
        self.title = WrapLabel(self)  # the indicator's id and title
        self.title.setFont(title_font(self.title.font()))
        self.subtotal = QLabel(self)  # "12 of 20 points"
        self.subtotal.setTextFormat(Qt.TextFormat.PlainText)
        head.addWidget(self.title, 1)
        head.addWidget(self.subtotal, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom)
        lay.addLayout(head)
        self.built: dict[str, ItemCard] = {}
        self.cards: Mapping[str, ItemCard] = _Cards(self)
        self.pending: list[Item] = []
        lay.addStretch(1)  # the cards go above it
        if indicator is not None:
            self.bind(indicator, build_now)

    def bind(self, indicator: Indicator, build_now: bool = False) -> None:
        """Make this page (made ahead with no indicator, as a spare) the page of `indicator`
        (once: a page is never bound twice)."""
        self.indicator = indicator
        self.pending = list(indicator.items)
        self.refresh()
        if build_now:
            self.finish()

    def complete(self) -> bool:
        return not self.pending

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return hint_without_wrapping(self)

    def build_step(self) -> bool:
        """Add the next item's card, showing the session's values; True while more remain."""
        if self.pending:
            item = self.pending.pop(0)
            card = self._make_card(item, self)
            if self.built:
                card.order_tabs(next(reversed(self.built.values())).note_stop)
            self.built[item.id] = card
            self._lay.insertWidget(self._lay.count() - 1, card)
            card.refresh(self.session, self.lang)
            if self._on_card is not None:
                self._on_card(card)
            if self.isVisible():
                self._grow(card)
            if not self.pending:
                self.completed.emit()
        return bool(self.pending)

    def _grow(self, card: ItemCard) -> None:
        """A card added to a page on screen is shown at once, and the page made tall enough
        for it before its layout runs: a layout short of room squeezes every card below its
        height (their rows painted over each other) until the scroll area grows the page."""
        card.show()
        h = self._lay.totalHeightForWidth(self.width())
        if h > self.height():
            self.resize(self.width(), h)

    def build_until(self, item_id: str) -> None:
        """Build the cards down to `item_id`'s (a jump to it), shown and laid out at once."""
        while item_id not in self.built and self.build_step():
            pass
        self._place_now()

    def _place_now(self) -> None:
        """Cards added to a page on screen are shown at once (_grow) but laid out at the next
        event-loop turn: a jump to one (focus, scrolling to it) needs them placed now."""
        if self.isVisible():
            QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)

    def finish(self) -> None:
        while self.build_step():
            pass

    def fill(self, width: int, height: int) -> None:
        """Build cards until they fill `height` at `width` (what is on screen when the page
        shows at the top); the rest can follow one per event-loop turn."""
        while self.pending and (not self.built or self._lay.totalHeightForWidth(width) < height):
            self.build_step()

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002 - Qt's names
        """Tab from the last card built goes to the next card, not out of the page."""
        if next and self.pending:
            self.finish()
            self._place_now()
        return super().focusNextPrevChild(next)

    def refresh(self, item_id: str | None = None) -> None:
        s, b = self.session, self.indicator
        area = s.rubric.area(b.area_id)
        sub = fmt(s.result.indicators[b.id]) if s.status(b) != "none" else "—"
        self.area_label.setText(f"{area.id} {area.title.get(self.lang)}")
        self.title.setText(f"{b.id} {b.title.get(self.lang)}")
        self.subtotal.setText(self.tr("{score} of {points} points").format(score=sub, points=fmt(b.points)))
        for iid, card in self.built.items():
            if item_id is None or item_id == iid or item_id == "":
                card.refresh(s, self.lang)
