"""Label markup is reduced to a safe subset: nothing remote, nothing executable survives."""

from __future__ import annotations

import html
import re

import pytest

from tests.conftest import FIXTURES
from viewer.sanitize import _script_as_text, html_to_text, sanitise_html
from viewer.sources import spl

SPL = FIXTURES / "labels" / "spl"

HOSTILE = (
    '<h2>Indications</h2><p onclick="steal()">Use for <b>pain</b>.</p>'
    '<img src="http://evil.example/track.png">'
    "<script>document.location='http://evil.example'</script>"
    '<link rel="stylesheet" href="http://evil.example/x.css">'
    "<style>body{background:url(http://evil.example/bg.png)}</style>"
    '<a href="javascript:alert(1)">click me</a> '
    '<a href="https://dailymed.nlm.nih.gov/">DailyMed</a>'
    '<iframe src="http://evil.example/"></iframe>'
    '<form action="http://evil.example/"><input name="x"></form>'
    '<table border="1"><tr><td colspan="2" style="x">cell</td></tr></table>'
    '<ul><li>one<li>two</ul><p style="background-image:url(http://evil.example/p.png)">end</p>'
)


def test_remote_and_executable_content_is_gone() -> None:
    safe = sanitise_html(HOSTILE)
    lowered = safe.lower()
    for banned in (
        "<img",
        "<script",
        "<link",
        "<style",
        "<iframe",
        "<form",
        "<input",
        "src=",
        "href=",
        "style=",
        "onclick",
        "javascript:",
        "url(",
        "evil.example/x",
        "document.location",
    ):
        assert banned not in lowered, banned


def test_structure_and_text_survive() -> None:
    safe = sanitise_html(HOSTILE)
    assert "<h2>Indications</h2>" in safe
    assert "<p>Use for <b>pain</b>.</p>" in safe
    assert '<td colspan="2">cell</td>' in safe
    assert "<li>one" in safe and "two" in safe
    assert "click me" in safe  # the link's text stays, the javascript: target does not
    assert "DailyMed [https://dailymed.nlm.nih.gov/]" in safe  # shown as text, not a link


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("5 < 6 & 7 > 3", "5 &lt; 6 &amp; 7 &gt; 3"),
        ("<p>unclosed", "<p>unclosed</p>"),
        ("</p></li>stray", "stray"),
        ("<unknown>kept text</unknown>", "kept text"),
        ("<script>never", ""),
        ("<SCRIPT>x</SCRIPT>after", "after"),
        # A cell is parsed as a browser parses it: inside its table (a stray <td> is dropped).
        (
            '<table><tr><td colspan="2; evil">x</td><td rowspan=" 3 ">y</td></tr></table>',
            '<table><tbody><tr><td>x</td><td rowspan="3">y</td></tr></tbody></table>',
        ),
        ('<p>see <a href="#GN1">Boxed Warning</a></p>', "<p>see Boxed Warning</p>"),
        ('<a href="mailto:x@fda.gov">write</a>', "write [mailto:x@fda.gov]"),
        (
            '<a href="https://a.example/?q=1&amp;r=&quot;2">x</a>',
            "x [https://a.example/?q=1&amp;r=&quot;2]",
        ),
        ("<!-- <img src=http://evil.example/c.png> -->kept", "kept"),
        ("<svg><a href='https://evil.example/'>in svg</a></svg>after", "after"),
    ],
)
def test_edge_cases(markup: str, expected: str) -> None:
    assert sanitise_html(markup) == expected


def test_html_to_text() -> None:
    text = html_to_text(sanitise_html("<p>One &amp; two</p><ul><li>a</li><li>b</li></ul>"))
    assert text == "One & two\n• a\n• b"


def test_a_large_real_table_keeps_every_cell_text() -> None:
    rows = "".join(f"<tr><td>dose {n}</td><td>10<sup>-{n}</sup> M</td></tr>" for n in range(2000))
    safe = sanitise_html(f'<table border="1" width="100%">{rows}</table>')
    assert safe.count("<td>") == 4000 and "10<sup>-1999</sup> M" in safe


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("<p>K<sub>i</sub> of 10<sup>-10</sup> M</p>", "Ki of 10⁻¹⁰ M"),
        (
            "<table><tr><td>C<sub>max</sub><sup>1</sup></td><td><sup>2</sup>Cyclosporine</td>"
            "</tr></table>",
            "Cmax¹ ² Cyclosporine",
        ),
        (
            "<p>H<sub>2</sub>O, 40 mg/m<sup>2</sup>, AUC<sub>0-inf</sub></p>",
            "H₂O, 40 mg/m², AUC0-inf",
        ),
        ("<p>Drug<sup>a,b</sup> Brand<sup>®</sup> mark<sup>TM</sup></p>", "Drugᵃ,ᵇ Brand® mark^TM"),
        ("<p>t<sub>1/2</sub> 5 &lt; 6<sup>&amp;</sup></p>", "t1/2 5 < 6&"),
    ],
)
def test_plain_text_keeps_the_meaning_of_superscripts_and_subscripts(
    markup: str, text: str
) -> None:
    assert html_to_text(sanitise_html(markup)) == text


# -- html_to_text is the rule it was first written as, only faster ---------------------------

_SPACES = re.compile(r"\s+")


def _html_to_text_by_rule(markup: str) -> str:
    """html_to_text as first written: one regular expression after another."""
    if "<su" in markup:
        markup = re.sub(r"<(sup|sub)>(.*?)</\1>(?=(.?))", _script_as_text, markup, flags=re.S)
    blocks = re.sub(r"<(br|/p|/li|/tr|/h\d|/dt|/dd|/caption|/blockquote|hr)\b[^>]*>", "\n", markup)
    blocks = re.sub(r"<(p|ul|ol|table|tr|h\d|dl|blockquote)\b[^>]*>", "\n", blocks)
    blocks = re.sub(r"<li\b[^>]*>", "\n• ", blocks)
    blocks = re.sub(r"</t[dh]>", "\t", blocks)
    text = html.unescape(re.sub(r"<[^>]+>", "", blocks))
    lines = [_SPACES.sub(" ", line).strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


def test_splitting_on_whitespace_is_what_the_whitespace_pattern_matches() -> None:
    every = "".join(map(chr, range(0x110000)))
    assert "".join(re.findall(r"\s", every)) == "".join(c for c in every if c.isspace())


def test_html_to_text_of_real_labels_is_the_rule() -> None:
    markups = [
        section.html
        for name in ("humira.xml", "lipitor-orig.xml", "cough.xml")
        for section in spl.parse((SPL / name).read_bytes(), name).sections
    ]
    assert sum(m.count("<td") for m in markups) > 500  # real tables among them
    for markup in markups:
        assert html_to_text(markup) == _html_to_text_by_rule(markup)


@pytest.mark.parametrize(
    "markup",
    [
        HOSTILE,
        "<p>a\u00a0\u00a0b\u2028c\u2029d\x1ce\x85f\u3000g</p>",
        "<table><tr><td> 1 </td><td>\t2\n</td></tr></table><br/><hr>x",
        "<p>5 &lt; 6 &amp;&amp; 7&nbsp;&gt; 3</p><li>item</li>",
        "<ul><li>one<li>two</ul><h12>not a heading</h12><pre>kept</pre>",
    ],
)
def test_html_to_text_of_edge_cases_is_the_rule(markup: str) -> None:
    for candidate in (markup, sanitise_html(markup)):
        assert html_to_text(candidate) == _html_to_text_by_rule(candidate)
