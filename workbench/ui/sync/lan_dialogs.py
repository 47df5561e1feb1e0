"""The panel hub on the school's Wi-Fi: the chair starts it (and shows its fingerprint large,
in groups of four); a member lists hubs found nearby and joins one after typing the first
groups of the fingerprint from the chair's screen (workbench.sync.lan checks them)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QStringListModel
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench.sync import lan
from workbench.sync.panel_hub import start_panel_hub
from workbench.ui.screen_fit import fit_to_screen
from workbench.ui.sync.controller import SyncController


def fingerprint_block(fp: str) -> str:
    """Sixteen groups of four as four lines, for reading aloud across a room."""
    groups = [fp[i:i + 4] for i in range(0, len(fp), 4)]
    return "\n".join(" ".join(groups[i:i + 4]) for i in range(0, len(groups), 4))


def _big_mono(points: int) -> QFont:
    f = QFont("monospace")
    f.setStyleHint(QFont.StyleHint.Monospace)
    f.setPointSize(points)
    f.setBold(True)
    return f


class PanelHubDialog(QDialog):
    """The chair's dialog: start or stop the panel hub; its address and fingerprint, large."""

    def __init__(self, controller: SyncController, parent: QWidget | None = None, *,
                 start: Callable[..., Any] = start_panel_hub, **start_kw: Any) -> None:
        super().__init__(parent)
        self.setObjectName("panelHubDialog")
        self.controller, self._start, self._start_kw = controller, start, start_kw
        self.setWindowTitle(self.tr("Panel hub on this laptop"))
        self.intro = QLabel(self.tr("Start the panel hub so that the members' laptops on this Wi-Fi can send "
                                    "their sheets here, without internet. Each member checks the fingerprint "
                                    "below before joining."))
        self.intro.setWordWrap(True)
        self.address = QLabel()
        self.address.setObjectName("panelHubAddress")
        self.fingerprint = QLabel()
        self.fingerprint.setObjectName("panelHubFingerprint")
        self.fingerprint.setFont(_big_mono(22))
        self.fingerprint.setTextInteractionFlags(self.fingerprint.textInteractionFlags())
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.btn = QPushButton()
        self.btn.setObjectName("panelHubToggle")
        self.btn.clicked.connect(self.toggle)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        for w in (self.intro, self.address, self.fingerprint, self.status):
            lay.addWidget(w)
        lay.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.btn)
        row.addStretch(1)
        row.addWidget(buttons)
        lay.addLayout(row)
        self.task = None
        fit_to_screen(self, (720, 440))
        self.show_state()

    def show_state(self) -> None:
        ph = self.controller.panel_hub
        if ph is None:
            self.btn.setText(self.tr("Start panel hub"))
            self.address.setText(self.tr("Not running."))
            self.fingerprint.setText("")
        else:
            self.btn.setText(self.tr("Stop panel hub"))
            self.address.setText(self.tr("Address: %1   Members enrolled: %2").replace("%1", ph.url)
                                 .replace("%2", str(len(ph.enrolled))))
            self.fingerprint.setText(fingerprint_block(ph.fingerprint))
        self.btn.setEnabled(self.task is None)

    def toggle(self) -> None:
        c = self.controller
        if c.panel_hub is not None:
            ph, c.panel_hub = c.panel_hub, None
            self.task = c.reads.submit(ph.stop, on_done=self._done, on_error=self._error)
        else:
            self.status.setText(self.tr("Starting the panel hub…"))
            self.task = c.reads.submit(self._start, c.ws, on_done=self._started, on_error=self._error,
                                       **self._start_kw)
        self.show_state()

    def _started(self, ph: Any) -> None:
        self.controller.panel_hub = ph
        self.status.setText(self.tr("Announced on this network. Members: Sync › Join a hub nearby…"))
        self._done(None)
        self.controller.refresh()

    def _done(self, _v: Any) -> None:
        self.task = None
        self.show_state()

    def _error(self, e: BaseException) -> None:
        self.task = None
        self.status.setText(self.controller.error_line(e))
        self.status.setToolTip(self.controller.last_error_detail)
        self.show_state()


class JoinHubDialog(QDialog):
    """A member's dialog: hubs found nearby; join one after typing its fingerprint's first groups."""

    def __init__(self, controller: SyncController, parent: QWidget | None = None, *,
                 browse: Callable[..., list[lan.FoundHub]] = lan.browse, **browse_kw: Any) -> None:
        super().__init__(parent)
        self.setObjectName("joinHubDialog")
        self.controller, self._browse, self._browse_kw = controller, browse, browse_kw
        self.setWindowTitle(self.tr("Join a hub nearby"))
        self.found: list[lan.FoundHub] = []
        self.list_model = QStringListModel(self)
        self.list = QListView()
        self.list.setObjectName("nearbyHubs")
        self.list.setModel(self.list_model)
        self.list.selectionModel().selectionChanged.connect(lambda *_: self._buttons())
        self.btn_search = QPushButton(self.tr("Search again"))
        self.btn_search.clicked.connect(self.search)
        self.help = QLabel(self.tr("Type the first four groups of the fingerprint that the chair's screen shows. "
                                   "Join only when they match: a hub with another fingerprint is refused."))
        self.help.setWordWrap(True)
        self.typed = QLineEdit()
        self.typed.setObjectName("typedFingerprint")
        self.typed.setFont(_big_mono(16))
        self.typed.setPlaceholderText("abcd ef01 2345 6789")
        self.typed.textChanged.connect(lambda _t: self._buttons())
        self.result = QLabel()
        self.result.setObjectName("joinResult")
        self.result.setWordWrap(True)
        self.btn_join = QPushButton(self.tr("Join"))
        self.btn_join.setObjectName("joinButton")
        self.btn_join.clicked.connect(self.join)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.btn_join, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Hubs on this network:")))
        top.addStretch(1)
        top.addWidget(self.btn_search)
        lay.addLayout(top)
        lay.addWidget(self.list, 1)
        lay.addWidget(self.help)
        lay.addWidget(self.typed)
        lay.addWidget(self.result)
        lay.addWidget(buttons)
        fit_to_screen(self, (640, 460))
        self.busy = False
        self.joined: str | None = None
        self.search()

    def selected(self) -> lan.FoundHub | None:
        rows = self.list.selectionModel().selectedRows()
        return self.found[rows[0].row()] if rows else None

    def _buttons(self) -> None:
        enough = len(lan.normalise_typed(self.typed.text())) >= lan.MIN_TYPED_HEX
        self.btn_join.setEnabled(not self.busy and self.selected() is not None and enough)
        self.btn_search.setEnabled(not self.busy)

    def search(self) -> None:
        self.busy = True
        self.result.setText(self.tr("Looking for hubs on this network…"))
        self.controller.reads.submit(self._browse, on_done=self._listed, on_error=self._error, **self._browse_kw)
        self._buttons()

    def _listed(self, found: list[lan.FoundHub]) -> None:
        self.busy = False
        self.found = found
        self.list_model.setStringList([
            self.tr("%1 — %2 — schools: %3").replace("%1", h.name).replace("%2", h.url)
            .replace("%3", ", ".join(h.schools) or "—") for h in found])
        if found:
            self.list.setCurrentIndex(self.list_model.index(0))
        self.result.setText(self.tr("%n hub(s) found.", "", len(found)) if found else
                            self.tr("No hub found. Is the chair's panel hub started, on the same Wi-Fi?"))
        self._buttons()

    def join(self) -> None:
        hub = self.selected()
        if hub is None:
            return
        self.busy = True
        self.result.setText(self.tr("Checking the hub's certificate…"))
        self.controller.run(lan.join, self.controller.ws, hub, self.typed.text(), on_done=self._joined,
                            on_error=self._error)
        self._buttons()

    def _joined(self, fp: str) -> None:
        self.busy = False
        self.joined = fp
        self.result.setStyleSheet("color: #2e7d32;")
        self.result.setText(self.tr("Joined: this laptop now syncs with this hub (fingerprint pinned)."))
        self._buttons()
        self.controller.sync_now()

    def _error(self, e: BaseException) -> None:
        self.busy = False
        self.result.setStyleSheet("color: #b3261e;")
        self.result.setText(self.controller.error_line(e))
        self.result.setToolTip(self.controller.last_error_detail)
        self._buttons()
