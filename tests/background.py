"""The suite's slowest steps, run in processes of their own from the start of a run.

``tests/conftest.py`` starts ``python -m tests.background JOB OUTPUT`` once per run for each
job the collected tests need, as soon as collection ends (whichever pytest-xdist worker gets
there first), and the tests that need a job are sorted last; meanwhile the other tests run.
The output appears at OUTPUT only once complete; a failed job leaves ``failed`` beside it.

Jobs:
    shipped   build the catalogue from data/ at OUTPUT, as a user's first start does
    rebuild   the same, again (to check that two builds are the same)
    shared    import every real file of ../shared/data into a copy of the small catalogue,
              and write the import's summary (pickled) at OUTPUT
"""

from __future__ import annotations

import os
import pickle
import sys
import traceback
from datetime import UTC, datetime
from pathlib import Path

# Both builds of data/ carry this build date, so that two builds are compared byte for byte
# (tests/catalogue/test_build.py); the date is the one field a build takes from the clock.
BUILD_DATE = datetime(2026, 1, 1, tzinfo=UTC)


def build_shipped(output: Path) -> None:
    from viewer.catalogue.build import build_catalogue
    from viewer.paths import data_dir

    build_catalogue(data_dir(), output, build_date=BUILD_DATE)


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
    run(sys.argv[1], Path(sys.argv[2]))
