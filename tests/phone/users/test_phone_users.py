"""Phone users: list, profile, profile update, batch add, batch update."""

from __future__ import annotations

from users_helpers import NM, a_user, all_users, free_numbers


def test_list_users_demo_seed_and_shapes(api):
    users = all_users(api)
    assert len(users) >= 50
    u = next(u for u in users if u["phone_numbers"] and u["calling_plans"])
    assert u["id"] == u["extension_id"] == u["phone_user_id"]
    assert u["site"]["id"] and u["site"]["name"]
    assert u["status"] in ("activate", "deactivate", "pending")
    assert all(x["email"].endswith("phonestack.dev") for x in users)
    assert len({x["extension_number"] for x in users}) == len(users)
    numbered = [x for x in users if x["phone_numbers"]]
    assert len(numbered) >= 30
    # the nested number is the inventory's row, assigned to this user
    nm = api.get(f"{NM}/numbers/{u['phone_numbers'][0]['id']}").json()
    assert nm["assigned_list"][0]["assigned_to_id"] == u["id"]


def test_list_users_pagination(api):
    r = api.get("/phone/users", params={"page_size": 20})
    body = r.json()
    assert len(body["users"]) == 20 and body["next_page_token"] and body["total_records"] >= 50
    r2 = api.get("/phone/users", params={"page_size": 20, "next_page_token": body["next_page_token"]})
    assert not {u["id"] for u in body["users"]} & {u["id"] for u in r2.json()["users"]}


def test_list_users_filters(api):
    users = all_users(api)
    site = users[0]["site"]["id"]
    by_site = all_users(api, site_id=site)
    assert by_site and all(u["site"]["id"] == site for u in by_site)
    assert len(by_site) == sum(1 for u in users if u.get("site", {}).get("id") == site)
    dept = next(u["department"] for u in users if u["department"])
    by_dept = all_users(api, department=dept)
    assert by_dept and all(u["department"] == dept for u in by_dept)
    cc = by_dept[0]["cost_center"]
    assert all(u["cost_center"] == cc for u in all_users(api, cost_center=cc))
    pending = all_users(api, status="pending")
    assert pending and all(u["status"] == "pending" for u in pending)
    metered = all_users(api, calling_type=100)
    assert metered and all(any(p["type"] == 100 for p in u["calling_plans"]) for u in metered)
    target = users[5]
    hits = all_users(api, keyword=target["name"].split()[1])
    assert target["id"] in {u["id"] for u in hits}
    assert all_users(api, keyword="no-such-person-zz") == []


def test_list_users_bad_token(api):
    r = api.get("/phone/users", params={"next_page_token": "garbage"})
    assert r.status_code == 400


def test_list_users_sub_account_is_separate(api, sub_api):
    master = {u["id"] for u in all_users(api)}
    sub = all_users(sub_api)
    assert len(sub) >= 5 and not master & {u["id"] for u in sub}


def test_get_profile_by_id_and_email(api):
    u = a_user(api, with_numbers=True)
    r = api.get(f"/phone/users/{u['id']}")
    assert r.status_code == 200, r.text
    p = r.json()
    assert p["id"] == u["id"] and p["email"] == u["email"] and p["extension_number"] == u["extension_number"]
    assert p["site_id"] == u["site"]["id"] and p["site"] == u["site"]
    assert p["phone_numbers"] == u["phone_numbers"]
    assert [c["type"] for c in p["calling_plans"]] == [c["type"] for c in u["calling_plans"]]
    assert "ad_hoc_call_recording" in p["policy"] and "locked_by" not in p["policy"]["ad_hoc_call_recording"]
    assert api.get(f"/phone/users/{u['email']}").json()["id"] == u["id"]


def test_get_profile_unknown_and_other_tenant(api, other_api):
    r = api.get("/phone/users/nope123")
    assert r.status_code == 404 and r.json()["code"] == 1001
    u = a_user(api)
    r = other_api.get(f"/phone/users/{u['id']}")
    assert r.status_code == 404 and r.json()["code"] == 1001


def test_missing_scope(scoped_api):
    client = scoped_api(["phone:read:admin"])
    assert client.get("/phone/users").status_code == 200
    r = client.patch("/phone/users/whoever", json={"extension_number": "1999"})
    assert r.status_code == 400 and r.json()["code"] == 4700


def test_update_profile_extension_and_policy(api):
    u = a_user(api)
    r = api.patch(f"/phone/users/{u['id']}", json={
        "extension_number": "8123",
        "policy": {"international_calling": False, "call_park": {"enable": False, "expiration_period": 5}},
    })
    assert r.status_code == 204, r.text
    p = api.get(f"/phone/users/{u['id']}").json()
    assert p["extension_number"] == 8123
    assert p["policy"]["call_park"]["enable"] is False and p["policy"]["call_park"]["expiration_period"] == 5
    assert p["policy"]["international_calling"] is False
    assert p["policy"]["call_park"]["modified"] is True
    # reset drops the override
    r = api.patch(f"/phone/users/{u['id']}", json={"policy": {"call_park": {"reset": True}}})
    assert r.status_code == 204
    assert api.get(f"/phone/users/{u['id']}").json()["policy"]["call_park"]["enable"] is True


def test_update_profile_errors(api):
    users = all_users(api)
    a, b = users[0], users[1]
    r = api.patch(f"/phone/users/{a['id']}", json={"extension_number": str(b["extension_number"])})
    assert r.status_code == 400
    assert api.get(f"/phone/users/{a['id']}").json()["extension_number"] == a["extension_number"]
    r = api.patch(f"/phone/users/{a['id']}", json={"site_id": "no-such-site"})
    assert r.status_code == 400
    r = api.patch("/phone/users/unknown-user", json={"extension_number": "8124"})
    assert r.status_code == 404 and r.json()["code"] == 1001
    r = api.patch(f"/phone/users/{a['id']}", json={"policy": {"auto_call_recording": {
        "inbound_audio_notification": {"recording_start_prompt": True},
        "outbound_audio_notification": {"recording_start_prompt": False}}}})
    assert r.status_code == 400 and r.json()["code"] == 13800


def test_move_site_numbers_follow(api):
    u = a_user(api, with_numbers=True)
    other = next(s for s in api.get("/phone/sites").json()["sites"] if s["id"] != u["site"]["id"]) \
        if api.get("/phone/sites").status_code == 200 else None
    if other is None:  # the sites family not there yet: pick another user's site
        other = next(x["site"] for x in all_users(api) if x["site"]["id"] != u["site"]["id"])
    r = api.patch(f"/phone/users/{u['id']}", json={"site_id": other["id"]})
    assert r.status_code == 204, r.text
    assert api.get(f"/phone/users/{u['id']}").json()["site"]["id"] == other["id"]
    nm = api.get(f"{NM}/numbers/{u['phone_numbers'][0]['id']}").json()
    assert nm["site"]["site_id"] == other["id"]


def _site_name(api, index: int = 0) -> str:
    names = sorted({(u["site"]["name"], u["site"]["id"]) for u in all_users(api)})
    return names[index][0]


def test_batch_add_users(api):
    site = _site_name(api)
    nums = free_numbers(api, 2)
    r = api.post("/phone/users/batch", json={"users": [
        {"email": "batch.one@demo.phonestack.dev", "first_name": "Batch", "last_name": "One",
         "extension_number": "7801", "site_name": site, "calling_plans": ["US/CA Unlimited"],
         "phone_numbers": [nums[0]["number"]], "sms": True,
         "desk_phones": [{"brand": "Yealink", "model": "T54W", "mac": "80:5E:C0:11:22:33"}]},
        {"email": "batch.two@demo.phonestack.dev", "first_name": "Batch", "last_name": "Two",
         "extension_number": "7802", "site_name": site, "calling_plans": ["US/CA Metered"],
         "activation_status": "deactivate"},
    ]})
    assert r.status_code == 201, r.text
    created = {x["email"]: x["id"] for x in r.json()}
    one = api.get(f"/phone/users/{created['batch.one@demo.phonestack.dev']}").json()
    assert one["extension_number"] == 7801 and one["site"]["name"] == site
    assert [p["type"] for p in one["calling_plans"]] == [200]
    assert [n["number"] for n in one["phone_numbers"]] == [nums[0]["number"]]
    assert one["policy"]["sms"]["enable"] is True
    nm = api.get(f"{NM}/numbers/{nums[0]['id']}").json()
    assert nm["assigned_list"][0]["assigned_to_id"] == one["id"]
    two = api.get(f"/phone/users/{created['batch.two@demo.phonestack.dev']}").json()
    assert two["status"] == "deactivate" and [p["type"] for p in two["calling_plans"]] == [100]
    settings = api.get(f"/phone/users/{one['id']}/settings").json()
    assert [d["mac_address"] for d in settings["desk_phone"]["devices"]] == ["805ec0112233"]


def test_batch_add_all_or_nothing(api):
    site = _site_name(api)
    before = len(all_users(api))
    taken = a_user(api)
    r = api.post("/phone/users/batch", json={"users": [
        {"email": "fine@demo.phonestack.dev", "extension_number": "7811", "site_name": site,
         "calling_plans": ["US/CA Unlimited"]},
        {"email": "dup@demo.phonestack.dev", "extension_number": str(taken["extension_number"]), "site_name": site,
         "calling_plans": ["US/CA Unlimited"]},
    ]})
    assert r.status_code == 400 and r.json()["code"] == 300
    assert len(all_users(api)) == before
    assert api.get("/phone/users/fine@demo.phonestack.dev").status_code == 404


def test_batch_add_errors(api):
    site = _site_name(api)
    base = {"extension_number": "7821", "site_name": site, "calling_plans": ["US/CA Unlimited"]}
    # more than 10 users
    r = api.post("/phone/users/batch", json={"users": [
        {**base, "email": f"u{i}@demo.phonestack.dev", "extension_number": str(7830 + i)} for i in range(11)]})
    assert r.status_code == 400 and r.json()["code"] == 400
    # email taken, unknown site, unknown plan, number of someone else, template unknown
    taken = a_user(api, with_numbers=True)
    cases = [
        {**base, "email": taken["email"]},
        {**base, "email": "x1@demo.phonestack.dev", "site_name": "Atlantis"},
        {**base, "email": "x2@demo.phonestack.dev", "calling_plans": ["Lunar Unlimited"]},
        {**base, "email": "x3@demo.phonestack.dev", "phone_numbers": [taken["phone_numbers"][0]["number"]]},
        {**base, "email": "x4@demo.phonestack.dev", "desk_phones": [{"brand": "Poly", "model": "VVX", "mac": "zz"}]},
    ]
    for case in cases:
        r = api.post("/phone/users/batch", json={"users": [case]})
        assert r.status_code == 400 and r.json()["code"] == 300, (case, r.text)
    r = api.post("/phone/users/batch", json={"users": [{**base, "email": "x5@demo.phonestack.dev",
                                                         "template_name": "No such template"}]})
    assert r.status_code == 404 and r.json()["code"] == 404


def test_batch_add_duplicate_mac_across_sites(api):
    sites = sorted({(u["site"]["name"], u["site"]["id"]) for u in all_users(api)})
    assert len(sites) >= 2
    phone = {"brand": "Yealink", "model": "T46U", "mac": "001565aabbcc"}
    r = api.post("/phone/users/batch", json={"users": [
        {"email": "m1@demo.phonestack.dev", "extension_number": "7851", "site_name": sites[0][0],
         "calling_plans": ["US/CA Unlimited"], "desk_phones": [phone]},
        {"email": "m2@demo.phonestack.dev", "extension_number": "7852", "site_name": sites[1][0],
         "calling_plans": ["US/CA Unlimited"], "desk_phones": [phone]},
    ]})
    assert r.status_code == 400 and "same site" in r.text


def test_batch_update_move_site_and_activate(api):
    users = all_users(api)
    target = users[0]["site"]
    movers = [u for u in users if u["site"]["id"] != target["id"] and u["phone_numbers"]][:2]
    r = api.put("/phone/users/batch", json={"batch_type": "move_site", "site_id": target["id"],
                                            "user_ids": [u["id"] for u in movers]})
    assert r.status_code == 204, r.text
    for u in movers:
        assert api.get(f"/phone/users/{u['id']}").json()["site"]["id"] == target["id"]
        assert api.get(f"{NM}/numbers/{u['phone_numbers'][0]['id']}").json()["site"]["site_id"] == target["id"]
    r = api.put("/phone/users/batch", json={"batch_type": "activate", "activation_status": "deactivate",
                                            "user_ids": [movers[0]["id"]]})
    assert r.status_code == 204
    assert api.get(f"/phone/users/{movers[0]['id']}").json()["status"] == "deactivate"
    pending = all_users(api, status="pending")
    r = api.put("/phone/users/batch", json={"batch_type": "assign_pending_user",
                                            "user_ids": [p["id"] for p in pending]})
    assert r.status_code == 204
    assert all_users(api, status="pending") == []


def test_batch_update_errors(api):
    u = a_user(api)
    r = api.put("/phone/users/batch", json={"batch_type": "move_site", "site_id": "nowhere", "user_ids": [u["id"]]})
    assert r.status_code == 400
    r = api.put("/phone/users/batch", json={"batch_type": "move_site", "site_id": u["site"]["id"],
                                            "user_ids": ["ghost"]})
    assert r.status_code == 400 and r.json()["code"] == 300
    r = api.put("/phone/users/batch", json={"batch_type": "activate", "user_ids": [u["id"]] * 11})
    assert r.status_code == 400


def test_template_applies_policy_and_settings(api):
    r = api.get("/phone/setting_templates")
    if r.status_code != 200:
        return  # the account family's templates are not there yet
    tpl = next((t for t in r.json()["templates"] if t["type"] == "user"), None)
    assert tpl is not None
    detail = api.get(f"/phone/setting_templates/{tpl['id']}").json()
    site = detail.get("site") or {}
    users = all_users(api, site_id=site["id"]) if site.get("id") else all_users(api)
    u = users[0]
    r = api.patch(f"/phone/users/{u['id']}", json={"template_id": tpl["id"],
                                                  "policy": {"international_calling": False}})
    assert r.status_code == 204, r.text
    p = api.get(f"/phone/users/{u['id']}").json()
    assert p["policy"]["sms"]["enable"] is True and p["policy"]["sms"]["modified"] is True
    assert p["policy"]["international_calling"] is True  # "the policy will be ignored"
    s = api.get(f"/phone/users/{u['id']}/settings").json()
    assert s["desk_phone"]["pin_code"] == "2580" and s["area_code"] == "408"
    # batch add by template name
    r = api.post("/phone/users/batch", json={"users": [
        {"email": "templated@demo.phonestack.dev", "extension_number": "7871", "site_name": u["site"]["name"],
         "calling_plans": ["US/CA Unlimited"], "template_name": tpl["name"]}]})
    assert r.status_code == 201, r.text
    got = api.get(f"/phone/users/{r.json()[0]['id']}/settings").json()
    assert got["desk_phone"]["pin_code"] == "2580"
    r = api.patch(f"/phone/users/{u['id']}", json={"template_id": "no-such-template"})
    assert r.status_code == 400
