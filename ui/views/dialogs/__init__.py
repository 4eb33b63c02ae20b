"""Dialogs opened from several screens: a meeting, an interpreter booking, settings, a new
passphrase."""
