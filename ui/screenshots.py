"""Save PNGs of the main screens at 1366x768 from a fresh demo database, to look at by eye.

QT_QPA_PLATFORM=offscreen .venv/bin/python -m ui.screenshots OUT_FOLDER
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from liaison import demo
from liaison.clock import Clock
from liaison.services import backups
from liaison.services import families as fam
from liaison.services.access import KdfParams, create_database
from ui.messages import ScriptedMessages

PASSPHRASE = "screenshots passphrase"
SIZE = (1366, 768)


_SAMPLE_CSV = (
    "UPN,Legal Surname,Legal Forename,DOB,Year,Reg,Home Lang,Address 1,Town,Postcode,"
    "Contact 1 Forename,Contact 1 Surname,Contact 1 Relationship,Contact 1 Mobile\n"
    "N820885120009,Wiśniewska,Łucja,04/05/2018,3,3H,POL,22 Canal Street,Northbridge,M2 3BD,"
    "Agnieszka,Wiśniewska,Mother,07700 900401\n"
    "N820885120011,Begum,নাসরিন,12/02/2017,4,4S,BNG,5 Park View,Northbridge,M3 4CF,"
    "রহিমা,Begum,Mother,07700 900501\n"
)


def _settle(app: QApplication, until=None, timeout: float = 20.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        app.processEvents()
        if until is None or until():
            if until is None:
                return
            app.processEvents()
            return
        time.sleep(0.01)
    raise TimeoutError("the screen did not get ready in time")


class ShotMessages(ScriptedMessages):
    """Closing a form shown for its picture drops what was typed into it."""

    def unsaved(self, parent: QWidget | None, what: str) -> str:
        super().unsaved(parent, what)
        return "discard"


def _new_database_shots(app: QApplication, tmp: Path, shot) -> None:
    """The first-run wizard on a folder with no database yet, and the one-click demo, locked:
    DEMO and its passphrase on the unlock screen."""
    from ui.main_window import MainWindow

    cheap = KdfParams(1, 8, 1)
    wizard_window = MainWindow(tmp / "new" / "liaison.db", ScriptedMessages(), kdf=cheap)
    wizard_window.resize(*SIZE)
    wizard_window.show()
    assert wizard_window.wizard is not None
    shot(wizard_window, "wizard-choice")
    wizard_window.wizard.next.click()
    wizard_window.wizard.school_name.setText("Northbridge Primary School")
    wizard_window.wizard.officer_name.setText("Ms A. Example")
    shot(wizard_window, "wizard-school")
    wizard_window.wizard.next.click()
    wizard_window.wizard.passphrase.first.setText("tulips")
    shot(wizard_window, "wizard-passphrase")
    wizard_window.close()
    demo_window = MainWindow(tmp / "try" / "liaison.db", ShotMessages(), kdf=cheap)
    demo_window.resize(*SIZE)
    demo_window.show()
    assert demo_window.wizard is not None
    demo_window.wizard.demo_families = 20
    demo_window.wizard.demo_button.click()
    _settle(app, lambda: demo_window.vault.is_open, timeout=120)
    demo_window.lock()
    shot(demo_window, "unlock-demo")
    demo_window.close()


class Camera:
    """Each call saves a grab of the widget as `out/NAME.png`, once the app has settled."""

    def __init__(self, app: QApplication, out: Path) -> None:
        self.app, self.out = app, out
        self.saved: list[Path] = []
        out.mkdir(parents=True, exist_ok=True)

    def __call__(self, widget: QWidget, name: str) -> None:
        _settle(self.app)
        path = self.out / f"{name}.png"
        widget.grab().save(str(path))
        self.saved.append(path)


def take(out: Path, families: int = 150) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ui.app import make_app
    from ui.main_window import MainWindow

    app = make_app(sys.argv[:1])
    shot = Camera(app, out)

    cheap = KdfParams(1, 8, 1)
    with tempfile.TemporaryDirectory() as tmp:
        _new_database_shots(app, Path(tmp), shot)

        path = Path(tmp) / "demo" / "liaison.db"
        db, _ = create_database(path, PASSPHRASE, kdf=cheap, clock=Clock())
        demo.build_demo(db, families=families, seed=5)
        backup = backups.make(db, "manual", Path(tmp) / "usb")
        db.close()
        # Restoring that backup on "a new computer", checked but not yet restored.
        restore_window = MainWindow(Path(tmp) / "new-pc" / "liaison.db", ScriptedMessages())
        restore_window.resize(*SIZE)
        restore_window.show()
        wizard = restore_window.wizard
        assert wizard is not None
        wizard.restore_choice.setChecked(True)
        wizard.next.click()
        wizard.backup_path.setText(str(backup))
        wizard.restore_secret.setText(PASSPHRASE)
        wizard.check_button.click()
        _settle(app, wizard.next.isEnabled)
        shot(restore_window, "wizard-restore")
        restore_window.close()
        window = MainWindow(path, ShotMessages(), kdf=cheap)
        window.resize(*SIZE)
        window.show()
        shot(window, "unlock")
        window.unlock_view.secret.setText(PASSPHRASE)
        window.unlock_view.unlock_button.click()
        _settle(app, lambda: window.vault.is_open and window.workspace.today.page is not None)
        shot(window, "today")
        window.workspace.today.unfold("no_contact")
        _settle(app)
        window.workspace.today.tree.scrollToBottom()
        shot(window, "today-no-contact-unfolded")
        window.workspace.show_area("Families")
        view = window.workspace.families
        arabic = next(r for r in view.model.rows if "ARA" in r.languages)
        view.open_family(arabic.id)
        shot(window, "families-arabic-family")
        view.page.tabs.setCurrentIndex(view.page.tabs.count() - 1)
        shot(window, "family-chronology")
        bengali = next(r for r in view.model.rows if "BNG" in r.languages or "BNGS" in r.languages)
        view.open_family(bengali.id)
        view.page.tabs.setCurrentIndex(0)
        shot(window, "families-bengali-family")
        view.filter_text.setText("ال")
        shot(window, "families-filtered")
        view.filter_text.clear()
        view.page.edit()
        dialog = view.page.dialog
        dialog.resize(*SIZE)
        shot(dialog, "family-form")
        dialog.dirty = False
        dialog.reject()
        window.workspace.intake()
        intake = window.workspace.dialog
        intake.resize(*SIZE)
        shot(intake, "intake-step1")
        intake.pages.setCurrentIndex(1)
        shot(intake, "intake-needs")
        intake.reject()
        from ui.views.family.casework_tabs import MeetingsTab

        meetings_tab = next(t for t in view.page.extra_tabs if isinstance(t, MeetingsTab))
        view.page.tabs.setCurrentWidget(meetings_tab)
        shot(window, "family-meetings")
        meetings_tab.open_meeting(None)
        meeting = meetings_tab.dialog
        meeting.add_action()
        meeting.actions.cellWidget(0, 0).setText("Send uniform voucher")
        shot(meeting, "meeting-form")
        meeting.reject()
        window.workspace.show_area("Events")
        events_view = window.workspace.events
        events_view.title.setText("Coffee morning")
        events_view.create_event()
        events_view.class_combo.setCurrentIndex(1)
        events_view.invite()
        box = events_view.register_table.cellWidget(0, 2)
        if box is not None:
            box.setChecked(True)
        shot(window, "event-register")
        window.workspace.show_area("Interpreters")
        shot(window, "interpreters-week")
        window.workspace.interpreters.tabs.setCurrentIndex(1)
        shot(window, "interpreters-directory")
        window.workspace.show_area("Referrals")
        shot(window, "referrals")
        window.workspace.show_area("Families")
        from ui.views.family.support_tab import SupportTab

        support = next(t for t in view.page.extra_tabs if isinstance(t, SupportTab))
        with_referral = next(r for r in view.model.rows if r.open_needs)
        view.open_family(with_referral.id)
        view.page.tabs.setCurrentWidget(support)
        shot(window, "family-support")
        support.refer()
        shot(support.dialog, "referral-dialog")
        support.dialog.reject()
        support.open_booking(None)
        shot(support.dialog, "booking-dialog")
        support.dialog.reject()
        from ui.views.family.letters_tab import LettersTab

        letters_tab = next(t for t in view.page.extra_tabs if isinstance(t, LettersTab))
        arabic = next(r for r in view.model.rows if "ARA" in r.languages)
        view.open_family(arabic.id)
        view.page.tabs.setCurrentWidget(letters_tab)
        letters_tab.new_letter()
        letter = letters_tab.dialog
        letter.template.setCurrentIndex(letter.template.findData("meeting_invitation"))
        letter.inputs["place"].setText("Room 7")
        letter.preview()
        shot(letter, "letter-dialog-preview")
        letter.reject()
        window.workspace.show_area("Letter templates")
        window.workspace.templates.select_language("URD")
        shot(window, "letter-templates")
        window.workspace.show_area("Book-bag letters")
        bag = window.workspace.bookbag
        bag.whole.setChecked(True)
        bag.count()
        shot(window, "bookbag")
        window.workspace.show_area("Privacy")
        privacy = window.workspace.area("Privacy")
        privacy.family_ref.setText(fam.list_families(window.vault.db)[0].reference)
        privacy._load_caregivers()
        privacy.requester.setText("A parent")
        privacy.log_request()
        privacy.items_table.selectRow(0)
        shot(window, "privacy-subject-access")
        window.workspace.show_area("Reports")
        reports = window.workspace.reports
        _settle(app, lambda: reports.report is not None)
        shot(window, "reports-headlines")
        reports.tabs.setCurrentIndex(2)
        shot(window, "reports-contacts")
        window.workspace.open_settings()
        settings = window.workspace.dialog
        settings.tabs.setCurrentIndex(3)
        shot(settings, "settings-data-backups")
        settings.reject()
        from liaison.demo.ctf_sample import fictional_ctf

        ctf = Path(tmp) / "mis-export.xml"
        ctf.write_bytes(fictional_ctf(400, seed=5))
        window.workspace.import_from_mis()
        wizard = window.workspace.dialog
        wizard.resize(*SIZE)
        # Written here rather than read from tests/ so the frozen build can take this shot too.
        csv_export = Path(tmp) / "mis-export.csv"
        csv_export.write_text(_SAMPLE_CSV, encoding="utf-8")
        wizard.choose(csv_export)
        _settle(app, lambda: wizard.pages.currentIndex() == wizard.MAPPING)
        shot(wizard, "import-mapping")
        wizard.choose(ctf)
        _settle(app, lambda: wizard.pages.currentIndex() == wizard.REVIEW)
        shot(wizard, "import-review")
        wizard.reject()
        window.workspace.show_area("Today")
        window.workspace.search.edit.setText("nasrin")
        window.workspace.search.run()
        shot(window, "search")
        window.close()
    return shot.saved


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots")
    for path in take(out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
