"""Phone users: calling plans (counted against the subscriptions), phone numbers (the shared
inventory), policies."""

from __future__ import annotations

from users_helpers import NM, a_user, all_users, free_numbers, plan_usage


def _plans(api, uid: str) -> list[int]:  # noqa: ANN001
    return [p["type"] for p in api.get(f"/phone/users/{uid}").json()["calling_plans"]]


def test_assign_calling_plan(api):
    u = a_user(api)
    before = plan_usage(api)
    r = api.post(f"/phone/users/{u['id']}/calling_plans", json={"calling_plans": [{"type": 3000}]})
    assert r.status_code == 200, r.text
    assert 3000 in _plans(api, u["id"])
    after = plan_usage(api)
    if before:  # the account family's /phone/calling_plans
        assert after[3000]["assigned"] == before[3000]["assigned"] + 1
    # the same type again is refused
    r = api.post(f"/phone/users/{u['id']}/calling_plans", json={"calling_plans": [{"type": 3000}]})
    assert r.status_code == 400 and r.json()["code"] == 300


def test_assign_calling_plan_errors(api, other_api):
    u = a_user(api)
    r = api.post(f"/phone/users/{u['id']}/calling_plans", json={"calling_plans": [{"type": 202}]})
    assert r.status_code == 400 and r.json()["code"] == 300  # not subscribed
    r = api.post("/phone/users/ghost/calling_plans", json={"calling_plans": [{"type": 200}]})
    assert r.status_code == 404 and r.json()["code"] == 1001
    r = other_api.post(f"/phone/users/{u['id']}/calling_plans", json={"calling_plans": [{"type": 200}]})
    assert r.status_code == 404
    r = api.post(f"/phone/users/{u['id']}/calling_plans",
                 json={"calling_plans": [{"type": 3000, "billing_account_id": "nope"}]})
    assert r.status_code == 400


def test_calling_plans_run_out(api):
    """Global Select (type 300): the master subscribes 10; the seed holds some of them."""
    users = [u for u in all_users(api) if 300 not in [p["type"] for p in u["calling_plans"]]]
    given = 0
    for u in users:
        r = api.post(f"/phone/users/{u['id']}/calling_plans", json={"calling_plans": [{"type": 300}]})
        if r.status_code != 200:
            assert r.status_code == 400 and "available" in r.json()["message"]
            break
        given += 1
    else:
        raise AssertionError("the plans never ran out")
    holders = [u for u in all_users(api) if 300 in [p["type"] for p in u["calling_plans"]]]
    assert given >= 1 and len(holders) <= 10  # common areas may hold some of the 10 too
    usage = plan_usage(api)
    if usage:
        assert usage[300]["available"] == 0 and usage[300]["assigned"] == 10


def test_switch_calling_plan(api):
    u = next(x for x in all_users(api) if [p["type"] for p in x["calling_plans"]] == [200])
    r = api.put(f"/phone/users/{u['id']}/calling_plans", json={"source_type": 200, "target_type": 100})
    assert r.status_code == 204, r.text
    assert _plans(api, u["id"]) == [100]
    r = api.put(f"/phone/users/{u['id']}/calling_plans", json={"source_type": 200, "target_type": 100})
    assert r.status_code == 400 and r.json()["code"] == 404  # "User did not subscribe to the source plan."
    r = api.put(f"/phone/users/{u['id']}/calling_plans", json={"source_type": 100, "target_type": 999})
    assert r.status_code == 400
    assert _plans(api, u["id"]) == [100]  # nothing changed


def test_unassign_calling_plan_and_last_plan_frees_numbers(api):
    u = a_user(api, with_numbers=True)
    types = _plans(api, u["id"])
    assert types
    r = api.post(f"/phone/users/{u['id']}/calling_plans", json={"calling_plans": [{"type": 3000}]})
    assert r.status_code == 200
    for ptype in types:
        assert api.delete(f"/phone/users/{u['id']}/calling_plans/{ptype}").status_code == 204
    p = api.get(f"/phone/users/{u['id']}").json()
    assert [c["type"] for c in p["calling_plans"]] == [3000] and p["phone_numbers"] == u["phone_numbers"]
    assert api.delete(f"/phone/users/{u['id']}/calling_plans/3000").status_code == 204
    p = api.get(f"/phone/users/{u['id']}").json()
    assert p["calling_plans"] == [] and p["phone_numbers"] == []
    assert api.get(f"{NM}/numbers/{u['phone_numbers'][0]['id']}").json()["assigned_list"] == []


def test_unassign_calling_plan_errors(api):
    u = a_user(api)
    r = api.delete(f"/phone/users/{u['id']}/calling_plans/202")
    assert r.status_code == 400 and r.json()["code"] == 400
    r = api.delete(f"/phone/users/{u['id']}/calling_plans/abc")
    assert r.status_code == 400
    r = api.delete("/phone/users/ghost/calling_plans/200")
    assert r.status_code == 404 and r.json()["code"] == 1001


def test_assign_number_shows_in_number_management(api):
    u = a_user(api, with_numbers=False)
    n = free_numbers(api, 1)[0]
    r = api.post(f"/phone/users/{u['id']}/phone_numbers", json={"phone_numbers": [{"id": n["id"]}]})
    assert r.status_code == 200, r.text
    assert r.json()["phone_numbers"] == [{"id": n["id"], "number": n["number"]}]
    nm = api.get(f"{NM}/numbers/{n['id']}").json()
    assert nm["assigned_list"][0]["assigned_to_id"] == u["id"]
    assert nm["site"]["site_id"] == u["site"]["id"]  # the number follows the user's site
    assert api.get(f"/phone/users/{u['id']}").json()["phone_numbers"] == [{"id": n["id"], "number": n["number"]}]
    # by number too, and idempotent for the holder
    r = api.post(f"/phone/users/{u['id']}/phone_numbers", json={"phone_numbers": [{"number": n["number"]}]})
    assert r.status_code == 200


def test_assign_number_taken_changes_nothing(api):
    holder = a_user(api, with_numbers=True)
    u = a_user(api, with_numbers=False)
    free = free_numbers(api, 1)[0]
    taken = holder["phone_numbers"][0]
    r = api.post(f"/phone/users/{u['id']}/phone_numbers",
                 json={"phone_numbers": [{"id": free["id"]}, {"id": taken["id"]}]})
    assert r.status_code == 400 and taken["number"] in r.json()["message"]
    assert api.get(f"{NM}/numbers/{free['id']}").json()["assigned_list"] == []
    assert api.get(f"{NM}/numbers/{taken['id']}").json()["assigned_list"][0]["assigned_to_id"] == holder["id"]
    r = api.post(f"/phone/users/{u['id']}/phone_numbers", json={"phone_numbers": [{"id": "no-such-number"}]})
    assert r.status_code == 400
    r = api.post("/phone/users/ghost/phone_numbers", json={"phone_numbers": [{"id": free["id"]}]})
    assert r.status_code == 404 and r.json()["code"] == 1001


def test_unassign_number(api):
    u = a_user(api, with_numbers=True)
    n = u["phone_numbers"][0]
    assert api.delete(f"/phone/users/{u['id']}/phone_numbers/{n['id']}").status_code == 204
    assert n not in api.get(f"/phone/users/{u['id']}").json()["phone_numbers"]
    assert api.get(f"{NM}/numbers/{n['id']}").json()["assigned_list"] == []
    r = api.delete(f"/phone/users/{u['id']}/phone_numbers/{n['id']}")
    assert r.status_code == 404 and r.json()["code"] == 400
    other = a_user(api, with_numbers=True)
    r = api.delete(f"/phone/users/{u['id']}/phone_numbers/{other['phone_numbers'][0]['id']}")
    assert r.status_code == 404
    assert api.get(f"{NM}/numbers/{other['phone_numbers'][0]['id']}").json()["assigned_list"]


def test_user_policy_get_update_reset(api):
    u = a_user(api)
    r = api.get(f"/phone/users/{u['id']}/policies/allow_emergency_calls")
    assert r.status_code == 200, r.text
    assert r.json()["allow_emergency_calls"]["enable"] is True
    assert r.json()["allow_emergency_calls"]["modified"] is False
    r = api.patch(f"/phone/users/{u['id']}/policies/allow_emergency_calls",
                  json={"allow_emergency_calls": {"enable": True, "allow_emergency_calls_from_deskphones": False}})
    assert r.status_code == 204, r.text
    got = api.get(f"/phone/users/{u['id']}/policies/allow_emergency_calls").json()["allow_emergency_calls"]
    assert got["allow_emergency_calls_from_deskphones"] is False and got["modified"] is True
    r = api.patch(f"/phone/users/{u['id']}/policies/allow_emergency_calls",
                  json={"allow_emergency_calls": {"reset": True, "enable": False}})
    assert r.status_code == 400 and "Reset cannot be combined" in r.json()["message"]
    r = api.patch(f"/phone/users/{u['id']}/policies/allow_emergency_calls",
                  json={"allow_emergency_calls": {"reset": True}})
    assert r.status_code == 204
    got = api.get(f"/phone/users/{u['id']}/policies/allow_emergency_calls").json()["allow_emergency_calls"]
    assert got["allow_emergency_calls_from_deskphones"] is True and got["modified"] is False


def test_user_policy_errors(api, other_api):
    u = a_user(api)
    r = api.get(f"/phone/users/{u['id']}/policies/bogus_policy")
    assert r.status_code == 400 and r.json()["code"] == 400
    r = api.patch(f"/phone/users/{u['id']}/policies/bogus_policy", json={"allow_emergency_calls": {"enable": True}})
    assert r.status_code == 400
    r = other_api.get(f"/phone/users/{u['id']}/policies/allow_emergency_calls")
    assert r.status_code == 404 and r.json()["code"] == 1001
