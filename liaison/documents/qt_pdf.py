"""Reading back a PDF Qt's writer has just made, without a general PDF parser.

The text layer's repair and the merging of a pooled run's chunks read Qt's own output only, and
that output is regular: one cross-reference table, every object at its offset as "N 0 obj",
streams with their length in an object of their own (or inline), Flate or no filter, and no
string in any dictionary except the info dictionary's. Reading it directly took a fraction of
pypdf's time (parsing every object with pypdf cost more than laying the letters out in a
renderer child) and keeps pypdf's imports (26 MB) out of every renderer process.
"""

from __future__ import annotations

import re

from isal import isal_zlib

_XREF = re.compile(rb"\nxref\n0 (\d+)\n")
_TRAILER_REF = re.compile(rb"/(Root|Info) (\d+) 0 R")
_REF = re.compile(rb"(\d+) 0 R")
_LENGTH = re.compile(rb"/Length (\d+)( 0 R)?")


class QtPdf:
    """Qt's objects by number, read through its one cross-reference table."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        found = _XREF.search(data)
        if found is None:
            raise ValueError("not a PDF Qt wrote: no cross-reference table")
        self.size, start = int(found.group(1)), found.end()
        self.offsets: dict[int, int] = {}
        for number in range(1, self.size):
            entry = data[start + 20 * number : start + 20 * number + 20]
            if entry[17:18] == b"n":
                self.offsets[number] = int(entry[:10])
        trailer = data[data.rindex(b"trailer") :]
        refs = {m.group(1): int(m.group(2)) for m in _TRAILER_REF.finditer(trailer)}
        if b"Root" not in refs:
            raise ValueError("not a PDF Qt wrote: no catalog")
        self.root: int = refs[b"Root"]
        self.info: int | None = refs.get(b"Info")

    def body(self, number: int) -> tuple[bytes, bytes | None]:
        """The object's text (for a stream, its dictionary) and its stream data, if any."""
        start = self.data.index(b" obj\n", self.offsets[number]) + 5
        end = self.data.find(b"endobj", start)
        at = self.data.find(b"stream\n", start, end)
        if at < 0:
            return self.data[start:end].rstrip(), None
        head = self.data[start:at]
        length = _LENGTH.search(head)
        if length is None:
            raise ValueError(f"stream {number} has no length")
        size = int(length.group(1))
        if length.group(2):
            size = int(self.body(size)[0])
        return head, self.data[at + 7 : at + 7 + size]

    def text(self, number: int) -> bytes:
        return self.body(number)[0]

    def stream(self, number: int) -> bytes | None:
        """The stream's data decoded (Flate or none); None for another filter or no stream."""
        head, data = self.body(number)
        if data is None:
            return None
        if b"/Filter" not in head:
            return data
        if re.search(rb"/Filter\s*/FlateDecode\s*[/>]", head) is None:
            return None
        return isal_zlib.decompress(data)

    def ref(self, number: int, key: bytes) -> int | None:
        """The object number `key` refers to in object `number`'s dictionary."""
        found = re.search(rb"/" + key + rb" (\d+) 0 R", self.text(number))
        return int(found.group(1)) if found else None

    def refs(self, number: int) -> list[int]:
        """Every object number referred to in the object's text, in order."""
        return [int(m) for m in _REF.findall(self.text(number))]

    def pages(self) -> list[int]:
        """The page objects in order (Qt writes one flat page tree)."""
        tree = self.ref(self.root, b"Pages")
        kids = re.search(rb"/Kids\s*\[([^\]]*)\]", self.text(tree)) if tree else None
        return [int(m) for m in _REF.findall(kids.group(1))] if kids else []
