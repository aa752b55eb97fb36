"""Emergency-services dashboards and location tracking through HTTP (issue 5): computed from the
users, their emergency addresses and numbers, the company locations, the desk phones and what
the clients report; a change of state changes the figures."""

from __future__ import annotations

from typing import Any

import pytest
from test_sms_sessions import all_pages

BASE = "/phone/metrics/emergency_services"


def records(api, path: str, key: str = "records") -> list[dict[str, Any]]:  # noqa: ANN001
    return all_pages(api, path, key)


def users(api) -> list[dict[str, Any]]:  # noqa: ANN001
    return all_pages(api, "/phone/users", "users")


def add_personal_address(api, user_id: str) -> dict[str, Any]:  # noqa: ANN001
    r = api.post("/phone/emergency_addresses", json={
        "address_line1": "12 Home Street", "city": "San Jose", "country": "US", "state_code": "CA",
        "zip": "95110", "user_id": user_id, "is_default": True})
    assert r.status_code == 201, r.text
    return r.json()


def test_default_emergency_address_follows_personal_addresses(api):
    recs = records(api, f"{BASE}/default_emergency_address/users")
    assert len(recs) == len(users(api))
    target = next(r for r in recs if r["status"] == "not_set")
    assert target["email"] and target["site_name"]
    add_personal_address(api, target["extension_id"])
    after = {r["extension_id"]: r["status"] for r in records(api, f"{BASE}/default_emergency_address/users")}
    assert after[target["extension_id"]] == "set"
    assert sum(1 for s in after.values() if s == "set") == sum(1 for r in recs if r["status"] == "set") + 1


def test_detectable_personal_location_needs_a_sharing_client(api):
    perms = records(api, f"{BASE}/location_sharing_permission/users", "user_permissions")
    assert perms and all(p["device_permissions"] for p in perms)
    sharing = {p["extension_id"] for p in perms
               if any(d["location_sharing"] == "allowed" for d in p["device_permissions"])}
    assert sharing
    before = {r["extension_id"]: r["status"] for r in records(api, f"{BASE}/detectable_personal_location/users")}
    uid = next(u for u in sharing if before[u] == "not_set")
    add_personal_address(api, uid)
    after = {r["extension_id"]: r["status"] for r in records(api, f"{BASE}/detectable_personal_location/users")}
    assert after[uid] == "set"
    # a user without a client stays not_set even with a personal address
    other = next(u for u, s in before.items() if u not in {p["extension_id"] for p in perms} and s == "not_set")
    add_personal_address(api, other)
    again = {r["extension_id"]: r["status"] for r in records(api, f"{BASE}/detectable_personal_location/users")}
    assert again[other] == "not_set"


def test_nomadic_follows_numbers(api):
    recs = {r["extension_id"]: r for r in records(api, f"{BASE}/nomadic_emergency_services/users")}
    enabled = [r for r in recs.values() if r["status"] == "enabled"]
    assert enabled and all("reason_for_disabling" not in r for r in enabled)
    assert any(r.get("reason_for_disabling") == 4 for r in recs.values())  # extension-only users
    # take a US user's numbers away: extension-only now
    uid = enabled[0]["extension_id"]
    nums = api.get(f"/phone/users/{uid}").json().get("phone_numbers") or []
    assert nums
    for n in nums:
        assert api.delete(f"/phone/users/{uid}/phone_numbers/{n['id']}").status_code == 204
    after = {r["extension_id"]: r for r in records(api, f"{BASE}/nomadic_emergency_services/users")}
    assert after[uid]["status"] == "disabled" and after[uid]["reason_for_disabling"] == 4


def test_realtime_location_of_users(api):
    recs = records(api, f"{BASE}/realtime_location/users")
    assert recs
    types = {r["location_type"] for r in recs}
    assert "company" in types  # the demo clients sit on the locations' own networks
    company = next(r for r in recs if r["location_type"] == "company")
    assert company["location_name"] and company["emergency_address"]
    locs = {x["name"] for x in all_pages(api, "/phone/locations", "locations")}
    assert company["location_name"] in locs


def test_ip_phone_location_changes_with_a_new_location(api):
    devs = {r["device_id"]: r for r in records(api, f"{BASE}/realtime_location/devices")}
    dev = next(r for r in devs.values() if r.get("private_ip") and r["location_type"] == "unknown")
    site = api.get("/phone/sites").json()["sites"][0]["id"]
    addr = next(a for a in all_pages(api, "/phone/emergency_addresses", "emergency_addresses",
                                     {"site_id": site, "level": 0}))
    subnet = ".".join(dev["private_ip"].split(".")[:3]) + ".0/24"
    r = api.post("/phone/locations", json={"name": "Lobby network", "emergency_address_id": addr["id"],
                                           "site_id": site, "public_ip": "198.51.100.77", "private_ip": subnet})
    assert r.status_code == 201, r.text
    after = {r["device_id"]: r for r in records(api, f"{BASE}/realtime_location/devices")}
    moved = after[dev["device_id"]]
    assert moved["location_type"] == "company" and moved["location_name"] == "Lobby network"
    assert moved["emergency_address"] == addr["address_line1"]
    tracked = records(api, "/phone/metrics/location_tracking", "location_tracking")
    entry = next(x for x in tracked if x["device"]["id"] == dev["device_id"])
    assert entry["type"] == "company" and entry["name"] == "Lobby network" and entry["site"]["id"] == site


def test_location_tracking_lists_phones_and_clients(api):
    tracked = records(api, "/phone/metrics/location_tracking", "location_tracking")
    devices = records(api, f"{BASE}/realtime_location/devices")
    perms = records(api, f"{BASE}/location_sharing_permission/users", "user_permissions")
    clients = sum(1 for p in perms for d in p["device_permissions"] if d["location_sharing"] == "allowed")
    assert len(tracked) == len(devices) + clients
    page = api.get("/phone/metrics/location_tracking", params={"page_size": 3}).json()
    assert len(page["location_tracking"]) == 3 and page["total_records"] == len(tracked) and page["next_page_token"]
    nxt = api.get("/phone/metrics/location_tracking", params={"page_size": 3,
                                                               "next_page_token": page["next_page_token"]}).json()
    assert nxt["location_tracking"] == tracked[3:6]
    r = api.get("/phone/metrics/location_tracking", params={"next_page_token": "garbage"})
    assert r.status_code == 400


def test_other_tenant_sees_only_its_own(other_api):
    assert records(other_api, f"{BASE}/realtime_location/devices") == []
    assert records(other_api, f"{BASE}/location_sharing_permission/users", "user_permissions") == []
    assert records(other_api, "/phone/metrics/location_tracking", "location_tracking") == []


@pytest.mark.parametrize("path", [f"{BASE}/default_emergency_address/users", f"{BASE}/realtime_location/devices",
                                  "/phone/metrics/location_tracking", f"{BASE}/nomadic_emergency_services/users"])
def test_missing_scope(scoped_api, path):
    c = scoped_api(["phone:read:list_call_queues:admin"])
    r = c.get(path)
    assert r.status_code == 400 and r.json()["code"] == 4700
