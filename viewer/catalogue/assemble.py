"""Merge the records of every source into monographs, keeping each fact's provenance.

A monograph is one brand family (every product sold under the brand, from any source), or, for
products sold under no brand, one generic product family (same set of active ingredients).
Sources never overwrite each other: forms and sections are kept side by side with their source,
so where RxNorm, Drugs@FDA and a curated page disagree the reader sees all of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from viewer.identity import brand_family_name, is_active
from viewer.model import NameKind, SourceKey
from viewer.sources.records import (
    CuratedMonograph,
    IngredientRef,
    ProductRecord,
    ReviewRecord,
    SectionRecord,
)
from viewer.text import normalise, slugify

# Which source names a monograph, when several describe it (first wins).
TITLE_PRIORITY = (
    SourceKey.CURATED,
    SourceKey.RXNORM,
    SourceKey.SPL,
    SourceKey.OPENFDA,
    SourceKey.DRUGSATFDA,
)
ACTIVE_STATUSES = frozenset({"Prescription", "Over-the-counter"})


@dataclass
class Draft:
    """A monograph being assembled."""

    key: str
    kind: str  # "brand" or "generic"
    titles: dict[str, str] = field(default_factory=dict)  # source -> title
    brands: dict[str, str] = field(default_factory=dict)  # key -> display
    ingredients: dict[str, tuple[IngredientRef, set[str]]] = field(default_factory=dict)
    synonyms: dict[str, str] = field(default_factory=dict)
    forms: list[ProductRecord] = field(default_factory=list)
    sections: list[SectionRecord] = field(default_factory=list)
    review: ReviewRecord | None = None
    sources: set[str] = field(default_factory=set)
    active: bool = False
    slug: str = ""

    @property
    def title(self) -> str:
        for source in TITLE_PRIORITY:
            if source in self.titles:
                return self.titles[source]
        return next(iter(self.titles.values()))

    def add_ingredient(self, ref: IngredientRef, source: str) -> None:
        key = normalise(ref.name)
        if not key:
            return
        known, sources = self.ingredients.get(key, (ref, set()))
        if (known.unii is None and ref.unii) or (known.rxcui is None and ref.rxcui):
            known = IngredientRef(known.name, known.unii or ref.unii, known.rxcui or ref.rxcui)
        self.ingredients[key] = (known, sources | {source})

    def names(self) -> list[tuple[NameKind, str]]:
        """Every searchable name, each once, under its strongest kind."""
        found: dict[str, tuple[NameKind, str]] = {}
        candidates = [
            *((NameKind.BRAND, b) for b in self.brands.values()),
            (NameKind.TITLE, self.title),
            *((NameKind.INGREDIENT, ref.name) for ref, _ in self.ingredients.values()),
            *((NameKind.SYNONYM, s) for s in self.synonyms.values()),
        ]
        for kind, display in candidates:
            key = normalise(display)
            if key and key not in found:
                found[key] = (kind, display)
        return sorted(found.values(), key=lambda kd: (kd[0].value, normalise(kd[1])))


class Assembler:
    """Collects records from all sources, then hands out finished drafts in a stable order.

    Products are grouped only when all are in (``drafts``), because a family's name can be
    settled only then: a brand family is one brand name (without packaging, device and
    strength words; see ``viewer.identity.brand_family_name``) and one set of active moieties,
    and two names one application sells with the same moieties, one the other's first words
    ("LANTUS SOLOSTAR" and "LANTUS" under NDA 021081), are one family.
    """

    def __init__(self, known_ingredients: dict[str, IngredientRef] | None = None) -> None:
        self._drafts: dict[str, Draft] = {}
        self._known = {normalise(k): v for k, v in (known_ingredients or {}).items()}
        self._products: list[ProductRecord] = []
        self._curated: list[CuratedMonograph] = []

    def _draft(self, key: str, kind: str) -> Draft:
        if key not in self._drafts:
            self._drafts[key] = Draft(key=key, kind=kind)
        return self._drafts[key]

    def _resolve(self, ref: IngredientRef) -> IngredientRef:
        """Fill in UNII and RxCUI from RxNorm when a source names the ingredient without them."""
        known = self._known.get(normalise(ref.name))
        if known and (ref.unii is None or ref.rxcui is None):
            return IngredientRef(ref.name, ref.unii or known.unii, ref.rxcui or known.rxcui)
        return ref

    @staticmethod
    def generic_key(ingredients: Iterable[IngredientRef]) -> str:
        return "generic:" + ingredient_set_key(ingredients)

    def add_product(self, product: ProductRecord) -> None:
        self._products.append(product)

    def add_curated(self, curated: CuratedMonograph) -> None:
        self._curated.append(curated)

    def _families(self) -> dict[tuple[str, str], str]:
        """(brand family key, ingredient set key) -> the family it belongs to."""
        by_application: dict[tuple[str, str], set[str]] = {}
        for product in self._products:
            if product.brand and product.application:
                family = normalise(brand_family_name(product.brand))
                key = (product.application, ingredient_set_key(product.ingredients))
                by_application.setdefault(key, set()).add(family)
        alias: dict[tuple[str, str], str] = {}
        for (_application, ingredients), families in by_application.items():
            for family in sorted(families, key=len):
                words = family.split()
                for shorter in sorted(families, key=len):
                    if shorter != family and words[: len(shorter.split())] == shorter.split():
                        target = alias.get((shorter, ingredients), shorter)
                        alias.setdefault((family, ingredients), target)
                        break
        return alias

    def _place(self, product: ProductRecord, alias: dict[tuple[str, str], str]) -> None:
        ingredients = [self._resolve(i) for i in product.ingredients]
        ingredient_key = ingredient_set_key(ingredients)
        if product.brand and normalise(product.brand):
            family_display = brand_family_name(product.brand)
            family = normalise(family_display)
            family = alias.get((family, ingredient_key), family)
            draft = self._draft(f"brand:{family}|{ingredient_key}", "brand")
            if normalise(family_display) == family:
                draft.brands.setdefault(family, family_display)
                draft.titles.setdefault(product.source, family_display)
            if normalise(product.brand) != family:
                draft.synonyms.setdefault(normalise(product.brand), product.brand)
        elif ingredients:
            draft = self._draft("generic:" + ingredient_key, "generic")
            title = " / ".join(sorted({_capitalise(i.name) for i in ingredients}, key=normalise))
            draft.titles.setdefault(product.source, title)
        else:
            return
        for ref in ingredients:
            draft.add_ingredient(ref, product.source)
        for name in filter(is_active, product.precise_names):
            draft.synonyms.setdefault(normalise(name), name)
        draft.forms.append(product)
        draft.sources.add(product.source)
        draft.active |= (
            product.source == SourceKey.RXNORM or product.marketing_status in ACTIVE_STATUSES
        )

    def _place_curated(self, curated: CuratedMonograph) -> None:
        ingredients = [self._resolve(ref) for ref in curated.ingredients]
        brand = curated.brands[0] if curated.brands else None
        if brand:
            key = f"brand:{normalise(brand)}|{ingredient_set_key(ingredients)}"
            draft = self._draft(key, "brand")
        else:
            draft = self._draft(self.generic_key(ingredients), "generic")
        draft.titles[curated.source.key] = curated.title
        for name in curated.brands:
            draft.brands.setdefault(normalise(name), name)
        for ref in ingredients:
            draft.add_ingredient(ref, curated.source.key)
        for name in curated.synonyms:
            draft.synonyms.setdefault(normalise(name), name)
        draft.sections.extend(curated.sections)
        draft.forms.extend(curated.forms)
        draft.review = curated.review
        draft.sources.add(curated.source.key)
        draft.active = True
        draft.slug = curated.slug

    def drafts(self) -> list[Draft]:
        """Finished drafts sorted by title, each with a unique slug."""
        alias = self._families()
        for product in self._products:
            self._place(product, alias)
        for curated in self._curated:
            self._place_curated(curated)
        self._products, self._curated = [], []
        for draft in self._drafts.values():
            if not draft.titles:  # only longer names of the family: title by the shortest
                shortest = min(draft.synonyms.values(), key=len)
                draft.titles["family"] = brand_family_name(shortest)
                draft.brands.setdefault(draft.key, draft.titles["family"])
        ordered = sorted(
            self._drafts.values(), key=lambda d: (normalise(d.title), d.kind != "brand", d.key)
        )
        taken = {d.slug for d in ordered if d.slug}
        for draft in ordered:
            if draft.slug:
                continue
            base = slugify(draft.title)
            slug, n = base, 2
            while slug in taken:
                slug, n = f"{base}-{n}", n + 1
            draft.slug = slug
            taken.add(slug)
        for draft in ordered:
            draft.forms.sort(key=_form_order)
        return ordered


def ingredient_set_key(ingredients: Iterable[IngredientRef]) -> str:
    """One key per set of active moieties, whatever the order or spelling."""
    return "+".join(sorted({normalise(i.name) for i in ingredients}))


def _capitalise(name: str) -> str:
    return name[:1].upper() + name[1:]


def _form_order(form: ProductRecord) -> tuple:
    priority = TITLE_PRIORITY.index(form.source) if form.source in TITLE_PRIORITY else 99
    return (priority,)  # stable sort keeps each source's own order within it
