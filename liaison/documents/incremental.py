"""An incremental update to a PDF Qt wrote (PDF 1.7, 7.5.6): new versions of some of its objects
appended after it, so that nothing Qt wrote is rewritten (liaison.documents.text_layer's repair)."""

from __future__ import annotations

import re

from liaison.documents.qt_pdf import QtPdf


def update(qt: QtPdf, objects: dict[int, bytes]) -> bytes:
    """An incremental update (PDF 1.7, 7.5.6): new versions of the changed objects, an xref
    section for them and a trailer pointing back at the previous one."""
    data = qt.data
    out = bytearray(b"\n")
    offsets: dict[int, int] = {}
    for number, body in sorted(objects.items()):
        offsets[number] = len(data) + len(out)
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref_at = len(data) + len(out)
    out += b"xref\n"
    for number, offset in offsets.items():
        out += f"{number} 1\n{offset:010d} 00000 n \n".encode()
    size = max(qt.size, max(objects) + 1)
    entries = [f"/Size {size}", f"/Prev {_startxref(data)}", f"/Root {qt.root} 0 R"]
    if qt.info is not None:
        entries.append(f"/Info {qt.info} 0 R")
    ids = re.search(rb"/ID\s*\[[^\]]*\]", data[data.rfind(b"trailer") :])
    if ids:
        entries.append(ids.group(0).decode("latin-1"))
    out += ("trailer\n<< " + " ".join(entries) + " >>\n").encode("latin-1")
    out += f"startxref\n{xref_at}\n%%EOF\n".encode()
    return bytes(out)


def _startxref(data: bytes) -> int:
    found = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", data[-1024:])
    if found is None:
        raise ValueError("not a PDF Qt wrote: no startxref")
    return int(found.group(1))
