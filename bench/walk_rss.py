"""Resident memory of a server walking a long list page by page: what the caches keep per page.

    python bench/walk_rss.py [--pages 5000] [--numbers 1000000]

Serves a copy of the benchmark's SQLite database (bench/.cache/sqlite-N.db, made by
``bench/run.py``, whose ``serve`` starts it), walks List phone numbers 100 a page with one
token, and prints the server's RSS every 1,000 pages.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

import httpx
from run import CACHE, serve, stop, tree_rss_mb


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=5000)
    ap.add_argument("--numbers", type=int, default=1_000_000)
    args = ap.parse_args()
    source = CACHE / f"sqlite-{args.numbers}.db"
    if not source.exists():
        print(f"{source} is missing: run bench/run.py --targets sqlite once to make it", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "walk.db"
        shutil.copy(source, db)
        with sqlite3.connect(db) as conn:
            account = conn.execute("SELECT account_id FROM phone_numbers GROUP BY account_id "
                                   "ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
        proc, base = serve(f"sqlite:///{db}", 1)
        try:
            app = httpx.post(f"{base}/_phonestack/apps", json={"account_id": account}).json()
            token = httpx.post(f"{base}/oauth/token", params={"grant_type": "account_credentials", "account_id": account},
                               auth=(app["client_id"], app["client_secret"])).json()["access_token"]
            print(f"pages 0: RSS {tree_rss_mb(proc.pid):.0f} MB")
            with httpx.Client(base_url=f"{base}/v2", headers={"Authorization": f"Bearer {token}"}) as c:
                page_token = ""
                for i in range(1, args.pages + 1):
                    params = {"page_size": 100, **({"next_page_token": page_token} if page_token else {})}
                    page_token = c.get("/accounts/me/number_management/numbers", params=params).json()["next_page_token"]
                    if i % 1000 == 0:
                        print(f"pages {i:,}: RSS {tree_rss_mb(proc.pid):.0f} MB")
        finally:
            stop(proc)
    return 0


if __name__ == "__main__":
    sys.exit(main())
