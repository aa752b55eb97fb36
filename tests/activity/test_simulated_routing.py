"""The simulator's routing rules through HTTP (issue 5): inbound block rules (account and user),
external call forwarding, holiday and closed-hours routing of queues and auto receptionists,
busy routing and queue wrap-up time. Each test configures the demo account through the API,
simulates one dense day, and checks every call the rule touches against what the rule says
(outcomes hand-derived from the settings, not sampled)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from test_call_logs import RANGE, all_pages, simulate, users

TODAY = datetime.now(UTC).date()
DAY_FROM = f"{TODAY.isoformat()}T00:00:00Z"
DAY_TO = f"{(TODAY + timedelta(days=1)).isoformat()}T00:00:00Z"


def ts(s: str) -> int:
    return int(datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC).timestamp())


def one_day(api, server, calls: int = 800, seed: int = 17) -> list[dict[str, Any]]:  # noqa: ANN001
    """Simulates ``calls`` calls over today; the new call history records (the demo's own calls of
    today come from another simulation, whose busy members this one does not know)."""
    before = {h["call_id"] for h in all_pages(api, "/phone/call_history", "call_history", RANGE)}
    simulate(server, api.account_id, calls=calls, seed=seed, days=1)
    return [h for h in all_pages(api, "/phone/call_history", "call_history", RANGE) if h["call_id"] not in before]


def detail(api, h: dict[str, Any]) -> dict[str, Any]:  # noqa: ANN001
    r = api.get(f"/phone/call_history/{h['call_history_uuid']}")
    assert r.status_code == 200
    return r.json()


def handling(api, ext_id: str, setting_type: str, sub: str, settings: dict[str, Any]) -> None:  # noqa: ANN001
    r = api.patch(f"/phone/extension/{ext_id}/call_handling/settings/{setting_type}",
                  json={"sub_setting_type": sub, "settings": settings})
    assert r.status_code == 204, r.text


def add_holiday(api, ext_id: str) -> str:  # noqa: ANN001
    r = api.post(f"/phone/extension/{ext_id}/call_handling/settings/holiday_hours",
                 json={"sub_setting_type": "holiday", "settings": {"name": "Simulated day off", "from": DAY_FROM,
                                                                   "to": DAY_TO}})
    assert r.status_code == 201, r.text
    return r.json()["holiday_id"]


def queues(api) -> list[dict[str, Any]]:  # noqa: ANN001
    return api.get("/phone/call_queues", params={"page_size": 100}).json()["call_queues"]


def test_inbound_block_rules_reject_callers(api, server):
    uid = users(api)[1]["id"]
    r = api.post(f"/phone/extension/{uid}/inbound_blocked/rules",
                 json={"match_type": "prefix", "blocked_number": "2", "type": "block_for_other_reasons", "country": "US"})
    assert r.status_code == 201, r.text
    r = api.post("/phone/inbound_blocked/rules", json={"match_type": "prefix", "blocked_number": "415", "country": "US",
                                                       "type": "block_for_other_reasons", "status": "active"})
    assert r.status_code == 201, r.text
    hist = one_day(api, server, calls=1200)
    external_in = [h for h in hist if h["direction"] == "inbound" and h["connect_type"] == "external"]
    # the account's rule: every external caller from +1415 is blocked by the system, nobody else is
    from_415 = [h for h in external_in if h["caller_did_number"].startswith("+1415")]
    assert from_415 and all(h["call_result"] == "system_blocked" for h in from_415)
    # the user's rule (+12...): its calls from those callers are rejected, the others are not
    to_user = [h for h in external_in if h.get("callee_ext_id") == uid and h["call_result"] != "system_blocked"]
    rejected = [h for h in to_user if h["caller_did_number"].startswith("+12")]
    assert rejected and all(h["call_result"] == "rejected" for h in rejected)
    assert all(h["call_result"] != "rejected" for h in to_user if not h["caller_did_number"].startswith("+12"))
    assert all(h["call_result"] != "rejected" for h in hist if h.get("callee_ext_id") != uid)
    # logged as such: the user's call log says Rejected and the call is not a missed one
    logs = all_pages(api, f"/phone/users/{uid}/call_logs", "call_logs", RANGE)
    by_call = {x["call_id"]: x for x in logs}
    for h in rejected:
        assert by_call[h["call_id"]]["result"] == "Rejected"
    missed = {x["call_id"] for x in all_pages(api, f"/phone/users/{uid}/call_logs", "call_logs",
                                              {**RANGE, "type": "missed"})}
    assert not missed & {h["call_id"] for h in rejected}


def test_external_call_forwarding(api, server):
    first, second = users(api)[0]["id"], users(api)[1]["id"]
    # the demo's first user forwards to +14155550142 (rings with the user); the second one forwards
    # unanswered calls to a phone number
    handling(api, second, "business_hours", "call_handling", {"call_not_answer_action": 10, "phone_number": "+14155550177"})
    hist = one_day(api, server, calls=1500)
    to_first = [detail(api, h) for h in hist if h.get("callee_ext_id") == first and h["call_result"] == "answered"]
    on_mobile = [d for d in to_first if any(e["event"] == "forward" and e.get("callee_did_number") == "+14155550142"
                                            for e in d["call_elements"])]
    assert on_mobile, "some calls to the first user are answered on the forwarding number"
    to_second = [detail(api, h) for h in hist if h.get("callee_ext_id") == second]
    unanswered = [d for d in to_second if any(e["event"] == "incoming" and e["result"] == "ring_timeout"
                                              for e in d["call_elements"])]
    assert unanswered
    for d in unanswered:  # every unanswered call goes to the number, never to the voicemail
        legs = d["call_elements"]
        after = legs[next(i for i, e in enumerate(legs) if e["result"] == "ring_timeout") + 1:]
        assert after and after[0]["event"] == "forward" and after[0]["callee_did_number"] == "+14155550177"
        assert d["call_result"] in ("answered", "no_answer")
        assert not any(e["result"] == "voicemail" for e in legs)


def test_queue_holiday_and_closed_hours_routing(api, server):
    qs = [q for q in queues(api)]
    assert len(qs) >= 2
    on_holiday, closed = qs[0]["id"], qs[1]["id"]
    target = users(api)[2]["id"]
    hid = add_holiday(api, on_holiday)
    handling(api, on_holiday, "holiday_hours", "call_handling",
             {"holiday_id": hid, "call_not_answer_action": 10, "phone_number": "+14155550199"})
    handling(api, closed, "business_hours", "custom_hours",
             {"type": 2, "custom_hours_settings": [{"weekday": d, "type": 0} for d in range(1, 8)]})
    handling(api, closed, "closed_hours", "call_handling",
             {"call_not_answer_action": 2, "forward_to_extension_id": target})
    hist = one_day(api, server, calls=1200)
    holiday_calls = [detail(api, h) for h in hist if h.get("callee_ext_id") == on_holiday]
    closed_calls = [detail(api, h) for h in hist if h.get("callee_ext_id") == closed]
    assert holiday_calls and closed_calls
    for d in holiday_calls:  # the holiday's routing: straight to the number, no member rings
        events = [e["event"] for e in d["call_elements"]]
        assert "ring_to_member" not in events
        if d["call_result"] != "rejected":
            fwd = [e for e in d["call_elements"] if e["event"] == "forward"]
            assert len(fwd) == 1 and fwd[0]["callee_did_number"] == "+14155550199"
    for d in closed_calls:  # closed all week: the closed-hours routing to the user
        legs = d["call_elements"]
        assert "ring_to_member" not in [e["event"] for e in legs]
        if d["call_result"] != "rejected":
            assert legs[1]["callee_ext_id"] == target and legs[1]["operator_ext_id"] == closed


def test_auto_receptionist_holiday_menu(api, server):
    ars = api.get("/phone/auto_receptionists", params={"page_size": 100}).json()["auto_receptionists"]
    ar = next(a for a in ars if a.get("extension_number"))["id"]
    hid = add_holiday(api, ar)
    r = api.patch(f"/phone/auto_receptionists/{ar}/ivr", json={"holiday_id": hid,
                                                                 "key_action": {"key": "1", "action": 100}})
    assert r.status_code == 204, r.text
    hist = one_day(api, server, calls=1500)
    calls = [detail(api, h) for h in hist if h.get("callee_ext_id") == ar]
    assert calls
    pressed = {d["call_elements"][0].get("press_key", "") for d in calls}
    # the holiday menu has keys 1, * and #; 3, 5, 7, 9 are the simulated invalid keys
    assert pressed <= {"1", "*", "#", "", "3", "5", "7", "9"} and "1" in pressed
    for d in calls:
        if d["call_elements"][0].get("press_key") == "1":  # 100: the AR's own voicemail
            assert d["call_result"] in ("voicemail", "no_answer")
            assert all(e.get("callee_ext_id") in (None, ar) for e in d["call_elements"])


def test_busy_routing_of_a_user(api, server):
    uid = users(api)[1]["id"]
    handling(api, uid, "business_hours", "call_handling", {"busy_on_another_call_action": 22})
    hist = one_day(api, server, calls=2500, seed=23)
    logs = all_pages(api, f"/phone/users/{uid}/call_logs", "call_logs", RANGE)
    new = {h["call_id"] for h in hist}
    on_call = sorted((ts(x["date_time"]), ts(x["call_end_time"]), x["call_id"]) for x in logs
                     if x["result"] == "Call connected" and x["call_id"] in new)
    direct = [h for h in hist if h.get("callee_ext_id") == uid and h["call_result"] not in ("rejected", "system_blocked")]
    busy = [h for h in direct if h["call_result"] == "busy"]
    assert busy, "the user was called while on another call"
    for h in direct:  # busy exactly when an earlier-started call of the user was still going on
        start = ts(h["start_time"])
        going_on = any(s < start < e and cid != h["call_id"] for s, e, cid in on_call)
        assert (h["call_result"] == "busy") == going_on, h


def test_queue_members_busy_and_wrap_up(api, server):
    members = users(api)[3:4]
    site = api.get("/phone/sites").json()["sites"][0]["id"]
    r = api.post("/phone/call_queues", json={"name": "Wrap-up desk", "site_id": site, "extension_number": 2977,
                                             "members": {"users": [{"id": m["id"]} for m in members]}})
    assert r.status_code == 201, r.text
    q = r.json()["id"]
    handling(api, q, "business_hours", "call_handling",
             {"wrap_up_time": 300, "max_wait_time": 1800,
              "call_distribution": {"ring_mode": "sequential", "ring_duration": 30, "handle_multiple_calls": False}})
    hist = one_day(api, server, calls=12000, seed=29)
    m = members[0]["id"]
    calls = sorted((detail(api, h) for h in hist if h.get("callee_ext_id") == q), key=lambda d: d["start_time"])
    answered = [d for d in calls if d["call_result"] == "answered"]
    assert len(answered) >= 2
    # wrap-up: after a queue call ends the member is offered the next queue call 300 s later at the earliest
    ends = []
    for d in calls:
        rings = [ts(e["start_time"]) for e in d["call_elements"] if e["event"] == "ring_to_member"]
        for end in ends:
            assert all(t >= end + 300 for t in rings), d["call_history_uuid"]
        took = [e for e in d["call_elements"] if e["event"] == "ring_to_member" and e["result"] == "answered"]
        if took:
            ends.append(ts(took[0]["end_time"]))
    # busy: the member is never offered a queue call while on another call that started earlier
    logs = all_pages(api, f"/phone/users/{m}/call_logs", "call_logs", RANGE)
    new = {h["call_id"] for h in hist}
    on_call = [(ts(x["date_time"]), ts(x["call_end_time"]), x["call_id"]) for x in logs
               if x["result"] == "Call connected" and x["call_id"] in new]
    for d in calls:
        start = ts(d["start_time"])
        for e in d["call_elements"]:
            if e["event"] != "ring_to_member":
                continue
            t = ts(e["start_time"])
            assert not any(s < start and t < en and cid != d["call_id"] for s, en, cid in on_call), d
    # and it happened: some callers waited for the member (on a call or wrapping up) before a first ring
    delayed = [d for d in calls if any(e["event"] == "ring_to_member" for e in d["call_elements"]) and min(
        ts(e["start_time"]) for e in d["call_elements"] if e["event"] == "ring_to_member") > ts(d["start_time"]) + 1]
    assert delayed
