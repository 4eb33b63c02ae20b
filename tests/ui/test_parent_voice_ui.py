"""Parent voice in the window: a sending printed off the window's thread, 30 replies typed in from
the keyboard (reference, number keys, Enter), a wrong, reused and another sending's reference
each a clear message, results on screen, and the "you said, we did" letter printed."""

from __future__ import annotations

import random
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from liaison.services import parent_voice as pv
from liaison.services.parent_voice import you_said
from tests.parent_voice_helpers import send
from tests.ui.conftest import unlock


def _type_reference(qtbot: QtBot, tab, reference: str) -> None:
    tab.reference.setFocus()
    qtbot.keyClicks(tab.reference, reference)
    qtbot.keyClick(tab.reference, Qt.Key.Key_Return)


def _keys(qtbot: QtBot, widget, keys: str) -> None:
    for key in keys:
        qtbot.keyClick(widget.focusWidget() or widget, key)


def test_thirty_replies_from_the_keyboard(
    qtbot: QtBot, make_window, demo_path: Path, tmp_path: Path
) -> None:
    window = make_window(demo_path)
    unlock(qtbot, window)
    window.workspace.show_area("Parent voice")
    view = window.workspace.parent_voice
    sending = view.send
    sending.refresh()
    sending.questionnaire.setCurrentIndex(sending.questionnaire.findData("settling_in"))
    sending.count()
    assert "choose a class" in sending.error.text()
    sending.whole.setChecked(True)
    plan = sending.count()
    assert plan is not None and f"{len(plan.items)} questionnaires" in sending.summary.text()
    sending.start(tmp_path / "q.pdf")
    qtbot.waitUntil(lambda: sending.job is None, timeout=180_000)
    assert sending.result is not None and (tmp_path / "q.pdf").stat().st_size > 50_000
    run_id = sending.result.run_id
    view.tabs.setCurrentWidget(view.entry)
    entry = view.entry
    assert entry.run.currentData() == run_id
    db = window.vault.db
    waiting = pv.waiting(db, run_id)
    shown = [entry.waiting.item(n).text() for n in range(entry.waiting.count())]
    assert any(waiting[0].pupil in line for line in shown)
    rng = random.Random(4)
    for w in waiting[:30]:
        first, second = w.missing
        _type_reference(qtbot, entry, first)
        assert len(entry.panel.rows) == 4 and w.pupil in entry.heading.text()
        digits = "".join(str(rng.randint(1, 3)) for _ in range(3)) + str(rng.randint(1, 2))
        _keys(qtbot, entry, digits)
        qtbot.keyClick(entry.panel, Qt.Key.Key_Return)
        assert entry.message.text().startswith(f"Saved {first}: 4 of 4 answers")
        _type_reference(qtbot, entry, second)
        _keys(qtbot, entry, "2")  # yes, with help (moves on)
        _keys(qtbot, entry, "13")  # two boxes ticked on "what would help"
        qtbot.keyClick(entry.panel, Qt.Key.Key_Down)
        qtbot.keyClicks(entry.panel.rows[2].line, "More clubs")
        qtbot.keyClick(entry.panel.rows[2].line, Qt.Key.Key_Return)
        assert entry.message.text().startswith(f"Saved {second}: 3 of 3 answers")
        assert entry.reference.text() == "" and entry.reference.hasFocus()
    found = pv.results_for(db, "settling_in", run_ids=[run_id])
    assert found.returned == 30
    help_q = next(q for q in found.questions if q.key == "would_help")
    assert help_q.overall.counts["interpreter"] == 30 and help_q.overall.counts["meals"] == 30
    assert "30 pages" not in entry.progress.text() and "60 pages" in entry.progress.text()
    shown = [entry.waiting.item(n).text() for n in range(entry.waiting.count())]
    # Those 30 are back: the list by class holds only the others.
    assert sum(line.startswith("    ") for line in shown) == len(waiting) - 30

    # A reused page: said, and corrected only on purpose.
    reused = waiting[0].missing[0]
    _type_reference(qtbot, entry, reused)
    assert "already entered" in entry.message.text() and entry.correct_button.isVisible()
    entry.correct_button.click()
    _keys(qtbot, entry, "3")
    qtbot.keyClick(entry.panel, Qt.Key.Key_Return)
    assert entry.message.text().startswith(f"Corrected {reused}")
    assert pv.find_page(db, reused).answers["happy"] == "unhappy"
    # A mistyped one.
    _type_reference(qtbot, entry, reused[:-1] + ("A" if reused[-1] != "A" else "B"))
    assert "mistyped" in entry.message.text() and not entry.panel.rows
    # Another sending's.
    _, other = send(db, tmp_path, key="how_are_we_doing", class_names=("3A",))
    entry.refresh()
    entry.choose_run(run_id)
    theirs = pv.waiting(db, other.run_id)[0].missing[0]
    _type_reference(qtbot, entry, theirs)
    assert "another sending" in entry.message.text() and entry.switch_button.isVisible()
    entry.switch_button.click()
    assert entry.run.currentData() == other.run_id and len(entry.panel.rows) == 4

    # Results on screen, with the written answers apart.
    view.tabs.setCurrentWidget(view.results)
    results = view.results
    results.questionnaire.setCurrentIndex(results.questionnaire.findData("settling_in"))
    cells = [
        results.table.item(r, c).text()
        for r in range(results.table.rowCount())
        for c in range(results.table.columnCount())
        if results.table.item(r, c)
    ]
    assert "An interpreter at meetings" in cells and "30" in cells
    assert results.written.count() == 30 and "More clubs" in results.written.item(0).text()
    assert "More clubs" not in cells

    # You said, we did: recorded, then the letter to every family sent it.
    view.tabs.setCurrentWidget(view.you_said)
    tab = view.you_said
    tab.questionnaire.setCurrentIndex(tab.questionnaire.findData("settling_in"))
    qtbot.keyClicks(tab.said, "More clubs after school")
    qtbot.keyClicks(tab.did, "A homework club on Tuesdays from January")
    tab.add_point()
    assert tab.points.count() == 1
    # Cancelled at once: a message, no file, no batch; Print can be pressed again.
    cancel = next(b for b in tab.findChildren(QPushButton) if b.text() == "Cancel printing")
    assert not cancel.isEnabled()
    tab.start(tmp_path / "cancelled.pdf")
    assert cancel.isEnabled() and not tab.print_button.isEnabled() and tab.progress.isVisible()
    cancel.click()
    qtbot.waitUntil(lambda: tab.job is None, timeout=180_000)
    assert "Cancelled: nothing was printed or recorded." in tab.message.text()
    assert not (tmp_path / "cancelled.pdf").exists() and tab.result is None
    assert tab.print_button.isEnabled() and not cancel.isEnabled()
    tab.start(tmp_path / "ysd.pdf")
    qtbot.waitUntil(lambda: tab.job is None, timeout=180_000)
    assert tab.result is not None
    assert tab.result.letters == len(you_said.plan_letters(db, "settling_in").items)
    assert (tmp_path / "ysd.pdf").stat().st_size > 20_000
