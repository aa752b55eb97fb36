"""Exact row counts per account for the tables in ``schema.COUNTED_TABLES``, maintained by
triggers (migration 0002): the total of an unfiltered list without a COUNT(*) scan."""

from __future__ import annotations

from sqlalchemy import bindparam, func, literal, select
from sqlalchemy.engine import Connection

from . import schema as t
from .fast import Prepared


def _counted(table: str) -> None:
    if table not in t.COUNTED_TABLES:
        raise ValueError(f"{table} has no trigger-maintained count")


def _rows_of(table):  # noqa: ANN001, ANN202
    """The count of ``table`` (a bound value) for the account bound as ``account_id``."""
    return select(t.row_counts.c.n).where(
        t.row_counts.c.account_id == bindparam("account_id"), t.row_counts.c.table_name == table
    )


_COUNT = Prepared(_rows_of(bindparam("table")))


def account_rows(conn: Connection, account_id: str, table: str) -> int:
    _counted(table)
    row = _COUNT.one(conn, account_id=account_id, table=table)
    return int(row.n) if row else 0


def account_rows_value(table: str):  # noqa: ANN201
    """``account_rows`` as a scalar subquery, in a statement that binds the account as
    ``account_id``: the total read by the same statement as what it goes with (one round trip,
    one snapshot)."""
    _counted(table)
    return func.coalesce(_rows_of(literal(table)).scalar_subquery(), 0)


def account_rows_column(table: str):  # noqa: ANN201
    """``account_rows_value`` as a column named ``total``, read with a page's rows."""
    return account_rows_value(table).label("total")
