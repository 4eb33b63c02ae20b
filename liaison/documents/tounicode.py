"""ToUnicode CMaps as Qt writes them (bfchar and bfrange blocks) and as the text layer writes
them back (bfchar blocks of at most 100 entries)."""

from __future__ import annotations

import re

_HEX = re.compile(r"<([0-9A-Fa-f]+)>")


def parse(text: str) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        pairs = _HEX.findall(block)
        for src, dst in zip(pairs[::2], pairs[1::2], strict=False):
            mapping[int(src, 16)] = _utf16(dst)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for line in block.strip().splitlines():
            parts = _HEX.findall(line)
            if len(parts) < 3:
                continue
            lo, hi = int(parts[0], 16), int(parts[1], 16)
            if "[" in line:
                for offset, dst in enumerate(parts[2:]):
                    mapping[lo + offset] = _utf16(dst)
            else:
                first = int(parts[2], 16)
                for offset in range(hi - lo + 1):
                    mapping[lo + offset] = chr(first + offset)
    return mapping


def _utf16(hexstr: str) -> str:
    return bytes.fromhex(hexstr).decode("utf-16-be", errors="replace")


def write(mapping: dict[int, str]) -> bytes:
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        "<0000> <FFFF>",
        "endcodespacerange",
    ]
    items = sorted(mapping.items())
    for start in range(0, len(items), 100):  # a CMap block holds at most 100 entries
        chunk = items[start : start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines += [
            f"<{code:04X}> <{text.encode('utf-16-be').hex().upper()}>" for code, text in chunk
        ]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode("ascii")
