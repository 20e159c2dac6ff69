"""The suite's slowest steps, run in processes of their own from the start of a run.

``tests/conftest.py`` starts ``python -m tests.background JOB OUTPUT`` once per run for each
job the collected tests need, as soon as collection ends (whichever pytest-xdist worker gets
there first), and the tests that need a job are sorted last; meanwhile the other tests run.
The output appears at OUTPUT only once complete; a failed job leaves ``failed`` beside it.

Jobs:
    shipped   build the catalogue from data/ at OUTPUT, as a user's first start does
    seeds     build a slice of data/ (``shipped_slice``) in processes with different
              PYTHONHASHSEED values, and name the files (JSON) at OUTPUT, to check that a
              build does not depend on the order of a set or dict
    shared    import every real file of ../shared/data into a copy of the small catalogue,
              and derive the shipped labels from the same files; write the import's summary
              and the derived file (pickled) at OUTPUT
"""

from __future__ import annotations

import gzip
import json
import os
import pickle
import random
import re
import shutil
import subprocess
import sys
import traceback
import zlib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]

# Every background build carries this build date, so that two builds are compared byte for
# byte (tests/catalogue/test_build.py); the date is the one field a build takes from the clock.
BUILD_DATE = datetime(2026, 1, 1, tzinfo=UTC)


def build_shipped(output: Path) -> None:
    from viewer.catalogue.build import build_catalogue
    from viewer.paths import data_dir

    build_catalogue(data_dir(), output, build_date=BUILD_DATE)


# -- the determinism check: a slice of data/, built under several hash seeds ---------------------
#
# A second build of all of data/ (11-13 s of CPU) only to compare it with the first was a tenth
# of the suite. A slice of the same real data goes through the same code: a tenth of the drugs,
# picked by a hash (crc32, the same on every machine and run) of the first word of each
# ingredient name, so that a drug's rows from RxNorm, Drugs@FDA and the labels are kept or
# left out together; plus the drugs below, which reach the build's rarer branches. With them
# the slice's build takes every branch (line to line) that the build of all of data/ takes,
# measured with a line tracer on 2026-12-02, but one: the progress report made every 2,000
# monographs (the slice makes about 1,900). Re-measure when the build gains branches.
SLICE_MODULUS = 10
SLICE_EXTRA_WORDS = frozenset(
    {
        "ado",  # ado-trastuzumab emtansine: a biologic's FDA prefix set aside
        "afatinib",  # "afatinib dimaleate": a salt word the identity rules do not know
        "apremilast",  # a Drugs@FDA dosage form that names no route
        "atorvastatin",  # Lipitor: a label older than the version of its set id filed
        "diphenhydramine",  # a label's precise names (HCl salts) kept as synonyms
        "docetaxel",  # "docetaxel anhydrous": a hydrate word set aside in precise names
        "fam",  # fam-trastuzumab deruxtecan-nxki: prefix and suffix set aside
        "fosaprepitant",  # a Drugs@FDA row whose dosage form is UNKNOWN
        "gentamicin",  # a label product whose dosage form is not the row's
        "goserelin",  # Zoladex: routes that differ, weighed by the injection rule
        "halobetasol",  # a product name spelling a precise ingredient (ammonium lactate)
        "haloperidol",  # a label serving unbranded rows of its ingredient, form and strength
        "inert",  # RxNorm's "inert ingredients" products: no ingredient to file
        "mycophenolate",  # a label's brand name on monographs of another ingredient
        "mycophenolic",  # ... (mycophenolic acid and mycophenolate sodium)
        "nivolumab",  # nivolumab and relatlimab-rmbw: two suffixed biologics, name by name
        "probenecid",  # a generic label whose ingredient's first monograph is a combination
        "silicon",  # Silicea: a label making a monograph whose slug is taken
        "succinylcholine",  # a label product whose route is not its application's row's
        "trastuzumab",  # a conjugate is a drug of its own
    }
)


def _first_word(name: str) -> str:
    found = re.match(r"[^\W_]+", name.casefold())
    return found.group(0) if found else ""


def _in_slice(names: list[str]) -> bool:
    words = {_first_word(name) for name in names} - {""}
    return any(
        word in SLICE_EXTRA_WORDS or zlib.crc32(word.encode()) % SLICE_MODULUS == 0
        for word in words
    )


def shipped_slice(target: Path) -> Path:
    """A data/ folder at ``target`` holding the slice of data/ described above."""
    from viewer.catalogue.build import CURATED_DIR, DRUGSATFDA_FILE, LABELS_FILE, RXNORM_FILE
    from viewer.paths import data_dir
    from viewer.sources.records import read_json_gz

    def keep(file: str, key: str, names: Callable[[dict[str, Any]], list[str]]) -> None:
        document = read_json_gz(data_dir() / file)
        document[key] = [row for row in document[key] if _in_slice(names(row))]
        (target / file).parent.mkdir(parents=True, exist_ok=True)
        # compressed fast: the slice is read by its builds only (write_json_gz's best
        # compression took a quarter of the time spent making the slice)
        payload = json.dumps(document, ensure_ascii=False).encode("utf-8")
        (target / file).write_bytes(gzip.compress(payload, compresslevel=1, mtime=0))

    # a product without ingredients is kept or left out by its name
    keep(RXNORM_FILE, "products", lambda row: row["ingredients"] + row["precise"] or [row["name"]])
    keep(DRUGSATFDA_FILE, "products", lambda row: row["ingredients"] or [row["name"]])
    keep(
        LABELS_FILE, "labels", lambda row: [n for n, _ in row["ingredients"]] + row["generic_names"]
    )
    shutil.copytree(data_dir() / CURATED_DIR, target / CURATED_DIR)
    return target


# Builds under this many hash seeds: a build that writes a set of two strings in the order
# the set gives them writes it the same way under two seeds half of the time; three seeds
# catch it three runs in four (four, seven in eight). Each build of the slice takes about 2 s
# of CPU, making the slice another 2 s.
HASH_SEEDS = 3


def build_under_hash_seeds(output: Path) -> None:
    """Build the slice ``HASH_SEEDS`` times at once, each build in a process of its own with
    its own PYTHONHASHSEED (different ones, new each run), and write which file each made."""
    folder = output.parent
    data = shipped_slice(folder / "data")
    seeds = random.SystemRandom().sample(range(1, 2**32), HASH_SEEDS)
    builds = {}
    for seed in seeds:
        target = folder / f"hashseed-{seed}.sqlite"
        command = [sys.executable, "-m", "tests.background", "build", str(data), str(target)]
        env = {**os.environ, "PYTHONHASHSEED": str(seed)}
        builds[seed] = (subprocess.Popen(command, cwd=REPO, env=env), target)
    for seed, (process, _) in builds.items():
        if process.wait() != 0:
            raise RuntimeError(f"the build with PYTHONHASHSEED={seed} failed")
    document = {str(seed): str(target) for seed, (_, target) in builds.items()}
    output.write_text(json.dumps(document))


def build(data: Path, output: Path) -> None:
    from viewer.catalogue.build import build_catalogue

    build_catalogue(data, output, build_date=BUILD_DATE)


def import_shared(output: Path) -> None:
    """Import the real labels of ../shared/data into the small catalogue, and derive the
    shipped labels file from them as ``python -m viewer.sources.derive`` does; write both
    results: {"summary": the import's ImportSummary, "derived": the derived file's bytes}.

    The import and the derivation read the same files through the same reader,
    ``viewer.sources.labelfiles.read_file``, which gives the same items for the same file
    every time: here each file is read once (half the job) and the import and the
    derivation are each given the items it read."""
    from tests.conftest import SHARED_DATA, make_fixture_data_dir
    from viewer.catalogue.build import build_catalogue
    from viewer.catalogue.importer import import_labels
    from viewer.sources import labelfiles, shipped_labels
    from viewer.sources.records import write_json_gz

    read_file = labelfiles.read_file
    items: dict[Path, list[labelfiles.LabelItem]] = {}

    def read_once(path: Path) -> Iterator[labelfiles.LabelItem]:
        if path not in items:
            items[path] = list(read_file(path))
        return iter(items[path])

    folder = output.parent
    catalogue = folder / "catalogue.sqlite"
    build_catalogue(make_fixture_data_dir(folder / "data"), catalogue)
    labelfiles.read_file = read_once  # type: ignore[assignment]
    try:
        summary = import_labels([SHARED_DATA / "spl", SHARED_DATA / "openfda"], catalogue)
        derived = folder / "labels.json.gz"
        write_json_gz(derived, shipped_labels.derive(SHARED_DATA))
    finally:
        labelfiles.read_file = read_file
    assert items, "the files were read through read_file"
    output.write_bytes(pickle.dumps({"summary": summary, "derived": derived.read_bytes()}))


JOBS = {"shipped": build_shipped, "seeds": build_under_hash_seeds, "shared": import_shared}


def run(job: str, output: Path) -> None:
    """Make ``output`` in a folder of its own and move it into place only when complete, so
    that a worker waiting for it never reads half a file; on failure leave ``failed``."""
    work = output.parent / "work"
    work.mkdir()
    try:
        JOBS[job](work / output.name)
    except BaseException:
        (output.parent / "failed").write_text(traceback.format_exc())
        raise
    os.replace(work / output.name, output)


if __name__ == "__main__":
    if sys.argv[1] == "build":  # one of the builds of build_under_hash_seeds
        build(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        run(sys.argv[1], Path(sys.argv[2]))
