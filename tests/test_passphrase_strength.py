"""One rule for passphrases everywhere: zxcvbn score 3 or better, with the school's and the
officer's names given to zxcvbn as words an attacker would try first. An attacker with a copy
of the database and key file guesses offline; Argon2id makes each guess slow, but a score-2
passphrase (under 10^8 guesses, "Northbridge1") still falls in days on rented hardware."""

from __future__ import annotations

from pathlib import Path

import pytest

from liaison.errors import ValidationError
from liaison.services import school
from liaison.services.access import open_database
from liaison.store import strength
from tests.conftest import PASSPHRASE, file_hashes, run_cli

NAMES = ("Northbridge Primary", "Ayesha Rahman")


@pytest.mark.parametrize(
    "weak",
    ["Northbridge1", "password12", "aaaaaaaaaa", "Northbridge Primary 2026", "AyeshaRahman2026"],
)
def test_weak_passphrases_are_refused_with_the_reason(weak: str) -> None:
    with pytest.raises(ValidationError) as refused:
        strength.require(weak, NAMES)
    message = refused.value.message
    assert "guess" in message  # says why, not just "weak"


def test_a_short_sentence_passes() -> None:
    strength.require("our goat eats the school hedge", NAMES)
    assert strength.assess(PASSPHRASE, NAMES).ok


def test_school_and_officer_names_count_against_a_passphrase() -> None:
    phrase = "Ayesha Rahman 2026"
    assert strength.assess(phrase).ok  # strong for anyone else
    assert not strength.assess(phrase, NAMES).ok  # not at this school, for this officer


def test_cli_init_refuses_a_weak_passphrase_and_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    weak = tmp_path / "weak.txt"
    weak.write_text("Northbridge Primary 2026\n")
    db = tmp_path / "data" / "liaison.db"
    code, _, err = run_cli(
        capsys, "init", "--db", str(db), "--passphrase-file", str(weak),
        "--school", NAMES[0], "--officer", NAMES[1],
    )  # fmt: skip
    assert code == 2 and "guess" in err
    assert not db.exists()


@pytest.mark.parametrize("command", ["passwd", "recover"])
def test_cli_passwd_and_recover_refuse_a_weak_new_passphrase(
    command: str,
    demo_path: Path,
    demo_template: tuple[Path, str],
    passphrase_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with open_database(demo_path, passphrase=PASSPHRASE) as db:
        details = school.get_school(db)
        details.name, details.officer_name = NAMES
        school.save_school(db, details)
    weak = tmp_path / "weak.txt"
    weak.write_text("Ayesha Rahman 2026\n")
    code_file = tmp_path / "code.txt"
    code_file.write_text(demo_template[1])
    before = file_hashes(demo_path.parent)
    secret = (
        ["--passphrase-file", str(passphrase_file)]
        if command == "passwd"
        else ["--recovery-code-file", str(code_file)]
    )
    code, _, err = run_cli(
        capsys, command, "--db", str(demo_path), *secret, "--new-passphrase-file", str(weak)
    )
    assert code == 2 and "guess" in err, err
    assert file_hashes(demo_path.parent) == before
