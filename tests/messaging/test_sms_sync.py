"""SMS sync through HTTP: GET /phone/sms/sessions/{sessionId}/sync and GET /phone/users/{userId}/
sms/sessions/sync with sync_type FSync / ISync / BSync, count and signed sync tokens (overlay
parameters, Zoom's reference); errors 300 (invalid token), 7035 (more new records than count) and
400 (session type)."""

from __future__ import annotations

from typing import Any

from test_sms_sessions import all_pages, send, sms_numbers


def texts(body: dict[str, Any]) -> list[str]:
    return [m["message"] for m in body["sms_histories"]]


def sync(api, path: str, **params: Any) -> dict[str, Any]:  # noqa: ANN001
    r = api.get(path, params=params)
    assert r.status_code == 200, r.text
    return r.json()


def test_session_sync_full_backward_incremental(api):
    a = sms_numbers(api)[0]
    sid = send(api, a, ["+14155550301"], "one").json()["session_id"]
    send(api, a, ["+14155550301"], "two")
    send(api, a, ["+14155550301"], "three")
    path = f"/phone/sms/sessions/{sid}/sync"
    # no parameters: a full sync of the 10 newest
    assert texts(sync(api, path)) == ["three", "two", "one"]
    full = sync(api, path, sync_type="FSync", count=2)
    assert texts(full) == ["three", "two"] and full["sync_token"]
    back = sync(api, path, sync_type="BSync", sync_token=full["sync_token"], count=2)
    assert texts(back) == ["one"]
    assert texts(sync(api, path, sync_type="BSync", sync_token=back["sync_token"])) == []
    # nothing new yet
    inc = sync(api, path, sync_type="ISync", sync_token=full["sync_token"])
    assert texts(inc) == []
    send(api, a, ["+14155550301"], "four")
    send(api, a, ["+14155550301"], "five")
    inc = sync(api, path, sync_type="ISync", sync_token=inc["sync_token"], count=2)
    assert texts(inc) == ["five", "four"]
    assert texts(sync(api, path, sync_type="ISync", sync_token=inc["sync_token"])) == []
    # the older token still sees what came after it; the BSync token keeps its own position
    assert texts(sync(api, path, sync_type="ISync", sync_token=back["sync_token"])) == ["five", "four"]
    # more new messages than count: 7035, resync with FSync
    for n in ("six", "seven", "eight"):
        send(api, a, ["+14155550301"], n)
    r = api.get(path, params={"sync_type": "ISync", "sync_token": inc["sync_token"], "count": 2})
    assert r.status_code == 400 and r.json()["code"] == 7035
    assert "exceeds the sync count" in r.json()["message"]
    assert texts(sync(api, path, sync_type="ISync", sync_token=inc["sync_token"], count=3)) == ["eight", "seven", "six"]


def test_session_sync_token_errors(api):
    a = sms_numbers(api)[0]
    sid = send(api, a, ["+14155550302"], "x").json()["session_id"]
    other = send(api, a, ["+14155550303"], "y").json()["session_id"]
    path = f"/phone/sms/sessions/{sid}/sync"
    token = sync(api, path)["sync_token"]
    for params in ({"sync_type": "ISync"}, {"sync_type": "BSync"},
                   {"sync_type": "ISync", "sync_token": token[:-2] + "xx"},
                   {"sync_type": "ISync", "sync_token": "garbage"}):
        r = api.get(path, params=params)
        assert r.status_code == 400 and r.json()["code"] == 300, params
        assert r.json()["message"].startswith("The sync token is invalid or expired.")
    # a token of another session, or of the user sessions sync, is not this session's
    r = api.get(f"/phone/sms/sessions/{other}/sync", params={"sync_type": "ISync", "sync_token": token})
    assert r.status_code == 400 and r.json()["code"] == 300
    user_token = sync(api, f"/phone/users/{a['user_id']}/sms/sessions/sync")["sync_token"]
    assert api.get(path, params={"sync_type": "ISync", "sync_token": user_token}).status_code == 400
    # contract: count 1..100, sync_type one of three
    assert api.get(path, params={"count": 0}).status_code == 400
    assert api.get(path, params={"count": 101}).status_code == 400
    assert api.get(path, params={"sync_type": "Sync"}).status_code == 400


def test_user_sessions_sync(api):
    a = sms_numbers(api)[0]
    uid = a["user_id"]
    path = f"/phone/users/{uid}/sms/sessions/sync"
    listed = [s["session_id"] for s in all_pages(api, f"/phone/users/{uid}/sms/sessions", "sms_sessions")]
    assert len(listed) >= 3
    # FSync then BSync pages walk every session, most recent first, as the list orders them
    full = sync(api, path, sync_type="FSync", count=2)
    walked = [s["session_id"] for s in full["sms_sessions"]]
    assert len(walked) == 2 and all("unread_message_count" in s for s in full["sms_sessions"])
    token = full["sync_token"]
    while True:
        back = sync(api, path, sync_type="BSync", sync_token=token, count=2)
        if not back["sms_sessions"]:
            break
        walked += [s["session_id"] for s in back["sms_sessions"]]
        token = back["sync_token"]
    assert walked == listed
    # ISync: the sessions that received messages since the token (a new one and an old one)
    assert sync(api, path, sync_type="ISync", sync_token=full["sync_token"])["sms_sessions"] == []
    new_sid = send(api, a, ["+14155550304"], "new one").json()["session_id"]
    # the least recent session of the user that holds its number gets a new message
    sessions = all_pages(api, f"/phone/users/{uid}/sms/sessions", "sms_sessions")
    old_s = next(s for s in reversed(sessions) if a["number"] in {p["phone_number"] for p in s["participants"]}
                 and s["session_id"] != new_sid)
    old_sid = old_s["session_id"]
    peers = [p["phone_number"] for p in old_s["participants"] if p["phone_number"] != a["number"]]
    assert send(api, a, peers, "back to an old thread").json()["session_id"] == old_sid
    expected = {new_sid, old_sid}
    inc = sync(api, path, sync_type="ISync", sync_token=full["sync_token"])
    got = {s["session_id"]: s for s in inc["sms_sessions"]}
    assert set(got) == expected
    assert got[new_sid]["latest_message"]["message"] == "new one"
    assert sync(api, path, sync_type="ISync", sync_token=inc["sync_token"])["sms_sessions"] == []
    # more sessions with news than count: 7035
    for n in range(3):
        send(api, a, [f"+1415555031{n}"], "burst")
    r = api.get(path, params={"sync_type": "ISync", "sync_token": inc["sync_token"], "count": 2})
    assert r.status_code == 400 and r.json()["code"] == 7035


def test_user_sessions_sync_types_and_errors(api):
    a = sms_numbers(api)[0]
    path = f"/phone/users/{a['user_id']}/sms/sessions/sync"
    assert sync(api, path, session_type="call_queue")["sms_sessions"] == []
    mine = sync(api, path, session_type="user", count=100)["sms_sessions"]
    assert mine and {s["session_type"] for s in mine} == {"user"}
    r = api.get(path, params={"session_type": "robot"})
    assert r.status_code == 400 and r.json() == {"code": 400, "message": "SMS session type is invalid."}
    token = sync(api, path)["sync_token"]
    # a token is bound to its session type, user and operation
    r = api.get(path, params={"sync_type": "ISync", "sync_token": token, "session_type": "user"})
    assert r.status_code == 404 and r.json() == {"code": 300, "message": "The sync token is invalid or expired."}
    b = sms_numbers(api)[1]
    r = api.get(f"/phone/users/{b['user_id']}/sms/sessions/sync", params={"sync_type": "BSync", "sync_token": token})
    assert r.status_code == 404 and r.json()["code"] == 300
    assert api.get(path, params={"sync_type": "ISync"}).status_code == 404


def test_sync_other_tenant(api, other_api):
    a = sms_numbers(api)[0]
    sid = send(api, a, ["+14155550305"], "x").json()["session_id"]
    token = sync(api, f"/phone/sms/sessions/{sid}/sync")["sync_token"]
    r = other_api.get(f"/phone/sms/sessions/{sid}/sync", params={"sync_type": "ISync", "sync_token": token})
    assert r.status_code == 404 and r.json()["code"] == 12004
