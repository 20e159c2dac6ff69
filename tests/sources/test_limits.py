"""The JSON guard hands ijson exactly the records it was given, whatever the chunking, and
drops only a record that breaks a limit; text cleaning removes controls and bidi overrides."""

from __future__ import annotations

import io
import json
from typing import Any

import ijson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from viewer import cleantext
from viewer.sources import limits
from viewer.sources.limits import JsonGuard, LimitExceeded

values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(alphabet='ab"\\\u00e9\n{}[]', max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3)
    ),
    max_leaves=12,
)
records = st.lists(st.dictionaries(st.text(max_size=4), values, max_size=4), max_size=4)


def through_guard(data: bytes, depth: int, chunk: int) -> tuple[list[Any], dict[int, str]]:
    original = limits.CHUNK
    limits.CHUNK = chunk
    try:
        guard = JsonGuard(io.BytesIO(data), depth)
        prefix = "item" if depth == 1 else "results.item"
        return list(ijson.items(guard, prefix)), guard.reasons
    finally:
        limits.CHUNK = original


@settings(max_examples=200, deadline=None)
@given(records, st.integers(min_value=1, max_value=7), st.booleans())
def test_the_guard_changes_nothing_within_the_limits(
    found: list[dict[str, Any]], chunk: int, wrapped: bool
) -> None:
    document: object = (
        {"meta": {"results": [1, {"a": [2]}]}, "results": found} if wrapped else found
    )
    data = json.dumps(document).encode()
    got, reasons = through_guard(data, 2 if wrapped else 1, chunk)
    assert got == json.loads(data, parse_float=float)["results" if wrapped else slice(None)]
    assert reasons == {}


@pytest.mark.parametrize("chunk", [1, 3, 65536])
def test_a_record_past_a_limit_becomes_null_with_its_reason(
    chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_STRING_BYTES", 10)
    monkeypatch.setattr(limits, "MAX_JSON_DEPTH", 5)
    data = b'[{"a": "short"}, {"b": "' + b'x\\"' * 20 + b'"}, {"c": [[[[[[1]]]]]]}, {"d": 1}]'
    got, reasons = through_guard(data, 1, chunk)
    assert got == [{"a": "short"}, None, None, {"d": 1}]
    assert reasons == {
        2: "record holds a string longer than the limit of 0 KB",
        3: "record nests deeper than the limit of 5 levels",
    }


def test_a_long_string_outside_any_record_refuses_the_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(limits, "MAX_STRING_BYTES", 10)
    data = b'{"meta": {"note": "' + b"x" * 50 + b'"}, "results": [{"a": 1}]}'
    with pytest.raises(LimitExceeded, match="string longer than the limit"):
        through_guard(data, 2, 16)


def test_cleaning_removes_controls_and_bidi_overrides_only() -> None:
    assert (
        cleantext.clean("evil\u202e\u2066x\x1b[0m\x00\ttab\nline é β") == "evilx[0m\ttab\nline é β"
    )
    assert cleantext.for_terminal("a\x1bb\u202ec\nd") == "a\\u001bb\\u202ec\nd"
