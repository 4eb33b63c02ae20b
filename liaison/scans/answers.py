"""A question's boxes read together: its answer, no answer, or a reason to ask the officer.

Never a guess. One box marked and the others empty is an answer. Nothing marked is no answer.
Anything else is asked about with what was seen: two boxes ticked; a faint mark; one box
scribbled over beside another ticked, which usually means the parent changed her mind (that
answer is offered first, and still asked).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from liaison.scans.ink import BoxReading, BoxState


class QuestionState(StrEnum):
    ANSWERED = "answered"
    BLANK = "blank"  # no box marked
    UNSURE = "unsure"  # asked about


@dataclass(frozen=True)
class QuestionReading:
    question: str
    state: QuestionState
    answers: tuple[str, ...]  # what was read (empty unless answered)
    proposal: tuple[str, ...]  # for an unsure one: the likeliest reading, offered first
    why: str  # for an unsure one, what was seen
    boxes: tuple[BoxReading, ...]
    crop_png: bytes = b""  # the question's boxes as printed, upright, in memory only


def resolve(question: str, boxes: Sequence[BoxReading], multiple: bool = False) -> QuestionReading:
    unsure = [b for b in boxes if b.state is BoxState.UNSURE]
    marked = [b for b in boxes if b.state is BoxState.MARKED]
    heavy = [b for b in marked if b.heavy]
    light = [b for b in marked if not b.heavy]

    def ask(why: str, proposal: Sequence[BoxReading] = ()) -> QuestionReading:
        offer = tuple(b.answer for b in proposal)
        return QuestionReading(question, QuestionState.UNSURE, (), offer, why, tuple(boxes))

    if unsure:
        names = ", ".join(f"'{b.answer}'" for b in unsure)
        return ask(f"a faint or small mark in {names}", light or heavy)
    if not marked:
        return QuestionReading(question, QuestionState.BLANK, (), (), "", tuple(boxes))
    if heavy and light:
        crossed = ", ".join(f"'{b.answer}'" for b in heavy)
        ticked = ", ".join(f"'{b.answer}'" for b in light)
        return ask(f"{crossed} looks scribbled out and {ticked} ticked", light)
    if len(marked) > 1 and not multiple:
        both = " and ".join(f"'{b.answer}'" for b in marked)
        return ask(f"{both} are both marked")
    answers = tuple(b.answer for b in marked)
    return QuestionReading(question, QuestionState.ANSWERED, answers, answers, "", tuple(boxes))
