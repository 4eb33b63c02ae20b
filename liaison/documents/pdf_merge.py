"""One PDF from the PDFs Qt wrote for consecutive parts of a print run, pages in order.

A renderer child turns the PDF of its chunk of letters into a `Fragment`: Qt's objects (content
streams, fonts and their subsets, images) with the text layer's repaired objects in place of
the ones they replace, each reference left as a local number. The parent then only numbers the
fragments' objects on from those before and appends them (`Assembler`): no parsing and no
decompression in the parent, and the reading of Qt's PDF is spread over the children. Qt's
catalog, page tree, info dictionary and XMP metadata are left behind; the assembler writes a
catalog, a page tree and an info dictionary (Qt's producer and dates, the file's own title).

Qt's PDFs are read directly, not through a general PDF parser (which cost more than laying the
letters out): one cross-reference table, each object at its offset, stream lengths in objects
of their own, and no string in any dictionary but the info's that could read as a reference.

Each chunk embeds its own subsets of the fonts it used, so a merged file carries a few subsets
of each font (one per chunk using it): a larger file, the same pages and text.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field

from liaison.documents.qt_pdf import QtPdf

# A piece of an object's bytes, or an int: a reference to the fragment's object of that local
# number (1-based); PAGE_TREE stands for the merged file's page tree (a page's /Parent).
Piece = bytes | int
PAGE_TREE = 0
_REF = re.compile(rb"(\d+) 0 R")
_INFO_ENTRY = re.compile(rb"/(\w+) (\((?:[^()\\]|\\.)*\)|/\w+)", re.S)


@dataclass
class Fragment:
    objects: list[list[Piece]] = field(default_factory=list)  # local number n at [n - 1]
    pages: list[int] = field(default_factory=list)  # local numbers of the pages, in order
    info: dict[str, str] = field(default_factory=dict)  # Qt's document information


def _pieces(text: bytes, local: dict[int, int]) -> list[Piece]:
    pieces: list[Piece] = []
    last = 0
    for match in _REF.finditer(text):
        pieces += [text[last : match.start()], local[int(match.group(1))]]
        last = match.end()
    pieces.append(text[last:])
    return pieces


def fragment(data: bytes, replaced: dict[int, bytes] | None = None) -> Fragment:
    """The pages of a PDF Qt wrote, with `replaced` objects (text_layer.repaired_objects: each
    as written between "N 0 obj" and "endobj") in place of Qt's or added to them, ready to
    append to another PDF."""
    qt = QtPdf(data)
    replaced = replaced or {}
    tree = qt.ref(qt.root, b"Pages")
    kids = qt.pages()
    # The catalog and what it holds (page tree, names, metadata) and the info are Qt's own.
    left_behind = {qt.root, *qt.refs(qt.root), *([qt.info] if qt.info else [])}
    kept = [n for n in sorted(qt.offsets) if n not in left_behind]
    kept += sorted(n for n in replaced if n not in qt.offsets)  # objects the repair added
    local = {n: i for i, n in enumerate(kept, 1)}
    if tree is not None:
        local[tree] = PAGE_TREE  # a page's /Parent: the merged file's page tree
    out = Fragment(pages=[local[n] for n in kids])
    for number in kept:
        stream: bytes | None
        if number in replaced:
            head, found, rest = replaced[number].partition(b"stream\n")
            stream = rest.removesuffix(b"\nendstream") if found else None
        else:
            head, stream = qt.body(number)
        pieces = _pieces(head, local)
        if stream is not None:
            pieces.append(b"stream\n" + stream + b"\nendstream")
        out.objects.append(pieces)
    if qt.info is not None:
        text = qt.body(qt.info)[0]
        out.info = {
            "/" + m.group(1).decode(): _pdf_string(m.group(2)) for m in _INFO_ENTRY.finditer(text)
        }
    return out


def _pdf_value(value: str) -> bytes:
    """A name as it is; any other text as a UTF-16 hex string (any script, nothing to escape)."""
    if re.fullmatch(r"/\w+", value):
        return value.encode("ascii")
    return b"<FEFF" + value.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def _pdf_string(token: bytes) -> str:
    """A literal string or name from Qt's info dictionary, as text."""
    if token.startswith(b"/"):
        return token.decode("latin-1")
    raw = re.sub(rb"\\(.)", rb"\1", token[1:-1])
    if raw.startswith(b"\xfe\xff"):
        return raw[2:].decode("utf-16-be", errors="replace")
    return raw.decode("latin-1")


class Assembler:
    """Appends fragments in order into one PDF held in memory, titled `title`."""

    def __init__(self, title: str) -> None:
        self.title = title
        self.out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        self.offsets: list[int] = [0]  # object n's offset at [n - 1]; 1 is the page tree
        self.kids: list[int] = []
        self.info: dict[str, str] | None = None

    @property
    def pages(self) -> int:
        return len(self.kids)

    def add(self, part: Fragment) -> None:
        base = len(self.offsets)
        self.offsets += [0] * len(part.objects)
        for number, pieces in enumerate(part.objects, base + 1):
            self._emit(number, pieces, base)
        self.kids += [base + n for n in part.pages]
        if self.info is None:
            self.info = part.info  # Qt's producer and dates; the title is the file's own

    def _emit(self, number: int, pieces: list[Piece], base: int) -> None:
        self.offsets[number - 1] = len(self.out)
        body = [b"%d 0 obj\n" % number]
        for piece in pieces:
            if isinstance(piece, bytes):
                body.append(piece)
            else:
                body.append(b"%d 0 R" % (1 if piece == PAGE_TREE else base + piece))
        body.append(b"\nendobj\n")
        self.out += b"".join(body)

    def _append(self, body: bytes) -> int:
        self.offsets.append(len(self.out))
        number = len(self.offsets)
        self.out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
        return number

    def finish(self) -> bytearray:
        """The whole file: page tree, catalog, cross-reference table and trailer (the buffer
        itself, not a copy: a whole school's PDF is several megabytes)."""
        self.offsets[0] = len(self.out)
        kids = b" ".join(b"%d 0 R" % n for n in self.kids)
        self.out += b"1 0 obj\n<< /Type /Pages /Kids [ %s ] /Count %d >>\nendobj\n" % (
            kids,
            len(self.kids),
        )
        root = self._append(b"<< /Type /Catalog /Pages 1 0 R >>")
        info = {**(self.info or {}), "/Title": self.title, "/Creator": "Liaison"}
        entries = b"".join(
            b" %s %s" % (key.encode("ascii"), _pdf_value(value)) for key, value in info.items()
        )
        info_number = self._append(b"<<" + entries + b" >>")
        xref_at = len(self.out)
        lines = [b"xref\n0 %d\n0000000000 65535 f \n" % (len(self.offsets) + 1)]
        lines += [b"%010d 00000 n \n" % offset for offset in self.offsets]
        self.out += b"".join(lines)
        ident = uuid.uuid4().hex.encode()
        trailer = b"<< /Size %d /Root %d 0 R /Info %d 0 R" % (
            len(self.offsets) + 1,
            root,
            info_number,
        )
        trailer += b" /ID [ <%s> <%s> ] >>" % (ident, ident)
        self.out += b"trailer\n" + trailer + b"\nstartxref\n%d\n%%%%EOF\n" % xref_at
        return self.out
