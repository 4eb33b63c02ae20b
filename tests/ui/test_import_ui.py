"""The import wizard on a real window: a CSV with one column mapped by hand, the review, the
import off the GUI thread, and the families in the list afterwards."""

from __future__ import annotations

import os
from pathlib import Path

from pytestqt.qtbot import QtBot

from liaison.services import mis_import as imports
from tests.import_helpers import DATA
from tests.ui.conftest import unlock
from ui.views.import_wizard import ImportWizard


def test_csv_import_with_mapping_review_and_result(
    qtbot: QtBot, make_window, db_path: Path, tmp_path: Path
) -> None:
    shots = Path(os.environ.get("LIAISON_SHOTS", tmp_path))
    window = make_window(db_path)
    unlock(qtbot, window)
    action = next(a for a in window.db_actions if a.text() == "&Import from MIS…")
    assert action.isEnabled()
    action.trigger()
    wizard = window.workspace.dialog
    assert isinstance(wizard, ImportWizard)
    wizard.resize(1366, 768)
    wizard.choose(DATA / "csv_utf8.csv")
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == wizard.MAPPING, timeout=10_000)
    # Pre-filled from the headers; "Home Lang" is the one the officer maps by hand.
    assert wizard.columns.combos["family_name"].currentText() == "Legal Surname"
    assert wizard.columns.combos["first_language"].currentData() is None
    assert wizard.columns.sample_model.rowCount() == 5
    language = wizard.columns.combos["first_language"]
    assert language.accessibleName() == "Column for First language (DfE code)"
    language.setCurrentIndex(language.findText("Home Lang"))
    assert wizard.grab().save(str(shots / "import-mapping.png"))
    qtbot.mouseClick(wizard.next, qtbot_button())
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == wizard.REVIEW, timeout=10_000)
    model = wizard.review_model
    assert model.rowCount() == 3
    titles = [model.data(model.index(r, 3)) for r in range(3)]
    assert "Agnieszka Wiśniewska and Piotr Wiśniewski" in titles
    assert "3 new families" in wizard.summary.text().replace("<b>", "").replace("</b>", "")
    assert any("Hodan" in wizard.notes.item(i).text() for i in range(wizard.notes.count()))
    assert wizard.grab().save(str(shots / "import-review.png"))
    assert window.vault.db and not [r for r in _rows(window)]  # nothing written yet
    qtbot.mouseClick(wizard.next, qtbot_button())
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == wizard.RESULT, timeout=20_000)
    assert "3 new families" in wizard.result_label.text()
    qtbot.mouseClick(wizard.next, qtbot_button())
    rows = _rows(window)
    assert len(rows) == 3
    wisniewski = next(r for r in rows if "Agnieszka" in r.caregivers)
    assert "Łucja" in wisniewski.pupils and "POL" in wisniewski.languages
    # The hand-made choice is remembered for the next export.
    assert imports.remembered_mapping(window.vault.db)["first_language"] == "Home Lang"


def test_bad_file_shows_the_place_and_stays(qtbot: QtBot, make_window, db_path: Path) -> None:
    window = make_window(db_path)
    unlock(qtbot, window)
    window.workspace.import_from_mis()
    wizard = window.workspace.dialog
    wizard.choose(DATA / "ctf_bomb.xml")
    qtbot.waitUntil(lambda: "refused for safety" in wizard.error.text(), timeout=10_000)
    assert wizard.pages.currentIndex() == wizard.FILE and wizard.next.isEnabled()
    wizard.choose(DATA / "ctf_families.xml")
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == wizard.REVIEW, timeout=10_000)
    assert wizard.review_model.rowCount() == 4  # the pupil with no contacts is a warning
    # Leave the Khan family out at review.
    row = next(
        r for r in range(5) if "Khan" in wizard.review_model.data(wizard.review_model.index(r, 3))
    )
    from PySide6.QtCore import Qt

    index = wizard.review_model.index(row, 0)
    wizard.review_model.setData(
        index, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole
    )
    wizard.next.click()
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == wizard.RESULT, timeout=20_000)
    wizard.next.click()
    assert len(_rows(window)) == 3  # 4 families with contacts, one left out at review


def _rows(window):
    return window.workspace.families.model.rows


def qtbot_button():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
