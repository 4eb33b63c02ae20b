"""Qt's CIDFont dictionaries, read and rewritten as text: glyph widths (/W) and, when codes are
added (liaison.documents.glyph_codes), a CIDToGIDMap stream that sends them to their glyphs.

Qt writes each CIDFont as a plain object ("N 0 obj << ... >> endobj", never in an object stream)
with /CIDToGIDMap /Identity and /W as runs of "first [w w ...]" (PDF 1.7, 9.7.4.3).
"""

from __future__ import annotations

import re
import struct

_NUMBER = re.compile(rb"-?\d+(?:\.\d+)?")


def raw_object(data: bytes, offset: int) -> bytes | None:
    """The text between "N 0 obj" and "endobj" of the object written at `offset`."""
    found = re.compile(rb"\d+ \d+ obj\s*(.*?)endobj", re.S).match(data, offset)
    return found.group(1) if found is not None else None


def widths(obj: bytes) -> dict[int, float]:
    """The /W widths of a CIDFont dictionary, by code."""
    span = _w_array(obj)
    if span is None:
        return {}
    out: dict[int, float] = {}
    body = obj[span[0] + 1 : span[1] - 1]
    pending: list[float] = []
    at = 0
    while at < len(body):
        if body[at : at + 1] == b"[":
            end = body.index(b"]", at)
            first = int(pending.pop()) if pending else 0
            for offset, value in enumerate(_NUMBER.findall(body[at + 1 : end])):
                out[first + offset] = float(value)
            at = end + 1
            continue
        number = _NUMBER.match(body, at)
        if number is None:
            at += 1
            continue
        pending.append(float(number.group(0)))
        if len(pending) == 3:  # "first last width"
            first, last, width = pending
            out.update({code: width for code in range(int(first), int(last) + 1)})
            pending = []
        at = number.end()
    return out


def _w_array(obj: bytes) -> tuple[int, int] | None:
    """Where the /W array starts and ends (brackets included)."""
    key = re.search(rb"/W\s*\[", obj)
    if key is None:
        return None
    start = key.end() - 1
    depth = 0
    for at in range(start, len(obj)):
        if obj[at : at + 1] == b"[":
            depth += 1
        elif obj[at : at + 1] == b"]":
            depth -= 1
            if depth == 0:
                return start, at + 1
    return None


def extendable(obj: bytes) -> bool:
    """Whether codes can be added: Qt's Identity map and a /W array to extend."""
    return _w_array(obj) is not None and re.search(rb"/CIDToGIDMap\s*/Identity", obj) is not None


def rewritten(obj: bytes, all_widths: dict[int, float], map_number: int | None) -> bytes | None:
    """The CIDFont dictionary with every code's width and, given `map_number`, its
    CIDToGIDMap in that object; None when it is not the Identity map Qt writes."""
    span = _w_array(obj)
    if span is None or not re.search(rb"/CIDToGIDMap\s*/Identity", obj):
        return None
    runs: list[list[str]] = []
    previous = None
    for code, width in sorted(all_widths.items()):
        if previous is None or code != previous + 1:
            runs.append([str(code)])
        runs[-1].append(_format(width))
        previous = code
    array = " ".join(f"{run[0]} [{' '.join(run[1:])}]" for run in runs)
    new = obj[: span[0]] + f"[{array}]".encode() + obj[span[1] :]
    if map_number is None:
        return new
    return re.sub(rb"/CIDToGIDMap\s*/Identity", b"/CIDToGIDMap %d 0 R" % map_number, new)


def _format(width: float) -> str:
    return str(int(width)) if width == int(width) else f"{width:.3f}"


def cid_to_gid_map(glyphs: list[int]) -> bytes:
    """A CIDToGIDMap stream's data: glyph of code n in bytes 2n and 2n+1."""
    return struct.pack(f">{len(glyphs)}H", *glyphs)


def descriptor(obj: bytes) -> int | None:
    """The object number of a CIDFont's /FontDescriptor."""
    found = re.search(rb"/FontDescriptor\s+(\d+)\s+0\s+R", obj)
    return int(found.group(1)) if found else None


def descent(obj: bytes) -> float | None:
    """A FontDescriptor's /Descent."""
    found = re.search(rb"/Descent\s+(-?\d+(?:\.\d+)?)", obj)
    return float(found.group(1)) if found else None


def with_descent(obj: bytes, value: float) -> bytes:
    return re.sub(rb"/Descent\s+-?\d+(?:\.\d+)?", b"/Descent %d" % round(value), obj)
