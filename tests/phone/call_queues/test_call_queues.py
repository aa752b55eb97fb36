"""Call queues through HTTP: details, members and managers, numbers, policies (issue 3)."""

from __future__ import annotations

from typing import Any

NM = "/accounts/me/number_management"


def queues(api) -> dict[str, dict[str, Any]]:  # noqa: ANN001
    r = api.get("/phone/call_queues", params={"page_size": 100})
    assert r.status_code == 200, r.text
    return {q["name"]: q for q in r.json()["call_queues"]}


def users(api, n: int = 100) -> list[dict[str, Any]]:  # noqa: ANN001
    """The account's phone users ({id, email?, extension_number?}): List users, or (while that
    family has not landed) the users the demo queues and numbers show."""
    r = api.get("/phone/users", params={"page_size": 100})
    if r.status_code == 200 and r.json().get("users"):
        return r.json()["users"][:n]
    seen: dict[str, dict[str, Any]] = {}
    for p in assignees(api, "user"):
        seen.setdefault(p["id"], {"id": p["id"], "extension_number": p.get("extension_number")})
    for q in api.get("/phone/call_queues", params={"page_size": 100}).json()["call_queues"]:
        for u in api.get(f"/phone/call_queues/{q['id']}").json()["members"]["users"]:
            seen.setdefault(u["id"], {"id": u["id"]})
    return list(seen.values())[:n]


def assignees(api, kind: str) -> list[dict[str, Any]]:  # noqa: ANN001
    r = api.get("/phone/numbers", params={"type": "assigned", "extension_type": kind, "page_size": 100})
    assert r.status_code == 200, r.text
    return [n["assignee"] for n in r.json()["phone_numbers"]]


def free_numbers(api, n: int) -> list[dict[str, Any]]:  # noqa: ANN001
    r = api.get("/phone/numbers", params={"type": "unassigned", "pending_numbers": "false", "page_size": 100})
    assert r.status_code == 200, r.text
    out = r.json()["phone_numbers"]
    assert len(out) >= n, out
    return out[:n]


def sites(api) -> list[dict[str, Any]]:  # noqa: ANN001
    return api.get("/phone/sites").json()["sites"]


def common_area(api) -> dict[str, Any]:  # noqa: ANN001
    r = api.get("/phone/common_areas")
    if r.status_code == 200 and r.json().get("common_areas"):
        return r.json()["common_areas"][0]
    return assignees(api, "commonArea")[0]


# --- the demo seed and the list -------------------------------------------------------------------


def test_demo_queues_have_members_numbers_and_sites(api):
    qs = queues(api)
    assert {"Sales Queue", "Support Queue", "Billing Queue", "Reception Queue"} <= set(qs)
    site_ids = {s["id"]: s["name"] for s in sites(api)}
    for q in qs.values():
        assert q["site"]["name"] == site_ids[q["site"]["id"]]
        assert len(q["phone_numbers"]) >= 1
        assert q["extension_id"] == q["id"] and q["status"] == "active"
        got = api.get(f"/phone/call_queues/{q['id']}").json()
        assert 3 <= len(got["members"]["users"]) <= 8
        assert [u for u in got["members"]["users"] if u["level"] == "manager"]
        inventory = api.get(f"{NM}/numbers/{q['phone_numbers'][0]['id']}").json()
        assert inventory["assigned_list"][0]["assigned_to_id"] == q["id"]


def test_list_filters_by_site_and_paginates(api):
    main = sites(api)[0]["id"]
    r = api.get("/phone/call_queues", params={"site_id": main})
    assert r.status_code == 200
    assert r.json()["call_queues"] and all(q["site"]["id"] == main for q in r.json()["call_queues"])
    first = api.get("/phone/call_queues", params={"page_size": 2}).json()
    assert len(first["call_queues"]) == 2 and first["total_records"] == 4 and first["next_page_token"]
    second = api.get("/phone/call_queues", params={"page_size": 2, "next_page_token": first["next_page_token"]})
    ids = {q["id"] for q in first["call_queues"]} | {q["id"] for q in second.json()["call_queues"]}
    assert len(ids) == 4


def test_other_tenant_sees_no_queue(api, other_api):
    q = queues(api)["Sales Queue"]
    assert other_api.get("/phone/call_queues").json()["call_queues"] == []
    r = other_api.get(f"/phone/call_queues/{q['id']}")
    assert r.status_code == 404 and r.json()["code"] == 13000


def test_sub_account_has_its_own_queue(sub_api):
    qs = sub_api.get("/phone/call_queues").json()["call_queues"]
    assert [q["name"] for q in qs] == ["Sub Help Desk"]
    got = sub_api.get(f"/phone/call_queues/{qs[0]['id']}").json()
    assert got["members"]["users"]


def test_missing_scope(scoped_api):
    client = scoped_api(["phone:read:list_call_queues:admin"])
    assert client.get("/phone/call_queues").status_code == 200
    r = client.post("/phone/call_queues", json={"name": "X", "site_id": "x"})
    assert r.status_code == 400 and r.json()["code"] == 4700


# --- create / get / update / delete ---------------------------------------------------------------


def test_create_with_members_then_read_back(api):
    site = sites(api)[1]
    us = users(api, 3)
    area = common_area(api)
    r = api.post("/phone/call_queues", json={
        "name": "Escalations", "site_id": site["id"], "extension_number": 2950, "description": "Tier 2",
        "cost_center": "CC-9", "department": "Support",
        "members": {"users": [{"id": us[0]["id"]}, {"email": us[1]["email"]} if us[1].get("email") else {"id": us[1]["id"]}], "common_area_ids": [area["id"]]}})
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["name"] == "Escalations" and body["extension_number"] == 2950 and body["status"] == "active"
    got = api.get(f"/phone/call_queues/{body['id']}").json()
    assert got["site"] == {"id": site["id"], "name": site["name"]}
    assert got["description"] == "Tier 2" and got["cost_center"] == "CC-9" and got["department"] == "Support"
    assert [u["id"] for u in got["members"]["users"]] == [us[0]["id"], us[1]["id"]]
    assert all(u["level"] == "user" and u["receive_call"] is True for u in got["members"]["users"])
    assert [a["id"] for a in got["members"]["common_areas"]] == [area["id"]]
    assert got["phone_numbers"] == []
    assert body["id"] in {q["id"] for q in api.get("/phone/call_queues", params={"page_size": 100})
                          .json()["call_queues"]}


def test_create_errors(api):
    site = sites(api)[0]["id"]
    taken = queues(api)["Sales Queue"]["extension_number"]
    r = api.post("/phone/call_queues", json={"name": "Dup", "site_id": site, "extension_number": taken})
    assert r.status_code == 400 and r.json()["code"] == 400 and str(taken) in r.json()["message"]
    r = api.post("/phone/call_queues", json={"name": "Dup", "site_id": "nope"})
    assert r.status_code == 400 and r.json()["message"] == "Site does not exist."
    r = api.post("/phone/call_queues", json={"name": "Dup", "site_id": site, "extension_number": 12})
    assert r.status_code == 400 and r.json()["code"] == 300 and "out of range" in r.json()["message"]
    r = api.post("/phone/call_queues", json={"name": "Dup", "site_id": site,
                                             "members": {"users": [{"id": "no-such-user"}]}})
    assert r.status_code == 404 and r.json() == {"code": 1001, "message": "User not found: no-such-user."}
    us = users(api)
    many = [{"id": us[i % len(us)]["id"]} for i in range(11)]
    r = api.post("/phone/call_queues", json={"name": "Dup", "site_id": site, "members": {"users": many}})
    assert r.status_code == 400 and r.json()["message"] == "Exceeded the maximum number to add members per time."
    r = api.post("/phone/call_queues", json={"name": "NoSite"})
    assert r.status_code == 400 and r.json()["code"] == 300
    # nothing was created by the failed requests
    assert "Dup" not in queues(api)


def test_extension_numbers_are_unique_across_kinds(api):
    user_ext = next(u["extension_number"] for u in users(api) if u.get("extension_number"))
    r = api.post("/phone/call_queues", json={"name": "Clash", "site_id": sites(api)[0]["id"],
                                             "extension_number": user_ext})
    assert r.status_code == 400 and "already used" in r.json()["message"]


def test_update_then_read_back(api):
    q = queues(api)["Billing Queue"]
    target = sites(api)[2]
    r = api.patch(f"/phone/call_queues/{q['id']}", json={
        "name": "Billing & Payments", "extension_number": 2999, "status": "inactive", "timezone": "Europe/Paris",
        "audio_prompt_language": "fr-FR", "cost_center": "CC-X", "site_id": target["id"]})
    assert r.status_code == 204, r.text
    got = api.get(f"/phone/call_queues/{q['id']}").json()
    assert got["name"] == "Billing & Payments" and got["extension_number"] == 2999 and got["status"] == "inactive"
    assert got["timezone"] == "Europe/Paris" and got["audio_prompt_language"] == "fr-FR"
    assert got["cost_center"] == "CC-X" and got["site"]["id"] == target["id"]
    # its number followed it to the new site
    number = api.get(f"/phone/numbers/{got['phone_numbers'][0]['id']}").json()
    assert number["site"]["id"] == target["id"]


def test_update_errors(api):
    q = queues(api)["Billing Queue"]
    r = api.patch(f"/phone/call_queues/{q['id']}", json={"timezone": "Mars/Olympus"})
    assert r.status_code == 400 and r.json()["message"] == "Timezone not found in the system."
    other = queues(api)["Sales Queue"]["extension_number"]
    r = api.patch(f"/phone/call_queues/{q['id']}", json={"extension_number": other, "name": "Changed"})
    assert r.status_code == 400 and "already used" in r.json()["message"]
    assert api.get(f"/phone/call_queues/{q['id']}").json()["name"] == "Billing Queue"
    r = api.patch("/phone/call_queues/nope", json={"name": "x"})
    assert r.status_code == 400 and r.json() == {"code": 300, "message": "The group does not exist, groupId:nope"}
    r = api.patch(f"/phone/call_queues/{q['id']}", json={"status": "paused"})
    assert r.status_code == 400


def test_delete_frees_numbers_and_members(api):
    q = queues(api)["Reception Queue"]
    number_id = q["phone_numbers"][0]["id"]
    member = api.get(f"/phone/call_queues/{q['id']}").json()["members"]["users"][0]["id"]
    r = api.delete(f"/phone/call_queues/{q['id']}")
    assert r.status_code == 204
    r = api.get(f"/phone/call_queues/{q['id']}")
    assert r.status_code == 404 and r.json()["code"] == 13000
    assert api.get(f"{NM}/numbers/{number_id}").json()["assigned_list"] == []
    # the member itself stays: it is still a member of the other queues it was in
    assert member in {u["id"] for u in users(api)} or api.get(f"/phone/users/{member}").status_code == 501
    r = api.delete(f"/phone/call_queues/{q['id']}")
    assert r.status_code == 400 and r.json()["code"] == 400
    assert r.json()["message"] == f"The group does not exist, groupId:{q['id']}."


# --- members --------------------------------------------------------------------------------------


def test_members_add_list_remove(api):
    r = api.post("/phone/call_queues", json={"name": "Fresh", "site_id": sites(api)[0]["id"],
                                             "members": {"users": [{"id": users(api, 1)[0]["id"]}]}})
    qid = r.json()["id"]
    current = api.get(f"/phone/call_queues/{qid}/members").json()
    assert current["total_records"] == 1
    have = {m["id"] for m in current["call_queue_members"]}
    new = [u for u in users(api) if u["id"] not in have][:2]
    area = common_area(api)
    r = api.post(f"/phone/call_queues/{qid}/members", json={
        "members": {"users": [{"id": u["id"]} for u in new], "common_area_ids": [area["id"]]}})
    assert r.status_code == 201, r.text
    listed = api.get(f"/phone/call_queues/{qid}/members", params={"page_size": 100}).json()
    by_id = {m["id"]: m for m in listed["call_queue_members"]}
    assert [m["id"] for m in listed["call_queue_members"]] == [*have, new[0]["id"], new[1]["id"], area["id"]]
    assert by_id[area["id"]]["level"] == "commonArea" and by_id[new[0]["id"]]["level"] == "user"
    assert listed["total_records"] == 4
    # adding a member again changes nothing
    r = api.post(f"/phone/call_queues/{qid}/members", json={"members": {"users": [{"id": new[0]["id"]}]}})
    assert r.status_code == 201
    assert api.get(f"/phone/call_queues/{qid}/members").json()["total_records"] == 4
    # remove one
    r = api.delete(f"/phone/call_queues/{qid}/members/{new[0]['id']}")
    assert r.status_code == 204
    ids = {m["id"] for m in api.get(f"/phone/call_queues/{qid}/members").json()["call_queue_members"]}
    assert new[0]["id"] not in ids and new[1]["id"] in ids
    r = api.delete(f"/phone/call_queues/{qid}/members/{new[0]['id']}")
    assert r.status_code == 400 and r.json()["code"] == 300


def test_members_paginate(api):
    q = queues(api)["Sales Queue"]
    total = api.get(f"/phone/call_queues/{q['id']}/members").json()["total_records"]
    first = api.get(f"/phone/call_queues/{q['id']}/members", params={"page_size": 1}).json()
    assert len(first["call_queue_members"]) == 1 and first["total_records"] == total and first["next_page_token"]


def test_add_members_errors(api):
    q = queues(api)["Support Queue"]
    before = api.get(f"/phone/call_queues/{q['id']}/members", params={"page_size": 100}).json()["total_records"]
    r = api.post(f"/phone/call_queues/{q['id']}/members", json={
        "members": {"users": [{"id": users(api, 1)[0]["id"]}, {"id": "ghost"}]}})
    assert r.status_code == 404 and r.json()["code"] == 1001
    r = api.post(f"/phone/call_queues/{q['id']}/members", json={
        "members": {"users": [{"id": users(api)[i % 3]["id"]} for i in range(11)]}})
    assert r.status_code == 400 and r.json()["message"] == "Exceeded the maximum number to add members per time."
    r = api.post("/phone/call_queues/ghost/members", json={"members": {"users": [{"id": users(api, 1)[0]["id"]}]}})
    assert r.status_code == 400 and r.json()["message"] == "The group does not exist, groupId:ghost."
    after = api.get(f"/phone/call_queues/{q['id']}/members", params={"page_size": 100}).json()["total_records"]
    assert after == before


def test_member_limit(api):
    r = api.post("/phone/call_queues", json={"name": "Big", "site_id": sites(api)[0]["id"]})
    qid = r.json()["id"]
    all_users = users(api)
    if len(all_users) <= 50:
        return  # the users seed is not there yet: the limit cannot be reached
    for i in range(0, 50, 10):
        r = api.post(f"/phone/call_queues/{qid}/members",
                     json={"members": {"users": [{"id": u["id"]} for u in all_users[i:i + 10]]}})
        assert r.status_code == 201, r.text
    r = api.post(f"/phone/call_queues/{qid}/members", json={"members": {"users": [{"id": all_users[50]["id"]}]}})
    assert r.status_code == 400 and r.json()["code"] == 412


def test_manager_cannot_be_unassigned_and_unassign_all(api):
    q = queues(api)["Sales Queue"]
    got = api.get(f"/phone/call_queues/{q['id']}").json()
    manager = next(u for u in got["members"]["users"] if u["level"] == "manager")
    r = api.delete(f"/phone/call_queues/{q['id']}/members/{manager['id']}")
    assert r.status_code == 400 and r.json() == {"code": 400, "message": "Unable to delete manager"}
    r = api.delete(f"/phone/call_queues/{q['id']}/members")
    assert r.status_code == 204
    assert api.get(f"/phone/call_queues/{q['id']}/members").json()["call_queue_members"] == []
    r = api.delete("/phone/call_queues/ghost/members")
    assert r.status_code == 400 and r.json()["code"] == 300


# --- phone numbers --------------------------------------------------------------------------------


def test_assign_and_unassign_numbers(api):
    q = queues(api)["Billing Queue"]
    nums = free_numbers(api, 2)
    r = api.post(f"/phone/call_queues/{q['id']}/phone_numbers",
                 json={"phone_numbers": [{"id": nums[0]["id"]}, {"number": nums[1]["number"]}]})
    assert r.status_code == 204, r.text
    got = api.get(f"/phone/call_queues/{q['id']}").json()
    assert {n["id"] for n in got["phone_numbers"]} >= {nums[0]["id"], nums[1]["id"]}
    assert all(n["source"] in ("internal", "external") for n in got["phone_numbers"])
    nm = api.get(f"{NM}/numbers/{nums[0]['id']}").json()
    assert nm["assigned_list"][0]["assigned_to_id"] == q["id"]
    # one number
    r = api.delete(f"/phone/call_queues/{q['id']}/phone_numbers/{nums[0]['id']}")
    assert r.status_code == 204
    assert api.get(f"{NM}/numbers/{nums[0]['id']}").json()["assigned_list"] == []
    r = api.delete(f"/phone/call_queues/{q['id']}/phone_numbers/{nums[0]['id']}")
    assert r.status_code == 404 and r.json()["message"] == "Phone number not belong to call queue."
    # all of them
    r = api.delete(f"/phone/call_queues/{q['id']}/phone_numbers")
    assert r.status_code == 204
    assert api.get(f"/phone/call_queues/{q['id']}").json()["phone_numbers"] == []


def test_assign_numbers_errors(api):
    qs = queues(api)
    q, other = qs["Billing Queue"], qs["Sales Queue"]
    before = api.get(f"/phone/call_queues/{q['id']}").json()["phone_numbers"]
    r = api.post(f"/phone/call_queues/{q['id']}/phone_numbers", json={"phone_numbers": []})
    assert r.status_code == 400 and r.json()["message"] == "Need to specify at least one phone number"
    six = free_numbers(api, 6)
    r = api.post(f"/phone/call_queues/{q['id']}/phone_numbers", json={"phone_numbers": [{"id": n["id"]} for n in six]})
    assert r.status_code == 400
    # a number held by another queue: fails whole, nothing changes
    held = other["phone_numbers"][0]
    r = api.post(f"/phone/call_queues/{q['id']}/phone_numbers",
                 json={"phone_numbers": [{"id": six[0]["id"]}, {"id": held["id"]}]})
    assert r.status_code == 400
    assert api.get(f"/phone/call_queues/{q['id']}").json()["phone_numbers"] == before
    assert api.get(f"{NM}/numbers/{six[0]['id']}").json()["assigned_list"] == []
    r = api.post("/phone/call_queues/ghost/phone_numbers", json={"phone_numbers": [{"id": six[0]["id"]}]})
    assert r.status_code == 400 and r.json()["message"] == "Call Queue does not exist: ghost."
    r = api.delete("/phone/call_queues/ghost/phone_numbers")
    assert r.status_code == 400 and r.json()["code"] == 300
    r = api.delete(f"/phone/call_queues/ghost/phone_numbers/{six[0]['id']}")
    assert r.status_code == 400 and r.json()["code"] == 300


# --- policies -------------------------------------------------------------------------------------


def test_policy_defaults_update_and_reset(api):
    q = queues(api)["Sales Queue"]
    got = api.get(f"/phone/call_queues/{q['id']}/policies").json()
    assert got["voicemail_transcription"]["modified"] is False and got["sms"]["locked"] is False
    r = api.patch(f"/phone/call_queues/{q['id']}/policies", json={
        "voicemail_transcription": {"enable": False},
        "auto_call_recording": {"enable": True, "recording_calls": "inbound",
                                "play_recording_beep_tone": {"play_beep_volume": 80}}})
    assert r.status_code == 204, r.text
    got = api.get(f"/phone/call_queues/{q['id']}/policies").json()
    assert got["voicemail_transcription"] == {"enable": False, "locked": False, "locked_by": "invalid",
                                              "modified": True}
    assert got["auto_call_recording"]["recording_calls"] == "inbound"
    assert got["auto_call_recording"]["play_recording_beep_tone"]["play_beep_volume"] == 80
    assert got["auto_call_recording"]["play_recording_beep_tone"]["play_beep_member"] == "allMember"  # kept
    r = api.patch(f"/phone/call_queues/{q['id']}/policies", json={"voicemail_transcription": {"reset": True}})
    assert r.status_code == 204
    got = api.get(f"/phone/call_queues/{q['id']}/policies").json()
    assert got["voicemail_transcription"]["enable"] is True and got["voicemail_transcription"]["modified"] is False
    # another queue is untouched
    other = queues(api)["Support Queue"]
    assert api.get(f"/phone/call_queues/{other['id']}/policies").json()["auto_call_recording"][
        "recording_calls"] == "inbound_and_outbound"


def test_policy_errors(api):
    q = queues(api)["Sales Queue"]
    r = api.get("/phone/call_queues/ghost/policies")
    assert r.status_code == 404 and r.json() == {"code": 404, "message": "Call Queue does not exist: ghost."}
    r = api.patch(f"/phone/call_queues/{q['id']}/policies", json={"auto_call_recording": {
        "inbound_audio_notification": {"recording_start_prompt_audio_id": "no-such-audio"}}})
    assert r.status_code == 400 and r.json() == {"code": 13802, "message": "Audio does not exist: no-such-audio."}
    r = api.patch(f"/phone/call_queues/{q['id']}/policies", json={"sms_template": {
        "sms_template_list": [{"sms_template_id": "tpl-x", "active": True}]}})
    assert r.status_code == 400 and r.json()["code"] == 13803
    r = api.patch("/phone/call_queues/ghost/policies", json={"sms": {"enable": False}})
    assert r.status_code == 404


def test_voicemail_access_members(api):
    q = queues(api)["Support Queue"]
    detail = api.get(f"/phone/call_queues/{q['id']}").json()
    seeded = detail["policy"]["voicemail_access_members"]
    assert len(seeded) == 1
    u = next(x for x in users(api) if x["id"] != seeded[0]["access_user_id"])
    area = common_area(api)
    r = api.post(f"/phone/call_queues/{q['id']}/policies/voicemail_access_members", json={
        "voicemail_access_members": [{"access_user_id": u["id"], "allow_download": True},
                                     {"access_user_id": area["id"], "access_user_type": "commonArea"}]})
    assert r.status_code == 201, r.text
    added = r.json()["voicemail_access_members"]
    assert [(m["access_user_id"], m["access_user_type"], m["allow_download"]) for m in added] == [
        (u["id"], "user", True), (area["id"], "commonArea", False)]
    shared = added[0]["shared_id"]
    r = api.patch(f"/phone/call_queues/{q['id']}/policies/voicemail_access_members", json={
        "voicemail_access_members": [{"shared_id": shared, "allow_delete": True, "allow_download": False}]})
    assert r.status_code == 204
    got = {m["shared_id"]: m for m in api.get(f"/phone/call_queues/{q['id']}").json()["policy"][
        "voicemail_access_members"]}
    assert got[shared]["allow_delete"] is True and got[shared]["allow_download"] is False
    # DELETE with shared_ids removes those; without, all
    r = api.request("DELETE", f"/phone/call_queues/{q['id']}/policies/voicemail_access_members",
                    json={"shared_ids": [shared]})
    assert r.status_code == 204
    left = api.get(f"/phone/call_queues/{q['id']}").json()["policy"]["voicemail_access_members"]
    assert shared not in {m["shared_id"] for m in left} and len(left) == 2
    r = api.delete(f"/phone/call_queues/{q['id']}/policies/voicemail_access_members")
    assert r.status_code == 204
    assert api.get(f"/phone/call_queues/{q['id']}").json()["policy"]["voicemail_access_members"] == []


def test_voicemail_access_errors(api):
    q = queues(api)["Support Queue"]
    r = api.post(f"/phone/call_queues/{q['id']}/policies/not_a_policy",
                 json={"voicemail_access_members": [{"access_user_id": users(api, 1)[0]["id"]}]})
    assert r.status_code == 404 and r.json() == {"code": 13001, "message": "Invalid value for parameter not_a_policy."}
    r = api.post(f"/phone/call_queues/{q['id']}/policies/voicemail_access_members",
                 json={"voicemail_access_members": [{"access_user_id": "ghost"}]})
    assert r.status_code == 400 and r.json()["message"] == "User does not exist: ghost."
    r = api.post("/phone/call_queues/ghost/policies/voicemail_access_members",
                 json={"voicemail_access_members": [{"access_user_id": users(api, 1)[0]["id"]}]})
    assert r.status_code == 404 and r.json()["code"] == 13000
    many = [{"access_user_id": users(api, 1)[0]["id"]}] * 10  # the seeded member + 10 > 10
    r = api.post(f"/phone/call_queues/{q['id']}/policies/voicemail_access_members",
                 json={"voicemail_access_members": many})
    assert r.status_code == 400
    r = api.patch(f"/phone/call_queues/{q['id']}/policies/voicemail_access_members",
                  json={"voicemail_access_members": [{"shared_id": "ghost", "allow_delete": True}]})
    assert r.status_code == 400
    r = api.delete("/phone/call_queues/ghost/policies/voicemail_access_members")
    assert r.status_code == 404 and r.json()["code"] == 13000
    r = api.delete(f"/phone/call_queues/{q['id']}/policies/bogus")
    assert r.status_code == 404 and r.json()["code"] == 13001
