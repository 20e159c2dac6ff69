"""Reduce any label markup to a safe rich-text subset, Qt-free.

Kept: headings, paragraphs, line breaks, lists, tables, and inline emphasis. Dropped: every
attribute but table spans, and every other element; scripts, styles, forms, frames, objects and
images are dropped with their content, so no remote resource can ever be named in what the
window renders. Links keep their text; an http(s) or mailto address is shown after it in
brackets, as text, so a reader can see it but nothing follows it.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

ALLOWED = frozenset(
    {
        "p", "br", "ul", "ol", "li", "table", "thead", "tbody", "tfoot", "tr", "th", "td",
        "caption", "h1", "h2", "h3", "h4", "h5", "h6", "b", "strong", "i", "em", "u", "sub",
        "sup", "blockquote", "pre", "code", "dl", "dt", "dd", "hr",
    }
)  # fmt: skip
VOID = frozenset({"br", "hr"})
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
VISIBLE_SCHEMES = ("http://", "https://", "mailto:")
_SPACE = re.compile(r"\s+")


class _Sanitiser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []
        self.skip_depth = 0
        self.skip_tag: str | None = None
        self.link_targets: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        if self.skip_depth:
            if tag == self.skip_tag:
                self.skip_depth += 1
            return
        if tag in DROP_WITH_CONTENT:
            if tag not in VOID_DROPPED:
                self.skip_depth, self.skip_tag = 1, tag
            return
        if tag == "a":
            href = dict(attrs).get("href") or ""
            visible = href.strip() if href.strip().lower().startswith(VISIBLE_SCHEMES) else None
            self.link_targets.append(visible)
            return
        if tag not in ALLOWED:
            return
        kept = [
            f' {name}="{int(value)}"'
            for name, value in attrs
            if name.lower() in SPAN_ATTRIBUTES and value and value.strip().isdigit()
        ]
        self.out.append(f"<{tag}{''.join(kept)}>")
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag.lower() in VOID and not self.skip_depth:
            self.out.append(f"<{tag.lower()}>")

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        if self.skip_depth:
            if tag == self.skip_tag:
                self.skip_depth -= 1
                if not self.skip_depth:
                    self.skip_tag = None
            return
        if tag == "a":
            if self.link_targets:
                target = self.link_targets.pop()
                if target:
                    self.out.append(f" [{html.escape(target)}]")
            return
        if tag in self.open:
            while self.open:
                closing = self.open.pop()
                self.out.append(f"</{closing}>")
                if closing == tag:
                    break

    def handle_data(self, data: str) -> None:
        if not self.skip_depth:
            self.out.append(html.escape(data, quote=False))

    def result(self) -> str:
        self.close()
        while self.open:
            self.out.append(f"</{self.open.pop()}>")
        return "".join(self.out)


# Dropped elements that never have content or a closing tag.
VOID_DROPPED = frozenset({"img", "link", "meta", "base", "source", "track", "area", "input"})


def sanitise_html(markup: str) -> str:
    """The safe subset of ``markup``; text is escaped, nothing remote survives."""
    parser = _Sanitiser()
    parser.feed(markup)
    return parser.result()


def html_to_text(markup: str) -> str:
    """Plain text of (sanitised) markup: blocks on their own lines, whitespace collapsed."""
    blocks = re.sub(r"<(br|/p|/li|/tr|/h\d|/dt|/dd|/caption|/blockquote|hr)\b[^>]*>", "\n", markup)
    blocks = re.sub(r"<(p|ul|ol|table|tr|h\d|dl|blockquote)\b[^>]*>", "\n", blocks)  # a block
    blocks = re.sub(r"<li\b[^>]*>", "\n• ", blocks)  # starts a line, even inside a list item
    blocks = re.sub(r"</t[dh]>", "\t", blocks)
    text = html.unescape(re.sub(r"<[^>]+>", "", blocks))
    lines = [_SPACE.sub(" ", line).strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line)
