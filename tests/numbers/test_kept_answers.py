"""Kept answers (http/answers.py): List phone numbers is answered from memory while the database
is unchanged, and made anew after any commit, whoever commits (the API, another connection,
another host: tests/platform/test_scale_out.py). The freshness of every view after writes is
tests/numbers/test_number_views_fresh.py."""

from __future__ import annotations

import asyncio
import os
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import orjson
import pytest
from sqlalchemy import create_engine, text

from phonestack.http import answers
from phonestack.http import app as app_module
from phonestack.http.answers import AnswerCache, configured

NM = "/accounts/me/number_management/numbers"
SHARED_CLUSTER = pytest.mark.skipif(
    bool(os.environ.get("PHONESTACK_TEST_DATABASE_URL")),
    reason="the suite's workers share one PostgreSQL cluster: their writes make a new snapshot at any time")


def _page(api) -> dict:  # noqa: ANN001
    r = api.get(NM, params={"page_size": 5})
    assert r.status_code == 200, r.text
    return r.json()


@SHARED_CLUSTER
def test_an_unchanged_database_answers_the_kept_page_and_any_commit_ends_it(server, api):
    first = _page(api)
    time.sleep(1.1)  # a page made now would carry a page token with a later expiry
    assert _page(api) == first  # the kept answer, token and all
    # A commit that touches no number still ends it: the database says it changed, not the code.
    site_id = api.get("/phone/sites").json()["sites"][0]["id"]
    r = api.post("/phone/call_queues", json={"name": "Unrelated Queue", "site_id": site_id})
    assert r.status_code == 201, r.text
    again = _page(api)
    assert again["next_page_token"] != first["next_page_token"]
    assert again["numbers"] == first["numbers"]
    # So does a commit by another connection, as a database client's.
    engine = create_engine(server.database_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("UPDATE phone_numbers SET display_name = 'Kept no more' WHERE id = :n"),
                         {"n": first["numbers"][0]["id"]})
    finally:
        engine.dispose()
    assert _page(api)["numbers"][0]["display_name"] == "Kept no more"


@SHARED_CLUSTER
def test_a_kept_answer_ages_out(api, monkeypatch):
    monkeypatch.setattr(answers, "TTL", 0.5)
    first = _page(api)
    time.sleep(1.1)
    assert _page(api)["next_page_token"] != first["next_page_token"]


def test_answers_are_kept_per_account_and_per_query(api, demo):
    master = _page(api)
    sub_path = f"/accounts/{demo['sub_account_id']}/number_management/numbers"
    sub = api.get(sub_path, params={"page_size": 5}).json()
    assert sub["numbers"] and {n["id"] for n in master["numbers"]}.isdisjoint({n["id"] for n in sub["numbers"]})
    assert _page(api)["numbers"] == master["numbers"]  # not the sub account's, kept just before
    # The same account named by id rather than "me", and another page size: answered for what they ask.
    by_id = api.get(f"/accounts/{api.account_id}/number_management/numbers", params={"page_size": 5}).json()
    assert by_id["numbers"] == master["numbers"]
    assert [n["id"] for n in api.get(NM, params={"page_size": 2}).json()["numbers"]] == [
        n["id"] for n in master["numbers"][:2]]
    # A page token of the sub account's list is not the master's, kept answer or not.
    r = api.get(NM, params={"page_size": 5, "next_page_token": sub["next_page_token"]})
    assert r.status_code == 400, r.text
    assert api.get(sub_path, params={"page_size": 5, "next_page_token": sub["next_page_token"]}).status_code == 200


def test_an_in_memory_database_sees_its_own_writes():
    """``sqlite://`` is one connection shared by reads and writes: nothing is kept (its own
    commits do not change its data_version) and its reads are not made read-only."""
    from phonestack.http.app import Server
    from phonestack.seed import demo_credentials, reset
    from phonestack.store.db import make_engine

    engine = make_engine("sqlite://")
    server = Server(engine)
    reset(engine, "demo")
    with engine.connect() as conn:
        creds = demo_credentials(conn)

    async def run() -> None:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=server), base_url="http://test") as c:
            r = await c.post("/oauth/token", params={"grant_type": "account_credentials",
                                                     "account_id": creds["account_id"]},
                             auth=(creds["client_id"], creds["client_secret"]))
            assert r.status_code == 200, r.text
            c.headers["Authorization"] = f"Bearer {r.json()['access_token']}"
            first = (await c.get(f"/v2{NM}", params={"page_size": 1})).json()["numbers"][0]
            r = await c.patch(f"/v2{NM}/{first['id']}", content=orjson.dumps({"display_name": "In memory"}))
            assert r.status_code == 204, r.text
            again = (await c.get(f"/v2{NM}", params={"page_size": 1})).json()["numbers"][0]
            assert again["id"] == first["id"] and again["display_name"] == "In memory"

    try:
        with ThreadPoolExecutor(1) as pool:  # a loop of its own, whatever the test process runs
            pool.submit(asyncio.run, run()).result()
    finally:
        server.dispatcher.stop()
        engine.dispose()


def test_the_cache_keeps_its_size_and_leaves_out_what_it_cannot_check():
    cache = AnswerCache(max_bytes=400)
    for i in range(5):  # 450 bytes in all
        cache.put(("k", i), 1, (200, [], b"x" * 90))
    assert cache.get(("k", 0), 1) is None  # the oldest made room
    assert [cache.get(("k", i), 1) is not None for i in (1, 2, 3, 4)] == [True, True, True, True]
    assert cache.get(("k", 3), 2) is None  # another database state
    cache.put(("big", 0), 1, (200, [], b"x" * 101))  # over a quarter of the cache: not kept
    assert cache.get(("big", 0), 1) is None
    cache.put(("none", 0), None, (200, [], b"x"))  # no database state to check against: not kept
    assert cache.get(("none", 0), None) is None
    assert not AnswerCache(max_bytes=0).enabled


@pytest.mark.parametrize(("mode", "dialect", "shared", "kept", "adaptive"), [
    ("auto", "sqlite", False, True, False), ("auto", "postgresql", False, True, True),
    ("", "postgresql", False, True, True), ("on", "postgresql", False, True, False),
    ("ON", "sqlite", False, True, False), ("adaptive", "sqlite", False, True, True),
    ("off", "sqlite", False, False, False), ("off", "postgresql", False, False, False),
    ("on", "sqlite", True, False, False),  # in-memory SQLite: never
])
def test_kept_answers_are_on_where_the_setting_and_the_database_allow(monkeypatch, mode, dialect, shared, kept,
                                                                      adaptive):
    monkeypatch.setenv("PHONESTACK_KEPT_ANSWERS", mode)
    monkeypatch.setenv("PHONESTACK_KEPT_ANSWERS_MB", "2")
    cache = configured(dialect, shared)
    assert cache.enabled is kept
    assert cache.max_bytes == (2 * 1024 * 1024 if kept else 0)
    assert cache.adaptive is adaptive


def test_adaptive_verdicts_weigh_what_the_hits_saved_against_what_the_checks_cost(monkeypatch):
    monkeypatch.setattr(answers, "WINDOW", 4)
    cache = AnswerCache(max_bytes=10_000, adaptive=True)
    cache.put(("kept",), 1, (200, [], b"x"))
    probes: list[int] = []

    def probe() -> int:
        probes.append(1)
        return 1

    def check(key: str):  # noqa: ANN202
        return cache.check("op", (key,), probe)[1]

    for _ in range(4):  # a window of hits, no answer made yet to measure: they paid
        assert check("kept") is not None
    assert check("kept") is not None  # window 2: one hit (of an answer that takes 1 s to make) ...
    for _ in range(3):  # ... and three misses
        assert check("new") is None
        cache.made("op", 1.0)
    for _ in range(4):  # still checking: window 3, misses only, answers made in a nanosecond
        assert check("new") is None
        cache.made("op", 1e-9)
    before = len(probes)
    assert cache.check("op", ("kept",), probe) == (None, None)  # paused: not even checked
    assert len(probes) == before
    assert AnswerCache(max_bytes=10_000).check("op", ("kept",), probe) == (1, None)  # not adaptive: always


@SHARED_CLUSTER
def test_adaptive_stops_checking_where_the_checks_do_not_pay_and_tries_again(server, api, monkeypatch):
    """Adaptive mode (PostgreSQL's default): a window of checks that found nothing kept (a commit
    before every read) pauses the operation's checks, so an unchanged database is read anew
    meanwhile; after the pause it checks and keeps again, and a window of hits goes on."""
    monkeypatch.setattr(answers, "WINDOW", 10)
    monkeypatch.setattr(answers, "PAUSE_MIN", 3.0)
    monkeypatch.setattr(server.app, "kept_answers", AnswerCache(server.app.kept_answers.max_bytes, adaptive=True))
    number_id = _page(api)["numbers"][0]["id"]
    for i in range(10):  # a write before each read: every check misses
        assert api.patch(f"{NM}/{number_id}", json={"display_name": f"Churn {i}"}).status_code == 204
        assert _page(api)["numbers"][0]["display_name"] == f"Churn {i}"
    paused_at = time.monotonic()
    first = _page(api)
    time.sleep(1.1)
    second = _page(api)
    assert time.monotonic() - paused_at < 3.0, "too slow to see the pause"
    assert second["numbers"] == first["numbers"]
    assert second["next_page_token"] != first["next_page_token"]  # made anew: a later expiry

    time.sleep(max(0.0, 3.2 - (time.monotonic() - paused_at)))
    first = _page(api)  # checks again: made and kept
    time.sleep(1.1)
    for _ in range(12):  # a window of hits, and on past its verdict
        assert _page(api) == first


@pytest.mark.parametrize(("name", "value"), [("PHONESTACK_KEPT_ANSWERS", "sometimes"),
                                             ("PHONESTACK_KEPT_ANSWERS_MB", "lots")])
def test_a_bad_kept_answers_setting_stops_the_start(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(ValueError, match=name):
        configured("sqlite", False)


# --- the front door: a request seen before, answered before routing (Server._front_door) ---------

def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _new_account(raw, server, **options):  # noqa: ANN001, ANN003, ANN202
    r = raw.post("/_phonestack/accounts", json={"name": "Front door", "options": options})
    assert r.status_code == 201, r.text
    acct = r.json()
    return acct, server.token(acct["account_id"], acct["client_id"], acct["client_secret"])


def test_the_front_door_is_per_token_and_scopes_still_hold(server, api, raw):
    kept = _page(api)
    assert _page(api)["numbers"] == kept["numbers"]  # filed at the front door for this token
    # Another app of the same account, without the numbers scopes: the same request, refused.
    r = raw.post("/_phonestack/apps", json={"account_id": api.account_id, "scopes": ["phone:read:admin"]})
    assert r.status_code == 201, r.text
    app = r.json()
    narrow = server.token(api.account_id, app["client_id"], app["client_secret"])
    for _ in range(2):
        r = raw.get(f"/v2{NM}", params={"page_size": 5}, headers=_bearer(narrow))
        assert r.status_code == 400, r.text
        assert r.json()["code"] == 4700
    assert raw.get("/v2/phone/sites", headers=_bearer(narrow)).status_code == 200
    # Another account's token on the same path and query: its own numbers, not the kept page.
    acct, token = _new_account(raw, server)
    for _ in range(2):
        r = raw.get(f"/v2{NM}", params={"page_size": 5}, headers=_bearer(token))
        assert r.status_code == 200, r.text
        assert r.json()["numbers"] == [] and r.json()["total_records"] == 0
    # A revoked token is refused at the front door as anywhere.
    assert raw.post(f"/_phonestack/apps/{app['app_id']}/revoke_tokens").status_code == 200
    assert raw.get(f"/v2{NM}", params={"page_size": 5}, headers=_bearer(narrow)).json()["code"] == 124
    assert _page(api)["numbers"] == kept["numbers"]


def test_a_request_is_counted_once_by_the_rate_limiter_and_logged_whichever_way_it_goes(server, raw, demo):
    acct, token = _new_account(raw, server, rate_limits={"LIGHT": 3})
    engine = create_engine(server.database_url)
    try:
        for _ in range(5):
            time.sleep(1.02 - (time.time() % 1))  # the burst inside one second of the limiter
            t0 = time.time()
            first = raw.get(f"/v2{NM}", headers=_bearer(token))  # made and kept
            with engine.begin() as conn:  # any commit: the next request finds the kept answer out of date
                conn.execute(text("UPDATE phone_numbers SET display_name = 'Front door' "
                                  "WHERE pk = (SELECT min(pk) FROM phone_numbers)"))
            rest = [raw.get(f"/v2{NM}", headers=_bearer(token)) for _ in range(3)]  # anew, then kept twice
            if int(time.time()) == int(t0):
                break
    finally:
        engine.dispose()
    rs = [first, *rest]
    assert [r.status_code for r in rs] == [200, 200, 200, 429]
    assert [r.headers["x-ratelimit-remaining"] for r in rs] == ["2", "1", "0", "0"]
    assert rs[2].content == rs[1].content  # the kept answer, with its own rate-limit headers
    r = raw.get("/_phonestack/activity", params={"limit": 4}, headers=_bearer(token))
    assert r.status_code == 200, r.text
    logged = r.json()["requests"]
    assert [(e["operation_id"], e["path"], e["status"]) for e in logged] == [
        ("listNumberManagementPhoneNumbers", NM, status) for status in (429, 200, 200, 200)]


def test_what_is_kept_holds_its_length_not_orjsons_buffer():
    """orjson's bytes keep its whole output buffer (4 KB at least): what the caches keep is copied
    to its length (store.fast.right_sized)."""
    import gc
    import tracemalloc

    from phonestack.store.fast import RenderCache, right_sized

    small = {"id": "x" * 22, "number": "+14155550100"}
    assert right_sized(orjson.dumps(small)) == orjson.dumps(small)
    cache = RenderCache(lambda row: {**small, "pk": row[0]}, size=2000)
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        cache.render([(i,) for i in range(1000)], lambda row: row)
        kept = AnswerCache(max_bytes=10_000_000)
        for i in range(1000):
            kept.put(("k", i), 1, (200, [], orjson.dumps({**small, "pk": i})))
        used = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert used < 2000 * 400, used  # 2,000 objects of ~70 bytes; orjson's buffers would be 8 MB


def test_a_sub_account_gone_between_its_resolution_and_the_read_is_not_answered(server, api, raw, demo, monkeypatch):
    """The race, made certain: the sub account is resolved (as it was a moment before) but has
    been disassociated by the time the read's state is taken. Nothing is kept for it: 2001."""
    sub_path = f"/accounts/{demo['sub_account_id']}/number_management/numbers"
    assert api.get(sub_path, params={"page_size": 5}).status_code == 200
    assert raw.delete(f"/_phonestack/accounts/{demo['sub_account_id']}").status_code in (200, 204)
    monkeypatch.setattr(server.app, "resolve_account", lambda principal, account_id: account_id)
    # Requests not seen before go the long way (an error files no door); the one seen before is
    # made anew at the front door, which resolves no account: both check it again.
    for params in ({"page_size": 7}, {"page_size": 7}, {"page_size": 5}):
        r = api.get(sub_path, params=params)
        assert r.status_code in (400, 404), r.text
        assert r.json() == {"code": 2001, "message": "Account does not exist."}


# --- made anew at the front door: a request seen before, after the database changed ----------

def _commit(server, sql: str, **params) -> None:  # noqa: ANN001, ANN003
    """A commit by another connection, as a database client's."""
    engine = create_engine(server.database_url)
    try:
        with engine.begin() as conn:
            conn.execute(text(sql), params)
    finally:
        engine.dispose()


def _no_long_way(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
    """In place of the long way's header parsing (``app.header_map``): a request that goes the
    long way answers 500."""
    raise AssertionError("the request went the long way")


@pytest.mark.parametrize("keeping", ["kept answers on", "kept answers off"])
def test_a_request_seen_before_is_made_anew_at_the_front_door_after_a_commit(server, api, monkeypatch, keeping):
    if keeping.endswith("off"):  # the door is filed whether answers are kept or not
        monkeypatch.setattr(server.app, "kept_answers", AnswerCache(max_bytes=0))
    page = _page(api)
    number_id = page["numbers"][0]["id"]
    one = api.get(f"{NM}/{number_id}").json()
    assert one["id"] == number_id
    _commit(server, "UPDATE phone_numbers SET display_name = 'Made at the door' WHERE id = :n", n=number_id)
    monkeypatch.setattr(app_module, "header_map", _no_long_way)  # from here on, the door or a 500
    again = _page(api)
    assert again["numbers"][0]["display_name"] == "Made at the door"
    assert [n["id"] for n in again["numbers"]] == [n["id"] for n in page["numbers"]]
    assert again["total_records"] == page["total_records"]
    fresh = api.get(f"{NM}/{number_id}").json()
    assert fresh == {**one, "display_name": "Made at the door"}
    # The page token the door made is one the long way takes.
    monkeypatch.undo()
    r = api.get(NM, params={"page_size": 5, "next_page_token": again["next_page_token"]})
    assert r.status_code == 200, r.text
    assert r.json()["numbers"][0]["id"] not in {n["id"] for n in page["numbers"]}


def test_an_error_made_at_the_front_door_is_the_long_ways(server, api, raw, monkeypatch):
    """A number deleted after its Get was filed: the door's answer is the very error (status,
    code, message, rate-limit headers) that the same Get by another path answers."""
    r = raw.patch(f"/_phonestack/accounts/{api.account_id}", json={"options": {"rate_limits": {"LIGHT": 1000}}})
    assert r.status_code == 200, r.text
    number_id = _page(api)["numbers"][-1]["id"]
    assert api.get(f"{NM}/{number_id}").status_code == 200  # filed
    _commit(server, "DELETE FROM phone_numbers WHERE id = :n", n=number_id)
    with monkeypatch.context() as m:
        m.setattr(app_module, "header_map", _no_long_way)
        at_door = api.get(f"{NM}/{number_id}")
    long_way = api.get(f"/accounts/{api.account_id}/number_management/numbers/{number_id}")
    assert at_door.status_code == long_way.status_code == 404, at_door.text
    assert at_door.json() == long_way.json() == {"code": 100002, "message": "Phone number not found"}
    limit_headers = {k for k in long_way.headers if k.startswith("x-ratelimit")}
    assert limit_headers and limit_headers <= set(at_door.headers)


def test_a_sub_account_gone_since_its_request_was_filed_is_not_made_at_the_front_door(server, api, demo, monkeypatch):
    sub_path = f"/accounts/{demo['sub_account_id']}/number_management/numbers"
    assert api.get(sub_path, params={"page_size": 5}).json()["numbers"]  # filed
    # Closed by a database client: the caller's token (its Principal) is the same as when filed.
    _commit(server, "UPDATE accounts SET status = 'closed' WHERE id = :a", a=demo["sub_account_id"])
    monkeypatch.setattr(app_module, "header_map", _no_long_way)
    r = api.get(sub_path, params={"page_size": 5})
    assert r.status_code in (400, 404), r.text
    assert r.json() == {"code": 2001, "message": "Account does not exist."}
