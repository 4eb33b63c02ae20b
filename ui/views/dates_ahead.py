"""Dates where only the future makes sense (a check-in, a follow-up, an action due): the
services refuse the past and years away; a date over a year ahead is questioned here first,
since a mistyped year is the usual cause (issue 18: a check-in on 01/01/2020 went through)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QWidget

from liaison.validation import QUESTION_AHEAD, TOO_FAR_AHEAD, uk_date
from ui.messages import Messages


def confirm_far_dates(
    messages: Messages,
    parent: QWidget,
    dates: list[tuple[str, dt.date | None]],
    today: dt.date,
) -> bool:
    """True to go on: no date over a year ahead, or the officer says the year is right."""
    far = [
        (label, day)
        for label, day in dates
        if day is not None and QUESTION_AHEAD < day - today <= TOO_FAR_AHEAD
    ]
    if not far:
        return True
    listed = "; ".join(f"{label}: {uk_date(day)}" for label, day in far)
    return messages.ask(
        parent,
        "Check the year",
        f"{listed}. That is more than a year away. Is the year right?",
    )
