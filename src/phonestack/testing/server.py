"""phonestack in a thread of the caller's process: ``with phonestack.running() as zoom: ...``.

The server listens on ``127.0.0.1`` (a free port unless one is given) and keeps its state in
a SQLite database inside a temporary folder that is removed on exit. Fixed demo credentials
(account id, client id, client secret) are passed to the seed through the
``PHONESTACK_DEMO_*`` variables only while the seed runs; the caller's environment is
restored right after.
"""

from __future__ import annotations

import base64
import contextlib
import os
import shutil
import socket
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from typing import Any

import orjson

from .recorder import RecordedRequest, RecordingMiddleware

_ENV_LOCK = threading.Lock()
_CRED_ENV = {
    "account_id": "PHONESTACK_DEMO_ACCOUNT_ID",
    "client_id": "PHONESTACK_DEMO_CLIENT_ID",
    "client_secret": "PHONESTACK_DEMO_CLIENT_SECRET",
}


@contextlib.contextmanager
def _temporary_env(values: dict[str, str]) -> Iterator[None]:
    with _ENV_LOCK:
        saved = {name: os.environ.get(name) for name in values}
        os.environ.update(values)
        try:
            yield
        finally:
            for name, old in saved.items():
                if old is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = old


class Zoom:
    """A running phonestack: URLs, demo credentials, a bearer token and test helpers.

    - ``url``: the server root (``http://127.0.0.1:PORT``); ``base_url``: ``url + "/v2"``;
      ``oauth_url``: ``url + "/oauth/token"``.
    - ``account_id``, ``client_id``, ``client_secret``: the demo master account and its
      Server-to-Server OAuth app (every scope); ``sub_account_id``, ``sub_client_id``,
      ``sub_client_secret``: its sub account; ``credentials``: all of them as a dict.
    - ``token``: a bearer token of the demo master app, fresh after each ``reset()``;
      ``headers``: ``{"Authorization": "Bearer ..."}``.
    """

    def __init__(self, *, host: str, port: int, database_url: str, seed: str,
                 fixed_credentials: dict[str, str], record_limit: int) -> None:
        import uvicorn

        from ..http.app import Server
        from ..store.db import make_engine

        self.host = host
        self.port = port
        self.url = f"http://{host}:{port}"
        self.base_url = f"{self.url}/v2"
        self.oauth_url = f"{self.url}/oauth/token"
        self.database_url = database_url
        self._fixed = {_CRED_ENV[k]: v for k, v in fixed_credentials.items() if v}
        self.engine = make_engine(database_url)
        self.app = Server(self.engine)
        self._recorder = RecordingMiddleware(self.app, limit=record_limit)
        self.credentials: dict[str, str] = {}
        self.token: str | None = None
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            self._socket.bind((host, port))
        except OSError:
            self._socket.close()
            raise
        self.port = self._socket.getsockname()[1]
        self.url = f"http://{host}:{self.port}"
        self.base_url = f"{self.url}/v2"
        self.oauth_url = f"{self.url}/oauth/token"
        self._seed(seed)
        config = uvicorn.Config(
            self._recorder, log_level="warning", log_config=None, access_log=False, lifespan="off",
        )
        self._uvicorn = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._uvicorn.run, kwargs={"sockets": [self._socket]}, name="phonestack", daemon=True,
        )
        self._thread.start()
        deadline = time.monotonic() + 15
        while not self._uvicorn.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("phonestack did not start")
            time.sleep(0.002)
        self.token = self.new_token() if self.credentials else None
        self.clear_requests()

    # --- credentials ----------------------------------------------------------------------

    @property
    def account_id(self) -> str | None:
        return self.credentials.get("account_id")

    @property
    def client_id(self) -> str | None:
        return self.credentials.get("client_id")

    @property
    def client_secret(self) -> str | None:
        return self.credentials.get("client_secret")

    @property
    def sub_account_id(self) -> str | None:
        return self.credentials.get("sub_account_id")

    @property
    def sub_client_id(self) -> str | None:
        return self.credentials.get("sub_client_id")

    @property
    def sub_client_secret(self) -> str | None:
        return self.credentials.get("sub_client_secret")

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def new_token(self, account_id: str | None = None, client_id: str | None = None,
                  client_secret: str | None = None) -> str:
        """A new access token from ``/oauth/token`` (account_credentials grant); the demo
        master's unless other credentials are given."""
        account_id = account_id or self.account_id
        client_id = client_id or self.client_id
        client_secret = client_secret or self.client_secret
        query = urllib.parse.urlencode({"grant_type": "account_credentials", "account_id": account_id})
        basic = base64.b64encode(f"{client_id}:{client_secret}".encode()).decode()
        req = urllib.request.Request(f"{self.oauth_url}?{query}", method="POST", data=b"",
                                     headers={"Authorization": f"Basic {basic}"})
        with urllib.request.urlopen(req, timeout=10) as resp:  # noqa: S310 - our own local server
            return orjson.loads(resp.read())["access_token"]

    # --- state ----------------------------------------------------------------------------

    def _seed(self, to: str) -> None:
        from ..seed import reset

        with _temporary_env(self._fixed):
            self.credentials = dict(reset(self.engine, to))
        self.app.tokens.forget()

    def reset(self, seed: str = "demo") -> Zoom:
        """Back to the demo seed (``"demo"``) or to nothing (``"empty"``); a fresh ``token``;
        the recorded requests are cleared. Credentials stay the same across resets."""
        self._seed(seed)
        self.token = self.new_token() if self.credentials else None
        self.clear_requests()
        return self

    def users(self, n: int, account_id: str | None = None) -> list[dict[str, Any]]:
        """Adds ``n`` phone users (extensions of type user) to the account (the demo master by
        default); answers them as ``{"id", "extension_number", "email", "name"}``."""
        from ..store import schema as t

        return self._bulk(n, 0, account_id, t.extensions, ("id", "extension_number", "email", "name"),
                          t.extensions.c.type == "user")

    def numbers(self, n: int, account_id: str | None = None) -> list[dict[str, Any]]:
        """Adds ``n`` Zoom phone numbers (+1 415 ..., unassigned) to the account (the demo
        master by default); answers them as ``{"id", "number"}``."""
        from ..store import schema as t

        return self._bulk(0, n, account_id, t.phone_numbers, ("id", "number"), None)

    def _bulk(self, users: int, numbers: int, account_id: str | None, table, cols, where) -> list[dict[str, Any]]:  # noqa: ANN001
        from sqlalchemy import select

        from ..store.bulk import seed_bulk

        account_id = account_id or self.account_id
        if account_id is None:
            raise RuntimeError("no account: reset to the demo seed first, or pass account_id")
        if users + numbers <= 0:
            return []
        seed_bulk(self.engine, users=users, numbers=numbers, account_id=account_id, progress=False)
        query = select(*(table.c[c] for c in cols)).where(table.c.account_id == account_id)
        if where is not None:
            query = query.where(where)
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(table.c.pk.desc()).limit(users + numbers)).mappings().all()
        return [dict(r) for r in reversed(rows)]

    # --- what the server saw ----------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        """Requests the server answered since the last reset or ``clear_requests()``, oldest
        first (method, path, query, status, duration in seconds, arrival time)."""
        return self._recorder.requests

    def clear_requests(self) -> None:
        self._recorder.clear()

    @property
    def webhooks(self) -> list[dict[str, Any]]:
        """Webhook deliveries since the last reset, oldest first: ``{"id", "event", "status",
        "attempts", "body", ...}`` as ``GET /_phonestack/webhooks/deliveries`` shows them.
        Only events of a validated subscription are delivered (see docs/webhooks.md)."""
        from ..events.outbox import list_deliveries

        with self.engine.connect() as conn:
            return list(reversed(list_deliveries(conn, limit=1000)))

    # --- lifecycle --------------------------------------------------------------------------

    def stop(self) -> None:
        uv = getattr(self, "_uvicorn", None)
        if uv is not None:
            uv.should_exit = True
            self._thread.join(5)
        with contextlib.suppress(OSError):
            self._socket.close()
        with contextlib.suppress(Exception):
            self.app._drop_reader()
        self.engine.dispose()

    def __repr__(self) -> str:
        return f"<phonestack {self.base_url} account_id={self.account_id}>"


@contextlib.contextmanager
def running(seed: str = "demo", *, port: int = 0, host: str = "127.0.0.1",
            account_id: str | None = None, client_id: str | None = None, client_secret: str | None = None,
            database_url: str | None = None, record_limit: int = 1000) -> Iterator[Zoom]:
    """Start phonestack in a thread, seeded with ``seed`` (``"demo"`` or ``"empty"``); yields a
    :class:`Zoom` and stops the server (and removes its temporary database) on exit.

    ``port=0`` picks a free port. ``account_id``, ``client_id`` and ``client_secret`` fix the
    demo master's credentials (otherwise random, or from ``PHONESTACK_DEMO_*`` if set).
    ``database_url`` defaults to a SQLite file in a temporary folder.
    """
    if seed not in ("demo", "empty"):
        raise ValueError("seed must be 'demo' or 'empty'")
    folder = None
    if database_url is None:
        folder = tempfile.mkdtemp(prefix="phonestack-")
        database_url = f"sqlite:///{os.path.join(folder, 'phonestack.db')}"
    zoom = None
    try:
        zoom = Zoom(host=host, port=port, database_url=database_url, seed=seed, record_limit=record_limit,
                    fixed_credentials={"account_id": account_id, "client_id": client_id,
                                       "client_secret": client_secret})
        yield zoom
    finally:
        if zoom is not None:
            zoom.stop()
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


def wait_healthy(base_url: str, proc: Any = None, timeout: float = 30.0) -> float:
    """Wait until the phonestack at ``base_url`` (``http://host:port``) answers its health check;
    for a ``phonestack serve`` started as a subprocess (tests, benchmarks, CI scripts). Raises
    ``RuntimeError`` if ``proc`` (a ``subprocess.Popen``) exits first or ``timeout`` passes.
    Returns the seconds waited."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"phonestack exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{base_url}/_phonestack/health", timeout=1) as resp:  # noqa: S310
                if resp.status == 200:
                    return time.monotonic() - started
        except OSError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"phonestack at {base_url} did not answer within {timeout:.0f} s")


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on now (for servers started beside this one: tests, benchmarks)."""
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]
