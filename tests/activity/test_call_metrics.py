"""Metrics, queue analytics and the call charges report, computed from the stored calls
(issue 5): figures are checked against hand counts over the call logs and call history."""

from __future__ import annotations

from typing import Any

from test_call_logs import RANGE, all_pages, simulate


def analytics(api) -> dict[str, dict[str, Any]]:  # noqa: ANN001
    body = api.get("/phone/call_queue_analytics", params={**RANGE, "page_size": 100}).json()
    return {q["call_queue_id"]: q for q in body["call_queues"]}


def test_queue_analytics_match_a_hand_count_and_grow_with_calls(api, server):
    simulate(server, api.account_id, calls=400, seed=31)
    stats = analytics(api)
    queues = api.get("/phone/call_queues", params={"page_size": 100}).json()["call_queues"]
    assert set(stats) == {q["id"] for q in queues}
    # by hand: every call through a queue leaves a call log owned by the queue
    logs = all_pages(api, "/phone/call_logs", "call_logs", {**RANGE, "path": "callQueue"})
    logs += all_pages(api, "/phone/call_logs", "call_logs", {**RANGE, "path": "voiceMail"})
    hand: dict[str, dict[str, int]] = {}
    for log in logs:
        if log["owner"]["type"] != "callQueue":
            continue
        h = hand.setdefault(log["owner"]["id"], {"inbound": 0, "completed": 0})
        h["inbound"] += 1
        h["completed"] += log["result"] == "Call connected"
    assert hand, "the simulation sent calls to queues"
    for qid, q in stats.items():
        assert q["inbound_calls"] == hand.get(qid, {}).get("inbound", 0), q
        assert q["completed_calls"] == hand.get(qid, {}).get("completed", 0), q
        assert q["completed_calls"] + q["abandoned_calls"] + q["overflowed_calls"] <= q["inbound_calls"]
        assert q["max_in_queue_wait_time"] >= q["avg_in_queue_wait_time"]
    before = sum(q["inbound_calls"] for q in stats.values())
    simulate(server, api.account_id, calls=400, seed=32)
    after = sum(q["inbound_calls"] for q in analytics(api).values())
    assert after > before
    one = next(iter(stats))
    body = api.get("/phone/call_queue_analytics", params={**RANGE, "call_queue_ext_id": one}).json()
    assert [q["call_queue_id"] for q in body["call_queues"]] == [one]
    r = api.get("/phone/call_queue_analytics", params={"from": "2024-02-01", "to": "2024-01-01"})
    assert r.status_code == 400 and r.json()["code"] == 300


def test_past_calls_and_quality_metrics(api, server):
    simulate(server, api.account_id, calls=150, seed=41)
    hist = all_pages(api, "/phone/call_history", "call_history", RANGE)
    counted = [h for h in hist if h["call_result"] != "system_blocked"]
    past = all_pages(api, "/phone/metrics/past_calls", "call_logs", RANGE)
    assert len(past) == len(counted)
    assert sum(p["duration"] for p in past) == sum(h["duration"] for h in counted)
    good = all_pages(api, "/phone/metrics/call_logs", "call_logs", {**RANGE, "quality_type": "good"})
    bad = all_pages(api, "/phone/metrics/call_logs", "call_logs", {**RANGE, "quality_type": "bad"})
    assert len(good) + len(bad) == len(counted)
    assert all(float(g["mos"]) >= 3.5 for g in good) and all(float(b["mos"]) < 3.5 for b in bad)
    call = past[0]
    d = api.get(f"/phone/metrics/call_logs/{call['call_id']}").json()
    assert d["call_id"] == call["call_id"] and d["mos"] == call["mos"]
    qos = api.get(f"/phone/metrics/call_logs/{call['call_id']}/qos").json()
    assert qos["call_id"] == call["call_id"] and qos["caller_qos"]["sending"]
    assert api.get("/phone/metrics/call_logs/nope/qos").status_code == 404
    assert api.get("/phone/metrics/call_logs/nope").status_code == 404


def test_call_charges_report(api, server, other_api):
    simulate(server, api.account_id, calls=200, seed=51)
    charges = all_pages(api, "/phone/reports/call_charges", "call_charges", {**RANGE, "show_charges_only": "true"})
    charged_logs = all_pages(api, "/phone/call_logs", "call_logs", {**RANGE, "charged_call_logs": "true"})
    assert len(charges) == len(charged_logs) > 0
    total = round(sum(float(c["total_charge"]) for c in charges), 4)
    assert total == round(sum(float(x["charge"].lstrip("$")) for x in charged_logs), 4)
    assert all(c["currency"] == "USD" and c["service_type"] == "call" for c in charges)
    r = api.get("/phone/reports/call_charges", params={"from": "2001-01-01", "to": "2001-02-01"})
    assert r.status_code == 400 and r.json()["code"] == 400
    r = api.get("/phone/reports/call_charges", params={**RANGE, "billing_account_id": "nope"})
    assert r.status_code == 400 and "billing_account_id" in r.json()["message"]
    assert other_api.get("/phone/reports/call_charges", params=RANGE).json()["call_charges"] == []


def test_metrics_scopes(scoped_api):
    c = scoped_api(["phone:read:list_call_queues:admin"])
    assert c.get("/phone/metrics/past_calls").json()["code"] == 4700
    assert c.get("/phone/reports/call_charges").json()["code"] == 4700
    assert c.get("/phone/metrics/call_logs/x/qos").json()["code"] == 4700
