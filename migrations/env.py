"""Alembic environment. Liaison runs migrations itself, on the open encrypted connection.

The caller puts a SQLAlchemy Connection in config.attributes["connection"]; there is no URL,
because the database cannot be opened without the key. See liaison/store/migrate.py.
"""

from __future__ import annotations

from alembic import context

from liaison.models import Base

# The full-text index is a virtual table with shadow tables; the models do not describe them.
FTS_PREFIX = "search_index"


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    return not (type_ == "table" and name is not None and name.startswith(FTS_PREFIX))


def run() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError(
            "Liaison migrations need an open connection; "
            "use `python -m liaison.store.new_revision`."
        )
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,
        include_name=include_name,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
