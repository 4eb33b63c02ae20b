"""interpreters bookings services referrals

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 04:40:24.517652
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "agency",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("cancellation_hours", sa.Integer(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agency")),
        sa.UniqueConstraint("name", name=op.f("uq_agency_name")),
    )
    op.create_table(
        "service",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("category", sa.String(length=24), nullable=False),
        sa.Column("offer", sa.Text(), nullable=True),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("eligibility", sa.Text(), nullable=True),
        sa.Column("how_to_refer", sa.Text(), nullable=True),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("website", sa.String(length=200), nullable=True),
        sa.Column("address", sa.String(length=300), nullable=True),
        sa.Column("opening_times", sa.String(length=300), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service")),
    )
    op.create_table(
        "interpreter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=True),
        sa.Column("gender", sa.String(length=10), nullable=True),
        sa.Column("modes", sa.JSON(), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("hourly_rate_pence", sa.Integer(), nullable=True),
        sa.Column("fixed_fee_pence", sa.Integer(), nullable=True),
        sa.Column("minimum_minutes", sa.Integer(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["agency.id"],
            name=op.f("fk_interpreter_agency_id_agency"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interpreter")),
    )
    op.create_table(
        "booking",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("caregiver_id", sa.Integer(), nullable=True),
        sa.Column("interpreter_id", sa.Integer(), nullable=True),
        sa.Column("agency_id", sa.Integer(), nullable=True),
        sa.Column("language", sa.String(length=4), nullable=False),
        sa.Column("dialect", sa.String(length=60), nullable=True),
        sa.Column("mode", sa.String(length=24), nullable=False),
        sa.Column("starts_at", sa.String(length=32), nullable=False),
        sa.Column("ends_at", sa.String(length=32), nullable=False),
        sa.Column("place", sa.String(length=120), nullable=True),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("agency_reference", sa.String(length=60), nullable=True),
        sa.Column("cost_pence", sa.Integer(), nullable=True),
        sa.Column("cost_overridden", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["agency.id"],
            name=op.f("fk_booking_agency_id_agency"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["caregiver_id"],
            ["caregiver.id"],
            name=op.f("fk_booking_caregiver_id_caregiver"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["family.id"],
            name=op.f("fk_booking_family_id_family"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["interpreter_id"],
            ["interpreter.id"],
            name=op.f("fk_booking_interpreter_id_interpreter"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_booking_meeting_id_meeting"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_booking")),
    )
    with op.batch_alter_table("booking", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_booking_family_id"), ["family_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_booking_interpreter_id"), ["interpreter_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_booking_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_booking_starts_at"), ["starts_at"], unique=False)

    op.create_table(
        "interpreter_language",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("interpreter_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=4), nullable=False),
        sa.Column("dialect", sa.String(length=60), nullable=True),
        sa.ForeignKeyConstraint(
            ["interpreter_id"],
            ["interpreter.id"],
            name=op.f("fk_interpreter_language_interpreter_id_interpreter"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interpreter_language")),
        sa.UniqueConstraint(
            "interpreter_id",
            "language",
            "dialect",
            name=op.f("uq_interpreter_language_interpreter_id"),
        ),
    )
    with op.batch_alter_table("interpreter_language", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_interpreter_language_interpreter_id"), ["interpreter_id"], unique=False
        )

    op.create_table(
        "referral",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=True),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("suggested_on", sa.Date(), nullable=False),
        sa.Column("referred_on", sa.Date(), nullable=True),
        sa.Column("consent_id", sa.Integer(), nullable=True),
        sa.Column("consent_on", sa.Date(), nullable=True),
        sa.Column("follow_up_on", sa.Date(), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["consent_id"],
            ["consent.id"],
            name=op.f("fk_referral_consent_id_consent"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["family.id"],
            name=op.f("fk_referral_family_id_family"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["need_id"],
            ["family_need.id"],
            name=op.f("fk_referral_need_id_family_need"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
            name=op.f("fk_referral_service_id_service"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral")),
    )
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_referral_family_id"), ["family_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_referral_follow_up_on"), ["follow_up_on"], unique=False
        )

    with op.batch_alter_table("caregiver", schema=None) as batch_op:
        batch_op.add_column(sa.Column("interpreter_gender", sa.String(length=10), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("caregiver", schema=None) as batch_op:
        batch_op.drop_column("interpreter_gender")

    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_referral_follow_up_on"))
        batch_op.drop_index(batch_op.f("ix_referral_family_id"))

    op.drop_table("referral")
    with op.batch_alter_table("interpreter_language", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interpreter_language_interpreter_id"))

    op.drop_table("interpreter_language")
    with op.batch_alter_table("booking", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_booking_starts_at"))
        batch_op.drop_index(batch_op.f("ix_booking_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_booking_interpreter_id"))
        batch_op.drop_index(batch_op.f("ix_booking_family_id"))

    op.drop_table("booking")
    op.drop_table("interpreter")
    op.drop_table("service")
    op.drop_table("agency")
