"""The letterhead: the school's name and address at the top right, in the same place whether or
not the school has given a logo (without one it is a paragraph, beside one a table)."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image

from liaison.documents.layout import Block, Document, Letterhead, Section


def _logo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), (30, 90, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


def _words(path: Path) -> tuple[list[tuple[str, float, float, float]], float]:
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        return [
            (w["text"], round(w["x0"], 2), round(w["x1"], 2), round(w["top"], 2))
            for w in page.extract_words()
        ], page.width


LINE_ENDS = {"Primary", "Lane", "2AB", "960123"}


@pytest.mark.parametrize("tag", ["", "Year 3 Blue: Ola Example"])
def test_the_school_name_sits_in_the_same_place_with_or_without_a_logo(
    tmp_path: Path, tag: str
) -> None:
    from liaison.documents.render import render_pdf

    head = Letterhead("Northbridge Primary", ("1 Mill Lane", "Northbridge NB1 2AB"), "01632 960123")
    section = Section("ENG", "ltr", "7 December 2026", "Coffee morning", (Block("p", "Come."),))
    placed = {}
    for name, logo in (("plain", None), ("logo", _logo())):
        letterhead = Letterhead(head.school_name, head.address_lines, head.contact, logo)
        out = tmp_path / f"{name}.pdf"
        render_pdf([Document("Letter", letterhead, (section,), tag=tag)], out)
        words, width = _words(out)
        placed[name] = [w for w in words if w[0] in LINE_ENDS | {"Northbridge", "Mill"}]
    assert len(placed["plain"]) == 7
    assert placed["plain"] == placed["logo"]
    # Right-aligned: every line of it ends at one edge, in the right half of the page.
    ends = {round(w[2]) for w in placed["plain"] if w[0] in LINE_ENDS}
    assert max(ends) - min(ends) <= 1
    assert min(ends) > width * 0.75
