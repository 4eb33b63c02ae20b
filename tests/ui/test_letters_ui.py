"""Letters from the family page, and template editing, through the window."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from liaison.documents import pool
from liaison.services import families as fam
from liaison.services import letters
from liaison.services.letters.templates import get_template
from tests.ui.conftest import bookbag_for_first_class, unlock
from ui import files
from ui.views.family.letters_tab import LetterDialog, LettersTab


def _new_letter(window, draft: fam.FamilyDraft) -> tuple[LettersTab, LetterDialog]:
    """The family saved, opened in the window, and a new letter's dialog open for it."""
    family_id = fam.save_family(window.vault.db, draft)
    window.workspace.families.reload()
    window.workspace.open_family(family_id)
    tab = next(t for t in window.workspace.families.page.extra_tabs if isinstance(t, LettersTab))
    tab.new_letter()
    return tab, tab.dialog


def test_letter_in_the_caregivers_language_preview_and_save(
    qtbot: QtBot,
    make_window,
    db_path: Path,
    messages,
    tmp_path: Path,
) -> None:
    window = make_window(db_path)
    unlock(qtbot, window)
    db = window.vault.db
    tab, dialog = _new_letter(
        window,
        fam.FamilyDraft(
            caregivers=[
                fam.CaregiverDraft(
                    key="m",
                    given_name="Rahim",
                    family_name="Miah",
                    main_language="BNGS",
                    languages=[
                        fam.LanguageSkill("BNGS", True, False),
                        fam.LanguageSkill("BNG", True, True),
                    ],
                    interpreter_needed=True,
                    interpreter_language="BNGS",
                )
            ],
            pupils=[
                fam.PupilDraft(
                    key="p", given_name="Jamal", family_name="Miah", links=[fam.LinkDraft("m")]
                )
            ],
        ),
    )
    family_id = dialog.family_id
    dialog.template.setCurrentIndex(dialog.template.findData("meeting_invitation"))
    # Sylheti is rarely written: Bengali is chosen, with a word of advice.
    assert dialog.language.currentData() == "BNG"
    assert "rarely written" in dialog.advice.text()
    assert dialog.inputs["interpreter"].isChecked()
    qtbot.keyClicks(dialog.inputs["place"], "Room 7")
    dialog.preview()
    assert dialog.preview_pages >= 1 and dialog.pages_layout.count() >= 1
    messages.answers = [False]  # "not reviewed, save anyway?" - no
    dialog.save()
    assert messages.shown[-1][1] == "Translation not reviewed"
    assert letters.printed_for(db, family_id) == []
    out = tmp_path / "letter.pdf"
    assert dialog.save_to(out)
    assert out.exists() and out.stat().st_size > 5000
    qtbot.waitUntil(lambda: tab.printed.rowCount() == 1)
    assert "Invitation to a meeting" in tab.printed.item(0, 1).text()


def test_edit_a_template_translation(
    qtbot: QtBot,
    make_window,
    db_path: Path,
    messages,
) -> None:
    window = make_window(db_path)
    unlock(qtbot, window)
    window.workspace.show_area("Letter templates")
    view = window.workspace.templates
    keys = [view.list.item(i).data(256) for i in range(view.list.count())]
    view.list.setCurrentRow(keys.index("meeting_invitation"))
    view.select_language("POL")
    assert "{pupil_name}" in view.body.toPlainText()
    view.body.setPlainText(view.body.toPlainText().replace("{time}", "{godzina}"))
    view.save()
    assert "unknown placeholder {godzina}" in view.error.text()
    assert "missing placeholder {time}" in view.error.text()
    view.body.setPlainText(view.body.toPlainText().replace("{godzina}", "{time}"))
    view.status.setCurrentIndex(view.status.findData("reviewed"))
    view.reviewed_by.setText("Ms Example (Polish teacher)")
    view.reviewed_on.setText("20/11/2026")
    view.save()
    assert view.error.text() == ""
    variant = get_template(window.vault.db, "meeting_invitation").variants["POL"]
    assert variant.status == "reviewed" and variant.version == 2
    view.new_language.set_code("LIT")
    view.add_language()
    view.save()
    assert "LIT" in get_template(window.vault.db, "meeting_invitation").variants


def test_bookbag_count_print_with_progress_and_cancel(
    qtbot: QtBot,
    make_window,
    demo_path: Path,
    tmp_path: Path,
) -> None:
    window = make_window(demo_path)
    unlock(qtbot, window)
    window.workspace.show_area("Book-bag letters")
    view = window.workspace.bookbag
    view.template.setCurrentIndex(view.template.findData("welcome"))
    view.count()
    assert "choose a class" in view.error.text().lower()
    view.whole.setChecked(True)
    plan = view.count()
    assert plan is not None and f"{len(plan.items)} letters." in view.summary.text()
    out = tmp_path / "out"
    out.mkdir()
    view.start(out / "bookbag.pdf")
    view.cancel()
    qtbot.waitUntil(lambda: view.job is None, timeout=30_000)
    assert "Cancelled" in view.summary.text() and list(out.iterdir()) == []
    view.start(out / "bookbag.pdf")
    qtbot.waitUntil(lambda: view.job is None, timeout=60_000)
    assert view.result is not None and view.result.letters == len(plan.items)
    assert (out / "bookbag.pdf").exists()


def test_bookbag_renderers_load_while_the_officer_chooses_where_to_save(
    qtbot: QtBot,
    make_window,
    demo_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Print starts the renderer processes before the save dialog (they load Qt and the fonts
    meanwhile, rather than after it); a dialog closed without a file stops them again."""
    window = make_window(demo_path)
    unlock(qtbot, window)
    view = bookbag_for_first_class(window, "welcome")
    chosen = ["", str(tmp_path / "bookbag.pdf")]  # cancelled, then a file
    running: list[int] = []

    def save_dialog(*_args: object) -> tuple[str, str]:
        running.append(len(multiprocessing.active_children()))
        return chosen.pop(0), ""

    monkeypatch.setattr(files.QFileDialog, "getSaveFileName", save_dialog)
    view.print_button.click()
    assert running == [pool.worker_count()]  # a renderer for every core, off this thread
    assert multiprocessing.active_children() == []
    view.print_button.click()
    qtbot.waitUntil(lambda: view.job is None, timeout=60_000)
    assert running == [pool.worker_count()] * 2
    assert view.result is not None and view.result.out == tmp_path / "bookbag.pdf"
    assert view.result.letters > 0 and view.result.out.exists()
    assert multiprocessing.active_children() == []


def test_what_the_officer_typed_stays_after_a_run(
    qtbot: QtBot, make_window, demo_path: Path, tmp_path: Path
) -> None:
    """A run is a write, so the screen refreshes after it: the letter's details the officer
    typed stay for the next class's run (they were cleared), and the sibling rule she chose
    too; another letter chosen starts with its own empty details."""
    window = make_window(demo_path)
    unlock(qtbot, window)
    view = bookbag_for_first_class(window, "event_invitation")
    qtbot.keyClicks(view.inputs["event"], "Coffee morning")
    qtbot.keyClicks(view.inputs["place"], "the hall")
    assert view.rule.currentData() == "youngest"  # the school's setting
    qtbot.keyClick(view.rule, Qt.Key.Key_Down)  # chosen, for this screen
    assert view.rule.currentData() == "eldest"
    view.start(tmp_path / "first.pdf")
    qtbot.waitUntil(lambda: view.job is None, timeout=60_000)
    assert view.result is not None and view.result.out.exists()
    window.workspace.show_area("Today")
    window.workspace.show_area("Book-bag letters")
    assert view.inputs["event"].text() == "Coffee morning"
    assert view.inputs["place"].text() == "the hall"
    assert view.rule.currentData() == "eldest"
    view.template.setCurrentIndex(view.template.findData("welcome"))
    view.template.setCurrentIndex(view.template.findData("event_invitation"))
    assert view.inputs["event"].text() == ""


def test_po_export_and_import_from_the_templates_area(
    qtbot: QtBot,
    make_window,
    db_path: Path,
    messages,
    tmp_path: Path,
) -> None:
    from babel.messages.pofile import read_po, write_po

    window = make_window(db_path)
    unlock(qtbot, window)
    window.workspace.show_area("Letter templates")
    view = window.workspace.templates
    po = tmp_path / "lit.po"
    # Every template (nine since "You said, we did"): none is reviewed in Lithuanian.
    assert view.export_to(po, "LIT") == 9
    with open(po, "rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if message.id and message.context:
            message.string = "LT " + str(message.id)
    with open(po, "wb") as handle:
        write_po(handle, catalog)
    assert view.import_from(po)
    assert get_template(window.vault.db, "welcome").variants["LIT"].status == "professional"


def test_reply_slips_typed_back_in_the_bookbag_area(
    qtbot: QtBot,
    make_window,
    demo_path: Path,
    tmp_path: Path,
) -> None:
    window = make_window(demo_path)
    unlock(qtbot, window)
    window.workspace.show_area("Book-bag letters")
    view = window.workspace.bookbag
    view.template.setCurrentIndex(view.template.findData("meeting_invitation"))
    view.whole.setChecked(True)
    view.inputs["place"].setText("Room 7")
    view.start(tmp_path / "invites.pdf")
    qtbot.waitUntil(lambda: view.job is None, timeout=60_000)
    assert view.result is not None
    waiting = view.waiting.count()
    assert waiting == view.result.letters
    reference = view.waiting.item(0).text().rsplit("(", 1)[1].rstrip(")")
    view.reference.setText(reference.lower())
    view.record_reply("yes")
    assert view.waiting.count() == waiting - 1 and view.error.text() == ""
    view.reference.setText("RNOPE22")
    view.record_reply("yes")
    assert "No letter has the reply reference" in view.error.text()


def test_preview_opens_at_the_top_of_the_first_page_fitted_to_the_pane(
    qtbot: QtBot,
    make_window,
    db_path: Path,
) -> None:
    """The officer sees the letterhead first and the whole width of the page (the preview
    opened on the middle of the page, its lines cut off at the side)."""
    window = make_window(db_path)
    unlock(qtbot, window)
    _tab, dialog = _new_letter(
        window,
        fam.FamilyDraft(
            caregivers=[fam.CaregiverDraft(key="m", given_name="Ana", family_name="Pop")],
            pupils=[
                fam.PupilDraft(
                    key="p", given_name="Ioan", family_name="Pop", links=[fam.LinkDraft("m")]
                )
            ],
        ),
    )
    qtbot.waitExposed(dialog)
    dialog.template.setCurrentIndex(dialog.template.findData("meeting_invitation"))
    qtbot.keyClicks(dialog.inputs["place"], "Room 7")
    area = dialog.preview_area
    for size in ((784, 680), (1100, 680)):  # one page whole in the pane; then longer than it
        dialog.resize(*size)
        qtbot.wait(20)
        area.verticalScrollBar().setValue(area.verticalScrollBar().maximum())
        dialog.preview()
        qtbot.waitUntil(lambda: dialog.pages_layout.itemAt(0).widget().height() > 100)
        assert area.verticalScrollBar().value() == 0
        page = dialog.pages_layout.itemAt(0).widget()
        drawn = page.pixmap().deviceIndependentSize()
        top_left = page.mapTo(area.viewport(), page.contentsRect().topLeft())
        assert top_left.y() <= 12  # the top of the page, not its middle
        assert top_left.x() + drawn.width() <= area.viewport().width()  # nothing cut off
        assert drawn.width() >= area.viewport().width() - 30  # and as wide as the pane allows
