"""Letters and agreements for a family: the right language for each caregiver, fields filled and
formatted for that language, a PDF through liaison.documents, and a record to reprint from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from babel.dates import format_date, format_time

from liaison.documents.layout import Block, Document, Letterhead, Section
from liaison.errors import ValidationError
from liaison.forget import holds_words
from liaison.i18n import languages, names
from liaison.i18n.bidi import for_line
from liaison.i18n.resolve import resolve
from liaison.services import families as fam
from liaison.services import school
from liaison.services.letters.deadlines import check_deadline, default_deadline, school_calendar
from liaison.services.letters.language import choose_language
from liaison.services.letters.slip_words import build_slip
from liaison.services.letters.templates import (
    MASTER,
    Template,
    Variant,
    expand_glossary,
    get_template,
)
from liaison.validation import parse_uk_date

if TYPE_CHECKING:
    from liaison.store.database import Database

DATE_FIELDS = {"date", "deadline"}
# Letters that need an answer carry a tear-off reply slip with a reference and its QR code.
REPLY_TEMPLATES = {"trip_consent", "meeting_invitation", "home_school_agreement"}
_REF_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"  # no 0/O, 1/I/L: read aloud or typed back


def new_reply_ref() -> str:
    import secrets

    return "R" + "".join(secrets.choice(_REF_ALPHABET) for _ in range(6))


TIME_FIELDS = {"time"}


# A run formats the same few dates and times in each of its languages for every letter: babel
# took about a third of the time spent filling a whole school's letters in.
@lru_cache(maxsize=1024)
def long_date(day: dt.date, locale: str) -> str:
    return format_date(day, format="long", locale=locale)


@lru_cache(maxsize=1024)
def _short_time(moment: dt.time, locale: str) -> str:
    return format_time(moment, format="short", locale=locale)


def _format(name: str, value: Any, locale: str) -> str:
    if name in DATE_FIELDS:
        day = value if isinstance(value, dt.date) else parse_uk_date(str(value))
        return long_date(day, locale)
    if name in TIME_FIELDS:
        moment = value if isinstance(value, dt.time) else dt.time.fromisoformat(str(value))
        return _short_time(moment, locale)
    return str(value)


def _filled(name: str, value: Any, locale: str, direction: str) -> str:
    """A value as its section prints it: formatted, isolated where its direction differs.
    The same school name, officer, event, place and dates go into every letter of a run:
    worked out once per language (a third of the time filling a school's letters in)."""
    try:
        return _filled_once(name, value, locale, direction)
    except TypeError:  # a value that cannot be a key (none do today): worked out each time
        return for_line(_format(name, value, locale), direction)


@holds_words
@lru_cache(maxsize=8192)
def _filled_once(name: str, value: Any, locale: str, direction: str) -> str:
    return for_line(_format(name, value, locale), direction)


def _blocks(text: str) -> tuple[Block, ...]:
    """Paragraphs separated by blank lines; '## ' headings, '- ' lists, '[sign] ' lines."""
    blocks: list[Block] = []
    for chunk in text.split("\n\n"):
        lines = [line for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        if all(line.startswith("[sign] ") for line in lines):
            blocks.append(Block("sign", items=tuple(line[7:] for line in lines)))
        elif lines[0].startswith("## "):
            blocks.append(Block("h", lines[0][3:]))
            items = [line[2:] for line in lines[1:] if line.startswith("- ")]
            if items:
                blocks.append(Block("list", items=tuple(items)))
        elif all(line.startswith("- ") for line in lines):
            blocks.append(Block("list", items=tuple(line[2:] for line in lines)))
        else:
            blocks.append(Block("p", "\n".join(lines)))
    return tuple(blocks)


def _section(
    variant: Variant,
    values: dict[str, Any],
    today: dt.date,
    label: str = "",
    new_page: bool = False,
) -> Section:
    lang = languages.require(variant.language)
    locale = lang.locale or "en_GB"
    filled = {}
    for name, value in values.items():
        if name == "interpreter":
            key = "interpreter_yes" if value in (True, "yes", "true", "1") else "interpreter_no"
            filled[name] = variant.phrases.get(key, "")
        else:
            # A name or place in the other direction is isolated, so it cannot pull the
            # punctuation or digits beside it into its own run.
            filled[name] = _filled(name, value, locale, lang.direction)
    subject = expand_glossary(variant.subject, variant.language).format(**filled)
    body = expand_glossary(variant.body, variant.language).format(**filled)
    return Section(
        language=lang.dfe,
        direction=lang.direction,
        date_line=long_date(today, locale),
        subject=subject,
        blocks=_blocks(body),
        label=label,
        new_page=new_page,
    )


@dataclass(frozen=True)
class Prepared:
    document: Document
    template: Template
    variant: Variant
    language: str
    bilingual: bool
    caregiver_id: int | None
    pupil_id: int | None
    family_id: int
    reply_ref: str | None = None
    reply_by: dt.date | None = None  # the day the slip should be back (given or defaulted)


def prepare(
    db: Database,
    template_key: str,
    family_id: int,
    *,
    caregiver_id: int | None = None,
    pupil_id: int | None = None,
    language: str | None = None,
    bilingual: bool = True,
    fields: dict[str, Any] | None = None,
    template: Template | None = None,
    details: school.SchoolDetails | None = None,
    draft: fam.FamilyDraft | None = None,
) -> Prepared:
    """Build the document (nothing written yet). Missing fields are refused by name.

    A batch passes the template, school details and family draft it already has."""
    template = template or get_template(db, template_key)
    draft = draft or fam.load_draft(db, family_id)
    carers = [c for c in draft.caregivers if caregiver_id is None or c.id == caregiver_id]
    if not carers:
        raise ValidationError({"caregiver": "that caregiver is not in this family"})
    carer = next((c for c in carers if c.is_main_contact), carers[0])
    pupils = [p for p in draft.pupils if pupil_id is None or p.id == pupil_id]
    if pupil_id is not None and not pupils:
        raise ValidationError({"pupil": "that pupil is not in this family"})
    pupil = pupils[0] if pupils else None
    lang, variant, assumed = _variant(template, carer, draft, language)
    details = details or school.get_school(db)
    values: dict[str, Any] = {
        "school_name": details.name or "the school",
        "officer_name": details.officer_name or "the family liaison officer",
        "caregiver_name": carer.display_name,
        "pupil_name": pupil.display_name if pupil else "",
        "family_ref": draft.reference or "",
    }
    given = {k: v for k, v in (fields or {}).items() if v not in (None, "")}
    values.update(given)
    today = db.clock.today()
    deadline = _reply_deadline(db, template, values, today)
    if deadline is not None and "deadline" in template.fields:
        values.setdefault("deadline", deadline)
    missing = [f for f in template.fields if f not in values]
    if missing:
        raise ValidationError({f: "fill this in for the letter" for f in missing})
    bilingual = bilingual and lang.dfe != MASTER
    sections = _sections(template, variant, values, _english_names(carer, pupil), today, bilingual)
    reply_ref = new_reply_ref() if template.key in REPLY_TEMPLATES else None
    slip = None
    if reply_ref is not None:
        slip = build_slip(
            template.key,
            lang.dfe,
            lang.direction,
            reference=reply_ref,
            subject=sections[0].subject,
            pupil_name=pupil.display_name if pupil else "",
            class_name=(pupil.class_name or "") if pupil else "",
            deadline=_deadline_words(deadline, lang.locale) if deadline else None,
        )
    footer = f"{lang.english} · version {variant.version} · translation: {variant.status_label}"
    if bilingual:
        footer += " · English text follows the translation"
    document = Document(
        title=f"{template.title} ({lang.english})",
        letterhead=_letterhead(details),
        sections=tuple(sections),
        signer=details.officer_name,
        signer_role=details.officer_role,
        footer=footer,
        # Kept with the record, so the chronology says the language was assumed.
        extra={"language_assumed": assumed} if assumed else {},
        slip=slip,
        one_sheet=template.kind == "letter",
    )
    return Prepared(
        document,
        template,
        variant,
        lang.dfe,
        bilingual,
        carer.id,
        pupil.id if pupil else None,
        family_id,
        reply_ref,
        deadline,
    )


def _letterhead(details: school.SchoolDetails) -> Letterhead:
    address = tuple(line for line in details.address.splitlines() if line.strip())
    contact = " · ".join(x for x in (details.phone, details.email) if x)
    return Letterhead(details.name, address, contact, details.logo_png)


def _variant(
    template: Template,
    carer: fam.CaregiverDraft,
    draft: fam.FamilyDraft,
    language: str | None,
) -> tuple[languages.Language, Variant, str]:
    """The language (the one asked for, else what the caregiver reads), its version of the
    template, and why it was assumed ("" when confirmed)."""
    auto = choose_language(carer, set(template.variants), draft.pupils)
    if language is None:
        language = auto.language
    lang = languages.get(language)
    if lang is None:
        raise ValidationError({"language": f"unknown language code {language!r}"})
    # "pa", "zh" or a DfE sub-code reach the version their readers read, as in the app.
    found = resolve(lang.dfe, template.variants)
    if found is not None:
        lang = languages.require(found.code)
    variant = template.variants.get(lang.dfe)
    if variant is None:
        have = ", ".join(sorted(template.variants))
        raise ValidationError(
            {"language": f"{template.title} has no {lang.english} version (it has: {have})"}
        )
    return lang, variant, auto.assumed if auto.language == lang.dfe else ""


def _english_names(carer: fam.CaregiverDraft, pupil: fam.PupilDraft | None) -> dict[str, str]:
    """Names for English text: the Latin form where one is recorded ("Dear Semhar Tesfay",
    not "Dear ሰምሃር ተስፋይ")."""
    out = {}
    latin = names.latin(carer.given_name_latin, carer.family_name_latin)
    if latin:
        out["caregiver_name"] = latin
    if pupil is not None:
        latin = names.latin(pupil.given_name_latin, pupil.family_name_latin)
        if latin:
            out["pupil_name"] = latin
    return out


def _sections(
    template: Template,
    variant: Variant,
    values: dict[str, Any],
    english_names: dict[str, str],
    today: dt.date,
    bilingual: bool,
) -> list[Section]:
    home = values if variant.language != MASTER else {**values, **english_names}
    try:
        sections = [_section(variant, home, today)]
        if bilingual:
            sections.append(
                _section(
                    template.variants[MASTER],
                    {**values, **english_names},
                    today,
                    label="English",
                    new_page=template.kind == "agreement",
                )
            )
    except (ValueError, KeyError) as exc:
        raise ValidationError({"fields": f"a field could not be used: {exc}"}) from None
    return sections


def _as_date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return parse_uk_date(str(value))
    except ValueError as exc:
        raise ValidationError({"date": str(exc)}) from None


def _reply_deadline(
    db: Database, template: Template, values: dict[str, Any], today: dt.date
) -> dt.date | None:
    """The day the slip should be back by: the one given (checked), else a few school days
    before the event (never the event's own day), else None."""
    if template.key not in REPLY_TEMPLATES and "deadline" not in template.fields:
        return None
    event = _as_date(values.get("date"))
    if "deadline" in values:
        try:
            deadline = _as_date(values["deadline"])
        except ValidationError as exc:
            raise ValidationError({"deadline": exc.errors["date"]}) from None
        if deadline is not None:
            check_deadline(deadline, event, today)
        return deadline
    if event is None:
        return None
    return default_deadline(event, today, school_calendar(db))


def _deadline_words(day: dt.date, locale: str | None) -> tuple[str, str]:
    return (
        format_date(day, format="long", locale=locale or "en_GB"),
        format_date(day, format="long", locale="en_GB"),
    )


# -- replies ---------------------------------------------------------------------------------
