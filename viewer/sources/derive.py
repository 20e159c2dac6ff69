"""Regenerate the compact source files in ``data/sources/`` from the raw public data.

Maintainers run this when a new RxNorm or Drugs@FDA release arrives (end users never do)::

    python -m viewer.sources.derive ../shared/data

It reads ``rxnorm-prescribable/``, ``drugsatfda/``, ``spl/`` and ``openfda/`` under the given
folder and writes ``data/sources/rxnorm.json.gz``, ``data/sources/drugsatfda.json.gz`` and
``data/labels/labels.json.gz`` byte-for-byte reproducibly, so a re-run on the same input changes
nothing in git.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from viewer.paths import data_dir
from viewer.sources import drugsatfda, rxnorm, shipped_labels
from viewer.sources.records import write_json_gz


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m viewer.sources.derive", description=__doc__)
    parser.add_argument(
        "raw", type=Path, help="folder holding rxnorm-prescribable/, drugsatfda/, spl/, openfda/"
    )
    parser.add_argument("--output", type=Path, default=data_dir() / "sources")
    parser.add_argument("--labels-output", type=Path, default=data_dir() / "labels")
    args = parser.parse_args(argv)
    args.output.mkdir(parents=True, exist_ok=True)
    for name, module, folder in (
        ("rxnorm", rxnorm, "rxnorm-prescribable"),
        ("drugsatfda", drugsatfda, "drugsatfda"),
    ):
        document = module.derive(args.raw / folder)
        target = args.output / f"{name}.json.gz"
        write_json_gz(target, document)
        print(f"{target}: {len(document['products'])} products", file=sys.stderr)
    labels = shipped_labels.derive(args.raw)
    args.labels_output.mkdir(parents=True, exist_ok=True)
    target = args.labels_output / "labels.json.gz"
    write_json_gz(target, labels)
    print(f"{target}: {len(labels['labels'])} labels", file=sys.stderr)
    for refused in labels["refused"]:
        print(f"  refused {refused['origin']}: {refused['reason']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
