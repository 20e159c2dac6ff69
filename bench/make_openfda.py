"""Write a large openFDA drug-label file from real records, each copy with its own ids.

    python bench/make_openfda.py --labels 100000 --output bench/out/labels-100k.json [--zip]

The records are the real openFDA sample (tests/fixtures/labels/openfda/labels-sample.json),
repeated in turn. Every copy gets a distinct set id and document id (in ``openfda`` too), so an
import files each one as a new label; with ``--distinct-names`` each copy's brand name gets a
number as well, so each creates its own monograph (the slowest path: new names to index). The
file is written as a stream, in openFDA's own shape: ``{"meta": ..., "results": [...]}``.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import uuid
import zipfile
from pathlib import Path
from typing import IO, Any

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "tests" / "fixtures" / "labels" / "openfda" / "labels-sample.json"
NAMESPACE = uuid.UUID("6f1d8f8e-3c1a-4d7e-9a53-2b8f0c9d4e11")


def replicate(records: list[dict[str, Any]], count: int, distinct_names: bool) -> Any:
    """``count`` copies of ``records`` in turn, each with its own ids (and names if asked)."""
    for number in range(count):
        record = copy.deepcopy(records[number % len(records)])
        set_id = str(uuid.uuid5(NAMESPACE, f"set-{number}"))
        document_id = str(uuid.uuid5(NAMESPACE, f"doc-{number}"))
        record["set_id"], record["id"] = set_id, document_id
        block = record.get("openfda")
        if block:
            block["spl_set_id"], block["spl_id"] = [set_id], [document_id]
            if distinct_names and block.get("brand_name"):
                block["brand_name"] = [f"{block['brand_name'][0]} {number:06d}"]
        yield record


def write(out: IO[str], records: list[dict[str, Any]], count: int, distinct_names: bool) -> None:
    meta = {
        "disclaimer": "Generated for benchmarking from real openFDA records; ids are synthetic.",
        "results": {"skip": 0, "limit": count, "total": count},
    }
    out.write('{"meta": ' + json.dumps(meta) + ', "results": [\n')
    for number, record in enumerate(replicate(records, count, distinct_names)):
        out.write((",\n" if number else "") + json.dumps(record, ensure_ascii=False))
    out.write("\n]}\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=int, default=100_000)
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--zip", action="store_true", help="write a .json.zip as openFDA does")
    parser.add_argument("--distinct-names", action="store_true")
    args = parser.parse_args(argv)
    records = json.loads(SAMPLE.read_text(encoding="utf-8"))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    if args.zip:
        inner = args.output.name.removesuffix(".zip")
        with (
            zipfile.ZipFile(args.output, "w", zipfile.ZIP_DEFLATED) as archive,
            archive.open(inner, "w", force_zip64=True) as raw,
        ):
            text = _Utf8(raw)
            write(text, records, args.labels, args.distinct_names)  # type: ignore[arg-type]
    else:
        with open(args.output, "w", encoding="utf-8") as out:
            write(out, records, args.labels, args.distinct_names)
    size = args.output.stat().st_size
    print(f"{args.output}: {args.labels} labels, {size / 1e6:.0f} MB", file=sys.stderr)
    return 0


class _Utf8:
    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw

    def write(self, text: str) -> None:
        self.raw.write(text.encode("utf-8"))


if __name__ == "__main__":
    raise SystemExit(main())
