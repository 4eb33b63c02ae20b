"""The window uses the core's rule: score 3 or better, the school's and officer's names
counted against the passphrase, and the reason shown."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from ui.views import first_run
from ui.views.dialogs.passphrase import PassphraseFields


def test_a_score_two_passphrase_is_refused_in_the_window(qtbot: QtBot) -> None:
    fields = PassphraseFields()
    qtbot.addWidget(fields)
    fields.first.setText("Northbridge1")
    fields.second.setText("Northbridge1")
    assert not fields.valid
    assert "guess" in fields.feedback.text()


def test_the_wizard_counts_the_school_and_officer_names(
    qtbot: QtBot,
    make_window,
    tmp_path: Path,
) -> None:
    window = make_window(tmp_path / "data" / "liaison.db")
    wizard = window.wizard
    wizard.create_choice.setChecked(True)
    wizard.next.click()
    qtbot.keyClicks(wizard.school_name, "Kestrel Vale Academy")
    qtbot.keyClicks(wizard.officer_name, "Tomasz Wierzbicki")
    wizard.next.click()
    assert wizard.pages.currentIndex() == first_run.PASSPHRASE
    weak = "Tomasz Wierzbicki 1"  # score 4 for anyone else
    wizard.passphrase.first.setText(weak)
    wizard.passphrase.second.setText(weak)
    assert not wizard.next.isEnabled()
    assert "guess" in wizard.passphrase.feedback.text()
    good = "our goat eats the school hedge"
    wizard.passphrase.first.setText(good)
    wizard.passphrase.second.setText(good)
    assert wizard.next.isEnabled()
