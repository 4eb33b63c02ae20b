"""Opening the encrypted database, its key slots, the process lock, migrations and backups.

Nothing is imported here: the window checks for an interrupted restore (store.swap) before
the database code (SQLAlchemy, SQLCipher) has loaded."""
