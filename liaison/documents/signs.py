"""Faces and signs above answer boxes, drawn with QPainter as lines and shapes.

Drawn, not typed: an emoji font may be missing on a school PC, prints in colour or not at all,
and a reader who reads little needs the same face on every copy. Outlines only (black on
white), so a photocopy or a scan keeps them.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen

INK = QColor(0, 0, 0)
# Mouth curvature for each face: + smiles, - frowns (share of the face's height).
_MOUTHS = {"very_happy": 0.2, "happy": 0.11, "neutral": 0.0, "sad": -0.09, "very_sad": -0.13}


def draw_sign(painter: QPainter, kind: str, rect: QRectF) -> None:
    """Draw a face (very_happy ... very_sad) or a sign (tick, cross, question, helped)."""
    side = min(rect.width(), rect.height())
    square = QRectF(
        rect.center().x() - side / 2, rect.center().y() - side / 2, side, side
    ).adjusted(side * 0.04, side * 0.04, -side * 0.04, -side * 0.04)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(INK, max(side * 0.07, 1.0))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    if kind in _MOUTHS:
        _face(painter, kind, square)
    elif kind == "tick":
        _tick(painter, square)
    elif kind == "cross":
        _cross(painter, square)
    elif kind == "question":
        _question(painter, square)
    elif kind == "helped":
        _helped(painter, square)
    painter.restore()


def _at(r: QRectF, fx: float, fy: float) -> QPointF:
    return QPointF(r.left() + r.width() * fx, r.top() + r.height() * fy)


def _face(painter: QPainter, kind: str, r: QRectF) -> None:
    painter.drawEllipse(r)
    eye = r.width() * 0.075
    painter.setBrush(QBrush(INK))
    for fx in (0.34, 0.66):
        painter.drawEllipse(_at(r, fx, 0.38), eye, eye)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    bend = _MOUTHS[kind] * r.height()
    left, right = _at(r, 0.28, 0.66), _at(r, 0.72, 0.66)
    if bend < 0:  # a frown sits a little lower so the face stays balanced
        left, right = _at(r, 0.32, 0.78), _at(r, 0.68, 0.78)
    mouth = QPainterPath(left)
    middle = QPointF((left.x() + right.x()) / 2, left.y() + 2 * bend)
    mouth.quadTo(middle, right)
    if kind == "very_happy":
        mouth.closeSubpath()  # an open, laughing mouth
    painter.drawPath(mouth)
    if kind == "very_sad":  # a tear under one eye
        tear = QPainterPath(_at(r, 0.8, 0.44))
        tear.cubicTo(_at(r, 0.74, 0.54), _at(r, 0.75, 0.6), _at(r, 0.8, 0.6))
        tear.cubicTo(_at(r, 0.85, 0.6), _at(r, 0.86, 0.54), _at(r, 0.8, 0.44))
        painter.setBrush(QBrush(INK))
        painter.drawPath(tear)


def _tick(painter: QPainter, r: QRectF) -> None:
    path = QPainterPath(_at(r, 0.12, 0.55))
    path.lineTo(_at(r, 0.4, 0.82))
    path.lineTo(_at(r, 0.9, 0.18))
    painter.drawPath(path)


def _cross(painter: QPainter, r: QRectF) -> None:
    painter.drawLine(_at(r, 0.2, 0.2), _at(r, 0.8, 0.8))
    painter.drawLine(_at(r, 0.8, 0.2), _at(r, 0.2, 0.8))


def _question(painter: QPainter, r: QRectF) -> None:
    path = QPainterPath(_at(r, 0.3, 0.32))
    path.cubicTo(_at(r, 0.3, 0.05), _at(r, 0.74, 0.05), _at(r, 0.72, 0.32))
    path.cubicTo(_at(r, 0.7, 0.5), _at(r, 0.5, 0.48), _at(r, 0.5, 0.66))
    painter.drawPath(path)
    dot = r.width() * 0.06
    painter.setBrush(QBrush(INK))
    painter.drawEllipse(_at(r, 0.5, 0.86), dot, dot)


def _helped(painter: QPainter, r: QRectF) -> None:
    """A smaller tick with a person beside it: yes, with someone's help."""
    _tick(painter, QRectF(r.left(), r.top() + r.height() * 0.2, r.width() * 0.6, r.height() * 0.6))
    head = r.width() * 0.09
    painter.drawEllipse(_at(r, 0.8, 0.38), head, head)
    shoulders = QPainterPath(_at(r, 0.64, 0.86))
    shoulders.quadTo(_at(r, 0.8, 0.44), _at(r, 0.96, 0.86))
    painter.drawPath(shoulders)
