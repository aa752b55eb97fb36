"""Auto receptionists through HTTP: details, IVR, numbers, policies (issue 3)."""

from __future__ import annotations

from typing import Any

NM = "/accounts/me/number_management"


def ars(api) -> dict[str, dict[str, Any]]:  # noqa: ANN001
    r = api.get("/phone/auto_receptionists", params={"page_size": 100})
    assert r.status_code == 200, r.text
    return {a["name"]: a for a in r.json()["auto_receptionists"]}


def sites(api) -> list[dict[str, Any]]:  # noqa: ANN001
    return api.get("/phone/sites").json()["sites"]


def main_ar(api) -> dict[str, Any]:  # noqa: ANN001
    """The main site's primary auto receptionist (as Get a site names it)."""
    site = sites(api)[0]
    got = api.get(f"/phone/sites/{site['id']}").json()
    ar_id = got["main_auto_receptionist"]["id"]
    return api.get(f"/phone/auto_receptionists/{ar_id}").json() | {"id": ar_id}


def queues(api) -> dict[str, dict[str, Any]]:  # noqa: ANN001
    return {q["name"]: q for q in api.get("/phone/call_queues", params={"page_size": 100}).json()["call_queues"]}


def assignees(api, kind: str) -> list[dict[str, Any]]:  # noqa: ANN001
    r = api.get("/phone/numbers", params={"type": "assigned", "extension_type": kind, "page_size": 100})
    return [n["assignee"] for n in r.json()["phone_numbers"]]


def a_user(api) -> dict[str, Any]:  # noqa: ANN001
    r = api.get("/phone/users", params={"page_size": 5})
    if r.status_code == 200 and r.json().get("users"):
        return r.json()["users"][0]
    return assignees(api, "user")[0]


def free_numbers(api, n: int) -> list[dict[str, Any]]:  # noqa: ANN001
    r = api.get("/phone/numbers", params={"type": "unassigned", "pending_numbers": "false", "page_size": 100})
    out = r.json()["phone_numbers"]
    assert len(out) >= n
    return out[:n]


# --- the auto receptionist ------------------------------------------------------------------------


def test_demo_every_site_has_a_primary_ar_and_an_extra_one(api):
    all_ars = ars(api)
    site_ids = {s["id"] for s in sites(api)}
    assert {a["site"]["id"] for a in all_ars.values()} == site_ids
    extra = all_ars["After Hours Line"]
    assert extra["phone_numbers"] and extra["extension_id"] == extra["id"]
    nm = api.get(f"{NM}/numbers/{extra['phone_numbers'][0]['id']}").json()
    assert nm["assigned_list"][0]["assigned_to_id"] == extra["id"]
    main = main_ar(api)
    assert main["site"]["id"] == sites(api)[0]["id"]


def test_add_get_update(api):
    site = sites(api)[2]
    r = api.post("/phone/auto_receptionists", json={"name": "Spanish Line", "site_id": site["id"]})
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["name"] == "Spanish Line" and isinstance(body["extension_number"], int)
    got = api.get(f"/phone/auto_receptionists/{body['id']}").json()
    assert got["site"] == {"id": site["id"], "name": site["name"]} and got["phone_numbers"] == []
    assert got["extension_number"] == body["extension_number"] and got["timezone"]
    r = api.patch(f"/phone/auto_receptionists/{body['id']}", json={
        "name": "Linea en Espanol", "extension_number": 3777, "audio_prompt_language": "es-US",
        "timezone": "America/Chicago", "cost_center": "CC-7", "department": "Sales",
        "recording_storage_location": "CA"})
    assert r.status_code == 204, r.text
    got = api.get(f"/phone/auto_receptionists/{body['id']}").json()
    assert (got["name"], got["extension_number"], got["audio_prompt_language"], got["timezone"]) == (
        "Linea en Espanol", 3777, "es-US", "America/Chicago")
    assert got["cost_center"] == "CC-7" and got["department"] == "Sales" and got["recording_storage_location"] == "CA"
    # default site: the main one
    r = api.post("/phone/auto_receptionists", json={"name": "Default Site AR"})
    assert api.get(f"/phone/auto_receptionists/{r.json()['id']}").json()["site"]["id"] == sites(api)[0]["id"]


def test_add_and_update_errors(api):
    r = api.post("/phone/auto_receptionists", json={"name": "X", "site_id": "nope"})
    assert r.status_code == 400 and r.json()["code"] == 300
    r = api.post("/phone/auto_receptionists", json={"site_id": sites(api)[0]["id"]})
    assert r.status_code == 400 and r.json()["code"] == 300
    extra = ars(api)["After Hours Line"]
    taken = queues(api)["Sales Queue"]["extension_number"]
    r = api.patch(f"/phone/auto_receptionists/{extra['id']}", json={"extension_number": taken, "name": "Changed"})
    assert r.status_code == 400 and r.json() == {"code": 10001, "message": f"Extension number {taken} is already used."}
    r = api.patch(f"/phone/auto_receptionists/{extra['id']}", json={"extension_number": 911})
    assert r.status_code == 400 and r.json()["code"] == 10001
    r = api.patch(f"/phone/auto_receptionists/{extra['id']}", json={"extension_number": 1})
    assert r.status_code == 400 and r.json()["code"] == 300
    r = api.patch(f"/phone/auto_receptionists/{extra['id']}", json={"timezone": "Nowhere/Land"})
    assert r.status_code == 400 and r.json()["message"] == "Time zone is invalid:Nowhere/Land"
    r = api.patch(f"/phone/auto_receptionists/{extra['id']}", json={"audio_prompt_language": "xx-XX"})
    assert r.status_code == 400
    assert api.get(f"/phone/auto_receptionists/{extra['id']}").json()["name"] == "After Hours Line"
    r = api.patch("/phone/auto_receptionists/ghost", json={"name": "x"})
    assert r.status_code == 400 and r.json()["code"] == 300
    r = api.get("/phone/auto_receptionists/ghost")
    assert r.status_code == 400 and r.json()["code"] == 404  # the contract documents 400 only


def test_delete(api, other_api):
    extra = ars(api)["After Hours Line"]
    assert other_api.delete(f"/phone/auto_receptionists/{extra['id']}").status_code == 400
    number = extra["phone_numbers"][0]["id"]
    r = api.delete(f"/phone/auto_receptionists/{extra['id']}")
    assert r.status_code == 204
    assert api.get(f"/phone/auto_receptionists/{extra['id']}").status_code == 400
    assert api.get(f"{NM}/numbers/{number}").json()["assigned_list"] == []
    r = api.delete(f"/phone/auto_receptionists/{extra['id']}")
    assert r.status_code == 400 and r.json() == {
        "code": 404, "message": f"AutoReceptionist does not exist: {extra['id']}."}


def test_primary_cannot_be_deleted(api):
    main = main_ar(api)
    r = api.delete(f"/phone/auto_receptionists/{main['id']}")
    assert r.status_code == 400 and r.json() == {"code": 400, "message": "Unable to delete main Auto receptionist."}
    assert api.get(f"/phone/auto_receptionists/{main['id']}").status_code == 200


def test_list_paginates_and_is_per_tenant(api, other_api, sub_api):
    first = api.get("/phone/auto_receptionists", params={"page_size": 2}).json()
    assert len(first["auto_receptionists"]) == 2 and first["next_page_token"]
    rest = api.get("/phone/auto_receptionists", params={"page_size": 100,
                                                        "next_page_token": first["next_page_token"]}).json()
    assert len(rest["auto_receptionists"]) + 2 == first["total_records"]
    assert other_api.get("/phone/auto_receptionists").json()["auto_receptionists"] == []
    sub = sub_api.get("/phone/auto_receptionists").json()["auto_receptionists"]
    assert sub and not {a["id"] for a in sub} & {a["id"] for a in ars(api).values()}


def test_missing_scope(scoped_api):
    client = scoped_api(["phone:read:list_auto_receptionists:admin"])
    assert client.get("/phone/auto_receptionists").status_code == 200
    r = client.post("/phone/auto_receptionists", json={"name": "X"})
    assert r.status_code == 400 and r.json()["code"] == 4700


# --- IVR ------------------------------------------------------------------------------------------


def test_demo_ivr_routes_to_queues_and_an_operator(api):
    main = main_ar(api)
    ivr = api.get(f"/phone/auto_receptionists/{main['id']}/ivr").json()
    keys = {k["key"]: k for k in ivr["key_actions"]}
    qs = queues(api)
    assert keys["1"]["action"] == 7 and keys["1"]["target"]["id"] == qs["Sales Queue"]["id"]
    assert keys["1"]["target"]["display_name"] == "Sales Queue"
    assert keys["1"]["target"]["extension_number"] == str(qs["Sales Queue"]["extension_number"])
    assert keys["2"]["target"]["id"] == qs["Support Queue"]["id"]
    assert keys["0"]["action"] == 2 and keys["0"]["target"]["extension_id"]
    assert ivr["caller_enters_no_action"]["forward_to"]["id"] == qs["Reception Queue"]["id"]


def test_update_ivr_then_read_back(api):
    ar = ars(api)["After Hours Line"]
    q = queues(api)["Billing Queue"]
    user = a_user(api)
    base = f"/phone/auto_receptionists/{ar['id']}/ivr"
    for body in (
        {"key_action": {"key": "3", "action": 7, "target": {"extension_id": q["id"]}}},
        {"key_action": {"key": "4", "action": 10, "target": {"phone_number": "+14155550123"}}},
        {"key_action": {"key": "5", "action": 200, "target": {"extension_id": user["id"]}}},
        {"key_action": {"key": "#", "action": 23}},
        {"caller_enters_no_action": {"action": 2, "audio_prompt_repeat": 2, "forward_to_extension_id": user["id"]}},
        {"hours_type": "closed_hours", "key_action": {"key": "9", "action": 100}},
    ):
        r = api.patch(base, json=body)
        assert r.status_code == 204, (body, r.text)
    ivr = api.get(base).json()
    keys = {k["key"]: k for k in ivr["key_actions"]}
    assert keys["3"]["target"]["id"] == q["id"] and keys["3"]["target"]["display_name"] == "Billing Queue"
    assert keys["4"] == {"key": "4", "action": 10, "target": {"phone_number": "+14155550123"}}
    assert keys["5"]["action"] == 200 and keys["5"]["target"]["id"] == user["id"]
    assert keys["#"] == {"key": "#", "action": 23}
    assert "9" not in keys  # closed hours are a document of their own
    assert ivr["caller_enters_no_action"]["action"] == 2
    assert ivr["caller_enters_no_action"]["audio_prompt_repeat"] == 2
    assert ivr["caller_enters_no_action"]["forward_to"]["id"] == user["id"]
    closed = api.get(base, params={"hours_type": "closed_hours"}).json()
    assert {k["key"]: k["action"] for k in closed["key_actions"]}["9"] == 100
    assert "3" not in {k["key"] for k in closed["key_actions"]}
    r = api.get(base, params={"holiday_id": "no-such-holiday"})
    assert r.status_code == 400 and r.json()["code"] == 400


def test_ivr_target_deleted_reads_as_disabled(api):
    ar = ars(api)["After Hours Line"]
    r = api.post("/phone/call_queues", json={"name": "Temp", "site_id": sites(api)[0]["id"]})
    temp = r.json()["id"]
    base = f"/phone/auto_receptionists/{ar['id']}/ivr"
    assert api.patch(base, json={"key_action": {"key": "6", "action": 7, "target": {"extension_id": temp}}}
                     ).status_code == 204
    assert api.patch(base, json={"caller_enters_no_action": {"action": 7, "audio_prompt_repeat": 1,
                                                             "forward_to_extension_id": temp}}).status_code == 204
    assert api.delete(f"/phone/call_queues/{temp}").status_code == 204
    ivr = api.get(base).json()
    assert {k["key"]: k for k in ivr["key_actions"]}["6"] == {"key": "6", "action": -1}
    assert ivr["caller_enters_no_action"] == {"action": -1, "audio_prompt_repeat": 1}


def test_ivr_errors(api):
    ar = ars(api)["After Hours Line"]
    q = queues(api)["Billing Queue"]
    base = f"/phone/auto_receptionists/{ar['id']}/ivr"
    before = api.get(base).json()
    cases = [
        ({"key_action": {"key": "1", "action": 21}}, "The action value is not correct."),
        ({"key_action": {"key": "*", "action": 7, "target": {"extension_id": q["id"]}}},
         "The action value is not correct."),
        ({"key_action": {"key": "1", "action": 2, "target": {"extension_id": q["id"]}}}, None),  # not a user
        ({"key_action": {"key": "1", "action": 7, "target": {"extension_id": "ghost"}}}, None),
        ({"key_action": {"key": "1", "action": 10, "target": {}}}, "The phone number to forward to is required."),
        ({"key_action": {"key": "A", "action": -1}}, None),
        ({"caller_enters_no_action": {"action": 3, "audio_prompt_repeat": 1}},
         "The action value set for if caller enters no action after the prompt played is not correct."),
        ({"caller_enters_no_action": {"action": 7, "audio_prompt_repeat": 1, "forward_to_extension_id": "ghost"}},
         "The id for noAction to forward to is not correct."),
        ({"audio_prompt_id": "no-such-audio"}, None),
        ({"hours_type": "lunch_hours", "key_action": {"key": "1", "action": -1}}, None),
    ]
    for body, message in cases:
        r = api.patch(base, json=body)
        assert r.status_code == 400 and r.json()["code"] == 300, (body, r.text)
        if message:
            assert r.json()["message"] == message
    assert api.get(base).json() == before
    r = api.patch(base, json={"holiday_id": "ghost", "key_action": {"key": "1", "action": -1}})
    assert r.status_code == 400 and r.json() == {"code": 400, "message": "Holiday hours handling does not exist: ghost."}
    r = api.get("/phone/auto_receptionists/ghost/ivr")
    assert r.status_code == 400 and r.json() == {"code": 400, "message": "Auto Receptionist does not exist: ghost."}
    r = api.patch("/phone/auto_receptionists/ghost/ivr", json={"key_action": {"key": "1", "action": -1}})
    assert r.status_code == 400 and r.json()["code"] == 400


def test_holiday_ivr(api):
    main = main_ar(api)
    if not main["holiday_hours"]:
        return  # the sites seed gives the main site holidays
    holiday = main["holiday_hours"][0]
    assert holiday["id"] and holiday["name"]
    r = api.patch(f"/phone/auto_receptionists/{main['id']}/ivr",
                  json={"holiday_id": holiday["id"], "key_action": {"key": "1", "action": 100}})
    assert r.status_code == 204, r.text
    # business hours are unchanged
    keys = {k["key"]: k for k in api.get(f"/phone/auto_receptionists/{main['id']}/ivr").json()["key_actions"]}
    assert keys["1"]["action"] == 7


# --- phone numbers --------------------------------------------------------------------------------


def test_assign_and_unassign_numbers(api):
    ar = ars(api)["After Hours Line"]
    nums = free_numbers(api, 2)
    r = api.post(f"/phone/auto_receptionists/{ar['id']}/phone_numbers",
                 json={"phone_numbers": [{"id": nums[0]["id"]}, {"number": nums[1]["number"]}]})
    assert r.status_code == 204, r.text
    got = api.get(f"/phone/auto_receptionists/{ar['id']}").json()
    assert {nums[0]["id"], nums[1]["id"]} <= {n["id"] for n in got["phone_numbers"]}
    assert api.get(f"{NM}/numbers/{nums[1]['id']}").json()["assigned_list"][0]["assigned_to_id"] == ar["id"]
    r = api.delete(f"/phone/auto_receptionists/{ar['id']}/phone_numbers/{nums[0]['id']}")
    assert r.status_code == 204
    assert api.get(f"{NM}/numbers/{nums[0]['id']}").json()["assigned_list"] == []
    r = api.delete(f"/phone/auto_receptionists/{ar['id']}/phone_numbers/{nums[0]['id']}")
    assert r.status_code == 400 and r.json() == {"code": 400,
                                                 "message": "Phone number does not belong to auto receptionist."}
    r = api.delete(f"/phone/auto_receptionists/{ar['id']}/phone_numbers")
    assert r.status_code == 204
    assert api.get(f"/phone/auto_receptionists/{ar['id']}").json()["phone_numbers"] == []


def test_assign_numbers_errors(api):
    ar = ars(api)["After Hours Line"]
    held = queues(api)["Sales Queue"]["phone_numbers"][0]
    free = free_numbers(api, 1)[0]
    before = api.get(f"/phone/auto_receptionists/{ar['id']}").json()["phone_numbers"]
    r = api.post(f"/phone/auto_receptionists/{ar['id']}/phone_numbers",
                 json={"phone_numbers": [{"id": free["id"]}, {"id": held["id"]}]})
    assert r.status_code == 400 and r.json() == {"code": 400, "message": f"phoneNumber is used, phonenumberId:{held['id']}"}
    assert api.get(f"/phone/auto_receptionists/{ar['id']}").json()["phone_numbers"] == before
    assert api.get(f"{NM}/numbers/{free['id']}").json()["assigned_list"] == []
    r = api.post(f"/phone/auto_receptionists/{ar['id']}/phone_numbers", json={"phone_numbers": [{"id": "ghost"}]})
    assert r.status_code == 400 and r.json()["message"].startswith("Phone number does not exist")
    r = api.post("/phone/auto_receptionists/ghost/phone_numbers", json={"phone_numbers": [{"id": free["id"]}]})
    assert r.status_code == 404 and r.json()["code"] == 404
    assert api.delete("/phone/auto_receptionists/ghost/phone_numbers").status_code == 404
    assert api.delete(f"/phone/auto_receptionists/ghost/phone_numbers/{free['id']}").status_code == 404


# --- policies -------------------------------------------------------------------------------------


def test_policy_update_reset_and_site_lock(api):
    ar = ars(api)["After Hours Line"]
    base = f"/phone/auto_receptionists/{ar['id']}/policies"
    got = api.get(base).json()
    assert got["sms"]["modified"] is False and got["sms"]["locked_by"] == "invalid"
    r = api.patch(base, json={"sms": {"enable": False, "international_sms": False},
                              "voicemail_notification_by_email": {"include_voicemail_file": False}})
    assert r.status_code == 204, r.text
    got = api.get(base).json()
    assert got["sms"]["enable"] is False and got["sms"]["modified"] is True
    assert got["voicemail_notification_by_email"]["include_voicemail_file"] is False
    assert got["voicemail_notification_by_email"]["forward_voicemail_to_email"] is True  # default kept
    assert api.patch(base, json={"sms": {"reset": True}}).status_code == 204
    assert api.get(base).json()["sms"]["enable"] is True
    # the site locks a policy: the AR inherits it and cannot change it
    site = ar["site"]["id"]
    r = api.patch(f"/phone/sites/{site}", json={"policy": {"voicemail_transcription": {"enable": False,
                                                                                        "locked": True}}})
    assert r.status_code == 204, r.text
    got = api.get(base).json()["voicemail_transcription"]
    assert got["enable"] is False and got["locked"] is True and got["locked_by"] == "site"
    r = api.patch(base, json={"voicemail_transcription": {"enable": True}})
    assert r.status_code == 400
    r = api.get("/phone/auto_receptionists/ghost/policies")
    assert r.status_code == 400 and r.json()["code"] == 300


def test_voicemail_access_member(api):
    ar = ars(api)["After Hours Line"]
    user = a_user(api)
    base = f"/phone/auto_receptionists/{ar['id']}/policies/voicemail_access_member"
    r = api.post(base, json={"voicemail_access_member": {"access_user_id": user["id"], "download": True}})
    assert r.status_code == 201, r.text
    member = r.json()["voicemail_access_member"]
    assert member["access_user_id"] == user["id"] and member["download"] is True and member["delete"] is False
    listed = api.get(f"/phone/auto_receptionists/{ar['id']}/policies").json()["voicemail_access_members"]
    assert listed == [member]
    r = api.patch(base, json={"voicemail_access_member": {"shared_id": member["shared_id"], "delete": True}})
    assert r.status_code == 204
    listed = api.get(f"/phone/auto_receptionists/{ar['id']}/policies").json()["voicemail_access_members"]
    assert listed[0]["delete"] is True and listed[0]["download"] is True
    r = api.post(base, json={"voicemail_access_member": {"access_user_id": user["id"]}})
    assert r.status_code == 400  # already there
    r = api.delete(base)
    assert r.status_code == 204
    assert api.get(f"/phone/auto_receptionists/{ar['id']}/policies").json()["voicemail_access_members"] == []


def test_voicemail_access_errors(api):
    ar = ars(api)["After Hours Line"]
    base = f"/phone/auto_receptionists/{ar['id']}/policies"
    r = api.post(f"{base}/voicemail_access_member", json={"voicemail_access_member": {"access_user_id": "ghost"}})
    assert r.status_code == 400 and r.json() == {"code": 429, "message": "User does not exist: ghost."}
    r = api.post(f"{base}/not_a_policy", json={"voicemail_access_member": {"access_user_id": a_user(api)["id"]}})
    assert r.status_code == 400 and r.json()["code"] == 300
    r = api.patch(f"{base}/voicemail_access_member", json={"voicemail_access_member": {"shared_id": "ghost"}})
    assert r.status_code == 400
    r = api.request("DELETE", f"{base}/voicemail_access_member", json={"shared_ids": ["ghost"]})
    assert r.status_code == 400
    r = api.delete("/phone/auto_receptionists/ghost/policies/voicemail_access_member")
    assert r.status_code == 400 and r.json()["code"] == 300
