"""`liaison sar` and `liaison retention list|erase` as an officer would type them."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from liaison.models import Pupil
from liaison.services import families as fam
from liaison.services.access import open_database
from tests.conftest import PASSPHRASE, clock
from tests.conftest import run_cli as run


def test_sar_writes_the_bundle(
    capsys: pytest.CaptureFixture[str], env: Path, tmp_path: Path
) -> None:
    code, out, _ = run(capsys, "families", "list", "--json")
    reference = json.loads(out)[0]["reference"]
    code, out, _ = run(
        capsys, "sar", "--family", reference, "--list", "--out", str(tmp_path), "--requester", "x"
    )
    assert code == 0 and "family:" in out and "caregiver:" in out
    code, out, _ = run(
        capsys,
        "sar",
        "--family",
        reference,
        "--out",
        str(tmp_path),
        "--requester",
        "A parent",
        "--received",
        "23/11/2026",
    )
    assert code == 0 and "due 23/12/2026" in out
    data = json.loads(next(tmp_path.glob("SAR-*.json")).read_text("utf-8"))
    assert data["request"]["family"] == reference and data["items"]
    assert next(tmp_path.glob("SAR-*.pdf")).stat().st_size > 1000
    code, _, err = run(
        capsys, "sar", "--family", "F99999", "--out", str(tmp_path), "--requester", "x"
    )
    assert code != 0 and "F99999" in err


def test_retention_erase_asks_twice(
    capsys: pytest.CaptureFixture[str], env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = open_database(env, passphrase=PASSPHRASE, clock=clock())
    try:
        row = fam.list_families(db)[0]
        with db.session() as session:
            for pupil in session.scalars(select(Pupil).where(Pupil.family_id == row.id)):
                pupil.left_date = dt.date(2018, 7, 20)
    finally:
        db.close()
    code, out, _ = run(capsys, "retention", "list")
    assert code == 0 and row.reference in out and "kept until 20/07/2024" in out

    monkeypatch.setattr("sys.stdin", io.StringIO("y\nERASE\n"))
    code, out, _ = run(capsys, "retention", "erase", "--family", row.reference)
    assert code == 1 and "Nothing was erased" in out
    code, out, _ = run(capsys, "families", "show", row.reference, "--json")
    assert code == 0

    monkeypatch.setattr("sys.stdin", io.StringIO("y\nERASE 1\n"))
    code, out, _ = run(capsys, "retention", "erase", "--family", row.reference)
    assert code == 0 and "Erased 1 families" in out
    code, _, err = run(capsys, "families", "show", row.reference)
    assert code != 0 and row.reference in err

    code, _, err = run(capsys, "retention", "erase", "--family", "F99999")
    assert code != 0 and "nothing was erased" in err
