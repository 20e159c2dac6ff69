"""Import labels from the window: File > Import labels…, or drop files and folders on it.

The import runs ``viewer.catalogue.importer.import_labels`` (the same code as ``drugview
import``) on a worker thread, so the window keeps working on the open catalogue meanwhile. A
progress dialog counts labels and offers Cancel. The importer writes a copy and swaps it in only
when complete, so a cancelled or failed import leaves the catalogue exactly as it was. When it
is done a summary says what was imported, updated and skipped (the first reasons, and a log
file holding every one), and the window reopens the catalogue: the search and the open
monograph reload in place.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from viewer.catalogue.errors import BuildError, CatalogueError
from viewer.ui.host import WindowHost

if TYPE_CHECKING:  # the importer and its parsers load when an import starts, not with the window
    from viewer.catalogue.importer import ImportSummary
    from viewer.sources.records import Skipped

SHOWN_SKIPS = 8  # the summary lists this many reasons; the log file holds them all
LOG_NAME = "last-import.log"


class ImportCancelled(Exception):
    """Raised inside the importer's progress callback when the user cancels."""


class ImportState(StrEnum):
    """How an import ended."""

    DONE = "done"
    CANCELLED = "cancelled"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """How an import ended: done (with its summary), cancelled, or failed (with why)."""

    state: ImportState
    summary: ImportSummary | None = None
    message: str = ""
    log: Path | None = None


class ImportJob:
    """Files labels into ``catalogue``; run on the window's background runner (``TaskRunner``),
    it reports progress through ``report`` and stops cleanly when ``cancel()`` is called."""

    def __init__(self, paths: list[Path], catalogue: Path, log: Path, every: float = 0.1) -> None:
        self.paths, self.catalogue, self.log, self.every = paths, catalogue, log, every
        self._cancel = threading.Event()
        self._last = 0.0

    def cancel(self) -> None:
        self._cancel.set()

    def run(self, report: Callable[..., None]) -> ImportOutcome:
        from viewer.catalogue.importer import import_labels

        def progress(summary: ImportSummary) -> None:
            if self._cancel.is_set():
                raise ImportCancelled
            now = time.monotonic()
            if now - self._last >= self.every:
                self._last = now
                report(summary.read, summary.imported, summary.updated, summary.skipped_count)

        try:
            self.log.parent.mkdir(parents=True, exist_ok=True)
            with open(self.log, "w", encoding="utf-8") as log:
                log.write(
                    f"drugview label import, {datetime.now().isoformat(timespec='seconds')}\n"
                )

                def skipped(item: Skipped) -> None:
                    if self._cancel.is_set():
                        raise ImportCancelled
                    log.write(f"skipped {item.origin}: {item.reason}\n")

                summary = import_labels(self.paths, self.catalogue, progress, skipped)
        except ImportCancelled:
            return ImportOutcome(ImportState.CANCELLED, log=self.log)
        except (CatalogueError, BuildError, OSError) as error:
            return ImportOutcome(ImportState.FAILED, message=str(error), log=self.log)
        return ImportOutcome(ImportState.DONE, summary, log=self.log)


def summary_text(outcome: ImportOutcome) -> str:
    """The summary the window shows when an import ends (plain text)."""
    if outcome.state is ImportState.CANCELLED:
        return "The import was cancelled. The catalogue is exactly as it was."
    if outcome.state is ImportState.FAILED:
        return f"The import failed; the catalogue is exactly as it was.\n{outcome.message}"
    summary = outcome.summary
    assert summary is not None
    lines = [
        f"Imported {summary.imported} labels, updated {summary.updated}, skipped"
        f" {summary.skipped_count} ({summary.created_monographs} new monographs)."
        if summary.replaced
        else "Nothing was imported; the catalogue is unchanged.",
    ]
    if summary.skipped_count and outcome.log is not None:
        try:
            skips = [
                line.removeprefix("skipped ")
                for line in outcome.log.read_text(encoding="utf-8").splitlines()[1:]
            ]
        except OSError:
            skips = []
        lines.append("Skipped:")
        lines += [f"• {line}" for line in skips[:SHOWN_SKIPS]]
        if len(skips) > SHOWN_SKIPS:
            lines.append(f"… and {len(skips) - SHOWN_SKIPS} more.")
        lines.append(f"Every skipped file and the reason: {outcome.log}")
    return "\n".join(lines)


class LabelImporter(QObject):
    """Adds label import to a ``MainWindow``: menu actions, drag and drop, progress, reload."""

    importFinished = Signal(object)  # the ImportOutcome, after the window has reloaded
    progressed = Signal(int, int, int, int)  # read, imported, updated, skipped

    def __init__(self, window: QWidget, log_dir: Path | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.host = cast(WindowHost, window)
        self.log_dir = log_dir
        self.job: ImportJob | None = None
        self.dialog: QProgressDialog | None = None
        # dialogs, behind attributes tests can replace
        self.ask_files: Callable[[], list[str]] = self._ask_files
        self.ask_folder: Callable[[], str | None] = self._ask_folder
        self.show_summary: Callable[[str, str], None] = self._show_summary
        self.files_action = QAction("&Import labels…", window)
        self.files_action.triggered.connect(self.import_files)
        self.folder_action = QAction("Import a &folder of labels…", window)
        self.folder_action.triggered.connect(self.import_folder)
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    def actions(self) -> list[QAction]:
        return [self.files_action, self.folder_action]

    @property
    def running(self) -> bool:
        return self.job is not None

    # -- starting -----------------------------------------------------------------------------

    def import_files(self) -> None:
        chosen = self.ask_files()
        if chosen:
            self.start([Path(p) for p in chosen])

    def import_folder(self) -> None:
        chosen = self.ask_folder()
        if chosen:
            self.start([Path(chosen)])

    def start(self, paths: list[Path]) -> bool:
        """Import ``paths`` into the open catalogue; False when none is open or one runs."""
        catalogue = self.host.catalogue
        if self.job is not None or catalogue is None or not paths:
            return False
        target = catalogue.path
        log = (self.log_dir or target.parent) / LOG_NAME
        job = self.job = ImportJob(paths, target, log)
        self.dialog = QProgressDialog("Importing labels…", "Cancel", 0, 0, self.window)
        self.dialog.setWindowTitle("Import labels")
        self.dialog.setWindowModality(Qt.WindowModality.NonModal)  # the window stays usable
        self.dialog.setMinimumDuration(0)
        self.dialog.canceled.connect(self.cancel)
        self.dialog.show()
        # The window's one writer runner: an import never overlaps a catalogue build.
        self.host.build_tasks.submit(
            job.run,
            on_done=self._on_finished,
            on_error=lambda message: self._on_finished(
                ImportOutcome(ImportState.FAILED, message=message)
            ),
            on_progress=self._on_progress,
            cancel=job.cancel,
        )
        return True

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            if self.dialog is not None:
                self.dialog.setLabelText("Cancelling…")

    def _on_progress(self, read: int, imported: int, updated: int, skipped: int) -> None:
        self.progressed.emit(read, imported, updated, skipped)
        if self.dialog is not None:
            self.dialog.setLabelText(
                f"Importing labels: {read} read, {imported} imported, {updated} updated,"
                f" {skipped} skipped"
            )

    def _on_finished(self, outcome: ImportOutcome) -> None:
        self.job = None
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self.cancel)
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        if (
            outcome.state is ImportState.DONE
            and outcome.summary is not None
            and outcome.summary.replaced
        ):
            self.reload()
        title = {
            ImportState.DONE: "Labels imported",
            ImportState.CANCELLED: "Import cancelled",
        }.get(outcome.state, "Import failed")
        self.show_summary(title, summary_text(outcome))
        self.importFinished.emit(outcome)

    def reload(self) -> None:
        """Reopen the catalogue the import replaced; search and monograph reload in place."""
        window = self.host
        view = window.monograph_view
        shown = view.monograph if view is not None else None
        label = view.label_index if view is not None else 0
        catalogue = window.catalogue
        if catalogue is None or not window.open_catalogue_file(catalogue.path):
            return
        if shown is not None and view is not None and window.catalogue is not None:
            monograph = window.catalogue.monograph(shown.id)
            if monograph is not None:
                view.show_monograph(monograph, window.workspace.editions, window.today())
                if label:
                    view.show_label(label)

    # -- drag and drop ------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.DragEnter:
            assert isinstance(event, QDragEnterEvent)
            if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
                event.acceptProposedAction()
                return True
        if watched is self.window and event.type() == QEvent.Type.Drop:
            assert isinstance(event, QDropEvent)
            paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
            if paths:
                event.acceptProposedAction()
                self.start(paths)
                return True
        return super().eventFilter(watched, event)

    # -- dialogs ------------------------------------------------------------------------------

    def _ask_files(self) -> list[str]:
        chosen, _ = QFileDialog.getOpenFileNames(
            self.window,
            "Import labels",
            "",
            "Labels (*.xml *.json *.zip);;All files (*)",
        )
        return chosen

    def _ask_folder(self) -> str | None:
        return QFileDialog.getExistingDirectory(self.window, "Import a folder of labels") or None

    def _show_summary(self, title: str, text: str) -> None:
        QMessageBox.information(self.window, title, text)
