"""Per-client watermarks: the global position of the last event applied for each client."""

from __future__ import annotations

from services.projector.readmodels.bulk import insert_rows
from services.projector.stage import StagedCursor

COLUMNS = (("client_id", "uuid"), ("position", "int8"))


def flush(cur: StagedCursor) -> None:
    rows = sorted(cur.staged.watermarks.items())
    insert_rows(cur, "client_watermarks", COLUMNS, rows, """ON CONFLICT (client_id) DO UPDATE
        SET position = GREATEST(client_watermarks.position, EXCLUDED.position)""")
    cur.staged.watermarks.clear()
