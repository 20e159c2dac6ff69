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

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, Qt, QTimer, Signal, qVersion
from PySide6.QtGui import QAction, QCloseEvent, QKeyEvent, QKeySequence, QShortcut
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
from viewer.catalogue.store import Catalogue
from viewer.model import CatalogueInfo, SourceEdition
from viewer.search import NameSearch
from viewer.ui.build_worker import BuildWorker
from viewer.ui.monograph_view import MonographView
from viewer.ui.results_model import ResultDelegate, ResultsModel
from viewer.ui.text_worker import TextSearchWorker

RESULT_LIMIT = 100
MAX_RECENT = 10


def edition_summary(build_date: str, sources: tuple[SourceEdition, ...], monographs: int) -> str:
    """One line for the status bar: build date, each source's edition, and the count."""
    short = {"rxnorm": "RxNorm", "drugsatfda": "Drugs@FDA", "curated": "curated"}
    editions = " · ".join(
        f"{short.get(s.key, s.key)} {s.edition.split(' ')[0] if s.key != 'curated' else ''}".strip()
        for s in sources
    )
    return f"Catalogue built {build_date[:10]} · {editions} · {monographs:,} monographs"


def about_text(info: CatalogueInfo | None) -> str:
    import platform
    import sqlite3

    import PySide6

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
    vocabularyReady = Signal()

    def __init__(
        self,
        settings: QSettings,
        today: Callable[[], date] = date.today,
        debounce_ms: int = 0,
        text_debounce_ms: int = 250,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.today = today
        self.catalogue: Catalogue | None = None
        self.edition_summary = ""
        self._search: NameSearch | None = None
        self._editions: dict = {}
        self._build_worker: BuildWorker | None = None
        self._text_worker: TextSearchWorker | None = None
        self.did_you_mean: str | None = None
        self.recent_searches: list[str] = []

        # dialogs, behind attributes tests can replace
        self.ask_open_path: Callable[[], str | None] = self._ask_open_path
        self.show_error: Callable[[str, str], None] = self._show_error
        self.show_about: Callable[[str, str], None] = self._show_about

        self.setWindowTitle("drugview")
        self._build_widgets()
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
        self._restore_settings()
        self.search_field.setFocus()

    # -- layout -------------------------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.search_field = QLineEdit()
        self.search_field.setPlaceholderText("Brand or ingredient")
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setAccessibleName("Search")
        self.search_field.setAccessibleDescription("Type a brand name or an active ingredient")

        self.results_model = ResultsModel(self)
        self.results_view = QListView()
        self.results_view.setModel(self.results_model)
        self.results_view.setItemDelegate(ResultDelegate(self.results_view))
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

        self.monograph_view = MonographView()
        self.monograph_view.zoomChanged.connect(
            lambda size: self.settings.setValue("view/point_size", size)
        )
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.monograph_view)
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
        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        self.open_action = QAction("&Open catalogue…", self)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.open_action.triggered.connect(self.choose_catalogue)
        file_menu.addAction(self.open_action)
        self.handout_action = QAction("Patient &handout…", self)
        self.handout_action.setShortcut(QKeySequence.StandardKey.Print)
        self.handout_action.setEnabled(False)
        self.handout_action.triggered.connect(self.open_handout)
        file_menu.addAction(self.handout_action)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        self.history_menu = menu.addMenu("&History")
        view_menu = menu.addMenu("&View")
        for text, keys, handler in (
            ("Zoom &in", ["Ctrl+=", "Ctrl++"], lambda: self.monograph_view.zoom_by(1)),
            ("Zoom &out", ["Ctrl+-"], lambda: self.monograph_view.zoom_by(-1)),
            ("&Reset zoom", ["Ctrl+0"], self.monograph_view.reset_zoom),
        ):
            action = QAction(text, self)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.triggered.connect(handler)
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

        for keys in ("Ctrl+F", "Ctrl+L"):
            QShortcut(QKeySequence(keys), self, self.focus_search)
        QShortcut(QKeySequence("Esc"), self, self.clear_search)

    # -- settings -----------------------------------------------------------------------------

    def _restore_settings(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        splitter = self.settings.value("window/splitter")
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self.splitter.restoreState(splitter)
        size = self.settings.value("view/point_size")
        if size is not None:
            with contextlib.suppress(TypeError, ValueError):
                self.monograph_view.set_point_size(float(size))
        recent = self.settings.value("search/recent") or []
        if isinstance(recent, str):
            recent = [recent]
        self.recent_searches = [str(r) for r in recent][:MAX_RECENT]
        self._rebuild_history_menu()

    def save_settings(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/splitter", self.splitter.saveState())
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
        previous = self.catalogue
        self.catalogue = catalogue
        self._search = NameSearch(catalogue)
        # The spelling vocabulary loads on a thread of its own; keystrokes meanwhile skip typos,
        # and the current query is searched again once it is loaded.
        search = self._search

        def warm_up() -> None:
            search.warm_up()
            with contextlib.suppress(RuntimeError):  # the window may have closed meanwhile
                self.vocabularyReady.emit()

        threading.Thread(target=warm_up, name="vocabulary", daemon=True).start()
        self._stop_text_worker()
        self._text_worker = TextSearchWorker(catalogue.path, self)
        self._text_worker.found.connect(self._show_text_hits)
        sources = catalogue.sources()
        self._editions = {s.key: s for s in sources}
        if previous is not None and previous is not catalogue:
            previous.close()
        self.edition_summary = edition_summary(
            catalogue.meta().get("build_date", ""), sources, catalogue.monograph_count()
        )
        self.edition_label.setText(self.edition_summary)
        self.edition_label.setToolTip(str(catalogue.path))
        self.search_field.setEnabled(True)
        self.search_field.setPlaceholderText("Brand or ingredient")
        if previous is None or previous.path != catalogue.path:
            self.monograph_view.clear_monograph()  # an update of the same file keeps the page
            self.handout_action.setEnabled(False)
        self.run_search()

    def open_catalogue_file(self, path: Path) -> bool:
        """Open another catalogue; on failure say why and keep the current one."""
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
        worker = BuildWorker(data_dir, output, self)
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
                self.edition_label.setText(self.edition_summary)
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
        query = self.search_field.text()
        result = self._search.find(query, RESULT_LIMIT) if self._search and query.strip() else None
        self.results_model.set_hits(result.hits if result else [])
        self._show_suggestion(result.did_you_mean if result else None)
        if result and result.hits:
            self.results_view.setCurrentIndex(self.results_model.index(0, 0))
        if self._text_worker is not None:
            self._text_worker.cancel()
        if query.strip() and self._text_worker is not None:
            self.text_timer.start()
        else:
            self.text_timer.stop()
        self._update_count()

    def _on_vocabulary_ready(self) -> None:
        if self._search is None:
            return
        if self.search_field.text().strip() and len(self.results_model.name_hits()) < 3:
            self.run_search()  # typed before the typo tier was ready: look again

    def _update_count(self) -> None:
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

    def _request_text_search(self) -> None:
        query = self.search_field.text()
        if self._text_worker is None or not query.strip():
            return
        exclude = [hit.monograph_id for hit in self.results_model.name_hits()]
        self._text_worker.request(query, exclude)

    def _show_text_hits(self, _generation: int, hits: list) -> None:
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
        self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_field.selectAll()

    def clear_search(self) -> None:
        self.search_field.clear()
        self.search_timer.stop()
        self.run_search()
        self.focus_search()

    def move_selection(self, steps: int) -> None:
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
        if watched is self.search_field and event.type() == QEvent.Type.KeyPress:
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
        monograph = self.monograph_view.monograph
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

    def _show_about(self, title: str, body: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(self, title, body)
