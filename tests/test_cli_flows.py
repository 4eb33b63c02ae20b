"""The command line as a script would use it: demo, families, meetings, today, passwd, recover."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests.conftest import run_cli as run


def test_families_list_show_search_json(capsys: pytest.CaptureFixture[str], env: Path) -> None:
    code, out, _ = run(capsys, "families", "list", "--json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 40
    reference = rows[0]["reference"]
    code, out, _ = run(capsys, "families", "show", reference, "--json")
    shown = json.loads(out)
    assert shown["reference"] == reference and shown["family"]["caregivers"]
    name = shown["family"]["caregivers"][0]["given_name"]
    code, out, _ = run(capsys, "families", "search", name, "--json")
    assert reference in [hit["reference"] for hit in json.loads(out)]
    code, _, err = run(capsys, "families", "show", "F99999")
    assert code == 9 and "F99999" in err


def test_meeting_add_then_today(capsys: pytest.CaptureFixture[str], env: Path) -> None:
    # A month ahead of the real clock the command line runs on: an action due years away
    # would be refused as a mistyped year (issue 18).
    day = dt.date.today() + dt.timedelta(days=30)
    when, due = day.strftime("%d/%m/%Y"), (day + dt.timedelta(days=1)).strftime("%d/%m/%Y")
    code, out, err = run(
        capsys,
        "meetings",
        "add",
        "F00002",
        "--kind",
        "admissions",
        "--date",
        when,
        "--time",
        "09:30",
        "--end",
        "10:00",
        "--template",
        "--staff",
        "Ms Example",
        "--action",
        f"Send uniform voucher|{due}|officer",
    )
    assert code == 0, err
    assert f"Booked: Admissions / Day 1 with F00002 on {when} at 09:30" in out
    code, out, _ = run(capsys, "meetings", "list", "--family", "F00002", "--json")
    booked = [m for m in json.loads(out) if m["starts_at"].startswith(day.isoformat())]
    assert booked and "Languages spoken" in booked[0]["notes"]
    code, out, _ = run(capsys, "today", "--date", when, "--json")
    page = json.loads(out)
    assert [m["family_reference"] for m in page["meetings_today"]] == ["F00002"]
    code, _, err = run(
        capsys,
        "meetings",
        "add",
        "F00002",
        "--kind",
        "check_in",
        "--date",
        when,
        "--time",
        "11:00",
        "--end",
        "10:00",
    )
    assert code == 2 and "end must be after the start" in err


def test_passwd_then_recover(
    capsys: pytest.CaptureFixture[str],
    env: Path,
    tmp_path: Path,
    demo_template: tuple[Path, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    new = tmp_path / "new.txt"
    new.write_text("another long passphrase\n")
    code, out, _ = run(capsys, "passwd", "--new-passphrase-file", str(new))
    assert code == 0 and "Passphrase changed" in out
    code, _, err = run(capsys, "check")
    assert code == 3
    monkeypatch.setenv("LIAISON_PASSPHRASE_FILE", str(new))
    assert run(capsys, "check")[0] == 0
    code_file = tmp_path / "code.txt"
    code_file.write_text(demo_template[1].lower())
    third = tmp_path / "third.txt"
    third.write_text("third passphrase of mine\n")
    code, out, err = run(
        capsys,
        "recover",
        "--recovery-code-file",
        str(code_file),
        "--new-passphrase-file",
        str(third),
        "--new-recovery-out",
        str(tmp_path / "rc2.txt"),
    )
    assert code == 0, err
    monkeypatch.setenv("LIAISON_PASSPHRASE_FILE", str(third))
    code, out, _ = run(capsys, "families", "list", "--json")
    assert code == 0 and len(json.loads(out)) == 40
    assert len((tmp_path / "rc2.txt").read_text().strip()) == 47


def test_start_shows_today_for_an_existing_database(
    capsys: pytest.CaptureFixture[str], env: Path
) -> None:
    code, out, _ = run(capsys, "start")
    assert code == 0 and out.startswith("Today, ")
    assert "No contact for too long" in out


def test_interpreters_and_bookings_commands(
    capsys: pytest.CaptureFixture[str], env: Path, tmp_path: Path
) -> None:
    code, out, err = run(
        capsys,
        "interpreters",
        "add",
        "Amal Example",
        "--language",
        "ARA:Levantine",
        "--agency",
        "Example Language Services",
        "--gender",
        "female",
        "--hourly",
        "30",
    )
    assert code == 0, err
    code, out, _ = run(capsys, "interpreters", "list", "--language", "ARA", "--json")
    people = json.loads(out)
    assert all(any(code == "ARA" for code, _ in p["languages"]) for p in people)
    (person,) = [p for p in people if p["name"] == "Amal Example"]
    assert person["languages"] == [["ARA", "Levantine"]] and person["hourly_rate_pence"] == 3000
    assert person["agency"] == "Example Language Services"
    code, out, _ = run(capsys, "bookings", "list", "--json")
    bookings = json.loads(out)
    assert code == 0 and all(b["interpreter"] for b in bookings)
    code, out, _ = run(capsys, "referrals", "list", "--status", "referred", "--json")
    assert code == 0 and all(r["status"] == "referred" for r in json.loads(out))
    code, _, err = run(capsys, "bookings", "ics", "999", "--out", str(tmp_path / "x.ics"))
    assert code == 9 and "no booking" in err.lower()
