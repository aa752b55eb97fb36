"""Issue 10, crash safety: a load generator writes continuously while ``phonestack serve`` is
killed with SIGKILL and restarted; every write acknowledged with a 2xx is there afterwards, and a
consistency query over the database finds no half-applied request.

The harness is bench/crash.py (``--kills 50`` for the longer run, docs/testing.md). The server
runs on a SQLite file, or on PostgreSQL when ``PHONESTACK_TEST_DATABASE_URL`` is set (a database
of its own, ``<name>_crash``, dropped and created again).
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

from sqlalchemy import insert, select, update

from phonestack.store import schema as t
from phonestack.store.db import make_engine, migrate
from phonestack.store.util import stamps

_PATH = Path(__file__).resolve().parents[2] / "bench" / "crash.py"


def _harness():  # noqa: ANN202
    spec = importlib.util.spec_from_file_location("phonestack_bench_crash", _PATH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve their module by name
    spec.loader.exec_module(module)
    return module


crash = _harness()


def _database() -> tuple[str | None, str | None]:
    """(database url, admin url): None for SQLite, else ``<test database>_crash``."""
    base = os.environ.get("PHONESTACK_TEST_DATABASE_URL")
    if not base:
        return None, None
    from sqlalchemy.engine import make_url

    from phonestack.store.db import normalise_url

    url = make_url(normalise_url(base))
    return url.set(database=f"{url.database}_crash").render_as_string(hide_password=False), base


def test_sigkill_under_write_load_loses_no_acknowledged_write():
    url, admin = _database()
    lines: list[str] = []
    report = crash.run(kills=4, interval=(1.5, 3.0), threads=4, numbers=120, database_url=url,
                       admin_url=admin, log=lines.append)
    print("\n".join(lines + report.lines()))
    assert report.worker_errors == []
    assert report.server_errors == []
    assert report.kills == 4 and len(report.restart_seconds) == 4
    assert report.acknowledged >= 100, report.lines()
    # every kind of write of the mix was acknowledged at least once
    assert set(report.by_kind) == {"create site", "batch add user", "create call queue", "assign number",
                                   "unassign number", "add queue member", "patch call queue", "patch site"}, \
        report.by_kind
    assert report.lost == []
    assert report.half_applied == []


def test_the_consistency_query_sees_half_applied_rows(tmp_path):
    """The query is not vacuous: rows that only a half-applied request could leave are reported."""
    url = f"sqlite:///{tmp_path / 'c.db'}"
    engine = make_engine(url)
    migrate(engine)
    from phonestack.seed import reset

    reset(engine, "demo")
    assert crash.consistency(url) == []
    with engine.begin() as conn:
        account = conn.execute(select(t.accounts.c.id).where(t.accounts.c.parent_id.is_(None))).scalars().first()
        site = conn.execute(select(t.sites.c.id).where(t.sites.c.account_id == account)).scalars().first()
        # a batch-added user whose calling plan (and user.created event) never made it
        conn.execute(insert(t.extensions).values(
            id="halfuser", account_id=account, site_id=site, type="user", extension_number=987654,
            name="Half User", email=f"half@{crash.DOMAIN}", status="active", details={}, **stamps()))
        # a site created without its main auto receptionist and default emergency address
        conn.execute(insert(t.sites).values(id="halfsite", account_id=account, name="Crash half site",
                                            country="US", main=False, details={}, **stamps()))
        # a trigger-kept count that disagrees with the table
        conn.execute(update(t.row_counts).where(t.row_counts.c.account_id == account,
                                                t.row_counts.c.table_name == "phone_numbers")
                     .values(n=t.row_counts.c.n + 1))
    found = crash.consistency(url)
    engine.dispose()
    text = "\n".join(found)
    assert "half@" in text and "without its calling plan" in text, text
    assert "without its user.created event" in text, text
    assert "Crash half site: 0 auto receptionists, 0 default addresses" in text, text
    assert "row_counts phone_numbers" in text, text

