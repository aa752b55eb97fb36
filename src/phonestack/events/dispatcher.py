"""The delivery worker: a thread per server process that sends the outbox's due rows.

Claiming is one statement that is safe with any number of processes on one database:

    UPDATE webhook_outbox SET lease_owner = :me, lease_until = :until, next_attempt_at = :until,
                              attempts = attempts + 1
    WHERE pk IN (SELECT pk FROM webhook_outbox WHERE status = 'pending' AND next_attempt_at <= :now
                 ORDER BY next_attempt_at, pk LIMIT :n FOR UPDATE SKIP LOCKED)
    RETURNING ...

- PostgreSQL: ``FOR UPDATE SKIP LOCKED`` makes concurrent claimers take disjoint rows without
  waiting for each other; the UPDATE commits at once (no transaction is held while sending).
- SQLite: there is no row locking (the clause is not rendered); the transaction begins with
  ``BEGIN IMMEDIATE`` (store/db.py), so the UPDATE runs while this process holds the
  database's write lock and is atomic across processes.

A claimed row is leased: its ``next_attempt_at`` moves to the end of the lease, so no other
worker takes it while it is being sent; the result is written only by the lease's owner
(``WHERE lease_owner = :me``). A process that dies mid-send (SIGKILL) leaves the row pending,
and it becomes due again when the lease ends: rows are never lost, and are sent at least once
(as Zoom does, receivers should deduplicate; ``x-zm-trackingid`` is the delivery id).

Settings (environment, read on each round so a test can change them):

=====================================  =======  ==============================================
``PHONESTACK_WEBHOOK_MAX_ATTEMPTS``    4        attempts before a delivery is ``failed``
``PHONESTACK_WEBHOOK_BACKOFF``         300      seconds before the first retry
``PHONESTACK_WEBHOOK_BACKOFF_FACTOR``  4        each next retry waits this much longer
``PHONESTACK_WEBHOOK_BACKOFF_MAX``     3600     the longest wait between attempts
``PHONESTACK_WEBHOOK_TIMEOUT``         3        seconds a receiver has to answer
``PHONESTACK_WEBHOOK_POLL``            1        seconds between looks for work of other processes
``PHONESTACK_WEBHOOK_LEASE``           60       seconds a claimed row is reserved to its worker
=====================================  =======  ==============================================

The defaults are Zoom's: a failed delivery is retried 3 times, 5, 20 and 60 minutes apart.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy import select, update
from sqlalchemy.engine import Engine

from ..store import schema as t
from ..store.util import utcnow
from . import signing
from .outbox import now_ms
from .subscriptions import USER_AGENT

log = logging.getLogger("phonestack.events")

O = t.webhook_outbox  # noqa: E741
S = t.webhook_subscriptions
HISTORY = 20  # attempts kept per delivery


def _env(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


@dataclass(frozen=True, slots=True)
class Settings:
    max_attempts: int = 4
    backoff: float = 300.0
    factor: float = 4.0
    backoff_max: float = 3600.0
    timeout: float = 3.0
    poll: float = 1.0
    lease: float = 60.0
    batch: int = 20
    concurrency: int = 8

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            max_attempts=max(1, int(_env("PHONESTACK_WEBHOOK_MAX_ATTEMPTS", 4))),
            backoff=max(0.0, _env("PHONESTACK_WEBHOOK_BACKOFF", 300)),
            factor=max(1.0, _env("PHONESTACK_WEBHOOK_BACKOFF_FACTOR", 4)),
            backoff_max=max(0.0, _env("PHONESTACK_WEBHOOK_BACKOFF_MAX", 3600)),
            timeout=max(0.1, _env("PHONESTACK_WEBHOOK_TIMEOUT", 3)),
            poll=max(0.05, _env("PHONESTACK_WEBHOOK_POLL", 1)),
            lease=max(1.0, _env("PHONESTACK_WEBHOOK_LEASE", 60)),
        )

    def delay(self, attempts: int) -> float:
        """Seconds to wait after the ``attempts``-th failed attempt."""
        return min(self.backoff * self.factor ** max(0, attempts - 1), self.backoff_max)


class Dispatcher:
    """Sends due outbox rows from a daemon thread; ``wake()`` after a commit that queued rows."""

    def __init__(self, engine: Engine, settings: Settings | None = None) -> None:
        self.engine = engine
        self.read_engine = engine.execution_options(readonly=True)
        self._settings = settings
        self.owner = f"{socket.gethostname()[:30]}:{os.getpid()}:{secrets.token_hex(4)}"
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    @property
    def settings(self) -> Settings:
        return self._settings or Settings.from_env()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # --- lifecycle ------------------------------------------------------------------------------

    def start(self) -> None:
        if self.running:
            return
        with self._lock:
            if self.running:
                return
            self._stop.clear()
            self._thread = threading.Thread(target=self._loop, name="phonestack-webhooks", daemon=True)
            self._thread.start()

    def wake(self) -> None:
        self.start()
        self._wake.set()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    def _loop(self) -> None:
        client = httpx.Client(follow_redirects=False)
        pool = ThreadPoolExecutor(max_workers=Settings().concurrency, thread_name_prefix="phonestack-webhook")
        errors = 0
        try:
            while not self._stop.is_set():
                self._wake.clear()
                try:
                    wait = self.run_once(client, pool)
                    errors = 0
                except Exception:  # a database hiccup must not end delivery: log, wait, retry
                    if self._database_gone():
                        return  # a SQLite file removed under a running server (a test's temporary folder)
                    errors += 1
                    if errors <= 3:
                        log.exception("webhook delivery round failed")
                    wait = min(self.settings.poll * 2**errors, 30.0)
                if wait > 0:
                    self._wake.wait(wait)
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
            client.close()

    def _database_gone(self) -> bool:
        url = self.engine.url
        return (url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:")
                and not os.path.exists(url.database))

    # --- one round ------------------------------------------------------------------------------

    def _next_due(self) -> int | None:
        """The earliest next_attempt_at of the pending rows (a read: no write lock when idle)."""
        with self.read_engine.connect() as conn:
            return conn.execute(
                select(O.c.next_attempt_at).where(O.c.status == "pending")
                .order_by(O.c.next_attempt_at).limit(1)
            ).scalar()

    def claim(self, settings: Settings) -> list[Any]:
        now = now_ms()
        until = now + int(settings.lease * 1000)
        due = (
            select(O.c.pk).where(O.c.status == "pending", O.c.next_attempt_at <= now)
            .order_by(O.c.next_attempt_at, O.c.pk).limit(settings.batch)
            .with_for_update(skip_locked=True)
        )
        with self.engine.begin() as conn:
            claimed = conn.execute(
                update(O).where(O.c.pk.in_(due.scalar_subquery()))
                .values(lease_owner=self.owner, lease_until=until, next_attempt_at=until,
                        attempts=O.c.attempts + 1, updated_at=utcnow())
                .returning(O.c.pk, O.c.id, O.c.subscription_id, O.c.body, O.c.attempts, O.c.history)
            ).all()
            if not claimed:
                return []
            subs = {
                r.id: r for r in conn.execute(
                    select(S.c.id, S.c.url, S.c.secret_token, t.apps.c.client_id)
                    .join(t.apps, t.apps.c.id == S.c.app_id)
                    .where(S.c.id.in_({c.subscription_id for c in claimed}))
                ).all()
            }
        return [(row, subs.get(row.subscription_id)) for row in claimed]

    def run_once(self, client: httpx.Client | None = None, pool: ThreadPoolExecutor | None = None) -> float:
        """Send what is due; answers how long to wait before the next round (0: go on)."""
        settings = self.settings
        due = self._next_due()
        if due is None:
            return settings.poll
        now = now_ms()
        if due > now:
            return min(settings.poll, (due - now) / 1000)
        work = self.claim(settings)
        if not work:
            return min(settings.poll, 0.1)  # another worker took them
        own = client is None
        client = client or httpx.Client(follow_redirects=False)
        try:
            if pool is not None and len(work) > 1:
                results = list(pool.map(lambda w: self._send(client, settings, *w), work))
            else:
                results = [self._send(client, settings, *w) for w in work]
        finally:
            if own:
                client.close()
        self._record(settings, work, results)
        return 0

    def _send(self, client: httpx.Client, settings: Settings, row, sub) -> tuple[int | None, str | None, int]:  # noqa: ANN001
        """POST one delivery; (HTTP status or None, error or None, duration in ms)."""
        if sub is None:
            return None, "subscription deleted", 0
        body = row.body.encode()
        ts = int(time.time())
        headers = {
            "content-type": "application/json; charset=utf-8",
            "user-agent": USER_AGENT,
            "clientid": sub.client_id,
            "x-zm-trackingid": row.id,
            **signing.headers(sub.secret_token, ts, body),
        }
        started = time.monotonic()
        try:
            r = client.post(sub.url, content=body, headers=headers, timeout=settings.timeout)
        except httpx.HTTPError as exc:
            return None, f"{type(exc).__name__}: {exc}"[:500], int((time.monotonic() - started) * 1000)
        ms = int((time.monotonic() - started) * 1000)
        if 200 <= r.status_code < 300:
            return r.status_code, None, ms
        return r.status_code, f"HTTP {r.status_code}", ms

    def _record(self, settings: Settings, work: list[Any], results: list[tuple[int | None, str | None, int]]) -> None:
        now = now_ms()
        stamp = utcnow()
        with self.engine.begin() as conn:
            for (row, _sub), (status, error, ms) in zip(work, results, strict=True):
                history = [*(row.history or []), {"at": now, "status": status, "error": error, "ms": ms}][-HISTORY:]
                values: dict[str, Any] = {
                    "lease_owner": None, "lease_until": None, "last_status": status, "last_error": error,
                    "history": history, "updated_at": stamp,
                }
                if error is None:
                    values.update(status="delivered", delivered_at=stamp, next_attempt_at=now)
                elif row.attempts >= settings.max_attempts:
                    values.update(status="failed", next_attempt_at=now)
                else:
                    values["next_attempt_at"] = now + int(settings.delay(row.attempts) * 1000)
                conn.execute(update(O).where(O.c.pk == row.pk, O.c.lease_owner == self.owner).values(**values))
