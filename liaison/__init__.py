"""Liaison: encrypted records and translated letters for a school's family liaison officer."""

__version__ = "0.1.0"
APP_NAME = "Liaison"
