"""Read produced PDFs back for the tests: text, page sizes, type sizes, word boxes, OCR.

Text and type sizes come from pypdf (a test dependency, so those checks run everywhere); word
boxes and the page texts of a test that reads two dozen PDFs come from poppler's ``pdftotext``
and OCR from ``pdftoppm`` + ``tesseract``, system tools that ``.ci/run`` installs; tests that
need them skip with the reason where they are absent.
"""

from __future__ import annotations

import html
import math
import os
import re
import shutil
import statistics
import subprocess
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

POINTS_PER_MM = 72 / 25.4
PAPER_POINTS = {"a4": (595.0, 842.0), "letter": (612.0, 792.0)}
_WORD = re.compile(r"[0-9A-Za-z]+")


def normalise(text: str) -> str:
    """NFKC (ligatures become letters) and single spaces."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def pdf_text(path: Path) -> str:
    return normalise(" ".join(page.extract_text() for page in PdfReader(path).pages))


def page_texts(path: Path) -> list[str]:
    return [normalise(page.extract_text()) for page in PdfReader(path).pages]


def page_count(path: Path) -> int:
    return len(PdfReader(path).pages)


def page_sizes(path: Path) -> list[tuple[float, float]]:
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in PdfReader(path).pages]


def words(text: str) -> Counter[str]:
    """The letters-and-digits words of ``text``, counted (punctuation and bullets ignored)."""
    return Counter(_WORD.findall(normalise(text)))


def type_sizes(path: Path) -> list[tuple[float, str]]:
    """Every run of text with its printed size in points (font size times the text scale)."""
    runs: list[tuple[float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, size: float) -> None:
        if not text.strip():
            return
        a = cm[0] * tm[0] + cm[2] * tm[1]
        b = cm[1] * tm[0] + cm[3] * tm[1]
        c = cm[0] * tm[2] + cm[2] * tm[3]
        d = cm[1] * tm[2] + cm[3] * tm[3]
        runs.append((round(size * math.sqrt(abs(a * d - b * c)), 2), normalise(text)))

    for page in PdfReader(path).pages:
        page.extract_text(visitor_text=visit)
    return runs


def median_size(path: Path) -> float:
    """The median printed size over all characters: the body text's size."""
    weighted = [size for size, text in type_sizes(path) for _ in text]
    return statistics.median(weighted)


@dataclass(frozen=True)
class WordBox:
    page: int
    text: str
    x_min: float
    y_min: float
    x_max: float
    y_max: float
    page_width: float
    page_height: float


def require_tool(name: str, package: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (Debian package {package}; .ci/run installs it)")
    return found


def poppler_page_texts(path: Path) -> list[str]:
    """Each page's text as poppler reads it (about ten times faster than pypdf), for tests
    that read many PDFs back."""
    tool = require_tool("pdftotext", "poppler-utils")
    result = subprocess.run([tool, str(path), "-"], capture_output=True, text=True, check=True)
    return [normalise(page) for page in result.stdout.split("\f")[:-1]]


def word_boxes(path: Path) -> list[WordBox]:
    """Every word poppler finds, with its box in points (origin top left)."""
    tool = require_tool("pdftotext", "poppler-utils")
    result = subprocess.run(
        [tool, "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    )
    boxes: list[WordBox] = []
    page, width, height = -1, 0.0, 0.0
    for line in result.stdout.splitlines():
        line = line.strip()
        if line.startswith("<page "):
            page += 1
            width = float(re.search(r'width="([\d.]+)"', line).group(1))
            height = float(re.search(r'height="([\d.]+)"', line).group(1))
        elif line.startswith("<word "):
            coords = dict(re.findall(r'(\w+)="([\d.]+)"', line))
            text = html.unescape(re.search(r">(.*)</word>", line).group(1))
            boxes.append(
                WordBox(
                    page,
                    unicodedata.normalize("NFKC", text),
                    float(coords["xMin"]),
                    float(coords["yMin"]),
                    float(coords["xMax"]),
                    float(coords["yMax"]),
                    width,
                    height,
                )
            )
    return boxes


def ocr_text(path: Path, resolution: int = 200) -> str:
    """The words of every page read from images of the pages (for PDFs without usable text)."""
    pdftoppm = require_tool("pdftoppm", "poppler-utils")
    tesseract = require_tool("tesseract", "tesseract-ocr")
    out = path.parent / f"{path.stem}-ocr"
    subprocess.run(
        [pdftoppm, "-r", str(resolution), "-png", str(path), str(out)],
        capture_output=True,
        check=True,
    )
    texts = []
    for image in sorted(path.parent.glob(f"{out.name}*.png")):
        result = subprocess.run(
            [tesseract, str(image), "-", "-l", "eng"],
            capture_output=True,
            text=True,
            check=True,
            # One thread: tesseract's OpenMP threads spin, taking four times the CPU for the
            # same words (2.5 times the wall time here) on a machine the suite keeps busy.
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        )
        texts.append(result.stdout)
    return normalise(" ".join(texts))
