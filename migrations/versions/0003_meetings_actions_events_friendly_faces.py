"""meetings actions events friendly faces

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 04:27:28.312784
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.String(length=24),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("starts_at", sa.String(length=32), nullable=False),
        sa.Column("ends_at", sa.String(length=32), nullable=True),
        sa.Column("place", sa.String(length=120), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event")),
    )
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_starts_at"), ["starts_at"], unique=False)

    op.create_table(
        "event_invite",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("invited_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_event_invite_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["family.id"],
            name=op.f("fk_event_invite_family_id_family"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_invite")),
        sa.UniqueConstraint("event_id", "family_id", name=op.f("uq_event_invite_event_id")),
    )
    with op.batch_alter_table("event_invite", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_invite_event_id"), ["event_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_invite_family_id"), ["family_id"], unique=False)

    op.create_table(
        "meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.String(length=24),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.String(length=24),
            nullable=False,
        ),
        sa.Column("starts_at", sa.String(length=32), nullable=False),
        sa.Column("ends_at", sa.String(length=32), nullable=True),
        sa.Column("place", sa.String(length=120), nullable=True),
        sa.Column("interpreter_present", sa.Boolean(), nullable=False),
        sa.Column("interpreter_language", sa.String(length=4), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("confidential", sa.Boolean(), nullable=False),
        sa.Column("author", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["family.id"],
            name=op.f("fk_meeting_family_id_family"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting")),
    )
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_family_id"), ["family_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_meeting_starts_at"), ["starts_at"], unique=False)

    op.create_table(
        "action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("what", sa.String(length=300), nullable=False),
        sa.Column(
            "owner",
            sa.String(length=24),
            nullable=False,
        ),
        sa.Column("owner_name", sa.String(length=120), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["family.id"],
            name=op.f("fk_action_family_id_family"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_action_meeting_id_meeting"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action")),
    )
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_due_on"), ["due_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_action_family_id"), ["family_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_action_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "event_attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("caregiver_id", sa.Integer(), nullable=False),
        sa.Column("attended", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["caregiver_id"],
            ["caregiver.id"],
            name=op.f("fk_event_attendance_caregiver_id_caregiver"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_event_attendance_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["family.id"],
            name=op.f("fk_event_attendance_family_id_family"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_attendance")),
        sa.UniqueConstraint("event_id", "caregiver_id", name=op.f("uq_event_attendance_event_id")),
    )
    with op.batch_alter_table("event_attendance", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_event_attendance_event_id"), ["event_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_event_attendance_family_id"), ["family_id"], unique=False
        )

    op.create_table(
        "friendly_match",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("volunteer_id", sa.Integer(), nullable=False),
        sa.Column("matched_on", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("note", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["family.id"],
            name=op.f("fk_friendly_match_family_id_family"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["volunteer_id"],
            ["caregiver.id"],
            name=op.f("fk_friendly_match_volunteer_id_caregiver"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_friendly_match")),
    )
    with op.batch_alter_table("friendly_match", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_friendly_match_family_id"), ["family_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_friendly_match_volunteer_id"), ["volunteer_id"], unique=False
        )

    op.create_table(
        "meeting_attendee",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column(
            "role",
            sa.String(length=24),
            nullable=False,
        ),
        sa.Column("caregiver_id", sa.Integer(), nullable=True),
        sa.Column("pupil_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=120), nullable=True),
        sa.ForeignKeyConstraint(
            ["caregiver_id"],
            ["caregiver.id"],
            name=op.f("fk_meeting_attendee_caregiver_id_caregiver"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_meeting_attendee_meeting_id_meeting"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["pupil_id"],
            ["pupil.id"],
            name=op.f("fk_meeting_attendee_pupil_id_pupil"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_attendee")),
    )
    with op.batch_alter_table("meeting_attendee", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_attendee_meeting_id"), ["meeting_id"], unique=False
        )

    with op.batch_alter_table("caregiver", schema=None) as batch_op:
        batch_op.add_column(sa.Column("volunteer_since", sa.Date(), nullable=True))


def downgrade() -> None:

    with op.batch_alter_table("caregiver", schema=None) as batch_op:
        batch_op.drop_column("volunteer_since")

    with op.batch_alter_table("meeting_attendee", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_attendee_meeting_id"))

    op.drop_table("meeting_attendee")
    with op.batch_alter_table("friendly_match", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_friendly_match_volunteer_id"))
        batch_op.drop_index(batch_op.f("ix_friendly_match_family_id"))

    op.drop_table("friendly_match")
    with op.batch_alter_table("event_attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_attendance_family_id"))
        batch_op.drop_index(batch_op.f("ix_event_attendance_event_id"))

    op.drop_table("event_attendance")
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_action_family_id"))
        batch_op.drop_index(batch_op.f("ix_action_due_on"))

    op.drop_table("action")
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_starts_at"))
        batch_op.drop_index(batch_op.f("ix_meeting_family_id"))

    op.drop_table("meeting")
    with op.batch_alter_table("event_invite", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_invite_family_id"))
        batch_op.drop_index(batch_op.f("ix_event_invite_event_id"))

    op.drop_table("event_invite")
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_starts_at"))

    op.drop_table("event")
