"""The packaged fonts under names of their own ("Liaison Noto Sans Arabic"), so Qt lays letters
out in the fonts Liaison ships even on a PC that has another version of a Noto family installed.

Measured: with a system font called "Noto Sans" or "Noto Sans Arabic" present, Qt printed the
letters in the system's font, not the packaged one (tests/test_fonts_independent.py). Renaming
with fontTools' save took 194 s for the 32 MB CJK collection, so only the name table is rebuilt:
the new table is appended to the file's bytes and each face's table record pointed at it.
"""

from __future__ import annotations

import struct
from pathlib import Path

from fontTools.ttLib import TTFont

PREFIX = "Liaison "
# Family, full name, typographic family, WWS family: what font matching reads.
_RENAMED_IDS = {1, 4, 16, 21}


def _face_offsets(data: bytes) -> list[int]:
    if data[:4] == b"ttcf":
        count = struct.unpack(">I", data[8:12])[0]
        return list(struct.unpack(f">{count}I", data[12 : 12 + 4 * count]))
    return [0]


def _new_name_table(path: Path, number: int) -> bytes:
    font = TTFont(str(path), fontNumber=number, lazy=True)
    table = font["name"]
    for record in table.names:
        if record.nameID in _RENAMED_IDS:
            text = record.toUnicode()
            if not text.startswith(PREFIX):
                record.string = PREFIX + text
    return table.compile(font)


def renamed_font_data(path: Path) -> bytes:
    """The font file's bytes with every face's family names prefixed with "Liaison "."""
    data = bytearray(path.read_bytes())
    for number, start in enumerate(_face_offsets(bytes(data))):
        table = _new_name_table(path, number)
        while len(data) % 4:
            data.append(0)
        offset = len(data)
        data += table
        tables = struct.unpack(">H", data[start + 4 : start + 6])[0]
        for i in range(tables):
            record = start + 12 + 16 * i
            if data[record : record + 4] == b"name":
                data[record + 8 : record + 16] = struct.pack(">II", offset, len(table))
                break
    return bytes(data)
