"""Providers (retired, not deleted) and the audit trail.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "providers",
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("organization", sa.Text, nullable=False),
        sa.Column("service_types", sa.JSON, nullable=False),
        sa.Column("street", sa.Text, nullable=False),
        sa.Column("postcode", sa.String(10), nullable=False),
        sa.Column("city", sa.Text, nullable=False),
        sa.Column("lat", sa.Float, nullable=False),
        sa.Column("lon", sa.Float, nullable=False),
        sa.Column("phone", sa.Text, nullable=False),
        sa.Column("email", sa.Text, nullable=False),
        sa.Column("website", sa.Text, nullable=False),
        sa.Column("languages", sa.JSON, nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("last_verified", sa.Date, nullable=True),
        sa.Column("life_stages", sa.JSON, nullable=False),
        sa.Column("free_of_charge", sa.Boolean, nullable=True),
        sa.Column("no_application", sa.Boolean, nullable=True),
        sa.Column("barrier_free", sa.Boolean, nullable=True),
        sa.Column("opening_hours", sa.Text, nullable=False),
        sa.Column("location_exact", sa.Boolean, nullable=False),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user", sa.String(200), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("provider_id", sa.String(200), nullable=True),
        sa.Column("before", sa.JSON, nullable=True),
        sa.Column("after", sa.JSON, nullable=True),
    )
    op.create_index("audit_provider", "audit", ["provider_id"])


def downgrade() -> None:
    op.drop_index("audit_provider", "audit")
    op.drop_table("audit")
    op.drop_table("providers")
