"""The officer's day, walked through the real window on a temporary database (issue 18), with
every click, choice, typed field and answered question counted as one interaction:

- Today first, then a Day 1 intake in one form;
- a meeting with notes and an action, and the interpreter booked from it;
- a letter printed from the family page;
- a class's book-bag letters from the Today page: at most 6 interactions;
- Ctrl+L inside a dialog and back, with the typing kept.

The counts are printed (`pytest -s`) and recorded in README ("The day, counted").
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QFileDialog, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from liaison.models.enums import MeetingKind
from liaison.services import families as fam
from liaison.services import letters
from liaison.services.casework import today
from tests.ui.conftest import unlock
from ui.views.family.casework_tabs import MeetingsTab
from ui.views.family.intake import IntakeDialog
from ui.views.family.letters_tab import LettersTab


class Interactions:
    """Acts as the officer would, counting each one."""

    def __init__(self, qtbot: QtBot) -> None:
        self.qtbot = qtbot
        self.count = 0
        self.log: list[str] = []

    def _one(self, what: str) -> None:
        self.count += 1
        self.log.append(what)

    def click(self, button: QAbstractButton) -> None:
        assert button.isEnabled(), button.text()
        # A tick box takes a click on its box or its words, not on the empty space beside.
        pos = QPoint(8, button.height() // 2) if button.isCheckable() else button.rect().center()
        self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=pos)
        self._one(f"click {button.text()}")

    def type(self, widget: QWidget, text: str) -> None:
        widget.setFocus()
        self.qtbot.keyClicks(widget, text)
        self._one(f"type {text!r}")

    def key(self, widget: QWidget, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
        self.qtbot.keyClick(widget, key, modifier)
        self._one(f"key {key.name}")

    def choose(self, what: str, act) -> None:
        """Choosing from a list or a box (done through the widget's own API)."""
        act()
        self._one(f"choose {what}")

    def answer(self, what: str) -> None:
        """Answering a question or a system dialog (scripted)."""
        self._one(f"answer {what}")


def _button(parent: QWidget, words: str) -> QPushButton:
    return next(
        b
        for b in parent.findChildren(QPushButton)
        if b.text().replace("&", "").startswith(words) and b.isVisible()
    )


def _intake(qtbot: QtBot, window) -> int:
    """A Day 1 intake, in one form; returns the new family's id."""
    ws, db = window.workspace, window.vault.db
    act = Interactions(qtbot)
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    act.key(window, Qt.Key.Key_N, ctrl_shift)
    intake = ws.dialog
    assert isinstance(intake, IntakeDialog)
    carer = intake.form.caregivers()[0]
    act.type(carer.given, "Saba")
    act.type(carer.family, "Tekle")
    act.choose("main language Tigrinya", lambda: carer.main_language.set_code("TIG"))
    act.click(carer.interpreter_needed)
    act.click(_button(intake, "Add pupil"))
    pupil = intake.form.pupils()[0]
    act.type(pupil.given, "Yonas")
    act.choose("class", lambda: pupil.class_name.setText("3A"))
    act.click(intake.next)
    box, detail = next(iter(intake.need_boxes.values()))
    act.click(box)
    act.type(detail, "Winter coat")
    act.click(intake.next)
    act.click(intake.store_consent)
    act.click(intake.next)
    act.click(intake.interpreter_used)
    act.click(intake.next)  # Save
    assert not intake.isVisible() and intake.saved_id is not None
    TALLY["Day 1 intake (one form)"] = act.count
    family_id = intake.saved_id
    detail_view = fam.get_family(db, family_id)
    assert detail_view.draft.caregivers[0].interpreter_language == "TIG"  # filled from main
    assert detail_view.draft.next_check_in_on > db.clock.today()
    assert [c.kind.value for c in detail_view.consents] == ["store"]
    assert all(x.family_id != family_id for x in today.compute(db).no_day1)
    return family_id


def _meeting_and_interpreter(qtbot: QtBot, window, messages) -> None:
    """Notes and an action, Ctrl+L half-way and back, then the interpreter booked from it."""
    act = Interactions(qtbot)
    page = window.workspace.families.page
    meetings_tab = next(t for t in page.extra_tabs if isinstance(t, MeetingsTab))
    act.choose("Meetings tab", lambda: page.tabs.setCurrentWidget(meetings_tab))
    act.click(_button(meetings_tab, "New meeting"))
    meeting = meetings_tab.dialog
    act.choose(
        "kind: check-in",
        lambda: meeting.kind.setCurrentIndex(meeting.kind.findData(MeetingKind.CHECK_IN)),
    )
    meeting.notes.selectAll()
    act.type(meeting.notes, "Settling in well; asked about uniform help")
    act.click(_button(meeting, "Add action"))
    act.type(meeting.actions.cellWidget(0, 0), "Send uniform voucher")
    meeting.date.setText("")
    day = window.vault.db.clock.today().replace(day=28)
    act.type(meeting.date, day.strftime("%d/%m/%Y"))
    act.key(meeting.notes, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert not window.vault.is_open and not meeting.isVisible()
    unlock(qtbot, window)
    act.answer("passphrase")
    assert meeting.isVisible() and meeting.notes.toPlainText().startswith("Settling in well")
    messages.answers = [True]  # "Book an interpreter for this meeting now?"
    act.click(_button(meeting, "Save"))
    act.answer("book an interpreter: yes")
    booking = meetings_tab.booking_dialog
    assert booking.language.code() == "TIG"
    act.click(_button(booking, "Save"))
    if booking.isVisible():  # warned (no Tigrinya interpreter listed): saved knowingly
        act.click(booking.save_anyway)
    assert not booking.isVisible()
    TALLY["meeting with an action and an interpreter"] = act.count


def _letter(qtbot: QtBot, window, messages, family_id: int, out: Path) -> None:
    act = Interactions(qtbot)
    page = window.workspace.families.page
    letters_tab = next(t for t in page.extra_tabs if isinstance(t, LettersTab))
    act.choose("Letters tab", lambda: page.tabs.setCurrentWidget(letters_tab))
    act.click(_button(letters_tab, "New letter"))
    letter = letters_tab.dialog
    act.choose(
        "template: welcome",
        lambda: letter.template.setCurrentIndex(letter.template.findData("welcome")),
    )
    messages.answers = [True, out]
    act.click(letter.print_button)
    act.answer("translation not reviewed: print anyway")
    act.answer("print dialog: Print")
    assert out.exists() and not letter.isVisible()
    assert len(letters.printed_for(window.vault.db, family_id)) == 1
    TALLY["a letter printed"] = act.count


def _bookbag_from_today(qtbot: QtBot, window, messages, printed: Path) -> None:
    ws = window.workspace
    ws.show_area("Today")
    act = Interactions(qtbot)  # counted from the Today page
    act.choose("Book-bag letters", lambda: ws.show_area("Book-bag letters"))
    bag = ws.bookbag
    act.choose(
        "letter: welcome", lambda: bag.template.setCurrentIndex(bag.template.findData("welcome"))
    )
    item = bag.classes.findItems("3A", Qt.MatchFlag.MatchExactly)[0]
    rect = bag.classes.visualItemRect(item)
    qtbot.mouseClick(bag.classes.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    act._one("click class 3A")
    messages.answers = [printed]
    act.click(bag.paper_button)
    act.answer("where to keep the PDF")
    act.answer("print dialog: Print")
    qtbot.waitUntil(lambda: printed.exists() and bag.job is None, timeout=120_000)
    assert bag.result is not None and bag.result.letters >= 1
    assert "to the printer" in bag.summary.text()
    TALLY["a class's book-bag letters from Today"] = act.count
    assert act.count <= 6, act.log


TALLY: dict[str, int] = {}


def test_the_day_end_to_end(
    qtbot: QtBot, make_window, demo_path: Path, messages, monkeypatch, tmp_path: Path
) -> None:

    saved_as: list[Path] = []

    def choose_file(*_args, **_kwargs):
        saved_as.append(tmp_path / f"bag-{len(saved_as)}.pdf")
        return str(saved_as[-1]), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose_file)
    window = make_window(demo_path)
    window.resize(1366, 700)
    unlock(qtbot, window)
    ws = window.workspace
    assert ws.current_area() == "Today" and ws.today.section_item("meetings_today") is not None
    family_id = _intake(qtbot, window)
    _meeting_and_interpreter(qtbot, window, messages)
    _letter(qtbot, window, messages, family_id, tmp_path / "letter-printed.pdf")
    _bookbag_from_today(qtbot, window, messages, tmp_path / "bag-printed.pdf")
    for what, count in TALLY.items():
        print(f"{what}: {count} interactions")
