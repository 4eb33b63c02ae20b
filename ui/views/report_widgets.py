"""The pieces of the Reports screen: one section's figures as a table model, labelled bars for
two series, and a headline tile. Small-number rules are applied through `rp.shown`/`rp.hidden`
when each is drawn, so ticking the rule on or off redraws without computing again."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from liaison.services import reporting as rp

Index = QModelIndex | QPersistentModelIndex
DARK, LIGHT = QColor(56, 56, 56), QColor(209, 209, 209)


class FiguresModel(QAbstractTableModel):
    """One section's tables as rows: each table's title, then its figures."""

    HEADERS = ("Measure", "This period", "Previous", "Change")

    def __init__(self) -> None:
        super().__init__()
        self.items: list[tuple[str, rp.Row | None]] = []
        self.suppress = True
        self.headers = list(self.HEADERS)

    def set_section(
        self, section: rp.Section | None, report: rp.Report | None, suppress: bool
    ) -> None:
        self.beginResetModel()
        self.suppress = suppress
        self.items = []
        self.headers = list(self.HEADERS)
        if section is not None and report is not None:
            self.headers[1] = report.period.name
            if report.previous is not None:
                self.headers[2] = report.previous.name
            for table in section.tables:  # its title, its figures, then what they mean
                self.items.append((table.title, None))
                self.items += [(row.label, row) for row in table.rows]
                self.items += [(table.note, None)] if table.note else []
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def text(self, row: int, column: int) -> str:
        label, figure = self.items[row]
        if column == 0:
            return label
        if figure is None:
            return ""
        if column == 1:
            return rp.shown(figure, "current", self.suppress)
        if column == 2:
            return rp.shown(figure, "previous", self.suppress)
        return rp.change(figure, self.suppress)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        title = self.items[index.row()][1] is None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.text(index.row(), index.column())
        if role == Qt.ItemDataRole.FontRole and title:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and title:
            return QBrush(QColor(230, 230, 230))
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class BarsWidget(QWidget):
    """Horizontal bars for two series (dark, and light outlined), each labelled with its value;
    a value hidden by the small-number rule gets its label and no bar."""

    def __init__(self, accessible: str) -> None:
        super().__init__()
        self.setAccessibleName(accessible)
        self.title = ""
        self.rows: list[rp.Row] = []
        self.series: tuple[str, str | None] = ("", None)
        self.suppress = True
        self.setMinimumWidth(320)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_rows(
        self,
        title: str,
        rows: list[rp.Row],
        first: str,
        second: str | None,
        suppress: bool,
    ) -> None:
        self.title, self.rows, self.series, self.suppress = title, rows, (first, second), suppress
        self.setAccessibleDescription(
            f"{title}: " + "; ".join(f"{r.label} {rp.shown(r, 'current', suppress)}" for r in rows)
        )
        self.setMinimumHeight(self._height())
        self.updateGeometry()
        self.update()

    def _band(self) -> int:
        return 30 if self.series[1] else 20

    def _height(self) -> int:
        return 56 + self._band() * len(self.rows)

    def sizeHint(self):
        size = super().sizeHint()
        size.setHeight(self._height())
        return size

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        metrics = painter.fontMetrics()
        width = self.width()
        title_font = QFont(painter.font())
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(QPen(QColor("black")))
        painter.drawText(8, 18, self.title)
        painter.setFont(QFont(self.font()))
        x = 8
        for name, fill in ((self.series[0], DARK), (self.series[1], LIGHT)):
            if not name:
                continue
            painter.setBrush(fill)
            painter.drawRect(x, 28, 11, 11)
            painter.drawText(x + 16, 38, name)
            x += 30 + metrics.horizontalAdvance(name)
        if not self.rows:
            return
        label_w = min(190, max(metrics.horizontalAdvance(r.label) for r in self.rows) + 14)
        value_w = 90
        bar_space = max(width - label_w - value_w - 8, 10)
        which = [("current", DARK)] + ([("previous", LIGHT)] if self.series[1] else [])
        values = [
            v
            for r in self.rows
            for key, _ in which
            if not rp.hidden(r, key, self.suppress)
            and (v := (r.current if key == "current" else r.previous))
        ]
        scale = bar_space / max(values) if values else 0
        band, top = self._band(), 50
        painter.drawLine(label_w, top, label_w, top + band * len(self.rows))
        bar_h = 10
        for i, row in enumerate(self.rows):
            y0 = top + i * band
            label = metrics.elidedText(row.label, Qt.TextElideMode.ElideRight, label_w - 12)
            painter.drawText(
                QRectF(0, y0, label_w - 6, band),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                label,
            )
            for j, (key, fill) in enumerate(which):
                y = y0 + (band - len(which) * (bar_h + 2)) / 2 + j * (bar_h + 2)
                value = row.current if key == "current" else row.previous
                length = 0.0
                if value and not rp.hidden(row, key, self.suppress):
                    length = max(value * scale, 1.0)
                    painter.setBrush(fill)
                    painter.drawRect(QRectF(label_w, y, length, bar_h))
                painter.drawText(
                    QRectF(label_w + length + 4, y - 3, value_w, bar_h + 6),
                    int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                    rp.shown(row, key, self.suppress),
                )
        painter.end()


class Tile(QFrame):
    """One headline figure: the number, what it is, and the change on the previous period."""

    def __init__(self) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("Tile { background: #f0f0f0; border: 1px solid #888; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        self.value = QLabel()
        self.value.setStyleSheet("font-size: 20pt; font-weight: 600;")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.delta = QLabel()
        self.delta.setStyleSheet("color: #333; font-size: 8.5pt;")
        for w in (self.value, self.label, self.delta):
            layout.addWidget(w)

    def show_row(self, row: rp.Row, previous: str | None, suppress: bool) -> None:
        value = rp.shown(row, "current", suppress)
        self.value.setText(value)
        self.label.setText(row.label)
        delta = rp.change(row, suppress)
        if previous is None:
            text = ""
        elif delta == rp.NONE:
            text = f"{previous}: {rp.shown(row, 'previous', suppress)}"
        elif delta == "no change":
            text = f"same as {previous}"
        else:
            text = f"{delta} on {previous}"
        self.delta.setText(text)
        self.setAccessibleName(f"{row.label}: {value}. {text}".strip(". "))
