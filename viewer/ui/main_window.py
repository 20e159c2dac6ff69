"""The main window: search as you type, results, and the monograph's panels. Keyboard first.

A thin view: the search flow is ``viewer.session.SearchSession``, the open catalogue, builds,
updates and recent searches are ``viewer.workspace.Workspace`` (both Qt-free), settings are
``viewer.ui.settings.Settings``, and all background work (spelling vocabulary, text tier,
catalogue builds) goes through ``viewer.ui.tasks.TaskRunner``, whose failures are shown here
and logged.

Search field focused at start; typing updates the results (coalesced on a zero-delay timer, so
a burst of keystrokes costs one search and typing never waits); Up/Down move through results,
Enter opens the current one, Esc clears the search, Ctrl+F or Ctrl+L return to the search
field from anywhere. Dialogs sit behind small attributes (``ask_open_path``, ``show_error``,
``show_about``) so tests replace them instead of clicking real dialogs.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, QTimer, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QMainWindow,
    QProgressBar,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from viewer import __version__
from viewer.catalogue.errors import CatalogueError
from viewer.logs import log_dir
from viewer.ui.settings import Settings, as_settings
from viewer.ui.tasks import TaskRunner
from viewer.workspace import RecentSearches, Workspace

if TYPE_CHECKING:
    from datetime import date

    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QCloseEvent
    from PySide6.QtWidgets import QDialog

    from viewer.catalogue.store import Catalogue
    from viewer.model import CatalogueInfo, TextHit
    from viewer.session import SearchSession
    from viewer.ui.monograph_pane import MonographPane
    from viewer.ui.monograph_view import MonographView
    from viewer.ui.results_model import ResultsModel
    from viewer.workspace import BuildResult

log = logging.getLogger(__name__)

RESULTS_WIDTH = 280  # first start: room for the search field and result titles beside docks

RESULT_LIMIT = 100
EXPOSE_POLL_MS = 1
EXPOSE_WAIT_SECONDS = 0.3
TEXT_FAILED = "Text search is unavailable: this catalogue's text index could not be read."


def about_text(info: CatalogueInfo | None) -> str:
    import PySide6
    from PySide6.QtCore import qVersion

    from viewer.workspace import runtime_versions

    python, sqlite = runtime_versions()
    lines = [
        f"<h3>drugview {__version__}</h3>",
        "<p>Offline drug information for clinicians. It opens no network connection.</p>",
        f"<p>Qt {qVersion()} · PySide6 {PySide6.__version__} · Python {python}"
        f" · SQLite {sqlite}</p>",
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
    """The window. Built in three steps so it is on screen, then answers a search, before most
    of the app loads: the shell (menus, search field, status bar) at once; the content (the
    result list and its model) in ``build_content``; the rest (key bindings, label import,
    the medication list, the monograph view, the icon) in ``build_rest``. Without
    ``defer_content`` all are built at once; with it, the content is built once the shown
    window is exposed (``build_content_once_shown``) and the rest in the event loop's next
    turn, after the catalogue has opened and searched. ``contentReady`` fires when the
    content is there.
    """

    contentReady = Signal()

    def __init__(
        self,
        settings: Settings | QSettings | None = None,
        today: Callable[[], date] | None = None,
        debounce_ms: int = 0,
        text_debounce_ms: int = 250,
        defer_content: bool = False,
        workspace: Workspace | None = None,
    ) -> None:
        super().__init__()
        self.settings = as_settings(settings)
        self.today = today or _today
        self.workspace = workspace or Workspace()
        self.history = RecentSearches(self.settings.recent_searches)
        self.did_you_mean: str | None = None
        self.content_ready = False
        self.rest_ready = False
        self.results_model: ResultsModel | None = None
        self.monograph_view: MonographView | None = None
        self.monograph_pane: MonographPane | None = None
        self.text_failure: str | None = None  # why the text tier is unavailable, if it is
        self._vocabulary_loaded: SearchSession | None = None
        self._building = False
        # One background pattern for everything: the text tier and the spelling vocabulary
        # share one thread (so they never run at once), builds have their own.
        self.search_tasks = TaskRunner("search", self)
        self.build_tasks = TaskRunner("catalogue build", self)

        # dialogs, behind attributes tests can replace
        self.ask_open_path: Callable[[], str | None] = self._ask_open_path
        self.show_error: Callable[[str, str], None] = self._show_error
        self.show_about: Callable[[str, str], None] = self._show_about
        self.open_folder: Callable[[Path], None] = self._open_folder

        self.setWindowTitle("drugview")
        self._build_shell()
        self._build_actions()
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(debounce_ms)
        self.search_timer.timeout.connect(self.run_search)
        # The text tier waits for a pause in typing, then runs in the background.
        self.text_timer = QTimer(self)
        self.text_timer.setSingleShot(True)
        self.text_timer.setInterval(text_debounce_ms)
        self.text_timer.timeout.connect(self._request_text_search)
        self.search_field.textChanged.connect(self._on_text_changed)
        self._restore_shell_settings()
        self.search_field.setFocus()
        self._defer_content = defer_content
        if not defer_content:
            self.build_content()

    @property
    def catalogue(self) -> Catalogue | None:
        return self.workspace.catalogue

    @property
    def session(self) -> SearchSession | None:
        return self.workspace.session

    @property
    def status_text(self) -> str:
        return self.workspace.status_text

    @property
    def recent_searches(self) -> list[str]:
        return list(self.history.items)

    # -- layout -------------------------------------------------------------------------------

    def _build_shell(self) -> None:
        self.search_field = QLineEdit()
        self.search_field.setPlaceholderText("Brand or ingredient")
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setAccessibleName("Search")
        self.search_field.setAccessibleDescription("Type a brand name or an active ingredient")

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
        layout.addStretch(1)  # the result list takes this place, with the content
        self._results_column = layout

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
        self.file_menu = file_menu
        file_menu.addSeparator()  # File > Import labels… goes here, with the content
        self._before_quit = file_menu.addSeparator()
        self.quit_action = QAction("&Quit", self)
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.quit_action)

        self.history_menu = menu.addMenu("Hi&story")  # Alt+H is Help
        view_menu = menu.addMenu("&View")
        for text, steps in (("Zoom &in", 1), ("Zoom &out", -1), ("&Reset zoom", 0)):
            action = QAction(text, self)
            action.triggered.connect(lambda _checked=False, steps=steps: self._zoom(steps))
            view_menu.addAction(action)
            self.addAction(action)
        self.zoom_actions = view_menu.actions()

        help_menu = self.help_menu = menu.addMenu("&Help")
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
        self.log_folder_action = QAction("Show &log folder", self)
        self.log_folder_action.triggered.connect(self.show_log_folder)
        help_menu.addAction(self.log_folder_action)

    def _set_icon(self) -> None:
        """The app's icon (loading it, and PySide6 creating QIcon's enum types, need not delay
        the first answer; the window manager shows it a moment later)."""
        from PySide6.QtGui import QIcon

        from viewer.paths import resources_dir

        icon = resources_dir() / "drugview.svg"
        app = QApplication.instance()
        if icon.is_file() and isinstance(app, QApplication):
            app.setWindowIcon(QIcon(str(icon)))

    def _bind_keys(self) -> None:
        """Keyboard shortcuts. Bound with the content: the first binding makes PySide6 create
        about a hundred enum types (20 ms), which need not delay the window's first frame."""
        from PySide6.QtGui import QKeySequence, QShortcut

        bindings: tuple[tuple[QAction, list[str]], ...] = (
            (self.open_action, ["Ctrl+O"]),
            (self.handout_action, ["Ctrl+P"]),
            (self.quit_action, ["Ctrl+Q"]),
            (self.zoom_actions[0], ["Ctrl+=", "Ctrl++"]),
            (self.zoom_actions[1], ["Ctrl+-"]),
            (self.zoom_actions[2], ["Ctrl+0"]),
        )
        for action, keys in bindings:
            action.setShortcuts([QKeySequence(k) for k in keys])
        for key in ("Ctrl+F", "Ctrl+L"):
            QShortcut(QKeySequence(key), self, self.focus_search)
        QShortcut(QKeySequence("Esc"), self, self.clear_search)

    # -- settings -----------------------------------------------------------------------------

    def _restore_shell_settings(self) -> None:
        geometry = self.settings.geometry
        if geometry is not None:
            self.restoreGeometry(geometry)
        self._rebuild_history_menu()

    def build_content(self) -> None:
        """Create the result list's model (once); the rest of the window follows (see below)."""
        if self.content_ready:
            return
        from PySide6.QtWidgets import QListView

        from viewer.ui.results_model import ResultDelegate, ResultsModel

        self.results_view = QListView()
        self.results_view.setUniformItemSizes(True)
        self.results_view.setAccessibleName("Results")
        self.results_view.activated.connect(lambda index: self.open_row(index.row()))
        self.results_view.clicked.connect(lambda index: self.open_row(index.row()))
        self._results_column.takeAt(self._results_column.count() - 1)  # the stretch
        self._results_column.addWidget(self.results_view)
        self.results_model = ResultsModel(self)
        self.results_view.setModel(self.results_model)
        self.results_view.setItemDelegate(ResultDelegate(self.results_view))
        from PySide6.QtCore import QEvent

        self._key_press = QEvent.Type.KeyPress
        self.search_field.installEventFilter(self)  # Up, Down, Enter move through the results
        self.content_ready = True
        if self._defer_content:
            # What searching does not need (key bindings, label import, the medication list,
            # the monograph view: most of the start's Python time, much of it PySide6
            # creating Qt's enum types on first use) is built in the next turn of the event
            # loop, after the catalogue has opened, or at once when something needs it.
            QTimer.singleShot(0, self.build_rest)
        else:
            self.build_rest()
        self.contentReady.emit()

    def build_rest(self) -> None:
        """Key bindings, File > Import labels, the docked medication list and the monograph
        view (once)."""
        if self.rest_ready:
            return
        self.rest_ready = True
        self._set_icon()
        self._bind_keys()
        from viewer.ui.label_import import LabelImporter  # File > Import labels, drag and drop

        self.label_importer = LabelImporter(self)
        self.file_menu.insertActions(self._before_quit, self.label_importer.actions())
        from viewer.ui.medication_panel import attach_medication_list

        self.medication_list = attach_medication_list(self)
        self.ensure_monograph_view()
        if self.session is not None:
            self._load_vocabulary(self.session)

    def ensure_monograph_view(self) -> MonographView:
        """The monograph view, created the first time it is needed."""
        if self.monograph_view is not None:
            return self.monograph_view
        from viewer.ui.monograph_pane import MonographPane

        self.monograph_pane = MonographPane()  # the view under its label, section and find bar
        view = self.monograph_view = self.monograph_pane.view
        placeholder = self.splitter.replaceWidget(1, self.monograph_pane)
        if placeholder is not None:
            placeholder.deleteLater()
        splitter = self.settings.splitter
        if splitter is not None:
            self.splitter.restoreState(splitter)
        else:  # once the docks have taken their width (next turn of the event loop)
            QTimer.singleShot(0, self._first_split)
        size = self.settings.point_size
        if size is not None:
            view.set_point_size(size)
        view.zoomChanged.connect(self._remember_point_size)
        return view

    def _first_split(self) -> None:
        """With no saved layout, give the results a readable width and the monograph the rest
        (the default sizes were set before any dock narrowed the window's centre)."""
        width = self.splitter.width()
        results = min(RESULTS_WIDTH, width // 3)
        self.splitter.setSizes([results, width - results])

    def _remember_point_size(self, size: float) -> None:
        self.settings.point_size = size

    def build_content_once_shown(self) -> None:
        """Build the content once the window is really on screen (exposed), so the content's
        work never delays its first frame; call after ``show``.

        Exposure is checked on a timer rather than by watching the window's events: filtering
        events would make PySide6 create Qt's event types (170-odd members) before that frame.
        """
        deadline = time.monotonic() + EXPOSE_WAIT_SECONDS  # in case no expose ever comes

        def check() -> None:
            if self.content_ready:
                return
            handle = self.windowHandle()
            if handle is None or handle.isExposed() or time.monotonic() > deadline:
                QTimer.singleShot(0, self.build_content)  # after the frame the expose paints
            else:
                QTimer.singleShot(EXPOSE_POLL_MS, check)

        check()

    def _zoom(self, steps: int) -> None:
        view = self.ensure_monograph_view()
        if steps:
            view.zoom_by(steps)
        else:
            view.reset_zoom()

    def save_settings(self) -> None:
        self.settings.geometry = self.saveGeometry()
        if self.monograph_view is not None:  # else the splitter still holds its placeholder
            self.settings.splitter = self.splitter.saveState()
        if self.monograph_view is not None:
            self.settings.point_size = self.monograph_view.point_size()
        self.settings.recent_searches = self.history.items
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        self.text_timer.stop()
        if self.session is not None:
            self.session.cancel_text()
        self.search_tasks.shutdown()
        self.build_tasks.shutdown()
        self.workspace.close()
        super().closeEvent(event)

    # -- catalogue ----------------------------------------------------------------------------

    def set_catalogue(self, catalogue: Catalogue) -> None:
        """Show ``catalogue``; the previous one, if any, is closed."""
        self.build_content()
        self._forget_text_search()
        previous = self.workspace.adopt(catalogue)
        self.text_failure = None
        self.edition_label.setText(self.status_text)
        self.edition_label.setToolTip(str(catalogue.path))
        if self.rest_ready and self.session is not None:
            self._load_vocabulary(self.session)
        self.search_field.setEnabled(True)
        self.search_field.setPlaceholderText("Brand or ingredient")
        if self.monograph_view and (previous is None or previous.path != catalogue.path):
            self.monograph_view.clear_monograph()  # an update of the same file keeps the page
            self.handout_action.setEnabled(False)
        self.run_search()

    def open_catalogue_file(self, path: Path) -> bool:
        """Open another catalogue; on failure say why and keep the current one."""
        from viewer.catalogue.store import Catalogue

        try:
            catalogue = Catalogue.open(path)
        except CatalogueError as error:
            log.warning("cannot open catalogue: %s", error)
            self.show_error("Cannot open this catalogue", str(error))
            return False
        self.set_catalogue(catalogue)
        return True

    def choose_catalogue(self) -> None:
        path = self.ask_open_path()
        if path:
            self.open_catalogue_file(Path(path))

    def start_build(self, data_dir: Path, output: Path, update: bool = False) -> None:
        """Build a catalogue in the background, then open it.

        On first use search waits for the build; for an ``update`` (the shipped sources are
        newer than the catalogue) the current catalogue stays searchable until the new one is
        swapped in, and keeps the labels the user imported.
        """
        update = update and self.catalogue is not None
        if update:
            self.edition_label.setText("Updating the catalogue to the newer shipped sources…")
        else:
            self.search_field.setEnabled(False)
            self.search_field.setPlaceholderText("Preparing the catalogue…")
            self.edition_label.setText("Preparing the drug catalogue for first use…")
        self.progress.setRange(0, 0)
        self.progress.show()
        self._building = True
        workspace = self.workspace
        self.build_tasks.submit(
            lambda report: workspace.build(report, update, sources=data_dir, output=output),
            on_done=self._on_build_done,
            on_error=self._on_build_failed,
            on_progress=self._on_build_progress,
        )

    def _on_build_progress(self, stage: str, done: int, total: int) -> None:
        if self.catalogue is None:
            self.edition_label.setText(f"Preparing the drug catalogue: {stage}…")
        if total > 1:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        else:
            self.progress.setRange(0, 0)

    def _on_build_failed(self, message: str) -> None:
        self._building = False
        self.progress.hide()
        if self.catalogue is None:
            self.edition_label.setText("The catalogue could not be prepared")
        else:
            self.edition_label.setText(self.status_text)
        self.show_error("Cannot prepare the catalogue", message)

    def _on_build_done(self, result: BuildResult) -> None:
        self._building = False
        self.progress.hide()
        updating = self.catalogue is not None
        query = self.search_field.text()
        if self.open_catalogue_file(result.path):
            if updating:
                self.search_field.setText(query)
                self.run_search()
            else:
                self.focus_search()

    @property
    def building(self) -> bool:
        return self._building

    # -- search: the window renders what the session finds ---------------------------------

    def _on_text_changed(self, _text: str) -> None:
        self.search_timer.start()

    def run_search(self) -> None:
        if self.results_model is None:
            return  # the content is being built; it searches once a catalogue is set
        query = self.search_field.text()
        session = self.session
        found = session.find_names(query, RESULT_LIMIT) if session else None
        self.results_model.set_hits(list(found.names) if found else [])
        self._show_suggestion(found.did_you_mean if found else None)
        if found and found.names:
            self.results_view.setCurrentIndex(self.results_model.index(0, 0))
        self._forget_text_search()
        if query.strip() and session is not None:
            self.text_timer.start()
        self._update_count()

    def _load_vocabulary(self, session: SearchSession) -> None:
        """Load the spelling vocabulary in the background, once per catalogue.

        Started with the rest of the window (after the first answer, so it never competes
        with the first frame or the first search) or when another catalogue opens; searches
        meanwhile skip the typo tier, and the query is searched again once it is ready.
        """
        if self._vocabulary_loaded is session:
            return
        self._vocabulary_loaded = session

        def loaded(_result: object) -> None:
            model = self.results_model
            typed = self.search_field.text().strip()
            # typed before the typo tier was ready, with few hits: look again
            if (
                self.session is session
                and model is not None
                and typed
                and len(model.name_hits()) < 3
            ):
                self.run_search()

        from viewer.search import WarmUpCancelled

        self.search_tasks.submit(
            lambda _report: session.warm_up(),
            on_done=loaded,
            key="vocabulary",
            cancel=session.cancel_warm_up,  # closing the window need not wait for it
            cancelled_types=(WarmUpCancelled,),
        )

    def _request_text_search(self) -> None:
        query = self.search_field.text()
        session = self.session
        if session is None or self.results_model is None or not query.strip():
            return
        from viewer.textsearch import SearchCancelled

        exclude = {hit.monograph_id for hit in self.results_model.name_hits()}
        self.search_tasks.submit(
            lambda _report: session.find_text(query, exclude=exclude),
            on_done=self._show_text_hits,
            on_error=self._text_search_failed,
            key="text",
            cancel=session.cancel_text,
            # the log gets the kind of failure, never the words searched
            quiet_error=_sqlite_error_name,
            cancelled_types=(SearchCancelled,),
        )

    def _forget_text_search(self) -> None:
        """Drop the text hits' pending answer and stop the search producing it."""
        self.text_timer.stop()
        self.search_tasks.cancel("text")

    @Slot(object)
    def _show_text_hits(self, hits: tuple[TextHit, ...]) -> None:
        if self.results_model is None:
            return
        current = self.results_view.currentIndex().row()
        self.results_model.set_text_hits(list(hits))
        if current < 0 and self.results_model.rowCount():
            self.results_view.setCurrentIndex(self.results_model.index(0, 0))
        self._update_count()

    def _text_search_failed(self, _message: str) -> None:
        self.text_failure = TEXT_FAILED
        self._update_count()

    def _update_count(self) -> None:
        if self.results_model is None:
            return
        query = self.search_field.text().strip()
        names = len(self.results_model.name_hits())
        texts = len(self.results_model.text_hits())
        if self.session is None:
            text = "The catalogue is not ready yet." if query else ""
        elif not query:
            text = ""
        elif names or texts:
            parts = [f"{names} by name"] if names else []
            if texts:
                parts.append(f"{texts} in text")
            text = " · ".join(parts)
        else:
            text = f"No drug matches “{query[:60]}”"
        if query and self.text_failure:
            text = f"{text}\n{self.text_failure}" if text else self.text_failure
        self.result_count.setText(text)

    def _show_suggestion(self, suggestion: str | None) -> None:
        self.did_you_mean = suggestion
        if suggestion:
            import html

            shown = html.escape(suggestion)
            self.suggestion.setText(f'Did you mean <a href="suggestion">{shown}</a>?')
            self.suggestion.show()
        else:
            self.suggestion.hide()

    def accept_suggestion(self) -> None:
        """Search for the "Did you mean" spelling."""
        if self.did_you_mean:
            self._search_again(self.did_you_mean)

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
        if self.results_model is None:
            return
        hit = self.results_model.hit(row)
        session = self.session
        if hit is None or session is None:
            return
        monograph = session.monograph(hit.monograph_id)
        if monograph is None:
            self.show_error(
                "Monograph not found", f"{session.path}: no monograph {hit.monograph_id}."
            )
            return
        view = self.ensure_monograph_view()
        view.show_monograph(monograph, self.workspace.editions, self.today())
        self.handout_action.setEnabled(True)
        self.setWindowTitle(f"{monograph.title} — drugview")
        self.remember_search(self.search_field.text())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search_field and event.type() == self._key_press:
            from PySide6.QtCore import Qt
            from PySide6.QtGui import QKeyEvent

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

    def show_log_folder(self) -> None:
        """Help > Show log folder: where the app's log files are (created if need be)."""
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        self.open_folder(folder)

    # -- recent searches ----------------------------------------------------------------------

    def remember_search(self, query: str) -> None:
        if self.history.remember(query):
            self.settings.recent_searches = self.history.items
            self._rebuild_history_menu()

    def _rebuild_history_menu(self) -> None:
        self.history_menu.clear()
        if not self.history.items:
            empty = self.history_menu.addAction("No recent searches")
            empty.setEnabled(False)
            return
        for query in self.history.items:
            action = self.history_menu.addAction(query.replace("&", "&&"))  # not a mnemonic
            action.triggered.connect(lambda _checked=False, q=query: self._search_again(q))
        self.history_menu.addSeparator()
        self.history_menu.addAction("Clear history", self.clear_history)

    def _search_again(self, query: str) -> None:
        self.search_field.setText(query)
        self.run_search()
        self.focus_search()

    def clear_history(self) -> None:
        self.history.clear()
        self.settings.recent_searches = []
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

    def _open_folder(self, folder: Path) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            self.show_error("Log folder", f"The log files are in {folder}")


def _today() -> date:
    from datetime import date  # (not needed before the first frame)

    return date.today()


def _sqlite_error_name(error: BaseException) -> str:
    """A failure's kind without its message (which may quote the words searched)."""
    return str(getattr(error, "sqlite_errorname", "") or type(error).__name__)
