"""Draw Liaison's icon (two speech bubbles, two languages) and write the files the app and the
package use: resources/icons/liaison.png for the window and taskbar, liaison.ico (16 to 256
pixels) for the Windows executables, liaison.icns for macOS.

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_icon.py

Drawn here rather than taken from anywhere, so the project owns it; run again after a change.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen

OUT = Path(__file__).resolve().parents[1] / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)
TEAL, WHITE, AMBER, INK = QColor("#17636b"), QColor("#ffffff"), QColor("#f2b233"), QColor("#17636b")


def _bubble(x: float, y: float, w: float, h: float, tail_left: bool) -> QPainterPath:
    path = QPainterPath()
    path.addRoundedRect(QRectF(x, y, w, h), h * 0.28, h * 0.28)
    tail = QPainterPath()
    if tail_left:
        tail.moveTo(x + w * 0.18, y + h * 0.8)
        tail.lineTo(x + w * 0.08, y + h * 1.28)
        tail.lineTo(x + w * 0.42, y + h * 0.9)
    else:
        tail.moveTo(x + w * 0.82, y + h * 0.8)
        tail.lineTo(x + w * 0.92, y + h * 1.28)
        tail.lineTo(x + w * 0.58, y + h * 0.9)
    tail.closeSubpath()
    return path.united(tail)


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.scale(size / 256, size / 256)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(TEAL)
    p.drawRoundedRect(QRectF(8, 8, 240, 240), 52, 52)
    p.setBrush(WHITE)
    p.drawPath(_bubble(30, 40, 150, 96, tail_left=True))
    p.setBrush(AMBER)
    p.setPen(QPen(TEAL, 8))
    p.drawPath(_bubble(86, 118, 140, 90, tail_left=False))
    # Lines of "text" in each bubble: left-to-right in one, right-to-left in the other.
    p.setPen(QPen(INK, 12, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    for i, length in enumerate((96, 70)):
        y = 72 + i * 30
        p.drawLine(QPointF(56, y), QPointF(56 + length, y))
    p.setPen(QPen(WHITE, 12, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    for i, length in enumerate((88, 58)):
        y = 148 + i * 30
        p.drawLine(QPointF(200 - length, y), QPointF(200, y))
    p.setBrush(QBrush())
    p.end()
    return image


def _png(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico(images: list[QImage]) -> bytes:
    """An .ico holding each image as PNG (Windows Vista onwards reads them)."""
    pngs = [_png(im) for im in images]
    head = struct.pack("<HHH", 0, 1, len(pngs))
    offset = 6 + 16 * len(pngs)
    entries, body = b"", b""
    for image, png in zip(images, pngs, strict=True):
        side = image.width() if image.width() < 256 else 0  # 0 means 256
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        offset += len(png)
        body += png
    return head + entries + body


def main() -> int:
    QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    OUT.mkdir(parents=True, exist_ok=True)
    images = [draw(size) for size in SIZES]
    (OUT / "liaison.png").write_bytes(_png(images[-1]))
    (OUT / "liaison.ico").write_bytes(ico(images))
    images[-1].save(str(OUT / "liaison.icns"), "ICNS")
    for name in ("liaison.png", "liaison.ico", "liaison.icns"):
        print(OUT / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
