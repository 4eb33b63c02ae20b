"""Child process for test_crash_import: import a large CTF in one transaction, saying when the
writing starts and when it committed. The parent kills it with SIGKILL at a random moment."""

from __future__ import annotations

import sys
from pathlib import Path

from liaison.services import mis_import as imports
from liaison.services.access import open_database


def main(path: str, passphrase: str, ctf: str) -> None:
    db = open_database(Path(path), passphrase=passphrase)
    parsed = imports.read_file(Path(ctf))
    print("parsed", flush=True)

    def progress(done: int, total: int) -> None:
        print(f"progress {done} {total}", flush=True)

    result = imports.run(db, parsed, progress=progress)
    # Only after the commit returned do we claim it happened.
    print(f"committed {len(result.family_ids)}", flush=True)
    db.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
