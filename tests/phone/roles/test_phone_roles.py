"""Phone roles: Zoom's default roles, duplicate/update/delete, members (one role per user,
moves between roles, deleted users) and targets (default and per member)."""

from __future__ import annotations

import httpx
from roles_helpers import error, groups, roles, users

DEFAULT_NAMES = ["Phone Super Admin", "Site Admin", "Call Queue Admin", "Auto Receptionist Admin",
                 "Shared Line Group Admin", "Common Area Admin", "Recording Admin", "Compliance Admin"]


def _free_users(api, n: int) -> list[dict]:  # noqa: ANN001
    """Users that hold no phone role."""
    taken = set()
    for role in roles(api).values():
        taken |= {m["user_id"] for m in api.get(f"/phone/roles/{role['id']}/members").json()["members"]}
    out = [u for u in users(api) if u["id"] not in taken]
    assert len(out) >= n
    return out[:n]


def test_default_roles_of_a_new_account_are_created_once_and_kept(other_api):
    """The first roles request of an account creates Zoom's default roles; a GET does so in a
    transaction of its own, so the ids it lists are the ids every later request finds."""
    first = roles(other_api)
    assert list(first) == DEFAULT_NAMES
    assert roles(other_api) == first
    for role in first.values():
        got = other_api.get(f"/phone/roles/{role['id']}")
        assert got.status_code == 200 and got.json()["name"] == role["name"], got.text


def test_default_roles_listed_and_detailed(api, sub_api, other_api):
    listed = roles(api)
    assert list(listed) == DEFAULT_NAMES
    assert all(r["is_default"] for r in listed.values())
    sa = listed["Phone Super Admin"]
    assert sa["total_members"] == 1
    assert api.get(f"/phone/roles/{sa['id']}").json() == sa
    assert listed["Site Admin"]["total_members"] == 2
    # every account has the defaults, even one the demo seed did not fill
    assert list(roles(other_api)) == DEFAULT_NAMES
    assert all(r["total_members"] == 0 for r in roles(other_api).values())
    assert roles(sub_api)["Phone Super Admin"]["total_members"] == 1
    # another tenant's role is unknown
    error(other_api.get(f"/phone/roles/{sa['id']}"), 404, 404)
    body = error(api.get("/phone/roles/nope"), 404, 404)
    assert body["message"] == "Phone role does not exist for role Id: nope."


def test_duplicate_update_delete_role(api):
    comp = roles(api)["Compliance Admin"]
    r = api.post("/phone/roles", json={"role_id": comp["id"]})
    assert r.status_code == 201, r.text
    copy = r.json()
    assert copy["name"] == "Compliance Admin (Copy)"
    got = api.get(f"/phone/roles/{copy['id']}").json()
    assert got == {"id": copy["id"], "name": "Compliance Admin (Copy)", "description": comp["description"],
                   "total_members": 0, "is_default": False}
    # a second copy gets a free name; a given name must be unique
    assert api.post("/phone/roles", json={"role_id": comp["id"]}).json()["name"] == "Compliance Admin (Copy 2)"
    error(api.post("/phone/roles", json={"role_id": comp["id"], "name": "site admin"}), 400, 300)
    error(api.post("/phone/roles", json={"role_id": "ghost"}), 400, 300)
    named = api.post("/phone/roles", json={"role_id": comp["id"], "name": "Auditors", "description": "Audit"})
    assert named.status_code == 201 and named.json()["name"] == "Auditors"

    assert api.patch(f"/phone/roles/{copy['id']}", json={"name": "Legal review",
                                                         "description": "Legal team"}).status_code == 204
    got = api.get(f"/phone/roles/{copy['id']}").json()
    assert (got["name"], got["description"]) == ("Legal review", "Legal team")
    error(api.patch(f"/phone/roles/{copy['id']}", json={"name": "x" * 129}), 400, 300)
    error(api.patch(f"/phone/roles/{copy['id']}", json={"name": "Auditors"}), 400, 300)
    error(api.patch(f"/phone/roles/{comp['id']}", json={"name": "Renamed"}), 400, 300)  # a default role
    error(api.patch("/phone/roles/ghost", json={"name": "x"}), 400, 300)

    assert api.delete(f"/phone/roles/{copy['id']}").status_code == 204
    error(api.get(f"/phone/roles/{copy['id']}"), 404, 404)
    assert "Legal review" not in roles(api)
    error(api.delete(f"/phone/roles/{copy['id']}"), 400, 300)
    error(api.delete(f"/phone/roles/{comp['id']}"), 400, 300)  # default roles stay


def test_members_add_list_remove(api, other_api):
    role = api.post("/phone/roles", json={"role_id": roles(api)["Site Admin"]["id"], "name": "Branch admins"}).json()
    a, b = _free_users(api, 2)
    r = api.post(f"/phone/roles/{role['id']}/members", json={"user_ids": [a["id"], b["email"]]})
    assert r.status_code == 201, r.text
    members = api.get(f"/phone/roles/{role['id']}/members").json()["members"]
    assert [m["user_id"] for m in members] == [a["id"], b["id"]]
    assert members[0]["display_name"] == a["name"] and members[0]["email"] == a["email"]
    assert members[0]["extension_number"] == a["extension_number"]
    assert members[0]["site"] == a["site"]
    assert api.get(f"/phone/roles/{role['id']}").json()["total_members"] == 2
    # adding them again is a no-op
    assert api.post(f"/phone/roles/{role['id']}/members", json={"user_ids": [a["id"]]}).status_code == 201
    assert api.get(f"/phone/roles/{role['id']}").json()["total_members"] == 2
    # unknown users, other tenants' users
    body = error(api.post(f"/phone/roles/{role['id']}/members", json={"user_ids": ["ghost", "x@nowhere.dev"]}),
                 400, 400)
    assert body["message"] == "There are invalid emails:x@nowhere.dev There are invalid user ids:ghost"
    error(other_api.post(f"/phone/roles/{role['id']}/members", json={"user_ids": [a["id"]]}), 400, 300)
    # a user has one phone role
    sa = roles(api)["Phone Super Admin"]
    body = error(api.post(f"/phone/roles/{sa['id']}/members", json={"user_ids": [a["id"]]}), 400, 300)
    assert "Branch admins" in body["message"]
    # a role with members cannot be deleted
    error(api.delete(f"/phone/roles/{role['id']}"), 400, 300)
    # remove: unknown members answer the documented 400 and nothing changes
    body = error(api.delete(f"/phone/roles/{role['id']}/members", params={"user_ids": f"{a['id']},ghost"}), 400, 400)
    assert body["message"] == "There are invalid user ids:ghost"
    assert api.get(f"/phone/roles/{role['id']}").json()["total_members"] == 2
    r = api.delete(f"/phone/roles/{role['id']}/members", params={"user_ids": f"{a['id']},{b['email']}"})
    assert r.status_code == 204, r.text
    assert api.get(f"/phone/roles/{role['id']}/members").json()["members"] == []
    assert api.delete(f"/phone/roles/{role['id']}").status_code == 204


def _delete_user(api, user_id: str) -> None:  # noqa: ANN001
    """Users are deleted through the Zoom Users API, which phonestack serves as an admin endpoint."""
    r = httpx.delete(f"{api.server.base}/_phonestack/accounts/{api.account_id}/users/{user_id}")
    assert r.status_code == 204, r.text


def test_deleted_user_leaves_role(api):
    role = api.post("/phone/roles", json={"role_id": roles(api)["Compliance Admin"]["id"]}).json()
    (u,) = _free_users(api, 1)
    api.post(f"/phone/roles/{role['id']}/members", json={"user_ids": [u["id"]]})
    assert api.get(f"/phone/roles/{role['id']}").json()["total_members"] == 1
    _delete_user(api, u["id"])
    assert api.get(f"/phone/roles/{role['id']}/members").json()["members"] == []
    assert api.get(f"/phone/roles/{role['id']}").json()["total_members"] == 0
    assert api.delete(f"/phone/roles/{role['id']}").status_code == 204


def test_move_members_between_roles(api):
    listed = roles(api)
    src = api.post("/phone/roles", json={"role_id": listed["Call Queue Admin"]["id"], "name": "Queue A"}).json()
    dst = api.post("/phone/roles", json={"role_id": listed["Call Queue Admin"]["id"], "name": "Queue B"}).json()
    a, b = _free_users(api, 2)
    api.post(f"/phone/roles/{src['id']}/members", json={"user_ids": [a["id"], b["id"]]})
    queue = api.get("/phone/call_queues").json()["call_queues"][0]
    r = api.post(f"/phone/roles/{src['id']}/targets", json={
        "user_id": a["id"], "targets": [{"target_type": "callQueue", "target_ids": [queue["id"]]}]})
    assert r.status_code == 201, r.text
    # move a (with targets) from Queue A to Queue B
    r = api.post(f"/phone/roles/{dst['id']}/members", json={"role_id": src["id"], "user_ids": [a["id"]],
                                                            "copy_targets": True})
    assert r.status_code == 201, r.text
    assert [m["user_id"] for m in api.get(f"/phone/roles/{dst['id']}/members").json()["members"]] == [a["id"]]
    assert [m["user_id"] for m in api.get(f"/phone/roles/{src['id']}/members").json()["members"]] == [b["id"]]
    t = api.get(f"/phone/roles/{dst['id']}/targets", params={"user_id": a["id"]})
    # user_id is not in the contract yet; the provider reads it when the lead adds it
    if t.status_code == 200 and t.json()["targets"] and t.json()["targets"][0]["target_type"] == "callQueue":
        assert t.json()["targets"][0]["target_id"] == queue["id"]
    # a user who is not a member of the source role
    error(api.post(f"/phone/roles/{dst['id']}/members", json={"role_id": src["id"], "user_ids": [a["id"]]}),
          400, 300)
    # all members of the source
    r = api.post(f"/phone/roles/{dst['id']}/members", json={"role_id": src["id"], "copy_all_members": True})
    assert r.status_code == 201
    assert api.get(f"/phone/roles/{src['id']}").json()["total_members"] == 0
    assert api.get(f"/phone/roles/{dst['id']}").json()["total_members"] == 2
    error(api.post(f"/phone/roles/{dst['id']}/members", json={"role_id": "ghost", "copy_all_members": True}),
          400, 300)


def test_default_targets(api, server):
    listed = roles(api)
    rec = listed["Recording Admin"]
    r = api.get(f"/phone/roles/{rec['id']}/targets")
    assert r.status_code == 200, r.text
    body = r.json()
    main = api.get("/phone/sites").json()["sites"][0]
    assert body["total_records"] == 1
    assert body["targets"] == [{"target_id": main["id"], "target_type": "site", "target_name": main["name"],
                                "site_id": main["id"], "site_name": main["name"]}]
    queue = api.get("/phone/call_queues").json()["call_queues"][0]
    user = users(api)[5]
    group = groups(server, api.account_id)[0]
    r = api.post(f"/phone/roles/{rec['id']}/targets", json={"is_default": True, "targets": [
        {"target_type": "callQueue", "target_ids": [queue["id"]]},
        {"target_type": "user", "target_ids": [user["id"]]},
        {"target_type": "group", "target_ids": [group["id"]]}]})
    assert r.status_code == 201, r.text
    assert r.json()["is_default"] is True and r.json()["targets"][0]["target_ids"] == [queue["id"]]
    got = api.get(f"/phone/roles/{rec['id']}/targets", params={"page_size": 2}).json()
    assert got["total_records"] == 4 and len(got["targets"]) == 2 and got["next_page_token"]
    rest = api.get(f"/phone/roles/{rec['id']}/targets",
                   params={"page_size": 2, "next_page_token": got["next_page_token"]}).json()
    views = {x["target_id"]: x for x in got["targets"] + rest["targets"]}
    assert views[queue["id"]]["target_name"] == queue["name"]
    assert views[queue["id"]]["extension_number"] == queue["extension_number"]
    assert views[user["id"]]["site_id"] == user["site"]["id"]
    assert views[group["id"]]["target_name"] == group["details"]["name"]
    # a target type the role does not administer; unknown ids
    error(api.post(f"/phone/roles/{rec['id']}/targets", json={"is_default": True, "targets": [
        {"target_type": "commonArea", "target_ids": ["x"]}]}), 400, 300)
    body = error(api.post(f"/phone/roles/{rec['id']}/targets", json={"is_default": True, "targets": [
        {"target_type": "callQueue", "target_ids": [queue["id"], "ghost"]}]}), 400, 400)
    assert body["message"] == "There are invalid target ids: ghost."
    sa = listed["Phone Super Admin"]
    error(api.post(f"/phone/roles/{sa['id']}/targets", json={"is_default": True, "targets": [
        {"target_type": "site", "target_ids": [main["id"]]}]}), 400, 300)
    error(api.post("/phone/roles/ghost/targets", json={"is_default": True, "targets": [
        {"target_type": "site", "target_ids": [main["id"]]}]}), 404, 404)
    error(api.get("/phone/roles/ghost/targets"), 404, 404)
    # a deleted target disappears from the list
    _delete_user(api, user["id"])
    assert api.get(f"/phone/roles/{rec['id']}/targets").json()["total_records"] == 3
    # delete targets
    r = api.request("DELETE", f"/phone/roles/{rec['id']}/targets", json={"is_default": True, "targets": [
        {"target_type": "callQueue", "target_ids": [queue["id"]]}]})
    assert r.status_code == 204, r.text
    left = {x["target_id"] for x in api.get(f"/phone/roles/{rec['id']}/targets").json()["targets"]}
    assert left == {main["id"], group["id"]}
    error(api.request("DELETE", f"/phone/roles/{rec['id']}/targets", json={"is_default": True, "targets": [
        {"target_ids": [queue["id"]]}]}), 400, 300)
    error(api.request("DELETE", "/phone/roles/ghost/targets", json={"is_default": True, "targets": [
        {"target_ids": [main["id"]]}]}), 404, 404)


def test_member_targets(api):
    listed = roles(api)
    cq = listed["Call Queue Admin"]
    queues = api.get("/phone/call_queues").json()["call_queues"]
    (u,) = _free_users(api, 1)
    # the user must exist, and be a member
    body = error(api.post(f"/phone/roles/{cq['id']}/targets", json={"user_id": "ghost", "targets": [
        {"target_type": "callQueue", "target_ids": [queues[1]["id"]]}]}), 404, 1001)
    assert body["message"] == "User does not exist for user id: ghost."
    error(api.post(f"/phone/roles/{cq['id']}/targets", json={"user_id": u["id"], "targets": [
        {"target_type": "callQueue", "target_ids": [queues[1]["id"]]}]}), 400, 300)
    error(api.post(f"/phone/roles/{cq['id']}/targets", json={"targets": [
        {"target_type": "callQueue", "target_ids": [queues[1]["id"]]}]}), 400, 300)  # user_id required
    api.post(f"/phone/roles/{cq['id']}/members", json={"user_ids": [u["id"]]})
    r = api.post(f"/phone/roles/{cq['id']}/targets", json={"user_id": u["id"], "targets": [
        {"target_type": "callQueue", "target_ids": [queues[1]["id"]]}]})
    assert r.status_code == 201, r.text
    assert r.json() == {"is_default": False, "user_id": u["id"],
                        "targets": [{"target_type": "callQueue", "target_ids": [queues[1]["id"]]}]}
    # the role's default targets are not the member's
    assert api.get(f"/phone/roles/{cq['id']}/targets").json()["total_records"] == 0
    # removing the member removes its targets (re-adding starts empty)
    r = api.request("DELETE", f"/phone/roles/{cq['id']}/targets", json={"user_id": u["id"], "targets": [
        {"target_type": "callQueue", "target_ids": [queues[1]["id"]]}]})
    assert r.status_code == 204, r.text
    error(api.request("DELETE", f"/phone/roles/{cq['id']}/targets", json={"user_id": u["id"], "targets": [
        {"target_type": "callQueue", "target_ids": [queues[1]["id"]]}]}), 400, 300)


def test_roles_missing_scope(scoped_api):
    client = scoped_api(["phone:read:admin"])
    assert client.get("/phone/roles").status_code == 200
    r = client.post("/phone/roles", json={"role_id": "x"})
    assert r.status_code == 400 and r.json()["code"] == 4700
