"""Fixed vocabularies, stored as their values."""

from __future__ import annotations

from enum import StrEnum


class Relationship(StrEnum):
    MOTHER = "mother"
    FATHER = "father"
    STEP_MOTHER = "step_mother"
    STEP_FATHER = "step_father"
    GRANDPARENT = "grandparent"
    AUNT_UNCLE = "aunt_uncle"
    SIBLING = "sibling"
    FOSTER_CARER = "foster_carer"
    CARER = "carer"
    OTHER = "other"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").replace("aunt uncle", "aunt or uncle").capitalize()


class ContactChannel(StrEnum):
    BOOKBAG = "bookbag"
    PHONE = "phone"
    TEXT = "text"
    EMAIL = "email"
    FACE_TO_FACE = "face_to_face"

    @property
    def label(self) -> str:
        return {
            "bookbag": "Book-bag letter",
            "phone": "Phone call",
            "text": "Text message",
            "email": "Email",
            "face_to_face": "Face to face",
        }[self.value]


class Proficiency(StrEnum):
    """The DfE proficiency-in-English scale (A-E), plus 'not yet assessed'."""

    NOT_ASSESSED = "N"
    NEW = "A"
    EARLY = "B"
    DEVELOPING = "C"
    COMPETENT = "D"
    FLUENT = "E"

    @property
    def label(self) -> str:
        return {
            "N": "Not yet assessed",
            "A": "A - New to English",
            "B": "B - Early acquisition",
            "C": "C - Developing competence",
            "D": "D - Competent",
            "E": "E - Fluent",
        }[self.value]


class NeedCategory(StrEnum):
    UNIFORM = "uniform"
    DIGITAL_DEVICE = "digital_device"
    HOUSING = "housing"
    ESOL = "esol"
    IMMIGRATION_ADVICE = "immigration_advice"
    FOOD = "food"
    HEALTH = "health"
    TRANSPORT = "transport"
    FINANCE = "finance"
    SEND = "send"
    WELLBEING = "wellbeing"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "uniform": "Uniform",
            "digital_device": "Digital device",
            "housing": "Housing",
            "esol": "ESOL (English classes)",
            "immigration_advice": "Immigration advice",
            "food": "Food",
            "health": "Health",
            "transport": "Transport",
            "finance": "Finance and benefits",
            "send": "SEND",
            "wellbeing": "Wellbeing",
            "other": "Other",
        }[self.value]


class NeedStatus(StrEnum):
    IDENTIFIED = "identified"
    IN_PROGRESS = "in_progress"
    MET = "met"
    DECLINED = "declined"

    @property
    def is_open(self) -> bool:
        return self in (NeedStatus.IDENTIFIED, NeedStatus.IN_PROGRESS)

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class ConsentKind(StrEnum):
    STORE = "store"
    SHARE = "share"


class ConsentStatus(StrEnum):
    GIVEN = "given"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"


class TermKind(StrEnum):
    AUTUMN = "autumn"
    SPRING = "spring"
    SUMMER = "summer"


class AuditAction(StrEnum):
    CREATED_DATABASE = "created_database"
    OPENED = "opened"
    MIGRATED = "migrated"
    CREATED = "created"
    CHANGED = "changed"
    ARCHIVED = "archived"
    UNARCHIVED = "unarchived"
    DELETED = "deleted"
    EXPORTED = "exported"
    PRINTED = "printed"
    IMPORTED = "imported"
    BACKED_UP = "backed_up"
    PASSPHRASE_CHANGED = "passphrase_changed"
    RECOVERY_CODE_REPLACED = "recovery_code_replaced"
    RECOVERED = "recovered"
    ERASED = "erased"


class MeetingKind(StrEnum):
    ADMISSIONS = "admissions"
    CHECK_IN = "check_in"
    HOME_VISIT = "home_visit"
    PHONE_CALL = "phone_call"
    TEXT = "text"
    PARENT_MEETING = "parent_meeting"
    TEACHER_MEETING = "teacher_meeting"
    MULTI_AGENCY = "multi_agency"
    ATTENDANCE_SUPPORT = "attendance_support"  # "support first" (DfE attendance guidance)
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "admissions": "Admissions / Day 1",
            "check_in": "Check-in",
            "home_visit": "Home visit",
            "phone_call": "Phone call",
            "text": "Text message",
            "parent_meeting": "Parent meeting",
            "teacher_meeting": "Meeting with teacher",
            "multi_agency": "Multi-agency meeting",
            "attendance_support": "Attendance support meeting",
            "other": "Other",
        }[self.value]


class MeetingStatus(StrEnum):
    BOOKED = "booked"
    HELD = "held"
    CANCELLED = "cancelled"
    NOT_ATTENDED = "not_attended"

    @property
    def label(self) -> str:
        return {
            "booked": "Booked",
            "held": "Held",
            "cancelled": "Cancelled",
            "not_attended": "Family did not attend",
        }[self.value]


class AttendeeRole(StrEnum):
    CAREGIVER = "caregiver"
    PUPIL = "pupil"
    STAFF = "staff"
    OTHER = "other"


class ActionOwner(StrEnum):
    OFFICER = "officer"
    TEACHER = "teacher"
    FAMILY = "family"
    OTHER = "other"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class EventKind(StrEnum):
    COFFEE_MORNING = "coffee_morning"
    WORKSHOP = "workshop"
    ESOL_CLASS = "esol_class"
    CURRICULUM_EVENING = "curriculum_evening"
    CELEBRATION = "celebration"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "coffee_morning": "Coffee morning",
            "workshop": "Parent workshop",
            "esol_class": "ESOL class",
            "curriculum_evening": "Curriculum evening",
            "celebration": "Celebration / graduation",
            "other": "Other event",
        }[self.value]


class InterpretingMode(StrEnum):
    IN_PERSON = "in_person"
    PHONE = "phone"
    VIDEO = "video"

    @property
    def label(self) -> str:
        return {"in_person": "In person", "phone": "Phone", "video": "Video"}[self.value]


class BookingStatus(StrEnum):
    REQUESTED = "requested"
    CONFIRMED = "confirmed"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"

    @property
    def label(self) -> str:
        return {"no_show": "No-show"}.get(self.value, self.value.capitalize())

    @property
    def occupies(self) -> bool:
        """Whether the interpreter's time is taken (cancelled and no-show bookings free it)."""
        return self in (BookingStatus.REQUESTED, BookingStatus.CONFIRMED, BookingStatus.COMPLETED)


class ServiceCategory(StrEnum):
    FOOD_BANK = "food_bank"
    ESOL = "esol"
    HOUSING = "housing"
    IMMIGRATION_LEGAL = "immigration_legal"
    UNIFORM = "uniform"
    DIGITAL_DEVICES = "digital_devices"
    SEND = "send"
    MENTAL_HEALTH = "mental_health"
    HEALTH = "health"
    FINANCE_BENEFITS = "finance_benefits"
    REFUGEE_COMMUNITY = "refugee_community"
    HOLIDAY_ACTIVITIES = "holiday_activities"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "food_bank": "Food bank",
            "esol": "ESOL classes",
            "housing": "Housing",
            "immigration_legal": "Immigration and legal advice",
            "uniform": "Uniform",
            "digital_devices": "Digital devices",
            "send": "SEND / SENDIAS",
            "mental_health": "Mental health and wellbeing",
            "health": "Health",
            "finance_benefits": "Finance and benefits",
            "refugee_community": "Refugee and community organisations",
            "holiday_activities": "Holiday activities",
            "other": "Other",
        }[self.value]


class ReferralStatus(StrEnum):
    SUGGESTED = "suggested"
    REFERRED = "referred"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    COMPLETED = "completed"
    NO_RESPONSE = "no_response"

    @property
    def label(self) -> str:
        return {"no_response": "No response"}.get(self.value, self.value.capitalize())

    @property
    def is_closed(self) -> bool:
        return self in (ReferralStatus.DECLINED, ReferralStatus.COMPLETED)
