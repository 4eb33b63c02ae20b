"""Forms that help rather than trip (issue 18): dates only the future makes sense for, errors
that go once fixed, languages filled in, a meeting's end following its start, book-bag checks
before any file is asked for, Alt-key letters, and every dialog fitting a 1366x768 screen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QTime
from PySide6.QtWidgets import QApplication, QFileDialog, QPushButton, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from liaison.services import families as fam
from tests.conftest import CHEAP_KDF, clock, copy_db
from tests.ui.conftest import bookbag_for_first_class, unlock
from ui import mnemonics
from ui.main_window import MainWindow
from ui.views.family.casework_tabs import MeetingsTab
from ui.views.family.support_tab import SupportTab
from ui.views.widgets import USABLE


def _window(qtbot: QtBot, make_window, path: Path):
    window = make_window(path)
    unlock(qtbot, window)
    return window


def _household(db, people: int = 4) -> int:
    carers = [
        fam.CaregiverDraft(
            key=f"c{i}",
            given_name=f"Carer{i}",
            family_name="Example",
            main_language="ARA",
            interpreter_needed=True,
            interpreter_language="ARA",
        )
        for i in range(people)
    ]
    pupils = [
        fam.PupilDraft(key=f"p{i}", given_name=f"Pupil{i}", family_name="Example")
        for i in range(people)
    ]
    return fam.save_family(db, fam.FamilyDraft(caregivers=carers, pupils=pupils))


def test_intake_refuses_a_follow_up_in_the_past_and_questions_years_ahead(
    qtbot: QtBot, make_window, messages, db_path: Path
) -> None:
    window = _window(qtbot, make_window, db_path)
    window.workspace.intake()
    dialog = window.workspace.dialog
    carer = dialog.form.caregivers()[0]
    qtbot.keyClicks(carer.given, "Saba")
    qtbot.keyClicks(carer.family, "Tekle")
    for _ in range(3):
        dialog.next.click()
    dialog.follow_up.setText("01/01/2020")
    dialog.next.click()  # Save
    assert dialog.isVisible() and "in the past" in dialog.error.text()
    assert fam.list_families(window.vault.db) == []
    dialog.follow_up.setText("04/01/2028")  # over a year ahead: asked, "no" keeps the form
    messages.answers = [False]
    dialog.next.click()
    assert messages.shown[-1][1] == "Check the year" and dialog.isVisible()
    dialog.follow_up.setText("07/12/2026")
    dialog.next.click()
    assert not dialog.isVisible()


def test_an_error_goes_once_the_field_is_changed(qtbot: QtBot, make_window, db_path: Path) -> None:
    window = _window(qtbot, make_window, db_path)
    window.workspace.new_family()
    dialog = window.workspace.dialog
    carer = dialog.form.caregivers()[0]
    qtbot.keyClicks(carer.given, "Ana")
    qtbot.keyClicks(carer.mobile, "12345")
    dialog.save()
    field = carer.fields["phone_mobile"]
    assert field.error.isVisible() and dialog.form.summary.isVisible()
    qtbot.keyClicks(carer.mobile, "6")
    assert not field.error.isVisible()


def test_main_language_fills_letters_and_interpreter_but_never_overrides(
    qtbot: QtBot, make_window, db_path: Path
) -> None:
    window = _window(qtbot, make_window, db_path)
    window.workspace.new_family()
    carer = window.workspace.dialog.form.caregivers()[0]
    carer.main_language.set_code("BNGS")  # Sylheti: read as Bengali, spoken as Sylheti
    assert carer.letter_language.code() == "BNG"
    assert carer.interpreter_language.code() == "BNGS"
    carer.letter_language.set_code("ENG")  # the officer's own choice stays
    carer.main_language.set_code("URD")
    assert carer.letter_language.code() == "ENG"
    assert carer.interpreter_language.code() == "URD"


def test_a_meetings_end_follows_its_start(qtbot: QtBot, make_window, demo_path: Path) -> None:
    window = _window(qtbot, make_window, demo_path)
    families = window.workspace.families
    window.workspace.show_area("Families")
    families.open_family(families.model.rows[0].id)
    tab = next(t for t in families.page.extra_tabs if isinstance(t, MeetingsTab))
    tab.open_meeting(None)
    dialog = tab.dialog
    dialog.start.setTime(QTime(10, 0))
    dialog.end.setTime(QTime(10, 45))
    dialog.start.setTime(QTime(14, 0))
    assert dialog.end.time() == QTime(14, 45)


def test_bookbag_checks_who_and_every_field_before_asking_for_a_file(
    qtbot: QtBot, make_window, demo_path: Path, monkeypatch, tmp_path: Path
) -> None:

    asked: list[str] = []

    def file_dialog(*args, **kwargs):
        asked.append(args[1])
        return str(tmp_path / "bag.pdf"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", file_dialog)
    window = _window(qtbot, make_window, demo_path)
    view = bookbag_for_first_class(window, "event_invitation")
    view.print_batch()
    assert asked == []
    text = view.error.text()
    assert text.startswith("Fill in before printing:") and "Event" in text and "Place" in text
    assert text.count("fill this in") == 0 and text.count("Event") == 1
    view.inputs["event"].setText("Coffee morning")
    view.inputs["place"].setText("School hall")
    assert not view.reprint_button.isEnabled()
    view.print_batch()
    assert len(asked) == 1
    qtbot.waitUntil(lambda: view.job is None and view.result is not None, timeout=120_000)
    assert view.reprint_button.isEnabled()


def _dialogs(qtbot: QtBot, window) -> list:
    """Every dialog of the day, on a household of four caregivers and four pupils."""
    db = window.vault.db
    family_id = _household(db)
    families = window.workspace.families
    families.reload()
    window.workspace.open_family(family_id)
    page = families.page
    meetings_tab = next(t for t in page.extra_tabs if isinstance(t, MeetingsTab))
    support = next(t for t in page.extra_tabs if isinstance(t, SupportTab))
    from ui.views.family.letters_tab import LettersTab

    letters_tab = next(t for t in page.extra_tabs if isinstance(t, LettersTab))
    found = []
    meetings_tab.open_meeting(None)
    found.append(meetings_tab.dialog)
    support.open_booking(None)
    found.append(support.dialog)
    support.refer()
    found.append(support.dialog)
    letters_tab.new_letter()
    found.append(letters_tab.dialog)
    page.edit()
    found.append(page.dialog)
    for opener in (window.workspace.intake, window.workspace.open_settings):
        opener()
        found.append(window.workspace.dialog)
    for importer in (window.workspace.import_from_mis, window.workspace.import_attendance):
        importer()
        found.append(window.workspace.dialog)
    for dialog in found:
        qtbot.waitExposed(dialog)
    return found


def _scrolls(widget: QWidget, dialog: QWidget) -> bool:
    """Inside a scroll area: reached by scrolling, so it may lie below the fold."""
    parent = widget.parentWidget()
    while parent is not None and parent is not dialog:
        if isinstance(parent, QScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def test_every_dialog_fits_1366_by_700_with_its_buttons_in_view(
    qtbot: QtBot, make_window, demo_path: Path
) -> None:
    window = _window(qtbot, make_window, demo_path)
    for dialog in _dialogs(qtbot, window):
        name = type(dialog).__name__
        assert dialog.minimumSizeHint().height() <= USABLE.height(), name
        assert dialog.height() <= USABLE.height() and dialog.width() <= USABLE.width(), name
        dialog.resize(min(dialog.width(), 1366), USABLE.height())
        QApplication.processEvents()
        for button in dialog.findChildren(QPushButton):
            if not button.isVisibleTo(dialog) or not button.text() or _scrolls(button, dialog):
                continue
            corner = button.mapTo(dialog, button.rect().bottomRight())
            assert dialog.rect().contains(corner), (name, button.text())


def test_every_dialog_button_has_its_own_alt_key_letter(
    qtbot: QtBot, make_window, demo_path: Path
) -> None:
    window = _window(qtbot, make_window, demo_path)
    for dialog in _dialogs(qtbot, window):
        letters: dict[str, str] = {}
        for button in dialog.findChildren(QPushButton):
            if not button.text() or not button.isVisibleTo(dialog):
                continue
            letter = mnemonics.letter(button.text())
            assert letter, (type(dialog).__name__, button.text())
            assert letter not in letters, (type(dialog).__name__, button.text(), letters[letter])
            letters[letter] = button.text()


def test_unlock_screen_wraps_a_long_path_and_error(
    qtbot: QtBot, make_window, empty_template, tmp_path: Path
) -> None:
    deep = tmp_path
    for part in ("Shared-Drive-Family-Liaison-Office", "Records-2026-2027", "Do-Not-Move-Me"):
        deep = deep / part
    path = copy_db(empty_template[0], deep)
    window = make_window(path)
    window.resize(1366, 700)
    view = window.unlock_view
    view.show_error(f"Liaison could not open {path}: the disk is read-only.")
    labels = (view.where, view.error)

    def whole(label) -> bool:
        return (
            label.minimumSizeHint().width() <= label.width()
            and label.heightForWidth(label.width()) <= label.height() + 1
            and label.mapTo(window, label.rect().bottomRight()).x() <= window.width()
        )

    qtbot.waitUntil(lambda: all(whole(label) for label in labels), timeout=3_000)
    assert view.error.height() > 2 * view.error.fontMetrics().height()  # it did wrap


def test_the_window_opens_maximised_the_first_time(
    qtbot: QtBot, db_path: Path, tmp_path: Path
) -> None:
    settings = QSettings(str(tmp_path / "fresh.ini"), QSettings.Format.IniFormat)
    window = MainWindow(db_path, kdf=CHEAP_KDF, clock=clock(), settings=settings)
    qtbot.addWidget(window)
    window.present()
    qtbot.waitUntil(window.isMaximized)
    window.showNormal()  # left at a size of her own: opened that way next time
    window.resize(1000, 600)
    window.close()
    again = MainWindow(db_path, kdf=CHEAP_KDF, clock=clock(), settings=settings)
    qtbot.addWidget(again)
    again.present()
    assert not again.isMaximized()
