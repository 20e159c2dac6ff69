"""A patient's medication list: an ordered working list of monographs, and its findings.

Qt-free; the window and ``drugview interactions`` both drive it. The list lives in memory only:
nothing is written unless the user saves it to a file they choose, and the file holds drug names
and catalogue slugs, never anything about the patient. Loading a list back resolves each drug by
its slug in the catalogue now open; a drug that catalogue does not have is reported by name.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from viewer.interactions import Drug, PairFindings, check
from viewer.monograph import Monograph

FILE_FORMAT = "drugview medication list"
FILE_VERSION = 1
CLASS_KINDS = ("epc", "moa")  # established pharmacologic class, mechanism-of-action class


class MedicationListError(Exception):
    """A list file that cannot be read or written; the message is one line for the user."""


class MonographSource(Protocol):
    """What the list needs of a catalogue (``viewer.catalogue.store.Catalogue`` has it)."""

    def monograph(self, monograph_id: int) -> Monograph | None: ...

    def monograph_id_for_slug(self, slug: str) -> int | None: ...

    def salt_words(self) -> frozenset[str]: ...


@dataclass(frozen=True, slots=True)
class Entry:
    monograph_id: int
    slug: str
    title: str


class MedicationList:
    """An ordered list of distinct monographs; every change keeps the order the user gave."""

    def __init__(self, entries: Iterable[Entry] = ()) -> None:
        self._entries: list[Entry] = []
        for entry in entries:
            self.add(entry)

    @property
    def entries(self) -> tuple[Entry, ...]:
        return tuple(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def index_of(self, monograph_id: int) -> int | None:
        return next(
            (i for i, e in enumerate(self._entries) if e.monograph_id == monograph_id), None
        )

    def add(self, entry: Entry) -> bool:
        """Append ``entry``; False (and no change) when that monograph is already listed."""
        if self.index_of(entry.monograph_id) is not None:
            return False
        self._entries.append(entry)
        return True

    def remove(self, index: int) -> Entry:
        return self._entries.pop(index)

    def move(self, index: int, to: int) -> None:
        """Move the entry at ``index`` to position ``to`` (clamped to the list)."""
        to = max(0, min(to, len(self._entries) - 1))
        self._entries.insert(to, self._entries.pop(index))

    def clear(self) -> None:
        self._entries.clear()

    # -- a file the user chooses ----------------------------------------------------------------

    def save(self, path: Path) -> None:
        """Write the list to ``path`` (atomically: a failure leaves any old file as it was)."""
        document = {
            "format": FILE_FORMAT,
            "version": FILE_VERSION,
            "drugs": [{"slug": e.slug, "title": e.title} for e in self._entries],
        }
        target = path.expanduser()
        folder = target.parent if str(target.parent) else Path(".")
        try:
            handle, temporary = tempfile.mkstemp(prefix=".medlist-", suffix=".tmp", dir=folder)
        except OSError as error:
            raise MedicationListError(
                f"cannot save the list in {folder}: {error.strerror or error}"
            ) from error
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(document, stream, ensure_ascii=False, indent=2)
                stream.write("\n")
            os.replace(temporary, target)
        except OSError as error:
            Path(temporary).unlink(missing_ok=True)
            raise MedicationListError(
                f"cannot save the list as {target}: {error.strerror or error}"
            ) from error

    @classmethod
    def load(cls, path: Path, catalogue: MonographSource) -> tuple[MedicationList, list[str]]:
        """The list saved in ``path``, and the titles of drugs this catalogue does not have."""
        drugs = _read_list_file(path.expanduser())
        entries, missing = [], []
        for slug, title in drugs:
            monograph_id = catalogue.monograph_id_for_slug(slug)
            monograph = catalogue.monograph(monograph_id) if monograph_id is not None else None
            if monograph is None:
                missing.append(title or slug)
            else:
                entries.append(entry_for(monograph))
        return cls(entries), missing


def _read_list_file(path: Path) -> list[tuple[str, str]]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise MedicationListError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise MedicationListError(f"{path}: is a folder, not a medication list") from None
    except OSError as error:
        raise MedicationListError(f"{path}: cannot be read ({error.strerror or error})") from None
    try:
        document: Any = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise MedicationListError(f"{path}: is not a drugview medication list (not JSON)") from None
    if not isinstance(document, dict) or document.get("format") != FILE_FORMAT:
        raise MedicationListError(f"{path}: is not a drugview medication list")
    if document.get("version") != FILE_VERSION:
        raise MedicationListError(
            f"{path}: is a medication list of version {document.get('version')!r};"
            f" this drugview reads version {FILE_VERSION}"
        )
    drugs = document.get("drugs")
    if not isinstance(drugs, list) or not all(
        isinstance(d, dict) and isinstance(d.get("slug"), str) for d in drugs
    ):
        raise MedicationListError(f"{path}: the list of drugs is damaged")
    return [(d["slug"], str(d.get("title") or "")) for d in drugs]


def entry_for(monograph: Monograph) -> Entry:
    return Entry(monograph.id, monograph.slug, monograph.title)


# -- the catalogue's side: names, salt words, classes -------------------------------------------


def recorded_classes(monograph: Monograph) -> tuple[str, ...]:
    """The pharmacologic class names the catalogue records for a monograph's labels.

    Only the established (EPC) and mechanism-of-action (MoA) classes, as openFDA publishes them
    (``Monograph.pharm_classes``, filled by the store from the labels' ``pharm_class_*``); a
    catalogue without class data gives none, and the findings then rest on names alone.
    """
    return tuple(dict.fromkeys(c.name for c in monograph.pharm_classes if c.kind in CLASS_KINDS))


def drugs_for(catalogue: MonographSource, monographs: Sequence[Monograph]) -> list[Drug]:
    salt_words = catalogue.salt_words()
    return [Drug(m, recorded_classes(m), salt_words) for m in monographs]


def findings(
    catalogue: MonographSource, entries: Sequence[Entry]
) -> tuple[list[Drug], list[PairFindings]]:
    """The list's drugs read from ``catalogue`` and what their labels say about each other."""
    monographs = []
    for entry in entries:
        monograph = catalogue.monograph(entry.monograph_id)
        if monograph is None:
            raise MedicationListError(f"{entry.title} is not in this catalogue")
        monographs.append(monograph)
    drugs = drugs_for(catalogue, monographs)
    return drugs, check(drugs)
