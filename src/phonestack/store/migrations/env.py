"""Alembic environment: runs on the connection that phonestack passes in (store.db.migrate),
or on PHONESTACK_DATABASE_URL when called from the alembic command line."""

from alembic import context

from phonestack.store.db import make_engine
from phonestack.store.schema import metadata

config = context.config


def run() -> None:
    conn = config.attributes.get("connection")
    if conn is None:
        with make_engine().connect() as own:
            _run_on(own)
            own.commit()
    else:
        _run_on(conn)


def _run_on(conn) -> None:  # noqa: ANN001
    context.configure(
        connection=conn,
        target_metadata=metadata,
        render_as_batch=conn.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
