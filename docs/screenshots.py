"""Take the monograph-page screenshots in docs/ from the real window (run under Xvfb).

    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python docs/screenshots.py CATALOGUE

Each argument after the catalogue is QUERY:FILE.png (the first result is opened).
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from viewer.catalogue.store import Catalogue
from viewer.ui.main_window import MainWindow

SHOTS = ("coumadin:screenshot-coumadin.png", "plavix:screenshot-plavix.png",
         "rebif:screenshot-no-label-text.png")  # fmt: skip


def main(argv: list[str]) -> None:
    catalogue, shots = Path(argv[0]), argv[1:] or list(SHOTS)
    docs = Path(__file__).resolve().parent
    app = QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        settings = QSettings(str(Path(folder) / "shot.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings, today=date.today)
        window.resize(1400, 900)
        window.show()
        window.build_content()
        for _ in range(3):  # let the docked medication list take its width first
            app.processEvents()
        window.splitter.setSizes([300, window.splitter.width() - 300])
        window.set_catalogue(Catalogue.open(catalogue))
        for shot in shots:
            query, name = shot.split(":")
            window.search_field.setText(query)
            window.run_search()
            app.processEvents()
            window.open_current()
            for _ in range(5):
                app.processEvents()
            window.grab().save(str(docs / name))
            print("saved", docs / name)


if __name__ == "__main__":
    main(sys.argv[1:])
