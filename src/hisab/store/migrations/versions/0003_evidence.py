"""Evidence vault: links between evidence items and incidents or records; index custody events by item.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "evidence_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("evidence_id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=True),
        sa.Column("record_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["evidence_id"], ["evidence_item.id"]),
        sa.ForeignKeyConstraint(["incident_id"], ["incident.id"]),
        sa.ForeignKeyConstraint(["record_id"], ["record.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("evidence_id", "incident_id", "record_id"),
    )
    op.create_index("ix_evidence_link_incident", "evidence_link", ["incident_id"])
    op.create_index("ix_custody_event_evidence", "custody_event", ["evidence_id"])


def downgrade() -> None:
    op.drop_index("ix_custody_event_evidence", table_name="custody_event")
    op.drop_index("ix_evidence_link_incident", table_name="evidence_link")
    op.drop_table("evidence_link")
