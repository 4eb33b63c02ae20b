"""Book-bag runs: one letter to a class, a year or the school, each in the family's language.

Plan first (who gets a letter, in which language, counts per class and language), then print
one PDF in class order and surname order (Latin form where the name is in another script), with
a label on each letter and a cover sheet per class. Every letter is recorded with its batch.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from liaison.errors import ValidationError
from liaison.i18n import languages
from liaison.jobs import CancelCheck, Progress
from liaison.models import Batch
from liaison.models.enums import AuditAction, NeedCategory
from liaison.services import audit, letters
from liaison.services import families as fam
from liaison.services.letters import bookbag_rows
from liaison.services.letters.bookbag_letters import RunDocuments
from liaison.services.letters.templates import MASTER, get_template

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

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
    # The versions to choose each family's language among, when the run is not a letter
    # template's (a questionnaire: parent_voice.sending); empty: the template's own.
    available: frozenset[str] = frozenset()

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
    available = set(selection.available or get_template(db, template_key).variants)
    rule = SiblingRule(sibling_rule)
    if untranslated not in ("english", "exclude"):
        raise ValidationError({"untranslated": "choose english or exclude"})
    if not selection.whole_school and not (
        selection.class_names
        or selection.year_groups
        or selection.family_ids
        or selection.language
        or selection.need
    ):
        raise ValidationError({"selection": "choose a class, a year, the whole school or families"})
    with db.read() as session:
        # In bulk: a handful of queries for the whole run (bookbag_rows says why).
        by_family = bookbag_rows.selected_kids(
            session,
            whole_school=selection.whole_school,
            class_names=selection.class_names,
            year_groups=selection.year_groups,
            family_ids=selection.family_ids,
            need=selection.need,
        )
        drafts = bookbag_rows.load_drafts(session, by_family)
    result = Plan(template_key)
    for family_id, kids in by_family.items():
        draft = drafts[family_id]
        result.drafts[family_id] = draft
        chosen_for = bookbag_rows.choose_for_family(draft, available)
        if chosen_for is None:
            result.left_out.append((family_id, "no caregiver recorded"))
            continue
        carer, choice = chosen_for.caregiver, chosen_for.language
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
    """Print the planned letters (cover sheets first in each class) into one PDF; record them.

    The letters are laid out on every core (liaison.documents.pool); the renderer processes
    start first, so they load while the letters are prepared here."""
    from liaison.documents.pool import Part, RenderPool

    if not the_plan.items:
        raise ValidationError({"selection": "nobody to send this letter to"})
    recorded: list[tuple[int, int]] = []  # the batch's id and its letters, once recorded
    # One transaction for the record, committed once every file is written and rolled back if
    # any is not. The record is made while the renderers finish their last letters when this
    # process would only wait for them, else after the run.
    with RenderPool() as pool, db.session() as session:
        template = get_template(db, the_plan.template_key)
        documents = RunDocuments(db, the_plan, template, fields, bilingual, cancel)
        documents[1]  # the first letter: a field left out is refused before anything starts
        total = len(documents)

        def render_progress(done: int, count: int) -> None:
            if progress is not None:
                progress(done, total)

        def record() -> None:
            if not recorded:
                prepared = documents.prepared()
                batch_id = record_run(
                    db,
                    session,
                    template.key,
                    prepared,
                    sibling_rule=sibling_rule,
                    description=description,
                )
                recorded.append((batch_id, len(prepared)))

        parts: list[Part] = []
        if per_class_dir is not None:
            per_class_dir.mkdir(parents=True, exist_ok=True)
            for class_name, (start, stop) in documents.by_class.items():
                safe = "".join(ch if ch.isalnum() else "-" for ch in class_name)
                path = per_class_dir / f"{template.key}-{safe}.pdf"
                parts.append(Part(start, stop, path, f"{template.title} {class_name}"))
        result = pool.render(
            documents,
            Path(out),
            template.title,
            parts=parts,
            progress=render_progress,
            cancel=cancel,
            meanwhile=record,
        )[0]
        record()
    batch_id, count = recorded[0]
    return RunResult(batch_id, count, result.pages, out, tuple(part.out for part in parts))


def record_run(
    db: Database,
    session: Session,
    template_key: str,
    prepared: list[letters.Prepared],
    *,
    sibling_rule: SiblingRule | str,
    description: str,
    detail: str = "",
) -> int:
    """A printed run: the batch, its audit entry (`detail` added to it) and every letter, in
    the caller's open transaction; the batch's id."""
    batch = Batch(
        template_key=template_key,
        description=description[:300],
        letters=len(prepared),
        sibling_rule=SiblingRule(sibling_rule).value,
        created_at=db.clock.now(),
        created_by=db.actor,
    )
    session.add(batch)
    session.flush()
    audit.record(
        session,
        db,
        AuditAction.PRINTED,
        entity="batch",
        entity_id=batch.id,
        detail=f"{template_key} x{len(prepared)}{detail}",
    )
    # Same transaction: a crash must not leave a batch that lists letters it never recorded.
    letters.record_batch(db, prepared, batch.id, session)
    return batch.id
