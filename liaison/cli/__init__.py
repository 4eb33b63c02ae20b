"""The `liaison` command line: scripting, demo data and automation over the same services."""

from liaison.cli.main import main, run

__all__ = ["main", "run"]
