"""Alt-key letters for every button of a dialog, so it works without a mouse (issue 18).

Letters already chosen in a button's text ("&Save") are kept; the push buttons without one
are given one each, the first letter of a word if free, else any free letter. Tick boxes keep
the letters their dialogs gave them (a household can have more of them than the alphabet).
"""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QPushButton, QWidget

_ESCAPED = "\x00"


def letter(text: str) -> str | None:
    """The mnemonic letter in a button's text ('&Save' -> 's'), or None."""
    plain = text.replace("&&", _ESCAPED)
    at = plain.find("&")
    if at < 0 or at + 1 >= len(plain):
        return None
    return plain[at + 1].lower()


def _with_letter(text: str, used: set[str]) -> str | None:
    plain = text.replace("&&", _ESCAPED)
    starts = [i for i, ch in enumerate(plain) if ch.isascii() and ch.isalnum()]
    word_starts = [i for i in starts if i == 0 or not plain[i - 1].isalnum()]
    for i in word_starts + starts:
        if plain[i].lower() not in used:
            used.add(plain[i].lower())
            return (plain[:i] + "&" + plain[i:]).replace(_ESCAPED, "&&")
    return None


def assign(root: QWidget) -> None:
    """Give every button under `root` without an Alt-key letter a free one. Buttons with the
    same words (one per tab page, say) share one letter: only one of them is on screen."""
    buttons = [b for b in root.findChildren(QAbstractButton) if b.text()]
    used = {found for b in buttons if (found := letter(b.text()))}
    given: dict[str, str | None] = {}
    for button in buttons:
        if not isinstance(button, QPushButton) or letter(button.text()) is not None:
            continue
        plain = button.text()
        if plain not in given:
            given[plain] = _with_letter(plain, used)
        text = given[plain]
        if text is not None:
            button.setText(text)
