"""Account policies (the top of every family's policy chain), user-group policies (the
user_group level) and the settings of a user group."""

from __future__ import annotations

import httpx
from roles_helpers import error, groups, users


def _member_of(api, group: dict) -> dict:  # noqa: ANN001
    uid = group["details"]["user_ids"][0]
    return api.get(f"/phone/users/{uid}").json()


def test_account_policy_default_and_update(api, sub_api):
    r = api.get("/phone/policies/allow_emergency_calls")
    assert r.status_code == 200, r.text
    assert r.json() == {"allow_emergency_calls": {"enable": True, "allow_emergency_calls_from_clients": True,
                                                  "allow_emergency_calls_from_deskphones": True, "locked": False}}
    r = api.patch("/phone/policies/allow_emergency_calls",
                  json={"allow_emergency_calls": {"allow_emergency_calls_from_deskphones": False, "locked": True}})
    assert r.status_code == 204, r.text
    got = api.get("/phone/policies/allow_emergency_calls").json()["allow_emergency_calls"]
    assert got == {"enable": True, "allow_emergency_calls_from_clients": True,
                   "allow_emergency_calls_from_deskphones": False, "locked": True, "locked_by": "account"}
    # another account is not affected
    assert sub_api.get("/phone/policies/allow_emergency_calls").json()["allow_emergency_calls"]["locked"] is False
    # unlock
    api.patch("/phone/policies/allow_emergency_calls", json={"allow_emergency_calls": {"locked": False}})
    got = api.get("/phone/policies/allow_emergency_calls").json()["allow_emergency_calls"]
    assert got["locked"] is False and "locked_by" not in got and got["allow_emergency_calls_from_deskphones"] is False


def test_account_policy_errors(api):
    body = error(api.get("/phone/policies/nope"), 400, 400)
    assert body["message"] == "Invalid value for parameter 'policyType'."
    error(api.patch("/phone/policies/nope", json={"nope": {"enable": True}}), 400, 400)
    body = error(api.patch("/phone/policies/allow_emergency_calls",
                           json={"allow_emergency_calls": {"reset": True}}), 400, 400)
    assert body["message"] == "The 'reset' field is not allowed at the account level."
    body = error(api.patch("/phone/policies/allow_emergency_calls",
                           json={"allow_emergency_calls": {"reset": True, "locked": True}}), 400, 400)
    assert body["message"] == "Lock and reset operations cannot be performed simultaneously."
    error(api.patch("/phone/policies/allow_emergency_calls", json={"allow_emergency_calls": {"colour": "red"}}),
          400, 300)
    error(api.patch("/phone/policies/voicemail", json={"voicemail": {"allow_download": "yes"}}), 400, 300)
    error(api.patch("/phone/policies/allow_emergency_calls", json={}), 400, 300)


def test_account_policy_reaches_users_end_to_end(api):
    user = users(api)[-1]
    # the user policy endpoint (users family) reads the chain account -> ... -> user
    api.patch("/phone/policies/allow_emergency_calls",
              json={"allow_emergency_calls": {"enable": False, "locked": True}})
    got = api.get(f"/phone/users/{user['id']}/policies/allow_emergency_calls").json()["allow_emergency_calls"]
    assert got["enable"] is False and got["locked"] is True and got["locked_by"] == "account"
    # the profile's policy and GET /phone/account_settings show an account policy too
    api.patch("/phone/policies/voicemail", json={"voicemail": {"allow_download": True, "allow_delete": False,
                                                              "locked": True}})
    profile = api.get(f"/phone/users/{user['id']}").json()
    assert profile["policy"]["voicemail"]["allow_download"] is True
    assert profile["policy"]["voicemail"]["allow_delete"] is False
    assert profile["policy"]["voicemail"]["locked_by"] == "account"
    acct = api.get("/phone/account_settings", params={"setting_types": "voicemail"}).json()
    assert acct["voicemail"]["allow_delete"] is False and acct["voicemail"]["locked_by"] == "account"
    # a locked account policy cannot be overridden below
    r = api.patch(f"/phone/users/{user['id']}/policies/allow_emergency_calls",
                  json={"allow_emergency_calls": {"enable": True}})
    assert r.status_code == 400
    assert api.get("/phone/policies/voicemail").json()["voicemail"]["allow_delete"] is False


def test_group_policy_chain(api, server):
    group = groups(server, api.account_id)[0]
    gid = group["id"]
    member = _member_of(api, group)
    outsider = next(u for u in users(api) if all(u["id"] not in g["details"]["user_ids"]
                                                 for g in groups(server, api.account_id)))
    r = api.get(f"/phone/groups/{gid}/policies/allow_emergency_calls")
    assert r.status_code == 200, r.text
    assert r.json()["allow_emergency_calls"]["modified"] is False
    assert r.json()["allow_emergency_calls"]["locked"] is False
    # the group sets and locks the policy: its members inherit it, locked by user_group
    r = api.patch(f"/phone/groups/{gid}/policies/allow_emergency_calls",
                  json={"allow_emergency_calls": {"allow_emergency_calls_from_clients": False, "locked": True}})
    assert r.status_code == 204, r.text
    got = api.get(f"/phone/groups/{gid}/policies/allow_emergency_calls").json()["allow_emergency_calls"]
    assert got["allow_emergency_calls_from_clients"] is False and got["modified"] is True
    assert got["locked"] is True and got["locked_by"] == "user_group"
    mine = api.get(f"/phone/users/{member['id']}/policies/allow_emergency_calls").json()["allow_emergency_calls"]
    assert mine["allow_emergency_calls_from_clients"] is False and mine["locked_by"] == "user_group"
    other = api.get(f"/phone/users/{outsider['id']}/policies/allow_emergency_calls").json()["allow_emergency_calls"]
    assert other["allow_emergency_calls_from_clients"] is True and "locked_by" not in other
    # reset: back to the account's
    body = error(api.patch(f"/phone/groups/{gid}/policies/allow_emergency_calls",
                           json={"allow_emergency_calls": {"reset": True, "enable": False}}), 400, 400)
    assert body["message"] == "Reset cannot be combined with other operations."
    error(api.patch(f"/phone/groups/{gid}/policies/allow_emergency_calls",
                    json={"allow_emergency_calls": {"reset": True, "locked": False}}), 400, 400)
    assert api.patch(f"/phone/groups/{gid}/policies/allow_emergency_calls",
                     json={"allow_emergency_calls": {"reset": True}}).status_code == 204
    got = api.get(f"/phone/groups/{gid}/policies/allow_emergency_calls").json()["allow_emergency_calls"]
    assert got["allow_emergency_calls_from_clients"] is True and got["modified"] is False
    # the account locks it: the group shows the lock and cannot change it
    api.patch("/phone/policies/allow_emergency_calls", json={"allow_emergency_calls": {"enable": False,
                                                                                       "locked": True}})
    got = api.get(f"/phone/groups/{gid}/policies/allow_emergency_calls").json()["allow_emergency_calls"]
    assert got["enable"] is False and got["locked_by"] == "account"
    error(api.patch(f"/phone/groups/{gid}/policies/allow_emergency_calls",
                    json={"allow_emergency_calls": {"enable": True}}), 400, 300)


def test_group_errors(api, sub_api, server):
    gid = groups(server, api.account_id)[0]["id"]
    body = error(api.get("/phone/groups/nope/policies/allow_emergency_calls"), 404, 2040)
    assert body["message"] == "User group does not exist: nope."
    error(api.patch("/phone/groups/nope/policies/allow_emergency_calls",
                    json={"allow_emergency_calls": {"enable": True}}), 404, 2040)
    error(api.get("/phone/groups/nope/settings"), 404, 2040)
    # another account's group
    error(sub_api.get(f"/phone/groups/{gid}/settings"), 404, 2040)
    error(sub_api.get(f"/phone/groups/{gid}/policies/allow_emergency_calls"), 404, 2040)
    error(api.get(f"/phone/groups/{gid}/policies/nope"), 400, 400)
    error(api.patch(f"/phone/groups/{gid}/policies/nope", json={"nope": {}}), 400, 400)


def test_group_settings(api, server):
    gid = groups(server, api.account_id)[1]["id"]
    r = api.get(f"/phone/groups/{gid}/settings")
    assert r.status_code == 200, r.text
    s = r.json()
    assert s["voicemail"]["modified"] is False and s["voicemail"]["locked"] is False
    assert "allow_emergency_calls" in s
    # a group policy shows in the group's settings; an account lock too
    api.patch(f"/phone/groups/{gid}/policies/voicemail", json={"voicemail": {"allow_share": False}})
    api.patch("/phone/policies/call_park", json={"call_park": {"enable": False, "locked": True}})
    s = api.get(f"/phone/groups/{gid}/settings").json()
    assert s["voicemail"]["allow_share"] is False and s["voicemail"]["modified"] is True
    assert s["call_park"]["enable"] is False and s["call_park"]["locked_by"] == "account"


def test_policies_missing_scope(scoped_api, server, demo):
    client = scoped_api(["phone:read:admin"])
    assert client.get("/phone/policies/allow_emergency_calls").status_code == 200
    r = client.patch("/phone/policies/allow_emergency_calls", json={"allow_emergency_calls": {"enable": False}})
    assert r.status_code == 400 and r.json()["code"] == 4700
    assert httpx.get(f"{server.base}/_phonestack/health").status_code == 200
