"""Colours of the monograph page, chosen by the window from its palette. Qt-free."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Theme:
    """Colours taken from the window's palette, so light and dark themes both read well."""

    text: str = "#1a1a1a"
    muted: str = "#5a5a5a"
    panel: str = "#f6f7f9"
    border: str = "#c9ced6"
    notice_background: str = "#fff4d6"
    notice_text: str = "#5c3d00"
    warning_background: str = "#fde8e8"
    warning_text: str = "#7a1010"
