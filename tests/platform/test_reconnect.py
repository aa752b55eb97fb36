"""Database connections that die under the server (PostgreSQL restarted, an administrator's
``pg_terminate_backend``, an idle timeout of the server or of a proxy): no request fails for a
connection lost before it could commit anything; one lost in its COMMIT is not run again, since
the write may have been applied (store/db.py ``ping_when_idle``, ``Server._run`` and ``read``).

PostgreSQL only: a SQLite connection is a file handle, which nothing closes from outside."""

from __future__ import annotations

import os
import threading
import time

import httpx
import pytest
from sqlalchemy import create_engine, event, exc, text

from phonestack.store.db import IDLE_PING_SECONDS, make_engine, normalise_url

pytestmark = pytest.mark.skipif(not os.environ.get("PHONESTACK_TEST_DATABASE_URL"),
                                reason="PostgreSQL: connections that the database closes")


def _admin(server):  # noqa: ANN001, ANN202
    return create_engine(normalise_url(server.database_url), isolation_level="AUTOCOMMIT")


def _terminate(admin, pid: int | None = None) -> int:  # noqa: ANN001
    """Terminate the backend ``pid``, or every backend of the database but the admin's own, and
    wait for them to be gone: how many went."""
    where = "pid = :pid" if pid is not None else "datname = current_database() AND pid <> pg_backend_pid()"
    with admin.connect() as conn:
        return conn.execute(text(
            f"SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 5000)) FROM pg_stat_activity WHERE {where}"),
            {"pid": pid}).scalar_one()


def _count_named(admin, name: str) -> int:  # noqa: ANN001
    with admin.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM extensions WHERE name = :n"), {"n": name}).scalar_one()


def _site_id(api) -> str:  # noqa: ANN001
    return api.get("/phone/sites").json()["sites"][0]["id"]


def test_reads_and_writes_after_every_connection_was_closed_are_answered(server, api, demo):
    admin = _admin(server)
    invalidated: list[object] = []

    def on_invalidate(dbapi_conn, *_) -> None:  # noqa: ANN001
        invalidated.append(dbapi_conn)

    event.listen(server.app.engine.pool, "invalidate", on_invalidate)
    try:
        site_id = _site_id(api)
        number_id = api.get("/accounts/me/number_management/numbers").json()["numbers"][0]["id"]
        for path in ("/phone/call_queues", "/accounts/me/number_management/numbers",
                     f"/accounts/me/number_management/numbers/{number_id}", "/phone/users"):
            assert api.get(path).status_code == 200
            assert _terminate(admin) >= 1  # the kept read connection at least
            r = api.get(path)  # an answer kept or made anew, on a new connection
            assert r.status_code == 200, (path, r.text)

        # The token call and file downloads read outside any API request (and retry on their own).
        assert _terminate(admin) >= 1
        assert server.token(demo["account_id"], demo["client_id"], demo["client_secret"])
        user_id = api.get("/phone/users", params={"page_size": 1}).json()["users"][0]["id"]
        r = api.post(f"/phone/users/{user_id}/audios", json={
            "audio_name": "Reconnect", "text": "Still here", "voice_language": "en-US",
            "voice_accent": "Joanna-Female"})
        assert r.status_code == 201, r.text
        assert _terminate(admin) >= 1
        r = httpx.get(f"{server.base}/v2/files/audio/{r.json()['audio_id']}",
                      headers={"Authorization": f"Bearer {api.token}"})
        assert r.status_code == 200 and r.content[:4] == b"RIFF", r.text

        # A write whose pooled connection was closed moments after its last use: handed out
        # without a ping (used within IDLE_PING_SECONDS), it fails at its first statement, and
        # the request runs again on a new connection, once. The webhook dispatcher is paused
        # meanwhile: woken by the first write, it could meet the dead connection first (and the
        # pool renew itself) before the request does.
        server.app.dispatcher.stop()
        assert api.post("/phone/call_queues", json={"name": "Warm Queue", "site_id": site_id}).status_code == 201
        assert _terminate(admin) >= 1
        before = len(invalidated)
        r = api.post("/phone/call_queues", json={"name": "After The Drop", "site_id": site_id})
        assert r.status_code == 201, r.text
        assert len(invalidated) > before  # the dead connection was met, not pinged away
        assert _count_named(admin, "After The Drop") == 1
        assert api.get(f"/phone/call_queues/{r.json()['id']}").json()["name"] == "After The Drop"
    finally:
        server.app.dispatcher.start()
        event.remove(server.app.engine.pool, "invalidate", on_invalidate)
        admin.dispose()


def test_a_connection_lost_in_its_commit_is_not_run_again(server, api):
    """The COMMIT's outcome is unknown to the client when its connection dies: running the write
    again could apply it twice, so the request fails (500) and nothing is retried. Here the
    backend is terminated just before the COMMIT reaches it, so the write was not applied."""
    admin = _admin(server)
    site_id = _site_id(api)
    request_thread = server.thread
    fired: list[int] = []

    def kill_before_commit(conn) -> None:  # noqa: ANN001
        if threading.current_thread() is request_thread and not fired:
            pid = conn.connection.dbapi_connection.info.backend_pid
            fired.append(pid)
            assert _terminate(admin, pid) == 1

    event.listen(server.app.engine, "commit", kill_before_commit)
    try:
        with httpx.Client(base_url=f"{server.base}/v2", headers={"Authorization": f"Bearer {api.token}"}) as c:
            r = c.post("/phone/call_queues", json={"name": "Lost In Commit", "site_id": site_id})
        assert len(fired) == 1
        assert r.status_code == 500, r.text
        assert r.json() == {"code": 500, "message": "Internal Server Error"}
    finally:
        event.remove(server.app.engine, "commit", kill_before_commit)
    assert _count_named(admin, "Lost In Commit") == 0  # not applied, and not applied again
    r = api.post("/phone/call_queues", json={"name": "Lost In Commit", "site_id": site_id})
    assert r.status_code == 201, r.text  # the next request gets a new connection
    assert _count_named(admin, "Lost In Commit") == 1
    admin.dispose()


def test_the_pool_pings_only_connections_that_sat_idle(server):
    """No round trip is added to a checkout of a connection used moments ago (every checkout
    under load): it is handed out as it is. One idle for longer than IDLE_PING_SECONDS is pinged
    and, found dead, replaced."""
    engine = make_engine(server.database_url)
    admin = _admin(server)
    try:
        def checked_out_pid() -> int:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
                return conn.connection.dbapi_connection.info.backend_pid

        pid = checked_out_pid()
        assert _terminate(admin, pid) == 1
        with engine.connect() as conn:  # used just now: not pinged, so the statement meets it dead
            with pytest.raises(exc.OperationalError) as e:
                conn.execute(text("SELECT 1"))
            assert e.value.connection_invalidated

        pid = checked_out_pid()
        assert _terminate(admin, pid) == 1
        time.sleep(IDLE_PING_SECONDS + 0.2)
        assert checked_out_pid() != pid  # idle: pinged at checkout, found dead, replaced
    finally:
        engine.dispose()
        admin.dispose()
