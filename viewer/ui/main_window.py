"""The main window: search as you type, results, and the monograph's panels. Keyboard first.

Search field focused at start; typing updates the results (coalesced on a zero-delay timer, so
a burst of keystrokes costs one search and typing never waits); Up/Down move through results,
Enter opens the current one, Esc clears the search, Ctrl+F or Ctrl+L return to the search
field from anywhere. Dialogs sit behind small attributes (``ask_open_path``, ``show_error``,
``show_about``) so tests replace them instead of clicking real dialogs.
"""

from __future__ import annotations

import contextlib
import html
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QProgressBar,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from viewer import __version__
from viewer.catalogue.errors import CatalogueError

if TYPE_CHECKING:
    from viewer.catalogue.store import Catalogue
    from viewer.model import CatalogueInfo, SourceEdition
    from viewer.search import NameSearch
    from viewer.ui.build_worker import BuildWorker
    from viewer.ui.monograph_view import MonographView
    from viewer.ui.results_model import ResultsModel
    from viewer.ui.text_worker import TextSearchWorker

RESULT_LIMIT = 100
MAX_RECENT = 10


def edition_summary(build_date: str, sources: tuple[SourceEdition, ...], monographs: int) -> str:
    """One line for the status bar: build date, each source's edition, and the count."""

    def describe(source: SourceEdition) -> str:
        if source.key in ("rxnorm", "drugsatfda"):
            name = "RxNorm" if source.key == "rxnorm" else "Drugs@FDA"
            return f"{name} {source.edition.split(' ')[0]}"
        if source.key in ("spl", "openfda"):
            name = "SPL" if source.key == "spl" else "openFDA"
            return f"{source.records:,} {name} labels"
        return source.key

    editions = " · ".join(describe(s) for s in sources)
    return f"Catalogue built {build_date[:10]} · {editions} · {monographs:,} monographs"


def about_text(info: CatalogueInfo | None) -> str:
    import platform
    import sqlite3

    import PySide6
    from PySide6.QtCore import qVersion

    lines = [
        f"<h3>drugview {__version__}</h3>",
        "<p>Offline drug information for clinicians. It opens no network connection.</p>",
        f"<p>Qt {qVersion()} · PySide6 {PySide6.__version__} · Python {platform.python_version()}"
        f" · SQLite {sqlite3.sqlite_version}</p>",
    ]
    if info:
        lines.append(
            f"<p>Catalogue: {info.path}<br>Built {info.build_date}, schema "
            f"{info.schema_version}, {info.monographs:,} monographs</p><ul>"
        )
        for source in info.sources:
            lines.append(
                f"<li><b>{source.title}</b>: edition {source.edition}"
                + (f" ({source.publisher})" if source.publisher else "")
                + "</li>"
            )
        lines.append("</ul>")
    else:
        lines.append("<p>No catalogue is open.</p>")
    return "".join(lines)


class MainWindow(QMainWindow):
    """The window. Built in two steps so it can be on screen before most of the app loads:
    the shell (menus, search field, status bar) at once, then the content (result list,
    monograph view) in ``build_content``, right away or, with ``defer_content``, just after
    the window is first shown. ``contentReady`` fires when the content is there.
    """

    vocabularyReady = Signal()
    contentReady = Signal()

    def __init__(
        self,
        settings: QSettings,
        today: Callable[[], date] = date.today,
        debounce_ms: int = 0,
        text_debounce_ms: int = 250,
        defer_content: bool = False,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.today = today
        self.catalogue: Catalogue | None = None
        self.status_text = ""  # the status bar's edition line
        self._search: NameSearch | None = None
        self._editions: dict = {}
        self._build_worker: BuildWorker | None = None
        self._text_worker: TextSearchWorker | None = None
        self._warming_up = False
        self.did_you_mean: str | None = None
        self.recent_searches: list[str] = []
        self.content_ready = False
        self.results_model: ResultsModel | None = None
        self.monograph_view: MonographView | None = None

        # dialogs, behind attributes tests can replace
        self.ask_open_path: Callable[[], str | None] = self._ask_open_path
        self.show_error: Callable[[str, str], None] = self._show_error
        self.show_about: Callable[[str, str], None] = self._show_about

        self.setWindowTitle("drugview")
        self._build_shell()
        self._build_actions()
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(debounce_ms)
        self.search_timer.timeout.connect(self.run_search)
        # The text tier waits for a pause in typing, then runs in its own thread.
        self.text_timer = QTimer(self)
        self.text_timer.setSingleShot(True)
        self.text_timer.setInterval(text_debounce_ms)
        self.text_timer.timeout.connect(self._request_text_search)
        self.search_field.textChanged.connect(self._on_text_changed)
        self.vocabularyReady.connect(self._on_vocabulary_ready)
        self.search_field.installEventFilter(self)
        self._restore_shell_settings()
        self.search_field.setFocus()
        self._defer_content = defer_content
        if not defer_content:
            self.build_content()

    # -- layout -------------------------------------------------------------------------------

    def _build_shell(self) -> None:
        self.search_field = QLineEdit()
        self.search_field.setPlaceholderText("Brand or ingredient")
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setAccessibleName("Search")
        self.search_field.setAccessibleDescription("Type a brand name or an active ingredient")

        self.results_view = QListView()
        self.results_view.setUniformItemSizes(True)
        self.results_view.setAccessibleName("Results")
        self.results_view.activated.connect(lambda index: self.open_row(index.row()))
        self.results_view.clicked.connect(lambda index: self.open_row(index.row()))

        self.result_count = QLabel("")
        self.result_count.setAccessibleName("Result count")
        self.suggestion = QLabel("")
        self.suggestion.setAccessibleName("Did you mean")
        self.suggestion.setOpenExternalLinks(False)
        self.suggestion.linkActivated.connect(lambda _link: self.accept_suggestion())
        self.suggestion.hide()

        left = QWidget()
        layout = QVBoxLayout(left)
        layout.setContentsMargins(6, 6, 0, 6)
        layout.addWidget(self.search_field)
        layout.addWidget(self.result_count)
        layout.addWidget(self.suggestion)
        layout.addWidget(self.results_view)

        self.splitter = QSplitter()  # horizontal
        self.splitter.addWidget(left)
        self.splitter.addWidget(QWidget())  # the monograph view takes this place
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([320, 880])
        self.setCentralWidget(self.splitter)

        self.edition_label = QLabel("No catalogue open")
        self.edition_label.setAccessibleName("Catalogue edition")
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(240)
        self.progress.setAccessibleName("Catalogue build progress")
        self.progress.hide()
        self.statusBar().addWidget(self.edition_label, 1)
        self.statusBar().addPermanentWidget(self.progress)
        self.resize(1200, 800)

    def _build_actions(self) -> None:
        """The menus; their key bindings come with the content (``_bind_keys``)."""
        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        self.open_action = QAction("&Open catalogue…", self)
        self.open_action.triggered.connect(self.choose_catalogue)
        file_menu.addAction(self.open_action)
        self.handout_action = QAction("Patient &handout…", self)
        self.handout_action.setEnabled(False)
        self.handout_action.triggered.connect(self.open_handout)
        file_menu.addAction(self.handout_action)
        file_menu.addSeparator()
        self.quit_action = QAction("&Quit", self)
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.quit_action)

        self.history_menu = menu.addMenu("&History")
        view_menu = menu.addMenu("&View")
        for text, steps in (("Zoom &in", 1), ("Zoom &out", -1), ("&Reset zoom", 0)):
            action = QAction(text, self)
            action.triggered.connect(lambda _checked=False, steps=steps: self._zoom(steps))
            view_menu.addAction(action)
            self.addAction(action)
        self.zoom_actions = view_menu.actions()

        help_menu = menu.addMenu("&Help")
        about = QAction("&About drugview", self)
        about.triggered.connect(
            lambda: self.show_about(
                "About drugview", about_text(self.catalogue.info() if self.catalogue else None)
            )
        )
        help_menu.addAction(about)
        self.about_catalogue_action = QAction("About the &catalogue", self)
        self.about_catalogue_action.triggered.connect(self._about_catalogue)
        help_menu.addAction(self.about_catalogue_action)

    def _bind_keys(self) -> None:
        """Keyboard shortcuts. Bound with the content: the first binding makes PySide6 create
        about a hundred enum types (20 ms), which need not delay the window's first frame."""
        for action, keys in (
            (self.open_action, ["Ctrl+O"]),
            (self.handout_action, ["Ctrl+P"]),
            (self.quit_action, ["Ctrl+Q"]),
            (self.zoom_actions[0], ["Ctrl+=", "Ctrl++"]),
            (self.zoom_actions[1], ["Ctrl+-"]),
            (self.zoom_actions[2], ["Ctrl+0"]),
        ):
            action.setShortcuts([QKeySequence(k) for k in keys])
        for keys in ("Ctrl+F", "Ctrl+L"):
            QShortcut(QKeySequence(keys), self, self.focus_search)
        QShortcut(QKeySequence("Esc"), self, self.clear_search)

    # -- settings -----------------------------------------------------------------------------

    def _restore_shell_settings(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        recent = self.settings.value("search/recent") or []
        if isinstance(recent, str):
            recent = [recent]
        self.recent_searches = [str(r) for r in recent][:MAX_RECENT]
        self._rebuild_history_menu()

    def build_content(self) -> None:
        """Create the result list's model and the monograph view (once)."""
        if self.content_ready:
            return
        from viewer.ui.monograph_pane import MonographPane
        from viewer.ui.results_model import ResultDelegate, ResultsModel

        self.results_model = ResultsModel(self)
        self.results_view.setModel(self.results_model)
        self.results_view.setItemDelegate(ResultDelegate(self.results_view))
        self.monograph_pane = MonographPane()  # the view under its label, section and find bar
        self.monograph_view = self.monograph_pane.view
        self.splitter.replaceWidget(1, self.monograph_pane).deleteLater()
        splitter = self.settings.value("window/splitter")
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self.splitter.restoreState(splitter)
        size = self.settings.value("view/point_size")
        if size is not None:
            with contextlib.suppress(TypeError, ValueError):
                self.monograph_view.set_point_size(float(size))
        self.monograph_view.zoomChanged.connect(
            lambda size: self.settings.setValue("view/point_size", size)
        )
        self._bind_keys()
        from viewer.ui.medication_panel import attach_medication_list

        self.medication_list = attach_medication_list(self)
        self.content_ready = True
        self.contentReady.emit()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._defer_content and not self.content_ready:
            # Build the content once the window is really on screen (its first expose).
            handle = self.windowHandle()
            if handle is not None and not handle.isExposed():
                handle.installEventFilter(self)
                QTimer.singleShot(300, self.build_content)  # in case no expose ever comes
            else:
                QTimer.singleShot(0, self.build_content)

    def _zoom(self, steps: int) -> None:
        if self.monograph_view is None:
            return
        if steps:
            self.monograph_view.zoom_by(steps)
        else:
            self.monograph_view.reset_zoom()

    def save_settings(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        if self.monograph_view is not None:
            self.settings.setValue("view/point_size", self.monograph_view.point_size())
        self.settings.setValue("search/recent", self.recent_searches)
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        if self._build_worker is not None:
            self._build_worker.wait()
        self._stop_text_worker()
        self._search = None
        if self.catalogue is not None:
            self.catalogue.close()
            self.catalogue = None
        super().closeEvent(event)

    # -- catalogue ----------------------------------------------------------------------------

    def set_catalogue(self, catalogue: Catalogue) -> None:
        """Show ``catalogue``; the previous one, if any, is closed."""
        from viewer.search import NameSearch

        self.build_content()
        previous = self.catalogue
        self.catalogue = catalogue
        self._search = NameSearch(catalogue)
        self._warming_up = False
        self._stop_text_worker()  # a new one starts with the first text search
        sources = catalogue.sources()
        self._editions = {s.key: s for s in sources}
        if previous is not None and previous is not catalogue:
            previous.close()
        self.status_text = edition_summary(
            catalogue.meta().get("build_date", ""), sources, catalogue.monograph_count()
        )
        self.edition_label.setText(self.status_text)
        self.edition_label.setToolTip(str(catalogue.path))
        self.search_field.setEnabled(True)
        self.search_field.setPlaceholderText("Brand or ingredient")
        if previous is None or previous.path != catalogue.path:
            self.monograph_view.clear_monograph()  # an update of the same file keeps the page
            self.handout_action.setEnabled(False)
        self.run_search()

    def open_catalogue_file(self, path: Path) -> bool:
        """Open another catalogue; on failure say why and keep the current one."""
        from viewer.catalogue.store import Catalogue

        try:
            catalogue = Catalogue.open(path)
        except CatalogueError as error:
            self.show_error("Cannot open this catalogue", str(error))
            return False
        self.set_catalogue(catalogue)
        return True

    def choose_catalogue(self) -> None:
        path = self.ask_open_path()
        if path:
            self.open_catalogue_file(Path(path))

    def start_build(self, data_dir: Path, output: Path, update: bool = False) -> None:
        """Build the app's catalogue in the background, then open it.

        On first use search waits for the build; for an ``update`` (the shipped sources are
        newer than the catalogue) the current catalogue stays searchable until the new one is
        swapped in.
        """
        if update and self.catalogue is not None:
            self.edition_label.setText("Updating the catalogue to the newer shipped sources…")
        else:
            self.search_field.setEnabled(False)
            self.search_field.setPlaceholderText("Preparing the catalogue…")
            self.edition_label.setText("Preparing the drug catalogue for first use…")
        self.progress.setRange(0, 0)
        self.progress.show()
        from viewer.ui.build_worker import BuildWorker

        # An update keeps the labels the user imported into the catalogue it replaces.
        carry = output if update and self.catalogue is not None else None
        worker = BuildWorker(data_dir, output, self, carry_labels_from=carry)
        worker.progressed.connect(self._on_build_progress)
        worker.finished_build.connect(
            lambda ok, message: self._on_build_finished(ok, message, output)
        )
        self._build_worker = worker
        worker.start()

    def _on_build_progress(self, stage: str, done: int, total: int) -> None:
        if self.catalogue is None:
            self.edition_label.setText(f"Preparing the drug catalogue: {stage}…")
        if total > 1:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        else:
            self.progress.setRange(0, 0)

    def _on_build_finished(self, ok: bool, message: str, output: Path) -> None:
        if self._build_worker is not None:
            self._build_worker.wait()
            self._build_worker = None
        self.progress.hide()
        if not ok:
            if self.catalogue is None:
                self.edition_label.setText("The catalogue could not be prepared")
            else:
                self.edition_label.setText(self.status_text)
            self.show_error("Cannot prepare the catalogue", message)
            return
        updating = self.catalogue is not None
        query = self.search_field.text()
        if self.open_catalogue_file(output):
            if updating:
                self.search_field.setText(query)
                self.run_search()
            else:
                self.focus_search()

    @property
    def building(self) -> bool:
        return self._build_worker is not None

    # -- search -------------------------------------------------------------------------------

    def _on_text_changed(self, _text: str) -> None:
        self.search_timer.start()

    def run_search(self) -> None:
        if self.results_model is None:
            return  # the content is being built; it searches once a catalogue is set
        query = self.search_field.text()
        result = self._search.find(query, RESULT_LIMIT) if self._search and query.strip() else None
        self.results_model.set_hits(result.hits if result else [])
        self._show_suggestion(result.did_you_mean if result else None)
        if result and result.hits:
            self.results_view.setCurrentIndex(self.results_model.index(0, 0))
        if self._text_worker is not None:
            self._text_worker.cancel()
        if query.strip() and self._search is not None:
            self._start_warm_up()
            self.text_timer.start()
        else:
            self.text_timer.stop()
        self._update_count()

    def _on_vocabulary_ready(self) -> None:
        if self._search is None or self.results_model is None:
            return
        if self.search_field.text().strip() and len(self.results_model.name_hits()) < 3:
            self.run_search()  # typed before the typo tier was ready: look again

    def _update_count(self) -> None:
        if self.results_model is None:
            return
        query = self.search_field.text().strip()
        names = len(self.results_model.name_hits())
        texts = len(self.results_model.text_hits())
        if self._search is None:
            self.result_count.setText("The catalogue is not ready yet." if query else "")
        elif not query:
            self.result_count.setText("")
        elif names or texts:
            parts = [f"{names} by name"] if names else []
            if texts:
                parts.append(f"{texts} in text")
            self.result_count.setText(" · ".join(parts))
        else:
            self.result_count.setText(f"No drug matches “{query[:60]}”")

    def _show_suggestion(self, suggestion: str | None) -> None:
        self.did_you_mean = suggestion
        if suggestion:
            shown = html.escape(suggestion)
            self.suggestion.setText(f'Did you mean <a href="suggestion">{shown}</a>?')
            self.suggestion.show()
        else:
            self.suggestion.hide()

    def accept_suggestion(self) -> None:
        """Search for the "Did you mean" spelling."""
        if self.did_you_mean:
            self._search_again(self.did_you_mean)

    def _start_warm_up(self) -> None:
        """Load the spelling vocabulary on a thread of its own, once per catalogue.

        Started by the first keystroke rather than at start-up, so it never competes with the
        window's first paint; keystrokes meanwhile skip the typo tier, and the query is
        searched again once the vocabulary is ready.
        """
        if self._warming_up or self._search is None:
            return
        self._warming_up = True
        search = self._search

        def warm_up() -> None:
            search.warm_up()
            with contextlib.suppress(RuntimeError):  # the window may have closed meanwhile
                self.vocabularyReady.emit()

        threading.Thread(target=warm_up, name="vocabulary", daemon=True).start()

    def _request_text_search(self) -> None:
        query = self.search_field.text()
        if self.catalogue is None or self.results_model is None or not query.strip():
            return
        if self._text_worker is None:
            from viewer.ui.text_worker import TextSearchWorker

            self._text_worker = TextSearchWorker(self.catalogue.path, self)
            self._text_worker.found.connect(self._show_text_hits)
        exclude = [hit.monograph_id for hit in self.results_model.name_hits()]
        self._text_worker.request(query, exclude)

    def _show_text_hits(self, _generation: int, hits: list) -> None:
        if self.results_model is None:
            return
        current = self.results_view.currentIndex().row()
        self.results_model.set_text_hits(hits)
        if current < 0 and self.results_model.rowCount():
            self.results_view.setCurrentIndex(self.results_model.index(0, 0))
        self._update_count()

    def _stop_text_worker(self) -> None:
        self.text_timer.stop()
        if self._text_worker is not None:
            self._text_worker.stop()
            self._text_worker.deleteLater()
            self._text_worker = None

    def focus_search(self) -> None:
        from PySide6.QtCore import Qt

        self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_field.selectAll()

    def clear_search(self) -> None:
        self.search_field.clear()
        self.search_timer.stop()
        self.run_search()
        self.focus_search()

    def move_selection(self, steps: int) -> None:
        if self.results_model is None:
            return
        rows = self.results_model.rowCount()
        if not rows:
            return
        current = self.results_view.currentIndex().row()
        row = min(max(current + steps, 0), rows - 1) if current >= 0 else 0
        self.results_view.setCurrentIndex(self.results_model.index(row, 0))

    def open_current(self) -> None:
        if self.search_timer.isActive():  # Enter pressed before the coalesced search ran
            self.search_timer.stop()
            self.run_search()
        self.open_row(self.results_view.currentIndex().row())

    def open_row(self, row: int) -> None:
        if self.results_model is None or self.monograph_view is None:
            return
        hit = self.results_model.hit(row)
        if hit is None or self.catalogue is None:
            return
        monograph = self.catalogue.monograph(hit.monograph_id)
        if monograph is None:
            self.show_error(
                "Monograph not found", f"{self.catalogue.path}: no monograph {hit.monograph_id}."
            )
            return
        self.monograph_view.show_monograph(monograph, self._editions, self.today())
        self.handout_action.setEnabled(True)
        self.setWindowTitle(f"{monograph.title} — drugview")
        self.remember_search(self.search_field.text())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.windowHandle() and event.type() == QEvent.Type.Expose:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.build_content)
            return False
        if watched is self.search_field and event.type() == QEvent.Type.KeyPress:
            from PySide6.QtCore import Qt

            assert isinstance(event, QKeyEvent)
            key = event.key()
            steps = {
                Qt.Key.Key_Down: 1,
                Qt.Key.Key_Up: -1,
                Qt.Key.Key_PageDown: 10,
                Qt.Key.Key_PageUp: -10,
            }.get(Qt.Key(key))
            if steps is not None:
                if self.search_timer.isActive():
                    self.search_timer.stop()
                    self.run_search()
                self.move_selection(steps)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.open_current()
                return True
        return super().eventFilter(watched, event)

    def open_handout(self) -> QDialog | None:
        """The patient handout dialog for the monograph on screen (Ctrl+P)."""
        monograph = self.monograph_view.monograph if self.monograph_view else None
        if monograph is None or self.catalogue is None:
            return None
        from viewer.ui.handout_dialog import open_handout_dialog  # printing loads on first use

        return open_handout_dialog(
            monograph, self.catalogue.info(), self, settings=self.settings, today=self.today()
        )

    # -- recent searches ----------------------------------------------------------------------

    def remember_search(self, query: str) -> None:
        query = query.strip()
        if not query:
            return
        self.recent_searches = [query] + [q for q in self.recent_searches if q != query]
        self.recent_searches = self.recent_searches[:MAX_RECENT]
        self.settings.setValue("search/recent", self.recent_searches)
        self._rebuild_history_menu()

    def _rebuild_history_menu(self) -> None:
        self.history_menu.clear()
        if not self.recent_searches:
            empty = self.history_menu.addAction("No recent searches")
            empty.setEnabled(False)
            return
        for query in self.recent_searches:
            action = self.history_menu.addAction(query)
            action.triggered.connect(lambda _checked=False, q=query: self._search_again(q))
        self.history_menu.addSeparator()
        self.history_menu.addAction("Clear history", self.clear_history)

    def _search_again(self, query: str) -> None:
        self.search_field.setText(query)
        self.run_search()
        self.focus_search()

    def clear_history(self) -> None:
        self.recent_searches = []
        self.settings.setValue("search/recent", [])
        self._rebuild_history_menu()

    # -- default dialogs ----------------------------------------------------------------------

    def _ask_open_path(self) -> str | None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(
            self, "Open catalogue", "", "drugview catalogue (*.sqlite *.db);;All files (*)"
        )
        return path or None

    def _show_error(self, title: str, message: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(self, title, message)

    def _about_catalogue(self) -> None:
        from viewer.ui.catalogue_about import TITLE, about_catalogue_html

        catalogue = self.catalogue
        info = catalogue.info() if catalogue else None
        coverage = catalogue.section_coverage() if catalogue else None
        self.show_about(TITLE, about_catalogue_html(info, coverage))

    def _show_about(self, title: str, body: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(self, title, body)
