"""Zoom Rooms under Zoom Phone through HTTP (issue 4): add, list, get, update, remove, calling
plans and phone numbers sharing the account's subscriptions and number inventory."""

from __future__ import annotations

from typing import Any

ROOMS = "/phone/rooms"


def rooms(api) -> dict[str, dict[str, Any]]:  # noqa: ANN001
    r = api.get(ROOMS, params={"page_size": 100})
    assert r.status_code == 200, r.text
    return {x["name"]: x for x in r.json()["rooms"]}


def unassigned(api) -> dict[str, dict[str, Any]]:  # noqa: ANN001
    r = api.get(f"{ROOMS}/unassigned")
    assert r.status_code == 200, r.text
    return {x["display_name"]: x for x in r.json()["rooms"]}


def plan_usage(api, ptype: int) -> dict[str, Any]:  # noqa: ANN001
    plans = api.get("/phone/calling_plans").json()["calling_plans"]
    return next(p for p in plans if p["type"] == ptype)


def free_number(api) -> dict[str, Any]:  # noqa: ANN001
    r = api.get("/phone/numbers", params={"type": "unassigned", "page_size": 100})
    assert r.status_code == 200, r.text
    nums = [n for n in r.json()["phone_numbers"] if n.get("status") in (None, "available")]
    assert nums, "the demo seed has unassigned numbers"
    return nums[0]


def sites(api) -> list[dict[str, Any]]:  # noqa: ANN001
    return api.get("/phone/sites").json()["sites"]


# --- list / unassigned / add / get ----------------------------------------------------------------


def test_seeded_rooms(api):
    r = rooms(api)
    assert set(r) == {"Boardroom", "Huddle Room 1"}
    board = r["Boardroom"]
    assert board["extension_id"] == board["id"] and board["extension_number"] == 7001
    assert [p["type"] for p in board["calling_plans"]] == [200]
    assert [n["number"] for n in board["phone_numbers"]] == ["+14155550871"]
    assert board["site"]["name"]
    u = unassigned(api)
    assert set(u) == {"Huddle Room 2", "Training Room", "London Meeting Room", "Town Hall"}
    assert u["Training Room"]["department"] == "People" and u["Training Room"]["location_info"].startswith("Chicago")
    # the number inventory shows the room as the number's assignee
    num = api.get(f"/phone/numbers/{board['phone_numbers'][0]['id']}").json()
    assert num["assignee"]["id"] == board["id"]


def test_add_room_then_read_back(api):
    room = unassigned(api)["Training Room"]
    site = sites(api)[-1]
    before = plan_usage(api, 100)
    r = api.post(ROOMS, json={"id": room["id"], "site_id": site["id"], "calling_plans": [{"type": 100}]})
    assert r.status_code == 201, r.text
    assert "Training Room" not in unassigned(api)
    got = api.get(f"{ROOMS}/{room['id']}")
    assert got.status_code == 200, got.text
    body = got.json()
    assert body["id"] == room["id"] and body["extension_id"] == room["id"] and body["name"] == "Training Room"
    assert body["site"] == {"id": site["id"], "name": site["name"]}
    assert [p["type"] for p in body["calling_plans"]] == [100]
    assert isinstance(body["extension_number"], int)
    assert body["policy"]["international_calling"]["enable"] is False
    assert plan_usage(api, 100)["assigned"] == before["assigned"] + 1
    assert "Training Room" in rooms(api)


def test_add_room_errors(api, other_api):
    u = unassigned(api)["Town Hall"]
    r = api.post(ROOMS, json={"id": "nope"})
    assert r.status_code == 400 and r.json() == {"code": 404, "message": "Room does not exist:nope."}
    r = api.post(ROOMS, json={"id": u["id"], "calling_plans": [{"type": 999}]})
    assert r.status_code == 400 and r.json() == {"code": 404, "message": "Unknown or invalid calling plan: 999."}
    assert "Town Hall" in unassigned(api)  # nothing written
    r = api.post(ROOMS, json={"id": u["id"], "site_id": "nope"})
    assert r.status_code == 400 and r.json()["code"] == 404
    # another tenant's room does not exist for this one
    r = other_api.post(ROOMS, json={"id": u["id"]})
    assert r.status_code == 400 and r.json()["code"] == 404
    # a room already under Zoom Phone is not an unassigned room
    board = rooms(api)["Boardroom"]
    r = api.post(ROOMS, json={"id": board["id"]})
    assert r.status_code == 400


def test_add_room_without_free_plan(api):
    u = unassigned(api)["Town Hall"]
    usage = plan_usage(api, 300)
    # use up Global Select, then ask for one more
    spare = list(unassigned(api).values())
    taken = 0
    for room in spare:
        if usage["available"] - taken <= 0:
            break
        if room["id"] == u["id"]:
            continue
        assert api.post(ROOMS, json={"id": room["id"], "calling_plans": [{"type": 300}]}).status_code == 201
        taken += 1
    assert plan_usage(api, 300)["available"] == 0, "the demo seed leaves at most 3 Global Select plans"
    r = api.post(ROOMS, json={"id": u["id"], "calling_plans": [{"type": 300}]})
    assert r.status_code == 400 and r.json() == {"code": 404, "message": "Unknown or invalid calling plan: 300."}
    assert "Town Hall" in unassigned(api)


def test_list_paginates_and_scope(api, scoped_api):
    for name in ("Huddle Room 2", "Town Hall"):
        assert api.post(ROOMS, json={"id": unassigned(api)[name]["id"]}).status_code == 201
    r = api.get(ROOMS, params={"page_size": 3})
    body = r.json()
    assert body["total_records"] == 4 and len(body["rooms"]) == 3 and body["next_page_token"]
    r2 = api.get(ROOMS, params={"page_size": 3, "next_page_token": body["next_page_token"]})
    names = [x["name"] for x in body["rooms"]] + [x["name"] for x in r2.json()["rooms"]]
    assert sorted(names) == ["Boardroom", "Huddle Room 1", "Huddle Room 2", "Town Hall"]
    client = scoped_api(["phone:read:list_rooms:admin"])
    assert client.get(ROOMS).status_code == 200
    r = client.post(ROOMS, json={"id": "x"})
    assert r.status_code == 400 and r.json()["code"] == 4700


def test_get_unknown_and_other_tenant(api, other_api):
    board = rooms(api)["Boardroom"]
    r = other_api.get(f"{ROOMS}/{board['id']}")
    assert r.status_code == 404 and r.json() == {"code": 404, "message": f"Room does not exist:{board['id']}."}
    # an unassigned room is not a Zoom Room under Zoom Phone
    r = api.get(f"{ROOMS}/{unassigned(api)['Town Hall']['id']}")
    assert r.status_code == 404 and r.json()["code"] == 404


# --- update ---------------------------------------------------------------------------------------


def test_update_room(api):
    board = rooms(api)["Boardroom"]
    other_site = next(s for s in sites(api) if s["id"] != board["site"]["id"])
    r = api.patch(f"{ROOMS}/{board['id']}", json={
        "extension_number": 7501, "site_id": other_site["id"],
        "policy": {"international_calling": {"enable": True}, "select_outbound_caller_id": {"enable": True}}})
    assert r.status_code == 204, r.text
    got = api.get(f"{ROOMS}/{board['id']}").json()
    assert got["extension_number"] == 7501 and got["site"]["id"] == other_site["id"]
    assert got["policy"]["international_calling"] == {"enable": True}
    assert got["policy"]["select_outbound_caller_id"] == {"enable": True}
    # the room's number follows it to the new site
    num = api.get(f"/phone/numbers/{board['phone_numbers'][0]['id']}").json()
    assert num["site"]["id"] == other_site["id"]
    # reset: back to the inherited value
    r = api.patch(f"{ROOMS}/{board['id']}", json={"policy": {"international_calling": {"reset": True}}})
    assert r.status_code == 204
    assert api.get(f"{ROOMS}/{board['id']}").json()["policy"]["international_calling"] == {"enable": False}


def test_update_room_errors(api, other_api):
    r = rooms(api)
    board, huddle = r["Boardroom"], r["Huddle Room 1"]
    res = api.patch(f"{ROOMS}/{board['id']}", json={"extension_number": huddle["extension_number"]})
    assert res.status_code == 400 and res.json() == {"code": 300, "message": "Extension number error."}
    res = api.patch(f"{ROOMS}/{board['id']}", json={"extension_number": 0})
    assert res.status_code == 400 and res.json()["code"] == 300
    res = api.patch(f"{ROOMS}/{board['id']}", json={"site_id": "nope", "extension_number": 7601})
    assert res.status_code == 400 and res.json() == {"code": 404, "message": "Site does not exist."}
    assert api.get(f"{ROOMS}/{board['id']}").json()["extension_number"] == 7001  # nothing written
    res = other_api.patch(f"{ROOMS}/{board['id']}", json={"extension_number": 7602})
    assert res.status_code == 400 and res.json()["code"] == 404


def test_policy_locked_by_site(api):
    board = rooms(api)["Boardroom"]
    site_id = board["site"]["id"]
    r = api.patch(f"/phone/sites/{site_id}", json={"policy": {"international_calling": {"enable": True,
                                                                                           "locked": True}}})
    assert r.status_code == 204, r.text
    got = api.get(f"{ROOMS}/{board['id']}").json()
    assert got["policy"]["international_calling"] == {"enable": True, "locked_by": "site"}
    r = api.patch(f"{ROOMS}/{board['id']}", json={"policy": {"international_calling": {"enable": False}}})
    assert r.status_code == 400 and r.json() == {"code": 400, "message": "Policy locked: international_calling."}


# --- remove ---------------------------------------------------------------------------------------


def test_remove_room_frees_numbers_and_plans(api):
    board = rooms(api)["Boardroom"]
    before = plan_usage(api, 200)
    number_id = board["phone_numbers"][0]["id"]
    assert api.delete(f"{ROOMS}/{board['id']}").status_code == 204
    r = api.get(f"{ROOMS}/{board['id']}")
    assert r.status_code == 404 and r.json()["code"] == 404
    assert "Boardroom" in unassigned(api) and "Boardroom" not in rooms(api)
    assert plan_usage(api, 200)["assigned"] == before["assigned"] - 1
    num = api.get(f"/phone/numbers/{number_id}").json()
    assert not num.get("assignee")
    # a second removal: the room is no longer under Zoom Phone
    r = api.delete(f"{ROOMS}/{board['id']}")
    assert r.status_code == 400 and r.json() == {"code": 404, "message": f"Room does not exist:{board['id']}."}
    # and it can be added again
    assert api.post(ROOMS, json={"id": board["id"]}).status_code == 201
    assert rooms(api)["Boardroom"]["phone_numbers"] == []


# --- calling plans --------------------------------------------------------------------------------


def test_assign_and_remove_calling_plans(api):
    huddle = rooms(api)["Huddle Room 1"]
    before = plan_usage(api, 3000)
    r = api.post(f"{ROOMS}/{huddle['id']}/calling_plans", json={"calling_plans": [{"type": 3000}]})
    assert r.status_code == 201, r.text
    types = [p["type"] for p in api.get(f"{ROOMS}/{huddle['id']}").json()["calling_plans"]]
    assert 3000 in types
    assert plan_usage(api, 3000)["assigned"] == before["assigned"] + 1
    assert api.delete(f"{ROOMS}/{huddle['id']}/calling_plans/3000").status_code == 204
    types = [p["type"] for p in api.get(f"{ROOMS}/{huddle['id']}").json()["calling_plans"]]
    assert 3000 not in types
    assert plan_usage(api, 3000)["assigned"] == before["assigned"]


def test_calling_plan_errors(api, other_api):
    huddle = rooms(api)["Huddle Room 1"]
    url = f"{ROOMS}/{huddle['id']}/calling_plans"
    r = api.post(url, json={"calling_plans": [{"type": 12345}]})
    assert r.status_code == 400 and r.json() == {"code": 300, "message": "Plan invalid."}
    r = api.post(url, json={"calling_plans": [{"type": 200}]})  # already held
    assert r.status_code == 400 and r.json()["code"] == 300
    r = api.post(url, json={"calling_plans": [{"type": t} for t in (1, 100, 300, 3000, 600, 3001)]})
    assert r.status_code == 400 and r.json() == {"code": 429,
                                                 "message": "Room batch operation is limited to 5 per request."}
    r = other_api.post(url, json={"calling_plans": [{"type": 100}]})
    assert r.status_code == 400 and r.json()["code"] == 404
    r = api.delete(f"{url}/3000")  # not held
    assert r.status_code == 400 and r.json() == {"code": 300, "message": "Plan invalid."}
    r = api.delete(f"{ROOMS}/nope/calling_plans/200")
    assert r.status_code == 400 and r.json() == {"code": 404, "message": "Room does not exist:nope."}


# --- phone numbers --------------------------------------------------------------------------------


def test_assign_and_remove_numbers(api):
    huddle = rooms(api)["Huddle Room 1"]
    num = free_number(api)
    r = api.post(f"{ROOMS}/{huddle['id']}/phone_numbers", json={"phone_numbers": [{"id": num["id"]}]})
    assert r.status_code == 201, r.text
    got = api.get(f"{ROOMS}/{huddle['id']}").json()
    assert [n["id"] for n in got["phone_numbers"]] == [num["id"]]
    inv = api.get(f"/phone/numbers/{num['id']}").json()
    assert inv["assignee"]["id"] == huddle["id"]
    assert api.delete(f"{ROOMS}/{huddle['id']}/phone_numbers/{num['id']}").status_code == 204
    assert api.get(f"{ROOMS}/{huddle['id']}").json()["phone_numbers"] == []
    assert not api.get(f"/phone/numbers/{num['id']}").json().get("assignee")


def test_number_errors(api, other_api):
    r = rooms(api)
    board, huddle = r["Boardroom"], r["Huddle Room 1"]
    url = f"{ROOMS}/{huddle['id']}/phone_numbers"
    taken = board["phone_numbers"][0]
    res = api.post(url, json={"phone_numbers": [{"id": taken["id"]}]})
    assert res.status_code == 400 and res.json() == {"code": 409, "message": "Phone number already in use."}
    res = api.post(url, json={"phone_numbers": [{"number": "+19995550000"}]})
    assert res.status_code == 400 and res.json() == {"code": 404, "message": "Phone number does not exist."}
    res = api.post(url, json={"phone_numbers": [{"id": f"n{i}"} for i in range(6)]})
    assert res.status_code == 400 and res.json()["code"] == 429
    res = other_api.post(url, json={"phone_numbers": [{"id": taken["id"]}]})
    assert res.status_code == 400 and res.json()["code"] == 404
    # a room without a metered, unlimited or pro plan cannot hold a number
    assert api.delete(f"{ROOMS}/{huddle['id']}/calling_plans/200").status_code == 204
    res = api.post(url, json={"phone_numbers": [{"id": free_number(api)["id"]}]})
    assert res.status_code == 400 and res.json() == {
        "code": 409, "message": "This function requires a Zoom Phone Metered, Unlimited, or Pro plan."}
    # removing a number the room does not hold
    res = api.delete(f"{url}/{taken['id']}")
    assert res.status_code == 400 and res.json() == {"code": 404, "message": "Phone number does not exist."}
    assert api.get(f"/phone/numbers/{taken['id']}").json()["assignee"]["id"] == board["id"]


def test_sub_account_rooms(sub_api):
    r = sub_api.get(f"{ROOMS}/unassigned").json()["rooms"]
    assert sorted(x["display_name"] for x in r) == ["Sub Conference Room", "Sub Huddle Room"]
    assert sub_api.get(ROOMS).json()["total_records"] == 0
