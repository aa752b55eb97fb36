"""Test fixtures: a real phonestack server on a free port, clients that speak HTTP to it.

The database is SQLite in a temporary folder, or PostgreSQL when
``PHONESTACK_TEST_DATABASE_URL`` is set (CI runs the suite once each way).

Every response that a test receives through ``api``-style clients is validated against
the contract: its status must be documented for the operation (or be a platform error:
401, 403, 404 for unknown ids, 429, 501) and its body must match the documented schema.
A mismatch fails the test.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from typing import Any

import fastjsonschema
import httpx
import orjson
import pytest

from phonestack.http.validation import compile_schema
from phonestack.testing.server import free_port

# Kept answers (http/answers.py) on for PostgreSQL too (its default there is off), so that every
# test that writes and then reads checks that no kept answer outlives a commit, on both databases.
os.environ.setdefault("PHONESTACK_KEPT_ANSWERS", "on")

# Statuses any operation may answer (the platform's, not the operation's own).
PLATFORM_STATUSES = {400, 401, 403, 404, 405, 413, 429, 501}


def _worker_database(url: str) -> str:
    """Under pytest-xdist each worker gets a PostgreSQL database of its own (``<db>_gw0``...),
    created on first use, so that parallel workers never reset each other's state."""
    from sqlalchemy.engine import make_url

    from phonestack.store.db import ensure_database, normalise_url

    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    base = make_url(normalise_url(url))
    name = f"{base.database}_{worker}"
    return ensure_database(base.set(database=name).render_as_string(hide_password=False), admin_url=url)


def _reset_postgres(url: str) -> None:
    from sqlalchemy import create_engine, text

    from phonestack.store.db import normalise_url

    eng = create_engine(normalise_url(url), isolation_level="AUTOCOMMIT")
    with eng.connect() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    eng.dispose()


class RunningServer:
    def __init__(self, tmp_path_factory: pytest.TempPathFactory) -> None:
        import uvicorn

        from phonestack.http.app import Server
        from phonestack.store.db import make_engine

        url = os.environ.get("PHONESTACK_TEST_DATABASE_URL")
        if url:
            url = _worker_database(url)
            _reset_postgres(url)
        else:
            url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'phonestack.db'}"
        self.database_url = url
        self.app = Server(make_engine(url))
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off")
        self.uvicorn = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.uvicorn.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.uvicorn.started:
            if time.monotonic() > deadline:
                raise RuntimeError("phonestack did not start")
            time.sleep(0.02)
        self._response_validators: dict[tuple[str, int], Any] = {}

    def stop(self) -> None:
        self.uvicorn.should_exit = True
        self.thread.join(5)
        # lifespan is off: stop the webhook worker here, before the temporary database goes away
        self.app.dispatcher.stop()

    def reset(self, to: str = "demo") -> dict[str, str]:
        r = httpx.post(f"{self.base}/_phonestack/reset", json={"to": to})
        assert r.status_code == 200, r.text
        return r.json()["credentials"]

    def token(self, account_id: str, client_id: str, client_secret: str) -> str:
        r = httpx.post(
            f"{self.base}/oauth/token",
            params={"grant_type": "account_credentials", "account_id": account_id},
            auth=(client_id, client_secret),
        )
        assert r.status_code == 200, r.text
        return r.json()["access_token"]

    # --- contract checks of responses -----------------------------------------------------

    def check_response(self, response: httpx.Response) -> None:
        path = response.request.url.path
        if not path.startswith("/v2/"):
            return
        route, _params, _exists = self.app.router.lookup(response.request.method, path[3:])
        if route is None:
            return
        op = route.target
        status = response.status_code
        response.read()
        body = orjson.loads(response.content) if response.content else None
        if status >= 400:
            assert isinstance(body, dict) and isinstance(body.get("code"), int) and isinstance(
                body.get("message"), str
            ), f"{op.operation_id}: error body is not Zoom's {{code, message}}: {response.text[:300]}"
            injected = response.headers.get("x-phonestack-fault") == "injected"  # fault injection, on purpose
            assert injected or status in op.responses or status in PLATFORM_STATUSES, (
                f"{op.operation_id} answered {status}, which the contract does not document"
            )
            return
        assert status in op.responses, (
            f"{op.operation_id} answered {status}; the contract documents {sorted(op.responses)}"
        )
        schema = op.responses.get(status)
        if schema is None:
            assert not response.content, f"{op.operation_id}: {status} should have no body"
            return
        key = (op.operation_id, status)
        validate = self._response_validators.get(key)
        if validate is None:
            validate = self._response_validators[key] = compile_schema(schema)
        try:
            validate(body)
        except fastjsonschema.JsonSchemaValueException as exc:
            raise AssertionError(
                f"{op.operation_id} {status}: response breaks the contract at {exc.name}: {exc.message}\n"
                f"{response.text[:1000]}"
            ) from None


class Api(httpx.Client):
    """An HTTP client on ``/v2`` with a bearer token; every response is contract-checked."""

    def __init__(self, server: RunningServer, token: str | None, account_id: str, **kw: Any) -> None:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        super().__init__(
            base_url=f"{server.base}/v2",
            headers=headers,
            event_hooks={"response": [server.check_response]},
            timeout=30,
            **kw,
        )
        self.server = server
        self.account_id = account_id
        self.token = token


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    s = RunningServer(tmp_path_factory)
    yield s
    s.stop()


@pytest.fixture
def demo(server: RunningServer) -> dict[str, str]:
    """Resets the server to the demo seed; the demo credentials."""
    return server.reset("demo")


@pytest.fixture
def api(server: RunningServer, demo: dict[str, str]) -> Iterator[Api]:
    """The demo master account's client (all scopes)."""
    token = server.token(demo["account_id"], demo["client_id"], demo["client_secret"])
    with Api(server, token, demo["account_id"]) as client:
        yield client


@pytest.fixture
def outside_conn(server: RunningServer, demo: dict[str, str]) -> Iterator[Any]:
    """A connection of its own to the server's database (after the demo reset), writing plain
    SQL as another client would, foreign keys on (on SQLite too), in a transaction rolled back
    after the test: the shared test database stays as it was."""
    from sqlalchemy import create_engine

    engine = create_engine(server.database_url)
    try:
        with engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                # Before the first write: pysqlite opens its transaction there, and the pragma
                # applies outside one only.
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
            try:
                yield conn  # SQLAlchemy's transaction begins with the first statement
            finally:
                conn.rollback()
    finally:
        engine.dispose()


@pytest.fixture
def sub_api(server: RunningServer, demo: dict[str, str]) -> Iterator[Api]:
    """The demo sub account's client."""
    token = server.token(demo["sub_account_id"], demo["sub_client_id"], demo["sub_client_secret"])
    with Api(server, token, demo["sub_account_id"]) as client:
        yield client


def make_account(server: RunningServer, **body: Any) -> dict[str, str]:
    r = httpx.post(f"{server.base}/_phonestack/accounts", json={"name": "Other Tenant", **body})
    assert r.status_code == 201, r.text
    return r.json()


@pytest.fixture
def other_api(server: RunningServer, demo: dict[str, str]) -> Iterator[Api]:
    """A client of an unrelated account (another tenant), with every scope."""
    acct = make_account(server, name="Other Tenant")
    token = server.token(acct["account_id"], acct["client_id"], acct["client_secret"])
    with Api(server, token, acct["account_id"]) as client:
        yield client


@pytest.fixture
def scoped_api(server: RunningServer, demo: dict[str, str]):  # noqa: ANN201
    """A factory: a client of the demo master account whose app holds only ``scopes``."""
    clients: list[Api] = []

    def make(scopes: list[str]) -> Api:
        r = httpx.post(
            f"{server.base}/_phonestack/apps",
            json={"account_id": demo["account_id"], "name": "Scoped", "scopes": scopes},
        )
        assert r.status_code == 201, r.text
        acct = r.json()
        token = server.token(acct["account_id"], acct["client_id"], acct["client_secret"])
        c = Api(server, token, acct["account_id"])
        clients.append(c)
        return c

    yield make
    for c in clients:
        c.close()


@pytest.fixture
def raw(server: RunningServer) -> Iterator[httpx.Client]:
    """A client on the server root without credentials (OAuth, admin, docs)."""
    with httpx.Client(base_url=server.base, timeout=30) as client:
        yield client
