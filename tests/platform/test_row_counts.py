"""row_counts (the lists' total_records) are kept by the database for every write, whoever
writes, and by one update a statement on PostgreSQL (migration 0009): a statement inserting or
deleting many rows, of several accounts, moves each account's count by its own rows."""

from __future__ import annotations

from sqlalchemy import delete, func, insert, select

from phonestack.store import schema as t


def test_many_rows_a_statement_move_each_accounts_count(outside_conn):
    conn, pn, rc = outside_conn, t.phone_numbers, t.row_counts

    def counts() -> dict[str, int]:
        kept = dict(conn.execute(select(rc.c.account_id, rc.c.n)
                                 .where(rc.c.table_name == "phone_numbers")).all())
        real = dict(conn.execute(select(pn.c.account_id, func.count()).group_by(pn.c.account_id)).all())
        assert {a: n for a, n in kept.items() if n} == real
        return real

    before = counts()
    accounts = sorted(before)[:2]
    assert len(accounts) == 2 and all(before[a] >= 2 for a in accounts), before
    rows = [dict(r._mapping) for r in conn.execute(select(pn).where(pn.c.account_id.in_(accounts),
                                                                    pn.c.assignee_id.is_(None)))]
    gone = {a: sum(r["account_id"] == a for r in rows) for a in accounts}
    assert all(gone.values()), gone
    # One DELETE over both accounts, then one INSERT putting the rows back.
    assert conn.execute(delete(pn).where(pn.c.pk.in_([r["pk"] for r in rows]))).rowcount == len(rows)
    assert counts() == {**before, **{a: before[a] - gone[a] for a in accounts}}
    conn.execute(insert(pn), rows)
    assert counts() == before
    conn.execute(delete(pn).where(pn.c.pk == -1))  # no rows: no change
    assert counts() == before
