"""CPU per request inside the process: ``Server.__call__`` driven with in-memory receive/send,
no sockets, no uvicorn. Warm (the same request back to back) and cold (the CPU caches swept
between requests by writing over a buffer, as the kernel's network path and uvicorn do in a
live server).

    python bench/inproc.py [--requests 10000] [--sweep-kb 4096] [--database sqlite:///...] [--profile]

Scenarios: get one number, list 100 numbers, assign + unassign a number (per write), the OAuth
token call. The database is a fresh demo seed in a temporary folder unless ``--database`` names
one (it must hold the demo data, as ``phonestack serve`` seeds it; the write scenario leaves its
audit rows there). ``--profile`` prints cProfile's top functions of the warm runs.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import cProfile
import os
import pstats
import tempfile
import time
from pathlib import Path

import orjson

os.environ.setdefault("PHONESTACK_RATE_LIMITS", "off")

from phonestack.http.app import Server  # noqa: E402
from phonestack.seed import demo_credentials, is_empty, reset  # noqa: E402
from phonestack.store.db import make_engine, migrate  # noqa: E402


class Client:
    """Requests straight into ``Server.__call__``; ``login`` first, for the bearer token."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.headers = [(b"host", b"127.0.0.1:8000"), (b"content-type", b"application/json")]

    async def call(self, method: str, path: str, query: str = "", body: bytes = b"",
                   headers: list | None = None) -> tuple[int, bytes]:
        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "scheme": "http",
                 "server": ("127.0.0.1", 8000), "client": ("127.0.0.1", 50000), "method": method,
                 "root_path": "", "path": path, "raw_path": path.encode(), "query_string": query.encode(),
                 "headers": headers or self.headers}
        answer: list = []

        async def receive():  # noqa: ANN202
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message):  # noqa: ANN001, ANN202
            answer.append(message)

        await self.server(scope, receive, send)
        return answer[0]["status"], answer[1]["body"]

    async def login(self, creds: dict[str, str]) -> None:
        token = await self.token(creds)
        self.headers = [*self.headers[:2], (b"authorization", b"Bearer " + token.encode())]

    async def token(self, creds: dict[str, str]) -> str:
        """POST /oauth/token with the app's credentials (HTTP Basic): the access token."""
        basic = base64.b64encode(f"{creds['client_id']}:{creds['client_secret']}".encode())
        status, body = await self.call("POST", "/oauth/token",
                                       f"grant_type=account_credentials&account_id={creds['account_id']}",
                                       headers=[(b"host", b"127.0.0.1:8000"), (b"authorization", b"Basic " + basic)])
        assert status == 200, body
        return orjson.loads(body)["access_token"]


async def scenarios(c: Client, creds: dict[str, str]) -> dict:
    """name -> (coroutine function making one request or write pair, requests per call)."""
    status, body = await c.call("GET", "/v2/accounts/me/number_management/numbers", "page_size=100")
    assert status == 200, body
    number_id = orjson.loads(body)["numbers"][0]["id"]
    status, body = await c.call("GET", "/v2/phone/numbers", "type=unassigned&page_size=100")
    free = [n for n in orjson.loads(body)["phone_numbers"] if n.get("site") and n.get("status") != "pending"]
    site = free[0]["site"]["id"]
    write_ids = [n["id"] for n in free if n["site"]["id"] == site][:16]
    status, body = await c.call("GET", "/v2/phone/users", f"site_id={site}&page_size=1")
    user_id = orjson.loads(body)["users"][0]["id"]
    turn = [0]

    async def get_one():  # noqa: ANN202
        await c.call("GET", f"/v2/accounts/me/number_management/numbers/{number_id}")

    async def list_100():  # noqa: ANN202
        await c.call("GET", "/v2/accounts/me/number_management/numbers", "page_size=100")

    async def write_pair():  # noqa: ANN202
        i = write_ids[turn[0] % len(write_ids)]
        turn[0] += 1
        s1, b1 = await c.call("POST", f"/v2/phone/users/{user_id}/phone_numbers",
                              body=orjson.dumps({"phone_numbers": [{"id": i}]}))
        s2, b2 = await c.call("DELETE", f"/v2/phone/users/{user_id}/phone_numbers/{i}")
        assert s1 in (200, 201) and s2 == 204, (s1, b1, s2, b2)

    async def token():  # noqa: ANN202
        await c.token(creds)

    return {"get one number": (get_one, 1), "list 100 numbers": (list_100, 1),
            "assign/unassign (per write)": (write_pair, 2), "OAuth token": (token, 1)}


async def measure(make, per: int, n: int, sweep: bytearray | None) -> float:  # noqa: ANN001
    spent = 0.0
    stride = sweep[::64] if sweep is not None else None
    for _ in range(n):
        if sweep is not None:
            sweep[::64] = stride  # one write per 64-byte line: evicts what the request left cached
        started = time.process_time()
        await make()
        spent += time.process_time() - started
    return spent / (n * per) * 1e6


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=10000)
    ap.add_argument("--sweep-kb", type=int, default=4096)
    ap.add_argument("--database")
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database or f"sqlite:///{Path(tmp) / 'inproc.db'}"
        engine = make_engine(url)
        migrate(engine)
        if is_empty(engine):
            reset(engine, "demo")
        server = Server(engine, auto_migrate=False)
        with engine.begin() as conn:
            creds = demo_credentials(conn)
        client = Client(server)

        async def run() -> None:
            sweep = bytearray(args.sweep_kb * 1024)
            print(f"{'scenario':30} {'warm us':>8} {'cold us':>8}   (cold: {args.sweep_kb:,} KB swept between requests)")
            await client.login(creds)
            for name, (make, per) in (await scenarios(client, creds)).items():
                n = max(100, args.requests // (10 * per) if per > 1 else args.requests)
                await measure(make, per, min(n, 500), None)
                warm = await measure(make, per, n, None)
                cold = await measure(make, per, n, sweep)
                print(f"{name:30} {warm:8.1f} {cold:8.1f}")
                if args.profile:
                    prof = cProfile.Profile()
                    prof.enable()
                    await measure(make, per, n, None)
                    prof.disable()
                    pstats.Stats(prof).sort_stats("tottime").print_stats(15)

        asyncio.run(run())
        engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
