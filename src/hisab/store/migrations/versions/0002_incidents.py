"""Incidents, places and sieges: place hierarchy keys, incident details, sieges, incident links.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

PLACE_COLUMNS = [
    sa.Column("key", sa.String(length=120), nullable=True),
    sa.Column("kind", sa.String(length=20), nullable=True),
    sa.Column("governorate_pcode", sa.String(length=10), nullable=True),
    sa.Column("community_pcode", sa.String(length=20), nullable=True),
    sa.Column("source_code", sa.String(length=20), nullable=True),
]
INCIDENT_COLUMNS = [
    sa.Column("confidence_raw", sa.String(length=50), nullable=True),
    sa.Column("civilians_killed_min", sa.Integer(), nullable=True),
    sa.Column("civilians_killed_max", sa.Integer(), nullable=True),
    sa.Column("massacre", sa.Boolean(), nullable=True),
    sa.Column("attack_types", sa.JSON(), nullable=True),
    sa.Column("collections", sa.JSON(), nullable=True),
    sa.Column("media", sa.JSON(), nullable=True),
    sa.Column("geocode_status", sa.String(length=30), nullable=True),
    sa.Column("geocode_note", sa.Text(), nullable=True),
    sa.Column("sources", sa.JSON(), nullable=True),
]


def upgrade() -> None:
    for col in PLACE_COLUMNS:
        op.add_column("place", col)
    op.create_index("ix_place_key", "place", ["key"], unique=True)
    op.create_index("ix_place_governorate_pcode", "place", ["governorate_pcode"])
    for col in INCIDENT_COLUMNS:
        op.add_column("incident", col)
    op.create_table(
        "siege",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=100), nullable=False),
        sa.Column("name_en", sa.Text(), nullable=True),
        sa.Column("name_ar", sa.Text(), nullable=True),
        sa.Column("area_pcodes", sa.JSON(), nullable=False),
        sa.Column("besieging_party", sa.Text(), nullable=True),
        sa.Column("start_earliest", sa.Date(), nullable=True),
        sa.Column("start_latest", sa.Date(), nullable=True),
        sa.Column("start_precision", sa.String(length=10), nullable=False),
        sa.Column("end_earliest", sa.Date(), nullable=True),
        sa.Column("end_latest", sa.Date(), nullable=True),
        sa.Column("end_precision", sa.String(length=10), nullable=False),
        sa.Column("population_estimate", sa.Integer(), nullable=True),
        sa.Column("population_source", sa.Text(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    op.create_table(
        "siege_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("siege_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("date_earliest", sa.Date(), nullable=True),
        sa.Column("date_latest", sa.Date(), nullable=True),
        sa.Column("date_precision", sa.String(length=10), nullable=False),
        sa.Column("count", sa.Integer(), nullable=True),
        sa.Column("place_pcode", sa.String(length=20), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["siege_id"], ["siege.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_siege_event_siege_id", "siege_event", ["siege_id"])
    op.create_table(
        "incident_siege",
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("siege_id", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(["incident_id"], ["incident.id"]),
        sa.ForeignKeyConstraint(["siege_id"], ["siege.id"]),
        sa.PrimaryKeyConstraint("incident_id", "siege_id"),
    )
    op.create_table(
        "incident_record_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("reasons", sa.JSON(), nullable=True),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["incident_id"], ["incident.id"]),
        sa.ForeignKeyConstraint(["record_id"], ["record.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_incident_record_link_pair", "incident_record_link", ["incident_id", "record_id"])


def downgrade() -> None:
    op.drop_index("ix_incident_record_link_pair", table_name="incident_record_link")
    op.drop_table("incident_record_link")
    op.drop_table("incident_siege")
    op.drop_index("ix_siege_event_siege_id", table_name="siege_event")
    op.drop_table("siege_event")
    op.drop_table("siege")
    with op.batch_alter_table("incident") as batch:
        for col in INCIDENT_COLUMNS:
            batch.drop_column(col.name)
    op.drop_index("ix_place_governorate_pcode", table_name="place")
    op.drop_index("ix_place_key", table_name="place")
    with op.batch_alter_table("place") as batch:
        for col in PLACE_COLUMNS:
            batch.drop_column(col.name)
