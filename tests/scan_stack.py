"""A scanned stack for the scan tests: the demo school's trip consent letters and a class's
questionnaires printed for real, pages with a reference marked by "parents" in every style,
put through a "copier", shuffled with a blank page and a page from another school's batch."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PIL import Image

from liaison.scans.geometry import PageGeometry
from liaison.services.access import open_database
from liaison.services.scans import ScanSummary, read_scans
from liaison.services.scans.printed import PrintedPages
from liaison.store.database import Database
from tests.scan_helpers import (
    STYLES,
    Truth,
    blank_page,
    mark_page,
    references_by_page,
    render,
    save_pdf,
    scan,
    write_words,
)

TRIP = {"event": "Museum trip", "place": "the Science Museum", "date": "10/12/2026"}


@dataclass
class Stack:
    images: list[Image.Image] = field(default_factory=list)
    truths: dict[tuple[str, str], Truth] = field(default_factory=dict)
    written: set[tuple[str, str]] = field(default_factory=set)  # words written in a box
    references: list[str] = field(default_factory=list)  # every page with a code, in order
    upside_down: int = 0


def print_school(db: Database, out: Path, classes: int | None = 2) -> tuple[Path, Path]:
    """A trip consent book-bag run for the whole demo school, and the settling-in
    questionnaire for its first two classes (or every class)."""
    from liaison.services import parent_voice as pv
    from liaison.services.letters import bookbag

    plan = bookbag.plan(db, "trip_consent", bookbag.Selection(whole_school=True))
    bookbag.run(db, plan, out / "trip.pdf", fields=TRIP, bilingual=True)
    names = sorted({i.class_name for i in plan.items if i.class_name})[:classes]
    chosen = pv.plan(db, "settling_in", pv.Selection(class_names=tuple(names)))
    pv.run(db, chosen, out / "settling.pdf", fields={"deadline": "11/12/2026"}, description="t")
    return out / "trip.pdf", out / "settling.pdf"


def geometries(db: Database, pdf: Path) -> dict[int, PageGeometry]:
    from sqlalchemy import select

    from liaison.models import PrintedDocument, QuestionnairePage

    with db.read() as session:
        known = set(session.scalars(select(PrintedDocument.reply_ref)))
        known |= set(session.scalars(select(QuestionnairePage.reference)))
    printed = PrintedPages(db)
    out = {}
    for index, ref in references_by_page(pdf, known - {None}).items():
        geometry = printed.geometry(ref)
        assert geometry is not None, f"{ref} printed but not found"
        out[index] = geometry
    return out


def build(
    db: Database,
    pdfs: list[Path],
    *,
    dpi: int,
    seed: int,
    limit: int | None = None,
    extra: list[Image.Image] = (),
    total: int | None = None,
) -> Stack:
    """Every page with a reference in `pdfs` (up to `limit` from each), marked and scanned."""
    rng = random.Random(seed)
    stack = Stack()
    styles = [s for _ in range(200) for s in STYLES]
    rng.shuffle(styles)
    for pdf in pdfs:
        for index, geometry in list(geometries(db, pdf).items())[:limit]:
            if total is not None and len(stack.references) >= total:
                break
            page = render(pdf, index, 300)
            for truth in mark_page(page, geometry, 300, rng, styles):
                stack.truths[(truth.reference, truth.question)] = truth
            for box in geometry.writing:
                if rng.random() < 0.5:
                    write_words(page, box.rect, 300)
                    stack.written.add((geometry.reference, box.question))
            down = rng.random() < 0.3
            stack.upside_down += down
            stack.images.append(scan(page, rng, dpi_in=300, dpi_out=dpi, upside_down=down))
            stack.references.append(geometry.reference)
    stack.images += list(extra)
    stack.images.append(blank_page(dpi, rng))
    rng.shuffle(stack.images)
    return stack


def print_school_all(db: Database, out: Path) -> list[Path]:
    return list(print_school(db, out, classes=None))


def other_school_page(db: Database, out: Path, dpi: int) -> tuple[Image.Image, str]:
    """A trip consent slip printed by another school's Liaison (another database), scanned."""
    pdf = print_school_letter(db, out)
    index, ref = next(iter(references_by_page(pdf).items()))
    return scan(render(pdf, index, 300), random.Random(5), dpi_in=300, dpi_out=dpi), ref


def print_school_letter(db: Database, out: Path) -> Path:
    from liaison.services import families as fam
    from liaison.services import letters

    family_id = fam.save_family(
        db,
        fam.FamilyDraft(
            caregivers=[fam.CaregiverDraft(key="m", given_name="Ana", family_name="Lopes")],
            pupils=[
                fam.PupilDraft(
                    key="p",
                    given_name="Rui",
                    family_name="Lopes",
                    class_name="2B",
                    year_group=2,
                    links=[fam.LinkDraft("m")],
                )
            ],
        ),
    )
    pupil_id = fam.load_draft(db, family_id).pupils[0].id
    prepared = letters.prepare(db, "trip_consent", family_id, pupil_id=pupil_id, fields=TRIP)
    path = out / "other-school.pdf"
    letters.print_document(db, prepared, path)
    return path


@dataclass
class School:
    db_path: Path
    trip: Path
    settling: Path
    stack: Stack
    scan_pdf: Path
    other_ref: str
    summary: ScanSummary


@pytest.fixture(scope="session")
def scanned_school(tmp_path_factory, demo_template, empty_template) -> School:
    from tests.conftest import PASSPHRASE, clock, copy_db  # conftest imports this module

    base = tmp_path_factory.mktemp("scans")
    path = copy_db(demo_template[0], base / "school")
    other_path = copy_db(empty_template[0], base / "other")
    other = open_database(other_path, passphrase=PASSPHRASE, clock=clock())
    try:
        other_image, other_ref = other_school_page(other, base, 300)
    finally:
        other.close()
    db = open_database(path, passphrase=PASSPHRASE, clock=clock())
    try:
        trip, settling = print_school(db, base)
        stack = build(db, [trip, settling], dpi=300, seed=22, limit=40, extra=[other_image])
        scan_pdf = save_pdf(stack.images, base / "copier.pdf", 300)
        summary = read_scans(db, scan_pdf)
    finally:
        db.close()
    return School(path, trip, settling, stack, scan_pdf, other_ref, summary)
