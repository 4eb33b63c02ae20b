"""Developer tool: autogenerate a numbered alembic revision, or check the models for drift.

python -m liaison.store.new_revision revision "what changed"
python -m liaison.store.new_revision check
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from liaison.store import migrate
from liaison.store.database import Database
from liaison.store.keyfile import KdfParams


def _main(argv: list[str] | None = None) -> int:
    """Developer entry point: autogenerate a revision or check for drift on a scratch database."""
    parser = argparse.ArgumentParser(prog="python -m liaison.store.new_revision")
    sub = parser.add_subparsers(dest="cmd", required=True)
    rev = sub.add_parser("revision", help="autogenerate a new revision from the models")
    rev.add_argument("message")
    sub.add_parser("check", help="fail if the models and the migrations differ")
    args = parser.parse_args(argv)
    from alembic import command

    cheap = KdfParams(time_cost=1, memory_cost=8, parallelism=1)
    with tempfile.TemporaryDirectory() as tmp:
        db, _ = Database.create(Path(tmp) / "scratch.db", "scratch passphrase", kdf=cheap)
        try:
            with db.engine.connect() as conn:
                cfg = migrate.alembic_config(conn)
                if args.cmd == "revision":
                    # Numbered ids keep the history readable and its order obvious.
                    rev_id = f"{int(migrate.head_revision()) + 1:04d}"
                    command.revision(cfg, message=args.message, autogenerate=True, rev_id=rev_id)
                else:
                    command.check(cfg)
                    print("No drift: the models match the migrations.")
        finally:
            db.close()
    return 0


if __name__ == "__main__":
    sys.exit(_main())
