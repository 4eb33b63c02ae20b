"""Book-bag runs over the demo school: counts, sibling rules, order, labels, covers, cancel."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from liaison.errors import Cancelled, LiaisonError, ValidationError
from liaison.services import families as fam
from liaison.services import letters
from liaison.services.letters import bookbag
from liaison.store.database import Database

FIELDS = {"event": "Coffee morning", "date": "01/12/2026", "time": "09:00", "place": "the hall"}


def _pupils(db: Database) -> list[fam.PupilDraft]:
    out = []
    for row in fam.list_families(db):
        out += [p for p in fam.load_draft(db, row.id).pupils if p.left_date is None]
    return out


def test_sibling_rules_give_the_expected_counts(demo_db: Database) -> None:
    everyone = bookbag.Selection(whole_school=True)
    families = fam.list_families(demo_db)
    pupils = _pupils(demo_db)
    youngest = bookbag.plan(demo_db, "event_invitation", everyone, sibling_rule="youngest")
    eldest = bookbag.plan(demo_db, "event_invitation", everyone, sibling_rule="eldest")
    each = bookbag.plan(demo_db, "event_invitation", everyone, sibling_rule="each")
    assert len(youngest.items) == len(eldest.items) == len(families)
    assert len(each.items) == len(pupils)
    # The youngest and eldest differ exactly in families with more than one pupil.
    multi = sum(1 for r in families if len(fam.load_draft(demo_db, r.id).pupils) > 1)
    differ = {i.pupil_id for i in youngest.items} ^ {i.pupil_id for i in eldest.items}
    assert len(differ) == 2 * multi
    assert sum(youngest.per_class().values()) == len(youngest.items)


def test_selection_by_class_and_untranslated_rule(demo_db: Database) -> None:
    one_class = _pupils(demo_db)[0].class_name
    assert one_class
    chosen = bookbag.plan(
        demo_db,
        "event_invitation",
        bookbag.Selection(class_names=(one_class,)),
        sibling_rule="each",
    )
    assert {i.class_name for i in chosen.items} == {one_class}
    english = bookbag.plan(demo_db, "welcome", bookbag.Selection(whole_school=True))
    excluded = bookbag.plan(
        demo_db, "welcome", bookbag.Selection(whole_school=True), untranslated="exclude"
    )
    assert len(excluded.items) == len(english.items) - len(english.fallbacks())
    assert all(i.language == "ENG" for i in english.fallbacks())
    with pytest.raises(ValidationError, match="choose a class"):
        bookbag.plan(demo_db, "welcome", bookbag.Selection())


def test_run_order_labels_cover_sheets_and_records(demo_db: Database, tmp_path: Path) -> None:
    plan = bookbag.plan(demo_db, "event_invitation", bookbag.Selection(whole_school=True))
    out = tmp_path / "bookbag.pdf"
    result = bookbag.run(
        demo_db, plan, out, fields=FIELDS, bilingual=False, per_class_dir=tmp_path / "classes"
    )
    assert result.letters == len(plan.items)
    pdf = pdfium.PdfDocument(str(out))
    texts = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    covers = [t for t in texts if t.startswith("Cover sheet")]
    assert len(covers) == len(plan.per_class())
    # Class order, with the cover sheet first in each class; each letter labelled.
    labels = [t.split("\r\n", 1)[0] for t in texts]
    # The class is the label's Latin token (an Arabic name may come first in visual order).
    known = set(plan.per_class())
    classes_in_order = [
        next((t for t in label.replace("·", " ").split() if t in known), None) for label in labels
    ]
    classes_in_order = [c for c in classes_in_order if c is not None]
    seen: list[str] = []
    for name in classes_in_order:
        if not seen or seen[-1] != name:
            assert name not in seen, f"class {name} appears in two places"
            seen.append(name)
    assert seen == list(dict.fromkeys(i.class_name for i in plan.items))
    english = [i for i in plan.items if i.language == "ENG" and i.pupil_name.isascii()]
    for item in english[:5]:
        # Class first (issue 18: "3A · name", how teachers sort them).
        assert any(t.startswith(f"{item.class_name} · {item.pupil_name}") for t in texts)
    assert len(result.per_class_files) == len(plan.per_class())
    # Every letter is in its family's record, with the batch.
    family_id = plan.items[0].family_id
    assert any("Coffee morning" in p.title for p in letters.printed_for(demo_db, family_id))


def test_cancelled_run_leaves_nothing(demo_db: Database, tmp_path: Path) -> None:
    plan = bookbag.plan(demo_db, "event_invitation", bookbag.Selection(whole_school=True))
    calls = {"n": 0}

    def cancel() -> bool:
        calls["n"] += 1
        return calls["n"] > 10

    out = tmp_path / "out"
    out.mkdir()
    family_id = plan.items[0].family_id
    before = letters.printed_for(demo_db, family_id)  # the demo's own letter history
    with pytest.raises(Cancelled):
        bookbag.run(demo_db, plan, out / "x.pdf", fields=FIELDS, cancel=cancel)
    assert list(out.iterdir()) == []
    assert letters.printed_for(demo_db, family_id) == before


def test_a_run_recorded_while_its_last_letters_print_keeps_nothing_if_its_file_fails(
    demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Off the main thread, as the app prints, every letter goes to a renderer and the run is
    recorded while they finish theirs; a file that then cannot be written takes it back."""
    plan = bookbag.plan(demo_db, "event_invitation", bookbag.Selection(whole_school=True))
    out = tmp_path / "out"
    out.mkdir()
    family_id = plan.items[0].family_id
    before = letters.printed_for(demo_db, family_id)
    recorded = []
    record_batch = letters.record_batch

    def watched(*args: object) -> None:
        recorded.append(True)
        record_batch(*args)

    monkeypatch.setattr(letters, "record_batch", watched)

    def progress(done: int, total: int) -> None:
        if done == total:  # every page laid out; the file is still to write
            shutil.rmtree(out)

    box: dict[str, BaseException] = {}

    def print_run() -> None:
        try:
            bookbag.run(demo_db, plan, out / "x.pdf", fields=FIELDS, progress=progress)
        except BaseException as exc:
            box["error"] = exc

    thread = threading.Thread(target=print_run)
    thread.start()
    thread.join(timeout=300)
    assert isinstance(box.get("error"), LiaisonError)
    assert recorded  # the record was made before the file failed
    assert letters.printed_for(demo_db, family_id) == before
    assert not out.exists()


def test_reply_slips_references_and_who_is_waiting(demo_db: Database, tmp_path: Path) -> None:
    fields = {
        "event": "Museum trip",
        "place": "the museum",
        "date": "10/12/2026",
        "deadline": "04/12/2026",
    }
    plan = bookbag.plan(
        demo_db, "trip_consent", bookbag.Selection(whole_school=True), sibling_rule="each"
    )
    result = bookbag.run(demo_db, plan, tmp_path / "trip.pdf", fields=fields, bilingual=False)
    rows = letters.replies(demo_db, result.batch_id)
    assert len(rows) == len(plan.items) and all(r.reply is None for r in rows)
    refs = [r.reference for r in rows]
    assert len(set(refs)) == len(refs) and all(len(r) == 7 for r in refs)
    # The reference is printed on the slip (and drawn as a QR code beside it).
    pdf = pdfium.PdfDocument(str(tmp_path / "trip.pdf"))
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert all(ref in text for ref in refs[:10])
    letters.record_reply(demo_db, refs[0].lower(), "yes")
    letters.record_reply(demo_db, f" {refs[1]} ", "no")
    after = {r.reference: r.reply for r in letters.replies(demo_db, result.batch_id)}
    assert after[refs[0]] == "yes" and after[refs[1]] == "no"
    assert sum(1 for v in after.values() if v is None) == len(refs) - 2
    with pytest.raises(Exception, match="No letter has the reply reference"):
        letters.record_reply(demo_db, "RXXXXXX", "yes")
    with pytest.raises(ValidationError):
        letters.record_reply(demo_db, refs[2], "maybe")


def test_a_batch_reprints_exactly(demo_db: Database, tmp_path: Path) -> None:
    plan = bookbag.plan(demo_db, "welcome", bookbag.Selection(whole_school=True))
    result = bookbag.run(demo_db, plan, tmp_path / "a.pdf", bilingual=False)
    count = letters.reprint_batch(demo_db, result.batch_id, tmp_path / "b.pdf")
    assert count == result.letters
    first = pdfium.PdfDocument(str(tmp_path / "a.pdf"))
    again = pdfium.PdfDocument(str(tmp_path / "b.pdf"))
    letters_only = [
        first[i].get_textpage().get_text_range()
        for i in range(len(first))
        if not first[i].get_textpage().get_text_range().startswith("Cover sheet")
    ]
    reprinted = [again[i].get_textpage().get_text_range() for i in range(len(again))]
    assert len(letters_only) == len(reprinted)
    # Pages in Latin script compare exactly (a shaped script's text layer depends on which
    # glyphs the whole file uses, so it differs from file to file; see README, Letters).
    for one, two in zip(letters_only, reprinted, strict=True):
        if one.isascii():
            assert one == two


def test_need_and_hand_made_selections(demo_db: Database) -> None:
    from liaison.models.enums import NeedCategory

    family_id = fam.list_families(demo_db)[0].id
    fam.add_need(demo_db, family_id, NeedCategory.TRANSPORT)
    plan = bookbag.plan(
        demo_db, "welcome", bookbag.Selection(whole_school=True, need=NeedCategory.TRANSPORT)
    )
    assert family_id in {i.family_id for i in plan.items}
    picked = bookbag.plan(demo_db, "welcome", bookbag.Selection(family_ids=(family_id,)))
    assert {i.family_id for i in picked.items} == {family_id}


def test_the_record_of_each_letter_is_the_whole_document(demo_db: Database, tmp_path: Path) -> None:
    """What is kept to reprint from is what dataclasses.asdict makes of the document (the
    record makes it a faster way), slip included; only the logo is left to the settings."""
    import dataclasses

    from sqlalchemy import select

    from liaison.models import PrintedDocument
    from liaison.services.letters.bookbag_letters import RunDocuments
    from liaison.services.letters.printed import _snapshot
    from liaison.services.letters.templates import get_template

    fields = {"event": "Trip", "place": "the zoo", "date": "10/12/2026", "deadline": "04/12/2026"}
    plan = bookbag.plan(demo_db, "trip_consent", bookbag.Selection(class_names=("3B",)))
    template = get_template(demo_db, "trip_consent")
    prepared = RunDocuments(demo_db, plan, template, fields, True).prepared()
    assert prepared and all(p.document.slip is not None for p in prepared)
    for p in prepared:
        expected = dataclasses.asdict(p.document)
        expected["letterhead"]["logo_png"] = None
        assert _snapshot(p.document) == expected
    result = bookbag.run(demo_db, plan, tmp_path / "trip.pdf", fields=fields)
    with demo_db.read() as session:
        kept = session.scalars(
            select(PrintedDocument.snapshot).where(PrintedDocument.batch_id == result.batch_id)
        ).all()
    assert len(kept) == len(prepared)
    assert all(k["slip"]["reference"] and k["sections"][0]["blocks"] for k in kept)
