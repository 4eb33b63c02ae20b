"""SQLAlchemy models. Importing this package registers every table on Base.metadata."""

from liaison.models.attendance import AttendanceRecord
from liaison.models.audit import AuditEntry
from liaison.models.base import Base
from liaison.models.casework import Action, Meeting, MeetingAttendee
from liaison.models.events import Event, EventAttendance, EventInvite, FriendlyMatch
from liaison.models.family import (
    Caregiver,
    CaregiverLanguage,
    Consent,
    Family,
    FamilyNeed,
    FamilyNote,
    Pupil,
    PupilCaregiver,
)
from liaison.models.interpreting import Agency, Booking, Interpreter, InterpreterLanguage
from liaison.models.letters import Batch, PrintedDocument, TemplateVariant
from liaison.models.parent_voice import (
    QuestionnaireAnswer,
    QuestionnaireDesign,
    QuestionnaireLayout,
    QuestionnairePage,
    QuestionnaireRun,
    QuestionnaireSent,
    QuestionnaireVersion,
    YouSaidWeDid,
)
from liaison.models.privacy import SubjectAccessRequest
from liaison.models.referrals import Referral, Service
from liaison.models.reminders import ContactSnooze
from liaison.models.school import School, Setting, StoreMeta, Term
from liaison.models.search import SearchDoc

__all__ = [
    "Action",
    "Agency",
    "AttendanceRecord",
    "AuditEntry",
    "Base",
    "Batch",
    "Booking",
    "Caregiver",
    "CaregiverLanguage",
    "Consent",
    "ContactSnooze",
    "Event",
    "EventAttendance",
    "EventInvite",
    "Family",
    "FamilyNeed",
    "FamilyNote",
    "FriendlyMatch",
    "Interpreter",
    "InterpreterLanguage",
    "Meeting",
    "MeetingAttendee",
    "PrintedDocument",
    "Pupil",
    "PupilCaregiver",
    "QuestionnaireAnswer",
    "QuestionnaireDesign",
    "QuestionnaireLayout",
    "QuestionnairePage",
    "QuestionnaireRun",
    "QuestionnaireSent",
    "QuestionnaireVersion",
    "Referral",
    "School",
    "SearchDoc",
    "Service",
    "Setting",
    "StoreMeta",
    "SubjectAccessRequest",
    "TemplateVariant",
    "Term",
    "YouSaidWeDid",
]
