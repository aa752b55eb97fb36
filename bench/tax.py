"""What a slower app costs a live server beyond its own work: the bare-ASGI ceiling, made to
burn a fixed amount of pure Python per request, measured under wrk like bench/run.py does.

    python bench/tax.py [--burns 0,5,10,25,50] [--duration 5] [--connections 32]

For each burn B (microseconds of CPU, calibrated in this process) the table gives requests/s,
the server's CPU per answered request and the share of the B=0 ceiling's throughput. If costs
simply added up, CPU per request would be ceiling + B; the "tax" column is what comes on top.
On a 2-core machine shared by wrk and the server, a server slower than wrk leaves wrk waiting in
epoll, and every answer's socket write then pays for waking it (docs/performance.md).

The app is served by the same stack as phonestack and the ceiling: uvicorn, uvloop, httptools.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

BODY = (b'{"id":"40oumHOKDEnInfB5n5M1HQ","number":"+12015550100","display_name":"Main line",'
        b'"number_type":"Toll","status":"Normal","allocated_product":"ZOOM_PHONE","source":"Internal",'
        b'"capability":["incoming","outgoing"],"location":"New Jersey, US","country_iso":"US",'
        b'"site":{"id":"lSbcVzV5QbiVQ0HL7c4R9A","name":"Main Office"},"assigned_list":[]}')


def burn(loops: int) -> int:
    x = 0
    for i in range(loops):
        x += i
    return x


def app_factory():  # noqa: ANN201
    """The ASGI app (``uvicorn --factory tax:app_factory``); ``TAX_LOOPS`` loop turns a request."""
    loops = int(os.environ.get("TAX_LOOPS", "0"))
    headers = [(b"content-type", b"application/json;charset=UTF-8"), (b"content-length", b"%d" % len(BODY))]

    async def app(scope, receive, send):  # noqa: ANN001, ANN202
        if scope["type"] != "http":
            return
        await receive()
        if loops:
            burn(loops)
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": BODY})

    return app


def loops_per_us() -> float:
    burn(100_000)
    best = 0.0
    for _ in range(5):
        started = time.process_time()
        burn(200_000)
        best = max(best, 200_000 / ((time.process_time() - started) * 1e6))
    return best


def main() -> int:
    sys.path.insert(0, str(Path(__file__).parent))
    from run import child_env, free_port, parse_wrk, stop, tree_cpu_s, wait_up

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--burns", default="0,5,10,25,50")
    ap.add_argument("--duration", type=int, default=5)
    ap.add_argument("--connections", type=int, default=32)
    args = ap.parse_args()
    rate = loops_per_us()
    print(f"wrk -t1 -c{args.connections} -d{args.duration}s; {rate:.1f} loop turns per us of CPU in this process\n")
    print(f"{'burn us':>8} {'req/s':>9} {'CPU us/req':>11} {'vs ceiling':>11} {'tax us':>7}")
    base_rps = base_cpu = None
    for b in (float(x) for x in args.burns.split(",")):
        port = free_port()
        proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "tax:app_factory", "--port", str(port),
             "--log-level", "warning", "--no-access-log", "--app-dir", str(Path(__file__).parent)],
            env=child_env(TAX_LOOPS=str(round(b * rate))), stdout=subprocess.DEVNULL)
        try:
            wait_up(f"http://127.0.0.1:{port}/")
            before = tree_cpu_s(proc.pid)
            out = parse_wrk(subprocess.run(["wrk", "-t1", f"-c{args.connections}", f"-d{args.duration}s",
                                            f"http://127.0.0.1:{port}/"], capture_output=True, text=True,
                                           check=True).stdout)
            cpu = tree_cpu_s(proc.pid) - before
        finally:
            stop(proc)
        rps = out["rps"]
        cpu_us = cpu / out["requests"] * 1e6
        if base_rps is None:
            base_rps, base_cpu = rps, cpu_us
        print(f"{b:>8.0f} {rps:>9.0f} {cpu_us:>11.1f} {rps / base_rps:>11.0%} {cpu_us - base_cpu - b:>7.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
