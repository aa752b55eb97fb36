"""Call activity through HTTP (issue 5): the simulator, call history, call logs, call elements,
sync, deletes, client codes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

END = (datetime.now(UTC).date() + timedelta(days=1)).isoformat()
FROM = (datetime.now(UTC).date() - timedelta(days=10)).isoformat()
TO = datetime.now(UTC).date().isoformat()
RANGE = {"from": FROM, "to": TO}


def simulate(server, account_id: str | None = None, calls: int = 300, seed: int = 5, days: int = 7) -> dict[str, Any]:  # noqa: ANN001
    body: dict[str, Any] = {"calls": calls, "days": days, "seed": seed, "end": END}
    if account_id:
        body["account_id"] = account_id
    r = httpx.post(f"{server.base}/_phonestack/simulate", json=body, timeout=120)
    assert r.status_code == 200, r.text
    return r.json()


def all_pages(api, path: str, key: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:  # noqa: ANN001
    out: list[dict[str, Any]] = []
    params = {**(params or {}), "page_size": 100}
    while True:
        r = api.get(path, params=params)
        assert r.status_code == 200, r.text
        body = r.json()
        out += body[key]
        if not body.get("next_page_token"):
            return out
        params["next_page_token"] = body["next_page_token"]


@pytest.fixture
def sim(api, server):  # noqa: ANN001, ANN201
    return simulate(server, api.account_id)


def users(api) -> list[dict[str, Any]]:  # noqa: ANN001
    return api.get("/phone/users", params={"page_size": 100}).json()["users"]


def busiest_user(api) -> tuple[str, list[dict[str, Any]]]:  # noqa: ANN001
    logs = all_pages(api, "/phone/call_logs", "call_logs", RANGE)
    counts: dict[str, int] = {}
    for log in logs:
        if log["owner"]["type"] == "user":
            counts[log["owner"]["id"]] = counts.get(log["owner"]["id"], 0) + 1
    uid = max(counts, key=counts.get)
    return uid, [x for x in logs if x["owner"]["id"] == uid]


# --- the simulator ----------------------------------------------------------------------------------


def test_demo_seed_has_a_call_history(api):
    hist = all_pages(api, "/phone/call_history", "call_history", RANGE)
    assert len(hist) == 40  # activity/seed.py: DEMO_CALLS over the last 7 days


def test_simulate_writes_calls_logs_elements_recordings_voicemails(api, server):
    before = len(all_pages(api, "/phone/call_history", "call_history", RANGE))
    sim = simulate(server, api.account_id)
    assert sim["calls"] == 300
    assert sim["call_elements"] >= 300 and sim["call_logs"] >= 300
    assert sim["call_recordings"] > 0 and sim["voicemails"] > 0
    hist = all_pages(api, "/phone/call_history", "call_history", RANGE)
    assert len(hist) == before + 300
    results = {h["call_result"] for h in hist}
    assert {"answered", "voicemail"} <= results
    assert {h["connect_type"] for h in hist} == {"internal", "external"}
    # newest first
    starts = [h["start_time"] for h in hist]
    assert starts == sorted(starts, reverse=True)


def test_simulate_is_deterministic(api, server, demo):
    def history(token: str) -> list[tuple]:
        out, params = [], {**RANGE, "page_size": 100}
        while True:
            body = httpx.get(f"{server.base}/v2/phone/call_history", params=params,
                             headers={"Authorization": f"Bearer {token}"}).json()
            out += [(h["start_time"], h["caller_name"], h["callee_name"], h["call_result"], h["duration"])
                    for h in body["call_history"]]
            if not body["next_page_token"]:
                return out
            params["next_page_token"] = body["next_page_token"]

    simulate(server, api.account_id, calls=80, seed=11)
    first = history(api.token)
    assert len(first) == 120
    creds = server.reset("demo")
    simulate(server, None, calls=80, seed=11)  # the demo master account by default
    token = server.token(creds["account_id"], creds["client_id"], creds["client_secret"])
    assert history(token) == first
    server.reset("demo")
    simulate(server, None, calls=80, seed=12)
    assert history(server.token(creds["account_id"], creds["client_id"], creds["client_secret"])) != first


def test_same_seed_twice_and_into_another_account(api, server, demo):
    simulate(server, api.account_id, calls=30, seed=77)
    simulate(server, api.account_id, calls=30, seed=77)  # ids never collide
    simulate(server, demo["sub_account_id"], calls=30, seed=77)
    hist = all_pages(api, "/phone/call_history", "call_history", RANGE)
    assert len(hist) == 40 + 60 and len({h["call_history_uuid"] for h in hist}) == 100


def test_simulate_sms_and_faxes_through_messaging(api, server):
    r = httpx.post(f"{server.base}/_phonestack/simulate",
                   json={"calls": 10, "days": 7, "seed": 3, "end": END, "sms": 20, "faxes": 5}, timeout=120)
    assert r.status_code == 200, r.text
    assert "messaging" in r.json()


def test_simulate_admin_validation(raw):
    assert raw.post("/_phonestack/simulate", json={"calls": -1}).status_code == 400
    assert raw.post("/_phonestack/simulate", json={"calls": 1, "account_id": "nope"}).status_code == 404


def test_queue_calls_ring_members_and_overflow_to_voicemail(api, server):
    simulate(server, api.account_id, calls=600, seed=3)
    queues = {q["id"]: q for q in api.get("/phone/call_queues", params={"page_size": 100}).json()["call_queues"]}
    hist = all_pages(api, "/phone/call_history", "call_history", RANGE)
    via_queue = []
    for h in hist:
        if h.get("callee_ext_id") in queues:
            via_queue.append(api.get(f"/phone/call_history/{h['call_history_uuid']}").json())
    assert via_queue
    events = {e["event"] for d in via_queue for e in d["call_elements"]}
    assert "ring_to_member" in events
    answered = [d for d in via_queue if d["call_result"] == "answered"]
    for d in answered:  # the member who answered is a member of the queue
        member = next(e for e in d["call_elements"] if e["event"] == "ring_to_member" and e["result"] == "answered")
        members = api.get(f"/phone/call_queues/{d['callee_ext_id']}/members", params={"page_size": 100}).json()
        ids = {m["id"] for m in members["call_queue_members"]}
        assert member["callee_ext_id"] in ids
        assert member["operator_ext_id"] == d["callee_ext_id"]


def test_outbound_calls_respect_blocked_list(api, sim):
    hist = all_pages(api, "/phone/call_history", "call_history", {**RANGE, "call_results": "system_blocked"})
    assert all(h["call_result"] == "system_blocked" for h in hist)
    blocked = {b["phone_number"] for b in api.get("/phone/blocked_list", params={"page_size": 100}).json()["blocked_list"]
               if b["status"] == "active"}
    # +1900... numbers (the demo's blocked prefix) never connect
    allh = all_pages(api, "/phone/call_history", "call_history", RANGE)
    for h in allh:
        if h["direction"] == "outbound" and h.get("callee_did_number", "").startswith("+1900"):
            assert h["call_result"] == "system_blocked"
    assert blocked


# --- call history -------------------------------------------------------------------------------------


def test_call_history_filters(api, sim):
    hist = all_pages(api, "/phone/call_history", "call_history", RANGE)
    inbound = all_pages(api, "/phone/call_history", "call_history", {**RANGE, "directions": "inbound"})
    assert inbound and all(h["direction"] == "inbound" for h in inbound)
    internal = all_pages(api, "/phone/call_history", "call_history", {**RANGE, "connect_types": "internal"})
    assert len(internal) == sum(1 for h in hist if h["connect_type"] == "internal")
    name = hist[0]["caller_name"]
    kw = all_pages(api, "/phone/call_history", "call_history", {**RANGE, "keyword": name.lower()})
    assert hist[0]["call_history_uuid"] in {h["call_history_uuid"] for h in kw}
    old = api.get("/phone/call_history", params={"from": "2001-01-01", "to": "2001-01-31"}).json()
    assert old["call_history"] == [] and old["total_records"] == 0
    r = api.get("/phone/call_history", params={"from": TO, "to": FROM})
    assert r.status_code == 400 and r.json()["code"] == 300


def test_call_history_detail_element_and_client_code(api, sim):
    h = api.get("/phone/call_history", params=RANGE).json()["call_history"][0]
    d = api.get(f"/phone/call_history/{h['call_history_uuid']}").json()
    assert d["call_id"] == h["call_id"] and d["call_elements"] and len(d["call_path"]) == len(d["call_elements"])
    el = d["call_elements"][0]
    got = api.get(f"/phone/call_element/{el['call_element_id']}").json()
    assert got["call_element_id"] == el["call_element_id"] and got["call_history_uuid"] == h["call_history_uuid"]
    detail = api.get(f"/phone/call_history_detail/{el['call_element_id']}").json()
    assert detail["id"] == el["call_element_id"] and detail["call_path_id"] == h["call_history_uuid"]
    assert api.get("/phone/call_history_detail/nope").json()["code"] == 301
    assert api.get("/phone/call_element/nope").status_code == 404
    r = api.patch(f"/phone/call_history/{h['call_history_uuid']}/client_code", json={"client_code": "12345"})
    assert r.status_code == 204
    assert api.get(f"/phone/call_history/{h['call_history_uuid']}").json()["client_code"] == "12345"
    r = api.patch(f"/phone/call_history/{h['call_history_uuid']}/client_code", json={"client_code": "ab"})
    assert r.status_code == 400 and r.json()["code"] == 301
    r = api.patch("/phone/call_history/nope/client_code", json={"client_code": "1234"})
    assert r.status_code == 404 and r.json()["code"] == 300


def test_other_tenant_sees_nothing(api, other_api, sim):
    h = api.get("/phone/call_history", params=RANGE).json()["call_history"][0]
    assert other_api.get(f"/phone/call_history/{h['call_history_uuid']}").status_code == 404
    assert other_api.get("/phone/call_history", params=RANGE).json()["call_history"] == []
    log = api.get("/phone/call_logs", params=RANGE).json()["call_logs"][0]
    r = other_api.get(f"/phone/call_logs/{log['id']}")  # 404 folded into the documented 400
    assert r.status_code in (400, 404) and r.json()["code"] == 404
    assert other_api.put(f"/phone/call_logs/{log['id']}/client_code", json={"client_code": "123"}).status_code == 404


def test_missing_scope(scoped_api, sim):
    c = scoped_api(["phone:read:list_call_queues:admin"])
    r = c.get("/phone/call_history")
    assert r.status_code == 400 and r.json()["code"] == 4700
    assert c.get("/phone/call_logs").json()["code"] == 4700
    assert c.get("/phone/recordings").json()["code"] == 4700
    assert c.get("/phone/voice_mails").json()["code"] == 4700


# --- call logs ----------------------------------------------------------------------------------------


def test_account_call_logs_filters_and_detail(api, sim):
    logs = all_pages(api, "/phone/call_logs", "call_logs", RANGE)
    missed = all_pages(api, "/phone/call_logs", "call_logs", {**RANGE, "type": "missed"})
    assert missed and len(missed) < len(logs)
    assert all(m["direction"] == "inbound" and m["result"] != "Call connected" for m in missed)
    pstn = all_pages(api, "/phone/call_logs", "call_logs", {**RANGE, "path": "pstn"})
    assert pstn and all(x["path"] == "pstn" for x in pstn)
    charged = all_pages(api, "/phone/call_logs", "call_logs", {**RANGE, "charged_call_logs": "true"})
    assert charged and all(x["charge"].startswith("$") for x in charged)
    site = logs[0]["site"]["id"]
    by_site = all_pages(api, "/phone/call_logs", "call_logs", {**RANGE, "site_id": site})
    assert by_site and all(x["site"]["id"] == site for x in by_site)
    d = api.get(f"/phone/call_logs/{logs[0]['id']}").json()
    assert d["id"] == logs[0]["id"] and d["log_details"]
    r = api.put(f"/phone/call_logs/{logs[0]['id']}/client_code", json={"client_code": "4321"})
    assert r.status_code == 204
    assert api.get(f"/phone/call_logs/{logs[0]['id']}").json()["client_code"] == "4321"
    assert api.put(f"/phone/call_logs/{logs[0]['id']}/client_code", json={"client_code": "x"}).status_code == 400
    assert api.put("/phone/call_logs/nope/client_code", json={"client_code": "1234"}).status_code == 404


def test_user_call_logs_delete_is_gone_for_that_user(api, sim):
    uid, logs = busiest_user(api)
    mine = all_pages(api, f"/phone/users/{uid}/call_logs", "call_logs", RANGE)
    assert {x["id"] for x in mine} == {x["id"] for x in logs}
    victim = mine[0]["id"]
    assert api.delete(f"/phone/users/{uid}/call_logs/{victim}").status_code == 204
    after = all_pages(api, f"/phone/users/{uid}/call_logs", "call_logs", RANGE)
    assert victim not in {x["id"] for x in after} and len(after) == len(mine) - 1
    r = api.delete(f"/phone/users/{uid}/call_logs/{victim}")
    assert r.status_code == 404 and r.json()["code"] == 404
    r = api.get("/phone/users/nobody/call_logs")
    assert r.status_code == 404 and r.json()["code"] == 1001
    missed = all_pages(api, f"/phone/users/{uid}/call_logs", "call_logs", {**RANGE, "type": "missed"})
    assert all(m["direction"] == "inbound" for m in missed)
    number = mine[1]["caller_did_number"] or mine[1]["callee_did_number"]
    by_number = all_pages(api, f"/phone/users/{uid}/call_logs", "call_logs", {**RANGE, "phone_number": number})
    assert mine[1]["id"] in {x["id"] for x in by_number}


def test_user_call_history_and_delete(api, sim):
    uid, _ = busiest_user(api)
    body = api.get(f"/phone/users/{uid}/call_history", params={**RANGE, "page_size": 100}).json()
    assert body["call_logs"] and body["call_elements"]
    first = body["call_logs"][0]
    assert api.delete(f"/phone/users/{uid}/call_history/{first['id']}").status_code == 204
    again = api.get(f"/phone/users/{uid}/call_history", params={**RANGE, "page_size": 100}).json()
    assert first["id"] not in {x["id"] for x in again["call_logs"]}
    r = api.delete(f"/phone/users/{uid}/call_history/{first['id']}")
    assert r.status_code == 404 and r.json()["code"] == 301
    assert api.get("/phone/users/nobody/call_history").json()["code"] == 300


@pytest.mark.parametrize("kind", ["call_logs", "call_history"])
def test_sync_full_incremental_backward(api, server, sim, kind):
    uid, _ = busiest_user(api)
    path = f"/phone/users/{uid}/{kind}/sync"
    full = api.get(path, params={"sync_type": "FSync", "count": 5}).json()
    assert len(full["call_logs"]) == 5 and full["sync_token"]
    inc = api.get(path, params={"sync_type": "ISync", "sync_token": full["sync_token"]}).json()
    assert inc["call_logs"] == []
    back = api.get(path, params={"sync_type": "BSync", "sync_token": full["sync_token"], "count": 5}).json()
    assert back["call_logs"] and not ({x["id"] for x in back["call_logs"]} & {x["id"] for x in full["call_logs"]})
    simulate(server, api.account_id, calls=200, seed=99)
    inc = api.get(path, params={"sync_type": "ISync", "sync_token": full["sync_token"], "count": 100}).json()
    assert inc["call_logs"]  # the new calls of this user
    r = api.get(path, params={"sync_type": "ISync", "sync_token": "forged"})
    assert r.status_code in (400, 404) and r.json()["code"] in (300, 301)
