"""Attendance from the MIS, and what the liaison work changed (issue 23).

rules      the attendance rate over a pupil's own possible sessions; persistent and severe absence
files      reading a CTF or an attendance CSV (with a column mapping) and settling its date
snapshots  importing one file as one dated snapshot (idempotent); the snapshots held
history    a family's attendance at every snapshot, with its contacts on the same time line
support    "support first": families to reach now (a Today rule)
impact     attendance before and after a family's first contact, sessions-weighted

The file readers themselves are below the services, in liaison.imports (ctf, attendance_csv).
"""

from liaison.imports.attendance import AttendanceFile
from liaison.services.attendance.files import (
    FIELDS,
    guess_mapping,
    kind_of,
    load_mapping_file,
    missing_columns,
    read_file,
    read_table,
    remember_mapping,
    remembered_mapping,
    settle_date,
)
from liaison.services.attendance.history import (
    Contact,
    FamilyAttendance,
    Point,
    PupilTrend,
    family_attendance,
)
from liaison.services.attendance.rules import (
    PERSISTENT,
    PERSISTENT_PERCENT,
    SEVERE,
    SEVERE_PERCENT,
    Rate,
    academic_year,
)
from liaison.services.attendance.snapshots import (
    CHANGED,
    NEW,
    NOT_HELD,
    UNCHANGED,
    SnapshotPlan,
    SnapshotSummary,
    list_snapshots,
    preview,
    run,
)
from liaison.services.attendance.support import (
    SETTING,
    SupportLine,
    SupportPupil,
    school_days,
    support_first,
)

__all__ = [
    "CHANGED",
    "FIELDS",
    "NEW",
    "NOT_HELD",
    "PERSISTENT",
    "PERSISTENT_PERCENT",
    "SETTING",
    "SEVERE",
    "SEVERE_PERCENT",
    "UNCHANGED",
    "AttendanceFile",
    "Contact",
    "FamilyAttendance",
    "Point",
    "PupilTrend",
    "Rate",
    "SnapshotPlan",
    "SnapshotSummary",
    "SupportLine",
    "SupportPupil",
    "academic_year",
    "family_attendance",
    "guess_mapping",
    "kind_of",
    "list_snapshots",
    "load_mapping_file",
    "missing_columns",
    "preview",
    "read_file",
    "read_table",
    "remember_mapping",
    "remembered_mapping",
    "run",
    "school_days",
    "settle_date",
    "support_first",
]
