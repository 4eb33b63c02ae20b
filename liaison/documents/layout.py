"""What a letter or agreement is, independent of any engine, and its HTML for Qt's text layout.

A document has a letterhead and one section per language (home language first, English after
it in the bilingual norm). Every piece of user text is escaped here; right-to-left sections set
`dir="rtl"` on each block so numbers, dates and times inside them keep their order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape

from liaison.documents.font_names import css_family_list
from liaison.documents.slip import ReplySlip
from liaison.forget import holds_words
from liaison.i18n.bidi import english_frame

# No bold anywhere: the packaged fonts are variable fonts, and Qt fakes bold from them by
# drawing each glyph twice, which doubles every letter in the PDF's text layer.
SMALL = "font-size: 8.5pt; color: #555555;"


@dataclass(frozen=True)
class Block:
    kind: str  # p | h | list | sign | reply
    text: str = ""
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    language: str  # DfE code
    direction: str  # ltr | rtl
    date_line: str
    subject: str
    blocks: tuple[Block, ...]
    label: str = ""  # shown above a second section, e.g. "English"
    new_page: bool = False  # agreements: each language on its own page, to sign separately


@dataclass(frozen=True)
class Letterhead:
    school_name: str
    address_lines: tuple[str, ...] = ()
    contact: str = ""
    logo_png: bytes | None = None


@dataclass(frozen=True)
class Document:
    title: str
    letterhead: Letterhead
    sections: tuple[Section, ...]
    signer: str = ""
    signer_role: str = ""
    footer: str = ""
    # A small line above the letterhead, e.g. "3B · Omar Haddad", for handing letters out.
    tag: str = ""
    extra: dict[str, str] = field(default_factory=dict)
    # The tear-off reply slip, drawn whole at the foot of the last page (slip.py).
    slip: ReplySlip | None = None
    # A letter: set tighter, then smaller (within limits) to fit one sheet, slip included.
    one_sheet: bool = False

    def all_text(self) -> str:
        parts = [self.letterhead.school_name, *self.letterhead.address_lines, self.signer]
        for s in self.sections:
            parts += [s.date_line, s.subject, s.label]
            for b in s.blocks:
                parts += [b.text, *b.items]
        if self.slip is not None:
            parts.append(self.slip.all_text())
        return "\n".join(parts)


@dataclass(frozen=True)
class Density:
    """How tightly a letter is set: the body type size, and whether spacing is tight (the
    letterhead on two lines, the English half without a second date, paragraphs `gap_px`
    apart instead of Qt's 12)."""

    font_pt: float = 11.0
    tight: bool = False
    gap_px: int = 12


NORMAL = Density()


LOGO_URL = "liaison-logo.png"


def qr_url(reference: str) -> str:
    return f"liaison-qr-{reference}.png"


def qr_png(reference: str) -> bytes:
    import io

    import segno

    buffer = io.BytesIO()
    segno.make(reference, error="m").save(buffer, kind="png", scale=6, border=2)
    return buffer.getvalue()


# A run's letters repeat the same paragraphs hundreds of times: each is escaped once.
@holds_words
@lru_cache(maxsize=4096)
def _para(text: str, direction: str, style: str = "") -> str:
    align = "right" if direction == "rtl" else "left"
    lines = "<br>".join(escape(line) for line in text.split("\n"))
    return f'<p dir="{direction}" align="{align}" style="{style}">{lines}</p>'


def _tight(density: Density) -> str:
    gap = density.gap_px
    return f" margin-top: {gap}px; margin-bottom: {gap}px;" if density.tight else ""


def _block(
    block: Block, direction: str, density: Density = NORMAL, words: Callable[[str], str] = str
) -> str:
    tight = _tight(density)
    if block.kind == "h":
        return _para(block.text, direction, _heading(density) + " margin-top: 8px;")
    if block.kind == "list":
        align = "right" if direction == "rtl" else "left"
        items = "".join(
            f'<li dir="{direction}" align="{align}">{escape(item)}</li>' for item in block.items
        )
        return f'<ul dir="{direction}" style="{tight}">{items}</ul>'
    if block.kind == "reply":
        # The slip as letters printed it before issue 18, kept so their reprints are exact:
        # a dashed line, the reference, its QR code, the marks to tick. `text` is the
        # reference, `items` the slip's lines. New letters carry a ReplySlip instead.
        align = "right" if direction == "rtl" else "left"
        lines = "".join(
            f'<p dir="{direction}" align="{align}">{escape(line)}</p>' for line in block.items
        )
        return (
            f'<p style="{SMALL}">{"- " * 60}</p>'
            f'<table width="100%" cellspacing="0"><tr>'
            f'<td valign="top">{lines}<p style="font-size: 14pt;">{escape(block.text)}</p></td>'
            f'<td align="right" valign="top"><img src="{qr_url(block.text)}" width="90"></td>'
            "</tr></table>"
        )
    if block.kind == "sign":
        pad = 8 if density.tight else 14
        cells = "".join(
            f'<tr><td dir="{direction}" style="padding-top: {pad}px;">{escape(label)}</td>'
            f'<td style="padding-top: {pad}px;">{"_" * 34}</td></tr>'
            for label in block.items
        )
        align = "right" if direction == "rtl" else "left"
        return f'<table dir="{direction}" align="{align}" cellspacing="0">{cells}</table>'
    return _para(words(block.text), direction, tight)


def _heading(density: Density) -> str:
    return f"font-size: {density.font_pt + 2.5:g}pt;"


def _letterhead(doc: Document, has_logo: bool, density: Density) -> list[str]:
    head = doc.letterhead
    lines = [english_frame(x) for x in head.address_lines]
    contact = english_frame(head.contact) if head.contact else ""
    if density.tight:
        # Two lines under the name instead of one per address line: a third of the height.
        address = escape(" · ".join(lines))
        details = f"<br>{address}" + (f"<br>{escape(contact)}" if contact else "")
        size, logo_height = density.font_pt + 2, 48
    else:
        address = "<br>".join(escape(x) for x in lines)
        details = f"<br>{address}" + (f"<br>{escape(contact)}" if contact else "")
        size, logo_height = 14, 70
    name = f'<span style="font-size: {size:g}pt;">{escape(english_frame(head.school_name))}</span>'
    if not has_logo:
        # One paragraph, drawn to the pixel as the table beside a logo is (no margins, like the
        # table's cell; the tag above it ends without one too): Qt lays a table out in several
        # passes, a fifth of a letter's layout.
        return [f'<p align="right" style="{_NO_MARGINS}">{name}{details}</p><hr>']
    logo = f'<img src="{LOGO_URL}" height="{logo_height}">'
    return [
        '<table width="100%" cellspacing="0"><tr>',
        f'<td width="30%" valign="top">{logo}</td>',
        f'<td align="right" valign="top">{name}{details}</td>',
        "</tr></table><hr>",
    ]


_NO_MARGINS = "margin-top: 0px; margin-bottom: 0px;"


def slot(number: int) -> str:
    """What stands in a letter frame's HTML for the words of its paragraph `number`."""
    return f"\ue000{number}\ue001"


def to_html(
    doc: Document,
    *,
    has_logo: bool,
    density: Density = NORMAL,
    slots: list[str] | None = None,
) -> str:
    """The document's HTML. With `slots`, the letter's frame instead: the words of its own
    paragraphs (the tag, and each paragraph block, where one family's letter differs from
    another's) are appended to `slots`, and `slot(n)` stands in the HTML for the nth
    (liaison.documents.reuse lays out one frame for many letters)."""

    def words(text: str) -> str:
        if slots is None:
            return text
        slots.append(text)
        return slot(len(slots) - 1)

    body_style = f"font-family: {css_family_list()}; font-size: {density.font_pt:g}pt;"
    parts = [f'<html><body style="{body_style}">']
    if doc.tag:
        tag = words(english_frame(doc.tag))
        parts.append(_para(tag, "ltr", f"{SMALL} margin-bottom: 0px;"))
    parts += _letterhead(doc, has_logo, density)
    # A reply slip carries the signature and date: the letter's own lines for them would ask
    # for a second signature on the part that stays at home.
    drop_sign = doc.slip is not None and doc.one_sheet
    tight = _tight(density)
    for index, section in enumerate(doc.sections):
        d = section.direction
        if index and section.new_page:
            parts.append('<p style="page-break-before: always;"></p>')
        elif index:
            parts.append("<hr>")
        if section.label:
            parts.append(_para(section.label, "ltr", SMALL + tight))
        if not (density.tight and index and not section.new_page):
            parts.append(_para(section.date_line, d, tight))
        if section.subject:
            parts.append(_para(section.subject, d, _heading(density) + tight))
        parts += [
            _block(b, d, density, words)
            for b in section.blocks
            if b.kind != "reply" and not (drop_sign and b.kind == "sign")
        ]
        if doc.signer:
            parts.append(_para(f"{doc.signer}\n{doc.signer_role}".strip(), d, tight))
        # A slip of an older letter goes last, below the signature.
        parts += [_block(b, d) for b in section.blocks if b.kind == "reply"]
    if doc.footer:
        parts.append("<hr>" + _para(english_frame(doc.footer), "ltr", SMALL + tight))
    parts.append("</body></html>")
    return "".join(parts)
