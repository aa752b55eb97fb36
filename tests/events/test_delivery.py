"""Events of state changes reach a real receiver: signed, retried, given up, redelivered."""

from __future__ import annotations

import time

import httpx
from wh_helpers import ADDRESS, CNAM, NM, deliveries, peering_number, subscribe, verify, wait_deliveries


def test_a_change_is_delivered_signed(server, api, demo, receiver):
    sub = subscribe(server.base, receiver, [CNAM], client_id=demo["client_id"])
    peer = peering_number(api)
    t0 = int(time.time() * 1000)
    assert api.patch(f"{NM}/numbers/{peer['id']}", json={"caller_id_name": "Acme Sales"}).status_code == 204
    (rec,) = receiver.wait_for(lambda got: len(got) >= 1)
    verify(rec, receiver.secret)
    assert rec.headers["user-agent"] == "Zoom Marketplace/1.0a"
    assert rec.headers["clientid"] == demo["client_id"]
    body = rec.json
    assert list(body) == ["event", "event_ts", "payload"]
    assert body["event"] == CNAM and t0 <= body["event_ts"] <= int(time.time() * 1000)
    assert body["payload"] == {"account_id": demo["account_id"], "object": {
        "carrier_code": 9998, "cnam": "Acme Sales", "phone_numbers": [peer["number"]]}}
    # the delivery log
    (d,) = wait_deliveries(server.base, lambda ds: ds and ds[0]["status"] == "delivered", subscription_id=sub["id"])
    assert d["event"] == CNAM and d["attempts"] == 1 and d["last_status"] == 200 and d["body"] == body
    assert d["id"] == rec.headers["x-zm-trackingid"] and d["delivered_at"] and d["next_attempt_at"] is None
    assert [h["status"] for h in d["history"]] == [200]
    one = httpx.get(f"{server.base}/_phonestack/webhooks/deliveries/{d['id']}").json()
    assert one == d


def test_only_subscribed_events_of_validated_enabled_subscriptions(server, api, demo, receiver):
    from wh_helpers import Receiver

    address_only = Receiver().start()
    unvalidated = Receiver(validation="wrong").start()
    try:
        subscribe(server.base, address_only, [ADDRESS], client_id=demo["client_id"])
        subscribe(server.base, unvalidated, [CNAM], client_id=demo["client_id"])
        off = subscribe(server.base, receiver, [CNAM], client_id=demo["client_id"], enabled=False)
        assert off["enabled"] is False
        peer = peering_number(api)
        assert api.patch(f"{NM}/numbers/{peer['id']}", json={"caller_id_name": "Nobody"}).status_code == 204
        # a failed request emits nothing
        r = api.patch(f"{NM}/numbers/{peer['id']}", json={"caller_id_name": "Other", "display_name": "x" * 40})
        assert r.status_code == 400
        time.sleep(0.5)
        assert address_only.events() == [] and unvalidated.events() == [] and receiver.events() == []
        assert deliveries(server.base) == []
        # enabled again: the next change is delivered
        httpx.patch(f"{server.base}/_phonestack/webhooks/{off['id']}", json={"enabled": True})
        assert api.patch(f"{NM}/numbers/{peer['id']}", json={"caller_id_name": "Somebody"}).status_code == 204
        (rec,) = receiver.wait_for(lambda got: len(got) == 1)
        assert rec.json["payload"]["object"]["cnam"] == "Somebody"
    finally:
        address_only.stop()
        unvalidated.stop()


def test_the_carrier_gets_its_customers_peering_events(server, api, sub_api, demo, receiver):
    """Provider-exchange events go to the carrier (the account holding carrier_code 9998, the demo
    master), also when the number is a sub account's; the customer's own subscriptions do not."""
    from wh_helpers import Receiver

    customer = Receiver().start()
    try:
        subscribe(server.base, receiver, [CNAM], client_id=demo["client_id"])
        subscribe(server.base, customer, ["*"], client_id=demo["sub_client_id"])
        prefix = f"/accounts/{demo['sub_account_id']}/number_management"
        peer = peering_number(api, prefix)
        assert api.patch(f"{prefix}/numbers/{peer['id']}", json={"caller_id_name": "Sub Co"}).status_code == 204
        (rec,) = receiver.wait_for(lambda got: len(got) == 1)
        assert rec.json["payload"] == {"account_id": demo["sub_account_id"], "object": {
            "carrier_code": 9998, "cnam": "Sub Co", "phone_numbers": [peer["number"]]}}
        time.sleep(0.3)
        assert customer.events() == []
    finally:
        customer.stop()


def test_the_emergency_address_event(server, api, demo, receiver):
    subscribe(server.base, receiver, ["*"], client_id=demo["client_id"])
    numbers = api.get(f"{NM}/numbers", params={"page_size": 100}).json()["numbers"]
    flagged = next(n for n in numbers if "carrier" in n and n.get("address_update_required"))
    assert api.patch(f"{NM}/numbers/{flagged['id']}", json={"confirm_address_update": True}).status_code == 204
    # "*": the Number Management event and its twin of Zoom Phone's document, same payload
    got = receiver.wait_for(lambda got: len(got) == 2)
    assert sorted(r.event for r in got) == [ADDRESS, "phone.peering_number_emergency_address_updated"]
    assert got[0].json["payload"] == got[1].json["payload"]
    rec = got[0]
    verify(rec, receiver.secret)
    obj = rec.json["payload"]["object"]
    assert obj["carrier_code"] == 9998 and obj["phone_numbers"] == [flagged["number"]]
    assert obj["emergency_address"]["address_line1"] == flagged["emergency_address"]["address_line1"]


def test_a_failing_receiver_gets_retries_then_succeeds(server, api, demo, receiver, fast_retries):
    receiver.statuses = [500, 503]
    sub = subscribe(server.base, receiver, [CNAM], client_id=demo["client_id"])
    peer = peering_number(api)
    assert api.patch(f"{NM}/numbers/{peer['id']}", json={"caller_id_name": "Retry Co"}).status_code == 204
    got = receiver.wait_for(lambda got: len(got) == 3)
    # the same event, the same bytes, each attempt signed with its own timestamp
    assert len({r.body for r in got}) == 1
    for r in got:
        verify(r, receiver.secret)
    gaps = [b.at - a.at for a, b in zip(got, got[1:], strict=False)]
    assert all(g >= 0.15 for g in gaps), gaps  # backoff between attempts
    (d,) = wait_deliveries(server.base, lambda ds: ds and ds[0]["status"] == "delivered", subscription_id=sub["id"])
    assert d["attempts"] == 3 and [h["status"] for h in d["history"]] == [500, 503, 200]
    assert d["history"][0]["error"] == "HTTP 500"


def test_gives_up_after_max_attempts_then_redelivers(server, api, demo, receiver, fast_retries, monkeypatch):
    monkeypatch.setenv("PHONESTACK_WEBHOOK_MAX_ATTEMPTS", "2")
    receiver.statuses = [500] * 5
    subscribe(server.base, receiver, [CNAM], client_id=demo["client_id"])
    peer = peering_number(api)
    assert api.patch(f"{NM}/numbers/{peer['id']}", json={"caller_id_name": "Give Up"}).status_code == 204
    (d,) = wait_deliveries(server.base, lambda ds: ds and ds[0]["status"] == "failed")
    assert d["attempts"] == 2 and d["last_status"] == 500 and d["last_error"] == "HTTP 500"
    time.sleep(0.5)
    assert len(receiver.events()) == 2  # no third attempt
    assert [x["id"] for x in deliveries(server.base, status="failed")] == [d["id"]]
    assert deliveries(server.base, status="delivered") == []
    # the receiver is fixed; redeliver
    receiver.statuses = []
    r = httpx.post(f"{server.base}/_phonestack/webhooks/deliveries/{d['id']}/redeliver")
    assert r.status_code == 200 and r.json()["status"] == "pending" and r.json()["attempts"] == 0
    (d2,) = wait_deliveries(server.base, lambda ds: ds and ds[0]["status"] == "delivered")
    assert d2["attempts"] == 1 and [h["status"] for h in d2["history"]] == [500, 500, 200]
    assert len(receiver.events()) == 3
    assert httpx.post(f"{server.base}/_phonestack/webhooks/deliveries/nope/redeliver").status_code == 404


def test_an_unreachable_receiver_is_retried(server, api, demo, receiver, fast_retries):
    sub = subscribe(server.base, receiver, [CNAM], client_id=demo["client_id"])
    port = receiver.port
    receiver.stop()  # down: connection refused
    peer = peering_number(api)
    assert api.patch(f"{NM}/numbers/{peer['id']}", json={"caller_id_name": "Down Co"}).status_code == 204
    (d,) = wait_deliveries(server.base, lambda ds: ds and ds[0]["attempts"] >= 1 and ds[0]["last_error"],
                           subscription_id=sub["id"])
    assert d["status"] == "pending" and d["last_status"] is None and "Connect" in d["last_error"]
    receiver.start(port)  # back up
    (rec,) = receiver.wait_for(lambda got: len(got) == 1)
    verify(rec, receiver.secret)
    wait_deliveries(server.base, lambda ds: ds and ds[0]["status"] == "delivered")


def test_deleting_a_subscription_deletes_its_deliveries(server, api, demo, receiver):
    sub = subscribe(server.base, receiver, [CNAM], client_id=demo["client_id"])
    peer = peering_number(api)
    assert api.patch(f"{NM}/numbers/{peer['id']}", json={"caller_id_name": "Gone"}).status_code == 204
    wait_deliveries(server.base, lambda ds: len(ds) == 1)
    assert httpx.delete(f"{server.base}/_phonestack/webhooks/{sub['id']}").status_code == 204
    assert deliveries(server.base) == []
