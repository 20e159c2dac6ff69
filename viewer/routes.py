"""Route terms in plain words, for a patient handout (wording only, no clinical content).

The catalogue records routes as the sources spell them ("intramuscular", "oral-28",
"iv (infusion)", "intramuscular, intravenous"). A patient reads "an injection into a muscle"
more easily than "intramuscular", so each known route term has a plain phrase that finishes the
sentence "<medicine> is ...". The phrase only restates the term; a term we do not know is shown
as the label wrote it, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Plain phrase for each route term, written to follow "<medicine> is ...".
PLAIN_ROUTES: dict[str, str] = {
    "intramuscular": "given as an injection into a muscle",
    "subcutaneous": "given as an injection under the skin",
    "intravenous": "given into a vein, as an injection or a drip",
    "infusion": "given as a drip into a vein",
    "injection": "given as an injection",
    "intradermal": "given as an injection into the skin",
    "intra-articular": "given as an injection into a joint",
    "intravitreal": "given as an injection into the eye",
    "intrathecal": "given as an injection into the fluid around the spine",
    "epidural": "given as an injection into the space around the spinal cord",
    "oral": "taken by mouth",
    "sublingual": "placed under the tongue to dissolve",
    "buccal": "placed inside the cheek to dissolve",
    "topical": "put on the skin",
    "transdermal": "put on the skin, where the medicine passes through into the body",
    "ophthalmic": "put in the eye",
    "otic": "put in the ear",
    "nasal": "used in the nose",
    "inhalation": "breathed in",
    "rectal": "put into the back passage (rectum)",
    "vaginal": "put into the vagina",
    "intravesical": "put into the bladder",
    "intrauterine": "placed in the womb (uterus)",
    "dental": "used on the teeth or gums",
}

# Other spellings of the same terms in the sources.
_ALIASES: dict[str, tuple[str, ...]] = {
    "iv (infusion)": ("infusion",),
    "iv": ("intravenous",),
    "im": ("intramuscular",),
    "im-iv": ("intramuscular", "intravenous"),
    "sc": ("subcutaneous",),
    "subcutaneous lyophilized power": ("subcutaneous",),
    "intravenous infusion": ("infusion",),
}

# Words that appear in the route column but say nothing about a route.
_NOT_ROUTES = frozenset(
    {"", "n/a", "na", "not applicable", "single-use", "single-dose", "multidose"}
)
_PACK_SUFFIX = re.compile(r"-\d+$")  # "oral-28": a 28-tablet pack taken by mouth


@dataclass(frozen=True, slots=True)
class PlainRoute:
    """One route term and its plain phrase; ``phrase`` is None for a term we do not know."""

    term: str
    phrase: str | None

    def sentence_part(self) -> str:
        if self.phrase is None:
            return f"used by the route the label calls “{self.term}”"
        return f"{self.phrase} ({self.term})"


def route_terms(route: str | None) -> list[str]:
    """The separate route terms in one source value, normalised; non-routes dropped."""
    terms: list[str] = []
    for part in (route or "").split(","):
        key = " ".join(part.lower().split())
        key = _PACK_SUFFIX.sub("", key)
        if key in _NOT_ROUTES:
            continue
        for term in _ALIASES.get(key, (key,)):
            if term not in terms:
                terms.append(term)
    return terms


def plain_routes(routes: list[str | None]) -> list[PlainRoute]:
    """Plain phrases for every distinct route in ``routes``, in first-seen order.

    A bare "injection" is dropped when a more precise injection route is also listed, so a
    patient does not read the same thing twice.
    """
    terms: list[str] = []
    for route in routes:
        for term in route_terms(route):
            if term not in terms:
                terms.append(term)
    precise_injection = any(
        term != "injection" and any(w in PLAIN_ROUTES.get(term, "") for w in ("injection", "vein"))
        for term in terms
    )
    if precise_injection and "injection" in terms:
        terms.remove("injection")
    return [PlainRoute(term, PLAIN_ROUTES.get(term)) for term in terms]
