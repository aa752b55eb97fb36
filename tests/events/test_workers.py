"""Several delivery workers on one database send each row once: in-process dispatchers with
engines of their own, and ``phonestack serve --workers 2``."""

from __future__ import annotations

import signal
import threading
import time
from collections import Counter

import httpx
from sqlalchemy import func, select
from wh_helpers import CNAM, NM, Process, peering_number, subscribe, wait_deliveries

from phonestack.events.dispatcher import Dispatcher, Settings
from phonestack.events.outbox import enqueue
from phonestack.events.subscriptions import create
from phonestack.store import schema as t
from phonestack.store.db import make_engine
from phonestack.testing.server import free_port


def test_concurrent_dispatchers_send_each_row_once(server, demo, receiver):
    """Four dispatchers with engines of their own (and the test server's own worker) claim from
    one outbox: SQLite's atomic lease UPDATE here, ``FOR UPDATE SKIP LOCKED`` when the suite
    runs on PostgreSQL (PHONESTACK_TEST_DATABASE_URL)."""
    url = server.database_url
    engine = make_engine(url)
    creds = demo
    with engine.begin() as conn:
        create(conn, {"client_id": creds["client_id"], "url": receiver.url, "events": ["*"],
                      "secret_token": receiver.secret, "validated": True})
        for i in range(10):
            enqueue(conn, creds["account_id"], [
                (CNAM, {"object": {"carrier_code": 9998, "cnam": f"N{i}-{j}", "phone_numbers": ["+1"]}})
                for j in range(8)])
    settings = Settings(backoff=0.1, factor=1, poll=0.05, lease=30, batch=5)
    engines = [make_engine(url) for _ in range(4)]
    dispatchers = [Dispatcher(e, settings) for e in engines]
    deadline = time.monotonic() + 30

    def work(d: Dispatcher) -> None:
        while time.monotonic() < deadline:
            with d.engine.connect() as conn:
                left = conn.execute(select(func.count()).select_from(t.webhook_outbox)
                                    .where(t.webhook_outbox.c.status == "pending")).scalar()
            if not left:
                return
            d.run_once()

    threads = [threading.Thread(target=work, args=(d,)) for d in dispatchers]
    for th in threads:
        th.start()
    for th in threads:
        th.join(60)
    sent = Counter(r.headers["x-zm-trackingid"] for r in receiver.events())
    assert len(sent) == 80 and set(sent.values()) == {1}, sent.most_common(3)
    with engine.connect() as conn:
        rows = conn.execute(select(t.webhook_outbox.c.status, func.count()).group_by(t.webhook_outbox.c.status)).all()
        owners = conn.execute(select(func.count()).select_from(t.webhook_outbox)
                              .where(t.webhook_outbox.c.attempts != 1)).scalar()
    assert dict(rows) == {"delivered": 80} and owners == 0
    for e in [engine, *engines]:
        e.dispose()


def test_two_worker_processes(tmp_path, receiver):
    """``serve --workers 2`` on SQLite: both processes run a delivery worker; every event of
    changes made through either process arrives once."""
    server = Process(str(tmp_path / "w.db"), free_port(), workers=2)
    try:
        with server.client() as api:
            subscribe(server.base, receiver, [CNAM], client_id=api.creds["client_id"])
            peer = peering_number(api)
            for i in range(12):
                # a new connection per request, so that both processes take some
                with httpx.Client(base_url=f"{server.base}/v2", headers=api.headers,
                                  limits=httpx.Limits(max_keepalive_connections=0)) as c:
                    r = c.patch(f"{NM}/numbers/{peer['id']}", json={"caller_id_name": f"Worker {i}"})
                    assert r.status_code == 204, r.text
        got = receiver.wait_for(lambda got: len(got) >= 12, timeout=20)
        time.sleep(0.5)
        assert len(receiver.events()) == 12
        assert sorted(r.json["payload"]["object"]["cnam"] for r in got) == sorted(f"Worker {i}" for i in range(12))
        assert len({r.headers["x-zm-trackingid"] for r in got}) == 12
        wait_deliveries(server.base, lambda ds: len(ds) == 12 and all(d["status"] == "delivered" for d in ds))
    finally:
        server.kill(signal.SIGTERM)
