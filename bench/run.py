"""Benchmark: phonestack against the bare-ASGI ceiling, with a real HTTP load generator (wrk).

    python bench/run.py [--numbers 100000] [--duration 10] [--connections 32]

Seeds a fresh SQLite database with the demo data and N extra numbers, starts phonestack
(one uvicorn worker) and a bare ASGI app that answers the very same bytes, then drives
each scenario with wrk against both and prints requests/s, p50 and p99 and the ratio to
the ceiling. Needs ``wrk`` (Debian package ``wrk``).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from phonestack.testing.server import free_port

HERE = Path(__file__).parent
PY = sys.executable


def wait_up(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=1).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


def parse_wrk(out: str) -> dict[str, float]:
    def ms(value: str, unit: str) -> float:
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    lat = {}
    for pct in ("50", "99"):
        m = re.search(rf"^\s+{pct}(?:\.000)?%\s+([\d.]+)(us|ms|s)", out, re.M)
        lat[pct] = ms(*m.groups()) if m else float("nan")
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p50": lat["50"], "p99": lat["99"], "errors": int(errors.group(1)) if errors else 0}


def wrk(url: str, token: str | None, duration: int, connections: int) -> dict[str, float]:
    cmd = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--latency"]
    if token:
        cmd += ["-H", f"Authorization: Bearer {token}"]
    out = subprocess.run(cmd + [url], capture_output=True, text=True, check=True).stdout
    return parse_wrk(out)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--numbers", type=int, default=100_000)
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--connections", type=int, default=32)
    args = ap.parse_args()
    if not shutil.which("wrk"):
        print("bench: needs wrk (apt-get install wrk)", file=sys.stderr)
        return 2

    tmp = Path(tempfile.mkdtemp(prefix="phonestack-bench-"))
    env = {**os.environ, "PHONESTACK_DATABASE_URL": f"sqlite:///{tmp / 'bench.db'}"}
    subprocess.run([PY, "-m", "phonestack.cli", "seed", "--reset", "--numbers", str(args.numbers), "--quiet"],
                   env=env, check=True, stdout=subprocess.DEVNULL)
    port = free_port()
    procs = []
    try:
        procs.append(subprocess.Popen(
            [PY, "-m", "phonestack.cli", "serve", "--port", str(port), "--seed", "none"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        base = f"http://127.0.0.1:{port}"
        wait_up(f"{base}/_phonestack/health")
        creds = httpx.get(f"{base}/_phonestack/demo").json()
        token = httpx.post(f"{base}/oauth/token",
                           params={"grant_type": "account_credentials", "account_id": creds["account_id"]},
                           auth=(creds["client_id"], creds["client_secret"])).json()["access_token"]
        h = {"Authorization": f"Bearer {token}"}
        page = httpx.get(f"{base}/v2/number_management/numbers", params={"page_size": 100}, headers=h).json()
        one_id = page["numbers"][0]["id"]
        scenarios = {
            "get one number": f"/v2/number_management/numbers/{one_id}",
            "list 100 numbers": "/v2/number_management/numbers?page_size=100",
        }
        bodies = {}
        for name, path in scenarios.items():
            r = httpx.get(base + path, headers=h)
            assert r.status_code == 200, r.text
            bodies[name] = r.content

        # The ceiling: a bare ASGI app on the same server stack returning the same bytes.
        (tmp / "bodies").mkdir()
        for i, name in enumerate(scenarios):
            (tmp / "bodies" / f"{i}.json").write_bytes(bodies[name])
        cport = free_port()
        procs.append(subprocess.Popen(
            [PY, "-m", "uvicorn", "--factory", "ceiling:create", "--port", str(cport), "--log-level", "warning",
             "--no-access-log", "--app-dir", str(HERE)],
            env={**env, "CEILING_DIR": str(tmp / "bodies")}, stdout=subprocess.DEVNULL))
        cbase = f"http://127.0.0.1:{cport}"
        wait_up(f"{cbase}/0")

        rows = []
        for i, (name, path) in enumerate(scenarios.items()):
            ours = wrk(base + path, token, args.duration, args.connections)
            ceil = wrk(f"{cbase}/{i}", None, args.duration, args.connections)
            rows.append((name, ours, ceil))
    finally:
        for p in procs:
            p.send_signal(signal.SIGINT)
        for p in procs:
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"\n{args.numbers:,} numbers stored, SQLite, 1 worker, wrk -t1 -c{args.connections} -d{args.duration}s\n")
    print(f"{'scenario':<20} {'server':<12} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8} {'vs ceiling':>11}")
    for name, ours, ceil in rows:
        print(f"{name:<20} {'phonestack':<12} {ours['rps']:>9.0f} {ours['p50']:>8.2f} {ours['p99']:>8.2f} "
              f"{ours['errors']:>8} {ours['rps'] / ceil['rps']:>10.0%}")
        print(f"{'':<20} {'bare ASGI':<12} {ceil['rps']:>9.0f} {ceil['p50']:>8.2f} {ceil['p99']:>8.2f} "
              f"{ceil['errors']:>8} {'100%':>11}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
