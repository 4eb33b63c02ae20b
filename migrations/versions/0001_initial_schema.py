"""initial schema: families, people, needs, consent, notes, school, terms, audit, search

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.String(length=32), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=True),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("family_id", sa.Integer(), nullable=True),
        sa.Column("detail", sa.String(length=300), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entry")),
    )
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_entry_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_entry_family_id"), ["family_id"], unique=False)

    op.create_table(
        "family",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=12), nullable=False),
        sa.Column("address_line1", sa.String(length=120), nullable=True),
        sa.Column("address_line2", sa.String(length=120), nullable=True),
        sa.Column("town", sa.String(length=80), nullable=True),
        sa.Column("postcode", sa.String(length=10), nullable=True),
        sa.Column("new_arrival_date", sa.Date(), nullable=True),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("archived_at", sa.String(length=32), nullable=True),
        sa.Column("archived_reason", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_family")),
        sa.UniqueConstraint("reference", name=op.f("uq_family_reference")),
    )
    op.create_table(
        "school",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=150), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("phone", sa.String(length=30), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("headteacher", sa.String(length=120), nullable=True),
        sa.Column("officer_name", sa.String(length=120), nullable=False),
        sa.Column("officer_role", sa.String(length=120), nullable=False),
        sa.Column("logo_png", sa.LargeBinary(), nullable=True),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_school")),
    )
    op.create_table(
        "setting",
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_setting")),
    )
    op.create_table(
        "store_meta",
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_store_meta")),
    )
    op.create_table(
        "term",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_term")),
        sa.UniqueConstraint("kind", "starts_on", name=op.f("uq_term_kind")),
    )
    op.create_table(
        "caregiver",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=20), nullable=True),
        sa.Column("phone_mobile", sa.String(length=20), nullable=True),
        sa.Column("phone_other", sa.String(length=20), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("main_language", sa.String(length=4), nullable=True),
        sa.Column("letter_language", sa.String(length=4), nullable=True),
        sa.Column("reads_english", sa.Boolean(), nullable=True),
        sa.Column("interpreter_needed", sa.Boolean(), nullable=False),
        sa.Column("interpreter_language", sa.String(length=4), nullable=True),
        sa.Column("interpreter_dialect", sa.String(length=60), nullable=True),
        sa.Column("interpreter_preference", sa.String(length=120), nullable=True),
        sa.Column("contact_channels", sa.JSON(), nullable=False),
        sa.Column("best_times", sa.String(length=200), nullable=True),
        sa.Column("is_main_contact", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("archived_at", sa.String(length=32), nullable=True),
        sa.Column("given_name", sa.String(length=100), nullable=False),
        sa.Column("family_name", sa.String(length=100), nullable=False),
        sa.Column("preferred_name", sa.String(length=100), nullable=True),
        sa.Column("given_name_latin", sa.String(length=100), nullable=True),
        sa.Column("family_name_latin", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["family.id"],
            name=op.f("fk_caregiver_family_id_family"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_caregiver")),
    )
    with op.batch_alter_table("caregiver", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_caregiver_family_id"), ["family_id"], unique=False)

    op.create_table(
        "family_need",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=24), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("identified_on", sa.Date(), nullable=False),
        sa.Column("resolved_on", sa.Date(), nullable=True),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["family.id"],
            name=op.f("fk_family_need_family_id_family"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_family_need")),
    )
    with op.batch_alter_table("family_need", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_family_need_family_id"), ["family_id"], unique=False)

    op.create_table(
        "family_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("written_at", sa.String(length=32), nullable=False),
        sa.Column("author", sa.String(length=120), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("confidential", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["family.id"],
            name=op.f("fk_family_note_family_id_family"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_family_note")),
    )
    with op.batch_alter_table("family_note", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_family_note_family_id"), ["family_id"], unique=False)

    op.create_table(
        "pupil",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("upn", sa.String(length=13), nullable=True),
        sa.Column("year_group", sa.Integer(), nullable=True),
        sa.Column("class_name", sa.String(length=20), nullable=True),
        sa.Column("admission_date", sa.Date(), nullable=True),
        sa.Column("first_language", sa.String(length=4), nullable=True),
        sa.Column("proficiency", sa.String(length=1), nullable=False),
        sa.Column("left_date", sa.Date(), nullable=True),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("archived_at", sa.String(length=32), nullable=True),
        sa.Column("given_name", sa.String(length=100), nullable=False),
        sa.Column("family_name", sa.String(length=100), nullable=False),
        sa.Column("preferred_name", sa.String(length=100), nullable=True),
        sa.Column("given_name_latin", sa.String(length=100), nullable=True),
        sa.Column("family_name_latin", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(
            ["family_id"], ["family.id"], name=op.f("fk_pupil_family_id_family"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pupil")),
        sa.UniqueConstraint("upn", name=op.f("uq_pupil_upn")),
    )
    with op.batch_alter_table("pupil", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pupil_class_name"), ["class_name"], unique=False)
        batch_op.create_index(batch_op.f("ix_pupil_family_id"), ["family_id"], unique=False)

    op.create_table(
        "caregiver_language",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("caregiver_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=4), nullable=False),
        sa.Column("speaks", sa.Boolean(), nullable=False),
        sa.Column("reads", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["caregiver_id"],
            ["caregiver.id"],
            name=op.f("fk_caregiver_language_caregiver_id_caregiver"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_caregiver_language")),
        sa.UniqueConstraint(
            "caregiver_id", "language", name=op.f("uq_caregiver_language_caregiver_id")
        ),
    )
    with op.batch_alter_table("caregiver_language", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_caregiver_language_caregiver_id"), ["caregiver_id"], unique=False
        )

    op.create_table(
        "consent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("caregiver_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("service", sa.String(length=120), nullable=True),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("note", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(
            ["caregiver_id"],
            ["caregiver.id"],
            name=op.f("fk_consent_caregiver_id_caregiver"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["family.id"],
            name=op.f("fk_consent_family_id_family"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent")),
    )
    with op.batch_alter_table("consent", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consent_family_id"), ["family_id"], unique=False)

    op.create_table(
        "pupil_caregiver",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.Column("caregiver_id", sa.Integer(), nullable=False),
        sa.Column("relationship_kind", sa.String(length=24), nullable=False),
        sa.Column("parental_responsibility", sa.Boolean(), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["caregiver_id"],
            ["caregiver.id"],
            name=op.f("fk_pupil_caregiver_caregiver_id_caregiver"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["pupil_id"],
            ["pupil.id"],
            name=op.f("fk_pupil_caregiver_pupil_id_pupil"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pupil_caregiver")),
        sa.UniqueConstraint("pupil_id", "caregiver_id", name=op.f("uq_pupil_caregiver_pupil_id")),
    )
    with op.batch_alter_table("pupil_caregiver", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pupil_caregiver_caregiver_id"), ["caregiver_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_pupil_caregiver_pupil_id"), ["pupil_id"], unique=False)

    op.create_table(
        "search_doc",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("ref_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_doc")),
    )
    with op.batch_alter_table("search_doc", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_search_doc_family_id"), ["family_id"], unique=False)
    # Full-text search over names in any script and notes. The tokenizer keeps combining marks
    # inside words, so Bengali and other Indic names are not split (stack-facts.md).
    op.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5("
        "names, body, "
        "tokenize = \"unicode61 remove_diacritics 2 categories 'L* N* Co M*'\")"
    )


def downgrade() -> None:
    op.execute("DROP TABLE search_index")
    op.drop_table("search_doc")
    with op.batch_alter_table("pupil_caregiver", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pupil_caregiver_pupil_id"))
        batch_op.drop_index(batch_op.f("ix_pupil_caregiver_caregiver_id"))

    op.drop_table("pupil_caregiver")
    with op.batch_alter_table("consent", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consent_family_id"))

    op.drop_table("consent")
    with op.batch_alter_table("caregiver_language", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_caregiver_language_caregiver_id"))

    op.drop_table("caregiver_language")
    with op.batch_alter_table("pupil", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pupil_family_id"))
        batch_op.drop_index(batch_op.f("ix_pupil_class_name"))

    op.drop_table("pupil")
    with op.batch_alter_table("family_note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_family_note_family_id"))

    op.drop_table("family_note")
    with op.batch_alter_table("family_need", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_family_need_family_id"))

    op.drop_table("family_need")
    with op.batch_alter_table("caregiver", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_caregiver_family_id"))

    op.drop_table("caregiver")
    op.drop_table("term")
    op.drop_table("store_meta")
    op.drop_table("setting")
    op.drop_table("school")
    op.drop_table("family")
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_entry_family_id"))
        batch_op.drop_index(batch_op.f("ix_audit_entry_at"))

    op.drop_table("audit_entry")
