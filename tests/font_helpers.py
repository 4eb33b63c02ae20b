"""Make small fonts and a fontconfig configuration that adds them as "system" fonts for a child
process, so tests can show letters ignore the machine's fonts (no Debian package needed)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen


def _box() -> object:
    pen = TTGlyphPen(None)
    pen.moveTo((50, 0))
    pen.lineTo((50, 700))
    pen.lineTo((450, 700))
    pen.lineTo((450, 0))
    pen.closePath()
    return pen.glyph()


def make_font(path: Path, family: str, postscript: str, code_points: list[int]) -> Path:
    """A TrueType font named `family` that draws a box for each code point."""
    names = [".notdef", *[f"u{c:05X}" for c in code_points]]
    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder(names)
    fb.setupCharacterMap({c: f"u{c:05X}" for c in code_points})
    fb.setupGlyf({name: _box() for name in names})
    fb.setupHorizontalMetrics({name: (500, 50) for name in names})
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable({"familyName": family, "styleName": "Regular", "psName": postscript})
    fb.setupOS2(sTypoAscender=800, usWinAscent=800, usWinDescent=200)
    fb.setupPost()
    fb.save(str(path))
    return path


def system_fonts_env(folder: Path) -> dict[str, str]:
    """An environment whose fontconfig sees the machine's fonts plus two made here: one that
    draws Egyptian hieroglyphs (as Debian's fonts-noto-core does) and an impostor "Noto Sans"
    and "Noto Sans Arabic" (a system copy of a family Liaison ships, in another version)."""
    fonts = folder / "fonts"
    fonts.mkdir(parents=True, exist_ok=True)
    make_font(fonts / "hiero.ttf", "System Hieroglyphs", "SystemHieroglyphs", [0x13000, 0x13001])
    latin = list(range(0x20, 0x7F))
    arabic = list(range(0x0621, 0x064B))
    make_font(fonts / "impostor.ttf", "Noto Sans", "ImpostorNotoSans", latin)
    make_font(fonts / "impostor-ar.ttf", "Noto Sans Arabic", "ImpostorNotoArabic", arabic)
    conf = folder / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"<dir>{fonts}</dir><cachedir>{folder / 'cache'}</cachedir></fontconfig>",
        "utf-8",
    )
    env = dict(os.environ)
    env["FONTCONFIG_FILE"] = str(conf)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).resolve().parents[1]), *sys.path])
    return env
