"""Rate limits: per account, by plan and label, with Zoom's headers and 429 messages."""

from __future__ import annotations

import time

import httpx
import pytest

from phonestack.http.errors import ApiError
from phonestack.http.ratelimit import DAILY_MESSAGE, PER_SECOND_MESSAGE, RateLimiter

NUMBERS = "/accounts/me/number_management/numbers"


def _client(server, api, rate_limits):  # noqa: ANN001, ANN202
    r = httpx.post(f"{server.base}/_phonestack/accounts",
                   json={"name": "Limited", "options": {"rate_limits": rate_limits}})
    assert r.status_code == 201, r.text
    acct = r.json()
    token = server.token(acct["account_id"], acct["client_id"], acct["client_secret"])
    return type(api)(server, token, acct["account_id"])


def _burst(client, n: int) -> list[httpx.Response]:  # noqa: ANN001
    """n requests inside one second (retried when the burst straddles a second boundary)."""
    for _ in range(5):
        t0 = time.time()
        responses = [client.get(NUMBERS) for _ in range(n)]
        if int(time.time()) == int(t0):
            return responses
        time.sleep(1.05 - (time.time() % 1))  # the counts of this second are spent: wait it out
    pytest.fail("could not fit the burst into one second")


def test_off_by_default_no_headers(api):
    r = api.get(NUMBERS)
    assert r.status_code == 200
    assert "x-ratelimit-limit" not in r.headers


def test_per_second_limit_headers_and_429(server, api):
    with _client(server, api, {"LIGHT": 3}) as client:
        time.sleep(1.02 - (time.time() % 1))  # start at the beginning of a second
        rs = _burst(client, 4)
    assert [r.status_code for r in rs] == [200, 200, 200, 429]
    assert [r.headers["x-ratelimit-remaining"] for r in rs[:3]] == ["2", "1", "0"]
    assert rs[0].headers["x-ratelimit-category"] == "Light"
    assert rs[0].headers["x-ratelimit-type"] == "QPS"
    assert rs[0].headers["x-ratelimit-limit"] == "3"
    limited = rs[3]
    assert limited.json() == {"code": 429, "message": PER_SECOND_MESSAGE}
    assert limited.headers["retry-after"] == "1"
    assert limited.headers["x-ratelimit-remaining"] == "0"
    # the demo account (no limits) is not affected by another account's counts
    assert api.get(NUMBERS).status_code == 200


def test_daily_limit_is_shared_by_heavy_operations(server, api):
    with _client(server, api, {"DAILY": 2}) as client:
        body = {"numbers": ["nope"], "allocated_product": "ZOOM_PHONE"}  # HEAVY; fails, still counts
        statuses = [client.patch("/accounts/me/number_management/allocation", json=body) for _ in range(3)]
    assert [r.status_code for r in statuses[:2]] == [400, 400]
    assert statuses[0].headers["x-ratelimit-daily-remaining"] == "1"
    assert statuses[2].status_code == 429
    assert statuses[2].json() == {"code": 429, "message": DAILY_MESSAGE}
    assert statuses[2].headers["x-ratelimit-type"] == "Daily-limit"
    assert int(statuses[2].headers["retry-after"]) > 1


def test_documented_figures_by_plan():
    limiter = RateLimiter("zoom")
    assert limiter.figures("pro", None)["LIGHT"] == (20, 1)
    assert limiter.figures("business", None)["MEDIUM"] == (20, 1)
    assert limiter.figures("business", None)["RESOURCE-INTENSIVE"] == (10, 60)
    assert limiter.figures("pro", None)["DAILY"] == (15_000, 86_400)
    assert limiter.figures("pro", "off") is None
    assert RateLimiter("off").figures("pro", {"HEAVY": 1})["HEAVY"] == (1, 1)
    with pytest.raises(ValueError):
        RateLimiter({"LIGHTS": 3})


def test_unreachable_redis_falls_back_to_per_process_counting():
    """Rate limiting must not take the API down with Redis: while Redis cannot be reached the
    worker counts on its own and still answers the limit and the 429."""
    pytest.importorskip("redis")
    limiter = RateLimiter({"LIGHT": 2}, redis_url="redis://127.0.0.1:1/0")  # nothing listens on port 1
    now = 1_700_000_000.25
    headers = dict(limiter.check("acct", "business", None, "LIGHT", now=now))
    assert headers[b"x-ratelimit-remaining"] == b"1"
    limiter.check("acct", "business", None, "LIGHT", now=now)
    with pytest.raises(ApiError) as refused:
        limiter.check("acct", "business", None, "LIGHT", now=now)
    assert refused.value.status == 429 and refused.value.message == PER_SECOND_MESSAGE
