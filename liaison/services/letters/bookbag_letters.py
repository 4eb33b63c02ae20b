"""A book-bag run's documents, each letter filled in when a renderer asks for it.

The render pool (liaison.documents.pool) takes the documents a chunk at a time, in order. Filled
in here as they are taken, the letters of the next chunks are being written while the renderer
children lay out the last ones; filling every letter in first (about a second for a whole
school) kept the children waiting for all of it before the first page was laid out.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol, overload

from liaison.documents.layout import Block, Document, Letterhead, Section
from liaison.errors import Cancelled
from liaison.i18n import languages
from liaison.i18n.bidi import for_line
from liaison.jobs import CancelCheck
from liaison.services import letters, school

if TYPE_CHECKING:
    from liaison.services.families import FamilyDraft
    from liaison.services.letters.templates import Template
    from liaison.store.database import Database


class Item(Protocol):
    """What is read of a planned letter (bookbag.Item; named here, not imported, since
    bookbag imports this module)."""

    family_id: int
    caregiver_id: int | None
    pupil_id: int | None
    pupil_name: str
    class_name: str
    language: str
    fallback: bool
    assumed: str


class Plan(Protocol):
    @property
    def items(self) -> Sequence[Item]: ...

    @property
    def drafts(self) -> Mapping[int, FamilyDraft]: ...


def label(class_name: str, pupil_name: str) -> str:
    """The line at the top of a book-bag letter: the class first (how a teacher sorts them),
    the name isolated so a right-to-left name cannot pull the class's digits into its run."""
    return f"{class_name} · {for_line(pupil_name, 'ltr')}"


def cover_sheet(head: Letterhead, class_name: str, items: list[Item], title: str) -> Document:
    lines = tuple(
        f"{for_line(i.pupil_name, 'ltr')}: {languages.describe(i.language)}"
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


class RunDocuments(Sequence[Document]):
    """Every document of a run in print order: a cover sheet before each class, then its
    letters. A letter is filled in the first time it is taken; `prepared()` gives them all
    (for the record) once each has been."""

    def __init__(
        self,
        db: Database,
        the_plan: Plan,
        template: Template,
        fields: dict[str, Any] | None,
        bilingual: bool,
        cancel: CancelCheck | None = None,
    ) -> None:
        self._db = db
        self._plan = the_plan
        self._template = template
        self._fields = fields
        self._bilingual = bilingual
        self._cancel = cancel
        self._details = school.get_school(self._db)
        head = Letterhead(self._details.name, tuple(self._details.address.splitlines()))
        per_class = Counter(i.class_name for i in the_plan.items)
        # A plan's items are in class order; a hand-made one is grouped by class here, each
        # class where it first appears, so every class is one run of pages (and whole chunks).
        first = {n: i for i, n in reversed(list(enumerate(x.class_name for x in the_plan.items)))}
        items = sorted(the_plan.items, key=lambda i: first[i.class_name])
        self._entries: list[Document | Item] = []
        self.by_class: dict[str, tuple[int, int]] = {}
        for item in items:
            if item.class_name not in self.by_class:
                start = len(self._entries)
                of_class = [i for i in items if i.class_name == item.class_name]
                self._entries.append(cover_sheet(head, item.class_name, of_class, template.title))
                self.by_class[item.class_name] = (start, start + 1 + per_class[item.class_name])
            self._entries.append(item)
        self._prepared: dict[int, letters.Prepared] = {}

    def __len__(self) -> int:
        return len(self._entries)

    @overload
    def __getitem__(self, index: int) -> Document: ...

    @overload
    def __getitem__(self, index: slice) -> list[Document]: ...

    def __getitem__(self, index: int | slice) -> Document | list[Document]:
        if isinstance(index, slice):
            return [self._document(i) for i in range(*index.indices(len(self)))]
        return self._document(index)

    def _document(self, index: int) -> Document:
        entry = self._entries[index]
        if isinstance(entry, Document):
            return entry
        if index not in self._prepared:
            if self._cancel is not None and self._cancel():
                raise Cancelled
            self._prepared[index] = self._fill_in(entry)
        return self._prepared[index].document

    def _fill_in(self, item: Item) -> letters.Prepared:
        p = letters.prepare(
            self._db,
            self._template.key,
            item.family_id,
            caregiver_id=item.caregiver_id,
            pupil_id=item.pupil_id,
            language=item.language,
            bilingual=self._bilingual,
            fields=self._fields,
            template=self._template,
            details=self._details,
            draft=self._plan.drafts.get(item.family_id),
        )
        document = dataclasses.replace(p.document, tag=label(item.class_name, item.pupil_name))
        return dataclasses.replace(p, document=document)

    def prepared(self) -> list[letters.Prepared]:
        """Every letter, in print order (those not yet taken are filled in now)."""
        return [
            self._prepared[i] if i in self._prepared else self._prepare_now(i)
            for i, entry in enumerate(self._entries)
            if not isinstance(entry, Document)
        ]

    def _prepare_now(self, index: int) -> letters.Prepared:
        self._document(index)
        return self._prepared[index]
