"""Issue 18, paper, in the window: file names that say whose and when, dialogs that open in the
folder last used, and a reply deadline that does not default to the event's own day."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QFormLayout, QWidget
from pytestqt.qtbot import QtBot

from liaison.services import families as fam
from tests.ui.conftest import unlock
from ui.views.family.letter_fields import build_inputs, read_inputs
from ui.views.family.letters_tab import LetterDialog, LettersTab


def test_the_reply_deadline_defaults_before_the_date_and_follows_it(qtbot: QtBot) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    form = QFormLayout(holder)
    today = dt.date(2026, 11, 23)  # a Monday
    inputs = build_inputs(form, ["event", "place", "date", "deadline"], today)
    values = read_inputs(inputs)
    assert values["date"] == dt.date(2026, 11, 30)
    # Three school days before Monday 30 November: Wednesday 25 November.
    assert values["deadline"] == dt.date(2026, 11, 25)
    date, deadline = inputs["date"], inputs["deadline"]
    date.setText("10/12/2026")
    assert read_inputs(inputs)["deadline"] == dt.date(2026, 12, 7)
    # Once the officer types a deadline of her own, the date no longer moves it.
    deadline.clear()
    qtbot.keyClicks(deadline, "04/12/2026")
    date.setText("11/12/2026")
    assert read_inputs(inputs)["deadline"] == dt.date(2026, 12, 4)


def test_save_dialogs_suggest_reference_and_date_and_open_where_last_used(
    qtbot: QtBot,
    make_window,
    db_path: Path,
    messages,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = make_window(db_path)
    unlock(qtbot, window)
    db = window.vault.db
    family_id = fam.save_family(
        db,
        fam.FamilyDraft(
            caregivers=[
                fam.CaregiverDraft(
                    key="m", given_name="Ann", family_name="Lee", main_language="ENG"
                )
            ],
            pupils=[fam.PupilDraft(key="p", given_name="Bo", family_name="Lee")],
        ),
    )
    reference = fam.load_draft(db, family_id).reference
    chosen = tmp_path / "letters for home"
    chosen.mkdir()
    asked: list[str] = []

    def save_file_name(_parent, _title, start, _filter):
        asked.append(start)
        return str(chosen / Path(start).name), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_file_name)
    window.workspace.families.reload()
    window.workspace.open_family(family_id)
    tab = next(t for t in window.workspace.families.page.extra_tabs if isinstance(t, LettersTab))
    tab.new_letter()
    dialog: LetterDialog = tab.dialog
    dialog.template.setCurrentIndex(dialog.template.findData("meeting_invitation"))
    qtbot.keyClicks(dialog.inputs["place"], "Room 7")
    dialog.save()
    assert Path(asked[0]).name == f"meeting-invitation-{reference}-2026-11-23.pdf"
    assert (chosen / Path(asked[0]).name).exists()
    # The next dialog opens in the folder just used, here to reprint that letter.
    qtbot.waitUntil(lambda: tab.printed.rowCount() == 1)
    tab.printed.selectRow(0)
    tab.reprint()
    assert Path(asked[1]) == chosen / f"reprint-{reference}-2026-11-23.pdf"
