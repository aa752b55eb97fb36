"""Prepared reads for the hot path.

SQLAlchemy builds and compiles a statement once (per dialect) and its own type processors
decode the values (JSON, DateTime, Boolean); the statement then runs straight on the
DBAPI cursor. This skips the per-call Core execution machinery, which costs about 60 us
on this machine against about 15 us for the query itself (see docs/performance.md).

Use it for single-statement reads on the hot path; everything else uses ``ctx.conn``.
"""

from __future__ import annotations

from collections import namedtuple
from typing import Any

from sqlalchemy.engine import Connection
from sqlalchemy.sql import Select


class Prepared:
    """``Prepared(select(...).where(col == bindparam("id")))``, then ``.one(conn, id=...)``
    or ``.all(conn, ...)``: rows come back as named tuples (``row.number``, ``row._asdict()``),
    like SQLAlchemy's rows."""

    __slots__ = ("stmt", "_by_dialect")

    def __init__(self, stmt: Select) -> None:
        self.stmt = stmt
        self._by_dialect: dict[str, tuple[str, tuple[str, ...] | None, list[str], list[Any]]] = {}

    def _compiled(self, conn: Connection):  # noqa: ANN202
        dialect = conn.dialect
        entry = self._by_dialect.get(dialect.name)
        if entry is None:
            compiled = self.stmt.compile(dialect=dialect)
            positional = tuple(compiled.positiontup) if compiled.positional else None
            names = [c[0] for c in compiled._result_columns]
            procs = [c[3]._cached_result_processor(dialect, None) for c in compiled._result_columns]
            record = namedtuple("Record", names, rename=True)._make
            entry = self._by_dialect[dialect.name] = (compiled.string, positional, record, procs)
        return entry

    def _run(self, conn: Connection, params: dict[str, Any], limit_one: bool):  # noqa: ANN202
        sql, positional, record, procs = self._compiled(conn)
        args: Any = tuple(params[p] for p in positional) if positional is not None else params
        cur = conn.connection.dbapi_connection.cursor()
        try:
            cur.execute(sql, args)
            raw = [cur.fetchone()] if limit_one else cur.fetchall()
        finally:
            cur.close()
        out = []
        for row in raw:
            if row is None:
                continue
            out.append(record([p(v) if p is not None and v is not None else v for p, v in zip(procs, row, strict=True)]))
        return out

    def one(self, conn: Connection, **params: Any) -> Any:
        rows = self._run(conn, params, True)
        return rows[0] if rows else None

    def all(self, conn: Connection, **params: Any) -> list[Any]:
        return self._run(conn, params, False)
