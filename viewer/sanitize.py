"""Reduce any label markup to a safe rich-text subset, Qt-free.

Kept: headings, paragraphs, line breaks, lists, tables, and inline emphasis. Dropped: every
attribute but table spans, and every other element; scripts, styles, forms, frames, objects and
images are dropped with their content, so no remote resource can ever be named in what the
window renders. Links keep their text; an http(s) or mailto address is shown after it in
brackets, as text, so a reader can see it but nothing follows it.

The work is done by nh3 (the Rust ``ammonia`` sanitiser, parsing as a browser does with
html5ever): real labels are large, and the pure-Python parser this replaced spent 72% of an
import's time here. The allow-list is the same; one regular expression then turns the links
nh3 kept (only http, https and mailto survive it) into text.
"""

from __future__ import annotations

import html
import re

import nh3

ALLOWED = frozenset(
    {
        "p", "br", "ul", "ol", "li", "table", "thead", "tbody", "tfoot", "tr", "th", "td",
        "caption", "h1", "h2", "h3", "h4", "h5", "h6", "b", "strong", "i", "em", "u", "sub",
        "sup", "blockquote", "pre", "code", "dl", "dt", "dd", "hr",
    }
)  # fmt: skip
# Elements whose content is dropped too (not just the tags).
DROP_WITH_CONTENT = frozenset(
    {
        "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form",
        "input", "button", "select", "textarea", "noscript", "template", "svg", "math", "head",
        "title", "link", "meta", "base", "audio", "video", "source", "track", "canvas", "img",
        "picture", "map", "area", "xml",
    }
)  # fmt: skip
SPAN_ATTRIBUTES = frozenset({"colspan", "rowspan"})
VISIBLE_SCHEMES = frozenset({"http", "https", "mailto"})
# nh3 writes attributes in one canonical form (double quotes, escaped), so these are exact.
_LINK = re.compile(r'<a href="([^"]*)">(.*?)</a>', re.DOTALL)
_BARE_LINK = re.compile(r"</?a>")
_EMPTY_PARAGRAPH = re.compile(r"<p></p>")  # what a stray "</p>" becomes when parsed


def _keep_attribute(tag: str, name: str, value: str) -> str | None:
    if name in SPAN_ATTRIBUTES:
        value = value.strip()
        return str(int(value)) if value.isdigit() else None
    return value.strip() if name == "href" else None


_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED | {"a"}),
    clean_content_tags=set(DROP_WITH_CONTENT),
    attributes={"td": set(SPAN_ATTRIBUTES), "th": set(SPAN_ATTRIBUTES), "a": {"href"}},
    attribute_filter=_keep_attribute,
    url_schemes=set(VISIBLE_SCHEMES),
    url_relative="deny",
    link_rel=None,
    strip_comments=True,
)


def _link_as_text(match: re.Match[str]) -> str:
    target = html.unescape(match.group(1)).strip()
    text = match.group(2)
    return f"{text} [{html.escape(target)}]" if target else text


def sanitise_html(markup: str) -> str:
    """The safe subset of ``markup``; text is escaped, nothing remote survives."""
    safe = _CLEANER.clean(markup)
    if "<a" in safe:
        safe = _BARE_LINK.sub("", _LINK.sub(_link_as_text, safe))
    return _EMPTY_PARAGRAPH.sub("", safe)


_SUPERSCRIPT = str.maketrans(
    "0123456789+-−=()abcdefghijklmnoprstuvwxyz",
    "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ",
)
_SUBSCRIPT = str.maketrans("0123456789+-−=()", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎")
_ANY_TAG = re.compile(r"<[^>]+>")
_SUP_OR_SUB = re.compile(r"<(sup|sub)>(.*?)</\1>(?=(.?))", re.DOTALL)


def _script_as_text(match: re.Match[str]) -> str:
    """A superscript or subscript in plain text, keeping its meaning: 10<sup>-10</sup> is
    "10⁻¹⁰", a footnote mark "ᵃ", H<sub>2</sub>O "H₂O"; a subscript with letters stays on the
    line (C<sub>max</sub> is "Cmax", as clinicians write it)."""
    tag, inner, following = match.groups()
    content = html.unescape(_ANY_TAG.sub("", inner)).strip()
    table = _SUPERSCRIPT if tag == "sup" else _SUBSCRIPT
    marks = [part.strip() for part in content.split(",")]
    if content and all(m and all(ord(c) in table for c in m) for m in marks):
        shown = ",".join(m.translate(table) for m in marks)
    elif tag == "sup" and content.isalnum():
        shown = f"^{content}"
    else:
        shown = content
    if tag == "sup" and following.isalnum():
        shown += " "  # a footnote mark before a word: "²Cyclosporine" would run together
    return html.escape(shown, quote=False)


# What tags become in plain text, in this order: a line break, the start of a block, a list
# item (it starts a line, even inside a list item), the end of a cell; any other tag is dropped.
_LINE_BREAK = re.compile(r"<(br|/p|/li|/tr|/h\d|/dt|/dd|/caption|/blockquote|hr)\b[^>]*>")
_BLOCK_START = re.compile(r"<(p|ul|ol|table|tr|h\d|dl|blockquote)\b[^>]*>")
_LIST_ITEM = re.compile(r"<li\b[^>]*>")
_CELL_END = re.compile(r"</t[dh]>")


def html_to_text(markup: str) -> str:
    """Plain text of (sanitised) markup: blocks on their own lines, whitespace collapsed;
    superscripts and subscripts keep their meaning (see ``_script_as_text``)."""
    if "<su" in markup:
        markup = _SUP_OR_SUB.sub(_script_as_text, markup)
    blocks = _LINE_BREAK.sub("\n", markup)
    blocks = _BLOCK_START.sub("\n", blocks)
    blocks = _LIST_ITEM.sub("\n• ", blocks)
    blocks = _CELL_END.sub("\t", blocks)
    text = html.unescape(_ANY_TAG.sub("", blocks))
    # str.split() splits on exactly what \s matches: the same as \s+ -> " " and strip, faster.
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)
