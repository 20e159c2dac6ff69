"""Guards against a Qt binding that mishandles None returned from Python overrides.

PySide6 6.12.0 drops a reference to None every time C++ calls a Python ``data()`` that returns
None; on Python 3.11 (None is not immortal there) the app aborts after a few thousand repaints.
pyproject.toml keeps PySide6 below 6.12 for this; this test fails if a bad version slips in.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyleOptionViewItem

from viewer.model import NameKind, SearchHit
from viewer.ui.results_model import ResultDelegate, ResultsModel


def test_returning_none_from_data_does_not_unbalance_none() -> None:
    model = ResultsModel()
    model.set_hits(
        [
            SearchHit(
                1,
                "Avonex",
                "brand",
                ("Avonex",),
                ("interferon beta-1a",),
                "Avonex",
                NameKind.BRAND,
                0,
            )
        ]
    )
    index = model.index(0, 0)
    delegate = ResultDelegate()
    option = QStyleOptionViewItem()
    before = sys.getrefcount(None)
    for _ in range(500):
        index.data(Qt.ItemDataRole.DecorationRole)  # None from Python, through C++
        delegate.initStyleOption(option, index)
    assert sys.getrefcount(None) - before > -50
