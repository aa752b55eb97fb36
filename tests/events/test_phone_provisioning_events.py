"""Phone provisioning changes reach a real receiver as Zoom's events: settings of the account and
of a user group, desk phones, users created and deleted, the Phone names of the provider-exchange
events; a failed request sends nothing."""

from __future__ import annotations

import time
from typing import Any

import httpx
from sqlalchemy import select
from wh_helpers import NM, Receiver, deliveries, peering_number, subscribe, verify

from phonestack.store import schema as t


def _one(receiver: Receiver, name: str) -> dict[str, Any]:
    (rec,) = receiver.wait_for(lambda got: len(got) >= 1)
    verify(rec, receiver.secret)
    body = rec.json
    assert body["event"] == name and list(body) == ["event", "event_ts", "payload"]
    assert abs(body["event_ts"] - time.time() * 1000) < 60_000
    return body["payload"]


def _nothing(server, receiver: Receiver) -> None:  # noqa: ANN001
    time.sleep(0.4)
    assert receiver.events() == []
    assert deliveries(server.base) == []


def _group_id(server, account_id: str) -> str:  # noqa: ANN001
    it = t.phone_items
    with server.app.engine.connect() as conn:
        return conn.execute(select(it.c.id).where(it.c.account_id == account_id, it.c.kind == "user_group")
                            .order_by(it.c.pk)).scalars().first()


# --- settings --------------------------------------------------------------------------------------


def test_account_settings_updated(server, api, demo, receiver):
    subscribe(server.base, receiver, ["phone.account_settings_updated"], client_id=demo["client_id"])
    # a refused change sends nothing
    r = api.patch("/phone/policies/voicemail", json={"voicemail": {"allow_download": "yes"}})
    assert r.status_code == 400
    # a change that changes nothing sends nothing either
    before = api.get("/phone/policies/voicemail").json()["voicemail"]
    assert api.patch("/phone/policies/voicemail",
                     json={"voicemail": {"allow_download": before["allow_download"]}}).status_code == 204
    _nothing(server, receiver)
    r = api.patch("/phone/policies/voicemail",
                  json={"voicemail": {"allow_download": not before["allow_download"], "locked": True}})
    assert r.status_code == 204, r.text
    payload = _one(receiver, "phone.account_settings_updated")
    assert payload == {
        "account_id": demo["account_id"],
        "object": {"id": demo["account_id"], "settings": {"voicemail": {
            "allow_download": not before["allow_download"], "locked": True, "locked_by": "account"}}},
        "old_object": {"id": demo["account_id"], "settings": {"voicemail": {
            "allow_download": before["allow_download"], "locked": False}}},
    }


def test_group_settings_updated(server, api, demo, receiver):
    subscribe(server.base, receiver, ["phone.group_settings_updated"], client_id=demo["client_id"])
    gid = _group_id(server, demo["account_id"])
    path = f"/phone/groups/{gid}/policies/allow_emergency_calls"
    r = api.patch(path, json={"allow_emergency_calls": {"reset": True, "enable": False}})
    assert r.status_code == 400
    _nothing(server, receiver)
    r = api.patch(path, json={"allow_emergency_calls": {"allow_emergency_calls_from_clients": False}})
    assert r.status_code == 204, r.text
    payload = _one(receiver, "phone.group_settings_updated")
    assert payload == {
        "account_id": demo["account_id"],
        "object": {"group_id": gid, "settings": {"allow_emergency_calls": {
            "allow_emergency_calls_from_clients": False, "modified": True}}},
        "old_object": {"group_id": gid, "settings": {"allow_emergency_calls": {
            "allow_emergency_calls_from_clients": True, "modified": False}}},
    }
    # the account's event is another subscription's business
    assert api.patch("/phone/policies/allow_emergency_calls",
                     json={"allow_emergency_calls": {"allow_emergency_calls_from_deskphones": False}}).status_code == 204
    time.sleep(0.3)
    assert [r.event for r in receiver.events()] == ["phone.group_settings_updated"]


# --- devices ----------------------------------------------------------------------------------------


def _a_user(api) -> dict[str, Any]:  # noqa: ANN001
    return api.get("/phone/users", params={"page_size": 1}).json()["users"][0]


def test_device_registration_and_generic_provision(server, api, demo, receiver):
    subscribe(server.base, receiver, ["phone.device_registration", "phone.generic_device_provision"],
              client_id=demo["client_id"])
    # invalid MAC address: nothing
    r = api.post("/phone/devices", json={"display_name": "Bad", "mac_address": "zz", "type": "Grandstream"})
    assert r.status_code == 400
    _nothing(server, receiver)
    # an assisted-provisioning brand, unassigned: registered only
    r = api.post("/phone/devices", json={"display_name": "Lobby", "mac_address": "80-5e-c0-aa-bb-01",
                                         "type": "Yealink", "model": "T54W"})
    assert r.status_code == 201, r.text
    lobby = r.json()["id"]
    payload = _one(receiver, "phone.device_registration")
    assert payload == {"account_id": demo["account_id"], "object": {
        "device_id": lobby, "device_name": "Lobby", "mac_address": "805ec0aabb01"}}
    # a generic SIP device assigned to a user: registered, and its SIP accounts provisioned
    user = _a_user(api)
    r = api.post("/phone/devices", json={"display_name": "Generic", "mac_address": "00:0b:82:aa:bb:02",
                                         "type": "Grandstream", "model": "GXP2170", "assigned_to": user["id"]})
    assert r.status_code == 201, r.text
    dev = r.json()["id"]
    got = receiver.wait_for(lambda got: len(got) >= 3)  # sent concurrently: in any order
    assert sorted(g.event for g in got) == ["phone.device_registration", "phone.device_registration",
                                            "phone.generic_device_provision"]
    for g in got:
        verify(g, receiver.secret)
    assert {g.json["payload"]["object"]["device_id"] for g in got if g.event == "phone.device_registration"} == {
        lobby, dev}
    (obj,) = [g.json["payload"]["object"] for g in got if g.event == "phone.generic_device_provision"]
    detail = api.get(f"/phone/devices/{dev}").json()
    assert obj == {"id": dev, "display_name": "Generic", "mac_address": "000b82aabb02",
                   "device_type": detail["device_type"], "site": {"id": detail["site"]["id"],
                                                                   "name": detail["site"]["name"]},
                   "provision": {"type": "manual", "sip_accounts": detail["provision"]["sip_accounts"]}}
    assert obj["provision"]["sip_accounts"][0]["user_name"] == str(user["extension_number"])
    # assigning the assisted one provisions nothing; assigning nobody new sends nothing
    assert api.post(f"/phone/devices/{lobby}/extensions",
                    json={"assignee_extension_ids": [user["extension_id"]]}).status_code == 201
    assert api.post(f"/phone/devices/{dev}/extensions",
                    json={"assignee_extension_ids": [user["extension_id"]]}).status_code == 201
    time.sleep(0.4)
    assert len(receiver.events()) == 3


# --- users ------------------------------------------------------------------------------------------


def test_batch_add_users_emits_user_created_and_device_events(server, api, demo, receiver):
    subscribe(server.base, receiver, ["user.created", "user.deleted", "phone.device_registration"],
              client_id=demo["client_id"])
    site = api.get("/phone/sites").json()["sites"][0]["name"]
    base = {"site_name": site, "calling_plans": ["US/CA Unlimited"]}
    # all or nothing: a refused batch creates nobody and sends nothing
    r = api.post("/phone/users/batch", json={"users": [
        {**base, "email": "ok.one@demo.phonestack.dev", "extension_number": "7901"},
        {**base, "email": "ok.one@demo.phonestack.dev", "extension_number": "7902"}]})
    assert r.status_code == 400
    _nothing(server, receiver)
    r = api.post("/phone/users/batch", json={"users": [
        {**base, "email": "Ev.One@demo.phonestack.dev", "first_name": "Eve", "last_name": "One",
         "extension_number": "7901", "desk_phones": [{"brand": "Yealink", "model": "T54W", "mac": "80:5E:C0:11:22:99"}]},
        {**base, "email": "ev.two@demo.phonestack.dev", "extension_number": "7902"}]})
    assert r.status_code == 201, r.text
    ids = {x["email"]: x["id"] for x in r.json()}
    got = receiver.wait_for(lambda got: len(got) >= 3)  # sent concurrently: in any order
    assert sorted(g.event for g in got) == ["phone.device_registration", "user.created", "user.created"]
    created = {g.json["payload"]["object"]["email"]: g.json["payload"] for g in got if g.event == "user.created"}
    (device,) = [g.json["payload"]["object"] for g in got if g.event == "phone.device_registration"]
    owner = {"operator": "owner@demo.phonestack.dev", "operator_id": demo["account_id"]}
    assert created["ev.one@demo.phonestack.dev"] == {"account_id": demo["account_id"], **owner, "creation_type": "create", "object": {
        "id": ids["ev.one@demo.phonestack.dev"], "email": "ev.one@demo.phonestack.dev", "first_name": "Eve",
        "last_name": "One", "display_name": "Eve One", "type": 1}}
    assert created["ev.two@demo.phonestack.dev"]["object"] == {
        "id": ids["ev.two@demo.phonestack.dev"], "email": "ev.two@demo.phonestack.dev", "first_name": "",
        "last_name": "", "display_name": "ev.two", "type": 1}
    assert device["mac_address"] == "805ec0112299" and device["device_name"] == "Eve One's desk phone"
    # offboarding (the admin endpoint standing for Zoom's Users API): user.deleted
    url = f"{server.base}/_phonestack/accounts/{demo['account_id']}/users"
    assert httpx.delete(f"{url}/nobody@demo.phonestack.dev").status_code == 404
    assert httpx.delete(f"{url}/ev.one@demo.phonestack.dev").status_code == 204
    got = receiver.wait_for(lambda got: len(got) >= 4)
    verify(got[3], receiver.secret)
    assert got[3].event == "user.deleted"
    assert got[3].json["payload"] == {"account_id": demo["account_id"], **owner, "object": {
        "id": ids["ev.one@demo.phonestack.dev"], "email": "ev.one@demo.phonestack.dev", "first_name": "Eve",
        "last_name": "One", "type": 1}}
    time.sleep(0.3)
    assert len(receiver.events()) == 4


# --- provider exchange: Zoom Phone's names of the two Number Management events ---------------------


def test_phone_names_of_the_peering_events(server, api, demo, receiver):
    subscribe(server.base, receiver, ["phone.peering_number_cnam_updated"], client_id=demo["client_id"])
    peer = peering_number(api)
    r = api.patch(f"{NM}/numbers/{peer['id']}", json={"caller_id_name": "Twin Co", "display_name": "x" * 40})
    assert r.status_code == 400
    _nothing(server, receiver)
    assert api.patch(f"{NM}/numbers/{peer['id']}", json={"caller_id_name": "Twin Co"}).status_code == 204
    payload = _one(receiver, "phone.peering_number_cnam_updated")
    assert payload == {"account_id": demo["account_id"], "object": {
        "carrier_code": 9998, "cnam": "Twin Co", "phone_numbers": [peer["number"]]}}
    (d,) = deliveries(server.base)
    assert d["event"] == "phone.peering_number_cnam_updated"  # the subscription did not want the other name


# --- the call simulator ------------------------------------------------------------------------------

SIM_EVENTS = ["phone.recording_completed", "phone.voicemail_received", "phone.caller_call_history_completed",
              "phone.callee_call_history_completed", "phone.caller_call_log_completed",
              "phone.callee_call_log_completed"]


def test_simulated_calls_emit_zoom_s_completed_events(server, api, demo, receiver):
    from phonestack.activity import media, simulate

    assert (simulate.RECORDING_FILE, simulate.VOICEMAIL_FILE) == (media.RECORDING, media.VOICEMAIL)
    subscribe(server.base, receiver, SIM_EVENTS, client_id=demo["client_id"])
    r = httpx.post(f"{server.base}/_phonestack/simulate", json={"calls": 40, "days": 2, "seed": 11}, timeout=60)
    assert r.status_code == 200, r.text
    counts = r.json()
    want = counts["call_recordings"] + counts["voicemails"]
    assert counts["call_recordings"] and counts["voicemails"]

    def by_event() -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {}
        for d in deliveries(server.base, limit=1000):
            out.setdefault(d["event"], []).append(d["body"]["payload"])
        return out

    deadline = time.monotonic() + 20
    while len(by_event().get("phone.recording_completed", [])) + len(by_event().get("phone.voicemail_received", [])) < want:
        assert time.monotonic() < deadline
        time.sleep(0.1)
    got = by_event()
    assert set(got) == set(SIM_EVENTS)
    assert len(got["phone.recording_completed"]) == counts["call_recordings"]
    assert len(got["phone.voicemail_received"]) == counts["voicemails"]
    # a recording: the fields Zoom requires, and what the API answers for it
    (rec,) = got["phone.recording_completed"][0]["object"]["recordings"]
    assert {"id", "caller_number", "caller_number_type", "callee_number", "callee_number_type", "callee_name",
            "duration", "download_url", "date_time", "direction"} <= set(rec)
    assert rec["download_url"].endswith(f"/v2/files/{media.RECORDING}/{rec['id']}")
    listed = api.get("/phone/recordings", params={"page_size": 300, "from": rec["date_time"][:10],
                                                  "to": rec["date_time"][:10]}).json()["recordings"]
    (api_rec,) = [x for x in listed if x["id"] == rec["id"]]
    for k in ("call_id", "caller_number", "callee_number", "duration", "date_time", "direction"):
        assert rec[k] == api_rec[k], k
    # a voicemail
    vm = got["phone.voicemail_received"][0]["object"]
    assert {"id", "date_time", "download_url", "duration", "caller_number", "caller_number_type", "caller_name",
            "callee_number", "callee_number_type", "callee_name", "callee_extension_type", "callee_id"} <= set(vm)
    assert vm["download_url"].endswith(f"/v2/files/{media.VOICEMAIL}/{vm['id']}")
    # call history: the user and the call's path, as GET /phone/call_history/{id} answers it
    hist = got["phone.callee_call_history_completed"][0]["object"]
    assert set(hist) == {"user_id", "call_logs"} and hist["call_logs"]
    leg = hist["call_logs"][0]
    assert {"id", "call_path_id", "call_id", "start_time", "result"} <= set(leg)
    detail = api.get(f"/phone/call_history/{leg['id']}")
    assert detail.status_code == 200, detail.text
    assert detail.json()["call_id"] == leg["call_id"]
    assert [p["id"] for p in detail.json()["call_path"]] == [x["call_path_id"] for x in hist["call_logs"]]
    # call logs (deprecated by Zoom, still sent): the user's own log
    log = got["phone.caller_call_log_completed"][0]["object"]
    (item,) = log["call_logs"]
    assert {"id", "caller_number", "caller_number_type", "callee_number", "callee_number_type", "result",
            "date_time", "path", "has_voicemail", "call_id"} <= set(item)
    assert api.get(f"/phone/call_logs/{item['id']}").status_code == 200


def test_deleting_activity_emits_zoom_s_deleted_events(server, api, demo, receiver):
    names = ["phone.recording_deleted", "phone.recording_permanently_deleted", "phone.voicemail_deleted",
             "phone.call_log_deleted", "phone.call_history_deleted"]
    r = httpx.post(f"{server.base}/_phonestack/simulate", json={"calls": 30, "days": 2, "seed": 5}, timeout=60)
    assert r.status_code == 200, r.text
    subscribe(server.base, receiver, names, client_id=demo["client_id"])
    rec = api.get("/phone/recordings", params={"page_size": 1}).json()["recordings"][0]
    assert api.delete(f"/phone/recordings/{rec['id']}").status_code == 204  # to the trash
    assert api.delete(f"/phone/recordings/{rec['id']}").status_code == 204  # for good
    assert api.delete("/phone/recordings/nope").status_code in (400, 404)
    vm = api.get("/phone/voice_mails", params={"page_size": 1}).json()["voice_mails"][0]
    assert api.delete(f"/phone/voice_mails/{vm['id']}").status_code == 204
    user = next(u for u in api.get("/phone/users", params={"page_size": 100}).json()["users"]
                if api.get(f"/phone/users/{u['id']}/call_logs", params={"page_size": 1}).json()["call_logs"])
    log = api.get(f"/phone/users/{user['id']}/call_logs", params={"page_size": 1}).json()["call_logs"][0]
    assert api.delete(f"/phone/users/{user['id']}/call_logs/{log['id']}").status_code == 204
    hist = api.get(f"/phone/users/{user['id']}/call_history", params={"page_size": 1}).json()["call_logs"][0]
    assert api.delete(f"/phone/users/{user['id']}/call_history/{hist['id']}").status_code == 204
    got = {g.event: g.json["payload"]["object"] for g in receiver.wait_for(lambda got: len(got) >= 5)}
    assert got["phone.recording_deleted"] == {"recordings": [{"id": rec["id"], "call_id": rec["call_id"]}]}
    assert got["phone.recording_permanently_deleted"] == got["phone.recording_deleted"]
    assert got["phone.voicemail_deleted"] == {"voice_mails": [{"id": vm["id"]}]}
    assert got["phone.call_log_deleted"] == {"user_id": user["id"], "call_logs": [{"id": log["id"],
                                                                                    "call_id": log["call_id"]}]}
    assert got["phone.call_history_deleted"] == {"user_id": user["id"], "call_log_ids": [hist["id"]],
                                                 "move_to_trash": False, "delete_all": False}
    time.sleep(0.3)
    assert len(receiver.events()) == 5
