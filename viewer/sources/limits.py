"""Explicit limits for every label reader, far above real data, and the JSON guard that keeps them.

A hostile or broken file must not take all memory or time: 100,000 nested brackets, a string
of a gigabyte, a zip of a zip of a zip, a compressed member that expands a thousandfold. Every
reader checks the limits below and reports what breaks one, with the limit, as a skipped file
or record; the rest import. The limits sit far above real data (the largest field of the 363
real openFDA labels is about 448 KB, the deepest real SPL nests about 15 elements, real
records nest 4 levels), and tests check that real data never reaches them.

``JsonGuard`` wraps a byte stream of JSON records (a list, or ``{"results": [...]}``) before
ijson sees it. It scans the bytes as they pass (``bytes.replace``, ``find`` and a regular
expression over each chunk: linear time, at C speed), tracks nesting and string length, and
holds back each record until it ends, at most ``MAX_RECORD_BYTES``. A record past a limit
is never handed to the parser: it becomes ``null`` in the stream, with the reason kept for
the caller, and the scan skips to its end, so the records after it still import.
"""

from __future__ import annotations

import re
from typing import Protocol

from viewer.sources.records import LabelError

MB = 1024 * 1024

MAX_JSON_DEPTH = 32  # real openFDA records: 4 levels
# One JSON string; the largest real label field is about 448 KB. ijson's time on one string
# grows with the square of its length past its read size (4 MB of escapes: 0.45 s at 1 MB
# reads, 16 MB: 5.6 s), so the limit keeps each string's cost small and the total linear.
MAX_STRING_BYTES = 4 * MB
PARSER_READ_BYTES = 1 * MB  # what ijson reads at once (its default, 64 KB, is 16 times slower)
MAX_RECORD_BYTES = 64 * MB  # one openFDA record; real ones are under 2 MB
MAX_XML_BYTES = 64 * MB  # one SPL document; real ones are a few MB
MAX_XML_DEPTH = 100  # element nesting in one SPL document; real ones about 15
MAX_ZIP_NESTING = 4  # a zip inside a zip ...; DailyMed ships 2 levels
MAX_ZIP_RATIO = 200  # expanded / compressed size of one member; real XML and JSON about 5-20
ZIP_RATIO_FLOOR = 8 * MB  # members that expand to less than this are never called bombs


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class LimitExceeded(LabelError):
    """A file, member or record breaks one of the limits; the message names the limit."""


def size(count: int) -> str:
    return f"{count // MB} MB" if count >= MB else f"{count // 1024} KB"


_OUTSIDE = re.compile(rb'"|[\[{]+|[\]}]+')
CHUNK = 1 << 16


class JsonGuard:
    """A binary stream over ``stream`` that never hands ijson a record past a limit.

    ``record_depth`` is the nesting at which records sit: 1 for a bare list of records, 2
    for ``{"results": [...]}``. After a record is replaced by ``null``, ``reasons`` maps its
    1-based number to the limit it broke.
    """

    def __init__(self, stream: Readable, record_depth: int) -> None:
        self._stream = stream
        self._record_depth = record_depth
        self.reasons: dict[int, str] = {}
        self._records = 0
        self._depth = 0
        self._in_string = False
        self._carry = False  # the previous chunk ended with an unpaired backslash
        self._string_start = 0  # absolute offset of the open string's first byte
        self._offset = 0  # absolute offset of the start of the current chunk
        self._held = bytearray()  # the record being read, not yet handed on
        self._holding = False
        self._skipping = False  # the current record broke a limit: drop it to its end
        self._out = bytearray()
        self._eof = False
        self._lists = [False]  # per open container, outermost first: is it a list?
        self._last_token = 0  # absolute offset just after the last structural byte

    # -- the stream ijson reads ---------------------------------------------------------------

    def read(self, size: int = -1) -> bytes:
        while not self._out and not self._eof:
            chunk = self._stream.read(CHUNK)
            if not chunk:
                self._eof = True
                self._out += self._held  # a truncated record: ijson reports it as broken
                self._held.clear()
                break
            self._scan(chunk)
        if size < 0 or size >= len(self._out):
            data, self._out = bytes(self._out), bytearray()
        else:
            data = bytes(self._out[:size])
            del self._out[:size]  # cheap at the front of a bytearray: no copy of the rest
        return data

    # -- scanning -----------------------------------------------------------------------------

    def _scan(self, chunk: bytes) -> None:
        view = self._neutralised(chunk)
        position = 0
        start = 0  # of the part of this chunk not yet passed on or dropped
        end = len(chunk)
        while position < end:
            if self._in_string:
                at = view.find(b'"', position)
                if at < 0:  # the chunk ends inside the string
                    self._check_string(self._offset + end)
                    position = end
                    break
                self._check_string(self._offset + at)
                self._in_string = False
                position = at + 1
                continue
            found = _OUTSIDE.search(view, position)
            if found is None:
                if self._offset + end - self._last_token > MAX_STRING_BYTES:
                    self._break(f"holds a value longer than the limit of {size(MAX_STRING_BYTES)}")
                position = end
                break
            at, stop = found.span()  # a quote, or a run of opening or of closing brackets
            byte = view[at]
            position = stop
            self._last_token = self._offset + position
            if byte == 0x22:  # "
                self._in_string = True
                self._string_start = self._offset + at + 1
            elif byte in (0x5B, 0x7B):  # [ {
                for index in range(at, stop):
                    if self._depth > MAX_JSON_DEPTH and self._skipping:
                        self._depth += stop - index  # a dropped record: count the rest at once
                        break
                    self._depth += 1
                    in_list = self._lists[-1]
                    if len(self._lists) <= MAX_JSON_DEPTH:
                        self._lists.append(view[index] == 0x5B)
                    if self._depth == self._record_depth + 1 and in_list:  # a record starts
                        start = self._pass(chunk, start, index)
                        self._records += 1
                        self._holding, self._skipping = True, False
                    elif self._depth > MAX_JSON_DEPTH:
                        self._break(f"nests deeper than the limit of {MAX_JSON_DEPTH} levels")
            else:  # ] }
                index = at
                while index < stop:
                    deep = self._depth - MAX_JSON_DEPTH - 1
                    if deep > 0:  # far inside a dropped record: close at once
                        step = min(deep, stop - index)
                        self._depth -= step
                        index += step
                        continue
                    if 1 <= self._depth <= len(self._lists) - 1:
                        self._lists.pop()
                    self._depth -= 1
                    index += 1
                    if self._depth == self._record_depth and self._holding:
                        start = self._end_record(chunk, start, index)
            if self._holding and not self._skipping:
                held = len(self._held) + position - start
                if held > MAX_RECORD_BYTES:
                    self._break(f"is larger than the limit of {size(MAX_RECORD_BYTES)}")
            if self._skipping:
                start = position  # nothing of a broken record is kept
        self._keep(chunk, start, end)
        if self._holding and not self._skipping and len(self._held) > MAX_RECORD_BYTES:
            self._break(f"is larger than the limit of {size(MAX_RECORD_BYTES)}")
            self._held.clear()
        self._offset += end

    def _neutralised(self, chunk: bytes) -> bytes:
        """``chunk`` with every escape pair (``\\\\`` and ``\\"``) overwritten, same length, so
        that each quote left in it opens or closes a string: ``bytes.replace`` and ``find``
        run at C speed, where a Python loop over escapes took seconds on real labels."""
        if self._carry and chunk:  # the previous chunk ended with an unpaired backslash
            chunk = b"X" + chunk[1:]
        view = chunk.replace(b"\\\\", b"XX").replace(b'\\"', b"XX")
        self._carry = view.endswith(b"\\")
        return view

    def _check_string(self, until: int) -> None:
        if until - self._string_start > MAX_STRING_BYTES and not self._skipping:
            self._break(f"holds a string longer than the limit of {size(MAX_STRING_BYTES)}")

    def _break(self, reason: str) -> None:
        if self._skipping:
            return
        if not self._holding:  # outside any record (the file's own frame): refuse the file
            raise LimitExceeded(reason)
        self.reasons[self._records] = f"record {reason}"
        self._skipping = True
        self._held.clear()

    def _pass(self, chunk: bytes, start: int, until: int) -> int:
        """Hand on ``chunk[start:until]`` (between records, or a held record): returns until."""
        self._keep(chunk, start, until)
        return until

    def _keep(self, chunk: bytes, start: int, until: int) -> None:
        if until <= start:
            return
        if self._holding and not self._skipping:
            self._held += chunk[start:until]
        elif not self._holding:
            self._out += chunk[start:until]

    def _end_record(self, chunk: bytes, start: int, until: int) -> int:
        if self._skipping:
            self._out += b"null"
        else:
            self._held += chunk[start:until]
            self._out += self._held
        self._held = bytearray()
        self._holding = self._skipping = False
        return until
