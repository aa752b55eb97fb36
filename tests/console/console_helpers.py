"""Helpers of the console tests (a uniquely named module: tests/ has several conftest.py)."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler

import httpx


def simulate(server, account_id: str, calls: int = 150, days: int = 7, seed: int = 9) -> dict:  # noqa: ANN001
    r = httpx.post(f"{server.base}/_phonestack/simulate",
                   json={"account_id": account_id, "calls": calls, "days": days, "seed": seed}, timeout=60)
    assert r.status_code == 200, r.text
    return r.json()


class Hook(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802
        self.rfile.read(int(self.headers.get("content-length") or 0))
        self.send_response(200)
        self.send_header("content-length", "0")
        self.end_headers()

    def log_message(self, *args) -> None:  # noqa: ANN002
        pass
