"""Build the app's catalogue off the UI thread, reporting progress as Qt signals."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal

from viewer.catalogue.errors import BuildError


class BuildWorker(QThread):
    """Runs ``build_catalogue`` in a thread; ``finished_build(ok, message)`` when done."""

    progressed = Signal(str, int, int)
    finished_build = Signal(bool, str)

    def __init__(
        self,
        data_dir: Path,
        output: Path,
        parent: QObject | None = None,
        carry_labels_from: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.output = output
        self.carry_labels_from = carry_labels_from

    def run(self) -> None:
        from viewer.catalogue.build import build_catalogue  # not needed when no build runs

        try:
            summary = build_catalogue(
                self.data_dir,
                self.output,
                self.progressed.emit,
                carry_labels_from=self.carry_labels_from,
            )
        except BuildError as error:
            self.finished_build.emit(False, str(error))
            return
        self.finished_build.emit(True, f"{summary.monographs} monographs")
