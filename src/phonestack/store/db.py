"""Engine creation and migrations.

SQLite (a file in WAL mode) is the embedded default; PostgreSQL is selected with a
``postgresql://`` URL (``PHONESTACK_DATABASE_URL``). Migrations are Alembic's, applied at
start-up by whichever process gets there first (PostgreSQL: under an advisory lock).
"""

from __future__ import annotations

import os
from pathlib import Path
from time import monotonic

import orjson
from sqlalchemy import create_engine, event, exc, text
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


def ensure_database(url: str, *, recreate: bool = False, admin_url: str | None = None) -> str:
    """Create the PostgreSQL database that ``url`` names unless it exists (``recreate``: drop it
    first), connected through ``admin_url`` (default: the server's ``postgres`` database). For
    tests and benchmarks that need a database of their own. Returns ``url`` normalised."""
    from sqlalchemy.engine import make_url

    target = make_url(normalise_url(url))
    admin = create_engine(make_url(normalise_url(admin_url)) if admin_url else target.set(database="postgres"),
                          isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            if recreate:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
            exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                                  {"n": target.database}).first()
            if not exists:
                conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    finally:
        admin.dispose()
    return target.render_as_string(hide_password=False)


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
    # LIFO: the hot connections serve the load and the others stay idle, so the idle check
    # below finds them (and a server-side idle timeout may close them) rather than each in turn.
    engine = create_engine(url, pool_size=10, max_overflow=20, pool_use_lifo=True, **JSON_CODECS)
    ping_when_idle(engine)
    return engine


# A pooled connection idle for longer than this is pinged when checked out (``ping_when_idle``).
IDLE_PING_SECONDS = 1.0
_CHECKED_IN = "phonestack.checked_in"


def ping_when_idle(engine: Engine, idle: float = IDLE_PING_SECONDS) -> None:
    """SQLAlchemy's ``pool_pre_ping`` for connections that sat idle, not for busy ones.

    ``pool_pre_ping`` costs every write on PostgreSQL a round trip (``SELECT 1`` at checkout).
    A connection that was checked in less than ``idle`` seconds ago is handed out as it is: under
    load, that is every checkout. One idle for longer is pinged, and if the ping finds it dead
    (the database restarted, an administrator or an idle timeout closed it) the pool discards it
    and connects again, as with ``pool_pre_ping``. A connection that dies while busy is seen by
    the statement that uses it: SQLAlchemy marks the error ``connection_invalidated`` and renews
    the pool, and ``Server`` retries the request when nothing can have been committed (a read, a
    write that failed before its COMMIT; docs/scaling.md)."""
    dialect = engine.dialect

    @event.listens_for(engine.pool, "checkin")
    def _checked_in(_dbapi_conn, record) -> None:  # noqa: ANN001
        if record is not None:
            record.info[_CHECKED_IN] = monotonic()

    @event.listens_for(engine.pool, "checkout")
    def _checkout(dbapi_conn, record, _proxy) -> None:  # noqa: ANN001
        since = record.info.get(_CHECKED_IN)
        if since is None or monotonic() - since <= idle:
            return  # new (just connected) or recently used
        try:
            dialect.do_ping(dbapi_conn)
        except Exception as e:
            if dialect.is_disconnect(e, dbapi_conn, None):
                # The pool closes this one and checks out another (or connects anew).
                raise exc.DisconnectionError() from e
            raise


def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def _script_heads() -> set[str]:
    """The head revisions of the migration scripts, read from their ``revision`` and
    ``down_revision`` lines (importing Alembic costs ~0.3 s of every start-up)."""
    import ast
    import re

    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        source = path.read_text()
        rev = re.search(r"^revision\s*=\s*(.+)$", source, re.M)
        down = re.search(r"^down_revision\s*=\s*(.+)$", source, re.M)
        if rev is None or down is None:
            return set()  # not a file this reader understands: let Alembic decide
        revisions.add(ast.literal_eval(rev.group(1).split("#")[0].strip()))
        value = ast.literal_eval(down.group(1).split("#")[0].strip())
        parents.update(value if isinstance(value, tuple | list) else [value] if value else [])
    return revisions - parents


def at_head(engine: Engine) -> bool:
    heads = _script_heads()
    if not heads:
        return False
    try:
        with engine.connect() as conn:
            current = {r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version"))}
    except Exception:  # noqa: BLE001 - no version table yet: a new database
        return False
    return current == heads


def migrate(engine: Engine) -> None:
    """Bring the database to the latest schema revision."""
    if at_head(engine):
        return
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
