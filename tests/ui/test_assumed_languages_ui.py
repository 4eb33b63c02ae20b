"""Issue 17 in the window: the family page says the language is assumed, the review dialog
groups families by language and confirming records it."""

from __future__ import annotations

from pathlib import Path

from liaison.services import families as family_records
from liaison.services import mis_import as imports
from liaison.services.letters import assumed as presumed_review
from liaison.store.database import Database
from ui.views.assumed_languages import AssumedLanguagesDialog
from ui.views.family.page import overview_html

CTF = Path(__file__).parents[1] / "data" / "import" / "ctf_languages.xml"


def test_review_dialog_confirms_a_whole_language(qtbot, db: Database, tmp_path: Path) -> None:
    imports.run(db, imports.read_file(CTF))
    urdu = presumed_review.by_language(presumed_review.assumed_families(db))["URD"][0]
    detail = family_records.get_family(db, urdu.family_id)
    html = overview_html(detail, db.clock.today())
    assert "Letters in <b>\u2068Urdu" in html and "<i>assumed</i>, confirm with the family" in html
    dialog = AssumedLanguagesDialog(db)
    qtbot.addWidget(dialog)
    heads = [dialog.tree.topLevelItem(i).text(0) for i in range(dialog.tree.topLevelItemCount())]
    assert "Urdu (URD): 1" in heads and len(heads) == 7
    dialog.grab().save(str(tmp_path / "assumed.png"))
    head = next(
        dialog.tree.topLevelItem(i)
        for i in range(dialog.tree.topLevelItemCount())
        if dialog.tree.topLevelItem(i).text(0).startswith("Urdu")
    )
    dialog.tree.setCurrentItem(head)
    dialog.confirm_group.click()
    assert dialog.done.text() == "Confirmed 1 families."
    heads = [dialog.tree.topLevelItem(i).text(0) for i in range(dialog.tree.topLevelItemCount())]
    assert not any(h.startswith("Urdu") for h in heads) and len(heads) == 6
    html = overview_html(family_records.get_family(db, urdu.family_id), db.clock.today())
    assert "Letters in <b>\u2068Urdu" in html and "assumed" not in html
