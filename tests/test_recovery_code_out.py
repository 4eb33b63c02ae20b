"""The recovery code is never lost on the way out: a destination that cannot be written is
refused before anything changes, and if writing fails afterwards the code is shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from liaison.cli.common import write_recovery_code
from liaison.services.access import open_database
from liaison.store import recovery
from tests.conftest import PASSPHRASE, file_hashes, run_cli


@pytest.mark.parametrize("command", ["init", "demo"])
def test_a_bad_recovery_out_creates_no_database(
    command: str, tmp_path: Path, passphrase_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "data" / "liaison.db"
    missing = tmp_path / "no such folder" / "code.txt"
    code, out, err = run_cli(
        capsys,
        command,
        "--db",
        str(db),
        "--passphrase-file",
        str(passphrase_file),
        "--recovery-out",
        str(missing),
    )
    assert code == 2, out + err
    assert str(missing.parent) in err and "Nothing was changed" in err
    assert not db.exists() and not Path(f"{db}.keys").exists()


def test_recover_checks_the_new_recovery_out_before_changing_anything(
    demo_path: Path,
    demo_template: tuple[Path, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code_file = tmp_path / "code.txt"
    code_file.write_text(demo_template[1])
    new = tmp_path / "new.txt"
    new.write_text("a brand new passphrase for the office\n")
    before = file_hashes(demo_path.parent)
    missing = tmp_path / "missing" / "dir" / "x"
    code, out, err = run_cli(
        capsys,
        "recover",
        "--db",
        str(demo_path),
        "--recovery-code-file",
        str(code_file),
        "--new-passphrase-file",
        str(new),
        "--new-recovery-out",
        str(missing),
    )
    assert code == 2, out + err
    assert str(missing.parent) in err
    assert file_hashes(demo_path.parent) == before
    # The old passphrase and the old recovery code both still open it.
    open_database(demo_path, passphrase=PASSPHRASE).close()
    open_database(demo_path, recovery_code=demo_template[1]).close()


def test_a_code_that_cannot_be_written_is_shown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The folder went (a USB stick pulled) between the check and the write."""
    code = recovery.generate()
    gone = tmp_path / "stick" / "code.txt"
    assert write_recovery_code(code, gone) is False
    out, err = capsys.readouterr()
    assert code in out
    assert str(gone.parent) in err and "write it down" in out.lower()
