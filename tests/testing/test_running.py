"""``phonestack.running()``: the context manager for any test framework."""

from __future__ import annotations

import os

import httpx
import pytest

import phonestack
from phonestack.testing.server import free_port


def test_fixed_port_and_credentials_without_leaking_env() -> None:
    before = {k: v for k, v in os.environ.items() if k.startswith("PHONESTACK_DEMO_")}
    port = free_port()
    with phonestack.running(port=port, account_id="acct_1", client_id="client_1",
                            client_secret="secret_1") as zoom:
        assert zoom.url == f"http://127.0.0.1:{port}"
        assert zoom.base_url == f"http://127.0.0.1:{port}/v2"
        assert zoom.oauth_url == f"http://127.0.0.1:{port}/oauth/token"
        assert (zoom.account_id, zoom.client_id, zoom.client_secret) == ("acct_1", "client_1", "secret_1")
        assert {k: v for k, v in os.environ.items() if k.startswith("PHONESTACK_DEMO_")} == before
        r = httpx.post(zoom.oauth_url, params={"grant_type": "account_credentials", "account_id": "acct_1"},
                       auth=("client_1", "secret_1"))
        assert r.status_code == 200, r.text
        token = r.json()["access_token"]
        r = httpx.get(f"{zoom.base_url}/accounts/me/number_management/numbers",
                      headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 200, r.text
        # the credentials survive a reset
        zoom.reset()
        assert (zoom.account_id, zoom.client_id, zoom.client_secret) == ("acct_1", "client_1", "secret_1")
        assert zoom.requests == []
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{port}/_phonestack/health", timeout=1)


def test_empty_seed_and_clear_requests() -> None:
    with phonestack.running(seed="empty") as zoom:
        assert zoom.account_id is None and zoom.token is None
        r = httpx.get(f"{zoom.url}/_phonestack/health")
        assert r.status_code == 200
        assert [(q.method, q.path, q.status) for q in zoom.requests] == [("GET", "/_phonestack/health", 200)]
        zoom.clear_requests()
        assert zoom.requests == []
        zoom.reset("demo")
        assert zoom.account_id and zoom.token
        r = httpx.get(f"{zoom.base_url}/accounts/me/number_management/numbers?page_size=5", headers=zoom.headers)
        assert r.status_code == 200
        assert zoom.requests[-1].query == "page_size=5"


def test_port_in_use_is_an_error() -> None:
    with phonestack.running() as zoom, pytest.raises(OSError), phonestack.running(port=zoom.port):
        pass


def test_bad_seed() -> None:
    with pytest.raises(ValueError), phonestack.running(seed="nope"):
        pass


def test_webhooks_lists_the_deliveries_of_a_change() -> None:
    with phonestack.running() as zoom:
        assert zoom.webhooks == []
        r = httpx.post(f"{zoom.url}/_phonestack/webhooks", json={
            "url": "http://127.0.0.1:9/hook", "secret_token": "s3cret", "validated": True,
            "events": ["number_management.peering_number_cnam_updated"], "client_id": zoom.client_id})
        assert r.status_code == 201, r.text
        headers = {"Authorization": f"Bearer {zoom.token}"}
        nm = f"{zoom.base_url}/accounts/me/number_management"
        peers = httpx.get(f"{nm}/numbers", params={"page_size": 100}, headers=headers).json()["numbers"]
        peer = next(n for n in peers if "carrier" in n and n["allocated_product"] == "ZOOM_PHONE")
        assert httpx.patch(f"{nm}/numbers/{peer['id']}", json={"caller_id_name": "Plugin Co"},
                           headers=headers).status_code == 204
        (d,) = zoom.webhooks
        assert d["event"] == "number_management.peering_number_cnam_updated"
        assert d["body"]["payload"]["object"]["cnam"] == "Plugin Co"
        zoom.reset()
        assert zoom.webhooks == []
