"""What a letter or agreement is, independent of any engine, and its HTML for Qt's text layout.

A document has a letterhead and one section per language (home language first, English after
it in the bilingual norm). Every piece of user text is escaped here; right-to-left sections set
`dir="rtl"` on each block so numbers, dates and times inside them keep their order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from liaison.documents.font_names import css_family_list

# No bold anywhere: the packaged fonts are variable fonts, and Qt fakes bold from them by
# drawing each glyph twice, which doubles every letter in the PDF's text layer.
HEADING = "font-size: 13.5pt;"
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
    # A small line above the letterhead, e.g. "Omar Haddad · 3B", for handing letters out.
    tag: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    def all_text(self) -> str:
        parts = [self.letterhead.school_name, *self.letterhead.address_lines, self.signer]
        for s in self.sections:
            parts += [s.date_line, s.subject, s.label]
            for b in s.blocks:
                parts += [b.text, *b.items]
        return "\n".join(parts)


LOGO_URL = "liaison-logo.png"


def qr_url(reference: str) -> str:
    return f"liaison-qr-{reference}.png"


def qr_png(reference: str) -> bytes:
    import io

    import segno

    buffer = io.BytesIO()
    segno.make(reference, error="m").save(buffer, kind="png", scale=6, border=2)
    return buffer.getvalue()


def _para(text: str, direction: str, style: str = "") -> str:
    align = "right" if direction == "rtl" else "left"
    lines = "<br>".join(escape(line) for line in text.split("\n"))
    return f'<p dir="{direction}" align="{align}" style="{style}">{lines}</p>'


def _block(block: Block, direction: str) -> str:
    if block.kind == "h":
        return _para(block.text, direction, HEADING + " margin-top: 8px;")
    if block.kind == "list":
        align = "right" if direction == "rtl" else "left"
        items = "".join(
            f'<li dir="{direction}" align="{align}">{escape(item)}</li>' for item in block.items
        )
        return f'<ul dir="{direction}">{items}</ul>'
    if block.kind == "reply":
        # A tear-off slip: a dashed cut line, the reference in large type, its QR code, and the
        # answers to tick. `text` is the reference, `items` the slip's lines.
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
        cells = "".join(
            f'<tr><td dir="{direction}" style="padding-top: 14px;">{escape(label)}</td>'
            f'<td style="padding-top: 14px;">{"_" * 34}</td></tr>'
            for label in block.items
        )
        align = "right" if direction == "rtl" else "left"
        return f'<table dir="{direction}" align="{align}" cellspacing="0">{cells}</table>'
    return _para(block.text, direction)


def to_html(doc: Document, *, has_logo: bool) -> str:
    head = doc.letterhead
    address = "<br>".join(escape(x) for x in head.address_lines)
    contact = f"<br>{escape(head.contact)}" if head.contact else ""
    logo = f'<img src="{LOGO_URL}" height="70">' if has_logo else ""
    parts = [
        f'<html><body style="font-family: {css_family_list()}; font-size: 11pt;">',
        _para(doc.tag, "ltr", SMALL) if doc.tag else "",
        '<table width="100%" cellspacing="0"><tr>',
        f'<td width="30%" valign="top">{logo}</td>',
        f'<td align="right" valign="top"><span style="font-size: 14pt;">'
        f"{escape(head.school_name)}</span><br>{address}{contact}</td>",
        "</tr></table><hr>",
    ]
    for index, section in enumerate(doc.sections):
        d = section.direction
        if index and section.new_page:
            parts.append('<p style="page-break-before: always;"></p>')
        elif index:
            parts.append("<hr>")
        if section.label:
            parts.append(_para(section.label, "ltr", SMALL))
        parts.append(_para(section.date_line, d))
        if section.subject:
            parts.append(_para(section.subject, d, HEADING))
        parts += [_block(b, d) for b in section.blocks if b.kind != "reply"]
        if doc.signer:
            parts.append(_para(f"{doc.signer}\n{doc.signer_role}".strip(), d))
        # The tear-off slip goes last, below the signature.
        parts += [_block(b, d) for b in section.blocks if b.kind == "reply"]
    if doc.footer:
        parts.append("<hr>" + _para(doc.footer, "ltr", SMALL))
    parts.append("</body></html>")
    return "".join(parts)
