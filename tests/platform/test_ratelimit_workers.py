"""Two worker processes share one account's rate limit through Redis."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from phonestack.testing.server import free_port, wait_healthy

REDIS_URL = os.environ.get("PHONESTACK_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def two_workers(tmp_path):  # noqa: ANN201
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).flushdb()
    except redis.RedisError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    port = free_port()
    env = {**os.environ, "PHONESTACK_DATABASE_URL": f"sqlite:///{tmp_path / 'w.db'}",
           "PHONESTACK_REDIS_URL": REDIS_URL, "PHONESTACK_RATE_LIMITS": '{"LIGHT": 5}'}
    proc = subprocess.Popen([sys.executable, "-m", "phonestack.cli", "serve", "--workers", "2", "--port", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, proc)
        yield base
    finally:
        proc.terminate()
        proc.wait(15)


def test_two_workers_share_the_limit(two_workers):
    base = two_workers
    creds = httpx.get(f"{base}/_phonestack/demo").json()
    token = httpx.post(f"{base}/oauth/token", params={"grant_type": "account_credentials",
                                                      "account_id": creds["account_id"]},
                       auth=(creds["client_id"], creds["client_secret"])).json()["access_token"]

    def one(_: int) -> tuple[int, int]:
        # a new connection per request, so that both worker processes take some
        with httpx.Client(limits=httpx.Limits(max_keepalive_connections=0)) as c:
            r = c.get(f"{base}/v2/number_management/numbers", headers={"Authorization": f"Bearer {token}"})
            return r.status_code, os.getpid()

    for _ in range(5):
        time.sleep(1.02 - (time.time() % 1))
        t0 = time.time()
        with ThreadPoolExecutor(max_workers=12) as pool:
            statuses = [s for s, _ in pool.map(one, range(12))]
        if int(time.time()) == int(t0):
            break
    else:
        pytest.fail("could not fit the burst into one second")
    # 5 per second for the account, whichever of the two processes answered
    assert statuses.count(200) == 5, statuses
    assert statuses.count(429) == 7, statuses
