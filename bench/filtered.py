"""Filtered lists on the benchmark's inventory of 1,000,000 numbers: the first page (which counts
its total with a query: only the unfiltered Number Management list has a count kept by
triggers) and the second page (which carries that total in its token), each made anew (kept
answers off) and timed from the client, one request at a time. Also the demo sub account's
lists, whose 14 numbers share the tables with the million: what one tenant's list costs because
of another's inventory.

    python bench/filtered.py [--targets sqlite,pg1] [--repeat 5]

Uses bench/run.py's databases (`bench/.cache/sqlite-1000000.db`, copied; PostgreSQL database
`phonestack_bench`), seeding them first if they are missing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from run import demo_token, postgres_database, serve, sqlite_database, stop  # noqa: E402

NM = "/number_management/numbers"
CASES = [  # (label, account: "me" or "sub", path under /v2, query)
    ("NM list, unfiltered", "me", f"/accounts/me{NM}", {}),
    ("NM assigned_status=unassigned", "me", f"/accounts/me{NM}", {"assigned_status": "unassigned"}),
    ("NM assigned_status=assigned", "me", f"/accounts/me{NM}", {"assigned_status": "assigned"}),
    ("NM allocated_product=ZOOM_PHONE", "me", f"/accounts/me{NM}", {"allocated_product": "ZOOM_PHONE"}),
    ("NM number_type=TollFree", "me", f"/accounts/me{NM}", {"number_type": "TollFree"}),
    ("NM keyword=555", "me", f"/accounts/me{NM}", {"keyword": "555"}),
    ("Phone list, all", "me", "/phone/numbers", {}),
    ("Phone type=unassigned", "me", "/phone/numbers", {"type": "unassigned"}),
    ("Phone type=assigned", "me", "/phone/numbers", {"type": "assigned"}),
    ("Phone assigned, extension_type=user", "me", "/phone/numbers", {"type": "assigned", "extension_type": "user"}),
    ("sub account: NM unassigned", "sub", f"/accounts/{{sub}}{NM}", {"assigned_status": "unassigned"}),
    ("sub account: NM assigned", "sub", f"/accounts/{{sub}}{NM}", {"assigned_status": "assigned"}),
]


def measure(base: str, repeat: int) -> list[tuple[str, int, float, float]]:
    creds, token = demo_token(base)
    out = []
    with httpx.Client(base_url=f"{base}/v2", headers={"Authorization": f"Bearer {token}"}, timeout=120) as c:
        for label, _, path, query in CASES:
            path = path.replace("{sub}", creds["sub_account_id"])
            firsts, seconds, total = [], [], 0
            for _ in range(repeat):
                started = time.perf_counter()
                r = c.get(path, params={**query, "page_size": 100})
                firsts.append(time.perf_counter() - started)
                assert r.status_code == 200, r.text
                body = r.json()
                total = body["total_records"]
                if body["next_page_token"]:
                    started = time.perf_counter()
                    r = c.get(path, params={**query, "page_size": 100, "next_page_token": body["next_page_token"]})
                    seconds.append(time.perf_counter() - started)
                    assert r.status_code == 200, r.text
            out.append((label, total, statistics.median(firsts) * 1000,
                        statistics.median(seconds) * 1000 if seconds else float("nan")))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--targets", default="sqlite,pg1")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--numbers", type=int, default=1_000_000)
    ap.add_argument("--pg-url", default=os.environ.get("PHONESTACK_BENCH_PG_URL",
                                                       "postgresql://postgres@127.0.0.1:5432/phonestack_bench"))
    args = ap.parse_args()
    os.environ["PHONESTACK_KEPT_ANSWERS"] = "off"  # every request made anew (read by serve's child_env)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for target in args.targets.split(","):
            if target == "sqlite":
                url = sqlite_database(args.numbers, Path(tmp), fresh=False)
            elif target == "pg1":
                url = postgres_database(args.pg_url, args.numbers, fresh=False)
            else:
                raise SystemExit(f"unknown target {target!r} (sqlite, pg1)")
            proc, base = serve(url, 1)
            try:
                rows += [(target, *row) for row in measure(base, args.repeat)]
            finally:
                stop(proc)
    print(f"{'list':38} {'target':7} {'total':>9} {'page 1 ms':>10} {'page 2 ms':>10}")
    print("-" * 78)
    for target, label, total, first, second in rows:
        print(f"{label:38} {target:7} {total:>9,} {first:>10.1f} {second:>10.1f}")
    print(f"median of {args.repeat} requests each, one at a time, kept answers off")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
