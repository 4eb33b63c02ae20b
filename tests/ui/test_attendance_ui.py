"""Attendance in the real window: support first on Today with one click to an attendance
support meeting, the family's Attendance tab with its chart, the import dialog with the
column-mapping step, and the report's "Attendance and impact" tab.

LIAISON_SHOTS=folder keeps the screenshots, to look at."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from liaison.models import Pupil
from liaison.models.enums import MeetingKind, MeetingStatus
from liaison.services import attendance
from liaison.services import mis_import as imports
from liaison.services.access import open_database
from liaison.services.casework import meetings
from tests.attendance_data import build
from tests.conftest import PASSPHRASE, clock
from tests.ui.conftest import unlock
from ui.main_window import MainWindow
from ui.views.dialogs.attendance_import import AttendanceImportDialog
from ui.views.family.attendance_tab import AttendanceTab

DATA = Path(__file__).parents[1] / "data" / "attendance"


def _shots(tmp_path: Path) -> Path:
    return Path(os.environ.get("LIAISON_SHOTS", tmp_path))


def _school(db_path: Path) -> None:
    """Chidi held since October with a snapshot then; the CTF of 20/11 with everyone else's
    first figures, so at 23/11 Omar (severe) and Zofia (persistent) are new to the list."""
    db = open_database(db_path, passphrase=PASSPHRASE, clock=clock())
    try:
        text = (DATA / "ctf_attendance.xml").read_text("utf-8")
        early = db_path.parent / "early.xml"
        early.write_text(text.replace("<LeavingDate>2026-10-16</LeavingDate>", ""), "utf-8")
        imports.run(db, imports.read_file(early))
        october = db_path.parent / "october.csv"
        october.write_text("UPN,Possible,Present\nU820885120105,40,40\n", encoding="utf-8")
        attendance.run(db, attendance.read_file(october, as_at=dt.date(2026, 10, 2)))
        imports.run(db, imports.read_file(DATA / "ctf_attendance.xml"))
    finally:
        db.close()


def test_support_first_on_today_books_a_meeting_in_one_click(
    qtbot: QtBot, make_window: Callable[[Path], MainWindow], db_path: Path, tmp_path: Path
) -> None:
    _school(db_path)
    window = make_window(db_path)
    unlock(qtbot, window)
    panel = window.workspace.today.support
    qtbot.waitUntil(lambda: panel.isVisible() and panel.table.rowCount() == 2, timeout=10_000)
    texts = [panel.table.item(r, 1).text() for r in range(2)]
    assert texts[0].startswith("Omar Haddad (Year 5) 45.0% (55 of 100 sessions missed)")
    assert "Zofia Nowak (Year 2) 90.0% (6 of 60 sessions missed), persistently" in texts[1]
    assert "2 families have a child newly persistently or severely absent" in panel.summary.text()
    assert window.grab().save(str(_shots(tmp_path) / "today-support-first.png"))
    button = panel.table.cellWidget(0, 2)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.kind.currentData() == MeetingKind.ATTENDANCE_SUPPORT
    assert dialog.date.text() == "24/11/2026"  # the next school day
    notes = dialog.notes.toPlainText()
    assert notes.startswith("Attendance now (from the MIS):\n- Year 5: Omar Haddad, 45.0%")
    assert "Barriers to attendance" in notes and "Review date:" in notes
    assert "- Year 3: Amira Haddad, 95.0% (5 of 100 sessions missed), as at 20/11/2026" in notes
    assert dialog.grab().save(str(_shots(tmp_path) / "attendance-support-meeting.png"))
    dialog.save()
    family_id = dialog.family_id
    booked = meetings.list_meetings(window.vault.db, family_id=family_id)
    assert [(m.kind, m.status) for m in booked] == [
        (MeetingKind.ATTENDANCE_SUPPORT, MeetingStatus.BOOKED)
    ]
    assert "Barriers to attendance" in (booked[0].notes or "")
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=10_000)
    assert panel.table.item(0, 1).text().startswith("Zofia Nowak")
    window.lock()
    assert panel.table.rowCount() == 0 and not panel.isVisible()


def test_the_family_attendance_tab_draws_each_child(
    qtbot: QtBot, make_window: Callable[[Path], MainWindow], db_path: Path, tmp_path: Path
) -> None:
    _school(db_path)
    window = make_window(db_path)
    unlock(qtbot, window)
    with window.vault.db.read() as session:
        family_id = session.scalar(select(Pupil.family_id).where(Pupil.given_name == "Omar"))
    assert family_id is not None
    meetings.save_meeting(
        window.vault.db,
        meetings.MeetingDraft(
            family_id=family_id,
            kind=MeetingKind.PHONE_CALL,
            starts_at=dt.datetime(2026, 11, 10, 15, tzinfo=dt.UTC),
        ),
    )
    window.workspace.open_family(family_id)
    page = window.workspace.families.page
    tab = next(t for t in page.extra_tabs if isinstance(t, AttendanceTab))
    page.tabs.setCurrentWidget(tab)
    assert page.tabs.tabText(page.tabs.currentIndex()) == "Attendance"
    rows = [
        tuple(tab.latest.item(r, c).text() for c in range(5)) for r in range(tab.latest.rowCount())
    ]
    assert rows == [
        (
            "Omar Haddad (Year 5)",
            "20/11/2026",
            "45.0% (55 of 100 sessions missed)",
            "severely absent",
            "",
        ),
        ("Amira Haddad (Year 3)", "20/11/2026", "95.0% (5 of 100 sessions missed)", "", ""),
    ]
    described = tab.chart.accessibleDescription()
    assert "Omar Haddad: 45.0% (55 of 100 sessions missed) on 20/11/2026 (severely absent)" in (
        described
    )
    assert "Contacts: Phone call 10/11/2026" in described
    assert tab.chart.height() > 200
    assert window.grab().save(str(_shots(tmp_path) / "family-attendance.png"))
    tab.book()
    assert tab.dialog is not None and tab.dialog.isVisible()
    tab.dialog.reject()


def test_import_dialog_maps_reviews_and_imports(
    qtbot: QtBot, make_window: Callable[[Path], MainWindow], db_path: Path, tmp_path: Path
) -> None:
    _school(db_path)
    window = make_window(db_path)
    unlock(qtbot, window)
    action = next(a for a in window.db_actions if a.text() == "Import a&ttendance…")
    action.trigger()
    dialog = window.workspace.dialog
    assert isinstance(dialog, AttendanceImportDialog)
    odd = tmp_path / "october-attendance.csv"
    odd.write_text("Pupil ID,Poss,Pres\nM820885120101,40,39\nB820885120102,40,22\n")
    dialog.as_at.setText("16/10/2026")
    dialog.choose(odd)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == dialog.MAPPING, timeout=10_000)
    for key, header in (("upn", "Pupil ID"), ("possible", "Poss"), ("present", "Pres")):
        combo = dialog.columns.combos[key]
        combo.setCurrentIndex(combo.findText(header))
    assert dialog.grab().save(str(_shots(tmp_path) / "attendance-import-mapping.png"))
    qtbot.mouseClick(dialog.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == dialog.REVIEW, timeout=10_000)
    assert "as at 16/10/2026: 2 new" in dialog.summary.text()
    assert dialog.review.item(1, 3).text() == "55.0% (18 of 40 sessions missed)"
    assert attendance.list_snapshots(window.vault.db)[-1].as_at == dt.date(2026, 10, 2)
    qtbot.mouseClick(dialog.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == dialog.RESULT, timeout=10_000)
    dates = [s.as_at for s in attendance.list_snapshots(window.vault.db)]
    assert dates == [dt.date(2026, 11, 20), dt.date(2026, 10, 16), dt.date(2026, 10, 2)]
    assert attendance.remembered_mapping(window.vault.db)["possible"] == "Poss"


def test_the_report_shows_attendance_and_impact(
    qtbot: QtBot, make_window: Callable[[Path], MainWindow], db_path: Path, tmp_path: Path
) -> None:
    db = open_database(db_path, passphrase=PASSPHRASE, clock=clock())
    try:
        build(db, tmp_path)
    finally:
        db.close()
    window = make_window(db_path)
    unlock(qtbot, window)
    window.workspace.show_area("Reports")
    view = window.workspace.reports
    qtbot.waitUntil(lambda: view.report is not None, timeout=10_000)
    view.term.setCurrentText("Summer 2026")
    qtbot.mouseClick(view.show_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: view.report is not None and view.report.period.name == "Summer 2026",
        timeout=10_000,
    )
    qtbot.waitUntil(view.show_button.isEnabled, timeout=10_000)
    titles = [view.tabs.tabText(i) for i in range(view.tabs.count())]
    assert titles[-1] == "Attendance and impact"
    assert view.figure("Attendance and impact", "Supported: since") == (
        "94.2%",
        "–",
        "–",
    )
    assert view.figure("Attendance and impact", "Persistently absent before the first contact")[
        0
    ] == ("fewer than 5")
    model = view.section_models["Attendance and impact"]
    labels = [label for label, row in model.items if row is None]
    assert any(label.startswith("Not a controlled study") for label in labels)
    view.tabs.setCurrentIndex(len(titles) - 1)
    chart = view.charts["Attendance and impact"]
    assert chart.isVisibleTo(view)
    assert "Supported: since 94.2%" in chart.accessibleDescription()
    assert window.grab().save(str(_shots(tmp_path) / "report-attendance.png"))


def test_the_support_first_setting_is_in_settings(
    qtbot: QtBot, make_window: Callable[[Path], MainWindow], db_path: Path
) -> None:
    window = make_window(db_path)
    unlock(qtbot, window)
    window.workspace.open_settings()
    dialog = window.workspace.dialog
    assert dialog.attendance_days.value() == 10
    dialog.name.setText("Northbridge Primary")
    dialog.officer.setText("Ms Example")
    dialog.attendance_days.setValue(15)
    dialog.save()
    assert not dialog.isVisible()
    assert attendance.school_days(window.vault.db) == 15
