"""Spreadsheet cells that cannot run anything (CSV / formula injection).

A spreadsheet treats a cell that starts with =, +, - or @ (and, in some versions, a tab or a
line break, or the full-width forms of those signs) as a formula: a school name such as
=HYPERLINK("http://…") or a term name such as @SUM(…)|cmd would run when leadership opens the
export. In CSV every such text gets a leading apostrophe (OWASP's advice; the apostrophe
shows, which is the price of the file being plain text). In a workbook the cell is stored as
text, marked so that editing it keeps it text. Plain numbers, -2 or +1.5, stay as they are.
"""

from __future__ import annotations

import re
from typing import Any

from openpyxl.worksheet.worksheet import Worksheet

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)*(?:\.\d+)?%?")


def is_number(text: str) -> bool:
    return bool(_NUMBER.fullmatch(text))


def csv_cell(value: Any) -> Any:
    """The value to write in a CSV cell: text that a spreadsheet would run, escaped."""
    if isinstance(value, str) and value.startswith(TRIGGERS) and not is_number(value):
        return "'" + value
    return value


def csv_row(values: list[Any]) -> list[Any]:
    return [csv_cell(v) for v in values]


def text_only(ws: Worksheet) -> None:
    """Every text cell of the sheet stored as text (openpyxl stores '=…' as a formula)."""
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and (
                cell.data_type == "f" or cell.value.startswith(TRIGGERS)
            ):
                cell.data_type = "s"
                cell.quotePrefix = True
