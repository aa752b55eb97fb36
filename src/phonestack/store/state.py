"""The whole state as JSON: export, import and reset (used by the admin API and the CLI)."""

from __future__ import annotations

import base64
import secrets
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, LargeBinary, delete, insert, select
from sqlalchemy.engine import Engine

from .schema import metadata

# Signing keys survive resets (issued tokens stay verifiable); row_counts is derived data that
# the triggers keep (an account's rows cascade away with it; import re-inserts fire them).
KEEP = {"server_meta", "row_counts"}


def data_tables():
    return [tbl for tbl in metadata.sorted_tables if tbl.name not in KEEP]


def clear(conn) -> None:  # noqa: ANN001
    for tbl in reversed(data_tables()):
        conn.execute(delete(tbl))
    conn.execute(delete(metadata.tables["row_counts"]))


def _out(value: Any) -> Any:
    """JSON-ready: timestamps as ISO 8601, bytes (audio, fax files) as base64."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode()
    return value


def export_state(engine: Engine) -> dict[str, Any]:
    out: dict[str, Any] = {"format": "phonestack-state/1", "tables": {}}
    with engine.connect() as conn:
        for tbl in data_tables():
            rows = []
            for row in conn.execute(select(tbl).order_by(*tbl.primary_key.columns)).mappings():
                rows.append({str(k): _out(v) for k, v in row.items()})
            out["tables"][str(tbl.name)] = rows  # quoted_name is a str subclass orjson refuses as a key
    return out


def _new_names_versions(conn) -> None:  # noqa: ANN001
    """Give every account a names version drawn at random. Rendered numbers are cached by
    ``(id, row_version, names_version)`` (numbers/queries.py, store/fast.py RenderCache), in
    every process that served this database or loaded the same document: an import brings back
    the ids and row versions of the moment of the export, and the edits made after it would
    give those versions again to other content. A names version no cache has seen (62 random
    bits) makes every imported number's key new; renames count on from it."""
    versions = metadata.tables["number_view_versions"]
    start = secrets.randbits(62)
    conn.execute(delete(versions))
    accounts = conn.execute(select(metadata.tables["accounts"].c.id)).scalars().all()
    if accounts:
        conn.execute(insert(versions), [{"account_id": a, "version": start} for a in accounts])


def import_state(engine: Engine, data: dict[str, Any]) -> dict[str, int]:
    if not isinstance(data, dict) or data.get("format") != "phonestack-state/1":
        raise ValueError("not a phonestack state document (format phonestack-state/1)")
    tables = data.get("tables") or {}
    known = {tbl.name for tbl in data_tables()}
    unknown = set(tables) - known
    if unknown:
        raise ValueError(f"unknown tables: {sorted(unknown)}")
    counts: dict[str, int] = {}
    with engine.begin() as conn:
        clear(conn)
        for tbl in data_tables():
            rows = tables.get(str(tbl.name)) or []
            dt_cols = [c.name for c in tbl.columns if isinstance(c.type, DateTime)]
            bin_cols = [c.name for c in tbl.columns if isinstance(c.type, LargeBinary)]
            for r in rows:
                for c in dt_cols:
                    if isinstance(r.get(c), str):
                        r[c] = datetime.fromisoformat(r[c])
                for c in bin_cols:
                    if isinstance(r.get(c), str):
                        r[c] = base64.b64decode(r[c])
            if rows:
                conn.execute(insert(tbl), rows)
            counts[str(tbl.name)] = len(rows)
        _new_names_versions(conn)
        if engine.dialect.name == "postgresql":
            for tbl in data_tables():
                if "pk" in tbl.c:
                    conn.exec_driver_sql(
                        f"SELECT setval(pg_get_serial_sequence('{tbl.name}', 'pk'), "
                        f"COALESCE((SELECT MAX(pk) FROM {tbl.name}), 0) + 1, false)"
                    )
    return counts
