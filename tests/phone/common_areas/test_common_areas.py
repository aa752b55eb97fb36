"""Common areas through HTTP: details, calling plans, numbers, PIN, activation codes, templates (issue 3)."""

from __future__ import annotations

from typing import Any

CA = "/phone/common_areas"


def areas(api) -> dict[str, dict[str, Any]]:  # noqa: ANN001
    r = api.get(CA, params={"page_size": 100})
    assert r.status_code == 200, r.text
    return {a["display_name"]: a for a in r.json()["common_areas"]}


def sites(api) -> dict[str, dict[str, Any]]:  # noqa: ANN001
    return {s["name"]: s for s in api.get("/phone/sites").json()["sites"]}


def free_numbers(api, n: int) -> list[dict[str, Any]]:  # noqa: ANN001
    r = api.get("/phone/numbers", params={"type": "unassigned", "pending_numbers": "false", "page_size": 100})
    assert r.status_code == 200, r.text
    out = [x for x in r.json()["phone_numbers"] if x.get("status", "available") != "pending"]
    assert len(out) >= n, out
    return out[:n]


def unassigned_ids(api) -> set[str]:  # noqa: ANN001
    r = api.get("/phone/numbers", params={"type": "unassigned", "page_size": 100})
    return {x["id"] for x in r.json()["phone_numbers"]}


def plan_usage(api) -> dict[int, dict[str, Any]]:  # noqa: ANN001
    r = api.get("/phone/calling_plans")
    assert r.status_code == 200, r.text
    return {p["type"]: p for p in r.json()["calling_plans"]}


def detail(api, area_id: str) -> dict[str, Any]:  # noqa: ANN001
    r = api.get(f"{CA}/{area_id}")
    assert r.status_code == 200, r.text
    return r.json()


# --- the demo seed and the list -------------------------------------------------------------------


def test_demo_common_areas(api):
    a = areas(api)
    assert {"Lobby", "Break Room", "Conference Room A", "Conference Room B", "Warehouse", "Front Desk"} <= set(a)
    s = sites(api)
    assert a["Conference Room B"]["site"] == {"id": s["London Office"]["id"], "name": "London Office"}
    assert a["Warehouse"]["site"]["name"] == "Austin Branch"
    assert all(x["calling_plans"] for x in a.values())
    assert a["Lobby"]["phone_numbers"] and a["Front Desk"]["phone_numbers"][0]["number"].startswith("+1415555")
    assert all(x["desk_phones"] for x in a.values())
    assert len({x["extension_number"] for x in a.values()}) == len(a)


def test_list_paginates(api):
    r = api.get(CA, params={"page_size": 4})
    body = r.json()
    assert len(body["common_areas"]) == 4 and body["next_page_token"]
    r2 = api.get(CA, params={"page_size": 4, "next_page_token": body["next_page_token"]})
    ids = {x["id"] for x in body["common_areas"]} | {x["id"] for x in r2.json()["common_areas"]}
    assert len(ids) == 6 and not r2.json()["next_page_token"]


def test_sub_account_and_other_tenant_are_separate(api, sub_api, other_api):
    assert set(areas(sub_api)) == {"Sub Lobby"}
    lobby = areas(api)["Lobby"]
    r = other_api.get(f"{CA}/{lobby['id']}")
    assert r.status_code == 400 and r.json()["code"] == 400
    assert r.json()["message"] == f"Common area does not exist: {lobby['id']}."
    assert other_api.get(CA).json()["common_areas"] == []


def test_missing_scope(scoped_api):
    client = scoped_api(["phone:read:common_area:admin"])
    assert client.get(CA).status_code == 200
    r = client.post(CA, json={"display_name": "Gym"})
    assert r.status_code == 400 and r.json()["code"] == 4700


# --- add / get / update / delete ------------------------------------------------------------------


def test_add_get_update_delete(api):
    s = sites(api)
    before = plan_usage(api)[300]
    r = api.post(CA, json={"display_name": "Reception London", "site_id": s["London Office"]["id"],
                           "extension_number": 4801, "timezone": "Europe/London", "country_iso_code": "GB",
                           "calling_plans": [{"type": 300}]})
    assert r.status_code == 201, r.text
    area_id = r.json()["id"]
    assert r.json()["display_name"] == "Reception London"
    d = detail(api, area_id)
    assert d["extension_number"] == 4801 and d["site"]["name"] == "London Office"
    assert d["country"]["code"] == "GB" and d["timezone"] == "Europe/London"
    assert [p["type"] for p in d["calling_plans"]] == [300]
    assert d["calling_plans"][0]["name"] == "Global Select"
    assert plan_usage(api)[300]["assigned"] == before["assigned"] + 1
    assert d["emergency_address"]["country"] == "GB"  # the site's default address
    assert "international_calling" in d["policy"]
    # by extension number too
    assert detail(api, "4801")["id"] == area_id

    r = api.patch(f"{CA}/{area_id}", json={
        "display_name": "Reception EC2", "extension_number": 4802, "department": "Front office",
        "cost_center": "CC-9", "area_code": "20", "default_transcription_language": "en-GB",
        "policy": {"international_calling": {"enable": False}, "voicemail_transcription": {"enable": False}}})
    assert r.status_code == 204, r.text
    d = detail(api, area_id)
    assert d["display_name"] == "Reception EC2" and d["extension_number"] == 4802
    assert d["department"] == "Front office" and d["cost_center"] == "CC-9" and d["area_code"] == "20"
    assert d["default_transcription_language"] == "en-GB"
    assert d["policy"]["international_calling"]["enable"] is False
    assert d["policy"]["international_calling"]["modified"] is True
    # reset returns to the inherited value
    api.patch(f"{CA}/{area_id}", json={"policy": {"international_calling": {"reset": True}}})
    assert detail(api, area_id)["policy"]["international_calling"]["enable"] is True

    assert api.delete(f"{CA}/{area_id}").status_code == 204
    r = api.get(f"{CA}/{area_id}")
    assert r.status_code == 400 and r.json()["code"] == 400
    r = api.delete(f"{CA}/{area_id}")
    assert r.status_code == 400 and r.json()["code"] == 404
    assert plan_usage(api)[300]["assigned"] == before["assigned"]
    assert "Reception EC2" not in areas(api)


def test_add_defaults_to_the_main_site_and_next_extension(api):
    r = api.post(CA, json={"display_name": "Gym"})
    assert r.status_code == 201
    d = detail(api, r.json()["id"])
    assert d["site"]["name"] == "Main Site" and isinstance(d["extension_number"], int)
    assert d["calling_plans"] == [] and d["phone_numbers"] == []


def test_add_errors(api):
    s = sites(api)
    for body, text in [
        ({"display_name": "ab"}, "three characters"),
        ({"display_name": "Gym", "site_id": "nope"}, "Site does not exist: nope."),
        ({"display_name": "Gym", "timezone": "Mars/Olympus"}, "Timezone not found in the system."),
        ({"display_name": "Gym", "country_iso_code": "XX"}, "This country is not supported by Zoom Phone."),
        ({"display_name": "Gym", "template_id": "nope"}, "the template does not exist:nope"),
        ({"display_name": "Gym", "extension_number": 4001}, "already in use"),
    ]:
        r = api.post(CA, json=body)
        assert r.status_code == 400 and r.json()["code"] == 300, (body, r.text)
        assert text in r.json()["message"] or text in str(r.json().get("errors")), (body, r.text)
    # the template of the Austin site does not fit a common area of the main site
    tpl = next(x for x in api.get("/phone/setting_templates").json()["templates"] if x["type"] == "commonArea")
    r = api.post(CA, json={"display_name": "Gym", "template_id": tpl["id"], "site_id": s["Main Site"]["id"]})
    assert r.status_code == 400 and "site is not the same" in r.json()["message"]
    # no calling plan of an unsubscribed type; nothing was created
    r = api.post(CA, json={"display_name": "Gym 2", "calling_plans": [{"type": 202}]})
    assert r.status_code == 400
    assert "Gym" not in areas(api) and "Gym 2" not in areas(api)


def test_add_with_template_copies_its_settings(api):
    s = sites(api)
    tpl = next(x for x in api.get("/phone/setting_templates").json()["templates"] if x["type"] == "commonArea")
    r = api.post(CA, json={"display_name": "Austin Kitchen", "template_id": tpl["id"],
                           "site_id": s["Austin Branch"]["id"]})
    assert r.status_code == 201, r.text
    d = detail(api, r.json()["id"])
    assert d["area_code"] == "512"
    assert d["policy"]["call_overflow"]["call_overflow_type"] == 2


def test_update_errors(api, other_api):
    a = areas(api)
    lobby = a["Lobby"]
    r = api.patch(f"{CA}/{lobby['id']}", json={"extension_number": a["Warehouse"]["extension_number"]})
    assert r.status_code == 400 and r.json()["code"] == 409
    assert detail(api, lobby["id"])["extension_number"] == lobby["extension_number"]
    r = api.patch(f"{CA}/{lobby['id']}", json={"site_id": "nope", "display_name": "Changed"})
    assert r.status_code == 400 and r.json()["code"] == 300
    assert detail(api, lobby["id"])["display_name"] == "Lobby"  # nothing changed
    r = api.patch(f"{CA}/{lobby['id']}", json={"emergency_address_id": "nope"})
    assert r.status_code == 400
    r = api.patch(f"{CA}/{lobby['id']}", json={"outbound_caller_id": "+19999999999"})
    assert r.status_code == 400
    # a policy the account locked cannot be changed for one common area
    assert detail(api, lobby["id"])["policy"]["hide_phone_call_history_in_ios"]["locked_by"] == "account"
    r = api.patch(f"{CA}/{lobby['id']}", json={"policy": {"hide_phone_call_history_in_ios": {"enable": False}}})
    assert r.status_code == 400 and "locked by the account" in r.json()["message"]
    r = other_api.patch(f"{CA}/{lobby['id']}", json={"display_name": "Mine"})
    assert r.status_code == 400 and r.json()["code"] == 404
    assert r.json()["message"] == f"Common area does not exist: {lobby['id']}."


def test_update_outbound_caller_id_and_emergency_address(api):
    fd = areas(api)["Front Desk"]
    number = fd["phone_numbers"][0]["number"]
    addresses = api.get("/phone/emergency_addresses", params={"page_size": 100}).json()["emergency_addresses"]
    other = next(x for x in addresses if x["address_line1"] == "2500 Zanker Rd")
    r = api.patch(f"{CA}/{fd['id']}", json={"outbound_caller_id": number, "emergency_address_id": other["id"]})
    assert r.status_code == 204, r.text
    d = detail(api, fd["id"])
    assert d["outbound_caller_ids"] == [{"is_default": True, "name": "Direct Number", "number": number}]
    assert d["emergency_address"]["id"] == other["id"] and d["emergency_address"]["city"] == "San Jose"


def test_move_to_another_site_takes_numbers_and_phones(api):
    s = sites(api)
    wh = areas(api)["Warehouse"]
    r = api.patch(f"{CA}/{wh['id']}", json={"site_id": s["Main Site"]["id"]})
    assert r.status_code == 204
    assert detail(api, wh["id"])["site"]["name"] == "Main Site"
    for dp in wh["desk_phones"]:
        assert api.get(f"/phone/devices/{dp['id']}").json()["site"]["name"] == "Main Site"
    nums = api.get("/phone/numbers", params={"site_id": s["Main Site"]["id"], "type": "assigned",
                                             "page_size": 100}).json()["phone_numbers"]
    assert wh["phone_numbers"][0]["id"] in {n["id"] for n in nums}


def test_delete_frees_numbers_plans_and_phones(api):
    fd = areas(api)["Front Desk"]
    number_id = fd["phone_numbers"][0]["id"]
    device_id = fd["desk_phones"][0]["id"]
    before = plan_usage(api)
    plan_type = fd["calling_plans"][0]["type"]
    assert number_id not in unassigned_ids(api)
    assert api.delete(f"{CA}/{fd['id']}").status_code == 204
    assert number_id in unassigned_ids(api)
    assert plan_usage(api)[plan_type]["assigned"] == before[plan_type]["assigned"] - 1
    dev = api.get(f"/phone/devices/{device_id}").json()
    assert all(x["id"] != fd["id"] for x in dev.get("assignees", []))


# --- calling plans --------------------------------------------------------------------------------


def test_calling_plans_assign_and_unassign(api):
    area = areas(api)["Break Room"]
    before = plan_usage(api)[3000]
    r = api.post(f"{CA}/{area['id']}/calling_plans", json={"calling_plans": [{"type": 3000}]})
    assert r.status_code == 201, r.text
    assert r.json()["calling_plans"] == [{"type": 3000, "name": "Zoom Phone Pro"}]
    assert 3000 in [p["type"] for p in detail(api, area["id"])["calling_plans"]]
    after = plan_usage(api)[3000]
    assert after["assigned"] == before["assigned"] + 1 and after["available"] == before["available"] - 1
    # the same type twice
    r = api.post(f"{CA}/{area['id']}/calling_plans", json={"calling_plans": [{"type": 3000}]})
    assert r.status_code == 400
    assert api.delete(f"{CA}/{area['id']}/calling_plans/3000").status_code == 204
    assert 3000 not in [p["type"] for p in detail(api, area["id"])["calling_plans"]]
    assert plan_usage(api)[3000]["assigned"] == before["assigned"]


def test_calling_plan_errors(api, other_api):
    area = areas(api)["Break Room"]
    r = api.delete(f"{CA}/{area['id']}/calling_plans/3000")
    assert r.status_code == 400 and r.json()["code"] == 300
    r = api.delete(f"{CA}/{area['id']}/calling_plans/abc")
    assert r.status_code == 400
    r = api.post(f"{CA}/{area['id']}/calling_plans", json={"calling_plans": [{"type": 201}]})
    assert r.status_code == 400 and "subscription" in r.json()["message"]
    r = other_api.post(f"{CA}/{area['id']}/calling_plans", json={"calling_plans": [{"type": 200}]})
    assert r.status_code == 400 and r.json()["code"] == 404
    assert r.json()["message"] == f"The common area does not exist: {area['id']}."
    r = api.delete(f"{CA}/nope/calling_plans/200")
    assert r.status_code == 400 and r.json()["code"] == 404


# --- phone numbers --------------------------------------------------------------------------------


def test_phone_numbers_assign_and_unassign(api):
    area = areas(api)["Break Room"]
    free = free_numbers(api, 1)[0]
    r = api.post(f"{CA}/{area['id']}/phone_numbers", json={"phone_numbers": [{"number": free["number"]}]})
    assert r.status_code == 201, r.text
    assert r.json()["phone_numbers"] == [{"id": free["id"], "number": free["number"]}]
    d = detail(api, area["id"])
    assert [n["id"] for n in d["phone_numbers"]] == [free["id"]]
    assert d["phone_numbers"][0]["source"] == "internal"
    assert free["id"] not in unassigned_ids(api)
    assert api.delete(f"{CA}/{area['id']}/phone_numbers/{free['id']}").status_code == 204
    assert detail(api, area["id"])["phone_numbers"] == []
    assert free["id"] in unassigned_ids(api)
    # by number as well
    api.post(f"{CA}/{area['id']}/phone_numbers", json={"phone_numbers": [{"id": free["id"]}]})
    assert api.delete(f"{CA}/{area['id']}/phone_numbers/{free['number']}").status_code == 204


def test_number_held_elsewhere_fails_whole(api):
    a = areas(api)
    area = a["Break Room"]
    held = a["Lobby"]["phone_numbers"][0]
    free = free_numbers(api, 1)[0]
    r = api.post(f"{CA}/{area['id']}/phone_numbers", json={"phone_numbers": [{"id": free["id"]}, {"id": held["id"]}]})
    assert r.status_code == 400, r.text
    assert detail(api, area["id"])["phone_numbers"] == []
    assert free["id"] in unassigned_ids(api)
    assert detail(api, a["Lobby"]["id"])["phone_numbers"][0]["id"] == held["id"]


def test_phone_number_errors(api, other_api):
    area = areas(api)["Break Room"]
    r = api.post(f"{CA}/{area['id']}/phone_numbers", json={"phone_numbers": [{"number": "+15550000000"}]})
    assert r.status_code in (400, 404)
    r = api.delete(f"{CA}/{area['id']}/phone_numbers/{free_numbers(api, 1)[0]['id']}")
    assert r.status_code == 400 and r.json()["code"] == 300
    r = other_api.post(f"{CA}/{area['id']}/phone_numbers", json={"phone_numbers": [{"number": "+15550000000"}]})
    assert r.status_code == 400 and r.json()["code"] == 404
    r = api.delete(f"{CA}/nope/phone_numbers/x")
    assert r.status_code == 400 and r.json()["code"] == 404


# --- PIN code -------------------------------------------------------------------------------------


def test_pin_code(api, other_api):
    area = areas(api)["Break Room"]
    assert api.patch(f"{CA}/{area['id']}/pin_code", json={"pin_code": "270915"}).status_code == 204
    for pin, text in [("12ab", "only include numbers"), ("123", "4 to 10 digits"), ("12345678901", "4 to 10"),
                      (str(area["extension_number"]), "same as the extension number"),
                      ("7777", "repeated digits"), ("4545", "repeated digits"), ("3456", "ascending"),
                      ("9876", "descending")]:
        r = api.patch(f"{CA}/{area['id']}/pin_code", json={"pin_code": pin})
        assert r.status_code == 400 and r.json()["code"] == 400, (pin, r.text)
        assert text in r.json()["message"], (pin, r.text)
    r = other_api.patch(f"{CA}/{area['id']}/pin_code", json={"pin_code": "270915"})
    assert r.status_code == 404 and r.json()["message"] == f"Common area does not exist: {area['id']}."


# --- activation codes -----------------------------------------------------------------------------


def test_activation_codes(api):
    a = areas(api)
    ids = [a["Warehouse"]["id"], a["Conference Room B"]["id"]]
    r = api.post(f"{CA}/activation_code", json={"common_area_ids": ids})
    assert r.status_code == 201, r.text
    codes = {x["common_area_id"]: x for x in r.json()["common_areas_activation_codes"]}
    assert set(codes) == set(ids)
    wh = codes[a["Warehouse"]["id"]]
    assert wh["display_name"] == "Warehouse" and wh["extension_number"] == a["Warehouse"]["extension_number"]
    assert len(wh["activation_code"]) == 19 and wh["activation_code_expiration"].endswith("Z")
    listed = api.get(f"{CA}/activation_codes", params={"page_size": 100}).json()["common_areas_activation_codes"]
    by_area = {x["common_area_id"]: x for x in listed}
    assert by_area[a["Warehouse"]["id"]]["activation_code"] == wh["activation_code"]
    assert by_area[a["Warehouse"]["id"]]["status"] == "not_used"
    assert by_area[a["Warehouse"]["id"]]["site"]["name"] == "Austin Branch"
    # a new code replaces the previous one
    r = api.post(f"{CA}/activation_code", json={"common_area_ids": [a["Warehouse"]["id"]]})
    listed = api.get(f"{CA}/activation_codes", params={"page_size": 100}).json()["common_areas_activation_codes"]
    mine = [x for x in listed if x["common_area_id"] == a["Warehouse"]["id"]]
    assert len(mine) == 1 and mine[0]["activation_code"] == r.json()["common_areas_activation_codes"][0][
        "activation_code"]
    # the seed's codes (one used)
    assert any(x["status"] == "used" for x in listed)


def test_activation_code_errors(api):
    r = api.post(f"{CA}/activation_code", json={"common_area_ids": ["nope"]})
    assert r.status_code == 400 and r.json()["code"] == 404
    assert r.json()["message"] == "Common area does not exist: nope."
    r = api.post(f"{CA}/activation_code", json={"common_area_ids": [f"x{i}" for i in range(51)]})
    assert r.status_code == 400 and r.json()["code"] == 400
    r = api.get(f"{CA}/activation_codes", params={"next_page_token": "garbage"})
    assert r.status_code == 400


# --- templates ------------------------------------------------------------------------------------


def test_apply_template(api):
    tpl = next(x for x in api.get("/phone/setting_templates").json()["templates"] if x["type"] == "commonArea")
    wh = areas(api)["Warehouse"]
    r = api.post(f"{CA}/template_id/{tpl['id']}", json={"common_area_ids": [wh["id"]]})
    assert r.status_code == 201, r.text
    d = detail(api, wh["id"])
    assert d["area_code"] == "512"
    assert d["policy"]["call_overflow"] == {"enable": True, "call_overflow_type": 2, "modified": True}


def test_apply_template_errors(api):
    tpl = next(x for x in api.get("/phone/setting_templates").json()["templates"] if x["type"] == "commonArea")
    user_tpl = next(x for x in api.get("/phone/setting_templates").json()["templates"] if x["type"] == "user")
    a = areas(api)
    r = api.post(f"{CA}/template_id/{tpl['id']}", json={"common_area_ids": [a["Lobby"]["id"]]})
    assert r.status_code == 400 and r.json()["code"] == 300
    assert r.json()["message"] == "The template's site is not the same as the common area's site."
    r = api.post(f"{CA}/template_id/{tpl['id']}", json={"common_area_ids": ["nope"]})
    assert r.status_code == 400 and r.json()["code"] == 404
    for bad in ("nope", user_tpl["id"]):
        r = api.post(f"{CA}/template_id/{bad}", json={"common_area_ids": [a["Warehouse"]["id"]]})
        assert r.status_code == 400 and "template does not exist" in r.json()["message"]
    r = api.post(f"{CA}/template_id/{tpl['id']}", json={"common_area_ids": [a["Warehouse"]["id"]] * 51})
    assert r.status_code == 400 and r.json()["code"] == 400
    assert "area_code" not in detail(api, a["Lobby"]["id"]) or detail(api, a["Lobby"]["id"])["area_code"] != "512"
