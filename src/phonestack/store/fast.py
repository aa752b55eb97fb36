"""Prepared reads for the hot path.

SQLAlchemy builds and compiles a statement once (per dialect) and its own type processors
decode the values (JSON, DateTime, Boolean); the statement then runs straight on the
DBAPI cursor. This skips the per-call Core execution machinery, which costs about 60 us
on this machine against about 15 us for the query itself (see docs/performance.md).

Use it for single-statement selects on hot paths: the reads of GETs, and lookups inside a
write (the statement runs on the request's own DBAPI connection, so inside its transaction).
Everything else uses ``ctx.conn``.
"""

from __future__ import annotations

import itertools
import operator
import threading
from collections import namedtuple
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import JSON, Text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import Select
from sqlalchemy.sql.functions import FunctionElement


def _decoder(record: Callable[[Any], Any], procs: list[tuple[int, Callable[[Any], Any]]]) -> Callable[[Any], Any]:
    """A fetched row -> a record, each column with a processor converted (None stays None)."""
    def decode(row):  # noqa: ANN001, ANN202
        if procs:
            row = list(row)
            for i, proc in procs:
                v = row[i]
                if v is not None:
                    row[i] = proc(v)
        return record(row)

    return decode


@dataclass(frozen=True, slots=True)
class _Compiled:
    """A statement compiled for one dialect, with how to bind it and how to decode its rows."""

    sql: str
    positional: tuple[str, ...] | None
    fixed: dict[str, Any]  # parameters the dialect adds itself (SQLite's LIMIT ? OFFSET ?)
    names: list[str]
    decode: Callable[[Any], Any]  # rows as the DBAPI decodes them
    decode_raw: Callable[[Any], Any]  # rows fetched with JSON as text (PostgreSQL decodes JSON itself)
    getters: dict[tuple[str, ...], Callable[[Any], tuple]]  # Prepared.getter, built once per names


class Prepared:
    """``Prepared(select(...).where(col == bindparam("id")))``, then ``.one(conn, id=...)``
    or ``.all(conn, ...)``: rows come back as named tuples (``row.number``, ``row._asdict()``),
    like SQLAlchemy's rows. ``.raw(conn, ...)`` gives the rows as the database returned them
    (hashable tuples, JSON as text) with the function that decodes one, for ``RenderCache``."""

    __slots__ = ("stmt", "_by_dialect")

    def __init__(self, stmt: Select) -> None:
        self.stmt = stmt
        self._by_dialect: dict[str, _Compiled] = {}

    def _compiled(self, conn: Connection) -> _Compiled:
        dialect = conn.dialect
        entry = self._by_dialect.get(dialect.name)
        if entry is None:
            compiled = self.stmt.compile(dialect=dialect)
            names = [c[0] for c in compiled._result_columns]
            procs = []
            raw_procs = []
            for i, c in enumerate(compiled._result_columns):
                proc = c[3]._cached_result_processor(dialect, None)
                if isinstance(c[3], JSON) and (proc is None or getattr(dialect, "_json_deserializer", None)
                                               is orjson.loads):
                    # SQLAlchemy's wrapper only calls orjson.loads: skip two Python frames a value.
                    raw_procs.append((i, orjson.loads))
                    if proc is not None:
                        procs.append((i, orjson.loads))
                elif proc is not None:
                    procs.append((i, proc))
                    raw_procs.append((i, proc))
            record = namedtuple("Record", names, rename=True)._make
            entry = self._by_dialect[dialect.name] = _Compiled(
                sql=compiled.string,
                positional=tuple(compiled.positiontup) if compiled.positional else None,
                fixed={k: b.value for k, b in compiled.binds.items() if not b.required and b.value is not None},
                names=names,
                decode=_decoder(record, procs),
                decode_raw=_decoder(record, raw_procs),
                getters={},
            )
        return entry

    def _fetch(self, conn: Connection, c: _Compiled, params: dict[str, Any], limit_one: bool,
               json_as_text: bool) -> list[Any]:
        if c.fixed:
            params = {**c.fixed, **params}
        args: Any = tuple(params[p] for p in c.positional) if c.positional is not None else params
        cur = _cursor(conn, json_as_text)
        cur.execute(c.sql, args)
        if limit_one:
            row = cur.fetchone()
            if row is None:
                return []
            if conn.dialect.name == "sqlite":
                # A statement with rows left would stay open on the kept cursor, and with it the
                # read snapshot (CPython resets one whose last row was fetched; psycopg holds the
                # whole result already).
                cur.fetchall()
            return [row]
        return cur.fetchall()

    def _run(self, conn: Connection, params: dict[str, Any], limit_one: bool) -> list[Any]:
        c = self._compiled(conn)
        return [c.decode(row) for row in self._fetch(conn, c, params, limit_one, False)]

    def one(self, conn: Connection, **params: Any) -> Any:
        rows = self._run(conn, params, True)
        return rows[0] if rows else None

    def all(self, conn: Connection, **params: Any) -> list[Any]:
        return self._run(conn, params, False)

    def raw(self, conn: Connection, *, one: bool = False, **params: Any):  # noqa: ANN201
        """(rows as fetched, with JSON columns as text, and ``decode(row) -> record``)."""
        c = self._compiled(conn)
        return self._fetch(conn, c, params, one, True), c.decode_raw

    def index(self, conn: Connection, name: str) -> int:
        return self._compiled(conn).names.index(name)

    def getter(self, conn: Connection, names: tuple[str, ...]) -> Callable[[Any], tuple]:
        """row -> the tuple of the named columns' values (rows as ``raw`` returns them)."""
        c = self._compiled(conn)
        get = c.getters.get(names)
        if get is None:
            at = [c.names.index(n) for n in names]
            get = operator.itemgetter(*at) if len(at) > 1 else (lambda row, i=at[0]: (row[i],))
            c.getters[names] = get
        return get


class joined_text(FunctionElement):  # noqa: N801 - used as SQL's function names are
    """``joined_text(value)``: an aggregate of ``value`` as text, joined with commas. One row of
    text for a page of keys: CPython's ``sqlite3`` hands the GIL over and builds a tuple for
    every row fetched, psycopg decodes every row in Python, and a page of 101 keys as rows cost
    more than the database's own work (docs/performance.md).

    Aggregate a subquery with ORDER BY and LIMIT: the values come in its order. Neither database
    reorders the input of an aggregate without GROUP BY, and a subquery with LIMIT is never
    merged into the query around it (SQLite: "the subquery may not use LIMIT if the outer query
    is an aggregate"; PostgreSQL's manual: "supplying the input values from a sorted subquery
    will usually work"). An ORDER BY inside the aggregate would say so to the database, but
    SQLite has it only from 3.44 on (this machine's Python has 3.40) and PostgreSQL 15 sorts each
    ordered aggregate's input again: 200 us a page read against 161 (bench/keyread.py). The order
    is checked through HTTP on both databases (tests/numbers/test_number_views_fresh.py)."""

    type = Text()
    name = "joined_text"
    inherit_cache = True


@compiles(joined_text, "sqlite")
def _joined_text_sqlite(element, compiler, **kw) -> str:  # noqa: ANN001
    return f"group_concat({compiler.process(element.clauses, **kw)}, ',')"


@compiles(joined_text, "postgresql")
def _joined_text_postgresql(element, compiler, **kw) -> str:  # noqa: ANN001
    return f"string_agg(CAST({compiler.process(element.clauses, **kw)} AS TEXT), ',')"


def _cursor(conn: Connection, json_as_text: bool) -> Any:
    """A DBAPI cursor kept with the DBAPI connection (in its pool record's ``info``, which lives
    and dies with it) and reused by every prepared read on it: creating a psycopg cursor and
    registering its loaders cost more than the query's own client-side work. PostgreSQL's
    ``json_as_text`` cursor leaves JSON as text, for RenderCache keys."""
    info = conn.connection.info
    key = "phonestack.raw_cursor" if json_as_text else "phonestack.cursor"
    cur = info.get(key)
    if cur is None:
        cur = conn.connection.dbapi_connection.cursor()
        if json_as_text and conn.dialect.name == "postgresql":
            from psycopg.types.string import TextLoader

            cur.adapters.register_loader("json", TextLoader)
            cur.adapters.register_loader("jsonb", TextLoader)
        info[key] = cur
    return cur


def right_sized(data: bytes) -> bytes:
    """A copy of ``data`` that holds only its length. orjson (3.12 and later) answers bytes that
    keep its whole output buffer, 4 KB at least: a 600-byte number kept as such costs 4 KB of
    memory. Anything kept for long (rendered views, kept answers and their keys) goes through
    this: ~0.2 us a copy, and a RenderCache of 10,000 numbers takes ~6 MB instead of ~40."""
    return bytes(memoryview(data))


class RenderCache:
    """The JSON of a view of a row, memoized on what the view reads.

    By default the key is the row's raw database values: every value the view reads (the row's
    own columns and the joined ones) is part of the key. With ``key_names`` the key is those
    columns instead: the row's id and a row version that the database bumps on every change of
    what the view reads (migrations 0007 and 0008), so a page can be checked against the cache by
    reading those narrow columns only (``lookup``, as one row of joined text: ``joined_text``;
    committed reads only). Either way an entry can never be stale: a changed row is a different
    key, and the old entry is never asked for again and ages out (first in, first out, ``size``
    entries). The view must be a pure function of the row. Pages of 100 numbers that were seen
    before skip fetching, decoding, building and encoding each number (docs/performance.md).
    """

    __slots__ = ("view", "size", "key_names", "_entries", "_lock")

    def __init__(self, view: Callable[[Any], Any], size: int = 10_000,
                 key_names: tuple[str, ...] | None = None) -> None:
        self.view = view
        self.size = size
        self.key_names = key_names
        self._entries: dict[tuple, orjson.Fragment] = {}
        self._lock = threading.Lock()

    def lookup(self, keys: Iterable[tuple]) -> list[orjson.Fragment] | None:
        """The fragments cached under ``keys``: all of them, or None when one is missing."""
        get = self._entries.get
        out = [get(k) for k in keys]
        return None if None in out else out

    def render(self, rows: list[tuple], decode: Callable[[tuple], Any],
               key: Callable[[tuple], tuple] | None = None) -> list[orjson.Fragment]:
        """``rows`` (as ``Prepared.raw`` returns them) as fragments; ``key(row)`` gives a row's
        cache key when ``key_names`` is set (``Prepared.getter``)."""
        entries = self._entries
        out = []
        for row in rows:
            k = row if key is None else key(row)
            fragment = entries.get(k)
            if fragment is None:
                fragment = orjson.Fragment(right_sized(orjson.dumps(self.view(decode(row)))))
                with self._lock:
                    if len(entries) >= self.size:
                        entries.pop(next(iter(entries)))
                    entries[k] = fragment
            out.append(fragment)
        return out


# What names the committed state that a new read would see (``database_state``).
_STATE_SQL = {"sqlite": "PRAGMA data_version", "postgresql": "SELECT txid_current_snapshot()::text"}
_GENERATIONS = itertools.count(1)


def database_state(conn: Connection) -> Any:
    """A value that is equal for two reads on ``conn`` only if they see the same committed data,
    or None where the dialect has no such value. Read it before the reads it stands for, outside
    a transaction (``Server.read`` ends each read's snapshot): data committed after it gives a
    newer value, and values never come back, so an answer kept under it is never stale.

    - SQLite: ``PRAGMA data_version`` changes whenever another connection, in this process or
      another, commits. It counts per connection, so the value is paired with the connection's
      generation (a number given to each DBAPI connection when first asked). The connection must
      not write itself (the kept read connection is ``query_only``).
    - PostgreSQL: the current MVCC snapshot (xmin:xmax:in-progress xids; ``txid_current_snapshot``,
      which every version has, rather than 13's ``pg_current_snapshot``). Equal snapshots
      see exactly the same committed transactions; any writing transaction that ends, in any
      database of the cluster, makes a new one. One round trip."""
    probe = state_probe(conn)
    return probe() if probe is not None else None


def state_probe(conn: Connection) -> Callable[[], Any] | None:
    """``database_state`` for ``conn`` as a function of nothing, bound to its DBAPI connection
    (the kept read connection's probe, made once: the per-call lookups cost as much as the
    pragma). Valid for as long as that DBAPI connection; None where the dialect has no state."""
    dialect = conn.dialect.name
    sql = _STATE_SQL.get(dialect)
    if sql is None:
        return None
    cur = _cursor(conn, False)
    execute, fetchall = cur.execute, cur.fetchall
    if dialect != "sqlite":
        def snapshot() -> Any:
            execute(sql)
            return fetchall()[0][0]  # all: no statement left open on the kept cursor
        return snapshot
    info = conn.connection.info
    generation = info.get("phonestack.generation")
    if generation is None:
        generation = info["phonestack.generation"] = next(_GENERATIONS)

    def data_version() -> Any:
        execute(sql)
        return generation, fetchall()[0][0]
    return data_version
