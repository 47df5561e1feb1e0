"""The hub settings dialog: the hubs this laptop syncs with, each with its pinned fingerprint."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench.signing.certs import format_fingerprint
from workbench.sync import settings
from workbench.ui.screen_fit import fit_to_screen
from workbench.ui.sync.controller import SyncController


class HubSettingsDialog(QDialog):
    def __init__(self, controller: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hubSettings")
        self.controller = controller
        self.setWindowTitle(self.tr("Hub settings"))
        self.hubs: list[settings.HubSetting] = []
        self.list_model = QStringListModel(self)
        self.list = QListView()
        self.list.setModel(self.list_model)
        self.list.clicked.connect(self._pick)
        self.url, self.fp = QLineEdit(), QLineEdit()
        self.url.setObjectName("hubUrl")
        self.fp.setObjectName("hubFingerprint")
        self.url.setPlaceholderText("http://192.168.1.20:8470")
        self.fp.setPlaceholderText(self.tr("64 hexadecimal digits, as the hub's screen shows them"))
        self.fp.setFont(QFont("monospace"))
        self.error = QLabel()
        self.error.setObjectName("hubSettingsError")
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Address:"), self.url)
        form.addRow(self.tr("Fingerprint:"), self.fp)
        self.btn_save, self.btn_remove = QPushButton(self.tr("Save")), QPushButton(self.tr("Remove"))
        self.btn_save.clicked.connect(self.save)
        self.btn_remove.clicked.connect(self.remove)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.btn_save, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.btn_remove, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.tr("Hubs this laptop sends to and fetches from, in order:")))
        lay.addWidget(self.list)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        fit_to_screen(self, (640, 420))
        self.load()

    def load(self) -> None:
        self.controller.run(settings.hubs, self.controller.ws, on_done=self._loaded, on_error=self._err)

    def _loaded(self, hubs: list[settings.HubSetting]) -> None:
        self.hubs = hubs
        unpinned = self.tr("not pinned")
        self.list_model.setStringList([f"{h.name or h.url}  ·  {h.url}  ·  "
                                       f"{format_fingerprint(h.fingerprint)[:19] if h.fingerprint else unpinned}"
                                       for h in hubs])

    def _pick(self, index) -> None:  # noqa: ANN001 - QModelIndex
        h = self.hubs[index.row()]
        self.url.setText(h.url)
        self.fp.setText(format_fingerprint(h.fingerprint) if h.fingerprint else "")

    def _err(self, e: BaseException) -> None:
        self.error.setText(self.controller.error_line(e))
        self.error.setToolTip(self.controller.last_error_detail)

    def save(self) -> None:
        self.error.clear()
        fp = self.fp.text().strip() or None
        self.controller.run(settings.add_hub, self.controller.ws, self.url.text(), fp,
                            on_done=lambda _h: self.load(), on_error=self._err)

    def remove(self) -> None:
        self.error.clear()
        self.controller.run(settings.remove_hub, self.controller.ws, self.url.text(),
                            on_done=lambda _h: self.load(), on_error=self._err)
