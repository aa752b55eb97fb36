"""Shared line groups: the group, its members, numbers and policies."""

from __future__ import annotations

from typing import Any

SLG = "/phone/shared_line_groups"
NM = "/number_management/numbers"


def error(r, status: int, code: int) -> dict[str, Any]:  # noqa: ANN001
    assert r.status_code == status, r.text
    body = r.json()
    assert body["code"] == code, body
    return body


def groups(api) -> list[dict[str, Any]]:  # noqa: ANN001
    out, token = [], ""
    while True:
        body = api.get(SLG, params={"page_size": 2, "next_page_token": token}).json()
        out += body["shared_line_groups"]
        token = body["next_page_token"]
        if not token:
            return out


def sites(api) -> dict[str, str]:  # noqa: ANN001
    out = {}
    token = ""
    while True:
        body = api.get(NM, params={"page_size": 100, "next_page_token": token}).json()
        for n in body["numbers"]:
            if "site" in n:
                out[n["site"]["name"]] = n["site"]["site_id"]
        token = body["next_page_token"]
        if not token:
            return out


def free_numbers(api, site_name: str = "Main Site") -> list[dict[str, Any]]:  # noqa: ANN001
    body = api.get("/phone/numbers", params={"type": "unassigned", "page_size": 100}).json()
    return [n for n in body["phone_numbers"] if n["source"] == "internal" and n["status"] == "available"
            and n.get("site", {}).get("name") == site_name]


def free_users(api) -> list[dict[str, Any]]:  # noqa: ANN001
    """Users of the main site in no shared line group: the demo groups' members, set free."""
    out = []
    for g in groups(api):
        if g["display_name"] in ("Front Office", "Executive Assistants"):
            out += api.get(f"{SLG}/{g['id']}").json()["members"]["users"]
            assert api.delete(f"{SLG}/{g['id']}/members").status_code == 204
    assert len(out) >= 3, out
    return out


def create(api, name: str = "Sales Line", **extra: Any) -> dict[str, Any]:  # noqa: ANN001
    body = {"display_name": name, "site_id": sites(api)["Main Site"], **extra}
    r = api.post(SLG, json=body)
    assert r.status_code == 201, r.text
    return r.json()


# --- the group ------------------------------------------------------------------------------------


def test_demo_groups_and_pagination(api):
    listed = groups(api)
    names = {g["display_name"] for g in listed}
    assert {"Front Office", "Executive Assistants"} <= names
    assert len({g["id"] for g in listed}) == len(listed)
    front = next(g for g in listed if g["display_name"] == "Front Office")
    assert front["phone_numbers"] and front["site"]["name"] == "Main Site"
    got = api.get(f"{SLG}/{front['id']}").json()
    assert got["members"]["users"], got
    assert got["phone_numbers"] == [{"id": n["id"], "number": n["number"]} for n in front["phone_numbers"]]
    assert got["primary_number"] == front["phone_numbers"][0]["number"]
    assert api.get(SLG).json()["total_records"] == len(listed)


def test_create_get_update_delete(api):
    created = create(api, description="Sales desk", extension_number=5777)
    assert created["display_name"] == "Sales Line"
    got = api.get(f"{SLG}/{created['id']}").json()
    assert got["extension_number"] == 5777 and got["extension_id"] == created["id"]
    assert got["site"]["name"] == "Main Site" and got["status"] == "active"
    assert got["members"] == {"users": [], "common_areas": []} and got["phone_numbers"] == []
    r = api.patch(f"{SLG}/{created['id']}", json={
        "display_name": "Sales Line 2", "extension_number": 5778, "status": "inactive", "timezone": "Europe/London",
        "cost_center": "CC-1", "department": "Sales", "audio_prompt_language": "en-GB", "allow_privacy": True,
        "recording_storage_location": "DE"})
    assert r.status_code == 204, r.text
    got = api.get(f"{SLG}/{created['id']}").json()
    assert (got["display_name"], got["extension_number"], got["status"], got["timezone"]) == (
        "Sales Line 2", 5778, "inactive", "Europe/London")
    assert (got["cost_center"], got["department"], got["audio_prompt_language"], got["allow_privacy"],
            got["recording_storage_location"]) == ("CC-1", "Sales", "en-GB", True, "DE")
    assert api.delete(f"{SLG}/{created['id']}").status_code == 204
    body = error(api.get(f"{SLG}/{created['id']}"), 404, 404)
    assert body["message"] == f"Shared line group does not exist: {created['id']}."
    error(api.delete(f"{SLG}/{created['id']}"), 400, 404)


def test_create_and_update_errors(api, other_api):
    used = next(g for g in groups(api) if g["display_name"] == "Front Office")["extension_number"]
    body = error(api.post(SLG, json={"display_name": "Dup", "extension_number": used,
                                     "site_id": sites(api)["Main Site"]}), 400, 400)
    assert body["message"] == f"Extension number {used} is already used."
    body = error(api.post(SLG, json={"display_name": "Reserved", "extension_number": 911,
                                     "site_id": sites(api)["Main Site"]}), 400, 409)
    assert "911 is a reserved extension number" in body["message"]
    error(api.post(SLG, json={"display_name": "No site"}), 400, 300)  # several sites: site_id required
    error(api.post(SLG, json={"display_name": "Bad site", "site_id": "nope"}), 400, 300)
    error(api.post(SLG, json={"site_id": sites(api)["Main Site"]}), 400, 300)
    created = create(api)
    error(api.patch(f"{SLG}/{created['id']}", json={"extension_number": used}), 400, 400)
    error(api.patch(f"{SLG}/{created['id']}", json={"primary_number": "+10000000000"}), 400, 300)
    error(api.patch(f"{SLG}/{created['id']}", json={"status": "gone"}), 400, 300)
    error(other_api.get(f"{SLG}/{created['id']}"), 404, 404)
    error(other_api.patch(f"{SLG}/{created['id']}", json={"display_name": "x"}), 404, 404)
    error(other_api.delete(f"{SLG}/{created['id']}"), 400, 404)
    assert api.get(f"{SLG}/{created['id']}").json()["display_name"] == "Sales Line"


def test_missing_scope(scoped_api):
    error(scoped_api(["phone:read:admin"]).post(SLG, json={"display_name": "x"}), 400, 4700)


# --- members --------------------------------------------------------------------------------------


def test_members_add_remove(api):
    created = create(api)
    users = free_users(api)[:3]
    r = api.post(f"{SLG}/{created['id']}/members", json={"members": {"users": [{"id": u["id"]} for u in users[:2]]}})
    assert r.status_code == 201, r.text
    got = api.get(f"{SLG}/{created['id']}").json()["members"]["users"]
    assert [m["id"] for m in got] == [u["id"] for u in users[:2]]
    assert got[0]["name"] == users[0]["name"] and got[0]["extension_id"] == users[0]["id"]
    assert api.delete(f"{SLG}/{created['id']}/members/{users[0]['id']}").status_code == 204
    assert [m["id"] for m in api.get(f"{SLG}/{created['id']}").json()["members"]["users"]] == [users[1]["id"]]
    error(api.delete(f"{SLG}/{created['id']}/members/{users[0]['id']}"), 400, 300)
    assert api.delete(f"{SLG}/{created['id']}/members").status_code == 204
    assert api.get(f"{SLG}/{created['id']}").json()["members"]["users"] == []


def test_member_rules(api, other_api):
    created = create(api)
    other = create(api, "Other Line")
    users = free_users(api)
    error(api.post(f"{SLG}/{created['id']}/members", json={"members": {"users": [{"id": "noSuchUser"}]}}), 404, 1001)
    assert api.post(f"{SLG}/{other['id']}/members", json={"members": {"users": [{"id": users[0]["id"]}]}}
                    ).status_code == 201
    # a member belongs to one shared line group
    body = error(api.post(f"{SLG}/{created['id']}/members",
                          json={"members": {"users": [{"id": users[1]["id"]}, {"id": users[0]["id"]}]}}), 400, 300)
    assert "one shared line group" in body["message"]
    # members of another site
    austin = api.post(SLG, json={"display_name": "Austin Line", "site_id": sites(api)["Austin Branch"]}).json()
    body = error(api.post(f"{SLG}/{austin['id']}/members", json={"members": {"users": [{"id": users[1]["id"]}]}}),
                 400, 300)
    assert "site" in body["message"]
    # at most 10 at once
    error(api.post(f"{SLG}/{created['id']}/members",
                   json={"members": {"users": [{"id": f"u{i}"} for i in range(11)]}}), 400, 300)
    error(api.post(f"{SLG}/{created['id']}/members", json={"members": {"common_area_ids": ["nope"]}}), 404, 404)
    error(other_api.post(f"{SLG}/{created['id']}/members", json={"members": {"users": [{"id": users[1]["id"]}]}}),
          404, 404)
    assert api.get(f"{SLG}/{created['id']}").json()["members"]["users"] == []
    # deleting the group frees its members for another one
    assert api.delete(f"{SLG}/{other['id']}").status_code == 204
    assert api.post(f"{SLG}/{created['id']}/members", json={"members": {"users": [{"id": users[0]["id"]}]}}
                    ).status_code == 201


# --- numbers --------------------------------------------------------------------------------------


def test_numbers_assign_unassign(api):
    created = create(api)
    free = free_numbers(api)[:2]
    r = api.post(f"{SLG}/{created['id']}/phone_numbers",
                 json={"phone_numbers": [{"id": free[0]["id"]}, {"number": free[1]["number"]}]})
    assert r.status_code == 201, r.text
    got = api.get(f"{SLG}/{created['id']}").json()
    assert [n["id"] for n in got["phone_numbers"]] == [free[0]["id"], free[1]["id"]]
    assert got["primary_number"] == free[0]["number"]
    assert api.patch(f"{SLG}/{created['id']}", json={"primary_number": free[1]["number"]}).status_code == 204
    assert api.get(f"{SLG}/{created['id']}").json()["primary_number"] == free[1]["number"]
    listed = next(g for g in groups(api) if g["id"] == created["id"])
    assert {n["status"] for n in listed["phone_numbers"]} == {"available"}
    assert api.delete(f"{SLG}/{created['id']}/phone_numbers/{free[0]['id']}").status_code == 204
    assert [n["id"] for n in api.get(f"{SLG}/{created['id']}").json()["phone_numbers"]] == [free[1]["id"]]
    error(api.delete(f"{SLG}/{created['id']}/phone_numbers/{free[0]['id']}"), 400, 400)
    assert api.delete(f"{SLG}/{created['id']}/phone_numbers").status_code == 204
    assert api.get(f"{SLG}/{created['id']}").json()["phone_numbers"] == []
    assert api.get(f"{NM}/{free[1]['id']}").json()["assigned_list"] == []


def test_number_rules(api, other_api):
    created = create(api)
    free = free_numbers(api)[0]
    taken = api.get("/phone/numbers", params={"type": "assigned"}).json()["phone_numbers"][0]
    body = error(api.post(f"{SLG}/{created['id']}/phone_numbers",
                          json={"phone_numbers": [{"id": free["id"]}, {"id": taken["id"]}]}), 400, 300)
    assert taken["number"] in body["message"]
    body = error(api.post(f"{SLG}/{created['id']}/phone_numbers", json={"phone_numbers": [{"id": "nope"}]}), 400, 400)
    assert body["message"] == "Phone number does not exist"
    error(other_api.post(f"{SLG}/{created['id']}/phone_numbers", json={"phone_numbers": [{"id": free["id"]}]}),
          400, 404)
    assert api.get(f"{NM}/{free['id']}").json()["assigned_list"] == []
    # deleting the group frees its numbers
    assert api.post(f"{SLG}/{created['id']}/phone_numbers", json={"phone_numbers": [{"id": free["id"]}]}
                    ).status_code == 201
    assert api.delete(f"{SLG}/{created['id']}").status_code == 204
    assert api.get(f"{NM}/{free['id']}").json()["assigned_list"] == []


# --- policies -------------------------------------------------------------------------------------


def test_policy_get_update_reset(api, other_api):
    created = create(api)
    got = api.get(f"{SLG}/{created['id']}/policies").json()
    assert got == {"check_voicemails_over_phone": {"enable": True, "locked": False, "modified": False}}
    r = api.patch(f"{SLG}/{created['id']}/policies", json={"check_voicemails_over_phone": {"enable": False}})
    assert r.status_code == 204
    got = api.get(f"{SLG}/{created['id']}/policies").json()
    assert got["check_voicemails_over_phone"] == {"enable": False, "locked": False, "modified": True}
    r = api.patch(f"{SLG}/{created['id']}/policies", json={"check_voicemails_over_phone": {"reset": True}})
    assert r.status_code == 204
    assert api.get(f"{SLG}/{created['id']}/policies").json()["check_voicemails_over_phone"]["enable"] is True
    body = error(api.get(f"{SLG}/nope/policies"), 400, 404)
    assert body["message"] == "Shared line group does not exist:nope."
    error(other_api.patch(f"{SLG}/{created['id']}/policies", json={"check_voicemails_over_phone": {"enable": False}}),
          400, 404)


def test_voicemail_access_members(api):
    created = create(api)
    users = free_users(api)[:2]
    r = api.post(f"{SLG}/{created['id']}/policies/voicemail_access_members", json={"voicemail_access_members": [
        {"access_user_id": users[0]["id"], "allow_download": True},
        {"access_user_id": users[1]["id"], "access_user_type": "user", "allow_delete": True}]})
    assert r.status_code == 201, r.text
    members = r.json()["voicemail_access_members"]
    assert [m["access_user_id"] for m in members] == [users[0]["id"], users[1]["id"]]
    assert members[0]["allow_download"] is True and members[1]["allow_delete"] is True
    policy = api.get(f"{SLG}/{created['id']}").json()["policy"]["voicemail_access_members"]
    assert policy == members
    r = api.patch(f"{SLG}/{created['id']}/policies/voicemail_access_members", json={"voicemail_access_members": [
        {"shared_id": members[0]["shared_id"], "allow_sharing": True, "allow_download": False}]})
    assert r.status_code == 204
    policy = api.get(f"{SLG}/{created['id']}").json()["policy"]["voicemail_access_members"]
    assert policy[0]["allow_sharing"] is True and policy[0]["allow_download"] is False
    error(api.post(f"{SLG}/{created['id']}/policies/voicemail_access_members",
                   json={"voicemail_access_members": [{"access_user_id": users[0]["id"]}]}), 400, 300)
    error(api.post(f"{SLG}/{created['id']}/policies/voicemail_access_members",
                   json={"voicemail_access_members": [{"access_user_id": "nobody"}]}), 400, 300)
    error(api.post(f"{SLG}/{created['id']}/policies/other_policy",
                   json={"voicemail_access_members": [{"access_user_id": users[0]["id"]}]}), 400, 300)
    error(api.patch(f"{SLG}/{created['id']}/policies/voicemail_access_members",
                    json={"voicemail_access_members": [{"shared_id": "nope", "allow_delete": True}]}), 400, 300)
    # delete one (JSON body), then all
    r = api.request("DELETE", f"{SLG}/{created['id']}/policies/voicemail_access_members",
                    json={"shared_ids": [members[0]["shared_id"]]})
    assert r.status_code == 204
    policy = api.get(f"{SLG}/{created['id']}").json()["policy"]["voicemail_access_members"]
    assert [m["shared_id"] for m in policy] == [members[1]["shared_id"]]
    error(api.delete(f"{SLG}/{created['id']}/policies/nope"), 400, 300)
    assert api.delete(f"{SLG}/{created['id']}/policies/voicemail_access_members").status_code == 204
    assert api.get(f"{SLG}/{created['id']}").json()["policy"]["voicemail_access_members"] == []
