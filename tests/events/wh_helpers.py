"""A real local webhook receiver for the tests, and helpers."""

from __future__ import annotations

import hashlib
import hmac
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import orjson

from phonestack.events import signing
from phonestack.testing.server import free_port, wait_healthy

NM = "/accounts/me/number_management"
CNAM = "number_management.peering_number_cnam_updated"
ADDRESS = "number_management.peering_number_emergency_address_updated"


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    at: float

    @property
    def json(self) -> Any:
        return orjson.loads(self.body)

    @property
    def event(self) -> str:
        return self.json["event"]


@dataclass
class Receiver:
    """An HTTP server on a free port that answers Zoom's URL validation with ``secret`` (when
    ``validation`` is "ok") and answers events with the next status of ``statuses`` (200 when
    they run out). Everything it receives is in ``requests``."""

    secret: str = "receiver-secret-token"
    validation: str = "ok"  # ok | wrong | 500
    statuses: list[int] = field(default_factory=list)
    delay: float = 0.0  # seconds before answering an event (a hanging receiver)
    requests: list[Received] = field(default_factory=list)
    port: int = 0

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/zoom/webhooks"

    def start(self, port: int | None = None) -> Receiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                rec = Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body, time.time())
                with receiver._lock:
                    receiver.requests.append(rec)
                    status, answer = receiver._answer(rec)
                    delay = receiver.delay if rec.event != "endpoint.url_validation" else 0
                if delay:
                    time.sleep(delay)
                try:
                    self.send_response(status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(answer)))
                    self.end_headers()
                    self.wfile.write(answer)
                except OSError:
                    pass  # the sender is gone (killed, or gave up waiting)

            def log_message(self, *args: Any) -> None:
                pass

        self.port = port or self.port or free_port()
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def _answer(self, rec: Received) -> tuple[int, bytes]:
        data = rec.json
        if data.get("event") == "endpoint.url_validation":
            plain = data["payload"]["plainToken"]
            if self.validation == "500":
                return 500, b"{}"
            secret = self.secret if self.validation == "ok" else "not-the-secret"
            token = hmac.new(secret.encode(), plain.encode(), hashlib.sha256).hexdigest()
            return 200, orjson.dumps({"plainToken": plain, "encryptedToken": token})
        status = self.statuses.pop(0) if self.statuses else 200
        return status, b"{}"

    def events(self, name: str | None = None) -> list[Received]:
        with self._lock:
            return [r for r in self.requests if r.event != "endpoint.url_validation" and (name is None or r.event == name)]

    def wait_for(self, pred: Callable[[list[Received]], bool], timeout: float = 15) -> list[Received]:
        deadline = time.monotonic() + timeout
        while True:
            got = self.events()
            if pred(got):
                return got
            assert time.monotonic() < deadline, f"the receiver did not get the expected events: {[r.event for r in got]}"
            time.sleep(0.02)


def verify(rec: Received, secret: str) -> None:
    """The request is signed as Zoom signs it, by hand (not with phonestack's own helper)."""
    ts = rec.headers["x-zm-request-timestamp"]
    assert ts.isdigit() and abs(int(ts) - time.time()) < 120, ts
    expected = "v0=" + hmac.new(secret.encode(), f"v0:{ts}:".encode() + rec.body, hashlib.sha256).hexdigest()
    assert rec.headers["x-zm-signature"] == expected
    assert signing.verify(secret, ts, rec.body, rec.headers["x-zm-signature"])
    assert not signing.verify("another-secret", ts, rec.body, rec.headers["x-zm-signature"])
    assert rec.headers["content-type"].startswith("application/json")


def subscribe(base: str, receiver: Receiver, events: list[str], **body: Any) -> dict[str, Any]:
    r = httpx.post(f"{base}/_phonestack/webhooks",
                   json={"url": receiver.url, "secret_token": receiver.secret, "events": events, **body}, timeout=30)
    assert r.status_code == 201, r.text
    return r.json()


def deliveries(base: str, **params: Any) -> list[dict[str, Any]]:
    r = httpx.get(f"{base}/_phonestack/webhooks/deliveries", params=params, timeout=30)
    assert r.status_code == 200, r.text
    return r.json()["deliveries"]


def wait_deliveries(base: str, pred: Callable[[list[dict[str, Any]]], bool], timeout: float = 15,
                    **params: Any) -> list[dict[str, Any]]:
    deadline = time.monotonic() + timeout
    while True:
        got = deliveries(base, **params)
        if pred(got):
            return got
        assert time.monotonic() < deadline, f"deliveries never matched: {[(d['status'], d['attempts']) for d in got]}"
        time.sleep(0.05)


def peering_number(api, prefix: str = NM) -> dict[str, Any]:  # noqa: ANN001
    r = api.get(f"{prefix}/numbers", params={"page_size": 100})
    assert r.status_code == 200, r.text
    found = [n for n in r.json()["numbers"] if "carrier" in n and n["allocated_product"] == "ZOOM_PHONE"]
    assert found, "the demo seed has a cloud-peering Zoom Phone number"
    return found[0]


# --- phonestack in processes of its own -------------------------------------------------------------

SETTINGS = {  # short delivery timings for the process tests
    "PHONESTACK_WEBHOOK_BACKOFF": "0.3",
    "PHONESTACK_WEBHOOK_BACKOFF_FACTOR": "1",
    "PHONESTACK_WEBHOOK_POLL": "0.1",
    "PHONESTACK_WEBHOOK_LEASE": "2",
    "PHONESTACK_WEBHOOK_TIMEOUT": "10",
    "PHONESTACK_WEBHOOK_MAX_ATTEMPTS": "100",
}


def demo_client(base: str) -> httpx.Client:
    """A client on ``base + /v2`` with a token of the demo master app; ``.creds`` holds the
    demo credentials."""
    creds = httpx.get(f"{base}/_phonestack/demo").json()
    token = httpx.post(f"{base}/oauth/token", auth=(creds["client_id"], creds["client_secret"]),
                       params={"grant_type": "account_credentials", "account_id": creds["account_id"]}
                       ).json()["access_token"]
    c = httpx.Client(base_url=f"{base}/v2", headers={"Authorization": f"Bearer {token}"}, timeout=30)
    c.creds = creds  # type: ignore[attr-defined]
    return c


class Process:
    """``phonestack serve`` in a process group of its own, on a SQLite file."""

    def __init__(self, db: str, port: int, workers: int = 1) -> None:
        env = {**os.environ, **SETTINGS, "PHONESTACK_DATABASE_URL": f"sqlite:///{db}"}
        env.pop("PHONESTACK_TEST_DATABASE_URL", None)
        self.base = f"http://127.0.0.1:{port}"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "phonestack.cli", "serve", "--port", str(port), "--workers", str(workers)],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        wait_healthy(self.base, self.proc)

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, sig)
        self.proc.wait(15)

    def client(self) -> httpx.Client:
        return demo_client(self.base)
