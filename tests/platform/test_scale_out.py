"""Issue 8: two phonestack servers over one database, as two hosts behind a load balancer.

Each server is its own ``phonestack serve`` process on its own port (so the test chooses which
one answers), over one PostgreSQL database when the suite runs on PostgreSQL
(``PHONESTACK_TEST_DATABASE_URL``; a database of this test's own) and over one SQLite file
otherwise, with the rate-limit counters in Redis when Redis answers. A write through one is read
through the other; tokens, page tokens and rate limits are shared; and concurrent writes through
both keep the invariants (one assignee per number, unique extension numbers).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from phonestack.store import schema as t
from phonestack.store.db import ensure_database, make_engine, normalise_url
from phonestack.testing.server import free_port, wait_healthy

REDIS_URL = os.environ.get("PHONESTACK_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
NM = "/accounts/me/number_management/numbers"


def _shared_database(tmp_path) -> str:  # noqa: ANN001
    url = os.environ.get("PHONESTACK_TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_path / 'shared.db'}"
    base = make_url(normalise_url(url))
    name = f"{base.database}_scaleout_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    return ensure_database(base.set(database=name).render_as_string(hide_password=False), recreate=True,
                           admin_url=url)


def _redis_url() -> str | None:
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).flushdb()
        return REDIS_URL
    except Exception:  # noqa: BLE001 - no Redis here: counters stay per process
        return None


class Host:
    def __init__(self, url: str, seed: str, redis_url: str | None) -> None:
        port = free_port()
        env = {**os.environ, "PHONESTACK_DATABASE_URL": url, "PHONESTACK_RATE_LIMITS": "off"}
        env.pop("PHONESTACK_TEST_DATABASE_URL", None)
        env.pop("PHONESTACK_REDIS_URL", None)
        if redis_url:
            env["PHONESTACK_REDIS_URL"] = redis_url
        self.base = f"http://127.0.0.1:{port}"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "phonestack.cli", "serve", "--port", str(port), "--seed", seed],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        wait_healthy(self.base, self.proc, timeout=60)

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGINT)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


@pytest.fixture(scope="module")
def hosts(tmp_path_factory):  # noqa: ANN201
    url = _shared_database(tmp_path_factory.mktemp("scaleout"))
    redis_url = _redis_url()
    a = Host(url, "demo", redis_url)  # the first host migrates and seeds
    b = None
    try:
        b = Host(url, "none", redis_url)
        creds = httpx.get(f"{a.base}/_phonestack/demo").json()
        token = httpx.post(f"{a.base}/oauth/token", params={"grant_type": "account_credentials",
                                                             "account_id": creds["account_id"]},
                           auth=(creds["client_id"], creds["client_secret"])).json()["access_token"]
        yield {"a": a, "b": b, "token": token, "creds": creds, "url": url, "redis": redis_url}
    finally:
        for h in (b, a):
            if h is not None:
                h.stop()


def _client(host: Host, token: str) -> httpx.Client:
    return httpx.Client(base_url=f"{host.base}/v2", headers={"Authorization": f"Bearer {token}"}, timeout=60)


def test_a_token_issued_by_one_host_works_on_the_other_and_so_do_page_tokens(hosts):
    with _client(hosts["a"], hosts["token"]) as a, _client(hosts["b"], hosts["token"]) as b:
        first = a.get(NM, params={"page_size": 5}).json()
        assert first["next_page_token"]
        second = b.get(NM, params={"page_size": 5, "next_page_token": first["next_page_token"]})
        assert second.status_code == 200, second.text
        again = a.get(NM, params={"page_size": 5, "next_page_token": first["next_page_token"]}).json()
        assert [n["id"] for n in second.json()["numbers"]] == [n["id"] for n in again["numbers"]]
        assert not {n["id"] for n in first["numbers"]} & {n["id"] for n in again["numbers"]}
        assert b.get(NM, params={"page_size": 5, "next_page_token": first["next_page_token"] + "x"}).status_code == 400


def test_a_write_through_one_host_is_read_through_the_other(hosts):
    with _client(hosts["a"], hosts["token"]) as a, _client(hosts["b"], hosts["token"]) as b:
        created = a.post("/phone/sites", json={"name": "Scale-out site", "auto_receptionist_name": "Scale-out AR",
                                               "default_emergency_address": {
            "address_line1": "1600 Glenarm Pl", "city": "Denver", "country": "US", "state_code": "CO", "zip": "80202"}})
        assert created.status_code == 201, created.text
        site_id = created.json()["id"]
        assert b.get(f"/phone/sites/{site_id}").json()["name"] == "Scale-out site"
        assert b.patch(f"/phone/sites/{site_id}", json={"name": "Renamed through B"}).status_code == 204
        assert a.get(f"/phone/sites/{site_id}").json()["name"] == "Renamed through B"
        main_site = next(s["id"] for s in a.get("/phone/sites").json()["sites"] if s["id"] != site_id)
        deleted = a.delete(f"/phone/sites/{site_id}", params={"transfer_site_id": main_site})
        assert deleted.status_code == 204, deleted.text
        gone = b.get(f"/phone/sites/{site_id}")  # Get a site documents its unknown ids as 400 (code 300)
        assert gone.status_code == 400 and "not exist" in gone.json()["message"], gone.text


def test_a_list_kept_by_one_host_is_made_anew_after_a_write_through_the_other(hosts):
    """Each host keeps the answers of List phone numbers while the database is unchanged
    (http/answers.py); a commit through the other host is a change it sees at once."""
    with _client(hosts["a"], hosts["token"]) as a, _client(hosts["b"], hosts["token"]) as b:
        for name, writer, reader in (("Written through A", a, b), ("Written through B", b, a)):
            pages = [c.get(NM, params={"page_size": 3}).json() for c in (a, b, a, b)]  # kept on both
            number_id = pages[0]["numbers"][0]["id"]
            assert all(p["numbers"][0]["id"] == number_id for p in pages)
            assert all(p["numbers"][0].get("display_name") != name for p in pages)
            r = writer.patch(f"{NM}/{number_id}", json={"display_name": name})
            assert r.status_code == 204, r.text
            assert reader.get(NM, params={"page_size": 3}).json()["numbers"][0]["display_name"] == name
            assert writer.get(NM, params={"page_size": 3}).json()["numbers"][0]["display_name"] == name


def test_concurrent_writes_through_both_hosts_keep_the_invariants(hosts):
    token = hosts["token"]
    with _client(hosts["a"], token) as a:
        users = a.get("/phone/users", params={"page_size": 40}).json()["users"]
        free = next(n for n in a.get("/phone/numbers", params={"type": "unassigned", "page_size": 100}).json()[
            "phone_numbers"] if n.get("status") != "pending")
        site = a.get("/phone/sites").json()["sites"][0]["id"]
    assert len(users) == 40

    def send(i: int) -> int:
        host = hosts["a"] if i % 2 == 0 else hosts["b"]
        with _client(host, token) as c:
            if i < 40:
                return c.post(f"/phone/users/{users[i]['id']}/phone_numbers",
                              json={"phone_numbers": [{"id": free["id"]}]}).status_code
            return c.post("/phone/call_queues", json={"name": f"Scale-out queue {i}", "site_id": site,
                                                       "extension_number": 8799}).status_code

    with ThreadPoolExecutor(max_workers=40) as pool:
        statuses = list(pool.map(send, range(80)))
    assigns, queues = statuses[:40], statuses[40:]
    assert sum(s < 300 for s in assigns) == 1, assigns
    assert queues.count(201) == 1, queues
    assert all(400 <= s < 500 for s in statuses if s >= 300), statuses
    winner = users[next(i for i, s in enumerate(assigns) if s < 300)]["id"]
    for host in ("a", "b"):
        with _client(hosts[host], token) as c:
            got = c.get(f"{NM}/{free['id']}").json()
            assert [x["assigned_to_id"] for x in got["assigned_list"]] == [winner]
    engine = make_engine(hosts["url"])
    try:
        with engine.connect() as conn:
            dupes = conn.execute(
                select(t.extensions.c.account_id, t.extensions.c.extension_number, func.count())
                .where(t.extensions.c.extension_number.is_not(None))
                .group_by(t.extensions.c.account_id, t.extensions.c.extension_number).having(func.count() > 1)
            ).all()
            holders = conn.execute(select(t.phone_numbers.c.assignee_id)
                                   .where(t.phone_numbers.c.id == free["id"])).scalar_one()
    finally:
        engine.dispose()
    assert dupes == [] and holders == winner


def test_rate_limits_are_shared_by_the_hosts_through_redis(hosts):
    if not hosts["redis"]:
        pytest.skip("no Redis: counters are per process")
    token = hosts["token"]
    # A fresh account limit of 4 LIGHT requests a second, set through the admin API of host A.
    account = hosts["creds"]["account_id"]
    r = httpx.patch(f"{hosts['a'].base}/_phonestack/accounts/{account}", json={"options": {"rate_limits": {"LIGHT": 4}}})
    assert r.status_code == 200, r.text
    try:
        time.sleep(1.1)  # each host re-reads an app's account options at most a second old (APP_CACHE_TTL)
        with _client(hosts["a"], token) as a, _client(hosts["b"], token) as b:
            a.get("/phone/sites")  # open both connections before the window starts
            b.get("/phone/sites")
            time.sleep(1.02 - (time.time() % 1))
            started = time.time()
            statuses = [(a if i % 2 == 0 else b).get(NM, params={"page_size": 1}).status_code for i in range(10)]
        if int(time.time()) != int(started):
            pytest.skip("the burst crossed a one-second window (machine too slow)")
        assert statuses.count(200) == 4 and statuses.count(429) == 6, statuses
    finally:
        httpx.patch(f"{hosts['a'].base}/_phonestack/accounts/{account}", json={"options": {"rate_limits": "off"}})


def test_concurrent_first_role_reads_through_both_hosts_create_the_default_roles_once(hosts):
    """Zoom's default phone roles are created by an account's first roles request. Many first
    requests at once, through both hosts, leave one set: the ids they answered are the ones kept."""
    acct = httpx.post(f"{hosts['a'].base}/_phonestack/accounts", json={"name": "Roles Race"}).json()
    token = httpx.post(f"{hosts['a'].base}/oauth/token", params={"grant_type": "account_credentials",
                                                                  "account_id": acct["account_id"]},
                       auth=(acct["client_id"], acct["client_secret"])).json()["access_token"]

    def first_read(i: int) -> list[str]:
        with _client(hosts["a"] if i % 2 == 0 else hosts["b"], token) as c:
            r = c.get("/phone/roles")
            assert r.status_code == 200, r.text
            return sorted(role["id"] for role in r.json()["roles"])

    with ThreadPoolExecutor(max_workers=16) as pool:
        answers = list(pool.map(first_read, range(16)))
    assert len(answers[0]) == 8 and all(a == answers[0] for a in answers), answers
    engine = make_engine(hosts["url"])
    try:
        with engine.connect() as conn:
            stored = conn.execute(select(t.phone_items.c.id).where(
                t.phone_items.c.owner_id == acct["account_id"], t.phone_items.c.kind == "phone_role")).scalars().all()
    finally:
        engine.dispose()
    assert sorted(stored) == answers[0]
