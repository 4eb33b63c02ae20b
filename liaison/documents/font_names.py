"""The font families letters and screens use, by name only (no Qt): layout and the CLI import
this without loading QtGui; liaison.documents.fonts registers the files with Qt."""

from __future__ import annotations

import importlib.util
from pathlib import Path

# The order is the fallback order; Qt also picks per script from these. Registered with Qt as
# "Liaison <name>" (liaison.documents.font_rename), so no system font of the same name is used.
_SHIPPED = [
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
FAMILIES = [f"Liaison {name}" for name in _SHIPPED]


def css_family_list() -> str:
    return ", ".join(f"'{name}'" for name in FAMILIES)


FONT_PACKAGES = ("manimgx_fonts", "manimgx_fonts_cjk")


def _package_folders() -> list[Path]:
    """The font packages' folders, from their import specs (the frozen app's too), never the
    current directory: a package found without an __init__ has no __file__."""
    folders: list[Path] = []
    for package in FONT_PACKAGES:
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            continue
        folders += [Path(folder) for folder in spec.submodule_search_locations]
    return folders


def font_files() -> list[Path]:
    files: list[Path] = []
    for folder in _package_folders():
        if folder.is_dir():
            files += sorted(p for p in folder.iterdir() if p.suffix in (".ttf", ".otf", ".ttc"))
    return [p for p in files if "Emoji" not in p.name]


def packaged_font(filename: str) -> Path | None:
    """A font file shipped in the pinned font packages, found without Qt (for reportlab)."""
    for folder in _package_folders():
        path = folder / filename
        if path.is_file():
            return path
    return None
