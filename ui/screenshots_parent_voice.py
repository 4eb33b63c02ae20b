"""Save PNGs of the Parent voice screens at 1366x768 from a fresh demo database: a sending
counted, a page being entered (Arabic beside English), a reused reference refused, results by
language, "you said, we did", a translation being edited, and the printed page previewed.

QT_QPA_PLATFORM=offscreen .venv/bin/python -m ui.screenshots_parent_voice OUT_FOLDER
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from liaison import demo
from liaison.clock import Clock
from liaison.services import parent_voice as pv
from liaison.services.access import KdfParams, create_database
from ui.screenshots import PASSPHRASE, SIZE, Camera, _settle


def _answer(db, run_id: int, count: int) -> None:
    rng = random.Random(9)
    for w in pv.waiting(db, run_id)[:count]:
        for ref in w.missing:
            page = pv.find_page(db, ref)
            answers = {}
            for q in page.questions:
                keys = [o[0] for o in q.options]
                if q.kind == "one":
                    answers[q.key] = keys[min(int(rng.triangular(0, len(keys), 0)), len(keys) - 1)]
                elif q.kind == "any":
                    answers[q.key] = rng.sample(keys, 2)
            pv.record_answers(db, ref, answers)


def take(out: Path, families: int = 150) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ui.app import make_app
    from ui.main_window import MainWindow
    from ui.messages import ScriptedMessages

    app = make_app(sys.argv[:1])
    shot = Camera(app, out)

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo" / "liaison.db"
        db, _ = create_database(path, PASSPHRASE, kdf=KdfParams(1, 8, 1), clock=Clock())
        demo.build_demo(db, families=families, seed=5)
        plan = pv.plan(db, "settling_in", pv.Selection(whole_school=True))
        sent = pv.run(
            db,
            plan,
            Path(tmp) / "q.pdf",
            fields={"deadline": "11/12/2026"},
            description="whole school",
        )
        _answer(db, sent.run_id, 60)
        db.close()
        window = MainWindow(path, ScriptedMessages(), kdf=KdfParams(1, 8, 1))
        window.resize(*SIZE)
        window.show()
        window.unlock_view.secret.setText(PASSPHRASE)
        window.unlock_view.unlock_button.click()
        _settle(app, lambda: window.vault.is_open)
        window.workspace.show_area("Parent voice")
        view = window.workspace.parent_voice
        view.send.refresh()
        view.send.questionnaire.setCurrentIndex(view.send.questionnaire.findData("settling_in"))
        view.send.classes.item(3).setSelected(True)
        view.send.classes.item(4).setSelected(True)
        view.send.count()
        shot(window, "parent-voice-send")
        view.tabs.setCurrentWidget(view.entry)
        entry = view.entry
        entry.choose_run(sent.run_id)
        arabic = next(w for w in pv.waiting(window.vault.db, sent.run_id) if w.language == "ARA")
        entry.reference.setText(arabic.missing[0])
        entry.open_reference()
        QTest.keyClicks(entry.panel, "12")
        shot(window, "parent-voice-entry-arabic")
        QTest.keyClick(entry.panel, Qt.Key.Key_Return)
        entry.reference.setText(arabic.missing[0])
        entry.open_reference()
        shot(window, "parent-voice-entry-reused")
        view.tabs.setCurrentWidget(view.results)
        view.results.questionnaire.setCurrentIndex(
            view.results.questionnaire.findData("settling_in")
        )
        view.results.by.setCurrentIndex(1)
        shot(window, "parent-voice-results-by-language")
        view.tabs.setCurrentWidget(view.you_said)
        tab = view.you_said
        tab.questionnaire.setCurrentIndex(tab.questionnaire.findData("settling_in"))
        tab.said.setText("Families would like help with homework")
        tab.did.setText("A homework club on Tuesdays, from January")
        tab.add_point()
        shot(window, "parent-voice-you-said")
        view.tabs.setCurrentWidget(view.questionnaires)
        view.questionnaires.select_language("BNG")
        shot(window, "parent-voice-questionnaire-bengali")
        view.tabs.setCurrentWidget(view.send)
        view.send.language.setCurrentIndex(max(0, view.send.language.findData("TIG")))
        view.send.preview()
        view.send.preview_dialog.resize(860, 740)
        shot(view.send.preview_dialog, "parent-voice-preview-tigrinya")
        view.send.preview_dialog.reject()
        window.close()
    return shot.saved


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots")
    for path in take(out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
