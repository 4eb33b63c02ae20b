"""Arabic names inside English lines keep the order they were written in, as laid out by Qt."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextLayout
from pytestqt.qtbot import QtBot

from liaison.services import families as fam
from tests.ui.conftest import unlock
from ui.bidi import english_frame

NOUR, MOHAMMED = "نور العلي", "محمد العلي"


def _x(text: str, name: str) -> float:
    """Where the name's first letter is drawn: for right-to-left text, its right-hand end."""
    layout = QTextLayout(text, QFont("Noto Sans"))
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(4000)
    layout.endLayout()
    return line.cursorToX(text.index(name) + 1)[0]


def test_a_title_of_two_arabic_names_reads_in_written_order() -> None:
    for composed in (
        fam.family_title([NOUR, MOHAMMED], []),
        fam.family_title([NOUR, MOHAMMED, "Sam Hill"], []),  # "A, B and 1 more"
        f"adds {NOUR} (mother), {MOHAMMED} (father)",
    ):
        # Left alone, Qt puts the second name first in two of the three.
        shown = english_frame(composed)
        assert _x(shown, NOUR) < _x(shown, MOHAMMED), composed
    assert _x(fam.family_title([NOUR, MOHAMMED], []), NOUR) > _x(
        fam.family_title([NOUR, MOHAMMED], []), MOHAMMED
    )
    # Punctuation belongs to the English line; names keep their joiners.
    assert english_frame("Kofi Mensah") == "Kofi Mensah"
    assert english_frame(f"{NOUR}, Sam") == f"\u2067{NOUR}\u2069, Sam"


def test_families_table_and_header_show_caregivers_in_order(
    qtbot: QtBot,
    make_window,
    demo_path: Path,
) -> None:
    window = make_window(demo_path)
    unlock(qtbot, window)
    window.workspace.show_area("Families")
    view = window.workspace.families
    for row in view.model.rows:
        names = row.title.split(" and ")
        arabic = [n for n in names if any("\u0600" <= c <= "\u06ff" for c in n)]
        if len(names) == 2 and len(arabic) == 2:
            break
    else:
        raise AssertionError("the demo has a family with two Arabic-script caregivers")
    first, second = names
    index = view.model.index(view.model.rows.index(row), 1)
    shown = view.model.data(index, Qt.ItemDataRole.DisplayRole)
    assert _x(shown, first) < _x(shown, second)
    view.select_family(row.id)
    header = view.page.title.text()
    assert _x(header, row.reference) < _x(header, first) < _x(header, second)
