"""Child process for test_crash_safety: commit families in a loop, report each commit."""

from __future__ import annotations

import sys
from pathlib import Path

from liaison.services import families as fam
from liaison.services.access import open_database


def main(path: str, passphrase: str, start: int) -> None:
    db = open_database(Path(path), passphrase=passphrase)
    number = start
    while True:
        draft = fam.FamilyDraft(
            caregivers=[
                fam.CaregiverDraft(key="c", given_name="Crash", family_name=f"Test{number}")
            ]
        )
        family_id = fam.save_family(db, draft)
        # Only after the commit returned do we claim it happened.
        print(f"{family_id} Test{number}", flush=True)
        number += 1


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
