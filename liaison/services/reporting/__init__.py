"""The termly summary for school leadership: aggregate figures only, never names or notes.

periods   the period asked for (a term or a date range) and the one it is compared with
figures   the counts for one period, in SQL
sections  what the report shows, as data (headlines, tables, breakdowns)
model     the report as data, and the small-number rule that presents it
build     building a report, and exporting it
pdf       the PDF for leaders (reportlab: headline tiles, charts, tables)
tables    the workbook (a sheet per section) and CSV files
parent_voice  the Parent voice section (questionnaires), when any was sent
attendance_figures  attendance before and after the first support, supported or not (issue 23)
attendance_section  the "Attendance and impact" section, as data (once attendance is held)

Every figure is a count, a sum or a median computed in SQL over one period (a term from the
settings, or any date range) and the period before it (the previous term, or the same number of
days just before the range). Figures are kept exact here; the small-number rule (counts from 1
to 4 shown as "fewer than 5") is applied only when they are presented (`shown`, `change`).

What counts (dates are the school's local dates; a period includes its first and last day):
- **Families supported**: families with a meeting or contact held, an interpreter booking that
  took place, a referral suggested, made or closed, an event attended or a Friendly Faces match
  in the period. Letters are not support (a whole-school letter reaches every family).
- **Families on roll**: known by the end of the period (created, arrived or a pupil admitted)
  and not archived before it began. History is history: an archived family's meetings still
  count in the terms they happened.
- **No contact**: families on roll with no meeting or contact held and no event attended.
- **Contacts** are meetings held (calls, texts, visits, meetings); booked, cancelled and
  not-attended ones are not contacts. The channel follows the kind: calls are phone, texts are
  text, everything else face to face.
- **Interpreter bookings** are placed by their start; hours are those of bookings that took
  place; cost is that of completed bookings and no-shows (agencies charge for no-shows).
- **Referrals** are placed on the day of referral (or of the suggestion if never referred);
  outcomes on the day they closed; the median runs from referral to outcome.
- **Letters** and **agreements** are placed on the day they were printed; an agreement counts
  as returned if it has come back by the day the report is made.
"""

from liaison.services.reporting.build import (
    Exported,
    build,
    export,
    for_range,
    for_term,
    pdf_to_print,
    suppress_small_default,
)
from liaison.services.reporting.figures import Figures, TrendPoint
from liaison.services.reporting.model import (
    HIDDEN,
    NONE,
    SMALL,
    SMALL_NOTE,
    Report,
    Row,
    Section,
    Table,
    change,
    change_value,
    hidden,
    is_small,
    plain_rows,
    shown,
    to_plain,
    worth_a_chart,
)
from liaison.services.reporting.periods import Period, default_term, range_period, resolve

__all__ = [
    "HIDDEN",
    "NONE",
    "SMALL",
    "SMALL_NOTE",
    "Exported",
    "Figures",
    "Period",
    "Report",
    "Row",
    "Section",
    "Table",
    "TrendPoint",
    "build",
    "change",
    "change_value",
    "default_term",
    "export",
    "for_range",
    "for_term",
    "hidden",
    "is_small",
    "pdf_to_print",
    "plain_rows",
    "range_period",
    "resolve",
    "shown",
    "suppress_small_default",
    "to_plain",
    "worth_a_chart",
]
