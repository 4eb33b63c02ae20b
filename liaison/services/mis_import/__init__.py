"""Import pupils and contacts from the school MIS: what the UI and the CLI call.

run    reading a file (CTF or CSV, with a column mapping) and running an import
plan   the dry run: families matched, created or updated, and why
apply  one transaction for the whole import, with progress and cancel

The file readers themselves are below the services, in liaison.imports.

read_file -> ParsedFile (nothing touched yet) -> preview (the dry run and review: an ImportPlan)
-> run (one transaction, with progress and cancel). CSV column mappings are remembered in the
settings, so the officer chooses them once.
"""

from liaison.imports.csv_mis import FIELDS, CsvTable, Field, describe_delimiter, guess_mapping
from liaison.imports.records import ParsedFile
from liaison.services.mis_import.apply import ImportResult, preview
from liaison.services.mis_import.plan import ImportPlan
from liaison.services.mis_import.run import (
    kind_of,
    limits,
    load_mapping_file,
    read_file,
    read_headers,
    read_table,
    remember_mapping,
    remembered_mapping,
    run,
)

__all__ = [
    "FIELDS",
    "CsvTable",
    "Field",
    "ImportPlan",
    "ImportResult",
    "ParsedFile",
    "describe_delimiter",
    "guess_mapping",
    "kind_of",
    "limits",
    "load_mapping_file",
    "preview",
    "read_file",
    "read_headers",
    "read_table",
    "remember_mapping",
    "remembered_mapping",
    "run",
]
