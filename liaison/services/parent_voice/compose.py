"""One questionnaire filled in for one child (or family): the words in the home language first and
English beside them, fields formatted for the language, answer words from the paper words, the
faces for the scales; and the snapshot recorded with it (what the entry screen shows later).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from babel.dates import format_date

from liaison.documents.form_layout import FormContent, FormQuestion, Option, page_plan, shape_of
from liaison.errors import ValidationError
from liaison.i18n import languages
from liaison.services.letters import templates
from liaison.services.parent_voice.catalogue import (
    MASTER,
    Questionnaire,
    Version,
    has_paper_words,
    paper_words,
)
from liaison.services.parent_voice.designs import DATE_FIELDS, Question
from liaison.validation import parse_uk_date

HINTS = {"one": "tick_one", "any": "tick_any"}


@dataclass(frozen=True)
class Filled:
    content: FormContent
    snapshot: dict[str, Any]
    language: str
    version: Version

    @property
    def pages(self) -> int:
        return len(page_plan([shape_of(q) for q in self.content.questions]))


def format_fields(values: dict[str, Any], locale: str) -> dict[str, str]:
    out = {}
    for name, value in values.items():
        if name in DATE_FIELDS and value not in (None, ""):
            day = value if isinstance(value, dt.date) else parse_uk_date(str(value))
            out[name] = format_date(day, format="long", locale=locale)
        else:
            out[name] = "" if value is None else str(value)
    return out


def _words(version: Version, language: str, values: dict[str, str]) -> dict[str, Any]:
    """A version's texts with glossary terms and fields filled in."""

    def fill(text: str) -> str:
        return templates.expand_glossary(text, language).format(**values)

    return {
        "title": fill(version.title),
        "intro": fill(version.intro),
        "thanks": fill(version.thanks),
        "questions": {k: fill(v) for k, v in version.questions.items()},
        "options": {k: fill(v) for k, v in version.options.items()},
    }


def _options(
    question: Question, home: dict[str, Any], english: dict[str, Any], language: str
) -> tuple[Option, ...]:
    words, words_en = paper_words(language), paper_words(MASTER)
    bilingual = language != MASTER
    if question.type.fixed:
        return tuple(
            Option(key, words[paper], words_en[paper] if bilingual else "", sign)
            for key, paper, sign in question.type.fixed
        )
    return tuple(
        Option(key, home["options"][key], english["options"][key] if bilingual else "")
        for key in question.options
    )


def fill(
    q: Questionnaire,
    language: str,
    values: dict[str, Any],
    *,
    tag: str = "",
    school_name: str = "",
) -> Filled:
    """The questionnaire in `language` (with English beside it), its fields filled in."""
    version = q.versions.get(language)
    if version is None:
        have = ", ".join(sorted(q.versions))
        raise ValidationError(
            {"language": f"{q.title} has no {languages.describe(language)} version ({have})"}
        )
    lang = languages.require(language)
    missing = [f for f in q.design.fields if values.get(f) in (None, "")]
    if missing:
        raise ValidationError({f: "fill this in for the questionnaire" for f in missing})
    english_values = format_fields(values, "en_GB")
    home_values = format_fields(values, lang.locale or "en_GB")
    try:
        home = _words(version, language, home_values)
        english = _words(q.master, MASTER, english_values)
    except (KeyError, ValueError) as exc:
        raise ValidationError({"fields": f"a field could not be used: {exc}"}) from None
    bilingual = language != MASTER
    words, words_en = paper_words(language), paper_words(MASTER)
    questions = []
    for question in q.design.questions:
        kind = question.type.kind
        hint = HINTS.get(kind)
        questions.append(
            FormQuestion(
                key=question.key,
                kind=kind,
                text=home["questions"][question.key],
                text_en=english["questions"][question.key] if bilingual else "",
                hint=words[hint] if hint else "",
                hint_en=words_en[hint] if hint and bilingual else "",
                options=_options(question, home, english, language),
                grid=bool(question.type.fixed),
            )
        )
    footer = f"{lang.english} · questionnaire version {version.version} · translation: "
    footer += version.status_label
    if bilingual:
        footer += " · English beside each question"
        if not has_paper_words(language):
            footer += " · answer words in English (no translation yet)"
    content = FormContent(
        language=lang.dfe,
        direction=lang.direction,
        school_name=school_name,
        tag=tag,
        title=home["title"],
        title_en=english["title"] if bilingual else "",
        intro=home["intro"],
        intro_en=english["intro"] if bilingual else "",
        thanks=home["thanks"],
        thanks_en=english["thanks"] if bilingual else "",
        page_word=words["page_of"],
        page_word_en=words_en["page_of"] if bilingual else "",
        write_here=words["write_here"],
        write_here_en=words_en["write_here"] if bilingual else "",
        footer=footer,
        questions=tuple(questions),
    )
    return Filled(content, snapshot(content), lang.dfe, version)


def snapshot(content: FormContent) -> dict[str, Any]:
    """What went home, in both languages: the entry screen and results read this later."""
    return {
        "language": content.language,
        "direction": content.direction,
        "title": content.title,
        "title_en": content.title_en or content.title,
        "questions": [
            {
                "key": q.key,
                "kind": q.kind,
                "text": q.text,
                "text_en": q.text_en or q.text,
                "options": [[o.key, o.label, o.label_en or o.label] for o in q.options],
            }
            for q in content.questions
        ],
    }


def sample_pages(
    q: Questionnaire, language: str, school_name: str, fields: dict[str, Any]
) -> list[Any]:
    """A sample copy's pages (a made-up child), to look at before sending."""
    from liaison.documents.form_layout import lay_out

    values = {
        "school_name": school_name,
        "pupil_name": "Sam Sample",
        "caregiver_name": "",
        "officer_name": "",
        "family_ref": "F00000",
        **fields,
    }
    filled = fill(q, language, values, tag="Sam Sample · 3B", school_name=school_name)
    return lay_out(filled.content, [f"QSAMPL{n}" for n in range(filled.pages)])


def preview_images(db: Any, key: str, language: str, width_px: int = 800) -> list[Any]:
    """The questionnaire in `language` as page images, for the screen (same drawing as the PDF)."""
    import datetime as _dt

    from liaison.documents.form_pdf import render_page_images
    from liaison.services import school
    from liaison.services.parent_voice.catalogue import get_questionnaire

    q = get_questionnaire(db, key)
    details = school.get_school(db)
    deadline = db.clock.today() + _dt.timedelta(days=14)
    fields = {f: deadline for f in q.design.fields}
    return render_page_images(sample_pages(q, language, details.name, fields), width_px)
