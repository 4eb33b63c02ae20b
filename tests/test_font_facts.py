"""What printing reads from the packaged fonts is kept in resources/font-facts.bin, so no print
run reads it from the fonts again; these fail when the file no longer describes the fonts."""

from __future__ import annotations

from pathlib import Path

from liaison.documents import coverage, font_facts


def test_the_kept_facts_are_the_installed_fonts_facts() -> None:
    kept = font_facts.stored()
    assert kept is not None, (
        "resources/font-facts.bin is missing or describes other fonts: after changing the font "
        "packages, run `.venv/bin/python -m liaison.documents.font_facts` and commit the file"
    )
    assert kept == font_facts.read_from_fonts()


def test_stale_or_broken_facts_are_read_from_the_fonts_instead(tmp_path: Path) -> None:
    written = font_facts.write(tmp_path)
    assert font_facts.stored(tmp_path) == font_facts.read_from_fonts()
    data = written.read_bytes()
    head, _, body = data.partition(b"\n\n")
    # Another size for one font file: the facts are not used.
    stale = head.replace(b'"NotoSans[wght].ttf", ', b'"NotoSans[wght].ttf", 1', 1)
    assert stale != head
    written.write_bytes(stale + b"\n\n" + body)
    assert font_facts.stored(tmp_path) is None
    written.write_bytes(data[: len(data) // 2])  # cut short
    assert font_facts.stored(tmp_path) is None
    assert font_facts.stored(tmp_path / "nowhere") is None


def test_coverage_answers_from_the_facts() -> None:
    assert coverage.covered("A") and coverage.covered("ب") and coverage.covered("ক")
    assert coverage.covered("中")
    assert not coverage.covered("\U00013000")  # Egyptian hieroglyphs: no shipped font
