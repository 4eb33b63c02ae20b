"""The route schools use today for a book-bag letter: one mail-merged .docx, converted to PDF by
LibreOffice headless. For bench/bookbag.py only (python-docx and LibreOffice are not part of
`make test`: `pip install -e '.[bench]'` and `apt-get install libreoffice-writer-nogui`).

The .docx holds the same letters Liaison prints (the same text, bilingual, each letter from a
new page, right-to-left paragraphs marked as such, each script in the same Noto family), built
the fast way: each letter in a scratch document whose paragraphs are then moved across, since a
python-docx document that keeps growing slows down quadratically. LibreOffice is given the same
Noto fonts through a fontconfig file, so it never falls back to boxes or another face (its
Chinese comes out in the CJK font's Thin default instance: LibreOffice 7.4 does not choose a
weight of a variable font as Liaison does; that does not change its speed).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from liaison.documents.font_names import font_files
from liaison.documents.layout import Document, Section
from liaison.i18n import languages

# The family each script prints in (as liaison.documents picks them from its fallback list).
_FAMILY_BY_SCRIPT = {
    "Arab": "Noto Sans Arabic",
    "Beng": "Noto Sans Bengali",
    "Guru": "Noto Sans Gurmukhi",
    "Gujr": "Noto Sans Gujarati",
    "Deva": "Noto Sans Devanagari",
    "Taml": "Noto Sans Tamil",
    "Ethi": "Noto Sans Ethiopic",
    "Hans": "Noto Sans CJK SC",
    "Hant": "Noto Sans CJK SC",
}


def _family(section: Section) -> str:
    lang = languages.get(section.language)
    return _FAMILY_BY_SCRIPT.get(lang.script or "", "Noto Sans") if lang else "Noto Sans"


def _paragraph(scratch, text: str, family: str, rtl: bool, size: float = 11):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    paragraph = scratch.add_paragraph()
    if rtl:
        paragraph._p.get_or_add_pPr().append(OxmlElement("w:bidi"))
    for index, line in enumerate(text.split("\n")):
        run = paragraph.add_run()
        if index:
            run.add_break()  # a line break inside the paragraph, before this line
        run.add_text(line)
        run.font.size = Pt(size)
        fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attribute), family)
        if rtl:
            run._r.get_or_add_rPr().append(OxmlElement("w:rtl"))
    return paragraph


def _letter(scratch, doc: Document) -> None:
    head = doc.letterhead
    if doc.tag:
        _paragraph(scratch, doc.tag, "Noto Sans", False, 8.5)
    _paragraph(scratch, "\n".join([head.school_name, *head.address_lines]), "Noto Sans", False)
    for section in doc.sections:
        family, rtl = _family(section), section.direction == "rtl"
        if section.label:
            _paragraph(scratch, section.label, "Noto Sans", False, 8.5)
        _paragraph(scratch, section.date_line, family, rtl)
        _paragraph(scratch, section.subject, family, rtl, 13.5)
        for block in section.blocks:
            for text in (block.text, *block.items):
                if text:
                    _paragraph(scratch, text, family, rtl)
        if doc.signer:
            _paragraph(scratch, f"{doc.signer}\n{doc.signer_role}".strip(), family, rtl)
    if doc.footer:
        _paragraph(scratch, doc.footer, "Noto Sans", False, 8.5)


def build_docx(documents: Sequence[Document], out: Path) -> None:
    """One .docx with every letter, each from a new page."""
    import docx
    from docx.enum.text import WD_BREAK

    merged = docx.Document()
    body = merged.element.body
    end = body.sectPr  # new content goes before the section properties
    scratch = docx.Document()
    for index, doc in enumerate(documents):
        _letter(scratch, doc)
        if index + 1 < len(documents):
            scratch.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
        for element in list(scratch.element.body):
            if element.tag.endswith("}sectPr"):
                continue
            end.addprevious(element)  # moved, so the scratch document is empty again
    merged.save(str(out))


def fontconfig_file(folder: Path) -> Path:
    """A fontconfig file that adds the packaged Noto fonts to the system's."""
    dirs = sorted({str(path.parent) for path in font_files()})
    conf = folder / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        + "".join(f"  <dir>{d}</dir>\n" for d in dirs)
        + f"  <cachedir>{folder / 'fc-cache'}</cachedir>\n</fontconfig>\n",
        "utf-8",
    )
    return conf


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_command(docx_path: Path, out_dir: Path, profile: Path) -> list[str]:
    """LibreOffice headless converting the .docx to PDF, with its own user profile."""
    return [
        soffice() or "soffice",
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(out_dir),
        str(docx_path),
    ]


def warm_profile(profile: Path, env: dict[str, str]) -> None:
    """LibreOffice's first start in a new profile sets it up; a school PC has done that."""
    with tempfile.TemporaryDirectory() as tmp:
        import docx

        sample = Path(tmp) / "warm.docx"
        docx.Document().save(str(sample))
        subprocess.run(
            convert_command(sample, Path(tmp), profile), env=env, capture_output=True, check=True
        )
