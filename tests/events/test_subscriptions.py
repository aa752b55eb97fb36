"""Event subscriptions through the admin API: create, endpoint URL validation, update, delete."""

from __future__ import annotations

import hashlib
import hmac
import re
from pathlib import Path

import httpx
from wh_helpers import CNAM, Receiver, subscribe, verify

from phonestack.events import catalog


def test_subscribe_validates_the_endpoint(server, demo, receiver):
    sub = subscribe(server.base, receiver, [CNAM], client_id=demo["client_id"])
    assert sub["validated"] is True and sub["validation_error"] is None and sub["validated_at"]
    assert sub["account_id"] == demo["account_id"] and sub["client_id"] == demo["client_id"]
    assert sub["events"] == [CNAM] and sub["enabled"] is True and sub["secret_token"] == receiver.secret
    # the handshake, as Zoom sends it: signed too
    (check,) = receiver.requests
    body = check.json
    assert body["event"] == "endpoint.url_validation" and isinstance(body["event_ts"], int)
    assert set(body) == {"event", "event_ts", "payload"} and set(body["payload"]) == {"plainToken"}
    verify(check, receiver.secret)
    # listed, one by one and per account / app
    base = f"{server.base}/_phonestack/webhooks"
    assert httpx.get(f"{base}/{sub['id']}").json() == sub
    assert [s["id"] for s in httpx.get(base).json()["subscriptions"]] == [sub["id"]]
    assert [s["id"] for s in httpx.get(base, params={"client_id": demo["client_id"]}).json()["subscriptions"]] == [
        sub["id"]]
    assert httpx.get(base, params={"account_id": demo["sub_account_id"]}).json()["subscriptions"] == []


def test_a_generated_secret_token_and_the_account_s_first_app(server, demo, receiver):
    r = httpx.post(f"{server.base}/_phonestack/webhooks",
                   json={"url": receiver.url, "events": ["*"], "account_id": demo["account_id"], "validate": False})
    assert r.status_code == 201, r.text
    sub = r.json()
    assert len(sub["secret_token"]) >= 16 and sub["client_id"] == demo["client_id"]
    assert sub["validated"] is False and receiver.requests == []  # validate: false sends nothing


def test_validation_failures_are_recorded(server, demo):
    wrong = Receiver(validation="wrong").start()
    failing = Receiver(validation="500").start()
    try:
        sub = subscribe(server.base, wrong, [CNAM], client_id=demo["client_id"])
        assert sub["validated"] is False and "encryptedToken" in sub["validation_error"]
        sub2 = subscribe(server.base, failing, [CNAM], client_id=demo["client_id"])
        assert sub2["validated"] is False and "500" in sub2["validation_error"]
        down = Receiver()
        down.port = 1  # nothing listens there
        sub3 = subscribe(server.base, down, [CNAM], client_id=demo["client_id"])
        assert sub3["validated"] is False and "did not answer" in sub3["validation_error"]
        # the endpoint is fixed: validate on demand
        wrong.validation = "ok"
        r = httpx.post(f"{server.base}/_phonestack/webhooks/{sub['id']}/validate", timeout=30)
        assert r.status_code == 200 and r.json()["validated"] is True and r.json()["validation_error"] is None
    finally:
        wrong.stop()
        failing.stop()


def test_update_revalidates_a_new_url_or_secret(server, demo, receiver):
    sub = subscribe(server.base, receiver, [CNAM], client_id=demo["client_id"])
    url = f"{server.base}/_phonestack/webhooks/{sub['id']}"
    # events and enabled: no new validation
    r = httpx.patch(url, json={"events": [CNAM, "phone.recording_completed"], "enabled": False})
    assert r.status_code == 200 and r.json()["validated"] is True and r.json()["enabled"] is False
    assert len(receiver.requests) == 1
    # a new secret the receiver does not know: validation fails
    r = httpx.patch(url, json={"secret_token": "a-new-secret", "enabled": True}, timeout=30)
    assert r.status_code == 200 and r.json()["validated"] is False
    assert len(receiver.requests) == 2
    receiver.secret = "a-new-secret"
    assert httpx.post(f"{url}/validate", timeout=30).json()["validated"] is True
    # errors
    assert httpx.patch(url, json={"events": ["phone.no_such_event"]}).status_code == 400
    assert httpx.patch(url, json={"url": "ftp://example.com"}).status_code == 400
    assert httpx.patch(url, json={"enabled": "yes"}).status_code == 400
    # delete
    assert httpx.delete(url).status_code == 204
    assert httpx.get(url).status_code == 404
    assert httpx.delete(url).status_code == 404
    assert httpx.patch(url, json={"enabled": True}).status_code == 404


def test_create_errors(server, demo, receiver):
    base = f"{server.base}/_phonestack/webhooks"

    def post(**body):  # noqa: ANN003, ANN202
        return httpx.post(base, json={"url": receiver.url, "events": [CNAM], "client_id": demo["client_id"], **body})

    r = post(events=["phone.user_created"])
    assert r.status_code == 400 and "phone.user_created" in r.json()["message"]
    assert post(events=[]).status_code == 400
    assert post(url="not a url").status_code == 400
    assert post(client_id="nobody").status_code == 404
    assert httpx.post(base, json={"url": receiver.url, "events": [CNAM]}).status_code == 400  # which app?
    assert httpx.post(base, content=b"[1]").status_code == 400
    assert post(secret_token="").status_code == 400
    assert httpx.get(f"{base}/nope").status_code == 404
    assert httpx.get(f"{base}/deliveries/nope").status_code == 404
    assert httpx.get(f"{base}/deliveries", params={"status": "lost"}).status_code == 400


def test_the_event_catalog(server, demo):
    events = httpx.get(f"{server.base}/_phonestack/webhooks/events").json()["events"]
    names = {e["name"] for e in events}
    assert {"number_management.peering_number_cnam_updated",
            "number_management.peering_number_emergency_address_updated",
            "phone.callee_ended", "phone.recording_completed", "phone.device_registration"} <= names
    assert all(re.fullmatch(r"(phone|number_management|user)\.[a-z_]+", n) for n in names)


def test_every_emitted_name_is_in_the_catalog():
    """Areas emit catalog names only: a quoted event-like name anywhere in the sources must be
    a catalog name (a name that is not is refused at run time)."""
    src = Path(__file__).resolve().parents[2] / "src" / "phonestack"
    found = set()
    for path in src.rglob("*.py"):
        if "events" in path.parts or "spec" in path.parts:
            continue
        found |= {(m, path.name) for m in re.findall(r"[\"']((?:phone|number_management|user)\.[a-z_]+)[\"']",
                                                     path.read_text())}
    assert found, "the Number Management provider emits events"
    unknown = sorted((n, f) for n, f in found if not catalog.is_event(n))
    assert not unknown, f"emitted names that are not in events/catalog.py: {unknown}"


def test_reset_removes_subscriptions(server, demo, receiver):
    subscribe(server.base, receiver, [CNAM], client_id=demo["client_id"])
    server.reset("demo")
    assert httpx.get(f"{server.base}/_phonestack/webhooks").json()["subscriptions"] == []


def test_validation_token_helper_matches_zoom_s_formula():
    from phonestack.events import signing

    assert signing.encrypted_token("s3cret", "abc") == hmac.new(b"s3cret", b"abc", hashlib.sha256).hexdigest()
