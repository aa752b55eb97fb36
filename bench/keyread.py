"""The unfiltered number list's key read, alone: a page of 101 numbers' cache keys as rows and
as one row of joined text (store/fast.py joined_text), in raw sqlite3 and raw psycopg, with the
Python that turns each into the page's cache keys. Best of 5 rounds (docs/performance.md).

    python bench/keyread.py [--sqlite PATH] [--pg-url URL] [--reads 10000]

Uses bench/run.py's databases (`bench/.cache/sqlite-1000000.db`, PostgreSQL `phonestack_bench`);
run bench/run.py once first. The page read is the 4,001st of the largest account.
"""

from __future__ import annotations

import argparse
import sqlite3
import time
from itertools import repeat
from pathlib import Path

CACHE = Path(__file__).parent / ".cache"
NAMES = "coalesce((SELECT version FROM number_view_versions WHERE account_id = {a}), 0)"
TOTAL = "(SELECT n FROM row_counts WHERE account_id = {a} AND table_name = 'phone_numbers')"
PAGE = "FROM phone_numbers WHERE account_id = {a} AND pk > {p} ORDER BY pk LIMIT 101"


def _rows(r: list) -> list:
    return [row[:-1] for row in r]


def _joined(r: list) -> list:
    ids, versions, _top, _n, names = r[0][:5]
    return list(zip(ids.split(","), versions.split(","), repeat(names, 100), strict=False))


def statements(a: str, p: str, join: str) -> dict[str, tuple[str, object]]:
    """name -> (SQL, what makes the keys of its result, or None). ``a``, ``p``: the dialect's
    placeholders; ``join``: its aggregate joining ``{x}`` with commas."""
    names, total, page = NAMES.format(a=a), TOTAL.format(a=a), PAGE.format(a=a, p=p)
    sub = f"FROM (SELECT pk, id, row_version {page}) s"
    ids, versions = join.format(x="id"), join.format(x="CAST(row_version AS TEXT)")
    each = join.format(x="pk || ':' || id || ':' || row_version")
    return {
        "rows: pk, id, row version, names version, total (before)":
            (f"SELECT pk, id, row_version, {names}, {total} {page}", _rows),
        "rows: pk only": (f"SELECT pk {page}", None),
        "count(*) of the page (the walk alone)": (f"SELECT count(*) {sub}", None),
        "one row: each row's key concatenated, joined":
            (f"SELECT {each} {sub}", None),
        "one row: ids, row versions joined, max(pk), count, names version, total (kept)":
            (f"SELECT {ids}, {versions}, max(pk), count(*), {names}, {total} {sub}", _joined),
    }


def best(run, reads: int) -> float:  # noqa: ANN001
    out = []
    for _ in range(5):
        started = time.perf_counter()
        for _ in range(reads):
            run()
        out.append((time.perf_counter() - started) / reads * 1e6)
    return min(out)


def sqlite_reads(path: Path, reads: int) -> None:
    db = sqlite3.connect(path, isolation_level=None)
    account = db.execute("SELECT account_id FROM row_counts WHERE table_name = 'phone_numbers'"
                         " ORDER BY n DESC LIMIT 1").fetchone()[0]
    after = db.execute("SELECT pk FROM phone_numbers WHERE account_id = ? ORDER BY pk LIMIT 1 OFFSET 400000",
                       (account,)).fetchone()[0]
    cur = db.cursor()
    args = {"a": account, "p": after}
    print(f"SQLite ({path.name}, {sqlite3.sqlite_version})")
    for name, (sql, keys) in statements(":a", ":p", "group_concat({x}, ',')").items():
        def run(sql=sql, keys=keys) -> None:  # noqa: ANN001
            cur.execute(sql, args)
            rows = cur.fetchall()
            if keys:
                keys(rows)
        print(f"  {name:80} {best(run, reads):7.1f} us")


def pg_reads(url: str, reads: int) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        cur = conn.cursor()
        account = cur.execute("SELECT account_id FROM row_counts WHERE table_name = 'phone_numbers'"
                              " ORDER BY n DESC LIMIT 1").fetchone()[0]
        after = cur.execute("SELECT pk FROM phone_numbers WHERE account_id = %s ORDER BY pk LIMIT 1 OFFSET 400000",
                            (account,)).fetchone()[0]
        args = {"a": account, "p": after}
        print(f"PostgreSQL ({conn.info.server_version}): wall / this process's CPU")
        kept = "one row: ids, row versions joined, max(pk), count, names version, total (kept)"
        plain = statements("%(a)s", "%(p)s", "string_agg({x}, ',')")
        variants = {k: v for k, v in plain.items() if k.startswith(("rows: pk, id", "one row"))}
        variants["the same, ORDER BY pk inside each aggregate"] = \
            statements("%(a)s", "%(p)s", "string_agg({x}, ',' ORDER BY pk)")[kept]
        for name, (sql, keys) in variants.items():
            def run(sql=sql, keys=keys) -> None:  # noqa: ANN001
                cur.execute(sql, args)
                rows = cur.fetchall()
                if keys:
                    keys(rows)
            cpu = time.thread_time()
            wall = best(run, reads // 5)
            cpu = (time.thread_time() - cpu) / (reads // 5 * 5) * 1e6
            print(f"  {name:80} {wall:7.1f} / {cpu:5.1f} us")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sqlite", type=Path, default=CACHE / "sqlite-1000000.db")
    ap.add_argument("--pg-url", default="postgresql://postgres@127.0.0.1:5432/phonestack_bench")
    ap.add_argument("--reads", type=int, default=10000)
    args = ap.parse_args()
    sqlite_reads(args.sqlite, args.reads)
    if args.pg_url:
        pg_reads(args.pg_url, args.reads)


if __name__ == "__main__":
    main()
