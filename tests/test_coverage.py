"""Which product rows a label's text is for: the real Lipitor and haloperidol labels against
product rows as Drugs@FDA and RxNorm publish them (values copied from the raw rows)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from viewer.cli import main
from viewer.coverage import FormFacts, How, application_key, ndc_product_key, relate
from viewer.sources import spl
from viewer.sources.records import LabelProduct

SPL = FIXTURES / "labels" / "spl"


def products(name: str) -> tuple[LabelProduct, ...]:
    return spl.parse((SPL / name).read_bytes(), name).products


def fda_row(
    application: str, form: str, strength: str, ingredient: str, route: str = "oral"
) -> FormFacts:
    """A Drugs@FDA row as the catalogue keeps it ("TABLET;ORAL" split into form and route)."""
    return FormFacts("drugsatfda", form, route, strength, (), None, application, (ingredient,))


def test_lipitor_label_names_its_products() -> None:
    found = products("lipitor-orig.xml")
    assert {p.strength for p in found} == {"10 mg", "20 mg", "40 mg", "80 mg"}
    assert {p.application for p in found} == {"NDA020702"}
    assert all(p.route == "oral" and p.dose_form == "tablet, film coated" for p in found)
    assert all(p.precise_names == ("atorvastatin calcium trihydrate",) for p in found)
    assert "0071-0155-23" in found[0].ndcs


def test_a_label_covers_its_applications_rows_of_its_strengths() -> None:
    lipitor = products("lipitor-orig.xml")
    row = fda_row("NDA 020702", "tablet", "EQ 10MG BASE", "atorvastatin calcium")
    assert relate(lipitor, row, unbranded=False) is How.COVERS
    other_strength = fda_row("NDA 020702", "tablet", "EQ 15MG BASE", "atorvastatin calcium")
    assert relate(lipitor, other_strength, unbranded=False) is None


def test_a_label_covers_rxnorm_rows_by_ndc() -> None:
    lipitor = products("lipitor-orig.xml")
    row = FormFacts("rxnorm", "Oral Tablet", "oral", "10 MG", ("00071015523",), None, None, ("x",))
    assert relate(lipitor, row, unbranded=False) is How.COVERS
    assert ndc_product_key("0071-0155-23") == ndc_product_key("00071015523") == "000710155"


def test_a_generic_of_the_same_salt_form_route_and_strength_is_served() -> None:
    lipitor = products("lipitor-orig.xml")
    generic = fda_row("ANDA 076477", "tablet", "EQ 20MG BASE", "atorvastatin calcium")
    assert relate(lipitor, generic, unbranded=True) is How.SERVES
    assert relate(lipitor, generic, unbranded=False) is None  # never another brand
    other = fda_row("ANDA 076477", "tablet", "EQ 15MG BASE", "atorvastatin calcium")
    assert relate(lipitor, other, unbranded=True) is None  # never another strength


@pytest.mark.parametrize(
    "row",
    [
        # the haloperidol tablet label is not the decanoate or lactate injections' label
        fda_row("ANDA 074811", "injectable", "50MG/ML", "haloperidol decanoate", "injection"),
        fda_row("ANDA 075584", "injectable", "EQ 5MG BASE/ML", "haloperidol lactate", "injection"),
        fda_row("ANDA 072731", "concentrate", "EQ 5MG BASE/ML", "haloperidol lactate"),
    ],
)
def test_a_tablet_label_is_never_an_injections(row: FormFacts) -> None:
    tablets = products("no-title.xml")
    assert tablets[0].dose_form == "tablet" and tablets[0].strength == "5 mg"
    assert relate(tablets, row, unbranded=True) is None


def test_application_keys() -> None:
    assert application_key("NDA 020702") == application_key("NDA020702") == "NDA20702"
    assert application_key("part341") == application_key("M003") == application_key(None) == ""


def test_show_names_the_products_a_label_covers(
    capsys: pytest.CaptureFixture[str], shipped_catalogue: Path
) -> None:
    assert main(["show", "lipitor", "--catalogue", str(shipped_catalogue), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    (label,) = document["labels"]
    assert label["products"] == ["Lipitor"]
    assert label["covers"] and label["note"].startswith("This label covers: ")
    covered = {document["forms"][i]["source"] for i in label["covers"]}
    assert "drugsatfda" in covered
    assert all(document["forms"][i]["ingredients"] for i in label["covers"])
    assert main(["show", "haloperidol", "--catalogue", str(shipped_catalogue)]) == 0
    text = capsys.readouterr().out
    assert "Not covered by this label: " in text and "haloperidol decanoate" in text


# Values copied from the raw files: openFDA's pharmgkb-labels/BLA761034.json and NDA021912.json
# (route, application), and Drugs@FDA's Products.txt rows of the same applications.
TECENTRIQ = LabelProduct("TECENTRIQ", route="intravenous", application="BLA761034")
BROVANA = LabelProduct("BROVANA", route="respiratory (inhalation)", application="NDA021912")


def test_one_route_spelled_two_ways_is_one_route() -> None:
    # Drugs@FDA "SOLUTION;INHALATION" is the label's "RESPIRATORY (INHALATION)"
    brovana = fda_row("NDA 021912", "solution", "EQ 0.015MG BASE/2ML", "x", route="inhalation")
    assert relate([BROVANA], brovana, unbranded=False) is How.COVERS
    # Drugs@FDA's "INJECTABLE;INJECTION" names no route: it agrees with "intravenous"
    tecentriq = fda_row("BLA 761034", "injectable", "1200MG/20ML", "x", route="injection")
    assert relate([TECENTRIQ], tecentriq, unbranded=False) is How.COVERS
    infusion = fda_row("BLA 761034", "powder", "1200MG/20ML", "x", route="iv (infusion)")
    assert relate([TECENTRIQ], infusion, unbranded=False) is How.COVERS


def test_routes_that_differ_still_keep_a_label_off_a_row() -> None:
    oral = LabelProduct("X", route="oral", application="NDA021912")
    injected = fda_row("NDA 021912", "injectable", "1MG/ML", "x", route="injection")
    assert relate([oral], injected, unbranded=False) is None  # "injection" is not "oral"
    inhaled = fda_row("NDA 021912", "solution", "1MG/ML", "x", route="inhalation")
    assert relate([oral], inhaled, unbranded=False) is None
    assert relate([BROVANA], injected, unbranded=False) is None  # inhaled is not injected
