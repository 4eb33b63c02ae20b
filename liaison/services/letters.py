"""Letters and agreements for a family: the right language for each caregiver, fields filled and
formatted for that language, a PDF through liaison.documents, and a record to reprint from.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel.dates import format_date, format_time
from sqlalchemy import select
from sqlalchemy.orm import Session

from liaison.clock import LONDON, to_local
from liaison.documents.layout import Block, Document, Letterhead, Section
from liaison.errors import NotFound, ValidationError
from liaison.i18n import languages
from liaison.i18n.resolve import resolve
from liaison.models import PrintedDocument
from liaison.models.enums import AuditAction
from liaison.services import audit, letter_language, school
from liaison.services import families as fam
from liaison.services.family_records import ChronologyItem, register_chronology
from liaison.services.letter_language import LanguageChoice
from liaison.services.letter_templates import (
    MASTER,
    Template,
    Variant,
    expand_glossary,
    get_template,
)
from liaison.services.validation import parse_uk_date

if TYPE_CHECKING:
    from liaison.models import Family
    from liaison.store.database import Database

DATE_FIELDS = {"date", "deadline"}
# Letters that need an answer carry a tear-off reply slip with a reference and its QR code.
REPLY_TEMPLATES = {"trip_consent", "meeting_invitation", "home_school_agreement"}
_REF_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"  # no 0/O, 1/I/L: read aloud or typed back


def new_reply_ref() -> str:
    import secrets

    return "R" + "".join(secrets.choice(_REF_ALPHABET) for _ in range(6))


def _reply_block(subject: str, pupil: str, reference: str) -> Block:
    return Block(
        "reply",
        reference,
        # Boxes and marks the shipped fonts draw (☐ and ✗ came from the machine's DejaVu).
        (subject, pupil, "□ ✓        □ ×", "________________________"),
    )


TIME_FIELDS = {"time"}


def choose_language(
    carer: fam.CaregiverDraft,
    available: set[str],
    pupils: list[fam.PupilDraft] | None = None,
) -> LanguageChoice:
    """The version this caregiver reads, among the template's variants; when nothing is
    recorded about the caregiver, the one the pupils' first languages point to (assumed)."""
    return letter_language.choose(
        caregiver_languages(carer), pupil_languages(pupils or []), available
    )


def caregiver_languages(carer: fam.CaregiverDraft) -> letter_language.CaregiverLanguages:
    return letter_language.CaregiverLanguages(
        carer.main_language,
        carer.letter_language,
        tuple(s.code for s in carer.languages if s.reads),
        carer.reads_english,
    )


def pupil_languages(pupils: list[fam.PupilDraft]) -> list[letter_language.PupilLanguage]:
    return [
        letter_language.PupilLanguage(p.display_name, p.first_language, p.date_of_birth)
        for p in pupils
        if p.left_date is None
    ]


def _format(name: str, value: Any, locale: str) -> str:
    if name in DATE_FIELDS:
        day = value if isinstance(value, dt.date) else parse_uk_date(str(value))
        return format_date(day, format="long", locale=locale)
    if name in TIME_FIELDS:
        moment = value if isinstance(value, dt.time) else dt.time.fromisoformat(str(value))
        return format_time(moment, format="short", locale=locale)
    return str(value)


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
            filled[name] = _format(name, value, locale)
    subject = expand_glossary(variant.subject, variant.language).format(**filled)
    body = expand_glossary(variant.body, variant.language).format(**filled)
    return Section(
        language=lang.dfe,
        direction=lang.direction,
        date_line=format_date(today, format="long", locale=locale),
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
    assumed = auto.assumed if auto.language == lang.dfe else ""
    if variant is None:
        have = ", ".join(sorted(template.variants))
        raise ValidationError(
            {"language": f"{template.title} has no {lang.english} version (it has: {have})"}
        )
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
    missing = [f for f in template.fields if f not in values]
    if missing:
        raise ValidationError({f: "fill this in for the letter" for f in missing})
    today = db.clock.today()
    try:
        sections = [_section(variant, values, today)]
        if bilingual and lang.dfe != MASTER:
            sections.append(
                _section(
                    template.variants[MASTER],
                    values,
                    today,
                    label="English",
                    new_page=template.kind == "agreement",
                )
            )
    except (ValueError, KeyError) as exc:
        raise ValidationError({"fields": f"a field could not be used: {exc}"}) from None
    address = tuple(line for line in details.address.splitlines() if line.strip())
    contact = " · ".join(x for x in (details.phone, details.email) if x)
    footer = f"{lang.english} · version {variant.version} · translation: {variant.status_label}"
    if bilingual and lang.dfe != MASTER:
        footer += " · English text follows the translation"
    reply_ref = None
    if template.key in REPLY_TEMPLATES:
        reply_ref = new_reply_ref()
        first = sections[0]
        slip = _reply_block(first.subject, values["pupil_name"], reply_ref)
        sections[-1] = dataclasses.replace(sections[-1], blocks=(*sections[-1].blocks, slip))
    document = Document(
        title=f"{template.title} ({lang.english})",
        letterhead=Letterhead(details.name, address, contact, details.logo_png),
        sections=tuple(sections),
        signer=details.officer_name,
        signer_role=details.officer_role,
        footer=footer,
        # Kept with the record, so the chronology says the language was assumed.
        extra={"language_assumed": assumed} if assumed else {},
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
    )


def record(db: Database, prepared: Prepared, batch_id: int | None = None) -> int:
    """Remember what went home, to show in the chronology and reprint exactly."""
    return record_many(db, [prepared], batch_id)[0]


def record_many(
    db: Database,
    prepared: list[Prepared],
    batch_id: int | None = None,
    session: Session | None = None,
) -> list[int]:
    """Record letters in one transaction. A batch gets one audit entry (the batch's own), not
    one per letter: the printed-document rows are the per-family record. A batch passes its
    own open `session`, so the batch row and its letters commit together or not at all."""
    if session is None:
        with db.session() as own:
            return record_many(db, prepared, batch_id, own)
    rows = []
    now = db.clock.now()
    for p in prepared:
        rows.append(
            PrintedDocument(
                family_id=p.family_id,
                caregiver_id=p.caregiver_id,
                pupil_id=p.pupil_id,
                kind=p.template.kind,
                template_key=p.template.key,
                language=p.language,
                version=p.variant.version,
                translation_status=p.variant.status,
                bilingual=p.bilingual,
                snapshot=_snapshot(p.document),
                printed_at=now,
                printed_by=db.actor,
                batch_id=batch_id,
                reply_ref=p.reply_ref,
            )
        )
    session.add_all(rows)
    session.flush()
    if batch_id is None:
        for p, row in zip(prepared, rows, strict=True):
            audit.record(
                session,
                db,
                AuditAction.PRINTED,
                entity=p.template.kind,
                entity_id=row.id,
                family_id=p.family_id,
                detail=f"{p.template.key} {p.language} v{p.variant.version}",
            )
    return [row.id for row in rows]


def reprint_batch(db: Database, batch_id: int, out: Path) -> int:
    """Print a whole batch again, exactly as it went out (cover sheets are not kept)."""
    from liaison.documents.pdf import render_pdf

    logo = school.get_school(db).logo_png
    with db.read() as session:
        rows = session.scalars(
            select(PrintedDocument)
            .where(PrintedDocument.batch_id == batch_id)
            .order_by(PrintedDocument.id)
        ).all()
        documents = [_from_snapshot(r.snapshot, logo) for r in rows]
    if not documents:
        raise NotFound(f"There is no batch {batch_id}.")
    render_pdf(documents, out, title=f"Batch {batch_id}")
    with db.session() as session:
        audit.record(
            session, db, AuditAction.PRINTED, entity="batch", entity_id=batch_id, detail="reprint"
        )
    return len(documents)


def print_document(db: Database, prepared: Prepared, out: Path) -> int:
    from liaison.documents.pdf import render_pdf

    render_pdf([prepared.document], out, title=prepared.document.title)
    return record(db, prepared)


def _snapshot(doc: Document) -> dict[str, Any]:
    data = asdict(doc)
    data["letterhead"]["logo_png"] = None  # the logo is taken from settings when reprinting
    return data


def _from_snapshot(data: dict[str, Any], logo: bytes | None) -> Document:
    head = data["letterhead"]
    sections = tuple(
        Section(
            s["language"],
            s["direction"],
            s["date_line"],
            s["subject"],
            tuple(Block(b["kind"], b["text"], tuple(b["items"])) for b in s["blocks"]),
            s.get("label", ""),
            s.get("new_page", False),
        )
        for s in data["sections"]
    )
    return Document(
        data["title"],
        Letterhead(head["school_name"], tuple(head["address_lines"]), head["contact"], logo),
        sections,
        data["signer"],
        data["signer_role"],
        data["footer"],
        data.get("tag", ""),
        dict(data.get("extra") or {}),
    )


def reprint(db: Database, printed_id: int, out: Path) -> None:
    from liaison.documents.pdf import render_pdf

    with db.read() as session:
        row = session.get(PrintedDocument, printed_id)
        if row is None:
            raise NotFound(f"There is no printed letter with id {printed_id}.")
        document = _from_snapshot(row.snapshot, school.get_school(db).logo_png)
        family_id, kind = row.family_id, row.kind
    render_pdf([document], out, title=document.title)
    with db.session() as session:
        audit.record(
            session,
            db,
            AuditAction.PRINTED,
            entity=kind,
            entity_id=printed_id,
            family_id=family_id,
            detail="reprint",
        )


@dataclass(frozen=True)
class PrintedView:
    id: int
    kind: str
    template_key: str
    title: str
    language: str
    version: int
    translation_status: str
    printed_at: dt.datetime
    printed_by: str
    returned_on: dt.date | None


def printed_for(db: Database, family_id: int) -> list[PrintedView]:
    with db.read() as session:
        rows = session.scalars(
            select(PrintedDocument)
            .where(PrintedDocument.family_id == family_id)
            .order_by(PrintedDocument.printed_at.desc())
        ).all()
        return [
            PrintedView(
                r.id,
                r.kind,
                r.template_key,
                r.snapshot.get("title", r.template_key),
                r.language,
                r.version,
                r.translation_status,
                to_local(r.printed_at),
                r.printed_by,
                r.returned_on,
            )
            for r in rows
        ]


def agreement_returned(db: Database, printed_id: int, on: dt.date | None = None) -> None:
    """Record that a home-school agreement came back signed."""
    on = on or db.clock.today()
    if on > db.clock.today():
        raise ValidationError({"returned_on": "it cannot come back in the future"})
    with db.session() as session:
        row = session.get(PrintedDocument, printed_id)
        if row is None or row.kind != "agreement":
            raise NotFound(f"There is no home-school agreement with id {printed_id}.")
        row.returned_on = on
        audit.record(
            session,
            db,
            AuditAction.CHANGED,
            entity="agreement",
            entity_id=printed_id,
            family_id=row.family_id,
            detail="returned signed",
        )


@register_chronology
def _printed_chronology(session: Session, family: Family) -> list[ChronologyItem]:
    items = []
    for r in session.scalars(select(PrintedDocument).where(PrintedDocument.family_id == family.id)):
        title = r.snapshot.get("title", r.template_key)
        what = "Agreement issued" if r.kind == "agreement" else "Letter printed"
        items.append(
            ChronologyItem(
                to_local(r.printed_at),
                r.kind,
                f"{what}: {title}, version {r.version}, {r.translation_status}, by {r.printed_by}"
                + (f", book-bag batch {r.batch_id}" if r.batch_id else "")
                + _assumed_note(r.snapshot, r.language),
                r.id,
            )
        )
        if r.returned_on:
            items.append(
                ChronologyItem(
                    dt.datetime.combine(r.returned_on, dt.time(0), LONDON),
                    r.kind,
                    f"Agreement returned signed: {title}",
                    r.id,
                )
            )
    return items


def _assumed_note(snapshot: dict[str, Any], language: str) -> str:
    assumed = (snapshot.get("extra") or {}).get("language_assumed")
    if not assumed:
        return ""
    return f"; in {languages.describe(language)}, assumed {assumed} (not confirmed)"


# -- replies ---------------------------------------------------------------------------------
def record_reply(db: Database, reference: str, answer: str, on: dt.date | None = None) -> int:
    """Record the answer on a returned reply slip (typed or scanned reference)."""
    ref = reference.strip().upper().replace(" ", "")
    answer = answer.strip().lower()
    if answer not in ("yes", "no"):
        raise ValidationError({"answer": "the answer is yes or no"})
    on = on or db.clock.today()
    with db.session() as session:
        row = session.scalar(select(PrintedDocument).where(PrintedDocument.reply_ref == ref))
        if row is None:
            raise NotFound(f"No letter has the reply reference {ref}; check the slip.")
        row.reply, row.replied_on = answer, on
        if row.kind == "agreement" and answer == "yes":
            row.returned_on = on
        audit.record(
            session,
            db,
            AuditAction.CHANGED,
            entity=row.kind,
            entity_id=row.id,
            family_id=row.family_id,
            detail=f"reply {answer}",
        )
        return row.id


@dataclass(frozen=True)
class Awaiting:
    printed_id: int
    family_id: int
    reference: str
    pupil: str
    class_name: str
    reply: str | None


def replies(db: Database, batch_id: int) -> list[Awaiting]:
    """Every reply-slip letter of a batch, by class then pupil, with its answer so far."""
    from liaison.models import Pupil

    with db.read() as session:
        rows = session.execute(
            select(PrintedDocument, Pupil)
            .join(Pupil, Pupil.id == PrintedDocument.pupil_id, isouter=True)
            .where(PrintedDocument.batch_id == batch_id, PrintedDocument.reply_ref.is_not(None))
        ).all()
        out = [
            Awaiting(
                d.id,
                d.family_id,
                d.reply_ref or "",
                p.display_name if p else "",
                (p.class_name if p else None) or "",
                d.reply,
            )
            for d, p in rows
        ]
    return sorted(out, key=lambda a: (a.class_name, a.pupil))
