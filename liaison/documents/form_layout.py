"""Where everything goes on a questionnaire page: plain arithmetic, no Qt.

The geometry depends only on the questionnaire's shape (each question's kind and number of
answers), never on the language or the child's name: the same box is at the same place on the
Arabic, Bengali and English copies, so a reply can be read by position in any script, and
reading a scanned page back (issue 22) needs only the recorded rectangles. Texts are fitted
into their places when drawn (form_pdf.py shrinks a long one a little, or refuses).

Units are PDF points (1/72 inch) from the page's top-left corner.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

PAGE_W, PAGE_H = 595.28, 841.89  # A4
MARGIN = 40.0
BODY_W = PAGE_W - 2 * MARGIN
BODY_TOP, BODY_BOTTOM = 148.0, PAGE_H - 52.0
GRID_COLUMNS = 5  # every tick-one answer row sits on the same five columns
COLUMN_W = BODY_W / GRID_COLUMNS
# Which grid columns a row of n answers uses: far apart, always the same for the same n.
_COLUMNS = {2: (1, 3), 3: (0, 2, 4), 4: (0, 1, 3, 4), 5: (0, 1, 2, 3, 4)}
MARK, MARK_INSET = 12.0, 18.0
QR_SIZE = 64.0
BOX = 15.0
SIGN = 20.0
NUMBER_W = 18.0
# Heights of the parts of a question (text in two languages, then its answers).
TEXT_H, TEXT_EN_H = 32.0, 22.5  # two lines each (10.5pt; 7.5pt grey), at 1.5 spacing
LABEL_H, LABEL_EN_H = 23.0, 10.0
GRID_ROW_H = SIGN + 2 + BOX + 2 + LABEL_H + LABEL_EN_H
CHOICE_ROW_H = 38.0
WRITE_H = 34.0
GAP = 7.0
INTRO_H, INTRO_EN_H = 43.0, 24.0
THANKS_H, THANKS_EN_H = 27.0, 24.0


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float

    def as_list(self) -> list[float]:
        return [round(self.x, 2), round(self.y, 2), round(self.w, 2), round(self.h, 2)]


@dataclass(frozen=True)
class Text:
    """Words to draw in a rectangle (top-aligned), fitted by shrinking a little if long."""

    text: str
    rect: Rect
    size: float
    direction: str = "ltr"
    align: str = "start"  # start | centre | end (of the text's own direction)
    grey: bool = False
    role: str = ""  # what it is, for a message if it cannot fit
    # The English beside it (below, smaller and grey, left to right), in the same rectangle:
    # it follows the home language's last line however many lines that takes.
    english: str = ""
    english_size: float = 0.0
    english_align: str = "start"


@dataclass(frozen=True)
class Box:
    """A box to tick (or, for a written answer, to write in)."""

    question: str
    option: str  # the option key; "" for the writing box
    rect: Rect
    kind: str = "tick"  # tick | write


@dataclass(frozen=True)
class Sign:
    kind: str  # a face (very_happy ... very_sad) or a sign (tick, cross, question, helped)
    rect: Rect


@dataclass(frozen=True)
class FormPage:
    """One page: drawn by form_pdf, and its geometry recorded for reading scans back."""

    texts: tuple[Text, ...]
    boxes: tuple[Box, ...] = ()
    signs: tuple[Sign, ...] = ()
    rules: tuple[Rect, ...] = ()  # thin lines (height 0)
    reference: str = ""  # its own short reference, printed under its QR code
    qr: Rect | None = None
    marks: tuple[Rect, ...] = ()  # solid corner squares, to square up a scan
    questions: tuple[str, ...] = ()  # question keys on this page, in order
    title: str = ""  # for messages ("Settling in, Omar, page 2")

    def geometry(self) -> dict[str, Any]:
        """Page size and every box's rectangle (points from the top-left), for issue 22."""
        return {
            "unit": "pt",
            "origin": "top-left",
            "size": [PAGE_W, PAGE_H],
            "qr": self.qr.as_list() if self.qr else None,
            "marks": [m.as_list() for m in self.marks],
            "questions": list(self.questions),
            "boxes": [
                {
                    "question": b.question,
                    "option": b.option,
                    "kind": b.kind,
                    "rect": b.rect.as_list(),
                }
                for b in self.boxes
            ],
        }

    def all_text(self) -> str:
        return "\n".join(t.text for t in self.texts)


@dataclass(frozen=True)
class Option:
    key: str
    label: str  # in the home language
    label_en: str = ""  # English beside it ("" on an English questionnaire)
    sign: str = ""


@dataclass(frozen=True)
class FormQuestion:
    key: str
    kind: str  # one | any | text
    text: str
    text_en: str = ""
    hint: str = ""  # "Tick one box." in the home language
    hint_en: str = ""
    options: tuple[Option, ...] = ()
    grid: bool = False  # the answer type's own answers, on the five-column grid


@dataclass(frozen=True)
class FormContent:
    """Everything printed on one questionnaire, in its language and in English."""

    language: str
    direction: str
    school_name: str
    tag: str
    title: str
    title_en: str
    intro: str
    intro_en: str
    thanks: str
    thanks_en: str
    page_word: str  # "Page {page} of {pages}" in the home language
    page_word_en: str
    write_here: str
    write_here_en: str
    footer: str
    questions: tuple[FormQuestion, ...] = field(default_factory=tuple)


Shape = tuple[str, int, bool]  # (kind, number of answers, on the grid)


def shape_of(q: FormQuestion) -> Shape:
    return (q.kind, len(q.options), q.grid)


def question_height(shape: Shape) -> float:
    kind, count, grid = shape
    text = TEXT_H + 1 + TEXT_EN_H + 3
    if kind == "text":
        return text + WRITE_H + GAP
    if grid:
        return text + GRID_ROW_H + GAP
    return text + CHOICE_ROW_H * ((count + 1) // 2) + GAP


def page_plan(shapes: Sequence[Shape]) -> list[list[int]]:
    """Which questions go on which page: in order, never split, the introduction on the first
    page and the thanks on the last. Depends on the shapes only."""
    intro = INTRO_H + 2 + INTRO_EN_H + GAP
    thanks = THANKS_H + THANKS_EN_H + 4
    pages: list[list[int]] = [[]]
    used = intro
    for index, shape in enumerate(shapes):
        need = question_height(shape)
        if pages[-1] and used + need > BODY_BOTTOM - BODY_TOP:
            pages.append([])
            used = 0.0
        pages[-1].append(index)
        used += need
    if used + thanks > BODY_BOTTOM - BODY_TOP:
        pages.append([])
    return pages


def lay_out(content: FormContent, references: Sequence[str]) -> list[FormPage]:
    """The pages of one questionnaire; `references` has one reference per page (page_plan)."""
    plan = page_plan([shape_of(q) for q in content.questions])
    if len(references) != len(plan):
        raise ValueError(f"{len(plan)} pages need {len(plan)} references, not {len(references)}")
    pages = []
    for number, (indexes, reference) in enumerate(zip(plan, references, strict=True), start=1):
        pages.append(_page(content, indexes, reference, number, len(plan)))
    return pages


def _page(
    content: FormContent, indexes: list[int], reference: str, number: int, count: int
) -> FormPage:
    d = content.direction
    texts = _header(content, number, count, reference)
    boxes: list[Box] = []
    signs: list[Sign] = []
    y = BODY_TOP
    if number == 1:
        height = INTRO_H + 2 + INTRO_EN_H
        texts.append(
            _t(
                content.intro,
                MARGIN,
                y,
                BODY_W,
                height,
                9.5,
                d,
                role="introduction",
                english=content.intro_en,
                english_size=8,
            )
        )
        y += height + GAP
    rules = [Rect(MARGIN, y - GAP / 2, BODY_W, 0)]
    for index in indexes:
        question = content.questions[index]
        y = _question(content, question, index + 1, y, texts, boxes, signs)
        rules.append(Rect(MARGIN, y - GAP / 2, BODY_W, 0))
    if number == count:
        texts.append(
            _t(
                content.thanks,
                MARGIN,
                y,
                BODY_W,
                THANKS_H + THANKS_EN_H,
                9,
                d,
                role="thanks",
                english=content.thanks_en,
                english_size=8,
            )
        )
    texts.append(
        Text(content.footer, Rect(MARGIN, PAGE_H - 46, BODY_W, 20), 6.5, grey=True, role="footer")
    )
    return FormPage(
        texts=tuple(texts),
        boxes=tuple(boxes),
        signs=tuple(signs),
        rules=tuple(rules),
        reference=reference,
        qr=Rect(PAGE_W - MARGIN - QR_SIZE, 34, QR_SIZE, QR_SIZE),
        marks=corner_marks(),
        questions=tuple(content.questions[i].key for i in indexes),
        title=f"{content.title_en or content.title}, page {number}",
    )


def corner_marks() -> tuple[Rect, ...]:
    far_x, far_y = PAGE_W - MARK_INSET - MARK, PAGE_H - MARK_INSET - MARK
    return tuple(
        Rect(x, y, MARK, MARK)
        for x, y in (
            (MARK_INSET, MARK_INSET),
            (far_x, MARK_INSET),
            (MARK_INSET, far_y),
            (far_x, far_y),
        )
    )


def _t(
    text: str,
    x: float,
    y: float,
    w: float,
    h: float,
    size: float,
    direction: str,
    *,
    grey: bool = False,
    role: str = "",
    align: str = "start",
    english: str = "",
    english_size: float = 0.0,
    english_align: str = "start",
) -> Text:
    if english == text:
        english = ""  # an English questionnaire: said once
    return Text(
        text,
        Rect(x, y, w, h),
        size,
        direction,
        align,
        grey,
        role,
        english,
        english_size,
        english_align,
    )


def _header(content: FormContent, number: int, count: int, reference: str) -> list[Text]:
    d = content.direction
    left_w = PAGE_W - 2 * MARGIN - QR_SIZE - 16
    right = PAGE_W - MARGIN
    page_home = content.page_word.format(page=number, pages=count)
    page_en = content.page_word_en.format(page=number, pages=count)
    texts = [
        _t(content.tag, MARGIN, 30, left_w, 12, 7.5, "ltr", grey=True, role="label"),
        _t(content.school_name, MARGIN, 43, left_w, 14, 9, "ltr", grey=True, role="school"),
        _t(
            content.title,
            MARGIN,
            58,
            left_w,
            57,
            14,
            d,
            role="title",
            english=content.title_en,
            english_size=9,
        ),
        _t(page_home, MARGIN, 118, left_w, 12, 7.5, d, grey=True, role="page number"),
        # The reference under the QR code, large enough to type back from.
        _t(reference, right - 120, 100, 120, 18, 12, "ltr", align="end", role="reference"),
    ]
    if page_en and page_en != page_home:
        texts.append(_t(page_en, MARGIN, 131, left_w, 11, 7, "ltr", grey=True, role="page"))
    return texts


def _question(
    content: FormContent,
    q: FormQuestion,
    number: int,
    y: float,
    texts: list[Text],
    boxes: list[Box],
    signs: list[Sign],
) -> float:
    d = content.direction
    text_x = MARGIN + NUMBER_W if d == "ltr" else MARGIN
    number_x = MARGIN if d == "ltr" else MARGIN + BODY_W - NUMBER_W
    width = BODY_W - NUMBER_W
    texts.append(_t(f"{number}", number_x, y, NUMBER_W, TEXT_H, 10.5, d, role="number"))
    home = f"{q.text}  {q.hint}".strip() if q.hint else q.text
    en = f"{q.text_en}  {q.hint_en}".strip() if q.hint_en else q.text_en
    height = TEXT_H + 1 + TEXT_EN_H
    texts.append(
        _t(
            home,
            text_x,
            y,
            width,
            height,
            10.5,
            d,
            role=f"question {q.key}",
            english=en,
            english_size=7.5,
        )
    )
    y += TEXT_H + 1 + TEXT_EN_H + 3
    if q.kind == "text":
        rect = Rect(MARGIN + NUMBER_W, y, BODY_W - NUMBER_W, WRITE_H)
        boxes.append(Box(q.key, "", rect, "write"))
        label = content.write_here
        if content.write_here_en and content.write_here_en != label:
            label = f"{label} · {content.write_here_en}"
        texts.append(
            _t(
                label,
                rect.x + 4,
                rect.y + 3,
                300,
                10,
                7,
                d,
                grey=True,
                role="hint",
                align="end" if d == "rtl" else "start",
            )
        )
        return y + WRITE_H + GAP
    if q.grid:
        return _grid_row(q, y, texts, boxes, signs, d)
    return _choice_rows(q, y, texts, boxes, d)


def _grid_row(
    q: FormQuestion,
    y: float,
    texts: list[Text],
    boxes: list[Box],
    signs: list[Sign],
    d: str,
) -> float:
    columns = _COLUMNS[len(q.options)]
    for option, column in zip(q.options, columns, strict=True):
        centre = MARGIN + COLUMN_W * (column + 0.5)
        if option.sign:
            signs.append(Sign(option.sign, Rect(centre - SIGN / 2, y, SIGN, SIGN)))
        box = Rect(centre - BOX / 2, y + SIGN + 2, BOX, BOX)
        boxes.append(Box(q.key, option.key, box))
        label_y = box.y + BOX + 2
        texts.append(
            _t(
                option.label,
                centre - COLUMN_W / 2 + 2,
                label_y,
                COLUMN_W - 4,
                LABEL_H + LABEL_EN_H,
                7.5,
                d,
                align="centre",
                role=f"answer {option.key}",
                english=option.label_en,
                english_size=6.5,
                english_align="centre",
            )
        )
    return y + GRID_ROW_H + GAP


def _choice_rows(q: FormQuestion, y: float, texts: list[Text], boxes: list[Box], d: str) -> float:
    half = BODY_W / 2
    for index, option in enumerate(q.options):
        row, column = divmod(index, 2)
        top = y + row * CHOICE_ROW_H
        left = MARGIN + NUMBER_W + column * half
        box = Rect(left, top + 2, BOX, BOX)
        boxes.append(Box(q.key, option.key, box))
        label_w = half - NUMBER_W - BOX - 10
        texts.append(
            # Beside its box in every direction: a right-to-left label ends at the box's side.
            _t(
                option.label,
                left + BOX + 6,
                top,
                label_w,
                37,
                8.5,
                d,
                role=f"answer {option.key}",
                align="end" if d == "rtl" else "start",
                english=option.label_en,
                english_size=7,
            )
        )
    return y + CHOICE_ROW_H * ((len(q.options) + 1) // 2) + GAP


def cover_pages(title: str, lines: Sequence[str], tag: str) -> list[FormPage]:
    """A class's cover sheet (who gets which language), as plain pages of lines."""
    per_page = 48
    chunks = [list(lines[i : i + per_page]) for i in range(0, max(len(lines), 1), per_page)]
    pages = []
    for chunk in chunks:
        texts = [
            Text(tag, Rect(MARGIN, 30, BODY_W, 11), 7.5, grey=True, role="label"),
            Text(title, Rect(MARGIN, 50, BODY_W, 40), 13, role="cover title"),
            Text(
                "Please hand each pupil the questionnaire labelled with their name.",
                Rect(MARGIN, 92, BODY_W, 14),
                9,
                role="cover",
            ),
        ]
        y = 116.0
        for line in chunk:
            texts.append(Text(line, Rect(MARGIN, y, BODY_W, 13), 8.5, role="cover line"))
            y += 13.5
        pages.append(FormPage(texts=tuple(texts), title=title))
    return pages
