"""The indexes that SQLite's planner walks for the number lists.

SQLite plans from its default estimates unless the database was analyzed (`phonestack seed
--numbers` does; migration 0011 analyzes again where it was). Between indexes that serve a
query equally by those estimates the choice is the planner's own; a new index on phone_numbers
can take a list over without any answer changing, only its time (the assigned lists of the
1,000,000-number benchmark: 2.3 ms on their partial index, 368 ms on the account's). The
statements that a request runs are captured and planned here (EXPLAIN QUERY PLAN with their
own parameters), on the test server's database, which has no statistics; `bench/filtered.py`
times the lists on the analyzed million-number database."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import event
from sqlalchemy.dialects import sqlite as sqlite_dialect

NM = "/accounts/me/number_management/numbers"


@pytest.fixture
def plans(server, api):  # noqa: ANN001, ANN201
    """``plans(path, params)``: the request's answer, and each statement it ran on phone_numbers
    (through SQLAlchemy: the filtered lists) with its plan as one text."""
    if not server.database_url.startswith("sqlite"):
        pytest.skip("SQLite's planner; PostgreSQL plans with statistics")
    ran: list[tuple[str, tuple]] = []

    def capture(_conn, _cursor, statement, parameters, _context, _many) -> None:  # noqa: ANN001
        if statement.lstrip().upper().startswith("SELECT") and "phone_numbers" in statement:
            ran.append((statement, tuple(parameters)))

    engine = server.app.engine
    event.listen(engine, "before_cursor_execute", capture)
    db = sqlite3.connect(server.database_url.removeprefix("sqlite:///"))

    def run(path: str, params: dict) -> tuple[dict, list[tuple[str, str]]]:
        ran.clear()
        # A write first: the list is made anew, not answered from a kept answer.
        number = api.get(NM, params={"page_size": 1}).json()["numbers"][0]["id"]
        assert api.patch(f"{NM}/{number}", json={"display_name": f"Plan {len(params)}"}).status_code == 204
        ran.clear()
        body = api.get(path, params=params).json()
        assert ran, "no statement captured"
        return body, [(sql, plan_of(db, sql, args)) for sql, args in ran]

    try:
        yield run
    finally:
        event.remove(engine, "before_cursor_execute", capture)
        db.close()


def plan_of(db: sqlite3.Connection, sql: str, args: tuple) -> str:
    return " | ".join(row[3] for row in db.execute(f"EXPLAIN QUERY PLAN {sql}", args))


@pytest.mark.parametrize(("path", "params", "total"), [
    (NM, {"assigned_status": "assigned"}, "total_records"),
    ("/phone/numbers", {"type": "assigned"}, "total_records"),
])
def test_assigned_lists_walk_the_assigned_numbers(plans, path, params, total):  # noqa: ANN001
    body, seen = plans(path, {**params, "page_size": 5})
    assert body[total] > 5 and body["next_page_token"]
    on_numbers = [plan for _, plan in seen if "phone_numbers" in plan]
    assert len(on_numbers) >= 2  # the page and its total
    for plan in on_numbers:
        assert "ix_phone_numbers_account_assigned_pk" in plan, plan


@pytest.mark.parametrize(("path", "params"), [
    (NM, {"assigned_status": "unassigned"}),
    ("/phone/numbers", {"type": "unassigned"}),
])
def test_unassigned_lists_walk_the_accounts_numbers(plans, path, params):  # noqa: ANN001
    """The page walks the account's numbers in pk order (the account's index or its keys index,
    both in pk order within the account), not the assignee index, which holds assigned numbers
    only (0010); the total walks the account or, for Number Management's free numbers, the
    assigned ones (the inventory less them)."""
    body, seen = plans(path, {**params, "page_size": 5})
    assert body["next_page_token"]
    pages = [plan for sql, plan in seen if "LIMIT" in sql.upper()]
    assert len(pages) == 1 and len(seen) == 2, seen
    assert "ix_phone_numbers_account_keys" in pages[0] or "ix_phone_numbers_account_id " in pages[0], pages[0]
    for _, plan in seen:
        assert "ix_phone_numbers_assignee_id" not in plan, plan
        assert "SCAN phone_numbers" not in plan, plan


def test_the_unfiltered_lists_keys_never_read_the_table(server, plans):  # noqa: ANN001
    """The page's cache keys (a prepared read, not through SQLAlchemy's execute, so planned from
    its compiled statement; ``plans`` for its skip on PostgreSQL): from the covering index alone
    (0011)."""
    from phonestack.numbers import provider

    db = sqlite3.connect(server.database_url.removeprefix("sqlite:///"))
    try:
        for prepared in (provider._NUMBERS_FIRST_PAGE_KEYS, provider._NUMBERS_LATER_PAGE_KEYS):
            compiled = prepared.stmt.compile(dialect=sqlite_dialect.dialect())
            args = tuple({"account_id": "a", "after": 0, "limit": 101}.get(name, compiled.binds[name].value)
                         for name in compiled.positiontup)
            plan = plan_of(db, compiled.string, args)
            assert "COVERING INDEX ix_phone_numbers_account_keys" in plan, plan
    finally:
        db.close()
