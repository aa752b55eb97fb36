"""The private directory through HTTP: members that exist, sites, searchability (issue 4)."""

from __future__ import annotations

from typing import Any

from directory_helpers import call_queues, common_areas, err, site_ids, users

PD = "/phone/private_directory/members"


def members(api, **params: Any) -> dict[str, dict[str, Any]]:  # noqa: ANN001
    r = api.get(PD, params={"page_size": 100, **params})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["total_records"] == len(body["private_directory_members"])
    return {m["extension_id"]: m for m in body["private_directory_members"]}


def non_member_user(api, site_id: str) -> dict[str, Any]:  # noqa: ANN001
    have = members(api)
    return next(u for u in users(api, site_id) if u["id"] not in have)


def test_list_seeded_members(api):
    got = members(api)
    assert len(got) >= 8
    types = {m["extension_type"] for m in got.values()}
    assert {"user", "common_area", "call_queue"} <= types
    u = next(m for m in got.values() if m["extension_type"] == "user")
    assert u["extension_email"] and u["site_id"] and u["site_name"]
    assert {m["searchable_on_web_portal"] for m in got.values()} <= {"everybody", "admins_only", "nobody"}
    page = api.get(PD, params={"page_size": 3}).json()
    assert len(page["private_directory_members"]) == 3 and page["next_page_token"]
    assert page["total_records"] == len(got)
    rest = api.get(PD, params={"page_size": 100, "next_page_token": page["next_page_token"]}).json()
    assert len(rest["private_directory_members"]) == len(got) - 3
    err(api.get(PD, params={"next_page_token": "forged"}), 400, 300)


def test_add_update_remove_member(api):
    ids = site_ids(api)
    user = non_member_user(api, ids["London Office"])
    area = next(a for a in common_areas(api) if a["id"] not in members(api))
    area_site = area["site"]["id"]
    r = api.post(PD, json={"site_id": ids["London Office"], "members": [
        {"extension_id": user["id"], "searchable_on_web_portal": "admins_only"}]})
    assert r.status_code == 201, r.text
    r = api.post(PD, json={"site_id": area_site, "members": [
        {"extension_id": area["id"], "searchable_on_web_portal": "nobody"}]})
    assert r.status_code == 201, r.text
    got = members(api)
    m = got[user["id"]]
    assert m == {"extension_id": user["id"], "extension_type": "user", "extension_number": user["extension_number"],
                 "extension_display_name": user["name"], "extension_email": user["email"],
                 "searchable_on_web_portal": "admins_only", "site_id": ids["London Office"],
                 "site_name": "London Office"}
    assert got[area["id"]]["extension_type"] == "common_area"
    assert got[area["id"]]["searchable_on_web_portal"] == "nobody"
    r = api.patch(f"{PD}/{user['id']}", json={"searchable_on_web_portal": "everybody",
                                              "site_id": ids["London Office"]})
    assert r.status_code == 204, r.text
    assert members(api)[user["id"]]["searchable_on_web_portal"] == "everybody"
    # adding it again updates it (no duplicate)
    n = len(members(api))
    api.post(PD, json={"site_id": ids["London Office"], "members": [
        {"extension_id": user["id"], "searchable_on_web_portal": "nobody"}]})
    assert len(members(api)) == n and members(api)[user["id"]]["searchable_on_web_portal"] == "nobody"
    assert api.delete(f"{PD}/{user['id']}").status_code == 204
    assert user["id"] not in members(api)
    err(api.delete(f"{PD}/{user['id']}"), 404, 404,
        f"Extension does not exist in the private directory: {user['id']}.")
    err(api.patch(f"{PD}/{user['id']}", json={"searchable_on_web_portal": "nobody"}), 404, 404,
        f"Extension does not exist in the private directory: {user['id']}.")


def test_member_validation(api):
    ids = site_ids(api)
    user = non_member_user(api, ids["Main Site"])
    ok = {"extension_id": user["id"], "searchable_on_web_portal": "everybody"}
    err(api.post(PD, json={"site_id": "nope", "members": [ok]}), 400, 8001, "Site does not exist: nope.")
    err(api.post(PD, json={"members": [ok]}), 400, 300)  # multiple sites: site_id required
    err(api.post(PD, json={"site_id": ids["Main Site"], "members": [
        {"extension_id": "nope", "searchable_on_web_portal": "everybody"}]}), 400, 404, "Extension does not exist: nope")
    err(api.post(PD, json={"site_id": ids["London Office"], "members": [ok]}), 400, 300)  # not of that site
    err(api.post(PD, json={"site_id": ids["Main Site"], "members": []}), 400, 300)
    err(api.post(PD, json={"site_id": ids["Main Site"], "members": [
        {"extension_id": user["id"], "searchable_on_web_portal": "sometimes"}]}), 400, 300)
    assert user["id"] not in members(api)
    err(api.patch(f"{PD}/nope", json={"searchable_on_web_portal": "nobody"}), 404, 404, "Extension does not exist: nope")
    err(api.delete(f"{PD}/nope"), 404, 404, "Extension does not exist: nope")
    member = next(iter(members(api)))
    err(api.patch(f"{PD}/{member}", json={"searchable_on_web_portal": "nobody", "site_id": "nope"}), 400, 8001)


def test_other_tenant_member(api, other_api, sub_api):
    member = next(iter(members(api)))
    err(other_api.delete(f"{PD}/{member}"), 404, 404, f"Extension does not exist: {member}")
    err(sub_api.patch(f"{PD}/{member}", json={"searchable_on_web_portal": "nobody"}), 404, 404)
    # the sub account has one site: no site_id needed
    sub_user = users(sub_api)[-1]
    r = sub_api.post(PD, json={"members": [{"extension_id": sub_user["id"], "searchable_on_web_portal": "nobody"}]})
    assert r.status_code == 201, r.text
    assert sub_user["id"] in members(sub_api) and sub_user["id"] not in members(api)
    assert members(other_api) == {}


def test_deleted_extension_leaves_the_directory(api):
    got = members(api)
    queue = next(q for q in call_queues(api) if q["id"] in got)
    assert api.delete(f"/phone/call_queues/{queue['id']}").status_code == 204
    assert queue["id"] not in members(api)
    err(api.delete(f"{PD}/{queue['id']}"), 404, 404, f"Extension does not exist: {queue['id']}")
