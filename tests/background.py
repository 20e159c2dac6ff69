"""The suite's slowest steps, run in processes of their own from the start of a run.

``tests/conftest.py`` starts ``python -m tests.background JOB OUTPUT`` for each job the
collected tests need, as soon as collection ends, and the tests that need a job are sorted
last; meanwhile the other tests run. On this 2-core machine that puts the second core to work.

Jobs:
    shipped   build the catalogue from data/ at OUTPUT, as a user's first start does
    rebuild   the same, again (to check that two builds are the same)
    shared    import every real file of ../shared/data into a copy of the small catalogue,
              and write the import's summary (pickled) at OUTPUT
"""

from __future__ import annotations

import pickle
import sys
from pathlib import Path


def build_shipped(output: Path) -> None:
    from viewer.catalogue.build import build_catalogue
    from viewer.paths import data_dir

    build_catalogue(data_dir(), output)


def import_shared(output: Path) -> None:
    from tests.conftest import SHARED_DATA, make_fixture_data_dir
    from viewer.catalogue.build import build_catalogue
    from viewer.catalogue.importer import import_labels

    folder = output.parent
    catalogue = folder / "catalogue.sqlite"
    build_catalogue(make_fixture_data_dir(folder / "data"), catalogue)
    summary = import_labels([SHARED_DATA / "spl", SHARED_DATA / "openfda"], catalogue)
    output.write_bytes(pickle.dumps(summary))


JOBS = {"shipped": build_shipped, "rebuild": build_shipped, "shared": import_shared}

if __name__ == "__main__":
    JOBS[sys.argv[1]](Path(sys.argv[2]))
