"""Start-to-first-request time of ``phonestack.running()``.

Prints the seconds from entering ``running()`` (temporary SQLite database, migrations,
demo seed, server thread, OAuth token) to the first successful authenticated request
(``GET /v2/accounts/me/number_management/numbers``), best and median of ``--runs``.

    .venv/bin/python bench/startup.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import time
import urllib.request

import phonestack


def once() -> float:
    started = time.perf_counter()
    with phonestack.running() as zoom:
        req = urllib.request.Request(f"{zoom.base_url}/accounts/me/number_management/numbers", headers=zoom.headers)
        with urllib.request.urlopen(req, timeout=10) as resp:  # noqa: S310 - local server
            assert resp.status == 200, resp.status
            resp.read()
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    times = [once() for _ in range(args.runs)]
    print(f"first run (cold imports): {times[0]:.3f}s")
    print(f"best: {min(times):.3f}s  median: {statistics.median(times):.3f}s  over {args.runs} runs")


if __name__ == "__main__":
    main()
