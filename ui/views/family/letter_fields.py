"""The fields a template asks for (date, time, place...) as inputs, for letters and book-bags."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTime
from PySide6.QtWidgets import QCheckBox, QFormLayout, QLineEdit, QTimeEdit, QWidget

from liaison.services.letters.deadlines import default_deadline
from ui.views.widgets import DateEdit


def build_inputs(
    form: QFormLayout,
    fields: list[str],
    today: dt.date,
    *,
    interpreter: bool = False,
    time: QTime | None = None,
) -> dict[str, QWidget]:
    """Replace the form's rows with one input per field; return them by field name."""
    while form.rowCount():
        form.removeRow(0)
    inputs: dict[str, QWidget] = {}
    for name in fields:
        if name in ("date", "deadline"):
            date = DateEdit(name.capitalize())
            date.set_date(today + dt.timedelta(days=7))
            widget: QWidget = date
        elif name == "time":
            clock = QTimeEdit(time or QTime(15, 30))
            clock.setDisplayFormat("HH:mm")
            widget = clock
        elif name == "interpreter":
            box = QCheckBox("An interpreter will be there")
            box.setChecked(interpreter)
            widget = box
        else:
            widget = QLineEdit()
        widget.setAccessibleName(name.capitalize())
        inputs[name] = widget
        form.addRow(name.capitalize(), widget)
    date, deadline = inputs.get("date"), inputs.get("deadline")
    if isinstance(date, DateEdit) and isinstance(deadline, DateEdit):
        _deadline_follows(date, deadline, today)
    return inputs


def _deadline_follows(date: DateEdit, deadline: DateEdit, today: dt.date) -> None:
    """The reply deadline starts a few school days before the date (never on it) and follows
    the date until the officer types a deadline of her own."""

    def update() -> None:
        try:
            day = date.date()
        except ValueError:
            return
        if day is not None and not deadline.isModified():
            deadline.set_date(default_deadline(day, today))

    date.textChanged.connect(update)
    update()


def read_inputs(inputs: dict[str, QWidget]) -> dict[str, object]:
    """What was typed, as values the letters service formats for each language."""
    out: dict[str, object] = {}
    for name, widget in inputs.items():
        if isinstance(widget, DateEdit):
            out[name] = widget.date()
        elif isinstance(widget, QTimeEdit):
            out[name] = widget.time().toPython()
        elif isinstance(widget, QCheckBox):
            out[name] = widget.isChecked()
        elif isinstance(widget, QLineEdit):
            out[name] = widget.text().strip()
    return out
