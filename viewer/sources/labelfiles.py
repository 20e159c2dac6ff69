"""Find the labels in the paths a user names: SPL XML, openFDA JSON, zip archives, folders.

Files are recognised by their first bytes, not their names, when the user names them; inside
folders only ``.xml``, ``.json`` and ``.zip`` files are read (DailyMed folders also hold the
labels' images). Zip archives may hold SPL XML, openFDA JSON or further zip archives, as
DailyMed ships them (one zip per label inside a release zip). Everything is read lazily, one
label at a time, and every file, member or record that cannot be read becomes a ``Skipped``
with its reason: a bad file never stops the others. The limits of ``viewer.sources.limits``
hold here: zips nest at most 4 deep, a member that expands like a bomb is not opened, an SPL
document is read up to its size limit and no further.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from viewer.cleantext import clean_record, long_name
from viewer.sources import openfda, spl
from viewer.sources.limits import (
    MAX_XML_BYTES,
    MAX_ZIP_NESTING,
    MAX_ZIP_RATIO,
    ZIP_RATIO_FLOOR,
    size,
)
from viewer.sources.records import LabelError, LabelRecord, Skipped

LABEL_SUFFIXES = (".xml", ".json", ".zip")
# Nested archives up to this size are read into memory; larger ones are read in place.
NESTED_IN_MEMORY = 256 * 1024 * 1024
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError)

LabelItem = LabelRecord | Skipped
_TOO_LARGE = f"is larger than the limit of {size(MAX_XML_BYTES)} for one SPL document"


def read_labels(paths: Iterable[Path]) -> Iterator[LabelItem]:
    """Every label under ``paths``, in order, and a ``Skipped`` for everything unreadable.

    Each label's strings are cleaned of control characters and bidi overrides; a label naming
    a product or ingredient past a sane length is skipped (``viewer.cleantext``).
    """
    for item in _read_paths(paths):
        if isinstance(item, LabelRecord):
            too_long = long_name(item)
            if too_long:
                yield Skipped(item.origin, too_long)
                continue
            item = clean_record(item)
        yield item


def _read_paths(paths: Iterable[Path]) -> Iterator[LabelItem]:
    for path in paths:
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file())
            found = [p for p in files if p.name.lower().endswith(LABEL_SUFFIXES)]
            if not found:
                yield Skipped(str(path), "holds no .xml, .json or .zip files")
            for file in found:
                yield from read_file(file)
        elif path.exists():
            yield from read_file(path)
        else:
            yield Skipped(str(path), "no such file or folder")


def read_file(path: Path) -> Iterator[LabelItem]:
    origin = str(path)
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below; the open itself may fail
    except OSError as error:
        yield Skipped(origin, f"cannot be read ({error.strerror or error})")
        return
    with handle:
        try:
            head = handle.read(8)
            handle.seek(0)
        except OSError as error:
            yield Skipped(origin, f"cannot be read ({error.strerror or error})")
            return
        yield from _read_stream(handle, head, origin)


def _read_stream(
    stream: IO[bytes], head: bytes, origin: str, nesting: int = 0
) -> Iterator[LabelItem]:
    kind = _kind(head)
    if kind == "zip":
        yield from _read_zip(stream, origin, nesting + 1)
    elif kind == "xml":
        try:
            data = stream.read(MAX_XML_BYTES + 1)  # never more than the limit, whatever the size
        except _ZIP_ERRORS as error:
            yield Skipped(origin, f"cannot be read ({error})")
            return
        if len(data) > MAX_XML_BYTES:
            yield Skipped(origin, _TOO_LARGE)
            return
        yield _spl(data, origin)
    elif kind == "json":
        try:
            yield from openfda.iter_labels(stream, origin)
        except _ZIP_ERRORS as error:
            yield Skipped(origin, f"cannot be read to the end ({error})")
    elif not head.strip():
        yield Skipped(origin, "is empty")
    else:
        yield Skipped(origin, "is not an SPL XML file, an openFDA JSON file or a zip archive")


def _kind(head: bytes) -> str | None:
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"PK"):
        return "zip"
    if stripped.startswith(b"<"):
        return "xml"
    if stripped.startswith((b"{", b"[")):
        return "json"
    return None


def _spl(data: bytes, origin: str) -> LabelItem:
    try:
        return spl.parse(data, origin)
    except LabelError as error:
        return Skipped(origin, str(error))


def _read_zip(stream: IO[bytes], origin: str, nesting: int) -> Iterator[LabelItem]:
    if nesting > MAX_ZIP_NESTING:
        yield Skipped(
            origin, f"is a zip archive nested deeper than the limit of {MAX_ZIP_NESTING} archives"
        )
        return
    try:
        archive = zipfile.ZipFile(stream)
        members = [m for m in archive.infolist() if not m.is_dir()]
    except _ZIP_ERRORS as error:
        yield Skipped(origin, f"is not a readable zip archive ({error})")
        return
    with archive:
        wanted = [m for m in members if m.filename.lower().endswith(LABEL_SUFFIXES)]
        if not wanted:
            yield Skipped(origin, "holds no .xml, .json or .zip files")
        for member in wanted:
            where = f"{origin}!{member.filename}"
            problem = _member_problem(member)
            if problem:
                yield Skipped(where, problem)
                continue
            try:
                yield from _read_member(archive, member, where, nesting)
            except _ZIP_ERRORS as error:
                yield Skipped(where, f"cannot be read from the archive ({error})")


def _member_problem(member: zipfile.ZipInfo) -> str | None:
    """Why a member is not even opened: it expands like a zip bomb (sizes as declared; the
    zip reader never gives more than the declared size)."""
    expanded, packed = member.file_size, max(member.compress_size, 1)
    if expanded > ZIP_RATIO_FLOOR and expanded > MAX_ZIP_RATIO * packed:
        return (
            f"expands {expanded // packed:,}-fold ({size(packed)} to {size(expanded)}), past the"
            f" limit of {MAX_ZIP_RATIO}-fold for one member: a zip bomb, not a label"
        )
    if _extension(member.filename) == "xml" and expanded > MAX_XML_BYTES:
        return _TOO_LARGE
    return None


def _extension(name: str) -> str:
    return name.lower().rsplit(".", 1)[-1]


def _read_member(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, where: str, nesting: int
) -> Iterator[LabelItem]:
    with archive.open(member) as raw:
        head = raw.read(8)
    if _kind(head) == "zip" and member.file_size <= NESTED_IN_MEMORY:
        with archive.open(member) as raw:
            data = raw.read(NESTED_IN_MEMORY + 1)
        yield from _read_stream(io.BytesIO(data), head, where, nesting)
        return
    with archive.open(member) as raw:
        yield from _read_stream(raw, head, where, nesting)
