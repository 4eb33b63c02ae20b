"""Child for the memory test: the real window, unlocked and browsed, then locked; it searches
its own memory (/proc/self/mem, by /proc/self/maps) for the data key and a caregiver's name.

    python -m tests.reliability.memory_child DB PASSPHRASE FAMILY_ID MASK MASKED_KEY MASKED_NAME

The parent passes the secrets XOR-masked, so they exist in plain form only in bytearrays this
child builds byte by byte (no str or bytes copy is made), whose own addresses the search
skips. Every region is read into one buffer, made once for both searches and skipped too: a
buffer of each search's own left the first one's copy of the unlocked memory behind, freed
but not cleared, and the search after Lock found the names in it (`_BUFFER`). Prints one line
per needle and moment: `<moment> <needle> <hits>`.
"""

from __future__ import annotations

import ctypes
import os
import resource
import sys
from pathlib import Path


def unmask(masked_hex: str, mask_hex: str) -> bytearray:
    masked, mask = bytes.fromhex(masked_hex), bytes.fromhex(mask_hex)
    out = bytearray(len(masked))
    for i in range(len(masked)):
        out[i] = masked[i] ^ mask[i]
    return out


def _address(buffer: bytearray) -> int:
    return ctypes.addressof((ctypes.c_char * len(buffer)).from_buffer(buffer))


def _derived(key_hex: bytearray, name: bytearray) -> dict[str, bytearray]:
    upper = bytearray(len(key_hex))
    raw = bytearray(len(key_hex) // 2)
    for i, c in enumerate(key_hex):
        upper[i] = c - 32 if 97 <= c <= 102 else c
    for i in range(len(raw)):
        hi, lo = key_hex[2 * i], key_hex[2 * i + 1]
        raw[i] = (hi - 48 if hi < 58 else hi - 87) * 16 + (lo - 48 if lo < 58 else lo - 87)
    utf16 = bytearray(2 * len(name))  # Qt's QString (the name is ASCII in this test)
    for i, c in enumerate(name):
        utf16[2 * i] = c
    return {"key-hex": key_hex, "key-HEX": upper, "key-raw": raw, "name": name, "name-utf16": utf16}


# The one buffer every region is read into. A search that made its own freed it at its end,
# full of copies of what it had read (while unlocked: the family's chronology lines among
# them); where the C allocator kept that memory and gave the next search a buffer elsewhere,
# the search after Lock found the names in those copies, in about one full test run in three.
# In the failing runs' logs 15 of 16 hits sat where no Python string's text can start (it is
# 16-byte aligned), in copies of Python's pools whose free-list pointers pointed into the
# pools they were read from.
_BUFFER = bytearray(1 << 20)


def scan(needles: dict[str, bytearray]) -> dict[str, int]:
    buffer = _BUFFER
    view = memoryview(buffer)
    skip = [(_address(b), _address(b) + len(b)) for b in (buffer, *needles.values())]
    overlap = max(len(n) for n in needles.values()) - 1
    hits = dict.fromkeys(needles, 0)
    with open("/proc/self/maps") as maps:
        regions = [line.split() for line in maps]
    fd = os.open("/proc/self/mem", os.O_RDONLY)
    try:
        for fields in regions:
            if "r" not in fields[1] or fields[-1] in ("[vvar]", "[vsyscall]", "[vvar_vclock]"):
                continue
            start, end = (int(x, 16) for x in fields[0].split("-"))
            at = start
            while at < end:
                want = min(len(buffer), end - at)
                try:
                    got = os.preadv(fd, [view[:want]], at)
                except OSError:
                    break
                for name, needle in needles.items():
                    i = buffer.find(needle, 0, got)
                    while i >= 0:
                        if not any(lo <= at + i < hi for lo, hi in skip):
                            hits[name] += 1
                        i = buffer.find(needle, i + 1, got)
                if got < want or at + want >= end:
                    break
                at += want - overlap
    finally:
        os.close(fd)
    return hits


def main(argv: list[str]) -> None:
    db_path, passphrase, family, mask, masked_key, masked_name = argv
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from liaison.services import hardening
    from ui.app import make_app
    from ui.main_window import MainWindow
    from ui.messages import ScriptedMessages

    hardening.harden()  # as ui.app.main does
    print(f"core-limit {resource.getrlimit(resource.RLIMIT_CORE)[0]}", flush=True)
    app = make_app([])
    settings = QSettings(str(Path(db_path).parent / "window.ini"), QSettings.Format.IniFormat)
    window = MainWindow(Path(db_path), ScriptedMessages(), settings=settings)
    window.show()
    window.unlock_view.secret.setText(passphrase)
    window.unlock_view.unlock_button.click()
    while not window.vault.is_open:  # the unlock runs on a worker thread
        app.processEvents()
    window.workspace.show_area("Families")
    from liaison.services import families as fam

    others = [row.id for row in fam.list_families(window.vault.db)][:6]
    for family_id in [*others, int(family)]:  # pages, hers last (on screen when locked)
        window.workspace.open_family(family_id)
        app.processEvents()
    app.processEvents()
    key_hex = unmask(masked_key, mask)
    needles = _derived(key_hex, unmask(masked_name, mask))
    for name, hits in scan(needles).items():
        print(f"unlocked {name} {hits}", flush=True)
    window.lock()
    for _ in range(3):
        app.processEvents()
    for name, hits in scan(needles).items():
        print(f"locked {name} {hits}", flush=True)
    window.close()
    QApplication.quit()


if __name__ == "__main__":
    main(sys.argv[1:])
