"""The font families letters and screens use, by name only (no Qt): layout and the CLI import
this without loading QtGui; liaison.documents.fonts registers the files with Qt."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

# The order is the fallback order; Qt also picks per script from these.
FAMILIES = [
    "Noto Sans",
    "Noto Sans Arabic",
    "Noto Sans Bengali",
    "Noto Sans Gurmukhi",
    "Noto Sans Gujarati",
    "Noto Sans Devanagari",
    "Noto Sans Tamil",
    "Noto Sans Telugu",
    "Noto Sans Malayalam",
    "Noto Sans Sinhala",
    "Noto Sans Ethiopic",
    "Noto Sans Thai",
    "Noto Sans Hebrew",
    "Noto Sans Georgian",
    "Noto Sans Armenian",
    "Noto Sans Khmer",
    "Noto Sans Myanmar",
    "Noto Sans Lao",
    "Noto Sans CJK SC",
    "Noto Sans Symbols",
]


def css_family_list() -> str:
    return ", ".join(f"'{name}'" for name in FAMILIES)


def font_files() -> list[Path]:
    files: list[Path] = []
    for package in ("manimgx_fonts", "manimgx_fonts_cjk"):
        try:
            module = __import__(package)
        except ImportError:
            continue
        folder = Path(os.path.dirname(module.__file__ or ""))
        files += sorted(p for p in folder.iterdir() if p.suffix in (".ttf", ".otf", ".ttc"))
    return [p for p in files if "Emoji" not in p.name]


def packaged_font(filename: str) -> Path | None:
    """A font file shipped in the pinned font packages, found without Qt (for reportlab)."""
    for package in ("manimgx_fonts", "manimgx_fonts_cjk"):
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            continue
        for folder in spec.submodule_search_locations:
            path = Path(folder) / filename
            if path.is_file():
                return path
    return None
