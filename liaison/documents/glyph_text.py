"""What each glyph of a text run stands for, from HarfBuzz's shaping of the run's characters.

Qt shapes each run with HarfBuzz and draws the glyphs one by one; its PDF's ToUnicode maps only
the glyphs the font's cmap names, so shaped glyphs (Arabic contextual forms, Noto Sans Arabic's
dotless bases and dots, Indic conjuncts, half forms, reordered vowel signs) read back as nothing
or as the wrong letter in readers that rely on ToUnicode (pdfminer/pdfplumber; pdfium and
poppler for text outside an ActualText span).

Shaping the run's text again with the same font file gives the same glyphs in the same order,
each with its cluster (the characters it was made from). The glyph of a cluster that carries
the most advance (the base; the first one on a tie) stands for the whole cluster's text, in
logical order, and the others for nothing: a reader that puts the glyphs in order by position
then gets the characters in order, even where a vowel sign is drawn before its consonant.
Grapheme clusters (HarfBuzz's default level) keep a mark with its base, so a mark drawn to the
left or right of where its text belongs never moves the text.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import uharfbuzz as hb

from liaison.forget import holds_words
from liaison.i18n.bidi import CONTROLS

# Qt prints the packaged variable fonts at this weight (liaison.documents.pdf); the advances
# HarfBuzz reports must be the same instance's.
WEIGHT = 400


@dataclass(frozen=True)
class Shaped:
    """A run's glyphs in the order Qt draws them (logical order: right to left for a
    right-to-left run), the text each glyph stands for ("" for the others) and the advance
    that text spans (in thousandths of the font size: what a PDF's /W says)."""

    glyphs: tuple[int, ...]
    texts: tuple[str, ...]
    widths: tuple[float, ...]


@dataclass
class _Cluster:
    text: str
    glyphs: list[int]  # indices in HarfBuzz's (visual) order
    advance: int = 0


@cache
def font_for(path: Path, number: int) -> hb.Font:
    font = hb.Font(hb.Face(hb.Blob.from_file_path(str(path)), number))
    axes = {axis.tag for axis in font.face.axis_infos}
    if "wght" in axes:
        font.set_variations({"wght": WEIGHT})
    return font


def nominal_glyph(path: Path, number: int, char: str) -> int | None:
    """The glyph the font's cmap gives a character (None when it has none)."""
    return font_for(path, number).get_nominal_glyph(ord(char))


@holds_words
@cache
def shape(path: Path, number: int, text: str, direction: str | None = None) -> Shaped:
    """The run shaped as Qt shapes it; `direction` forces ltr or rtl (default: guessed from
    the characters, as for a run of one script)."""
    font = font_for(path, number)
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    if direction is not None:
        buffer.direction = direction
    hb.shape(font, buffer)
    infos, positions = buffer.glyph_infos, buffer.glyph_positions
    rtl = buffer.direction == "rtl"
    origins, pen = [], 0
    for position in positions:
        origins.append(pen + position.x_offset)
        pen += position.x_advance
    clusters = _clusters(text, [info.cluster for info in infos], positions)
    texts = [""] * len(infos)
    widths = [0.0] * len(infos)
    scale = 1000 / font.face.upem
    for cluster in _monotone(clusters, origins, positions, rtl):
        carrier = _carrier(cluster, origins, positions)
        # Bidi controls (the isolates Liaison puts around inserted text) read as nothing: a
        # run that starts with one has a glyph of no text there, drawn as its (empty) outline.
        texts[carrier] = "".join(ch for ch in cluster.text if ch not in CONTROLS)
        widths[carrier] = cluster.advance * scale
    # HarfBuzz gives right-to-left runs in visual order; Qt draws them in logical order.
    order = range(len(infos) - 1, -1, -1) if rtl else range(len(infos))
    return Shaped(
        tuple(infos[i].codepoint for i in order),
        tuple(texts[i] for i in order),
        tuple(widths[i] for i in order),
    )


def _clusters(text: str, values: list[int], positions: list[hb.GlyphPosition]) -> list[_Cluster]:
    """HarfBuzz's clusters in logical order, each with its text, glyphs and advance."""
    starts = sorted(set(values))
    ends = dict(zip(starts, [*starts[1:], len(text)], strict=True))
    by_start = {start: _Cluster(text[start : ends[start]], []) for start in starts}
    for index, value in enumerate(values):
        cluster = by_start[value]
        cluster.glyphs.append(index)
        cluster.advance += positions[index].x_advance
    return [by_start[start] for start in starts]


def _monotone(
    clusters: list[_Cluster], origins: list[int], positions: list[hb.GlyphPosition], rtl: bool
) -> list[_Cluster]:
    """Clusters merged where one would otherwise read back before the one it follows: a
    reader orders the text by where each carrying glyph starts (a Bengali "ত্র" drawn under the
    "ন্" before it joins it: "ন্ত্র"). A zero width non-joiner or joiner (Persian "می‌کنیم")
    joins the cluster before it: drawn as nothing, it has no place of its own."""
    merged: list[_Cluster] = []
    for cluster in clusters:
        if merged:
            before = origins[_carrier(merged[-1], origins, positions)]
            here = origins[_carrier(cluster, origins, positions)]
            invisible = all(unicodedata.category(ch) == "Cf" for ch in cluster.text)
            if invisible or ((here > before) if rtl else (here < before)):
                last = merged[-1]
                merged[-1] = _Cluster(
                    last.text + cluster.text,
                    last.glyphs + cluster.glyphs,
                    last.advance + cluster.advance,
                )
                continue
        merged.append(cluster)
    return merged


def _carrier(cluster: _Cluster, origins: list[int], positions: list[hb.GlyphPosition]) -> int:
    """The glyph that carries the cluster's text: on the baseline if one is, the leftmost, so
    the text's box (that glyph's origin plus the cluster's advance) covers the cluster."""
    on_line = [i for i in cluster.glyphs if positions[i].y_offset == 0] or cluster.glyphs
    return min(on_line, key=lambda i: (origins[i], i))
