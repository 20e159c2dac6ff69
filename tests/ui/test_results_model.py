"""The result list's model speaks Qt's own roles and flags without touching ``Qt`` to do so."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from viewer.model import NameKind, SearchHit
from viewer.ui import results_model
from viewer.ui.results_model import ResultsModel


def _hit() -> SearchHit:
    return SearchHit(
        monograph_id=1,
        title="Avonex",
        kind="brand",
        brands=("Avonex",),
        ingredients=("interferon beta-1a",),
        matched_name="Avonex",
        matched_kind=NameKind.BRAND,
        tier=0,
    )


def test_the_roles_written_as_numbers_are_qts_roles() -> None:
    role = Qt.ItemDataRole
    assert role.DisplayRole.value == results_model.DISPLAY_ROLE
    assert role.ToolTipRole.value == results_model.TOOLTIP_ROLE
    assert role.AccessibleTextRole.value == results_model.ACCESSIBLE_TEXT_ROLE
    assert role.UserRole.value == results_model.USER_ROLE


def test_a_hit_answers_qts_roles(qapp) -> None:
    model = ResultsModel()
    model.set_hits([_hit()])
    index = model.index(0, 0)
    assert index.data(Qt.ItemDataRole.DisplayRole) == "Avonex"
    detail = index.data(Qt.ItemDataRole.ToolTipRole)
    assert "interferon beta-1a" in detail and "matched brand name: Avonex" in detail
    assert index.data(Qt.ItemDataRole.AccessibleTextRole) == f"Avonex. {detail}"
    assert index.data(results_model.HIT_ROLE) == _hit()


def test_a_hit_can_be_selected_and_has_no_children(qapp) -> None:
    model = ResultsModel()
    model.set_hits([_hit()])
    flags = model.flags(model.index(0, 0))
    assert flags & Qt.ItemFlag.ItemIsEnabled
    assert flags & Qt.ItemFlag.ItemIsSelectable
    assert flags & Qt.ItemFlag.ItemNeverHasChildren
    assert not flags & Qt.ItemFlag.ItemIsEditable
    assert model.flags(QModelIndex()) == Qt.ItemFlag.NoItemFlags
