"""Case notes, actions and letter fields without the command line: any local account can
read a running command's arguments (`ps`, /proc/PID/cmdline), so they come from a file or
stdin, the help says so, and text given as an argument still works but is warned about."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pdfplumber
import pytest

from liaison.cli.main import build_parser
from tests.conftest import run_cli as run

MEETING = ("meetings", "add", "F00002", "--kind", "home_visit", "--date", "20/11/2026")
NOTES = "Mum worried about housing.\nDad's hours changed; prefers calls after 6pm.\n"


def _ahead(days: int) -> str:
    return f"{dt.date.today() + dt.timedelta(days=days):%d/%m/%Y}"


def _notes_of_last_meeting(capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    code, out, _ = run(capsys, "meetings", "list", "--family", "F00002", "--json")
    assert code == 0
    return max(json.loads(out), key=lambda m: m["id"])


def test_notes_and_actions_from_files_are_saved_without_a_warning(
    capsys: pytest.CaptureFixture[str], env: Path, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text(NOTES, "utf-8")
    actions = tmp_path / "actions.txt"
    # Due a month or so ahead (a date years away is refused as a mistyped year).
    actions.write_text(
        f"Ring the housing officer|{_ahead(30)}\nSend uniform voucher|{_ahead(33)}\n"
    )
    code, out, err = run(
        capsys, *MEETING, "--time", "10:00", "--notes-file", str(notes),
        "--actions-file", str(actions),
    )  # fmt: skip
    assert code == 0, err
    assert err == ""
    assert "2 actions" in out
    assert _notes_of_last_meeting(capsys)["notes"] == NOTES.rstrip("\n")


def test_notes_from_stdin(
    capsys: pytest.CaptureFixture[str], env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(NOTES))
    code, _, err = run(capsys, *MEETING, "--time", "11:00", "--notes-file", "-")
    assert code == 0 and err == ""
    assert _notes_of_last_meeting(capsys)["notes"] == NOTES.rstrip("\n")


def test_text_on_the_command_line_still_works_with_a_warning(
    capsys: pytest.CaptureFixture[str], env: Path
) -> None:
    code, _, err = run(
        capsys, *MEETING, "--time", "12:00", "--notes", "Dad's hours changed",
        "--action", f"Ring back|{_ahead(30)}",
    )  # fmt: skip
    assert code == 0, err
    assert "other accounts on this computer can read" in err
    assert "--notes-file" in err and "--actions-file" in err
    assert _notes_of_last_meeting(capsys)["notes"] == "Dad's hours changed"


def test_the_help_says_where_to_put_sensitive_text() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command").choices
    meetings_add = sub["meetings"]._actions[-1].choices["add"]
    text = " ".join(meetings_add.format_help().split())
    assert "--notes-file FILE" in text and "--actions-file FILE" in text
    assert "visible to other accounts" in text
    letter = " ".join(sub["letter"].format_help().split())
    assert "--fields-file FILE" in letter and "visible to other accounts" in letter


def test_letter_fields_from_a_file(
    capsys: pytest.CaptureFixture[str], env: Path, tmp_path: Path
) -> None:
    fields = tmp_path / "fields.txt"
    fields.write_text(
        "date=25/11/2026\ntime=15:30\nplace=Family room by the office\ninterpreter=no\n"
    )
    out_pdf = tmp_path / "letter.pdf"
    code, _, err = run(
        capsys, "letter", "--template", "meeting_invitation", "--family", "F00002",
        "--single", "--language", "en", "--fields-file", str(fields), "--out", str(out_pdf),
    )  # fmt: skip
    assert code == 0, err
    assert err == ""
    with pdfplumber.open(out_pdf) as pdf:
        assert "Family room by the office" in pdf.pages[0].extract_text()
    bad = tmp_path / "bad.txt"
    bad.write_text("no equals sign on this line\n")
    code, _, err = run(
        capsys, "letter", "--template", "meeting_invitation", "--family", "F00002",
        "--fields-file", str(bad), "--out", str(tmp_path / "x.pdf"),
    )  # fmt: skip
    assert code != 0 and "line 1" in err and not (tmp_path / "x.pdf").exists()
