"""Save PNGs of the attendance screens (issue 23) at 1366x768 from a fresh demo database:
support first on Today, the attendance support meeting it opens, a family's Attendance tab,
the report's "Attendance and impact" tab and the import's mapping page.

QT_QPA_PLATFORM=offscreen .venv/bin/python -m ui.screenshots_attendance OUT_FOLDER
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from liaison import demo
from liaison.clock import Clock
from liaison.services import attendance
from liaison.services.access import KdfParams, create_database
from ui.screenshots import PASSPHRASE, SIZE, Camera, _settle

_CSV = "Pupil UPN,Poss,Pres,Auth,Unauth\nA820885120101,120,111,6,3\n"


def take(out: Path, families: int = 150) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ui.app import make_app
    from ui.main_window import MainWindow
    from ui.messages import ScriptedMessages
    from ui.views.family.attendance_tab import AttendanceTab

    app = make_app(sys.argv[:1])
    shot = Camera(app, out)

    cheap = KdfParams(1, 8, 1)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo" / "liaison.db"
        db, _ = create_database(path, PASSPHRASE, kdf=cheap, clock=Clock())
        demo.build_demo(db, families=families, seed=5)
        lines = attendance.support_first(db)
        db.close()
        window = MainWindow(path, ScriptedMessages(), kdf=cheap)
        window.resize(*SIZE)
        window.show()
        window.unlock_view.secret.setText(PASSPHRASE)
        window.unlock_view.unlock_button.click()
        _settle(app, lambda: window.vault.is_open)
        panel = window.workspace.today.support
        _settle(
            app,
            lambda: (
                panel.table.rowCount() == len(lines) and window.workspace.today.page is not None
            ),
        )
        shot(window, "attendance-today-support-first")
        if lines:
            panel.book(lines[0].family_id)
            assert panel.dialog is not None
            panel.dialog.resize(*SIZE)
            shot(panel.dialog, "attendance-support-meeting")
            panel.dialog.reject()
        family = max(lines, key=lambda x: len(x.pupils)).family_id if lines else None
        if family is not None:
            window.workspace.open_family(family)
            page = window.workspace.families.page
            tab = next(t for t in page.extra_tabs if isinstance(t, AttendanceTab))
            page.tabs.setCurrentWidget(tab)
            shot(window, "attendance-family-tab")
        window.workspace.show_area("Reports")
        reports = window.workspace.reports
        _settle(app, lambda: reports.report is not None and reports.show_button.isEnabled())
        reports.tabs.setCurrentIndex(reports.tabs.count() - 1)
        shot(window, "attendance-report-tab")
        sheet = Path(tmp) / "attendance.csv"
        sheet.write_text(_CSV, encoding="utf-8")
        window.workspace.import_attendance()
        dialog = window.workspace.dialog
        dialog.resize(*SIZE)
        dialog.as_at.setText("27/11/2026")
        dialog.choose(sheet)
        _settle(app, lambda: dialog.pages.currentIndex() == dialog.MAPPING)
        shot(dialog, "attendance-import-mapping")
        dialog.reject()
        window.close()
    return shot.saved


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots")
    for path in take(out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
