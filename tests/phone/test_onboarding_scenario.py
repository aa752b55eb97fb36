"""One realistic onboarding, end to end through HTTP only, with every invariant checked after
each step (issue 3): create a site, batch add users, assign numbers and calling plans, create a
queue with members and a number, move a user to another site, delete the old site with a
transfer target, offboard a user.

The invariants are read back through the API (Phone and Number Management), never from the
database: they are what a client can rely on."""

from __future__ import annotations

from collections import Counter
from typing import Any

import httpx

NM = "/accounts/me/number_management"
ENTITY_LISTS = {  # list endpoint -> (key, type in the inventory)
    "/phone/users": ("users", "user"),
    "/phone/call_queues": ("call_queues", "callQueue"),
    "/phone/auto_receptionists": ("auto_receptionists", "autoReceptionist"),
    "/phone/common_areas": ("common_areas", "commonArea"),
    "/phone/shared_line_groups": ("shared_line_groups", "sharedLineGroup"),
    "/phone/rooms": ("rooms", "zoomRoom"),
}


def all_pages(api, path: str, key: str, **params: Any) -> list[dict[str, Any]]:  # noqa: ANN001
    out: list[dict[str, Any]] = []
    token = ""
    while True:
        r = api.get(path, params={"page_size": 100, **params, **({"next_page_token": token} if token else {})})
        assert r.status_code == 200, (path, r.text)
        body = r.json()
        out.extend(body.get(key) or [])
        token = body.get("next_page_token") or ""
        if not token:
            return out


def check_invariants(api) -> dict[str, Any]:  # noqa: ANN001
    """Everything the documents promise about relations, seen from outside."""
    entities: dict[str, dict[str, Any]] = {}
    for path, (key, kind) in ENTITY_LISTS.items():
        for e in all_pages(api, path, key):
            assert e["id"] not in entities, f"{e['id']} listed twice"
            entities[e["id"]] = {**e, "_kind": kind}
    # extension numbers are unique across every kind of extension
    exts = Counter(e["extension_number"] for e in entities.values() if e.get("extension_number") is not None)
    assert not [n for n, c in exts.items() if c > 1], f"duplicate extension numbers: {exts.most_common(3)}"
    # a number has at most one assignee; the inventory, the Phone list and the entity agree
    inventory = {n["id"]: n for n in all_pages(api, f"{NM}/numbers", "numbers")}
    phone_view = {n["id"]: n for n in all_pages(api, "/phone/numbers", "phone_numbers", type="all")}
    held: dict[str, str] = {}
    for e in entities.values():
        for pn in e.get("phone_numbers") or []:
            assert pn["id"] not in held, f"number {pn['number']} held by {held.get(pn['id'])} and {e['id']}"
            held[pn["id"]] = e["id"]
    for number_id, owner in held.items():
        assigned = inventory[number_id]["assigned_list"]
        assert len(assigned) == 1 and assigned[0]["assigned_to_id"] == owner, (number_id, assigned)
        assert phone_view[number_id]["assignee"]["id"] == owner
        site = entities[owner].get("site")
        if site and phone_view[number_id].get("site"):
            assert phone_view[number_id]["site"]["id"] == site["id"], "a number follows its assignee's site"
    for number_id, n in inventory.items():
        if n["assigned_list"]:
            owner = n["assigned_list"][0]["assigned_to_id"]
            if inventory[number_id]["assigned_list"][0].get("assigned_to_type") in ("User", "Call Queue"):
                assert held.get(number_id) == owner, f"{n['number']} assigned to {owner} that does not list it"
    # calling plans: assigned counts are the holders' plans
    plans = {p["type"]: p for p in api.get("/phone/calling_plans").json()["calling_plans"]}
    held_plans = Counter(p["type"] for e in entities.values() for p in e.get("calling_plans") or [])
    for ptype, p in plans.items():
        assert p["assigned"] == held_plans.get(ptype, 0), (ptype, p, held_plans.get(ptype))
        assert p["available"] == p["subscribed"] - p["assigned"]
    # members of queues exist and are users of the account
    for e in entities.values():
        if e["_kind"] == "callQueue":
            members = api.get(f"/phone/call_queues/{e['id']}/members").json().get("call_queue_members") or []
            for m in members:
                assert m["id"] in entities, f"queue {e['name']} has a member that does not exist: {m}"
    return {"entities": entities, "inventory": inventory, "plans": plans}


def free_numbers(api, n: int) -> list[dict[str, Any]]:  # noqa: ANN001
    numbers = [x for x in all_pages(api, "/phone/numbers", "phone_numbers", type="unassigned")
               if x.get("status") != "pending"]
    assert len(numbers) >= n, f"the demo seed has {len(numbers)} unassigned numbers, {n} needed"
    return numbers[:n]


def test_onboarding_end_to_end(server, api, demo):
    state = check_invariants(api)
    main_site = api.get("/phone/sites").json()["sites"][0]  # the main site comes first (oldest)

    # 1. a new site
    r = api.post("/phone/sites", json={
        "name": "Denver Office", "auto_receptionist_name": "Denver Reception", "site_code": 77,
        "default_emergency_address": {"address_line1": "1600 Glenarm Pl", "city": "Denver", "country": "US",
                                      "state_code": "CO", "zip": "80202"}})
    assert r.status_code == 201, r.text
    denver = r.json()["id"]
    assert api.get(f"/phone/sites/{denver}").json()["name"] == "Denver Office"
    check_invariants(api)

    # 2. batch add three users in it, each with a US/CA Unlimited calling plan
    plans_before = {p["type"]: p["assigned"] for p in api.get("/phone/calling_plans").json()["calling_plans"]}
    emails = [f"onboard{i}@demo.phonestack.dev" for i in range(3)]
    r = api.post("/phone/users/batch", json={"users": [
        {"email": e, "first_name": f"New{i}", "last_name": "Hire", "extension_number": str(7700 + i),
         "site_name": "Denver Office", "calling_plans": ["US/CA Unlimited"]} for i, e in enumerate(emails)]})
    assert r.status_code == 201, r.text
    users = {u["email"]: u["id"] for u in r.json()}
    assert set(users) == set(emails)
    for e, uid in users.items():
        got = api.get(f"/phone/users/{uid}").json()
        assert got["email"] == e and got["site"]["id"] == denver
    check_invariants(api)

    assert {p["type"]: p["assigned"] for p in api.get("/phone/calling_plans").json()["calling_plans"]
            }[200] == plans_before[200] + 3

    # 3. numbers, and one user switched to a metered plan
    numbers = free_numbers(api, 3)
    for (_, uid), number in zip(users.items(), numbers, strict=False):
        r = api.post(f"/phone/users/{uid}/phone_numbers", json={"phone_numbers": [{"id": number["id"]}]})
        assert r.status_code in (200, 201, 204), r.text
    third = users[emails[2]]
    r = api.put(f"/phone/users/{third}/calling_plans", json={"source_type": 200, "target_type": 100})
    assert r.status_code == 204, r.text
    assert [p["type"] for p in api.get(f"/phone/users/{third}").json()["calling_plans"]] == [100]
    first = users[emails[0]]
    # the same number cannot go to a second assignee
    r = api.post(f"/phone/users/{users[emails[1]]}/phone_numbers", json={"phone_numbers": [{"id": numbers[0]["id"]}]})
    assert r.status_code >= 400
    nm = api.get(f"{NM}/numbers/{numbers[0]['id']}").json()
    assert nm["assigned_list"][0]["assigned_to_id"] == first
    plans_after = {p["type"]: p["assigned"] for p in api.get("/phone/calling_plans").json()["calling_plans"]}
    assert plans_after[200] == plans_before[200] + 2 and plans_after[100] == plans_before[100] + 1
    check_invariants(api)

    # 4. a call queue with two members and a number
    r = api.post("/phone/call_queues", json={"name": "Denver Support", "site_id": denver, "extension_number": 7790,
                                             "members": {"users": [{"id": users[emails[0]]}, {"id": users[emails[1]]}]}})
    assert r.status_code == 201, r.text
    queue = r.json()["id"]
    queue_number = free_numbers(api, 1)[0]
    r = api.post(f"/phone/call_queues/{queue}/phone_numbers", json={"phone_numbers": [{"id": queue_number["id"]}]})
    assert r.status_code == 204, r.text
    got = api.get(f"/phone/call_queues/{queue}").json()
    assert {u["id"] for u in got["members"]["users"]} == {users[emails[0]], users[emails[1]]}
    assert [n["id"] for n in got["phone_numbers"]] == [queue_number["id"]]
    check_invariants(api)

    # 5. move a user to the main site: their number follows
    r = api.patch(f"/phone/users/{first}", json={"site_id": main_site["id"]})
    assert r.status_code == 204, r.text
    assert api.get(f"/phone/users/{first}").json()["site"]["id"] == main_site["id"]
    check_invariants(api)

    # 6. delete the Denver site, transferring what it holds to the main site
    r = api.delete(f"/phone/sites/{denver}")
    assert r.status_code >= 400, "a site with members needs a transfer target"
    r = api.delete(f"/phone/sites/{denver}", params={"transfer_site_id": main_site["id"]})
    assert r.status_code == 204, r.text
    assert api.get(f"/phone/sites/{denver}").status_code in (400, 404)
    for uid in users.values():
        assert api.get(f"/phone/users/{uid}").json()["site"]["id"] == main_site["id"]
    assert api.get(f"/phone/call_queues/{queue}").json()["site"]["id"] == main_site["id"]
    check_invariants(api)

    # 7. offboard a user (Zoom's Users API; phonestack's admin API): numbers, plans, memberships freed
    second = users[emails[1]]
    second_number = api.get(f"/phone/users/{second}").json()["phone_numbers"][0]["id"]
    r = httpx.delete(f"{server.base}/_phonestack/accounts/{demo['account_id']}/users/{second}")
    assert r.status_code == 204, r.text
    assert api.get(f"/phone/users/{second}").status_code == 404
    assert api.get(f"{NM}/numbers/{second_number}").json()["assigned_list"] == []
    members = {u["id"] for u in api.get(f"/phone/call_queues/{queue}").json()["members"]["users"]}
    assert members == {first}
    final = check_invariants(api)
    assert final["plans"][200]["assigned"] == plans_before[200] + 1  # the offboarded user's plan is free
    assert len(final["entities"]) == len(state["entities"]) + 3  # 3 users + 1 queue + 1 AR - 2 (offboarded, Denver AR)
