"""Route terms in plain words: wording only, and unknown terms shown as the label wrote them."""

from __future__ import annotations

import pytest

from viewer.routes import PLAIN_ROUTES, plain_routes, route_terms


@pytest.mark.parametrize(
    ("route", "terms"),
    [
        ("intramuscular", ["intramuscular"]),
        ("Intramuscular, Intravenous", ["intramuscular", "intravenous"]),
        ("oral-28", ["oral"]),
        ("iv (infusion)", ["infusion"]),
        ("im-iv", ["intramuscular", "intravenous"]),
        ("n/a", []),
        ("single-use", []),
        (None, []),
        ("intracavernosal", ["intracavernosal"]),
    ],
)
def test_route_terms_split_and_normalise(route: str | None, terms: list[str]) -> None:
    assert route_terms(route) == terms


def test_intramuscular_is_an_injection_into_a_muscle() -> None:
    (route,) = plain_routes(["intramuscular"])
    assert route.sentence_part() == "given as an injection into a muscle (intramuscular)"


def test_unknown_route_is_quoted_not_guessed() -> None:
    (route,) = plain_routes(["intracavernosal"])
    assert route.phrase is None
    assert route.sentence_part() == "used by the route the label calls “intracavernosal”"


def test_bare_injection_is_dropped_beside_a_precise_one() -> None:
    assert [r.term for r in plain_routes(["injection", "subcutaneous"])] == ["subcutaneous"]
    assert [r.term for r in plain_routes(["injection"])] == ["injection"]


def test_distinct_routes_in_first_seen_order() -> None:
    terms = [r.term for r in plain_routes(["oral", "topical, oral", None, "oral-21"])]
    assert terms == ["oral", "topical"]


def test_every_phrase_is_plain_words() -> None:
    for term, phrase in PLAIN_ROUTES.items():
        if term == "injection":  # already an everyday word
            continue
        assert term not in phrase.replace("(", " ").split(), term  # not the jargon term itself
        assert phrase == phrase.strip() and not phrase.endswith(".")
