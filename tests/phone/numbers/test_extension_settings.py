"""Extension-level settings: call handling, inbound block rules, line keys."""

from __future__ import annotations

from typing import Any

import pytest

EXT = "/phone/extension"


def error(r, status: int, code: int) -> dict[str, Any]:  # noqa: ANN001
    assert r.status_code == status, r.text
    body = r.json()
    assert body["code"] == code, body
    return body


def assignees(api, kind: str) -> list[dict[str, Any]]:  # noqa: ANN001
    body = api.get("/phone/numbers", params={"type": "assigned", "extension_type": kind, "page_size": 100}).json()
    out: dict[str, dict[str, Any]] = {}
    for n in body["phone_numbers"]:
        out.setdefault(n["assignee"]["id"], n["assignee"])
    return list(out.values())


@pytest.fixture
def user(api) -> dict[str, Any]:  # noqa: ANN001
    return assignees(api, "user")[0]


def handling(api, ext_id: str) -> dict[str, Any]:  # noqa: ANN001
    r = api.get(f"{EXT}/{ext_id}/call_handling/settings")
    assert r.status_code == 200, r.text
    return r.json()


def sub(entries: list[dict[str, Any]], name: str) -> dict[str, Any]:
    return next(e["settings"] for e in entries if e["sub_setting_type"] == name)


# --- call handling --------------------------------------------------------------------------------


def test_seeded_business_hours_and_shapes(api):
    users = assignees(api, "user")
    seeded = [u for u in users if sub(handling(api, u["id"])["business_hours"], "custom_hours")["type"] == 2]
    assert seeded
    hours = sub(handling(api, seeded[0]["id"])["business_hours"], "custom_hours")["custom_hours_settings"]
    assert {"weekday": 2, "type": 2, "from": "09:00", "to": "17:00"} in hours
    queue = assignees(api, "callQueue")[0]
    got = handling(api, queue["id"])
    assert [e["sub_setting_type"] for e in got["business_hours"]] == ["custom_hours", "call_handling"]
    assert "call_distribution" in sub(got["business_hours"], "call_handling")
    group = api.get("/phone/shared_line_groups").json()["shared_line_groups"][0]
    assert handling(api, group["id"])["holiday_hours"] == []


def test_custom_hours_and_call_handling_update(api, user):
    ext = user["id"]
    r = api.patch(f"{EXT}/{ext}/call_handling/settings/business_hours", json={
        "sub_setting_type": "custom_hours",
        "settings": {"type": 2, "custom_hours_settings": [{"weekday": 2, "type": 2, "from": "08:00", "to": "16:30"},
                                                          {"weekday": 1, "type": 0}]}})
    assert r.status_code == 204, r.text
    hours = sub(handling(api, ext)["business_hours"], "custom_hours")
    assert hours["type"] == 2
    assert {"weekday": 2, "type": 2, "from": "08:00", "to": "16:30"} in hours["custom_hours_settings"]
    assert {"weekday": 1, "type": 0} in hours["custom_hours_settings"]
    queue = assignees(api, "callQueue")[0]
    r = api.patch(f"{EXT}/{ext}/call_handling/settings/business_hours", json={
        "sub_setting_type": "call_handling",
        "settings": {"call_not_answer_action": 7, "forward_to_extension_id": queue["id"], "ring_mode": "sequential",
                     "max_wait_time": 45, "connect_to_operator": True, "operator_extension_id": queue["id"]}})
    assert r.status_code == 204, r.text
    settings = sub(handling(api, ext)["business_hours"], "call_handling")
    assert settings["ring_mode"] == "sequential" and settings["max_wait_time"] == 45
    assert settings["routing"]["action"] == 7
    assert settings["routing"]["forward_to"]["extension_id"] == queue["id"]
    assert settings["routing"]["forward_to"]["extension_type"] == "callQueue"
    assert settings["routing"]["forward_to"]["display_name"] == queue["name"]
    assert settings["routing"]["operator"]["id"] == queue["id"]
    r = api.patch(f"{EXT}/{ext}/call_handling/settings/closed_hours", json={
        "sub_setting_type": "call_handling", "settings": {"call_not_answer_action": 10, "phone_number": "+14155550100",
                                                          "description": "Answering service"}})
    assert r.status_code == 204, r.text
    closed = sub(handling(api, ext)["closed_hours"], "call_handling")
    assert closed["routing"]["forward_to"] == {"phone_number": "+14155550100", "description": "Answering service"}


def test_call_handling_update_errors(api, user, other_api):
    ext = user["id"]
    before = handling(api, ext)

    def patch(setting_type, sub_type, settings, client=api):  # noqa: ANN001, ANN202
        return client.patch(f"{EXT}/{ext}/call_handling/settings/{setting_type}",
                            json={"sub_setting_type": sub_type, "settings": settings})

    body = error(patch("business_hours", "custom_hours", {"custom_hours_settings": [
        {"weekday": 3, "type": 2, "from": "18:00", "to": "09:00"}]}), 400, 400)
    assert body["message"] == "Invalid customer hours from/to time for weekday: 3."
    body = error(patch("business_hours", "call_handling", {"ring_mode": "sequential"}), 400, 400)
    assert body["message"] == "The user business hours ring mode and max wait time need to be set together."
    body = error(patch("business_hours", "call_handling", {"operator_extension_id": ext}), 400, 400)
    assert body["message"] == "You cannot assign yourself as the operator."
    body = error(patch("business_hours", "call_handling", {"voicemail_leaving_instruction_id": "abc"}), 400, 400)
    assert body["message"].startswith("Since 'Allow callers to reach an operator'")
    error(patch("business_hours", "call_handling", {"forward_to_extension_id": "nope"}), 404, 404)
    body = error(patch("business_hours", "call_forwarding", {"call_forwarding_settings": [{"id": "nope"}]}), 404, 404)
    assert body["message"] == "Call forwarding does not exist: nope."
    error(patch("weekend_hours", "call_handling", {}), 400, 300)
    error(patch("closed_hours", "custom_hours", {"type": 1}), 400, 300)
    body = error(patch("business_hours", "call_handling", {}, client=other_api), 404, 404)
    assert body["message"] == f"Extension does not exist: {ext}."
    assert handling(api, ext) == before
    body = error(api.get(f"{EXT}/nope/call_handling/settings"), 404, 404)
    assert body["message"] == "Extension does not exist: nope"


def test_call_forwarding_add_update_delete(api, user):
    ext = user["id"]
    r = api.post(f"{EXT}/{ext}/call_handling/settings/business_hours", json={
        "sub_setting_type": "call_forwarding", "settings": {"phone_number": "+12125550111", "description": "Home"}})
    assert r.status_code == 201, r.text
    fid = r.json()["call_forwarding_id"]
    entries = sub(handling(api, ext)["business_hours"], "call_forwarding")["call_forwarding_settings"]
    assert {"id": fid, "enable": True, "phone_number": "+12125550111", "description": "Home"} in entries
    r = api.patch(f"{EXT}/{ext}/call_handling/settings/business_hours", json={
        "sub_setting_type": "call_forwarding",
        "settings": {"require_press_1_before_connecting": True,
                     "call_forwarding_settings": [{"id": fid, "enable": False, "phone_number": "+12125550112"}]}})
    assert r.status_code == 204, r.text
    forwarding = sub(handling(api, ext)["business_hours"], "call_forwarding")
    entry = next(e for e in forwarding["call_forwarding_settings"] if e["id"] == fid)
    assert entry["enable"] is False and entry["phone_number"] == "+12125550112"
    assert forwarding["require_press_1_before_connecting"] is True
    error(api.post(f"{EXT}/{ext}/call_handling/settings/business_hours", json={
        "sub_setting_type": "call_forwarding", "settings": {"phone_number": "12125550111"}}), 400, 300)
    r = api.delete(f"{EXT}/{ext}/call_handling/settings/business_hours", params={"call_forwarding_id": fid})
    assert r.status_code == 204
    entries = sub(handling(api, ext)["business_hours"], "call_forwarding")["call_forwarding_settings"]
    assert fid not in {e["id"] for e in entries}
    body = error(api.delete(f"{EXT}/{ext}/call_handling/settings/business_hours",
                            params={"call_forwarding_id": fid}), 404, 404)
    assert body["message"] == f"Call forwarding does not exist: {fid}."
    error(api.delete(f"{EXT}/{ext}/call_handling/settings/business_hours"), 400, 300)
    # call forwarding to external numbers is a user feature
    queue = assignees(api, "callQueue")[0]
    body = error(api.post(f"{EXT}/{queue['id']}/call_handling/settings/business_hours", json={
        "sub_setting_type": "call_forwarding", "settings": {"phone_number": "+12125550111"}}), 400, 400)
    assert "Call Forwarding to External Numbers" in body["message"]


def test_holidays(api, user):
    ext = user["id"]
    r = api.post(f"{EXT}/{ext}/call_handling/settings/holiday_hours", json={
        "sub_setting_type": "holiday",
        "settings": {"name": "Company Day", "from": "2026-06-01T00:00:00Z", "to": "2026-06-02T00:00:00Z"}})
    assert r.status_code == 201, r.text
    hid = r.json()["holiday_id"]
    holiday = next(h for h in handling(api, ext)["holiday_hours"] if h["holiday_id"] == hid)
    assert sub(holiday["details"], "holiday") == {"name": "Company Day", "from": "2026-06-01T00:00:00Z",
                                                  "to": "2026-06-02T00:00:00Z"}
    r = api.patch(f"{EXT}/{ext}/call_handling/settings/holiday_hours", json={
        "sub_setting_type": "holiday", "settings": {"holiday_id": hid, "name": "Founders Day"}})
    assert r.status_code == 204, r.text
    r = api.patch(f"{EXT}/{ext}/call_handling/settings/holiday_hours", json={
        "sub_setting_type": "call_handling", "settings": {"holiday_id": hid, "call_not_answer_action": 1,
                                                          "allow_callers_check_voicemail": True}})
    assert r.status_code == 204, r.text
    r = api.post(f"{EXT}/{ext}/call_handling/settings/holiday_hours", json={
        "sub_setting_type": "call_forwarding", "settings": {"holiday_id": hid, "phone_number": "+12125550199"}})
    assert r.status_code == 201, r.text
    holiday = next(h for h in handling(api, ext)["holiday_hours"] if h["holiday_id"] == hid)
    assert sub(holiday["details"], "holiday")["name"] == "Founders Day"
    assert sub(holiday["details"], "call_handling")["routing"]["allow_callers_check_voicemail"] is True
    assert sub(holiday["details"], "call_forwarding")["call_forwarding_settings"][0]["phone_number"] == "+12125550199"
    body = error(api.post(f"{EXT}/{ext}/call_handling/settings/holiday_hours", json={
        "sub_setting_type": "holiday",
        "settings": {"name": "Backwards", "from": "2026-06-02T00:00:00Z", "to": "2026-06-01T00:00:00Z"}}), 400, 400)
    assert body["message"] == "Invalid holiday from/to time."
    body = error(api.post(f"{EXT}/{ext}/call_handling/settings/holiday_hours", json={
        "sub_setting_type": "call_forwarding", "settings": {"holiday_id": "nope", "phone_number": "+12125550199"}}),
        404, 404)
    assert body["message"] == "Holiday does not exist."
    r = api.delete(f"{EXT}/{ext}/call_handling/settings/holiday_hours", params={"holiday_id": hid})
    assert r.status_code == 204
    assert hid not in {h["holiday_id"] for h in handling(api, ext)["holiday_hours"]}
    error(api.delete(f"{EXT}/{ext}/call_handling/settings/holiday_hours", params={"holiday_id": hid}), 404, 404)


def test_call_handling_not_applicable_to_common_areas(api):
    area = assignees(api, "commonArea")[0]
    error(api.get(f"{EXT}/{area['id']}/call_handling/settings"), 404, 404)


# --- inbound block rules --------------------------------------------------------------------------


def rules(api, ext_id: str) -> list[dict[str, Any]]:  # noqa: ANN001
    r = api.get(f"{EXT}/{ext_id}/inbound_blocked/rules", params={"page_size": 100})
    assert r.status_code == 200, r.text
    return r.json()["extension_blocked_rules"]


def test_block_rules_add_list_delete(api):
    group = api.get("/phone/shared_line_groups").json()["shared_line_groups"][0]
    ext = group["id"]
    assert rules(api, ext) == []
    r = api.post(f"{EXT}/{ext}/inbound_blocked/rules", json={
        "match_type": "phoneNumber", "blocked_number": "20665558945", "type": "block_for_other_reasons",
        "country": "US"})
    assert r.status_code == 201, r.text
    rid = r.json()["id"]
    assert rules(api, ext) == [{"id": rid, "match_type": "phoneNumber", "phone_number": "+120665558945",
                                "type": "block_for_other_reasons", "blocked_number": "20665558945",
                                "country": "US"}]
    r2 = api.post(f"{EXT}/{ext}/inbound_blocked/rules", json={
        "match_type": "SMS-shortCodes", "blocked_number": "55512", "type": "block_for_other_reasons"})
    assert r2.status_code == 201
    page = api.get(f"{EXT}/{ext}/inbound_blocked/rules", params={"page_size": 1}).json()
    assert len(page["extension_blocked_rules"]) == 1 and page["next_page_token"]
    # one rule by id (JSON body: the contract declares no parameter), then the others
    r = api.request("DELETE", f"{EXT}/{ext}/inbound_blocked/rules", json={"blocked_rule_id": rid})
    assert r.status_code == 204
    assert [x["id"] for x in rules(api, ext)] == [r2.json()["id"]]
    body = error(api.request("DELETE", f"{EXT}/{ext}/inbound_blocked/rules", json={"blocked_rule_id": rid}), 404, 404)
    assert body["message"] == f"Blocked rule does not exist: {rid}."
    assert api.delete(f"{EXT}/{ext}/inbound_blocked/rules").status_code == 204
    assert rules(api, ext) == []


def test_block_rule_errors(api, user, other_api):
    ext = user["id"]
    before = rules(api, ext)
    assert before  # seeded

    def add(**body):  # noqa: ANN003, ANN202
        return api.post(f"{EXT}/{ext}/inbound_blocked/rules", json={"type": "block_for_other_reasons", **body})

    first = before[0]
    body = error(add(match_type=first["match_type"], blocked_number=first["blocked_number"],
                     country=first.get("country")), 400, 13601)
    assert body["message"] == f"Blocked phone number already exists:{first['blocked_number']}."
    assert error(add(match_type="phoneNumber", blocked_number="2065550100", country="XX"), 400, 400)[
        "message"] == "Invalid country."
    error(add(match_type="phoneNumber", blocked_number="+442071234567", country="US"), 400, 13604)
    error(add(match_type="phoneNumber", blocked_number="12ab", country="US"), 400, 7015)
    error(api.post(f"{EXT}/{ext}/inbound_blocked/rules", json={
        "match_type": "SMS-shortCodes", "blocked_number": "55512", "type": "block_as_threat"}), 400, 13606)
    error(add(match_type="phoneNumber", blocked_number="2065550100", country="US", type="spam"), 400, 300)
    body = error(other_api.post(f"{EXT}/{ext}/inbound_blocked/rules", json={
        "match_type": "prefix", "blocked_number": "900", "type": "block_for_other_reasons", "country": "US"}), 404, 404)
    assert body["message"] == f"Extension does not exist: {ext}."
    error(other_api.get(f"{EXT}/{ext}/inbound_blocked/rules"), 404, 404)
    assert rules(api, ext) == before


def test_block_rules_missing_scope(scoped_api, user):
    error(scoped_api(["phone:read:admin"]).post(f"{EXT}/{user['id']}/inbound_blocked/rules", json={
        "match_type": "prefix", "blocked_number": "900", "type": "block_for_other_reasons", "country": "US"}),
        400, 4700)


# --- line keys ------------------------------------------------------------------------------------


def line_keys(api, ext_id: str) -> list[dict[str, Any]]:  # noqa: ANN001
    r = api.get(f"{EXT}/{ext_id}/line_keys")
    assert r.status_code == 200, r.text
    return r.json()["line_keys"]


def test_line_keys_update_and_delete(api):
    users = assignees(api, "user")
    seeded = next(u for u in users if line_keys(api, u["id"]))
    keys = line_keys(api, seeded["id"])
    assert [k["index"] for k in keys] == [1, 2]
    assert keys[0]["key_assignment"]["extension_id"] == seeded["id"]
    assert keys[1]["type"] == "blf" and keys[1]["key_assignment"]["display_name"]
    other = next(u for u in users if u["id"] != seeded["id"])
    # swap the two positions, rename one, add a speed dial at position 3
    r = api.patch(f"{EXT}/{seeded['id']}/line_keys", json={"line_keys": [
        {"line_key_id": keys[0]["line_key_id"], "index": 2, "alias": "Main"},
        {"line_key_id": keys[1]["line_key_id"], "index": 1, "key_assignment": {"extension_id": other["id"]}},
        {"index": 3, "type": "speed_dial", "alias": "Lobby", "key_assignment": {"speed_dial_number": "4001"}}]})
    assert r.status_code == 204, r.text
    got = line_keys(api, seeded["id"])
    assert [(k["index"], k["line_key_id"]) for k in got[:2]] == [(1, keys[1]["line_key_id"]),
                                                                  (2, keys[0]["line_key_id"])]
    assert got[0]["key_assignment"]["extension_id"] == other["id"]
    assert got[0]["key_assignment"]["extension_number"] == str(other["extension_number"])
    assert got[1]["alias"] == "Main"
    assert got[2]["type"] == "speed_dial" and got[2]["key_assignment"]["speed_dial_number"] == "4001"
    assert api.delete(f"{EXT}/{seeded['id']}/line_keys/{got[2]['line_key_id']}").status_code == 204
    assert len(line_keys(api, seeded["id"])) == 2
    body = error(api.delete(f"{EXT}/{seeded['id']}/line_keys/{got[2]['line_key_id']}"), 400, 300)
    assert body["message"] == f"Line key ID does not exist: {got[2]['line_key_id']}."


def test_line_key_errors(api, other_api):
    users = assignees(api, "user")
    seeded = next(u for u in users if line_keys(api, u["id"]))
    keys = line_keys(api, seeded["id"])

    def patch(*entries, client=api):  # noqa: ANN002, ANN202
        return client.patch(f"{EXT}/{seeded['id']}/line_keys", json={"line_keys": list(entries)})

    body = error(patch({"line_key_id": "nope", "index": 4}), 400, 300)
    assert body["message"] == "Line key ID does not exist: nope."
    error(patch({"line_key_id": keys[0]["line_key_id"], "index": 2}), 400, 300)  # two keys at position 2
    error(patch({"index": 5, "type": "blf"}), 400, 300)  # a busy lamp field needs an extension
    error(patch({"index": 5, "type": "call_park"}), 400, 300)
    error(patch({"index": 5, "type": "blf", "key_assignment": {"extension_id": "nope"}}), 400, 300)
    error(patch({"line_key_id": keys[0]["line_key_id"], "alias": "x" * 33}), 400, 300)
    error(patch({"index": 5, "type": "pager"}), 400, 300)
    error(patch({"line_key_id": keys[0]["line_key_id"], "alias": "x"}, client=other_api), 400, 404)
    error(other_api.get(f"{EXT}/{seeded['id']}/line_keys"), 404, 404)
    error(other_api.delete(f"{EXT}/{seeded['id']}/line_keys/{keys[0]['line_key_id']}"), 400, 404)
    assert line_keys(api, seeded["id"]) == keys
    queue = assignees(api, "callQueue")[0]
    error(api.get(f"{EXT}/{queue['id']}/line_keys"), 404, 404)
