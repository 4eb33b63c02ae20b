"""A headless self-test of an installed Liaison: the packaged build's proof that it works.

In a new temporary folder it creates an encrypted database (running every migration), opens it
again with the passphrase, fills it with fictional demo families, prints a letter in every
language the shipped templates have (each PDF checked with pypdf: it opens, has pages, every font
is embedded), makes a termly report PDF and workbook, runs the database check, closes the
database and deletes the folder. It touches nothing of the officer's: no data folder, no
settings, no network.

The key slot uses cheap Argon2id parameters (t=1, 8 MiB, p=1) so the test does not spend half a
second deriving a key twice; the cost is a parameter recorded in the slot, and the real one is
measured in bench/store.py. Everything else is the code the app runs.
"""

from __future__ import annotations

import datetime as dt
import platform
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from liaison import __version__, paths
from liaison.services.access import create_database, open_database

if TYPE_CHECKING:
    from liaison.store.database import Database

PASSPHRASE = "self-test passphrase, not a secret"
LETTER_TEMPLATE = "meeting_invitation"  # fields in every locale, right-to-left, a reply slip
LETTER_FIELDS = {"date": "", "time": "15:30", "place": "Family room", "interpreter": "yes"}


class SelfTestFailed(Exception):
    """A step found something wrong; the message says what."""


@dataclass(frozen=True)
class Step:
    name: str
    ok: bool
    detail: str
    seconds: float

    def line(self) -> str:
        mark = "ok  " if self.ok else "FAIL"
        return f"{mark} {self.name:<26} {self.detail} ({self.seconds:.2f} s)"


@dataclass
class Outcome:
    steps: list[Step]

    @property
    def ok(self) -> bool:
        return bool(self.steps) and all(s.ok for s in self.steps)

    @property
    def failed(self) -> list[Step]:
        return [s for s in self.steps if not s.ok]


def pdf_summary(path: Path) -> tuple[int, int, list[str]]:
    """(pages, fonts, names of fonts used but not embedded) of a PDF; raises if unreadable."""
    from pypdf import PdfReader

    if not path.is_file() or path.stat().st_size == 0:
        raise SelfTestFailed(f"{path.name} was not written")
    reader = PdfReader(path)
    pages = len(reader.pages)
    missing: list[str] = []
    seen: set[str] = set()
    for page in reader.pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources else None
        for ref in (fonts.get_object() if fonts else {}).values():
            font = ref.get_object()
            name = str(font.get("/BaseFont", "?"))
            if name in seen:
                continue
            seen.add(name)
            if font.get("/Subtype") == "/Type3":
                continue  # glyphs drawn inside the PDF itself
            described = font
            if font.get("/Subtype") == "/Type0":
                described = font["/DescendantFonts"][0].get_object()
            descriptor = described.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.append(name)
    if pages < 1:
        raise SelfTestFailed(f"{path.name} has no pages")
    return pages, len(seen), missing


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _letter_languages(db: Database) -> list[str]:
    """Every language the self-test's template has, English first."""
    from liaison.services.letters.templates import MASTER, get_template

    codes = set(get_template(db, LETTER_TEMPLATE).variants)
    return sorted(codes, key=lambda c: (c != MASTER, c))


class _Runner:
    def __init__(self, report: Callable[[Step], None] | None) -> None:
        self.steps: list[Step] = []
        self._report = report

    @contextmanager
    def step(self, name: str) -> Iterator[list[str]]:
        """Time a step; the body appends its one-line detail. Any exception fails the step."""
        detail: list[str] = []
        start = time.perf_counter()
        try:
            yield detail
        except Exception as exc:
            message = str(exc) if isinstance(exc, SelfTestFailed) else _describe(exc)
            self._add(Step(name, False, message, time.perf_counter() - start))
            raise SelfTestFailed(f"{name}: {message}") from exc
        self._add(Step(name, True, "; ".join(detail) or "done", time.perf_counter() - start))

    def _add(self, step: Step) -> None:
        self.steps.append(step)
        if self._report is not None:
            self._report(step)


def _describe(exc: BaseException) -> str:
    text = getattr(exc, "message", None) or str(exc) or ""
    return f"{type(exc).__name__}: {text}".rstrip(": ")


def run(
    *,
    families: int = 12,
    report: Callable[[Step], None] | None = None,
    folder: Path | None = None,
) -> Outcome:
    """Run every step (stopping at the first failure); the temporary folder is always removed.

    `folder` is where the temporary folder is made (default: the system's temp folder)."""
    from liaison.store.keyfile import KdfParams

    runner = _Runner(report)
    work = Path(tempfile.mkdtemp(prefix="liaison-selftest-", dir=folder))
    db: Database | None = None
    try:
        with runner.step("environment") as detail:
            frozen = "frozen build" if getattr(sys, "frozen", False) else "from source"
            detail.append(f"liaison {__version__}, {frozen}, Python {platform.python_version()}")
            for needed in (paths.resources_dir() / "letters", paths.migrations_dir() / "versions"):
                if not needed.is_dir():
                    raise SelfTestFailed(f"{needed} is missing from this installation")
            from liaison.documents.font_names import font_files

            fonts = font_files()
            if not fonts:
                raise SelfTestFailed("no packaged fonts found (manimgx_fonts is missing)")
            detail.append(f"{len(fonts)} font files")

        path = work / "liaison.db"
        cheap = KdfParams(time_cost=1, memory_cost=8 * 1024, parallelism=1)
        with runner.step("create database") as detail:
            from liaison.store import migrate

            db, _code = create_database(path, PASSPHRASE, kdf=cheap)
            with db.engine.connect() as conn:
                detail.append(f"SQLCipher, schema {migrate.current_revision(conn)}")
            db.close()
            db = None

        with runner.step("unlock") as detail:
            db = open_database(path, passphrase=PASSPHRASE)
            with db.engine.connect() as conn:
                version = conn.exec_driver_sql("PRAGMA cipher_version").scalar()
            detail.append(f"passphrase accepted, SQLCipher {version}")

        with runner.step("demo data") as detail:
            from liaison import demo
            from liaison.services import families as fam

            summary = demo.build_demo(db, families=families, seed=1)
            family_id = fam.family_id_for_reference(db, "F00001")
            codes = _letter_languages(db)
            detail.append(
                f"{summary.families} families, {summary.caregivers} caregivers, "
                f"{summary.pupils} pupils; templates in {len(codes)} languages"
            )

        from liaison.i18n import languages
        from liaison.services import letters

        day = db.clock.today() + dt.timedelta(days=7)
        fields = {**LETTER_FIELDS, "date": day.strftime("%d/%m/%Y")}
        for code in codes:
            with runner.step(f"letter {code}") as detail:
                out = work / f"letter-{code}.pdf"
                prepared = letters.prepare(
                    db, LETTER_TEMPLATE, family_id, language=code, fields=fields
                )
                letters.print_document(db, prepared, out)
                pages, fonts, missing = pdf_summary(out)
                if missing:
                    raise SelfTestFailed(f"fonts not embedded: {', '.join(missing)}")
                if not fonts:
                    raise SelfTestFailed(f"{out.name} uses no font")
                detail.append(
                    f"{languages.describe(code)}: {_n(pages, 'page')}, "
                    f"{_n(fonts, 'font')} all embedded"
                )

        with runner.step("book-bag run") as detail:
            # As the desktop app prints it: from a worker thread, so the letters are drawn in
            # a child process of this program (liaison.documents.isolated says why).
            from liaison.services.letters import bookbag

            the_plan = bookbag.plan(db, LETTER_TEMPLATE, bookbag.Selection(whole_school=True))
            out = work / "bookbag.pdf"
            box: dict[str, Any] = {}

            def print_run() -> None:
                try:
                    box["result"] = bookbag.run(
                        db, the_plan, out, fields=fields, description="self-test"
                    )
                except BaseException as exc:
                    box["error"] = exc

            thread = threading.Thread(target=print_run, name="selftest-bookbag")
            thread.start()
            thread.join()
            if "error" in box:
                raise box["error"]
            pages, _, missing = pdf_summary(out)
            if missing:
                raise SelfTestFailed(f"fonts not embedded: {', '.join(missing)}")
            detail.append(
                f"{_n(box['result'].letters, 'letter')} on {_n(pages, 'page')}, "
                "drawn in a child process"
            )

        with runner.step("termly report") as detail:
            from liaison.services import reporting as rp

            today = db.clock.today()
            period, previous = rp.resolve(db, start=today - dt.timedelta(days=90), end=today)
            made = rp.build(db, period, previous)
            pdf, xlsx = work / "report.pdf", work / "report.xlsx"
            rp.export(db, made, pdf=pdf, xlsx=xlsx)
            # Not held to the letters' rule: reportlab names standard Helvetica in every PDF
            # (its canvas default); the report's text is English, set in embedded Noto Sans.
            pages, _, _ = pdf_summary(pdf)
            if not xlsx.is_file() or xlsx.stat().st_size == 0:
                raise SelfTestFailed("the workbook was not written")
            detail.append(f"PDF {_n(pages, 'page')}, workbook {xlsx.stat().st_size // 1024} KiB")

        with runner.step("database check") as detail:
            checked = db.check()
            if not checked.ok:
                raise SelfTestFailed(f"failed: {', '.join(checked.failures)}")
            detail.append(f"{len(checked.results)} checks passed")

        with runner.step("close") as detail:
            db.close()
            db = None
            detail.append("key forgotten, lock released")
    except SelfTestFailed:
        pass
    finally:
        if db is not None:
            db.close()
        _remove(work, runner)
    return Outcome(runner.steps)


def _remove(work: Path, runner: _Runner) -> None:
    try:
        with runner.step("clean up") as detail:
            shutil.rmtree(work)
            if work.exists():
                raise SelfTestFailed(f"{work} is still there")
            detail.append(f"removed {work.name}")
    except SelfTestFailed:
        pass
