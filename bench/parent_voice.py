"""Parent voice: printing 1,500 questionnaires against the book-bag's speed, and the keystrokes it
takes to type 30 replies back in.

Printing: one demo school (about 800 households, 1,500 pupils in 40+ languages); 1,500
"settling in" questionnaires, one per child (two pages each, bilingual, every page with its own
reference, QR code, faces and recorded geometry), against 1,500 bilingual book-bag letters to
the same children (the event invitation, one per child), both printed in this process on its
main thread, one after the other, so the machine's load falls on both alike.

Keystrokes: the real entry screen (ui/views/parent_voice/entry_tab.py), driven by key events:
30 replies (60 pages: 4 questions, then 3), answers chosen at random. Counted twice: typing
each reference by hand (7 characters and Enter), and with a barcode scanner reading the QR code
(the scanner types the reference and Enter; the officer's keys are the answers and Enter).

    .venv/bin/python bench/parent_voice.py [--families 800] [--count 1500]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from liaison.services.access import open_database

sys.path.insert(0, str(Path(__file__).resolve().parent))
from startup import PASSPHRASE, build

FIELDS = {"event": "Coffee morning", "date": "01/12/2026", "time": "09:00", "place": "the hall"}


def _print(db, tmp: Path, count: int) -> dict[str, float]:
    from liaison.services import parent_voice as pv
    from liaison.services.letters import bookbag

    out: dict[str, float] = {}
    everyone = pv.Selection(whole_school=True)
    plan = pv.plan(db, "settling_in", everyone)
    plan.items = plan.items[:count]
    letters = bookbag.plan(db, "event_invitation", everyone, sibling_rule="each")
    chosen = {(i.family_id, i.pupil_id) for i in plan.items}
    letters.items = [i for i in letters.items if (i.family_id, i.pupil_id) in chosen]
    out["questionnaires"], out["letters"] = len(plan.items), len(letters.items)
    out["languages"] = len(plan.per_language())
    # Warm up once (fonts registered, coverage tables read) so neither run pays for it.
    small = pv.plan(db, "settling_in", pv.Selection(class_names=("1A",)))
    pv.run(db, small, tmp / "warm.pdf", fields={"deadline": "11/12/2026"})
    t = time.perf_counter()
    result = pv.run(db, plan, tmp / "q.pdf", fields={"deadline": "11/12/2026"})
    out["questionnaire_s"] = time.perf_counter() - t
    out["questionnaire_pages"] = result.pages
    out["questionnaire_mb"] = (tmp / "q.pdf").stat().st_size / 1e6
    out["run_id"] = result.run_id
    t = time.perf_counter()
    run = bookbag.run(db, letters, tmp / "letters.pdf", fields=FIELDS, sibling_rule="each")
    out["letter_s"] = time.perf_counter() - t
    out["letter_pages"] = run.pages
    return out


class Keys:
    """Key presses sent to the entry screen, counted."""

    def __init__(self) -> None:
        self.typed = 0
        self.scanner = 0

    def press(self, widget, key, *, scanner: bool = False) -> None:
        from PySide6.QtTest import QTest

        QTest.keyClick(widget, key)
        if scanner:
            self.scanner += 1
        else:
            self.typed += 1


def _enter(db, run_id: int, replies: int) -> dict[str, float]:
    from PySide6.QtCore import Qt

    from liaison.services import parent_voice as pv
    from ui.messages import ScriptedMessages
    from ui.vault import Vault
    from ui.views.parent_voice.entry_tab import EntryTab

    vault = Vault()
    vault.set(db)
    tab = EntryTab(vault, ScriptedMessages())
    tab.show()
    tab.refresh()
    tab.choose_run(run_id)
    keys = Keys()
    rng = random.Random(30)
    start = time.perf_counter()
    pages = 0
    for w in pv.waiting(db, run_id)[:replies]:
        for ref in w.missing:
            tab.reference.setFocus()
            for ch in ref:  # typed by hand, or by the scanner
                keys.press(tab.reference, ch, scanner=True)
            keys.press(tab.reference, Qt.Key.Key_Return, scanner=True)
            for row in list(tab.panel.rows):
                target = tab.panel.focusWidget() or tab.panel
                if row.q.kind == "one":
                    keys.press(target, str(rng.randint(1, len(row.q.options))))
                elif row.q.kind == "any":
                    for n in rng.sample(range(1, len(row.q.options) + 1), 2):
                        keys.press(target, str(n))
                    keys.press(target, Qt.Key.Key_Down)
                else:
                    pass  # nothing written on this copy: Enter saves from its line
            keys.press(tab.panel.focusWidget() or tab.panel, Qt.Key.Key_Return)
            assert tab.message.text().startswith("Saved"), tab.message.text()
            pages += 1
    seconds = time.perf_counter() - start
    return {"pages": pages, "typed": keys.typed, "scanner": keys.scanner, "s": seconds}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--families", type=int, default=800)
    parser.add_argument("--count", type=int, default=1500)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ui.app import make_app

    make_app(sys.argv[:1])
    path = Path(tempfile.gettempdir()) / f"liaison-bench-startup-{args.families}" / "liaison.db"
    if not path.exists():
        build(path, args.families)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "db"
        work.mkdir()
        for suffix in ("", ".keys"):
            shutil.copy2(f"{path}{suffix}", work / f"liaison.db{suffix}")
        db = open_database(work / "liaison.db", passphrase=PASSPHRASE)
        try:
            p = _print(db, Path(tmp), args.count)
            k = _enter(db, int(p["run_id"]), 30)
        finally:
            db.close()
    q_rate = p["questionnaires"] / p["questionnaire_s"]
    l_rate = p["letters"] / p["letter_s"]
    print(
        f"{p['questionnaires']:.0f} questionnaires in {p['languages']:.0f} languages: "
        f"{p['questionnaire_pages']:.0f} pages in {p['questionnaire_s']:.1f} s "
        f"({q_rate:.1f} questionnaires/s, {p['questionnaire_pages'] / p['questionnaire_s']:.1f} "
        f"pages/s, {p['questionnaire_mb']:.1f} MB)"
    )
    print(
        f"{p['letters']:.0f} book-bag letters to the same children: {p['letter_pages']:.0f} pages "
        f"in {p['letter_s']:.1f} s ({l_rate:.1f} letters/s, "
        f"{p['letter_pages'] / p['letter_s']:.1f} pages/s)"
    )
    print(f"questionnaires/s against letters/s: {q_rate / l_rate:.2f}x")
    replies = 30
    print(
        f"30 replies ({k['pages']:.0f} pages) from the keyboard: typing references "
        f"{k['typed'] + k['scanner']:.0f} keystrokes ({(k['typed'] + k['scanner']) / replies:.1f} "
        f"a reply); with a scanner {k['typed']:.0f} ({k['typed'] / replies:.1f} a reply, "
        f"{k['typed'] / k['pages']:.1f} a page); {k['s']:.1f} s of screen and database work "
        f"({1000 * k['s'] / k['pages']:.0f} ms a page)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
