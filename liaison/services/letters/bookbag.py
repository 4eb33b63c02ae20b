"""Book-bag runs: one letter to a class, a year or the school, each in the family's language.

Plan first (who gets a letter, in which language, counts per class and language), then print
one PDF in class order and surname order (Latin form where the name is in another script), with
a label on each letter and a cover sheet per class. Every letter is recorded with its batch.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from liaison.documents.layout import Block, Document, Letterhead, Section
from liaison.errors import Cancelled, ValidationError
from liaison.i18n import languages
from liaison.jobs import CancelCheck, Progress
from liaison.models import Batch, Family, FamilyNeed, Pupil
from liaison.models.enums import AuditAction, NeedCategory
from liaison.services import audit, letters, paper_pages, school
from liaison.services import families as fam
from liaison.services.letters.templates import MASTER, get_template

if TYPE_CHECKING:
    from liaison.store.database import Database


class SiblingRule(StrEnum):
    YOUNGEST = "youngest"  # one letter per household, with the youngest child
    ELDEST = "eldest"
    EACH = "each"  # one letter per child


@dataclass(frozen=True)
class Selection:
    class_names: tuple[str, ...] = ()
    year_groups: tuple[int, ...] = ()
    whole_school: bool = False
    language: str | None = None
    need: NeedCategory | None = None
    family_ids: tuple[int, ...] = ()

    def describe(self) -> str:
        parts = []
        if self.whole_school:
            parts.append("whole school")
        if self.class_names:
            parts.append("class " + ", ".join(self.class_names))
        if self.year_groups:
            parts.append("year " + ", ".join(map(str, self.year_groups)))
        if self.language:
            parts.append(f"language {self.language}")
        if self.need:
            parts.append(f"need {self.need.value}")
        if self.family_ids:
            parts.append(f"{len(self.family_ids)} chosen families")
        return "; ".join(parts) or "nobody"


@dataclass(frozen=True)
class _Kid:
    id: int
    name: str
    class_name: str | None
    year_group: int | None
    date_of_birth: dt.date | None
    surname: str  # Latin form where there is one: the sort order teachers expect
    given: str


@dataclass(frozen=True)
class Item:
    family_id: int
    pupil_id: int
    pupil_name: str
    class_name: str
    sort_key: tuple[str, str, str]
    caregiver_id: int | None
    language: str
    fallback: bool  # no variant in the language they read: English instead
    assumed: str = ""  # "from Ayaan's first language": presumed from the pupils, not confirmed


@dataclass
class Plan:
    template_key: str
    items: list[Item] = field(default_factory=list)
    left_out: list[tuple[int, str]] = field(default_factory=list)  # family, why
    drafts: dict[int, fam.FamilyDraft] = field(default_factory=dict, repr=False)

    def per_class(self) -> dict[str, int]:
        return dict(sorted(Counter(i.class_name for i in self.items).items()))

    def per_language(self) -> dict[str, int]:
        return dict(Counter(i.language for i in self.items).most_common())

    def fallbacks(self) -> list[Item]:
        return [i for i in self.items if i.fallback]

    def assumed_per_language(self) -> dict[str, int]:
        """Letters whose language is assumed from the pupils, by language."""
        return dict(Counter(i.language for i in self.items if i.assumed).most_common())

    def language_lines(self) -> list[str]:
        """'Urdu 68, of which 40 assumed from the pupils', largest first."""
        assumed = self.assumed_per_language()
        lines = []
        for code, count in self.per_language().items():
            name = languages.get(code)
            line = f"{name.english if name else code} {count}"
            if assumed.get(code):
                line += f", of which {assumed[code]} assumed from the pupils"
            lines.append(line)
        return lines


def _class_order(name: str) -> tuple[int, str]:
    # Nursery, Reception, then Years 1-13: "N1" < "RB" < "1A" < "10C".
    head = name[:1].upper()
    if head == "N":
        return (-1, name)
    if head == "R":
        return (0, name)
    digits = "".join(ch for ch in name if ch.isdigit())
    return (int(digits) if digits else 99, name)


def plan(
    db: Database,
    template_key: str,
    selection: Selection,
    *,
    sibling_rule: SiblingRule | str = SiblingRule.YOUNGEST,
    untranslated: str = "english",  # english | exclude
) -> Plan:
    template = get_template(db, template_key)
    rule = SiblingRule(sibling_rule)
    if untranslated not in ("english", "exclude"):
        raise ValidationError({"untranslated": "choose english or exclude"})
    query = (
        select(Pupil)
        .join(Family, Family.id == Pupil.family_id)
        .where(Family.archived_at.is_(None), Pupil.archived_at.is_(None), Pupil.left_date.is_(None))
    )
    if not selection.whole_school:
        conditions = []
        if selection.class_names:
            conditions.append(Pupil.class_name.in_(selection.class_names))
        if selection.year_groups:
            conditions.append(Pupil.year_group.in_(selection.year_groups))
        if selection.family_ids:
            conditions.append(Pupil.family_id.in_(selection.family_ids))
        if not conditions and not (selection.language or selection.need):
            raise ValidationError(
                {"selection": "choose a class, a year, the whole school or families"}
            )
        if conditions:
            from sqlalchemy import or_

            query = query.where(or_(*conditions))
    with db.read() as session:
        pupils = list(session.scalars(query))
        needy: set[int] | None = None
        if selection.need is not None:
            needy = set(
                session.scalars(
                    select(FamilyNeed.family_id).where(
                        FamilyNeed.category == selection.need,
                        FamilyNeed.status.in_(("identified", "in_progress")),
                    )
                )
            )
        by_family: dict[int, list[_Kid]] = defaultdict(list)
        for p in pupils:
            if needy is None or p.family_id in needy:
                by_family[p.family_id].append(
                    _Kid(
                        p.id,
                        p.display_name,
                        p.class_name,
                        p.year_group,
                        p.date_of_birth,
                        p.family_name_latin or p.family_name,
                        p.given_name_latin or p.given_name,
                    )
                )
    result = Plan(template_key)
    for family_id, kids in by_family.items():
        draft = fam.load_draft(db, family_id)
        result.drafts[family_id] = draft
        carers = draft.caregivers
        if not carers:
            result.left_out.append((family_id, "no caregiver recorded"))
            continue
        carer = next((c for c in carers if c.is_main_contact), carers[0])
        choice = letters.choose_language(carer, set(template.variants), draft.pupils)
        if selection.language and not any(
            fam.language_matches(code, selection.language)
            for code in (carer.main_language, carer.letter_language, choice.wanted)
            if code
        ):
            continue
        fallback = choice.fallback
        if fallback and untranslated == "exclude":
            wanted = choice.wanted or MASTER
            result.left_out.append((family_id, f"no {languages.describe(wanted)} translation"))
            continue
        # Oldest first by date of birth; pupils without a date go by year group.
        kids.sort(key=lambda p: p.date_of_birth or dt.date(2100 - (p.year_group or 0), 1, 1))
        chosen = {SiblingRule.YOUNGEST: kids[-1:], SiblingRule.ELDEST: kids[:1]}.get(rule, kids)
        for pupil in chosen:
            result.items.append(
                Item(
                    family_id=family_id,
                    pupil_id=pupil.id,
                    pupil_name=pupil.name,
                    class_name=pupil.class_name or "(no class)",
                    sort_key=(
                        pupil.class_name or "~",
                        pupil.surname.casefold(),
                        pupil.given.casefold(),
                    ),
                    caregiver_id=carer.id,
                    language=choice.language,
                    fallback=fallback,
                    assumed=choice.assumed,
                )
            )
    result.items.sort(key=lambda i: (_class_order(i.sort_key[0]), i.sort_key[1], i.sort_key[2]))
    return result


def _cover_sheet(head: Letterhead, class_name: str, items: list[Item], title: str) -> Document:
    lines = tuple(
        f"{i.pupil_name}: {languages.describe(i.language)}"
        + ("  (English: no translation in their language)" if i.fallback else "")
        + (f"  (assumed {i.assumed}: confirm with the family)" if i.assumed else "")
        for i in items
    )
    return Document(
        title=f"Cover sheet {class_name}",
        letterhead=head,
        sections=(
            Section(
                "ENG",
                "ltr",
                "",
                f"{title}: class {class_name}, {len(items)} letters",
                (
                    Block("p", "Please hand each pupil the letter labelled with their name."),
                    Block("list", items=lines),
                ),
            ),
        ),
        tag=f"Cover sheet · {class_name}",
    )


@dataclass(frozen=True)
class RunResult:
    batch_id: int
    letters: int
    pages: int
    out: Path
    per_class_files: tuple[Path, ...]


def run(
    db: Database,
    the_plan: Plan,
    out: Path,
    *,
    fields: dict[str, Any] | None = None,
    bilingual: bool = True,
    sibling_rule: SiblingRule | str = SiblingRule.YOUNGEST,
    description: str = "",
    per_class_dir: Path | None = None,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> RunResult:
    """Print the planned letters (cover sheets first in each class) into one PDF; record them."""
    from liaison.documents.pdf import Job
    from liaison.documents.render import render_pdfs

    if not the_plan.items:
        raise ValidationError({"selection": "nobody to send this letter to"})
    template = get_template(db, the_plan.template_key)
    details = school.get_school(db)
    head = Letterhead(details.name, tuple(details.address.splitlines()))
    drafts = the_plan.drafts
    prepared: list[letters.Prepared] = []
    documents: list[Document] = []
    by_class: dict[str, list[int]] = defaultdict(list)
    total = len(the_plan.items)
    for index, item in enumerate(the_plan.items):
        if cancel is not None and cancel():
            raise Cancelled
        if not by_class[item.class_name]:
            cover_items = [i for i in the_plan.items if i.class_name == item.class_name]
            documents.append(_cover_sheet(head, item.class_name, cover_items, template.title))
            by_class[item.class_name].append(len(documents) - 1)
        p = letters.prepare(
            db,
            template.key,
            item.family_id,
            caregiver_id=item.caregiver_id,
            pupil_id=item.pupil_id,
            language=item.language,
            bilingual=bilingual,
            fields=fields,
            template=template,
            details=details,
            draft=drafts.get(item.family_id),
        )
        document = dataclasses.replace(p.document, tag=f"{item.pupil_name} · {item.class_name}")
        prepared.append(dataclasses.replace(p, document=document))
        documents.append(document)
        by_class[item.class_name].append(len(documents) - 1)
        if progress is not None and index % 20 == 0:
            progress(index, total * 2)

    def render_progress(done: int, count: int) -> None:
        if progress is not None:
            progress(total + done * total // max(count, 1), total * 2)

    jobs = [Job(tuple(documents), Path(out), template.title)]
    class_files: list[Path] = []
    if per_class_dir is not None:
        per_class_dir.mkdir(parents=True, exist_ok=True)
        for class_name, indexes in by_class.items():
            safe = "".join(ch if ch.isalnum() else "-" for ch in class_name)
            path = per_class_dir / f"{template.key}-{safe}.pdf"
            jobs.append(
                Job(tuple(documents[i] for i in indexes), path, f"{template.title} {class_name}")
            )
            class_files.append(path)
    result = render_pdfs(jobs, progress=render_progress, cancel=cancel)[0]
    with db.session() as session:
        batch = Batch(
            template_key=template.key,
            description=description[:300],
            letters=len(prepared),
            sibling_rule=SiblingRule(sibling_rule).value,
            created_at=db.clock.now(),
            created_by=db.actor,
        )
        session.add(batch)
        session.flush()
        batch_id = batch.id
        audit.record(
            session,
            db,
            AuditAction.PRINTED,
            entity="batch",
            entity_id=batch_id,
            detail=f"{template.key} x{len(prepared)}",
        )
        # Same transaction: a crash must not leave a batch that lists letters it never recorded.
        letters.record_many(db, prepared, batch_id=batch_id, session=session)
        paper_pages.record(session, db, result.paper, batch_id=batch_id)
    if progress is not None:
        progress(total * 2, total * 2)
    return RunResult(batch_id, len(prepared), result.pages, out, tuple(class_files))
