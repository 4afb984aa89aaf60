"""Entries that stay true: who last checked each provider, the private links that let a
provider confirm or correct its own entry without an account (only a hash of each
token is kept), and the proposed changes waiting for review.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("providers") as batch:
        batch.add_column(sa.Column("verified_by", sa.String(20), nullable=False, server_default=""))
    op.create_table(
        "entry_links",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("provider_id", sa.String(200), nullable=False, index=True),
        sa.Column("kreis_ags", sa.String(5), nullable=True),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("valid_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "proposals",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("provider_id", sa.String(200), nullable=False, index=True),
        sa.Column("kreis_ags", sa.String(5), nullable=True, index=True),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("changes", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(20), nullable=False, index=True),
        sa.Column("decided_by", sa.String(200), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
    )


def downgrade() -> None:
    op.drop_table("proposals")
    op.drop_table("entry_links")
    with op.batch_alter_table("providers") as batch:
        batch.drop_column("verified_by")
