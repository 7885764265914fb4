"""Actors and attribution: actor type and origin, attribution source and grading, stored share queries.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

ACTOR_COLUMNS = [
    sa.Column("actor_type", sa.String(length=50), nullable=True),
    sa.Column("origin", sa.String(length=100), nullable=True),
]
ATTRIBUTION_COLUMNS = [
    sa.Column("source_id", sa.Integer(), nullable=True),
    sa.Column("confidence_raw", sa.String(length=100), nullable=True),
    sa.Column("origin", sa.String(length=20), nullable=False, server_default="assessment"),
    sa.Column("label", sa.Text(), nullable=True),
    sa.Column("assessor", sa.String(length=200), nullable=True),
    sa.Column("status", sa.String(length=20), nullable=False, server_default="current"),
]


def upgrade() -> None:
    for col in ACTOR_COLUMNS:
        op.add_column("actor", col)
    with op.batch_alter_table("attribution") as batch:
        for col in ATTRIBUTION_COLUMNS:
            batch.add_column(col)
        batch.create_foreign_key("fk_attribution_source", "source", ["source_id"], ["id"])
    op.create_index("ix_attribution_record", "attribution", ["record_id"])
    op.create_index("ix_attribution_incident", "attribution", ["incident_id"])
    op.create_index("ix_attribution_actor_actor", "attribution_actor", ["actor_id"])
    op.create_table(
        "share_query",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("input_digest", sa.String(length=64), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("share_query")
    op.drop_index("ix_attribution_actor_actor", table_name="attribution_actor")
    op.drop_index("ix_attribution_incident", table_name="attribution")
    op.drop_index("ix_attribution_record", table_name="attribution")
    with op.batch_alter_table("attribution") as batch:
        batch.drop_constraint("fk_attribution_source", type_="foreignkey")
        for col in reversed(ATTRIBUTION_COLUMNS):
            batch.drop_column(col.name)
    for col in reversed(ACTOR_COLUMNS):
        op.drop_column("actor", col.name)
