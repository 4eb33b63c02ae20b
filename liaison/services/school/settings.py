"""The school's details and the settings that travel with the database."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from liaison import validation as v
from liaison.errors import ValidationError
from liaison.models import School, Setting
from liaison.models.enums import AuditAction
from liaison.services import audit

if TYPE_CHECKING:
    from liaison.store.database import Database

DEFAULTS: dict[str, Any] = {
    "auto_lock_minutes": 5,
    "contact_rule_weeks": 6,
    "contact_rule_new_arrival_weeks": 2,
    # Book-bag runs: one letter per household with the youngest / eldest child, or per child.
    "sibling_rule": "youngest",
    # Where backups go (a network drive or USB stick); None: `backups` beside the database.
    "backup_folder": None,
    # Backup rotation: the newest backup of each of the last N days, weeks and months is kept.
    "backup_keep_daily": 7,
    "backup_keep_weekly": 4,
    "backup_keep_monthly": 12,
    # Years records are kept after the family's last pupil leaves (the school's policy).
    "retention_years": 6,
    # The termly report shows counts from 1 to 4 as "fewer than 5" (no family identifiable).
    "report_suppress_small": True,
    # A demo database of fictional families (services.demo_mark): marked DEMO on screen.
    "demo": False,
    # Support first (attendance): a family is listed if no contact in this many school days.
    "attendance_contact_school_days": 10,
}


@dataclass
class SchoolDetails:
    name: str = ""
    address: str = ""
    phone: str | None = None
    email: str | None = None
    headteacher: str | None = None
    officer_name: str = ""
    officer_role: str = "Family Liaison Officer"
    logo_png: bytes | None = None


def get_school(db: Database) -> SchoolDetails:
    with db.read() as session:
        school = session.get(School, 1)
        if school is None:
            return SchoolDetails()
        return SchoolDetails(
            name=school.name,
            address=school.address,
            phone=school.phone,
            email=school.email,
            headteacher=school.headteacher,
            officer_name=school.officer_name,
            officer_role=school.officer_role,
            logo_png=school.logo_png,
        )


PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
MAX_LOGO_BYTES = 2_000_000


def save_school(db: Database, details: SchoolDetails) -> None:
    errors: dict[str, str] = {}

    name = v.collect(errors, "name", v.clean_text, details.name, max_len=150, required=True)
    officer = v.collect(
        errors, "officer_name", v.clean_text, details.officer_name, max_len=120, required=True
    )
    role = v.collect(errors, "officer_role", v.clean_text, details.officer_role, max_len=120) or (
        "Family Liaison Officer"
    )
    head = v.collect(errors, "headteacher", v.clean_text, details.headteacher, max_len=120)
    phone = v.collect(errors, "phone", v.uk_phone, details.phone)
    email = v.collect(errors, "email", v.email, details.email)
    address = "\n".join(
        line.strip() for line in (details.address or "").strip().splitlines() if line.strip()
    )
    if len(address) > 500:
        errors["address"] = "keep the address under 500 characters"
    logo = details.logo_png
    if logo is not None:
        if not logo.startswith(PNG_MAGIC):
            errors["logo_png"] = "the logo must be a PNG image"
        elif len(logo) > MAX_LOGO_BYTES:
            errors["logo_png"] = "the logo file is over 2 MB; use a smaller image"
    if errors:
        raise ValidationError(errors)
    with db.session() as session:
        school = session.get(School, 1)
        if school is None:
            school = School(id=1, updated_at=db.clock.now())
            session.add(school)
        school.name = name
        school.address = address
        school.phone = phone
        school.email = email
        school.headteacher = head
        school.officer_name = officer
        school.officer_role = role
        school.logo_png = logo
        school.updated_at = db.clock.now()
        audit.record(session, db, AuditAction.CHANGED, entity="school", entity_id=1)


def get_setting(db: Database, key: str) -> Any:
    with db.read() as session:
        row = session.get(Setting, key)
        return row.value if row is not None else DEFAULTS.get(key)


def set_setting(db: Database, key: str, value: Any) -> None:
    with db.session() as session:
        row = session.get(Setting, key)
        if row is None:
            session.add(Setting(key=key, value=value))
        else:
            row.value = value
        audit.record(session, db, AuditAction.CHANGED, entity="setting", detail=key)


# -- terms ---------------------------------------------------------------------------------


def officer_name(session: Session) -> str | None:
    school = session.get(School, 1)
    return school.officer_name if school and school.officer_name else None
