"""The compiled request validators are kept on disk (http/validation.py): the first start writes
them from a background thread, the next loads them; a damaged file is ignored. Either way,
requests are validated the same (checked through HTTP by every other test; here, the files)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from phonestack import spec
from phonestack.http import validation
from phonestack.testing.server import free_port, wait_healthy


def _serve(tmp_path: Path, cache: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "PHONESTACK_DATABASE_URL": f"sqlite:///{tmp_path / 'v.db'}",
           "PHONESTACK_CACHE_DIR": str(cache)}
    env.pop("PHONESTACK_TEST_DATABASE_URL", None)
    proc = subprocess.Popen([sys.executable, "-m", "phonestack.cli", "serve", "--port", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    wait_healthy(base, proc, timeout=60)
    return proc, base


def _invalid_request(base: str) -> httpx.Response:
    creds = httpx.get(f"{base}/_phonestack/demo").json()
    token = httpx.post(f"{base}/oauth/token", params={"grant_type": "account_credentials",
                                                       "account_id": creds["account_id"]},
                       auth=(creds["client_id"], creds["client_secret"])).json()["access_token"]
    return httpx.get(f"{base}/v2/accounts/me/number_management/numbers", params={"page_size": "many"},
                     headers={"Authorization": f"Bearer {token}"})


def test_first_start_writes_the_cache_and_the_next_loads_it(tmp_path):
    cache = tmp_path / "cache"
    expected = cache / validation.cache_file(spec.document_bytes()).name
    proc, base = _serve(tmp_path, cache)
    try:
        deadline = time.monotonic() + 60
        while not expected.exists():
            assert time.monotonic() < deadline, "the validator cache was not written"
            time.sleep(0.2)
        r = _invalid_request(base)
        assert r.status_code == 400 and r.json()["code"] == 300, r.text
    finally:
        proc.terminate()
        proc.wait(15)
    written = expected.stat().st_mtime_ns
    assert [p.name for p in cache.iterdir()] == [expected.name]  # no temporary file left behind

    proc, base = _serve(tmp_path, cache)  # loads it: validation answers the same
    try:
        r = _invalid_request(base)
        assert r.status_code == 400 and r.json()["code"] == 300, r.text
    finally:
        proc.terminate()
        proc.wait(15)
    assert expected.stat().st_mtime_ns == written  # loaded, not rewritten


def test_a_damaged_cache_file_is_ignored(tmp_path):
    path = tmp_path / "validators-damaged.marshal"
    path.write_bytes(b"\x00not marshal data")
    assert validation.load_cache(path) is False
    assert validation.load_cache(tmp_path / "missing.marshal") is False
