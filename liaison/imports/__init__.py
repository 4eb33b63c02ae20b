"""Importing pupils and contacts from the school MIS: CTF (XML) and CSV exports.

records.py (what a file holds) <- ctf.py, csv_mis.py (reading) -> grouping.py (households) ->
plan.py (what would change, read-only) -> apply.py (one transaction). The UI and CLI reach
this through liaison.services.mis_import.
"""
