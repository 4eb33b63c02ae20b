"""The app's screens use the same packaged fonts as the letters, so every script shows."""

from __future__ import annotations

from PySide6.QtGui import QFont

from liaison.services.fonts import FAMILIES, register

__all__ = ["register", "ui_font"]


def ui_font(point_size: float = 10.0) -> QFont:
    font = QFont()
    font.setFamilies(FAMILIES)
    font.setPointSizeF(point_size)
    return font
