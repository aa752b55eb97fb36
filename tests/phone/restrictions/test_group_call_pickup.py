"""Group call pickup: groups, their members (users and common areas that exist)."""

from __future__ import annotations

from typing import Any

import httpx
from restrictions_helpers import all_pages, err

GCP = "/phone/group_call_pickup"


def groups(api) -> dict[str, dict[str, Any]]:  # noqa: ANN001
    return {g["display_name"]: g for g in all_pages(api, GCP, "group_call_pickup")}


def members(api, gid: str) -> list[dict[str, Any]]:  # noqa: ANN001
    return all_pages(api, f"{GCP}/{gid}/members", "group_call_pickup_member")


def sites(api) -> dict[str, str]:  # noqa: ANN001
    return {s["name"]: s["id"] for s in api.get("/phone/sites", params={"page_size": 100}).json()["sites"]}


def free_members(api, n: int) -> list[dict[str, Any]]:  # noqa: ANN001
    """Users of the account in no group call pickup."""
    taken = {m["extension_id"] for g in groups(api).values() for m in members(api, g["id"])}
    users = api.get("/phone/users", params={"page_size": 100}).json()["users"]
    return [u for u in users if u["id"] not in taken][:n]


def test_seeded_groups(api, sub_api):
    got = groups(api)
    assert set(got) == {"Front Desk Pickup", "Support Pickup"}
    front = got["Front Desk Pickup"]
    assert front["site"]["name"] == "Main Site" and front["member_count"] == 4 and front["delay"] == 5
    assert front["extension_id"] == front["id"] and front["extension_number"] >= 8001
    detail = api.get(f"{GCP}/{front['id']}").json()
    assert detail["play_incoming_calls_sound"] == {"enable": True, "ring_tone": "ringtone_2", "duration": 1}
    assert detail["department"] == "Reception"
    ms = members(api, front["id"])
    assert len(ms) == 4 and {m["extension_type"] for m in ms} == {"user", "commonArea"}
    assert all(m["id"] == m["extension_id"] and m["display_name"] for m in ms)
    assert list(groups(sub_api)) == ["Office Pickup"]


def test_add_get_update_delete(api):
    main = sites(api)["Main Site"]
    a, b, c = free_members(api, 3)
    r = api.post(GCP, json={"display_name": "Lab Pickup", "site_id": main, "delay": 10, "description": "Lab",
                            "extension_number": 7788, "member_extension_ids": [a["id"], b["id"]],
                            "play_incoming_calls_sound": {"enable": True, "ring_tone": "ringtone_3", "duration": 3}})
    assert r.status_code == 201, r.text
    gid = r.json()["id"]
    assert r.json()["display_name"] == "Lab Pickup"
    got = api.get(f"{GCP}/{gid}").json()
    assert got == {"id": gid, "display_name": "Lab Pickup", "extension_id": gid, "extension_number": 7788,
                   "member_count": 2, "description": "Lab", "delay": 10, "directed_call_pickup": False,
                   "site": {"id": main, "name": "Main Site"},
                   "play_incoming_calls_sound": {"enable": True, "ring_tone": "ringtone_3", "duration": 3}}
    r = api.patch(f"{GCP}/{gid}", json={"display_name": "Lab Pickup 2", "delay": 15, "cost_center": "R&D",
                                        "directed_call_pickup": True, "extension_number": 7789,
                                        "play_incoming_calls_sound": {"enable": False}})
    assert r.status_code == 204, r.text
    got = api.get(f"{GCP}/{gid}").json()
    assert (got["display_name"], got["delay"], got["cost_center"], got["directed_call_pickup"],
            got["extension_number"], got["description"]) == ("Lab Pickup 2", 15, "R&D", True, 7789, "Lab")
    assert got["play_incoming_calls_sound"] == {"enable": False}
    assert groups(api)["Lab Pickup 2"]["member_count"] == 2
    # without an extension number, the next free one
    r = api.post(GCP, json={"display_name": "Auto Number", "site_id": main})
    assert r.status_code == 201, r.text
    auto = api.get(f"{GCP}/{r.json()['id']}").json()
    assert auto["extension_number"] and auto["member_count"] == 0
    assert api.delete(f"{GCP}/{gid}").status_code == 204
    body = err(api.get(f"{GCP}/{gid}"), 404, 404)
    assert body["message"] == "Group call pickup does not exist."
    err(api.delete(f"{GCP}/{gid}"), 400, 404)
    err(api.patch(f"{GCP}/{gid}", json={"delay": 0}), 400, 404)
    err(api.get(f"{GCP}/{gid}/members"), 404, 404)
    assert "Lab Pickup 2" not in groups(api)
    # its members are free again
    r = api.post(f"{GCP}/{auto['id']}/members", json={"member_extension_ids": [a["id"], c["id"]]})
    assert r.status_code == 201, r.text


def test_group_validation(api):
    main = sites(api)["Main Site"]
    before = groups(api)
    front = before["Front Desk Pickup"]
    user = api.get("/phone/users", params={"page_size": 1}).json()["users"][0]
    err(api.post(GCP, json={"display_name": "ab", "site_id": main}), 400, 300)
    err(api.post(GCP, json={"display_name": "Nowhere", "site_id": "nope"}), 400, 300)
    err(api.post(GCP, json={"display_name": "Taken", "site_id": main,
                            "extension_number": user["extension_number"]}), 400, 300)
    err(api.post(GCP, json={"display_name": "Taken", "site_id": main,
                            "extension_number": front["extension_number"]}), 400, 300)
    err(api.post(GCP, json={"display_name": "Short", "site_id": main, "extension_number": 12}), 400, 300)
    err(api.post(GCP, json={"display_name": "Delay", "site_id": main, "delay": 7}), 400, 300)
    err(api.post(GCP, json={"display_name": "Long", "site_id": main, "description": "x" * 1001}), 400, 300)
    err(api.post(GCP, json={"display_name": "Bad member", "site_id": main, "member_extension_ids": ["nope"]}),
        400, 300)
    queue = api.get("/phone/call_queues").json()["call_queues"][0]
    err(api.post(GCP, json={"display_name": "Queue member", "site_id": main, "member_extension_ids": [queue["id"]]}),
        400, 300)
    err(api.patch(f"{GCP}/{front['id']}", json={"display_name": "x" * 201}), 400, 300)
    err(api.patch(f"{GCP}/{front['id']}", json={"play_incoming_calls_sound": {"duration": 2}}), 400, 300)
    assert groups(api) == before


def test_members_add_remove_and_one_group_each(api):
    g = groups(api)
    front, support = g["Front Desk Pickup"]["id"], g["Support Pickup"]["id"]
    before = members(api, front)
    new = free_members(api, 2)
    r = api.post(f"{GCP}/{front}/members", json={"member_extension_ids": [m["id"] for m in new]})
    assert r.status_code == 201, r.text
    got = members(api, front)
    assert [m["extension_id"] for m in got] == [m["extension_id"] for m in before] + [m["id"] for m in new]
    assert got[-1]["extension_number"] == new[-1]["extension_number"] and got[-1]["extension_type"] == "user"
    # adding one again is a no-op; a member of another group is refused
    assert api.post(f"{GCP}/{front}/members", json={"member_extension_ids": [new[0]["id"]]}).status_code == 201
    assert len(members(api, front)) == len(before) + 2
    err(api.post(f"{GCP}/{support}/members", json={"member_extension_ids": [new[0]["id"]]}), 400, 300)
    err(api.post(f"{GCP}/{front}/members", json={"member_extension_ids": []}), 400, 300)
    assert api.delete(f"{GCP}/{front}/members/{new[0]['id']}").status_code == 204
    body = err(api.delete(f"{GCP}/{front}/members/{new[0]['id']}"), 400, 404)
    assert body["message"] == "Member does not exist."
    err(api.delete(f"{GCP}/nope/members/{new[1]['id']}"), 400, 404)
    assert new[0]["id"] not in {m["extension_id"] for m in members(api, front)}
    # now free for the other group
    assert api.post(f"{GCP}/{support}/members", json={"member_extension_ids": [new[0]["id"]]}).status_code == 201
    page = api.get(f"{GCP}/{front}/members", params={"page_size": 2}).json()
    assert len(page["group_call_pickup_member"]) == 2 and page["next_page_token"]
    assert page["total_records"] == len(before) + 1


def test_deleted_member_disappears(api, server):
    g = groups(api)["Front Desk Pickup"]
    ms = members(api, g["id"])
    user = next(m for m in ms if m["extension_type"] == "user")
    r = httpx.delete(f"{server.base}/_phonestack/accounts/{api.account_id}/users/{user['id']}")
    assert r.status_code in (200, 204), r.text
    assert user["id"] not in {m["extension_id"] for m in members(api, g["id"])}
    assert groups(api)["Front Desk Pickup"]["member_count"] == len(ms) - 1
    assert api.get(f"{GCP}/{g['id']}").json()["member_count"] == len(ms) - 1
    err(api.delete(f"{GCP}/{g['id']}/members/{user['id']}"), 400, 404)


def test_other_tenant_and_scope(api, other_api, scoped_api):
    gid = groups(api)["Front Desk Pickup"]["id"]
    err(other_api.get(f"{GCP}/{gid}"), 404, 404)
    err(other_api.patch(f"{GCP}/{gid}", json={"delay": 0}), 400, 404)
    err(other_api.delete(f"{GCP}/{gid}"), 400, 404)
    err(other_api.get(f"{GCP}/{gid}/members"), 404, 404)
    assert other_api.get(GCP).json()["group_call_pickup"] == []
    # another tenant's site is not one of this one's
    other_user = free_members(api, 1)[0]["id"]
    err(other_api.post(GCP, json={"display_name": "Theirs", "site_id": sites(api)["Main Site"]}), 400, 300)
    reader = scoped_api(["phone:read:admin"])
    assert reader.get(f"{GCP}/{gid}").status_code == 200
    err(reader.post(f"{GCP}/{gid}/members", json={"member_extension_ids": [other_user]}), 400, 4700)
    assert other_user not in {m["extension_id"] for m in members(api, gid)}
