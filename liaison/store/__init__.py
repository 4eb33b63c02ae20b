"""Opening the encrypted database, its key slots, the process lock, migrations and backups."""

from liaison.store.database import Database
from liaison.store.keyfile import KdfParams

__all__ = ["Database", "KdfParams"]
