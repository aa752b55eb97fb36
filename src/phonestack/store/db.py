"""Engine creation and migrations.

SQLite (a file in WAL mode) is the embedded default; PostgreSQL is selected with a
``postgresql://`` URL (``PHONESTACK_DATABASE_URL``). Migrations are Alembic's, applied at
start-up by whichever process gets there first (PostgreSQL: under an advisory lock).
"""

from __future__ import annotations

import os
from pathlib import Path

import orjson
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine

DEFAULT_URL = "sqlite:///phonestack.db"
MIGRATIONS = Path(__file__).parent / "migrations"


def normalise_url(url: str) -> str:
    """Accept the URL forms people paste (postgres://, postgresql://) and pick psycopg 3."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def database_url() -> str:
    return normalise_url(os.environ.get("PHONESTACK_DATABASE_URL", DEFAULT_URL))


def _json_dumps(value) -> str:  # noqa: ANN001
    return orjson.dumps(value).decode()


JSON_CODECS = {"json_serializer": _json_dumps, "json_deserializer": orjson.loads}


def make_engine(url: str | None = None) -> Engine:
    url = normalise_url(url or database_url())
    if url.startswith("sqlite"):
        memory = url in ("sqlite://", "sqlite:///:memory:")
        kwargs: dict = {"connect_args": {"check_same_thread": False, "timeout": 30}, **JSON_CODECS}
        if memory:
            from sqlalchemy.pool import StaticPool

            kwargs["poolclass"] = StaticPool
        engine = create_engine(url, **kwargs)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # noqa: ANN001
            # Foreign keys are off by default in SQLite; WAL lets readers run beside the writer.
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            if not memory:
                cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn):  # noqa: ANN001
            # BEGIN IMMEDIATE takes the write lock up front: read-then-write transactions of two
            # processes cannot deadlock on lock upgrade.
            # Reads (the "readonly" engine) take no lock and run beside the writer (WAL).
            readonly = conn.get_execution_options().get("readonly")
            conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")

        # pysqlite's own transaction handling must be off for the BEGIN above to be ours.
        @event.listens_for(engine, "connect")
        def _sqlite_autocommit(dbapi_conn, _record):  # noqa: ANN001
            dbapi_conn.isolation_level = None

        return engine
    return create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True, **JSON_CODECS)


def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def migrate(engine: Engine) -> None:
    """Bring the database to the latest schema revision."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.connect() as conn:
        if is_postgres(engine):
            # Several workers start at once: one migrates, the others wait for it.
            conn.execute(text("SELECT pg_advisory_lock(727274)"))
        try:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "heads")  # areas may add independent branches
            conn.commit()
        finally:
            if is_postgres(engine):
                conn.execute(text("SELECT pg_advisory_unlock(727274)"))
                conn.commit()
