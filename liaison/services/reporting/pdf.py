"""The termly report as a PDF for leadership: headline figures, charts, short tables.

reportlab draws it (charts and tables are what it does well; the text is English only, so the
right-to-left limits noted in shared/notes/stack-facts.md do not arise). Noto Sans from the
pinned font package is embedded as a TrueType subset. The package ships it as a variable font,
which reportlab draws at its default (regular) weight, so headings and big numbers are made
heavier by stroking the outline as well as filling it (PDF text render mode 2); the text layer
keeps each letter once. Everything is black, white and greys, with labels on every bar, so a
black-and-white copy reads the same. The PDF is built in memory and written once, atomically.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as PdfTable

from liaison.documents.font_names import packaged_font
from liaison.errors import LiaisonError
from liaison.services.reporting import model as rp
from liaison.store.atomic import write_atomic

FONT = "LiaisonSans"
PAGE_W, PAGE_H = A4
MARGIN = 18 * mm
WIDTH = PAGE_W - 2 * MARGIN
INK = colors.black
DARK = colors.Color(0.22, 0.22, 0.22)
MID = colors.Color(0.45, 0.45, 0.45)
LIGHT = colors.Color(0.82, 0.82, 0.82)
PALE = colors.Color(0.94, 0.94, 0.94)
TITLE = "Family liaison: termly summary"


@cache
def register_font() -> str:
    path = packaged_font("NotoSans[wght].ttf")
    if path is None:
        raise LiaisonError(
            "The Noto Sans font is missing (package manimgx-fonts); reinstall Liaison."
        )
    pdfmetrics.registerFont(TTFont(FONT, str(path)))
    return FONT


def _width(text: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, FONT, size)


def _fit(text: str, size: float, width: float) -> str:
    """Shorten a label to fit a width, with an ellipsis."""
    if _width(text, size) <= width:
        return text
    while text and _width(text + "…", size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _wrap(text: str, size: float, width: float, lines: int = 2) -> list[str]:
    out: list[str] = []
    for word in text.split():
        if out and _width(out[-1] + " " + word, size) <= width:
            out[-1] += " " + word
        else:
            out.append(word)
    if len(out) > lines:
        out = [*out[: lines - 1], " ".join(out[lines - 1 :])]
    return [_fit(line, size, width) for line in out]


def _heavy(canvas: Canvas, x: float, y: float, text: str, size: float, align: str = "left") -> None:
    """Text drawn heavier (fill and stroke) in the one embedded face."""
    canvas.saveState()
    canvas.setFont(FONT, size)
    canvas.setFillColor(INK)
    canvas.setStrokeColor(INK)
    canvas.setLineWidth(size * 0.035)
    draw = {
        "left": canvas.drawString,
        "right": canvas.drawRightString,
        "centre": canvas.drawCentredString,
    }[align]
    draw(x, y, text, mode=2)
    canvas.restoreState()


class Heading(Flowable):
    def __init__(self, text: str, size: float = 15, rule: bool = True) -> None:
        super().__init__()
        self.text, self.size, self.rule = text, size, rule

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.size * 1.6

    def draw(self) -> None:
        _heavy(self.canv, 0, self.size * 0.45, self.text, self.size)
        if self.rule:
            self.canv.setLineWidth(1.2)
            self.canv.line(0, 0, self.width, 0)


class Headlines(Flowable):
    """Headline figures as tiles: the number large, what it is, and the change."""

    COLUMNS = 4
    TILE_H = 80

    def __init__(self, report: rp.Report, suppress: bool) -> None:
        super().__init__()
        self.report, self.suppress = report, suppress

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        rows = -(-len(self.report.headlines) // self.COLUMNS)
        self.height = rows * (self.TILE_H + 8)
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        gap = 8
        tile_w = (self.width - gap * (self.COLUMNS - 1)) / self.COLUMNS
        previous = self.report.previous.name if self.report.previous else None
        for i, row in enumerate(self.report.headlines):
            col, line = i % self.COLUMNS, i // self.COLUMNS
            x = col * (tile_w + gap)
            y = self.height - (line + 1) * (self.TILE_H + gap) + gap
            c.setFillColor(PALE)
            c.setStrokeColor(MID)
            c.setLineWidth(0.6)
            c.rect(x, y, tile_w, self.TILE_H, fill=1, stroke=1)
            value = rp.shown(row, "current", self.suppress)
            size = 24 if _width(value, 24) < tile_w - 16 else 15
            _heavy(c, x + 8, y + self.TILE_H - 28, value, size)
            c.setFillColor(INK)
            c.setFont(FONT, 8.5)
            lines = _wrap(row.label, 8.5, tile_w - 16)
            for k, text in enumerate(lines):
                c.drawString(x + 8, y + 22 + 10 * (len(lines) - 1 - k), text)
            c.setFont(FONT, 7.5)
            c.setFillColor(DARK)
            if previous is not None:
                delta = rp.change(row, self.suppress)
                text = (
                    f"{delta} on {previous}"
                    if delta not in (rp.NONE, "no change")
                    else (f"same as {previous}" if delta == "no change" else f"{previous}: ")
                )
                if delta == rp.NONE:
                    text += rp.shown(row, "previous", self.suppress)
                c.drawString(x + 8, y + 9, _fit(text, 7.5, tile_w - 16))


def _legend(d: Drawing, x: float, y: float, items: Sequence[tuple[str, Any]]) -> None:
    for name, fill in items:
        d.add(Rect(x, y - 1, 9, 9, fillColor=fill, strokeColor=INK, strokeWidth=0.5))
        d.add(String(x + 13, y, name, fontName=FONT, fontSize=8))
        x += 22 + _width(name, 8) + 10


def bar_chart(
    rows: Sequence[rp.Row],
    this_name: str,
    previous_name: str | None,
    suppress: bool,
    width: float = WIDTH,
) -> Drawing:
    """Horizontal bars, this period (dark) over the previous (light, outlined), labelled."""
    label_w = min(150.0, max(_width(r.label, 8) for r in rows) + 10)
    value_w = 62.0
    bar_w = width - label_w - value_w
    band = 19 if previous_name else 12
    top = 18
    height = top + band * len(rows) + 4
    d = Drawing(width, height)
    series = [("current", this_name, DARK)]
    if previous_name:
        series.append(("previous", previous_name, LIGHT))
    _legend(d, label_w, height - 10, [(name, fill) for _, name, fill in series])
    values = [
        v
        for r in rows
        for which, _, _ in series
        if not rp.hidden(r, which, suppress)
        and (v := (r.current if which == "current" else r.previous))
    ]
    scale = bar_w / max(values) if values else 0
    d.add(Line(label_w, 0, label_w, height - top, strokeColor=INK, strokeWidth=0.6))
    for i, row in enumerate(rows):
        y0 = height - top - (i + 1) * band
        d.add(
            String(
                label_w - 5,
                y0 + band / 2 - 3,
                _fit(row.label, 8, label_w - 6),
                fontName=FONT,
                fontSize=8,
                textAnchor="end",
            )
        )
        bar_h = 6.5
        for j, (which, _, fill) in enumerate(series):
            y = y0 + band - 4 - (j + 1) * (bar_h + 1)
            value = row.current if which == "current" else row.previous
            text = rp.shown(row, which, suppress)
            length = 0.0
            if value and not rp.hidden(row, which, suppress):
                length = max(value * scale, 1.0)
                d.add(
                    Rect(
                        label_w, y, length, bar_h, fillColor=fill, strokeColor=INK, strokeWidth=0.5
                    )
                )
            d.add(String(label_w + length + 3, y + 1, text, fontName=FONT, fontSize=7))
    return d


def trend_chart(report: rp.Report, suppress: bool, width: float = WIDTH) -> Drawing:
    """Families supported and contacts held, term by term: grouped columns with values."""
    points = report.trend
    height = 150.0
    d = Drawing(width, height)
    _legend(d, 0, height - 10, [("Families supported", DARK), ("Contacts held", LIGHT)])
    base, top = 22.0, height - 30
    values = [v for p in points for v in (p.families_supported, p.contacts)]
    scale = (top - base - 12) / max(values) if values and max(values) else 0
    d.add(Line(0, base, width, base, strokeColor=INK, strokeWidth=0.6))
    slot = width / max(len(points), 1)
    bar_w = min(34.0, slot / 3)
    for i, p in enumerate(points):
        centre = slot * (i + 0.5)
        for j, (value, fill) in enumerate(((p.families_supported, DARK), (p.contacts, LIGHT))):
            x = centre - bar_w + j * bar_w
            small = suppress and rp.is_small(value)
            h = 0 if small else value * scale
            if h:
                d.add(Rect(x, base, bar_w, h, fillColor=fill, strokeColor=INK, strokeWidth=0.5))
            label = "<5" if small else f"{value:,}"
            d.add(
                String(
                    x + bar_w / 2,
                    base + h + 3,
                    label,
                    fontName=FONT,
                    fontSize=7.5,
                    textAnchor="middle",
                )
            )
        d.add(
            String(
                centre,
                base - 13,
                p.term,
                fontName=FONT,
                fontSize=8,
                textAnchor="middle",
                fillColor=INK,
            )
        )
    return d


def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=12.5, textColor=INK)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=7.5, leading=10, textColor=DARK),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10.5),
        "sub": ParagraphStyle("sub", parent=body, fontSize=11, leading=15),
    }


def _table(t: rp.Table, report: rp.Report, suppress: bool, st: dict[str, ParagraphStyle]) -> Any:
    this = report.period.name if report.period.is_term else "This period"
    before = (
        (report.previous.name if report.previous.is_term else "Previous period")
        if report.previous
        else "Previous"
    )
    # The title wraps in its column (a questionnaire's question can be long).
    data: list[list[Any]] = [[Paragraph(t.title, st["cell"]), this, before, "Change"]]
    for row in t.rows:
        data.append(
            [
                Paragraph(row.label, st["cell"]),
                rp.shown(row, "current", suppress),
                rp.shown(row, "previous", suppress),
                rp.change(row, suppress),
            ]
        )
    figure_w = 82.0
    table = PdfTable(
        data,
        colWidths=[WIDTH - 3 * figure_w, figure_w, figure_w, figure_w],
        repeatRows=1,
        hAlign="LEFT",
    )
    style = [
        ("FONT", (0, 0), (-1, -1), FONT, 8.5),
        ("FONT", (0, 0), (-1, 0), FONT, 8.5),
        ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
        ("LINEBELOW", (0, -1), (-1, -1), 0.8, INK),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    for r in range(2, len(data), 2):
        style.append(("BACKGROUND", (0, r), (-1, r), PALE))
    table.setStyle(TableStyle(style))
    return table


def _logo(png: bytes | None, height: float) -> tuple[ImageReader, float] | None:
    if not png:
        return None
    try:
        image = ImageReader(io.BytesIO(png))
        w, h = image.getSize()
    except Exception:  # a logo that will not decode must not stop the report
        return None
    return image, height * w / h if h else height


class _Pages:
    """Header and footer on every page; the first page carries the title block."""

    def __init__(self, report: rp.Report, suppress: bool) -> None:
        self.report, self.suppress = report, suppress
        self.logo = _logo(report.logo_png, 46)

    def first(self, canvas: Canvas, doc: Any) -> None:
        r = self.report
        top = PAGE_H - MARGIN
        x = MARGIN
        if self.logo is not None:
            image, w = self.logo
            w = min(w, 120)
            canvas.drawImage(image, x, top - 46, width=w, height=46, preserveAspectRatio=True)
            x += w + 12
        room = PAGE_W - MARGIN - _width(r.period.name, 16) - 16 - x
        _heavy(canvas, x, top - 16, _fit(r.school_name, 16, room), 16)
        canvas.setFont(FONT, 12)
        canvas.drawString(x, top - 34, TITLE)
        _heavy(canvas, PAGE_W - MARGIN, top - 16, r.period.name, 16, align="right")
        canvas.setFont(FONT, 9)
        dates = r.period.dates if r.period.is_term else ""
        if r.to_date:
            dates = (dates + "; " if dates else "") + f"figures to {r.made_on:%d/%m/%Y}"
        canvas.drawRightString(PAGE_W - MARGIN, top - 32, dates)
        compare = f"compared with {r.previous.name}" if r.previous else "no earlier term to compare"
        if r.previous and r.previous.is_term:
            compare += f" ({r.previous.dates})"
        canvas.drawRightString(PAGE_W - MARGIN, top - 44, compare)
        canvas.setLineWidth(1.5)
        canvas.line(MARGIN, top - 54, PAGE_W - MARGIN, top - 54)
        self.footer(canvas, doc)

    def later(self, canvas: Canvas, doc: Any) -> None:
        r = self.report
        top = PAGE_H - MARGIN
        canvas.setFont(FONT, 8.5)
        canvas.setFillColor(DARK)
        canvas.drawString(MARGIN, top - 8, f"{r.school_name} · {TITLE}")
        canvas.drawRightString(PAGE_W - MARGIN, top - 8, r.period.name)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN, top - 13, PAGE_W - MARGIN, top - 13)
        self.footer(canvas, doc)

    def footer(self, canvas: Canvas, doc: Any) -> None:
        r = self.report
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(DARK)
        rule = " Counts from 1 to 4 shown as “fewer than 5”." if self.suppress else ""
        canvas.drawString(
            MARGIN,
            MARGIN - 18,
            f"Made {r.made_on:%d/%m/%Y} by Liaison. Aggregate figures only: no names or "
            f"notes.{rule}",
        )
        canvas.drawRightString(PAGE_W - MARGIN, MARGIN - 18, f"Page {doc.page}")
        canvas.restoreState()


def render_bytes(report: rp.Report, *, suppress: bool = True) -> bytes:
    register_font()
    st = _styles()
    buffer = io.BytesIO()
    pages = _Pages(report, suppress)
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=f"{TITLE}: {report.period.name}",
        author=report.school_name,
        subject="Aggregate figures for school leadership",
        creator="Liaison",
    )
    first = Frame(MARGIN, MARGIN, WIDTH, PAGE_H - 2 * MARGIN - 62, id="first")
    later = Frame(MARGIN, MARGIN, WIDTH, PAGE_H - 2 * MARGIN - 20, id="later")
    doc.addPageTemplates(
        [
            PageTemplate("first", [first], onPage=pages.first, autoNextPageTemplate="later"),
            PageTemplate("later", [later], onPage=pages.later),
        ]
    )
    story: list[Any] = [Heading("Headline figures", 13), Spacer(1, 4)]
    story.append(Headlines(report, suppress))
    story.append(Spacer(1, 10))
    if len(report.trend) > 1:
        story.append(
            KeepTogether(
                [
                    Heading("Families supported and contacts, term by term", 11, rule=False),
                    trend_chart(report, suppress),
                ]
            )
        )
        story.append(Spacer(1, 8))
    notes = [
        "Families supported: families with a meeting or contact held, an interpreter booking "
        "that took place, a referral, an event attended or a Friendly Faces match.",
        "Contacts: meetings, calls, texts and visits that took place.",
    ]
    if suppress:
        notes.append(rp.SMALL_NOTE)
    for note in notes:
        story.append(Paragraph(note, st["small"]))
    for section in report.sections:
        story.append(CondPageBreak(120))
        story.append(Spacer(1, 10))
        for index, t in enumerate(section.tables):
            parts: list[Any] = []
            if index == 0:
                parts += [Heading(section.title), Spacer(1, 4)]
            if t.chart and rp.worth_a_chart(t.rows, suppress):
                parts.append(
                    bar_chart(
                        t.rows,
                        report.period.name,
                        report.previous.name if report.previous else None,
                        suppress,
                    )
                )
                parts.append(Spacer(1, 4))
            if t.rows:
                parts.append(_table(t, report, suppress, st))
            else:
                parts.append(Paragraph(f"{t.title}: none recorded in either period.", st["body"]))
            if t.note:
                parts.append(Paragraph(t.note, st["small"]))
            parts.append(Spacer(1, 9))
            story.append(KeepTogether(parts))
    doc.build(story)
    return buffer.getvalue()


def write_pdf(report: rp.Report, out: Path, *, suppress: bool = True) -> int:
    """Write the PDF (atomically); return its size in bytes."""
    data = render_bytes(report, suppress=suppress)
    write_atomic(Path(out), data)
    return len(data)
