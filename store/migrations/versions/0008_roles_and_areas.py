"""Roles and areas: each account's role and the areas it may change; each provider,
Termin and audit line with the Kreis it belongs to, so that rights and the audit
download can be checked by area.

Existing accounts were all-powerful; they become ``betrieb`` (the operator narrows
them with ``benutzer NAME --rolle …``). The Kreise of stored rows are filled in from
their coordinates (providers), their provider or place (Termine), and the row they
name (audit lines).

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("role", sa.String(20), nullable=False, server_default="betrieb"))
        batch.add_column(sa.Column("areas", sa.JSON, nullable=True))
        batch.add_column(sa.Column("origin", sa.String(20), nullable=False, server_default="lokal"))
    for table in ("providers", "events", "audit"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("kreis_ags", sa.String(5), nullable=True))
    from store.areas import fill_kreise

    fill_kreise(op.get_bind())


def downgrade() -> None:
    for table in ("audit", "events", "providers"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("kreis_ags")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("origin")
        batch.drop_column("areas")
        batch.drop_column("role")
