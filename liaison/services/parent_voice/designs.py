"""Questionnaire designs: the questions and their answer types, checked before anything uses them.

A design is JSON (resources/questionnaires/KEY.json, or one the school adds): a key, a title,
`per` (child: one per pupil, the child named; family: one per household), the fields the
school fills in when sending (a deadline...), and questions, each with an answer type. The
English wording is the design's ENG version; other languages are versions (versions.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from liaison.services.letters import templates

# Answer types: how many boxes, what each says (a key in paper.json's words) and what is drawn
# above it (a face or a sign for caregivers who read little). Choice types take the design's
# own options; text is one short line written by hand.
FACES = ("very_happy", "happy", "neutral", "sad", "very_sad")
SIGNS = ("tick", "cross", "question", "helped")


@dataclass(frozen=True)
class AnswerType:
    key: str
    kind: str  # one (tick one box) | any (tick all that apply) | text (write a short line)
    fixed: tuple[tuple[str, str, str], ...] = ()  # (option key, paper word, face or sign)
    scale: bool = False  # a scale: charted in the termly report

    @property
    def takes_options(self) -> bool:
        return self.kind != "text" and not self.fixed


ANSWER_TYPES: dict[str, AnswerType] = {
    t.key: t
    for t in (
        AnswerType("yes_no", "one", (("yes", "answer_yes", "tick"), ("no", "answer_no", "cross"))),
        AnswerType(
            "yes_not_sure_no",
            "one",
            (
                ("yes", "answer_yes", "tick"),
                ("not_sure", "answer_not_sure", "question"),
                ("no", "answer_no", "cross"),
            ),
        ),
        AnswerType(
            "yes_with_help_no",
            "one",
            (
                ("yes", "answer_yes", "tick"),
                ("with_help", "answer_with_help", "helped"),
                ("no", "answer_no", "cross"),
            ),
        ),
        AnswerType(
            "happy_3",
            "one",
            (
                ("happy", "answer_happy", "happy"),
                ("not_sure", "answer_not_sure", "neutral"),
                ("unhappy", "answer_unhappy", "sad"),
            ),
            scale=True,
        ),
        AnswerType(
            "agree_5",
            "one",
            (
                ("strongly_agree", "answer_strongly_agree", "very_happy"),
                ("agree", "answer_agree", "happy"),
                ("not_sure", "answer_not_sure", "neutral"),
                ("disagree", "answer_disagree", "sad"),
                ("strongly_disagree", "answer_strongly_disagree", "very_sad"),
            ),
            scale=True,
        ),
        AnswerType("choice", "one"),
        AnswerType("choices", "any"),
        AnswerType("text", "text"),
    )
}
PER = ("child", "family")
MAX_QUESTIONS = 12
MAX_OPTIONS = 8
MIN_OPTIONS = 2
MAX_TEXT_QUESTIONS = 2
_KEY = re.compile(r"^[a-z][a-z0-9_]{1,40}$")
# Filled by the app for every questionnaire; a design may add its own (deadline...).
STANDARD_FIELDS = ("school_name", "officer_name", "caregiver_name", "pupil_name", "family_ref")
DATE_FIELDS = ("deadline", "date")


@dataclass(frozen=True)
class Question:
    key: str
    answers: str  # a key of ANSWER_TYPES
    options: tuple[str, ...] = ()  # choice and choices: the design's option keys

    @property
    def type(self) -> AnswerType:
        return ANSWER_TYPES[self.answers]

    def option_keys(self) -> tuple[str, ...]:
        if self.type.fixed:
            return tuple(key for key, _, _ in self.type.fixed)
        return self.options


@dataclass(frozen=True)
class Design:
    key: str
    title: str  # the officer's name for it, e.g. "Settling in (new families)"
    per: str
    fields: tuple[str, ...]
    questions: tuple[Question, ...]
    version: int = 1

    def question(self, key: str) -> Question:
        for q in self.questions:
            if q.key == key:
                return q
        raise KeyError(key)

    def option_keys(self) -> set[str]:
        return {o for q in self.questions if q.type.takes_options for o in q.options}

    def allowed_placeholders(self) -> set[str]:
        allowed = set(STANDARD_FIELDS) | set(self.fields)
        if self.per == "family":
            allowed.discard("pupil_name")  # no one child is named on a family's questionnaire
        return allowed


def validate_design(raw: object) -> dict[str, str]:
    """What is wrong with a design, by part; empty when it can be used."""
    if not isinstance(raw, dict):
        return {"design": "a questionnaire design is a JSON object"}
    errors: dict[str, str] = {}
    key = raw.get("key")
    if not isinstance(key, str) or not _KEY.match(key):
        errors["key"] = "a key of lower-case letters, digits and _ (e.g. coffee_mornings)"
    if not str(raw.get("title") or "").strip():
        errors["title"] = "give the questionnaire a title"
    if raw.get("per", "child") not in PER:
        errors["per"] = "per is child (one per pupil) or family (one per household)"
    fields = raw.get("fields", [])
    if not isinstance(fields, list) or not all(
        isinstance(f, str) and _KEY.match(f) for f in fields
    ):
        errors["fields"] = "fields is a list of names such as deadline"
    questions = raw.get("questions")
    if not isinstance(questions, list) or not questions:
        errors["questions"] = "a questionnaire needs at least one question"
        return errors
    problems = _question_problems(questions)
    if problems:
        errors["questions"] = "; ".join(problems)
        return errors
    design = design_from(raw)
    english = (raw.get("variants") or {}).get(templates.MASTER)
    if not isinstance(english, dict):
        errors["ENG"] = "the design needs its English wording (variants.ENG)"
    else:
        errors.update(check_texts(design, english, master=None))
    return errors


def _question_problems(questions: list[object]) -> list[str]:
    problems: list[str] = []
    seen: set[str] = set()
    texts = 0
    if len(questions) > MAX_QUESTIONS:
        problems.append(f"at most {MAX_QUESTIONS} questions (a short questionnaire is answered)")
    for n, q in enumerate(questions, start=1):
        if not isinstance(q, dict):
            problems.append(f"question {n} is not an object")
            continue
        key, answers = q.get("key"), q.get("answers")
        name = f"question {n} ({key})" if isinstance(key, str) else f"question {n}"
        if not isinstance(key, str) or not _KEY.match(key):
            problems.append(f"{name} needs a key of lower-case letters, digits and _")
        elif key in seen:
            problems.append(f"{name}: the key is used twice")
        seen.add(str(key))
        if answers not in ANSWER_TYPES:
            known = ", ".join(ANSWER_TYPES)
            problems.append(f"{name} has no answers: give an answer type ({known})")
            continue
        kind = ANSWER_TYPES[str(answers)]
        options = q.get("options", [])
        texts += kind.kind == "text"
        if kind.takes_options:
            if not isinstance(options, list) or len(options) < MIN_OPTIONS:
                problems.append(f"{name} has no answers to tick: give at least two options")
            elif len(options) > MAX_OPTIONS:
                problems.append(f"{name}: at most {MAX_OPTIONS} options")
            elif len(set(options)) != len(options) or not all(
                isinstance(o, str) and _KEY.match(o) for o in options
            ):
                problems.append(f"{name}: options are distinct keys of lower-case letters")
        elif options:
            problems.append(f"{name}: a {answers} question has its own answers, not options")
    if texts > MAX_TEXT_QUESTIONS:
        problems.append(f"at most {MAX_TEXT_QUESTIONS} written answers (one short line each)")
    return problems


def design_from(raw: dict[str, object]) -> Design:
    """The design part of a checked JSON design."""
    questions = tuple(
        Question(str(q["key"]), str(q["answers"]), tuple(q.get("options", ())))
        for q in raw["questions"]
    )
    return Design(
        key=str(raw["key"]),
        title=str(raw["title"]).strip(),
        per=str(raw.get("per", "child")),
        fields=tuple(raw.get("fields", ())),
        questions=questions,
        version=int(raw.get("version", 1)),
    )


def check_texts(
    design: Design, texts: dict[str, object], master: dict[str, object] | None
) -> dict[str, str]:
    """What is wrong with one language's wording: a part missing, a question or option without
    words, a placeholder unknown (or, against the English `master`, lost or added), an unknown
    glossary term."""
    errors: dict[str, str] = {}
    allowed = design.allowed_placeholders()
    glossary = set(templates.glossary())
    parts: list[tuple[str, str, str]] = []  # (where, text, master text)
    for part in ("title", "intro", "thanks"):
        value = texts.get(part)
        if not isinstance(value, str) or not value.strip():
            errors[part] = f"the {part} is empty"
            continue
        parts.append((part, value, str((master or {}).get(part, ""))))
    for group, wanted in (
        ("questions", [q.key for q in design.questions]),
        ("options", sorted(design.option_keys())),
    ):
        given = texts.get(group) or {}
        if not isinstance(given, dict):
            errors[group] = f"{group} is a mapping of key to words"
            continue
        missing = [k for k in wanted if not str(given.get(k) or "").strip()]
        if missing:
            errors[group] = f"no words for {', '.join(missing)}"
        extra = sorted(set(given) - set(wanted))
        if extra:
            errors[group] = f"not in the design: {', '.join(extra)}"
        master_group = (master or {}).get(group) or {}
        for k in wanted:
            if str(given.get(k) or "").strip():
                parts.append((f"{group}.{k}", str(given[k]), str(master_group.get(k, ""))))
    for where, text, english in parts:
        try:
            used = templates.placeholders(text)
        except ValueError:
            errors[where] = "a brace { } is not closed or is used wrongly"
            continue
        unknown = sorted(used - allowed)
        if where.startswith("options.") and used:
            errors[where] = "an answer's words cannot hold a {placeholder}"
        elif unknown:
            errors[where] = "unknown placeholder " + ", ".join("{" + u + "}" for u in unknown)
        elif master is not None and english and used != templates.placeholders(english):
            want = ", ".join("{" + u + "}" for u in sorted(templates.placeholders(english)))
            errors[where] = f"keep the English placeholders exactly ({want or 'none'})"
        terms = set(templates._GLOSSARY_MARK.findall(text)) - glossary
        if terms:
            errors[where] = "unknown glossary term " + ", ".join(f"[[{t}]]" for t in sorted(terms))
    return errors
