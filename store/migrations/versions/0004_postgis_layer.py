"""On PostgreSQL with PostGIS: the active providers as a point layer for GIS tools.

The view ``anbieter_karte`` gives each active provider a ``geom`` (Point, WGS 84)
made from its coordinates, so planners can open a shared store in QGIS (or query it
with ``ST_DWithin``) without an export; a GiST index on the same expression makes
such queries fast. Coordinates stay in ``lat``/``lon``, the one place they are
written, so the view can never disagree with the map. SQLite, and a PostgreSQL
without the PostGIS extension, get nothing here.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

VIEW = "anbieter_karte"
POINT = "ST_SetSRID(ST_MakePoint(lon, lat), 4326)"


def _postgis() -> bool:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return False
    found = bind.execute(sa.text("SELECT 1 FROM pg_extension WHERE extname = 'postgis'"))
    return found.first() is not None


def upgrade() -> None:
    if not _postgis():
        return
    op.execute(f"CREATE INDEX providers_geom ON providers USING gist (({POINT}))")
    op.execute(
        f"""
        CREATE VIEW {VIEW} AS
        SELECT id, name, organization,
               array_to_string(ARRAY(SELECT json_array_elements_text(service_types)), ';')
                   AS angebotsarten,
               street AS strasse, postcode AS plz, city AS ort, phone AS telefon,
               email, website, last_verified AS geprueft_am, source AS quelle,
               {POINT}::geometry(Point, 4326) AS geom
        FROM providers
        WHERE retired_at IS NULL
        """
    )


def downgrade() -> None:
    if not _postgis():
        return
    op.execute(f"DROP VIEW IF EXISTS {VIEW}")
    op.execute("DROP INDEX IF EXISTS providers_geom")
