"""Help › User guide: the offline guide (resources/guide/guide.<lang>.md, shipped with the
program) in a read-only QTextBrowser, with the version and the data folder. Links leave the
program only when the user says so; the guide's sections are listed beside it."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

from PySide6.QtCore import QEvent, QStringListModel, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from workbench.resources import resource
from workbench.ui.screen_fit import fit_to_screen


def guide_path(lang: str) -> Path:
    """The guide in `lang` (zh_CN, en); English for any other language."""
    return resource("guide", f"guide.{'zh_CN' if lang == 'zh_CN' else 'en'}.md")


def program_version() -> str:
    try:
        return metadata.version("workbench")
    except metadata.PackageNotFoundError:  # a frozen build without metadata
        return "—"


def sections(markdown: str) -> list[str]:
    """The guide's section titles (its `## ` headings), in order."""
    return [line[3:].strip() for line in markdown.splitlines() if line.startswith("## ")]


class GuideWindow(QDialog):
    def __init__(self, lang: str, data_folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guideWindow")
        self.lang, self.data_folder = lang, Path(data_folder)
        self.link_box: QMessageBox | None = None
        lay = QVBoxLayout(self)
        head = QHBoxLayout()
        self.info = QLabel(self)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.info.setWordWrap(True)
        self.open_folder = QPushButton(self)
        self.open_folder.setAutoDefault(False)
        self.open_folder.clicked.connect(self._open_data_folder)
        head.addWidget(self.info, 1)
        head.addWidget(self.open_folder)
        lay.addLayout(head)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        self.toc_model = QStringListModel(self)
        self.toc = QListView(split)
        self.toc.setModel(self.toc_model)
        self.toc.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.toc.clicked.connect(lambda idx: self.show_section(idx.data()))
        self.browser = QTextBrowser(split)
        self.browser.setReadOnly(True)
        self.browser.setOpenLinks(False)  # every link comes to _link: nothing opens by itself
        self.browser.setOpenExternalLinks(False)
        self.browser.anchorClicked.connect(self._link)
        split.addWidget(self.toc)
        split.addWidget(self.browser)
        split.setStretchFactor(1, 1)
        split.setSizes([220, 700])
        lay.addWidget(split, 1)
        self.retranslate()
        self.load()
        fit_to_screen(self, (1000, 720))

    def load(self) -> None:
        text = guide_path(self.lang).read_text(encoding="utf-8")
        self.browser.setMarkdown(text)
        self.toc_model.setStringList(sections(text))

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("User guide"))
        self.info.setText(self.tr("Workbench version %1 · data folder: %2")
                          .replace("%1", program_version()).replace("%2", str(self.data_folder)))
        self.open_folder.setText(self.tr("Open data folder"))

    def set_language(self, lang: str) -> None:
        if lang != self.lang:
            self.lang = lang
            self.load()

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802 - Qt override
        if e.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(e)

    def show_section(self, title: str) -> bool:
        """Scroll the guide so that section `title` is at the top."""
        doc = self.browser.document()
        block = doc.begin()
        while block.isValid():
            if block.blockFormat().headingLevel() and block.text().strip() == title:
                y = doc.documentLayout().blockBoundingRect(block).top()
                self.browser.verticalScrollBar().setValue(int(y))
                return True
            block = block.next()
        return False

    def _open_data_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.data_folder)))

    def _link(self, url: QUrl) -> None:
        """In-guide anchors scroll; a web or mail link is opened only after asking."""
        if not url.scheme() and url.hasFragment():
            self.browser.scrollToAnchor(url.fragment())
            return
        if url.scheme() not in ("http", "https", "mailto"):
            return  # a file or anything else: never opened from the guide
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Open link"),
                          self.tr("Open this address outside the workbench?\n%1").replace("%1", url.toString()),
                          QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("guideLinkQuestion")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.accepted.connect(lambda: QDesktopServices.openUrl(url))
        self.link_box = box
        box.open()
