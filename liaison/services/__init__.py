"""Use cases the UI and the CLI call. They take an open Database and return plain values."""
