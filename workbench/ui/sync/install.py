"""Wires sync into the main window: the 同步 / Sync menu and the status item (one call, so
the main window stays a wiring file)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMainWindow, QMenu

from workbench.ui.sync.controller import SyncController
from workbench.ui.sync.status_item import SyncStatusItem

FIRST_READ_DELAY_MS = 3000


class SyncUi(QObject):
    """The menu, the status item and the dialogs they open, around one SyncController."""

    def __init__(self, window: QMainWindow, menu: QMenu, ws: Any) -> None:
        super().__init__(window)
        self.window, self.menu = window, menu
        self.controller = SyncController(ws, parent=self)
        self.status = SyncStatusItem(self.controller)
        window.statusBar().addPermanentWidget(self.status)
        self.status.clicked.connect(self.open_panel)
        self.act_now = menu.addAction("", self.sync_now)
        self.act_panel = menu.addAction("", self.open_panel)
        menu.addSeparator()
        self.act_settings = menu.addAction("", self.open_settings)
        self.act_start = menu.addAction("", self.open_panel_hub)
        self.act_join = menu.addAction("", self.open_join)
        menu.addSeparator()
        from workbench.ui.sync.bundle_actions import BundleActions

        self.bundles = BundleActions(window, ws)
        self.act_bundle_export = menu.addAction("", self.bundles.ask_export)
        self.act_bundle_import = menu.addAction("", self.bundles.ask_import)
        self.controller.failed.connect(lambda m: window.statusBar().showMessage(m, 10000))
        self.dialogs: dict[str, Any] = {}
        self.retranslate()
        # the first outbox read a little later: start-up work (a first import, the review view) goes first
        QTimer.singleShot(FIRST_READ_DELAY_MS, self._first_read)
        self.controller.start_timer()

    def _first_read(self) -> None:
        importer = getattr(self.window, "importer", None)
        if importer is not None and importer.busy():  # a package import has the machine: wait for it
            QTimer.singleShot(FIRST_READ_DELAY_MS, self._first_read)
            return
        self.controller.refresh()

    def retranslate(self) -> None:
        self.menu.setTitle(QCoreApplication.translate("SyncMenu", "&Sync"))
        self.act_now.setText(QCoreApplication.translate("SyncMenu", "Sync now"))
        self.act_panel.setText(QCoreApplication.translate("SyncMenu", "Outbox and conflicts…"))
        self.act_settings.setText(QCoreApplication.translate("SyncMenu", "Hub settings…"))
        self.act_start.setText(QCoreApplication.translate("SyncMenu", "Start panel hub (chair)…"))
        self.act_join.setText(QCoreApplication.translate("SyncMenu", "Join a hub nearby…"))
        self.act_bundle_export.setText(QCoreApplication.translate("SyncMenu", "Export USB sync bundle…"))
        self.act_bundle_import.setText(QCoreApplication.translate("SyncMenu", "Import USB sync bundle…"))
        self.status.update_text()

    def sync_now(self) -> None:
        c = self.controller
        if c.passphrase is None:
            text, ok = QInputDialog.getText(self.window, QCoreApplication.translate("SyncMenu", "Sync"), QCoreApplication.translate("SyncMenu", "Passphrase of your signing identity:"),
                                            QLineEdit.EchoMode.Password)
            if not ok:
                return
            c.passphrase = text
        c.sync_now()

    def _show(self, key: str, make: Any) -> None:
        d = self.dialogs.get(key)
        if d is None:
            d = self.dialogs[key] = make()
        d.show()
        d.raise_()

    def open_panel(self) -> None:
        from workbench.ui.sync.sync_panel import SyncPanel
        self._show("panel", lambda: SyncPanel(self.controller, self.window))

    def open_settings(self) -> None:
        from workbench.ui.sync.hub_settings import HubSettingsDialog
        self._show("settings", lambda: HubSettingsDialog(self.controller, self.window))

    def open_panel_hub(self) -> None:
        from workbench.ui.sync.lan_dialogs import PanelHubDialog
        self._show("panel_hub", lambda: PanelHubDialog(self.controller, self.window))

    def open_join(self) -> None:
        from workbench.ui.sync.lan_dialogs import JoinHubDialog
        self.dialogs.pop("join", None)  # a fresh search each time
        self._show("join", lambda: JoinHubDialog(self.controller, self.window))

    def shutdown(self) -> None:
        self.controller.shutdown()
