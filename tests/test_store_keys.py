"""Key slots: passphrase, recovery code, rewrapping, and a key file that is damaged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from liaison.errors import StoreBusy, StoreDamaged, StoreMissing, ValidationError, WrongSecret
from liaison.services import families as fam
from liaison.services.access import create_database, open_database
from liaison.store import recovery
from liaison.store.database import Database, keyfile_path
from liaison.store.keyfile import KdfParams, KeyFile
from tests.conftest import CHEAP_KDF, PASSPHRASE, clock


def _family_refs(db: Database) -> list[str]:
    return sorted(
        r.reference for r in fam.list_families(db, fam.FamilyFilter(include_archived=True))
    )


def test_create_returns_a_readable_recovery_code(tmp_path: Path) -> None:
    db, code = create_database(tmp_path / "x.db", PASSPHRASE, kdf=CHEAP_KDF, clock=clock())
    db.close()
    groups = code.split("-") if "-" in code else code.split()
    assert len(groups) == 8 and all(len(g) == 5 for g in groups)
    assert recovery.normalise(code) is not None
    # Lookalike letters typed by a person are accepted.
    typed = code.lower().replace("0", "o").replace("1", "l")
    open_database(tmp_path / "x.db", recovery_code=typed, clock=clock()).close()


def test_default_kdf_is_argon2id_with_recorded_parameters(tmp_path: Path) -> None:
    db, _ = create_database(tmp_path / "x.db", PASSPHRASE, kdf=CHEAP_KDF)
    db.close()
    raw = json.loads(keyfile_path(tmp_path / "x.db").read_text())
    slot = raw["slots"]["passphrase"]
    assert slot["kdf"] == "argon2id"
    assert slot["params"] == CHEAP_KDF.as_dict()
    assert KdfParams().memory_cost >= 64 * 1024  # the real default is not the test setting


def test_short_passphrase_is_refused_and_nothing_is_created(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="at least 10"):
        create_database(tmp_path / "x.db", "short", kdf=CHEAP_KDF)
    assert list(tmp_path.iterdir()) == [] or not (tmp_path / "x.db").exists()
    assert not keyfile_path(tmp_path / "x.db").exists()


def test_wrong_passphrase_and_wrong_recovery_code(demo_path: Path) -> None:
    with pytest.raises(WrongSecret, match="not right"):
        open_database(demo_path, passphrase="not the passphrase at all")
    with pytest.raises(WrongSecret):
        open_database(demo_path, recovery_code=recovery.generate())
    with pytest.raises(WrongSecret, match="8 groups"):
        open_database(demo_path, recovery_code="hello")


def test_passphrase_change_keeps_every_record(demo_path: Path) -> None:
    db = open_database(demo_path, passphrase=PASSPHRASE, clock=clock())
    before = _family_refs(db)
    db.change_passphrase(PASSPHRASE, "a brand new passphrase", kdf=CHEAP_KDF)
    db.close()
    with pytest.raises(WrongSecret):
        open_database(demo_path, passphrase=PASSPHRASE)
    db = open_database(demo_path, passphrase="a brand new passphrase", clock=clock())
    assert _family_refs(db) == before and len(before) > 10
    assert db.check().ok
    db.close()


def test_change_passphrase_needs_the_current_one(db: Database) -> None:
    with pytest.raises(WrongSecret):
        db.change_passphrase("not the current passphrase", "another good passphrase")


def test_recovery_code_resets_passphrase_and_keeps_records(
    demo_path: Path, demo_template: tuple[Path, str]
) -> None:
    code = demo_template[1]
    db = open_database(demo_path, recovery_code=code, clock=clock())
    before = _family_refs(db)
    db.reset_passphrase("forgotten then reset", kdf=CHEAP_KDF)
    new_code = db.replace_recovery_code()
    db.close()
    db = open_database(demo_path, passphrase="forgotten then reset", clock=clock())
    assert _family_refs(db) == before
    db.close()
    with pytest.raises(WrongSecret):
        open_database(demo_path, recovery_code=code)
    open_database(demo_path, recovery_code=new_code).close()


def test_key_file_damage_and_tampering_are_detected(db_path: Path) -> None:
    keys = keyfile_path(db_path)
    original = keys.read_bytes()
    raw = json.loads(original)
    raw["slots"]["passphrase"]["params"]["time_cost"] = 2
    keys.write_text(json.dumps(raw))
    with pytest.raises(StoreDamaged):
        open_database(db_path, passphrase=PASSPHRASE)
    keys.write_bytes(original[: len(original) // 2])
    with pytest.raises(StoreDamaged):
        open_database(db_path, passphrase=PASSPHRASE)
    keys.unlink()
    with pytest.raises(StoreMissing, match="key file"):
        open_database(db_path, passphrase=PASSPHRASE)
    keys.write_bytes(original)
    open_database(db_path, passphrase=PASSPHRASE).close()


def test_key_file_of_another_database_is_refused(db_path: Path, tmp_path: Path) -> None:
    other, _ = create_database(tmp_path / "other" / "o.db", PASSPHRASE, kdf=CHEAP_KDF)
    other.close()
    keyfile_path(db_path).write_bytes(keyfile_path(tmp_path / "other" / "o.db").read_bytes())
    with pytest.raises(StoreDamaged):
        open_database(db_path, passphrase=PASSPHRASE)


def test_key_file_is_rewritten_atomically(db: Database) -> None:
    folder = db.path.parent
    db.change_passphrase(PASSPHRASE, "second passphrase here", kdf=CHEAP_KDF)
    leftovers = [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []
    KeyFile.load(keyfile_path(db.path)).unwrap_with_passphrase("second passphrase here")


def test_second_opener_gets_a_clear_busy_message(db: Database) -> None:
    with pytest.raises(StoreBusy, match="open"):
        open_database(db.path, passphrase=PASSPHRASE)
    # The first stays fully usable.
    assert db.check().ok


def test_close_forgets_the_key_and_releases_the_lock(db_path: Path) -> None:
    db = open_database(db_path, passphrase=PASSPHRASE)
    db.close()
    assert not db.is_open
    db.close()  # safe to repeat
    open_database(db_path, passphrase=PASSPHRASE).close()
