"""Drug identity: which active moiety a precise ingredient names, and which brand family a
product name belongs to. Qt-free, SQL-free; shared by the importers, the build and the search.

Every rule here rests on what the sources themselves show, never on a list of drugs:

- A **precise ingredient** ("metoprolol succinate", "haloperidol decanoate") is grouped under
  its **moiety** ("metoprolol") when RxNorm pairs it with that moiety and the words it adds are
  plain salt or ester words (as RxNorm's own precise ingredients show them); or, for names
  RxNorm does not know (its ``A.json`` is missing), when removing such trailing words leaves a
  name that is not itself a bare counter-ion.
- A name is **never reduced to a counter-ion** ("sodium chloride" stays; "ammonium lactate"
  stays), and words that make a drug of its own are never salt words: antibody-drug conjugate
  payloads ("deruxtecan", "vedotin"), pegylation ("pegol"), lipid formulations ("liposome").
  A hyphenated name (biosimilar suffixes: "adalimumab-afzb", "insulin glargine-yfgn") keeps its
  hyphen and is never cut.
- Where one product holds two salts of the same moiety (Bicillin C-R: penicillin G benzathine
  with penicillin G procaine; Adderall's four amphetamine salts), that product lists each salt
  as an ingredient of its own, never one moiety twice nor two salts under one name.
- ``recombinant`` (FDA's "INSULIN GLARGINE RECOMBINANT") is a qualifier, folded like a salt word
  and kept as a searchable synonym.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from viewer.sources.records import IngredientRef, ProductRecord
from viewer.text import normalise, tidy

# Cations and anions that are never a drug's name on their own, whatever the data shows.
COUNTER_IONS = frozenset(
    {
        "sodium",
        "disodium",
        "trisodium",
        "potassium",
        "dipotassium",
        "calcium",
        "magnesium",
        "ammonium",
        "aluminum",
        "aluminium",
        "zinc",
        "ferrous",
        "ferric",
        "cupric",
        "strontium",
        "barium",
        "chloride",
        "bromide",
        "iodide",
        "fluoride",
        "sulfate",
        "phosphate",
        "acetate",
        "citrate",
        "lactate",
        "carbonate",
        "bicarbonate",
        "hydroxide",
        "oxide",
        "gluconate",
        "nitrate",
    }
)
# Words that make a drug of its own: conjugate payloads, pegylation, lipid formulations.
NOT_SALT_WORDS = frozenset(
    {
        "vedotin",
        "deruxtecan",
        "govitecan",
        "emtansine",
        "mafodotin",
        "ozogamicin",
        "tesirine",
        "soravtansine",
        "pasudotox",
        "pegol",
        "liposome",
        "liposomal",
        "complex",
        "conjugate",
    }
)
QUALIFIER_WORDS = frozenset({"recombinant"})

# What RxNorm names as the "ingredient" of a pack's placebo tablets ("7 (inert ingredients 1 MG
# Oral Tablet)"): a product row keeps it, but it is no active ingredient, so it is never in a
# monograph's header nor in what makes a family ("Yaz" is drospirenone and ethinyl estradiol).
INACTIVE_INGREDIENTS = frozenset({"inert ingredients"})


def is_active(name: str) -> bool:
    return normalise(name) not in INACTIVE_INGREDIENTS


_SEPARATOR = re.compile(r"\s*;\s*")


def split_ingredients(text: str) -> list[str]:
    """The ingredients of a Drugs@FDA ``ActiveIngredient`` string, split on ";" with or
    without spaces ("DAPAGLIFLOZIN;METFORMIN HYDROCHLORIDE")."""
    return [part.strip() for part in _SEPARATOR.split(text) if part.strip()]


def display_name(name: str) -> str:
    """An ingredient's display spelling: FDA's capitals lowered, hyphens and case kept
    otherwise ("INSULIN GLARGINE-YFGN" -> "insulin glargine-yfgn"; "penicillin G" stays)."""
    name = tidy(name)
    return name.lower() if name == name.upper() else name


@dataclass(frozen=True, slots=True)
class Resolved:
    """A precise ingredient and the moiety it is grouped under (the same when not grouped)."""

    precise: str
    moiety: IngredientRef


class IngredientIdentity:
    """Resolves precise ingredient names to moieties, from RxNorm's own data.

    ``known`` are RxNorm's ingredients (IN and PIN, with RxCUI and UNII); ``salt_forms`` its
    (precise ingredient, ingredient) pairs; ``moieties`` further base names the sources use as
    ingredients (RxNorm components whose ingredient is missing from the shared copy).
    """

    def __init__(
        self,
        known: Iterable[IngredientRef],
        salt_forms: Iterable[tuple[str, str]],
        moieties: Iterable[str] = (),
    ) -> None:
        self._known = {normalise(ref.name): ref for ref in known}
        self.salt_words: set[str] = set()
        self._pin_base: dict[str, str] = {}
        salt_forms = list(salt_forms)
        self._pin_base_all = {normalise(p): b for p, b in salt_forms}
        self._pin_display = {normalise(p): p for p, _ in salt_forms}
        self._pins_of_base: dict[str, list[tuple[str, str]]] = {}  # base key -> (key, precise)
        for key, precise in self._pin_display.items():
            base_key = normalise(self._pin_base_all[key])
            self._pins_of_base.setdefault(base_key, []).append((key, precise))
        for precise, base in salt_forms:
            suffix = precise[len(base) + 1 :] if precise.startswith(base + " ") else ""
            words = suffix.split()
            if words and all(_plain_salt_word(w) for w in words):
                self._pin_base[normalise(precise)] = base
                if len(words) == 1 and len(words[0]) >= 5:
                    self.salt_words.add(words[0].lower())
        self.strippable = frozenset(self.salt_words | QUALIFIER_WORDS)
        for name in moieties:  # base names only: a name ending in a salt word is precise
            last = normalise(name).rsplit(" ", 1)[-1]
            if last and last not in self.strippable and last not in COUNTER_IONS:
                self._known.setdefault(normalise(name), IngredientRef(name))

    def salt_of(self, precise: str, base: str) -> bool:
        """True when RxNorm pairs ``precise`` with ``base`` ("lactic acid" with "lactate")."""
        return normalise(self._pin_base_all.get(normalise(precise), "")) == normalise(base)

    def precise_in_name(self, base: str, product_name: str) -> list[str]:
        """The precise ingredients of ``base`` a product's name spells out: RxNorm's own
        ("lactic acid" for "lactate"), or the word before it ("ammonium lactate")."""
        text = f" {normalise(product_name)} "
        found = [
            precise
            for key, precise in self._pins_of_base.get(normalise(base), ())
            if f" {key} " in text
        ]
        for match in re.finditer(rf"([A-Za-z]+) {re.escape(base)}\b", product_name):
            found.append(f"{match.group(1).lower()} {base}")
        return list(dict.fromkeys(found))

    def known(self, name: str) -> IngredientRef | None:
        return self._known.get(normalise(name))

    def resolve_all(self, names: Iterable[str]) -> list[Resolved]:
        """One product's ingredients, each once; two salts of one moiety keep their names."""
        resolved = [self.resolve(name) for name in dict.fromkeys(names)]
        moieties = [r.moiety.name for r in resolved]

        def group(item: Resolved) -> str:  # "amphetamine aspartate" goes with "amphetamine"
            return normalise(min((m for m in moieties if covers(item.precise, m)), key=len))

        by_moiety: dict[str, set[str]] = {}
        for item in resolved:
            by_moiety.setdefault(group(item), set()).add(normalise(item.precise))
        out = []
        for item in resolved:
            if len(by_moiety[group(item)]) > 1:
                own = self._known.get(normalise(item.precise)) or IngredientRef(item.precise)
                item = Resolved(item.precise, own)
            if item not in out:
                out.append(item)
        return out

    def is_counter_ion(self, name: str) -> bool:
        """True when every word of ``name`` is a counter-ion or salt word ("sodium")."""
        words = normalise(name).split()
        return bool(words) and all(w in COUNTER_IONS or w in self.salt_words for w in words)

    def resolve(self, name: str) -> Resolved:
        """The moiety ``name`` is grouped under, with ``name`` as its precise ingredient."""
        precise = display_name(name)
        key = normalise(name)
        known = self._known.get(key)
        if known is not None:
            precise = known.name
        if key in self._pin_base:
            base = self._pin_base[key]
            if self.is_counter_ion(base):  # RxNorm's "lactate" for "ammonium lactate"
                return Resolved(precise, known or IngredientRef(precise))
            return Resolved(precise, self._known.get(normalise(base)) or IngredientRef(base))
        if known is not None:
            return Resolved(precise, known)
        if "-" in name:  # a hyphenated name (biosimilar suffix) is a name of its own
            return Resolved(precise, IngredientRef(precise))
        words = precise.split()
        fallback: str | None = None
        for cut in range(len(words) - 1, 0, -1):
            head, tail = " ".join(words[:cut]), [w.lower() for w in words[cut:]]
            if not all(_plain_salt_word(w) for w in tail) or self.is_counter_ion(head):
                break
            found = self._known.get(normalise(head))
            if found is not None:
                return Resolved(precise, found)
            salts = self.strippable | COUNTER_IONS
            plain_head = words[cut - 1].lower() not in salts
            if fallback is None and plain_head and all(w in salts for w in tail):
                fallback = head
        return Resolved(precise, IngredientRef(fallback or precise))


def covers(precise: str, moiety: str) -> bool:
    """True when a precise ingredient's name contains the moiety's words
    ("ado-trastuzumab emtansine" covers "trastuzumab")."""
    return f" {normalise(moiety)} " in f" {normalise(precise)} "


_BIOLOGIC_AFFIX = re.compile(r"^(?:ado|fam)-|-[a-z]{4}$")  # "fam-", "ado-"; "-tmca", "-nxki"
_HYDRATE = re.compile(r"(?:mono|di|tri|tetra|penta|hexa|hepta|octa|hemi|sesqui)?hydrate|anhydrous")


def same_substance_name(a: str, b: str, salt_words: frozenset[str]) -> bool:
    """True when names ``a`` and ``b`` can only be one substance: equal once a biologic's
    FDA prefix and four-letter suffix are set aside, or one is the other followed only by salt,
    counter-ion or hydrate words ("pemetrexed disodium heptahydrate", "divalproex sodium";
    never "trastuzumab deruxtecan" for "trastuzumab"). Used only with a label that covers the
    products by their identifiers."""
    core_a = normalise(_BIOLOGIC_AFFIX.sub("", a.strip().lower())).split()
    core_b = normalise(_BIOLOGIC_AFFIX.sub("", b.strip().lower())).split()
    short, long = sorted((core_a, core_b), key=len)
    if not short or long[: len(short)] != short:
        return False
    return all(
        w in salt_words or w in COUNTER_IONS or _HYDRATE.fullmatch(w) for w in long[len(short) :]
    )


def _plain_salt_word(word: str) -> bool:
    return word.isalpha() and word.islower() and word not in NOT_SALT_WORDS


# ---------------------------------------------------------------------------------------------
# brand families

# Words a source adds to a brand for its packaging or device, never part of the brand itself.
_PACKAGING = re.compile(
    r"\s+(?:in\s+plastic\s+container|in\s+glass\s+container|in\s+plastic|"
    r"prefilled\s+syringe|pre-filled\s+syringe|single-dose\s+vial|solostar|kwikpen|flexpen|"
    r"flextouch|autoinjector|auto-injector|pen|kit|starter\s+kit|pfs|extra\s+strength|"
    r"\((?:for\s+)?(?:men|women|adults|children)\))\s*$",
    re.IGNORECASE,
)
# A strength in a name: numbers, percentages, ratios, quoted strengths ("'250'").
_STRENGTH_TOKEN = re.compile(
    r"^(?:'[^']*'|\"[^\"]*\"|[\d.,/:]+%?|\d[\d.,/]*(?:mg|mcg|g|ml)?)$", re.IGNORECASE
)


def brand_family_name(brand: str) -> str:
    """The brand a product name is sold under, without the packaging, device and strength
    words a source adds ("LANTUS SOLOSTAR" stays two words; see ``family_key`` for how
    device names are tied; "TRAVASOL 10% IN PLASTIC CONTAINER" -> "TRAVASOL",
    "AUGMENTIN '250'" -> "AUGMENTIN")."""
    name = tidy(brand)
    while True:
        shorter = _PACKAGING.sub("", name)
        if shorter == name or not shorter.strip():
            break
        name = shorter
    tokens = name.split(" ")
    for at in range(1, len(tokens)):
        if _STRENGTH_TOKEN.match(tokens[at]):
            return " ".join(tokens[:at])
    return name


def resolve_product(product: ProductRecord, identity: IngredientIdentity) -> ProductRecord:
    """``product`` with its ingredients as moieties and its precise ingredients listed in full.

    RxNorm names a product's precise ingredients ("metoprolol succinate") apart from its base
    ingredients ("metoprolol"); each precise name is resolved, and a base it covers is not
    listed again. Bases no precise name covers are resolved as they are.
    """
    names = list(product.precise_names)
    for ref in product.ingredients:
        if not any(covers(n, ref.name) or identity.salt_of(n, ref.name) for n in names):
            if identity.is_counter_ion(ref.name):  # a pack: its name says which salt
                names.extend(identity.precise_in_name(ref.name, product.product_name) or [ref.name])
            else:
                names.append(ref.name)
    resolved = identity.resolve_all(names)
    moieties: dict[str, IngredientRef] = {}
    for item in resolved:
        if is_active(item.moiety.name):
            moieties.setdefault(normalise(item.moiety.name), item.moiety)
    return replace(
        product,
        ingredients=tuple(moieties.values()),
        precise_names=tuple(dict.fromkeys(r.precise for r in resolved)),
    )
