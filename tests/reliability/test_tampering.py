"""A byte flipped in the database, the key file or a backup is found and named, never read as
data. Each test says which layer catches it: SQLCipher's per-page HMAC when the page is read
(page 1 on open; other pages by whatever reads them, and always by `liaison check`'s
cipher_integrity_check), the key file's checksum and HMAC, or the backup zip's CRCs."""

from __future__ import annotations

import hashlib
import json
import shutil
import struct
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from liaison.cli.main import main as cli_main
from liaison.errors import LiaisonError, StoreDamaged, WrongSecret
from liaison.services import backups
from liaison.services import families as fam
from liaison.services.access import open_database
from liaison.store import backup as store_backup
from liaison.store import connection as rawdb
from liaison.store.database import keyfile_path
from liaison.store.keyfile import KeyFile
from tests.conftest import PASSPHRASE, clock, copy_db, file_hashes

PAGE = 4096


def _flip(path: Path, offset: int, mask: int = 0x01) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= mask
    path.write_bytes(bytes(data))


def _raw(path: Path) -> rawdb.RawConnection:
    key = KeyFile.load(keyfile_path(path)).unwrap_with_passphrase(PASSPHRASE)
    return rawdb.connect(path, key)


def _cli(args: list[str], db: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """Run the real CLI; return its exit code and stderr, which must be one plain line."""
    secret = db.parent.parent / "pass.txt"  # outside the data folder it must not change
    secret.write_text(PASSPHRASE)
    capsys.readouterr()
    code = cli_main([*args, "--db", str(db), "--passphrase-file", str(secret)])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1 and err.startswith("liaison: "), err
    return code, err


@pytest.fixture(scope="module")
def layout(demo_template: tuple[Path, str]) -> dict[str, Any]:
    """Page numbers in the demo database, and every row of every table, read before damage."""
    raw = _raw(demo_template[0])
    try:
        tables = [r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {
            "pages": raw.execute("PRAGMA page_count").fetchone()[0],
            "family_root": raw.execute(
                "SELECT rootpage FROM sqlite_master WHERE name = 'family'"
            ).fetchone()[0],
            "rows": {t: sorted(map(tuple, raw.execute(f"SELECT * FROM {t}"))) for t in tables},
        }
    finally:
        raw.close()


@pytest.mark.parametrize(
    "offset",
    [5, 40, 100, PAGE - 20],
    ids=["salt", "page1-reserved", "page1-schema", "page1-hmac"],
)
def test_flip_in_page_one_is_refused_on_open(
    demo_path: Path, offset: int, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found by SQLCipher on open: page 1 (and the salt every page's key derives from) fails
    its HMAC, so the file is refused before a single row is read."""
    _flip(demo_path, offset)
    before = file_hashes(demo_path.parent)
    with pytest.raises(StoreDamaged, match="cannot be read with its key file"):
        open_database(demo_path, passphrase=PASSPHRASE)
    code, err = _cli(["check"], demo_path, capsys)
    assert code == StoreDamaged.exit_code and "damaged" in err
    assert file_hashes(demo_path.parent) == before  # looking changed nothing


@pytest.mark.parametrize("where", ["middle", "last"])
def test_flip_in_a_page_open_does_not_read_is_found_by_check(
    demo_path: Path, where: str, layout: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    """Database.open reads only page 1 and a few rows, so it opens; `liaison check` (its
    cipher_integrity_check) names the page, and no table ever returns altered rows: each reads
    exactly as before or refuses with StoreDamaged."""
    page = layout["pages"] // 2 if where == "middle" else layout["pages"]
    _flip(demo_path, (page - 1) * PAGE + 1000)
    db = open_database(demo_path, passphrase=PASSPHRASE, clock=clock())
    try:
        report = db.check()
        assert not report.ok
        assert f"page {page}" in report.results["cipher_integrity_check"]
        for table, rows in layout["rows"].items():
            try:
                with db.read() as session:
                    now = sorted(map(tuple, session.execute(text(f"SELECT * FROM {table}"))))
            except StoreDamaged as exc:
                assert "liaison check" in exc.message
            else:
                assert now == rows, f"{table} read altered data"
    finally:
        db.close()
    code, err = _cli(["check"], demo_path, capsys)
    assert code == 1 and "cipher_integrity_check" in err


def test_flip_in_the_family_table_is_a_clear_message_where_it_is_read(
    demo_path: Path, layout: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    """Found by SQLCipher's page HMAC the moment a screen or command reads the page: the
    engine turns "database disk image is malformed" into StoreDamaged (not a traceback)."""
    _flip(demo_path, (layout["family_root"] - 1) * PAGE + 2000)
    db = open_database(demo_path, passphrase=PASSPHRASE, clock=clock())
    try:
        with pytest.raises(StoreDamaged, match="damaged and fails its integrity check"):
            fam.list_families(db)
        assert not db.check().ok
    finally:
        db.close()
    code, err = _cli(["families", "list"], demo_path, capsys)
    assert code == StoreDamaged.exit_code and "restore the database from a backup" in err


# -- the key file --------------------------------------------------------------------------
def _edit_keyfile(path: Path, field: tuple[str, ...], *, recompute_checksum: bool) -> None:
    """Change one base64 character of a field, keeping the JSON valid."""
    raw = json.loads(path.read_text())
    holder = raw
    for name in field[:-1]:
        holder = holder[name]
    value = holder[field[-1]]
    holder[field[-1]] = ("B" if value[0] != "B" else "C") + value[1:]
    if recompute_checksum:  # a deliberate edit by someone who read the format
        body = {k: v for k, v in raw.items() if k != "checksum"}
        canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
        raw["checksum"] = hashlib.sha256(canonical.encode()).hexdigest()
    path.write_text(json.dumps(raw, indent=2, sort_keys=True) + "\n")


KEY_FIELDS = {
    "wrapped-key": ("slots", "passphrase", "wrapped"),
    "recovery-wrapped": ("slots", "recovery", "wrapped"),
    "salt": ("slots", "passphrase", "salt"),
    "nonce": ("slots", "passphrase", "nonce"),
    "mac": ("mac",),
}


@pytest.mark.parametrize("field", sorted(KEY_FIELDS))
def test_flipped_character_in_the_key_file_is_found_by_its_checksum(
    db_path: Path, field: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found by the key file's SHA-256 checksum before any secret is tried, so damage is
    never mistaken for a wrong passphrase."""
    _edit_keyfile(keyfile_path(db_path), KEY_FIELDS[field], recompute_checksum=False)
    with pytest.raises(StoreDamaged, match=r"key file .* is damaged"):
        open_database(db_path, passphrase=PASSPHRASE)
    code, err = _cli(["check"], db_path, capsys)
    assert code == StoreDamaged.exit_code and "key file" in err


@pytest.mark.parametrize("offset", [0, 40, -40, -3])
def test_flipped_byte_anywhere_in_the_key_file_is_damage(db_path: Path, offset: int) -> None:
    """Found by the JSON parser, the UTF-8 decoder or the checksum, whichever comes first."""
    keys = keyfile_path(db_path)
    _flip(keys, offset % keys.stat().st_size, 0x80)
    with pytest.raises(StoreDamaged, match="key file"):
        open_database(db_path, passphrase=PASSPHRASE)


def test_deliberate_key_file_edit_with_a_new_checksum_never_opens(
    db_path: Path, empty_template: tuple[Path, str]
) -> None:
    """With the checksum recomputed: an edited MAC is found by the HMAC under the data key; an
    edited passphrase slot cannot be told from a wrong passphrase (AES-GCM only says "no"),
    so the passphrase is refused, and the recovery code then opens the slots and its HMAC
    check names the edit."""
    keys = keyfile_path(db_path)
    original = keys.read_bytes()
    _edit_keyfile(keys, KEY_FIELDS["mac"], recompute_checksum=True)
    with pytest.raises(StoreDamaged, match="altered"):
        open_database(db_path, passphrase=PASSPHRASE)
    for field in ("wrapped-key", "salt", "nonce"):
        keys.write_bytes(original)
        _edit_keyfile(keys, KEY_FIELDS[field], recompute_checksum=True)
        with pytest.raises(WrongSecret):
            open_database(db_path, passphrase=PASSPHRASE)
        with pytest.raises(StoreDamaged, match="altered"):
            open_database(db_path, recovery_code=empty_template[1])
    keys.write_bytes(original)
    open_database(db_path, passphrase=PASSPHRASE).close()


# -- backups -------------------------------------------------------------------------------
def _member_offset(path: Path, name: str) -> tuple[int, int]:
    """Where a stored member's bytes start in the zip, and how many there are."""
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(name)
    with path.open("rb") as handle:
        handle.seek(info.header_offset)
        header = handle.read(30)
    name_len, extra_len = struct.unpack("<HH", header[26:30])
    return info.header_offset + 30 + name_len + extra_len, info.compress_size


@pytest.fixture(scope="module")
def good_backup(demo_template: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tamper-backup")
    path = copy_db(demo_template[0], folder / "data")
    db = open_database(path, passphrase=PASSPHRASE, clock=clock())
    try:
        return backups.make(db, "manual", folder / "usb")
    finally:
        db.close()


def _restore_refused(backup: Path, demo_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """Restoring the damaged backup fails with a clear message and changes nothing."""
    db = open_database(demo_path, passphrase=PASSPHRASE, clock=clock())
    families = len(fam.list_families(db))
    db.close()
    before = file_hashes(demo_path.parent)
    with pytest.raises(StoreDamaged) as caught:
        backups.restore(demo_path, backup, passphrase=PASSPHRASE)
    code, _ = _cli(["restore", str(backup)], demo_path, capsys)
    assert code == StoreDamaged.exit_code
    assert file_hashes(demo_path.parent) == before
    db = open_database(demo_path, passphrase=PASSPHRASE, clock=clock())
    try:
        assert len(fam.list_families(db)) == families and db.check().ok
    finally:
        db.close()
    return caught.value.message


@pytest.mark.parametrize("where", ["page1", "middle", "last"])
def test_flip_inside_the_backed_up_database_is_found(
    good_backup: Path,
    demo_path: Path,
    tmp_path: Path,
    where: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Found by the zip member's CRC-32 when unpacked; restore refuses and changes nothing."""
    backup = shutil.copy(good_backup, tmp_path / good_backup.name)
    start, size = _member_offset(backup, store_backup.DB_MEMBER)
    offset = {"page1": 100, "middle": size // 2, "last": size - 10}[where]
    _flip(backup, start + offset)
    with pytest.raises(StoreDamaged, match="cannot be unpacked"):
        backups.verify(backup, passphrase=PASSPHRASE)
    assert "CRC" in _restore_refused(backup, demo_path, capsys)


def test_flip_in_the_backup_manifest_is_found_and_it_is_not_offered(
    good_backup: Path, demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found by the manifest member's CRC-32: the file is not listed as a backup at all."""
    folder = tmp_path / "usb"
    folder.mkdir()
    backup = shutil.copy(good_backup, folder / good_backup.name)
    start, _ = _member_offset(backup, store_backup.MANIFEST_MEMBER)
    _flip(backup, start + 20)
    with pytest.raises(StoreDamaged, match="not a readable Liaison backup"):
        store_backup.read_info(backup)
    assert backups._backups(folder) == []
    _restore_refused(backup, demo_path, capsys)


@pytest.mark.parametrize("where", ["page1", "middle"])
def test_rezipped_backup_with_a_flipped_page_is_found_by_sqlcipher(
    good_backup: Path,
    demo_path: Path,
    tmp_path: Path,
    where: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """With fresh CRCs (a deliberate edit, not bit rot) the page HMAC still finds it: on open
    for page 1, by cipher_integrity_check for any other page."""
    backup = tmp_path / good_backup.name
    with zipfile.ZipFile(good_backup) as src, zipfile.ZipFile(backup, "w") as out:
        for info in src.infolist():
            data = bytearray(src.read(info))
            if info.filename == store_backup.DB_MEMBER:
                data[100 if where == "page1" else len(data) // 2] ^= 0x01
            out.writestr(info, bytes(data))
    with pytest.raises(StoreDamaged, match=backup.name):
        backups.verify(backup, passphrase=PASSPHRASE)
    message = _restore_refused(backup, demo_path, capsys)
    assert ("does not open" if where == "page1" else "pages fail") in message


def test_truncated_backup_is_neither_offered_nor_restored(
    good_backup: Path, demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found by zipfile: with its end cut off, the central directory is gone."""
    folder = tmp_path / "usb"
    folder.mkdir()
    backup = folder / good_backup.name
    data = good_backup.read_bytes()
    backup.write_bytes(data[: len(data) * 2 // 3])
    assert backups._backups(folder) == []
    with pytest.raises(LiaisonError):
        backups.verify(backup, passphrase=PASSPHRASE)
    _restore_refused(backup, demo_path, capsys)
