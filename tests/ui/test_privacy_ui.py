"""The Privacy area: log a subject access request, withhold an item, produce the bundle; list
families past retention and erase one after two confirmations."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from liaison.models import Pupil
from liaison.services import families as fam
from liaison.services import search
from tests.ui.conftest import unlock
from ui.messages import ScriptedMessages
from ui.views.privacy_view import PrivacyView


def test_subject_access_and_erasure_through_the_window(
    qtbot: QtBot,
    make_window,
    demo_path: Path,
    messages: ScriptedMessages,
    tmp_path: Path,
    monkeypatch,
) -> None:
    window = make_window(demo_path)
    unlock(qtbot, window)
    db = window.vault.db
    rows = fam.list_families(db)
    keep, gone = rows[0], rows[1]
    with db.session() as session:
        for pupil in session.scalars(select(Pupil).where(Pupil.family_id == gone.id)):
            pupil.left_date = dt.date(2018, 7, 20)

    window.workspace.show_area("Privacy")
    view = window.workspace.area("Privacy")
    assert isinstance(view, PrivacyView)

    view.family_ref.setText(keep.reference)
    view._load_caregivers()
    assert view.who.count() > 1  # the whole family, then each caregiver
    view.requester.setText("A parent")
    view.log_request()
    assert view.error.text() == ""
    assert view.requests.rowCount() == 1
    assert view.requests.item(0, 0).text() == keep.reference
    assert view.requests.item(0, 5).text() == "open"
    view.requests.selectRow(0)
    assert view.items_table.rowCount() > 3
    titles = [view.items_table.item(r, 0).text() for r in range(view.items_table.rowCount())]
    assert any(t.startswith("Family ") for t in titles) and any("Audit entry" in t for t in titles)

    view.items_table.selectRow(1)
    view.withhold()  # no reason typed yet
    assert "reason" in view.error.text().lower() or "why" in view.error.text().lower()
    view.reason.setText("Names another family's circumstances")
    view.withhold()
    assert view.items_table.item(1, 2).text() == view.exemption.currentText()

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    view.produce()
    assert messages.shown[-1][0] == "info" and ".pdf" in messages.shown[-1][2]
    data = json.loads(next(tmp_path.glob("SAR-*.json")).read_text("utf-8"))
    assert data["items_withheld_under_exemptions"] == 1
    assert view.requests.item(0, 5).text().startswith("answered")

    view.tabs.setCurrentIndex(1)
    assert view.years.value() == 6
    assert view.past.rowCount() == 1 and view.past.item(0, 0).text() == gone.reference
    view.past.selectRow(0)
    messages.answers = [True, "ERASE"]  # the second confirmation is mistyped
    view.erase()
    assert messages.shown[-1][2] == "Nothing was erased."
    assert search.search(db, gone.reference)
    messages.answers = [True, "ERASE 1"]
    view.past.selectRow(0)
    view.erase()
    assert messages.shown[-1][2] == "Erased 1 families."
    assert view.past.rowCount() == 0
    everyone = fam.list_families(db, fam.FamilyFilter(include_archived=True))
    assert gone.id not in {r.id for r in everyone}
    view.grab().save(str(tmp_path / "privacy.png"))
