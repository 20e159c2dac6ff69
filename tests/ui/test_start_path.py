"""What the window loads before it can answer the first search, and what it leaves for later.

The start's cost is Python creating types (modules, dataclasses, PySide6's enum types), so the
window keeps what searching does not need off the path to the first answer and builds it in
the next turn of the event loop. A wall-clock limit would be noise on a shared machine; this
checks the path itself (``bench/window_bench.py`` measures the time).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

START = """
import gc, json, sys
import PySide6.QtCore as QtCore
from viewer.ui.app import application, open_window

app = application()
window = open_window(None)
while window.catalogue is None:
    app.processEvents()
window.search_field.setText("avon")
window.run_search()
first = window.results_model.hit(0).title
loaded = sorted(m for m in sys.modules if m.startswith("viewer") or m == "dataclasses")
qt_namespace = "Qt" in QtCore.__dict__
collector = {"enabled": gc.isenabled(), "frozen": gc.get_freeze_count()}
background = window.search_tasks.busy  # the spelling vocabulary loads with the rest
while not window.rest_ready:
    app.processEvents()
loading = window.search_tasks.busy  # just submitted: its answer comes back as an event
while window.monograph_view is None or window.build_tasks.busy or window.search_tasks.busy:
    app.processEvents()
window.open_row(0)
icon = not app.windowIcon().isNull()
after = sorted(m for m in sys.modules if m.startswith("viewer"))
window.close()
print(json.dumps({"first": first, "loaded": loaded, "qt": qt_namespace, "after": after,
                  "icon": icon, "collector": collector, "background": [background, loading]}))
"""

# Not needed to answer a search; each loads once the window has answered it (the monograph's
# modules when one is opened).
LATER = (
    "viewer.monograph",  # a monograph's types: built when one is opened
    "viewer.catalogue.monographs",
    "viewer.sources.records",
    "viewer.catalogue.atomic",  # the tidy-up of killed writers' files runs in the background
    "viewer.ui.monograph_view",
    "viewer.ui.medication_panel",
    "viewer.medication_list",
    "viewer.ui.label_import",
)


def test_the_first_search_is_answered_before_the_rest_of_the_window_loads(
    small_catalogue: Path, tmp_path: Path
) -> None:
    env = dict(
        os.environ,
        DRUGVIEW_CATALOGUE=str(tmp_path / "catalogue.sqlite"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        QT_QPA_PLATFORM="offscreen",
    )
    (tmp_path / "catalogue.sqlite").write_bytes(small_catalogue.read_bytes())
    result = subprocess.run(
        [sys.executable, "-c", START], env=env, cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["first"] == "Avonex"
    assert [module for module in LATER if module in seen["loaded"]] == []
    # what a search returns is NamedTuples: defining a frozen dataclass costs ~1.5 ms here
    assert "dataclasses" not in seen["loaded"]
    # PySide6 creates the Qt namespace's ninety-odd enum types on first touch (about 40 ms)
    assert seen["qt"] is False
    # the garbage collector, paused while the window started, runs again, without walking
    # the objects the start made (frozen: they live as long as the app)
    assert seen["collector"]["enabled"] is True
    assert seen["collector"]["frozen"] > 10_000
    # the spelling vocabulary starts loading with the rest of the window, not before
    assert seen["background"] == [False, True]
    # ... and everything is there a turn of the event loop later, the app's icon too
    assert [module for module in LATER if module not in seen["after"]] == []
    assert seen["icon"] is True


def test_the_collector_runs_again_even_if_the_content_never_comes(
    qtbot, settings, monkeypatch
) -> None:
    import gc

    from viewer.ui import app as app_module
    from viewer.ui.main_window import MainWindow

    def broken(_window: MainWindow) -> None:
        raise RuntimeError("the content could not be built")

    monkeypatch.setattr(MainWindow, "build_content", broken)
    monkeypatch.setattr(app_module, "COLLECTION_PAUSE_MS", 50)
    assert gc.isenabled()
    with qtbot.capture_exceptions() as raised:
        window = app_module.open_window(None, settings)
        qtbot.addWidget(window)
        assert not gc.isenabled()  # paused while the window starts
        qtbot.waitUntil(gc.isenabled, timeout=5000)
    assert not window.content_ready
    assert [str(error) for _type, error, _trace in raised][:1] == ["the content could not be built"]
