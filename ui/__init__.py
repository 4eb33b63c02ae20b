"""The Liaison desktop app (PySide6). Talks only to liaison.services and the Database object."""
