"""SMS sessions and messages through HTTP (issue 5): the demo's and the simulator's sessions,
sending (sessions shared with colleagues, MMS attachments served as real bytes), filters, sync,
errors, scopes and tenants."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from phonestack.messaging import media


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


def sms_numbers(api) -> list[dict[str, Any]]:  # noqa: ANN001
    """The account's SMS-capable numbers assigned to users (Number Management shows the
    capability): [{number, user_id}]."""
    nums = all_pages(api, "/accounts/me/number_management/numbers", "numbers")
    out = []
    for n in nums:
        holders = [x for x in n.get("assigned_list") or [] if x.get("assigned_to_type") == "User"]
        if "Messaging" in (n.get("capability") or []) and holders:
            out.append({"number": n["number"], "user_id": holders[0]["assigned_to_id"]})
    return out


def send(api, sender: dict[str, Any], to: list[str], message: str = "hello", **extra: Any) -> httpx.Response:  # noqa: ANN001
    body = {"sender": {"phone_number": sender["number"], "user_id": sender["user_id"]},
            "to_members": [{"phone_number": n} for n in to], "message": message, **extra}
    return api.post("/phone/sms/messages", json=body)


def test_demo_sessions_have_messages(api):
    sessions = all_pages(api, "/phone/sms/sessions", "sms_sessions")
    assert sessions, "the demo seed has SMS sessions"
    s = sessions[0]
    assert len(s["participants"]) == 2 and any(p["is_session_owner"] for p in s["participants"])
    times = [x["last_access_time"] for x in sessions]
    assert times == sorted(times, reverse=True)  # most recent activity first
    hist = all_pages(api, f"/phone/sms/sessions/{s['session_id']}", "sms_histories")
    assert hist and hist[-1]["date_time"] == s["last_access_time"]
    msg = api.get(f"/phone/sms/sessions/{s['session_id']}/messages/{hist[0]['message_id']}")
    assert msg.status_code == 200 and msg.json()["message"] == hist[0]["message"]


def test_send_sms_creates_session_and_reaches_a_colleague(api):
    nums = sms_numbers(api)
    assert len(nums) >= 2
    a, b = nums[0], nums[1]
    r = send(api, a, ["+14155550123"], "First contact")
    assert r.status_code == 201, r.text
    sid = r.json()["session_id"]
    # shows at once, first in the account's list and in the sender's list
    first = api.get("/phone/sms/sessions", params={"page_size": 1}).json()["sms_sessions"][0]
    assert first["session_id"] == sid
    assert {p["phone_number"] for p in first["participants"]} == {a["number"], "+14155550123"}
    mine = all_pages(api, f"/phone/users/{a['user_id']}/sms/sessions", "sms_sessions")
    assert sid in [s["session_id"] for s in mine]
    # the same pair again: the same session, two messages oldest first
    r2 = send(api, a, ["+14155550123"], "Second")
    assert r2.json()["session_id"] == sid
    hist = api.get(f"/phone/sms/sessions/{sid}").json()["sms_histories"]
    assert [m["message"] for m in hist] == ["First contact", "Second"]
    assert hist[0]["direction"] == "Out" and hist[0]["sender"]["owner"]["id"] == a["user_id"]
    # to a colleague's SMS number: the colleague's sessions have it too, unread
    r3 = send(api, a, [b["number"]], "Lunch?")
    assert r3.status_code == 201
    sid3 = r3.json()["session_id"]
    theirs = all_pages(api, f"/phone/users/{b['user_id']}/sms/sessions", "sms_sessions")
    assert sid3 in [s["session_id"] for s in theirs]
    sync = api.get(f"/phone/users/{b['user_id']}/sms/sessions/sync").json()
    top = sync["sms_sessions"][0]
    assert top["session_id"] == sid3 and top["latest_message"]["message"] == "Lunch?"
    # the demo history is the same in every database (messaging/seed.py salts with the account's role,
    # not its random id): the seed leaves the colleague nothing unread from the sender
    assert top["unread_message_count"] == 1 and sync["sync_token"]
    m = api.get(f"/phone/sms/sessions/{sid3}/messages/{r3.json()['message_id']}").json()
    assert m["message_type"] == 6 and m["to_members"][0]["owner"]["id"] == b["user_id"]


def test_mms_attachment_is_served(api):
    a = sms_numbers(api)[0]
    png = media.png(7)
    r = send(api, a, ["+14155550999"], "photo", attachments=[{"base64_encoding": base64.b64encode(png).decode(),
                                                                "type": "PNG"}])
    assert r.status_code == 201, r.text
    m = api.get(f"/phone/sms/sessions/{r.json()['session_id']}/messages/{r.json()['message_id']}").json()
    assert m["message_type"] == 2 and len(m["attachments"]) == 1
    att = m["attachments"][0]
    assert att["size"] == len(png) and att["type"] == "PNG"
    got = httpx.get(att["download_url"], headers={"Authorization": f"Bearer {api.token}"})
    assert got.status_code == 200 and got.content == png and got.headers["content-type"] == "image/png"


def test_send_errors(api):
    a = sms_numbers(api)[0]
    r = send(api, a, ["4155550123"])
    assert r.status_code == 400 and r.json()["code"] == 316
    r = api.post("/phone/sms/messages", json={"sender": {"phone_number": "+19995550000"},
                                              "to_members": [{"phone_number": "+14155550123"}], "message": "x"})
    assert r.status_code == 400 and r.json()["code"] == 7001
    r = api.post("/phone/sms/messages", json={"sender": {"phone_number": a["number"], "user_id": "nobody"},
                                              "to_members": [{"phone_number": "+14155550123"}], "message": "x"})
    assert r.status_code == 400 and r.json()["code"] == 1001
    r = send(api, a, ["+14155550123"], attachments=[{"base64_encoding": "aGVsbG8=", "type": "BMP"}])
    assert r.status_code == 400 and r.json()["code"] in (121, 300)
    r = send(api, a, ["+14155550123"], attachments=[{"base64_encoding": "aGVsbG8="}])
    assert r.status_code == 400 and r.json()["code"] == 138
    r = send(api, a, ["+14155550123"], "x" * 2049)
    assert r.status_code == 400


def test_sender_must_own_the_number(api):
    nums = sms_numbers(api)
    a, b = nums[0], nums[1]
    r = api.post("/phone/sms/messages", json={"sender": {"phone_number": a["number"], "user_id": b["user_id"]},
                                              "to_members": [{"phone_number": "+14155550123"}], "message": "x"})
    assert r.status_code == 400 and r.json()["code"] == 135


def test_filters_and_pages(api):
    a = sms_numbers(api)[0]
    send(api, a, ["+442071234567"], "to London")
    found = api.get("/phone/sms/sessions", params={"phone_number": "+442071234567"}).json()["sms_sessions"]
    assert len(found) == 1
    assert api.get("/phone/sms/sessions", params={"phone_number": "+442070000000"}).json()["sms_sessions"] == []
    assert api.get("/phone/sms/sessions", params={"session_type": "call_queue"}).json()["sms_sessions"] == []
    every = all_pages(api, "/phone/sms/sessions", "sms_sessions")
    paged = []
    params: dict[str, Any] = {"page_size": 5}
    while True:
        body = api.get("/phone/sms/sessions", params=params).json()
        paged += body["sms_sessions"]
        if not body["next_page_token"]:
            break
        params["next_page_token"] = body["next_page_token"]
    assert [s["session_id"] for s in paged] == [s["session_id"] for s in every]
    r = api.get("/phone/sms/sessions", params={"session_type": "robot"})
    assert r.status_code == 400
    # date range: sessions active in [from, to]
    today = datetime.now(UTC).date()
    assert api.get("/phone/sms/sessions", params={"from": str(today + timedelta(days=2))}).json()["sms_sessions"] == []
    old = api.get("/phone/sms/sessions", params={"to": str(today - timedelta(days=400))}).json()["sms_sessions"]
    assert old == []
    recent = all_pages(api, "/phone/sms/sessions", "sms_sessions", {"from": str(today), "to": str(today)})
    assert "+442071234567" in {p["phone_number"] for s in recent for p in s["participants"]}
    assert len(recent) < len(every)


def test_session_sync(api):
    a = sms_numbers(api)[0]
    sid = send(api, a, ["+14155550777"], "one").json()["session_id"]
    send(api, a, ["+14155550777"], "two")
    body = api.get(f"/phone/sms/sessions/{sid}/sync").json()
    assert [m["message"] for m in body["sms_histories"]] == ["two", "one"] and body["sync_token"]
    r = api.get("/phone/sms/sessions/nope/sync")
    assert r.status_code == 404 and r.json()["code"] == 12004


def test_unknown_ids(api):
    assert api.get("/phone/sms/sessions/nope").status_code == 404
    sid = api.get("/phone/sms/sessions").json()["sms_sessions"][0]["session_id"]
    assert api.get(f"/phone/sms/sessions/{sid}/messages/nope").status_code == 404
    r = api.get("/phone/users/nobody/sms/sessions")
    assert r.status_code == 404 and r.json()["code"] == 1001
    assert api.get("/phone/users/nobody/sms/sessions/sync").status_code == 404


def test_other_tenant_sees_nothing(api, other_api):
    s = api.get("/phone/sms/sessions").json()["sms_sessions"][0]
    assert other_api.get("/phone/sms/sessions").json()["sms_sessions"] == []
    assert other_api.get(f"/phone/sms/sessions/{s['session_id']}").status_code == 404
    assert other_api.get(f"/phone/sms/sessions/{s['session_id']}/sync").status_code == 404
    owner = next(p["owner"]["id"] for p in s["participants"] if p.get("is_session_owner"))
    assert other_api.get(f"/phone/users/{owner}/sms/sessions").status_code == 404
    a = sms_numbers(api)[0]
    r = other_api.post("/phone/sms/messages", json={"sender": {"phone_number": a["number"]},
                                                    "to_members": [{"phone_number": "+14155550123"}], "message": "x"})
    assert r.status_code == 400 and r.json()["code"] == 7001


@pytest.mark.parametrize("path", ["/phone/sms/sessions", "/phone/users/me/sms/sessions/sync"])
def test_missing_scope(scoped_api, path):
    c = scoped_api(["phone:read:list_call_queues:admin"])
    r = c.get(path)
    assert r.status_code == 400 and r.json()["code"] == 4700


def test_send_needs_scope(scoped_api):
    c = scoped_api(["phone:read:list_call_queues:admin"])
    r = c.post("/phone/sms/messages", json={"sender": {"phone_number": "+14155550000"},
                                           "to_members": [{"phone_number": "+14155550123"}]})
    assert r.status_code == 400 and r.json()["code"] == 4700


def test_simulator_fills_sessions(api, server):
    before = len(all_pages(api, "/phone/sms/sessions", "sms_sessions"))
    r = httpx.post(f"{server.base}/_phonestack/simulate", json={"calls": 0, "days": 7, "seed": 3, "sms": 300,
                                                                 "faxes": 20}, timeout=120)
    assert r.status_code == 200, r.text
    res = r.json()["messaging"]
    assert res["sms"] == 300 and res["faxes"] == 20
    after = all_pages(api, "/phone/sms/sessions", "sms_sessions")
    assert len(after) == before + res["sms_sessions"]
