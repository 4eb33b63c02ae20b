"""A database as the first release (schema 0001) made it, filled with fictional families.

The rows are written with SQL that matches migrations/versions/0001_initial_schema.py, not
through today's models, so the data is exactly what an old database holds. Names come from
Faker in English, Polish, Arabic and Bengali scripts; everything is random and fictional.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path
from typing import Any

from faker import Faker
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.pool import NullPool
from sqlcipher3 import dbapi2 as sqlcipher_dbapi

from liaison.services.search.index import _names_text
from liaison.store import connection as rawdb
from liaison.store import migrate
from liaison.store.database import keyfile_path
from liaison.store.keyfile import KdfParams, KeyFile

FIRST = "0001"
# Every table the first revision made, with the column that orders its rows.
TABLES_0001 = (
    "audit_entry",
    "family",
    "school",
    "setting",
    "store_meta",
    "term",
    "caregiver",
    "family_need",
    "family_note",
    "pupil",
    "caregiver_language",
    "consent",
    "pupil_caregiver",
    "search_doc",
)
_LOCALES = {"ENG": "en_GB", "POL": "pl_PL", "ARA": "ar_AA", "BNG": "bn_BD"}
_STAMP = "2025-09-{day:02d}T09:{minute:02d}:00+00:00"


def create_at_0001(
    path: Path, passphrase: str, kdf: KdfParams, *, families: int, seed: int
) -> None:
    """Make a new encrypted database at schema 0001 (not head) and fill it."""
    data_key = os.urandom(32)
    keyfile = KeyFile.new(keyfile_path(path))
    keyfile.set_passphrase(passphrase, data_key, kdf)
    keyfile.set_recovery_code(data_key)
    keyfile.save(data_key)
    rawdb.connect(path, data_key, create=True).close()
    engine = create_engine(
        "sqlite+pysqlite://",
        module=sqlcipher_dbapi,
        creator=lambda: rawdb.connect(path, data_key),
        poolclass=NullPool,
    )
    try:
        with engine.connect() as conn:
            assert migrate.upgrade(conn, FIRST) == FIRST
            with conn.begin():
                _fill(conn, keyfile.database_id, families, seed)
    finally:
        engine.dispose()


def _insert(conn: Connection, table: str, **values: Any) -> int:
    columns = ", ".join(values)
    marks = ", ".join(f":{k}" for k in values)
    result = conn.execute(text(f"INSERT INTO {table} ({columns}) VALUES ({marks})"), values)
    return int(result.lastrowid)


def _fill(conn: Connection, database_id: str, families: int, seed: int) -> None:
    rng = random.Random(seed)
    fakers = {code: Faker(locale) for code, locale in _LOCALES.items()}
    for number, faker in enumerate(fakers.values()):
        faker.seed_instance(seed + number)
    latin = Faker("en_GB")
    latin.seed_instance(seed)

    def stamp() -> str:
        return _STAMP.format(day=rng.randint(1, 28), minute=rng.randint(0, 59))

    _insert(conn, "store_meta", key="database_id", value=database_id)
    _insert(conn, "store_meta", key="next_family_number", value=str(families + 1))
    _insert(
        conn,
        "school",
        id=1,
        name="Fictional Primary School",
        address="1 Example Road\nExampletown\nEX1 2MP",
        phone="020 7946 0000",
        email="office@example.org",
        headteacher="A. Head",
        officer_name="F. Liaison",
        officer_role="Family Liaison Officer",
        logo_png=b"\x89PNG\r\n\x1a\nnot really",
        updated_at=stamp(),
    )
    _insert(conn, "setting", key="auto_lock_minutes", value=json.dumps(10))
    _insert(conn, "setting", key="sibling_rule", value=json.dumps("youngest"))
    _insert(conn, "term", kind="autumn", starts_on="2025-09-03", ends_on="2025-12-19")
    _insert(conn, "term", kind="spring", starts_on="2026-01-05", ends_on="2026-03-27")
    _insert(
        conn,
        "audit_entry",
        at=stamp(),
        actor="officer",
        action="created_database",
        detail="liaison.db",
    )
    upn = 100
    for index in range(1, families + 1):
        code = rng.choice(sorted(_LOCALES))
        faker = fakers[code]
        surname = faker.last_name()
        surname_latin = latin.last_name() if code in ("ARA", "BNG") else None
        family_id = _insert(
            conn,
            "family",
            reference=f"F{index:05d}",
            address_line1=latin.street_address(),
            address_line2=None if index % 3 else "Flat 2",
            town="Exampletown",
            postcode=f"EX{index % 9 + 1} {index % 10}AB",
            new_arrival_date="2025-06-01" if index % 4 == 0 else None,
            created_at=stamp(),
            updated_at=stamp(),
            archived_at=stamp() if index % 11 == 0 else None,
            archived_reason="Moved away" if index % 11 == 0 else None,
        )
        carers = []
        for carer_no in range(rng.choice((1, 1, 2))):
            carer_id = _insert(
                conn,
                "caregiver",
                family_id=family_id,
                title=rng.choice((None, "Mrs", "Mr", "Ms")),
                phone_mobile=f"07700 900{rng.randint(0, 999):03d}",
                phone_other=None,
                email=f"carer{index}-{carer_no}@example.com" if rng.random() < 0.5 else None,
                main_language=code,
                letter_language=code if code != "ENG" else None,
                reads_english=code == "ENG" or rng.random() < 0.3,
                interpreter_needed=code != "ENG" and rng.random() < 0.6,
                interpreter_language=code if code != "ENG" else None,
                interpreter_dialect="Levantine" if code == "ARA" else None,
                interpreter_preference="female interpreter" if rng.random() < 0.2 else None,
                contact_channels=json.dumps(rng.sample(["bookbag", "phone", "text", "email"], 2)),
                best_times="after 3pm" if rng.random() < 0.5 else None,
                is_main_contact=carer_no == 0,
                created_at=stamp(),
                updated_at=stamp(),
                archived_at=None,
                given_name=faker.first_name(),
                family_name=surname,
                preferred_name=None,
                given_name_latin=latin.first_name() if surname_latin else None,
                family_name_latin=surname_latin,
            )
            carers.append(carer_id)
            _insert(
                conn,
                "caregiver_language",
                caregiver_id=carer_id,
                language=code,
                speaks=True,
                reads=rng.random() < 0.8,
            )
        pupils = []
        for _ in range(rng.choice((1, 2, 3))):
            upn += 1
            year = rng.randint(0, 6)
            born = f"{2020 - year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            pupils.append(
                _insert(
                    conn,
                    "pupil",
                    family_id=family_id,
                    date_of_birth=born,
                    upn=f"A8230000{upn:05d}",
                    year_group=year,
                    class_name=f"{year}{rng.choice('AB')}" if year else "RB",
                    admission_date="2025-09-03",
                    first_language=code,
                    proficiency=rng.choice("NABCDE"),
                    left_date=None,
                    created_at=stamp(),
                    updated_at=stamp(),
                    archived_at=None,
                    given_name=faker.first_name(),
                    family_name=surname,
                    preferred_name="Sami" if rng.random() < 0.1 else None,
                    given_name_latin=latin.first_name() if surname_latin else None,
                    family_name_latin=surname_latin,
                )
            )
        for priority, (pupil_id, carer_id) in enumerate((p, c) for p in pupils for c in carers):
            _insert(
                conn,
                "pupil_caregiver",
                pupil_id=pupil_id,
                caregiver_id=carer_id,
                relationship_kind=rng.choice(("mother", "father", "grandparent")),
                parental_responsibility=True,
                priority=priority % 2 + 1,
            )
        if rng.random() < 0.6:
            _insert(
                conn,
                "family_need",
                family_id=family_id,
                category=rng.choice(("uniform", "esol", "food", "housing")),
                status=rng.choice(("identified", "in_progress", "met")),
                detail=faker.sentence(),
                identified_on="2025-10-01",
                resolved_on=None,
                updated_at=stamp(),
            )
        _insert(
            conn,
            "consent",
            family_id=family_id,
            caregiver_id=carers[0],
            kind="store",
            service=None,
            status="given",
            recorded_on="2025-09-03",
            expires_on=None,
            note=None,
        )
        notes = []
        for _ in range(rng.choice((1, 2))):
            body = f"Met {faker.first_name()} at the gate. {latin.sentence()}"
            notes.append(
                (
                    _insert(
                        conn,
                        "family_note",
                        family_id=family_id,
                        written_at=stamp(),
                        author="F. Liaison",
                        body=body,
                        confidential=rng.random() < 0.2,
                        updated_at=stamp(),
                    ),
                    body,
                )
            )
        _index(conn, family_id, notes)
        _insert(
            conn,
            "audit_entry",
            at=stamp(),
            actor="officer",
            action="created",
            entity="family",
            entity_id=family_id,
            family_id=family_id,
            detail=None,
        )


def _index(conn: Connection, family_id: int, notes: list[tuple[int, str]]) -> None:
    """The search rows the first release wrote for a family: its names, then each note."""
    names: list[str | None] = []
    for table in ("caregiver", "pupil"):
        for row in conn.execute(
            text(
                f"SELECT given_name, family_name, preferred_name, given_name_latin, "
                f"family_name_latin FROM {table} WHERE family_id = :f ORDER BY id"
            ),
            {"f": family_id},
        ):
            names.extend(row)
    docs = [("family", family_id, _names_text(names), "")]
    docs += [("note", note_id, "", body) for note_id, body in notes]
    for kind, ref_id, names_text, body in docs:
        doc_id = _insert(conn, "search_doc", family_id=family_id, kind=kind, ref_id=ref_id)
        conn.execute(
            text("INSERT INTO search_index(rowid, names, body) VALUES (:id, :names, :body)"),
            {"id": doc_id, "names": names_text, "body": body},
        )


def columns_at(conn: Any, tables: tuple[str, ...] = TABLES_0001) -> dict[str, list[str]]:
    return {t: [r[1] for r in conn.execute(f"PRAGMA table_info({t})")] for t in tables}


def snapshot(conn: Any, columns: dict[str, list[str]]) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the given columns (those 0001 made), so columns added later are ignored."""
    return {
        t: sorted(conn.execute(f"SELECT {', '.join(cols)} FROM {t}").fetchall(), key=repr)
        for t, cols in columns.items()
    }


def assert_kept(after: dict[str, list[Any]], before: dict[str, list[Any]]) -> None:
    """Every row is as it was; the audit log may only have grown (the update is logged)."""
    for table, rows in before.items():
        if table == "audit_entry":
            assert set(rows) <= set(after[table])
        else:
            assert after[table] == rows, table
