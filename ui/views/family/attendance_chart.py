"""Each child's attendance across the snapshots as a small chart, one under another on the same
time line, with the family's contacts and meetings marked on it (drawn with QPainter: QtCharts
is not part of PySide6-Essentials).

Each chart: the attendance to date at every snapshot (a line that breaks when a new academic
year starts the count again), the 90% line below which a pupil is persistently absent (and the
50% line when the chart reaches it), and a mark at the foot for every contact: filled for a
meeting or contact held, hollow for one booked, a diamond for an attendance support meeting.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from liaison.services import attendance
from liaison.validation import year_label
from ui.bidi import english_frame

LINE = QColor(31, 78, 121)
FLAGGED = QColor(164, 38, 44)
GUIDE = QColor(150, 150, 150)
CONTACT = QColor(70, 70, 70)
CHART_H, GAP, LEFT, RIGHT, TOP = 118, 16, 46, 70, 34


def _x_range(found: attendance.FamilyAttendance) -> tuple[dt.date, dt.date]:
    days = [p.as_at for pupil in found.pupils for p in pupil.points]
    start, end = min(days), max(days)
    if (end - start).days < 28:  # one snapshot, or a few close together: a month's width
        start, end = start - dt.timedelta(days=14), end + dt.timedelta(days=14)
    return start, end


def _y_floor(found: attendance.FamilyAttendance) -> float:
    lowest = min(
        (p.rate.attendance for pupil in found.pupils for p in pupil.points if p.rate.attendance),
        default=100.0,
    )
    return max(0.0, min(80.0, (lowest - 5) // 10 * 10))


class AttendanceChart(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.found: attendance.FamilyAttendance | None = None
        self.setAccessibleName("Attendance over time")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(420)

    def set_attendance(self, found: attendance.FamilyAttendance | None) -> None:
        self.found = found
        charted = self._charted()
        self.setFixedHeight(TOP + len(charted) * (CHART_H + GAP) + 24 if charted else 0)
        self.setAccessibleDescription(self.describe())
        self.update()

    def _charted(self) -> list[attendance.PupilTrend]:
        return [p for p in self.found.pupils if p.points] if self.found else []

    def describe(self) -> str:
        """What the charts show, in words (for a screen reader, and for the tests)."""
        if self.found is None:
            return ""
        parts = []
        for pupil in self._charted():
            points = ", ".join(
                f"{p.rate.describe()} on {p.as_at:%d/%m/%Y}"
                + (f" ({p.rate.label()})" if p.rate.label() else "")
                for p in pupil.points
            )
            parts.append(f"{pupil.name}: {points}")
        contacts = ", ".join(
            f"{c.label} {c.day:%d/%m/%Y}" + ("" if c.held else " (booked)")
            for c in self.found.contacts
        )
        if contacts:
            parts.append(f"Contacts: {contacts}")
        return ". ".join(parts)

    # -- drawing -----------------------------------------------------------------------------
    def paintEvent(self, event) -> None:
        charted = self._charted()
        if not charted or self.found is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        start, end = _x_range(self.found)
        floor = _y_floor(self.found)
        span = max((end - start).days, 1)
        width = self.width() - LEFT - RIGHT

        def x_of(day: dt.date) -> float:
            return LEFT + width * (day - start).days / span

        self._legend(painter)
        for i, pupil in enumerate(charted):
            box = QRectF(LEFT, TOP + i * (CHART_H + GAP), width, CHART_H - 18)
            self._frame(painter, box, pupil, floor)
            self._contacts(painter, box, x_of, start, end)
            self._line(painter, box, pupil, x_of, floor)
        self._dates(painter, x_of, start, end, TOP + len(charted) * (CHART_H + GAP) - 14)
        painter.end()

    def _legend(self, painter: QPainter) -> None:
        painter.setPen(QPen(LINE, 2))
        painter.drawLine(QPointF(LEFT, 14), QPointF(LEFT + 22, 14))
        painter.setPen(QPen(QColor("black")))
        text = "attendance to date at each snapshot"
        painter.drawText(QPointF(LEFT + 28, 18), text)
        x = LEFT + 40 + painter.fontMetrics().horizontalAdvance(text)
        painter.setBrush(QBrush(CONTACT))
        self._mark(painter, QPointF(x, 13), held=True, support=False)
        painter.drawText(QPointF(x + 9, 18), "contact held")
        x += 24 + painter.fontMetrics().horizontalAdvance("contact held")
        self._mark(painter, QPointF(x, 13), held=False, support=False)
        painter.drawText(QPointF(x + 9, 18), "booked")
        x += 24 + painter.fontMetrics().horizontalAdvance("booked")
        self._mark(painter, QPointF(x, 13), held=True, support=True)
        painter.drawText(QPointF(x + 9, 18), "attendance support meeting")

    def _frame(
        self, painter: QPainter, box: QRectF, pupil: attendance.PupilTrend, floor: float
    ) -> None:
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(QPen(QColor("black")))
        year = year_label(pupil.year_group)
        left = f", left {pupil.left_date:%d/%m/%Y}" if pupil.left_date else ""
        title = english_frame(f"{pupil.name}{f' ({year})' if year else ''}{left}")
        painter.drawText(QPointF(box.left(), box.top() - 4), title)
        painter.setFont(QFont(self.font()))
        painter.setPen(QPen(GUIDE, 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(box)
        for level in (100, 90, 50):
            if level < floor:
                continue
            y = box.bottom() - box.height() * (level - floor) / (100 - floor)
            pen = QPen(GUIDE, 1, Qt.PenStyle.DashLine if level != 100 else Qt.PenStyle.SolidLine)
            painter.setPen(pen)
            painter.drawLine(QPointF(box.left(), y), QPointF(box.right(), y))
            painter.drawText(
                QRectF(0, y - 8, LEFT - 6, 16), Qt.AlignmentFlag.AlignRight, f"{level}%"
            )

    def _contacts(self, painter: QPainter, box: QRectF, x_of, start, end) -> None:
        assert self.found is not None
        for contact in self.found.contacts:
            if not start <= contact.day <= end:
                continue
            x = x_of(contact.day)
            painter.setPen(QPen(CONTACT, 1, Qt.PenStyle.DotLine))
            painter.drawLine(QPointF(x, box.top()), QPointF(x, box.bottom()))
            painter.setPen(QPen(CONTACT, 1))
            self._mark(painter, QPointF(x, box.bottom() + 7), contact.held, contact.support)

    @staticmethod
    def _mark(painter: QPainter, at: QPointF, held: bool, support: bool) -> None:
        painter.setPen(QPen(CONTACT, 1))
        painter.setBrush(QBrush(CONTACT) if held else Qt.BrushStyle.NoBrush)
        diamond, triangle = [(0, -6), (5, 0), (0, 6), (-5, 0)], [(0, -5), (5, 4), (-5, 4)]
        shape = diamond if support else triangle
        painter.drawPolygon(QPolygonF([QPointF(at.x() + dx, at.y() + dy) for dx, dy in shape]))

    def _line(self, painter: QPainter, box: QRectF, pupil, x_of, floor: float) -> None:
        path = QPainterPath()
        year = None
        last: QPointF | None = None
        dots: list[tuple[QPointF, bool]] = []
        for point in pupil.points:
            value = point.rate.attendance
            if value is None:
                year = None  # no sessions yet: nothing to draw
                continue
            y = box.bottom() - box.height() * (max(value, floor) - floor) / (100 - floor)
            here = QPointF(x_of(point.as_at), y)
            if year == point.academic_year:
                path.lineTo(here)
            else:
                path.moveTo(here)  # a new count (a new academic year) starts a new line
            year, last = point.academic_year, here
            dots.append((here, bool(point.rate.level)))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(LINE, 2))
        painter.drawPath(path)
        for at, flagged in dots:
            painter.setPen(QPen(FLAGGED if flagged else LINE, 1))
            painter.setBrush(QBrush(FLAGGED if flagged else LINE))
            painter.drawEllipse(at, 3.5, 3.5)
        latest = pupil.latest
        if last is not None and latest is not None and latest.rate.attendance is not None:
            painter.setPen(QPen(FLAGGED if latest.rate.level else LINE))
            painter.drawText(QPointF(last.x() + 7, last.y() + 4), f"{latest.rate.attendance:.1f}%")

    def _dates(self, painter: QPainter, x_of, start: dt.date, end: dt.date, y: float) -> None:
        painter.setPen(QPen(QColor("black")))
        ticks = 6
        for k in range(ticks + 1):
            day = start + dt.timedelta(days=round((end - start).days * k / ticks))
            label = f"{day:%d/%m/%y}"
            w = painter.fontMetrics().horizontalAdvance(label)
            painter.drawText(QPointF(x_of(day) - w / 2, y + 14), label)
