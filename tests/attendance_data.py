"""A hand-built school whose attendance and support are known, for the impact figures' tests.

Summer 2026 (13/04 - 22/07) is reported. Snapshots (cumulative over 2025/26): 27/03, 24/04,
22/05, 19/06 and 17/07, with 230, 260, 300, 340 and 380 sessions possible.

Supported in the summer (a meeting held): s1-s4 first on Fri 01/05 (before = 24/04), s5 and
s6 first on Wed 10/06 (before = 22/05); "since" runs to 17/07. s7 has only percentages and s8
joined after its family's first contact: neither can be compared. c1-c5 were not supported.
Every figure the tests expect is worked out by hand in tests/test_attendance_impact.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from liaison.clock import LONDON
from liaison.models.enums import MeetingKind, TermKind
from liaison.services import attendance, school
from liaison.services import families as fam
from liaison.services.casework import meetings
from liaison.store.database import Database
from liaison.validation import upn_check_letter

DATES = [dt.date(2026, 3, 27), dt.date(2026, 4, 24), dt.date(2026, 5, 22)]
DATES += [dt.date(2026, 6, 19), dt.date(2026, 7, 17)]
POSSIBLE = [230, 260, 300, 340, 380]
# pupil: (first language, present at each snapshot, day of the family's first contact)
SERIES: dict[str, tuple[str, list[int], dt.date | None]] = {
    "s1": ("URD", [200, 225, 265, 303, 341], dt.date(2026, 5, 1)),
    "s2": ("URD", [200, 228, 268, 308, 348], dt.date(2026, 5, 1)),
    "s3": ("URD", [220, 248, 286, 324, 362], dt.date(2026, 5, 1)),
    "s4": ("URD", [100, 110, 140, 175, 210], dt.date(2026, 5, 1)),
    "s5": ("URD", [210, 240, 275, 313, 352], dt.date(2026, 6, 10)),
    "s6": ("PNJ", [190, 215, 250, 288, 326], dt.date(2026, 6, 10)),
    "c1": ("POL", [210, 240, 276, 312, 350], None),
    "c2": ("POL", [200, 230, 268, 306, 342], None),
    "c3": ("RMN", [225, 255, 294, 333, 372], None),
    "c4": ("RMN", [180, 205, 240, 276, 312], None),
    "c5": ("ENG", [215, 245, 282, 320, 358], None),
}
TERMS = [
    (TermKind.SPRING, dt.date(2026, 1, 5), dt.date(2026, 3, 27)),
    (TermKind.SUMMER, dt.date(2026, 4, 13), dt.date(2026, 7, 22)),
]


@dataclass
class School:
    db: Database
    families: dict[str, int]


def upn(name: str) -> str:
    body = f"82088512{sorted([*SERIES, 's7', 's8']).index(name) + 400:04d}"
    return upn_check_letter(body) + body


def _family(db: Database, name: str, language: str) -> int:
    return fam.save_family(
        db,
        fam.FamilyDraft(
            caregivers=[fam.CaregiverDraft(key="c", given_name=f"Carer {name}", family_name="X")],
            pupils=[
                fam.PupilDraft(
                    key="p",
                    given_name=f"Pupil {name}",
                    family_name="X",
                    upn=upn(name),
                    first_language=language,
                    links=[fam.LinkDraft(caregiver_key="c")],
                )
            ],
        ),
    )


def _meeting(db: Database, family_id: int, day: dt.date) -> None:
    meetings.save_meeting(
        db,
        meetings.MeetingDraft(
            family_id=family_id,
            kind=MeetingKind.CHECK_IN,
            starts_at=dt.datetime.combine(day, dt.time(10), LONDON),
        ),
    )


def build(db: Database, tmp: Path) -> School:
    db.clock.instant = dt.datetime(2026, 7, 23, 9, tzinfo=LONDON)
    for kind, start, end in TERMS:
        school.add_term(db, kind, start, end)
    families = {name: _family(db, name, language) for name, (language, _, _) in SERIES.items()}
    families["s7"] = _family(db, "s7", "URD")
    families["s8"] = _family(db, "s8", "URD")
    for name, (_, _, first) in SERIES.items():
        if first is not None:
            _meeting(db, families[name], first)
    _meeting(db, families["s1"], dt.date(2026, 6, 20))  # a later contact changes nothing
    _meeting(db, families["s7"], dt.date(2026, 5, 1))
    _meeting(db, families["s8"], dt.date(2026, 5, 5))
    for i, day in enumerate(DATES):
        rows = [f"{upn(n)},{POSSIBLE[i]},{present[i]}," for n, (_, present, _) in SERIES.items()]
        rows.append(f"{upn('s7')},,,{92.5 - i}")  # a percentage only
        if day >= dt.date(2026, 6, 19):  # s8 joined on 01/06
            rows.append(f"{upn('s8')},{30 if i == 3 else 60},{28 if i == 3 else 57},")
        path = tmp / f"attendance-{day}.csv"
        path.write_text("UPN,Possible,Present,Attendance %\n" + "\n".join(rows) + "\n")
        attendance.run(db, attendance.read_file(path, as_at=day))
    return School(db, families)
