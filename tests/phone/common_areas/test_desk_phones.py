"""Desk phones through HTTP: devices, assignees, line keys, provisioning, reboot, sync (issue 3)."""

from __future__ import annotations

from typing import Any

import pytest

DEV = "/phone/devices"
CA = "/phone/common_areas"


def devices(api, **params: Any) -> list[dict[str, Any]]:  # noqa: ANN001
    r = api.get(DEV, params={"page_size": 100, **params})
    assert r.status_code == 200, r.text
    return r.json()["devices"]


def device(api, device_id: str) -> dict[str, Any]:  # noqa: ANN001
    r = api.get(f"{DEV}/{device_id}")
    assert r.status_code == 200, r.text
    return r.json()


def areas(api) -> dict[str, dict[str, Any]]:  # noqa: ANN001
    return {a["display_name"]: a for a in api.get(CA, params={"page_size": 100}).json()["common_areas"]}


def sites(api) -> dict[str, dict[str, Any]]:  # noqa: ANN001
    return {s["name"]: s for s in api.get("/phone/sites").json()["sites"]}


def users(api, site_id: str, n: int) -> list[dict[str, Any]]:  # noqa: ANN001
    r = api.get("/phone/users", params={"site_id": site_id, "page_size": 100})
    assert r.status_code == 200, r.text
    out = r.json()["users"]
    assert len(out) >= n
    return out[:n]


def templates(api) -> list[str]:  # noqa: ANN001
    """The demo provision templates' ids, read from the demo devices that use one."""
    return sorted({d["provision_template_id"] for d in devices(api) if d.get("provision_template_id")})


# --- the demo seed and the list -------------------------------------------------------------------


def test_demo_devices(api):
    all_ = devices(api)
    assert len(all_) == 20
    assert len({d["mac_address"] for d in all_}) == 20
    brands = {d["device_type"].split(" ")[0] for d in all_}
    assert brands <= {"Yealink", "Poly", "Cisco"} and len(brands) >= 2
    assert any(d["status"] == "online" for d in all_) and any(d["status"] == "offline" for d in all_)
    assigned = devices(api, type="assigned")
    unassigned = devices(api, type="unassigned")
    assert len(assigned) + len(unassigned) == 20 and len(unassigned) == 2
    assert all("assignee" not in d for d in unassigned)
    shared = [d for d in assigned if len(d["assignees"]) > 1]
    assert shared and all(len({a["site"] if "site" in a else 0 for a in d["assignees"]}) == 1 for d in shared)
    kinds = {a["extension_type"] for d in assigned for a in d["assignees"]}
    assert kinds == {"user", "commonArea"}


def test_list_filters_and_pages(api):
    s = sites(api)
    austin = devices(api, site_id=s["Austin Branch"]["id"])
    assert austin and all(d["site"]["name"] == "Austin Branch" for d in austin)
    yealink = devices(api, device_type="yealink")
    assert yealink and all(d["device_type"].startswith("Yealink") for d in yealink)
    r = api.get(DEV, params={"page_size": 7})
    body = r.json()
    assert len(body["devices"]) == 7 and body["total_records"] == 20 and body["next_page_token"]
    r2 = api.get(DEV, params={"page_size": 7, "next_page_token": body["next_page_token"]})
    assert not {d["id"] for d in body["devices"]} & {d["id"] for d in r2.json()["devices"]}
    r = api.get(DEV, params={"type": "bogus"})
    assert r.status_code == 400 and r.json()["code"] == 300


def test_missing_scope(scoped_api):
    client = scoped_api(["phone:read:list_devices:admin"])
    assert client.get(DEV).status_code == 200
    r = client.post(DEV, json={"display_name": "X", "mac_address": "805ec03debc4", "type": "Yealink"})
    assert r.status_code == 400 and r.json()["code"] == 4700


# --- add / get / update / delete ------------------------------------------------------------------


def test_add_get_update_delete(api):
    s = sites(api)
    u1, u2 = users(api, s["Main Site"]["id"], 2)
    lobby = areas(api)["Lobby"]
    tpl = templates(api)[0]
    r = api.post(DEV, json={"display_name": "Shared T54W", "mac_address": "80-5E-C0-3D-EB-C4", "type": "Yealink",
                            "model": "T54W", "assigned_to": u1["email"],
                            "assignee_extension_ids": [u2["id"], lobby["id"]], "provision_template_id": tpl})
    assert r.status_code == 201, r.text
    did = r.json()["id"]
    assert r.json()["display_name"] == "Shared T54W"
    d = device(api, did)
    assert d["mac_address"] == "805ec03debc4" and d["device_type"] == "Yealink T54W"
    assert d["assignee"]["id"] == u1["id"] and d["assignee"]["extension_type"] == "user"
    assert [a["id"] for a in d["assignees"]] == [u1["id"], u2["id"], lobby["id"]]
    assert d["assignees"][2]["extension_type"] == "commonArea"
    assert d["assignees"][2]["extension_number"] == lobby["extension_number"]
    assert d["site"] == {"id": s["Main Site"]["id"], "name": "Main Site"}
    assert d["status"] == "offline" and d["provision_template_id"] == tpl
    assert d["policy"]["hot_desking"]["status"] == "off"
    assert d["provision"]["type"] == "assisted" and len(d["provision"]["sip_accounts"]) == 3
    assert did in [x["id"] for x in areas(api)["Lobby"]["desk_phones"]]

    r = api.patch(f"{DEV}/{did}", json={"display_name": "Front T54W", "assigned_to": u2["id"],
                                        "provision_template_id": ""})
    assert r.status_code == 204, r.text
    d = device(api, did)
    assert d["display_name"] == "Front T54W" and d["provision_template_id"] == ""
    assert [a["id"] for a in d["assignees"]] == [u2["id"]]

    # a device in use cannot be deleted
    r = api.delete(f"{DEV}/{did}")
    assert r.status_code == 400 and r.json()["code"] == 300
    assert api.delete(f"{DEV}/{did}/extensions/{u2['id']}").status_code == 204
    assert api.delete(f"{DEV}/{did}").status_code == 204
    r = api.get(f"{DEV}/{did}")
    assert r.status_code == 400 and r.json() == {"code": 400, "message": "Device does not exist in the system."}
    assert len(devices(api)) == 20


@pytest.mark.parametrize("mac", ["805ec03debc4", "80:5e:c0:3d:eb:c4", "805EC03DEBC4", "80-5e-c0-3d-eb-c4"])
def test_mac_address_is_unique_in_any_format(api, mac):
    r = api.post(DEV, json={"display_name": "One", "mac_address": "80-5e-c0-3d-eb-c4", "type": "Yealink"})
    assert r.status_code == 201, r.text
    r = api.post(DEV, json={"display_name": "Two", "mac_address": mac, "type": "Poly"})
    assert r.status_code == 400 and r.json()["code"] == 300
    assert "805ec03debc4" in r.json()["message"]
    assert len(devices(api)) == 21


def test_add_errors(api, other_api):
    s = sites(api)
    main_user = users(api, s["Main Site"]["id"], 1)[0]
    london = areas(api)["Conference Room B"]
    base = {"display_name": "X", "mac_address": "0004f2aabbcc", "type": "Poly"}
    for body, status, code in [
        ({**base, "mac_address": "not-a-mac"}, 400, 300),
        ({**base, "assignee_extension_ids": ["nope"]}, 404, 1001),
        ({**base, "assigned_to": "nobody@example.com"}, 404, 1001),
        ({**base, "assignee_extension_ids": [main_user["id"], london["id"]]}, 400, 300),  # two sites
        ({**base, "site_id": "nope"}, 400, 300),
        ({**base, "provision_template_id": "nope"}, 400, 300),
        ({**base, "assignee_extension_ids": [main_user["id"]], "site_id": s["London Office"]["id"]}, 400, 300),
    ]:
        r = api.post(DEV, json=body)
        assert (r.status_code, r.json()["code"]) == (status, code), (body, r.text)
    assert len(devices(api)) == 20
    # another tenant's extension is unknown here
    r = other_api.post(DEV, json={**base, "assignee_extension_ids": [main_user["id"]]})
    assert r.status_code == 404


def test_unknown_and_other_tenant_device(api, other_api):
    did = devices(api)[0]["id"]
    r = other_api.get(f"{DEV}/{did}")
    assert r.status_code == 400 and r.json()["message"] == "Device does not exist in the system."
    r = other_api.patch(f"{DEV}/{did}", json={"display_name": "Mine"})
    assert r.status_code == 400 and r.json()["code"] == 300
    r = other_api.delete(f"{DEV}/{did}")
    assert r.status_code == 400 and r.json()["code"] == 300
    r = api.patch(f"{DEV}/{did}", json={"assigned_to": "nobody@example.com"})
    assert r.status_code == 404 and r.json()["code"] == 1001
    assert device(api, did)["display_name"] != "Mine"


# --- assignees ------------------------------------------------------------------------------------


def test_assign_and_unassign_entities(api):
    s = sites(api)
    spare = devices(api, type="unassigned", site_id=s["Main Site"]["id"])[0]
    u1, u2 = users(api, s["Main Site"]["id"], 2)
    lobby = areas(api)["Lobby"]
    r = api.post(f"{DEV}/{spare['id']}/extensions", json={"assignee_extension_ids": [u1["id"], lobby["id"]]})
    assert r.status_code == 201, r.text
    d = device(api, spare["id"])
    assert [a["id"] for a in d["assignees"]] == [u1["id"], lobby["id"]]
    assert d["site"]["id"] == s["Main Site"]["id"]
    # again, with one more: the ones there stay
    api.post(f"{DEV}/{spare['id']}/extensions", json={"assignee_extension_ids": [u1["id"], u2["id"]]})
    assert [a["id"] for a in device(api, spare["id"])["assignees"]] == [u1["id"], lobby["id"], u2["id"]]
    assert api.delete(f"{DEV}/{spare['id']}/extensions/{lobby['id']}").status_code == 204
    assert [a["id"] for a in device(api, spare["id"])["assignees"]] == [u1["id"], u2["id"]]
    assert spare["id"] not in [x["id"] for x in areas(api)["Lobby"]["desk_phones"]]


def test_assign_errors(api):
    s = sites(api)
    a = areas(api)
    dev = a["Lobby"]["desk_phones"][0]
    r = api.post(f"{DEV}/{dev['id']}/extensions", json={"assignee_extension_ids": ["nope"]})
    assert r.status_code == 404 and r.json()["code"] == 1001
    r = api.post(f"{DEV}/{dev['id']}/extensions", json={"assignee_extension_ids": [a["Conference Room B"]["id"]]})
    assert r.status_code == 400 and "same site" in str(r.json())
    r = api.post(f"{DEV}/nope/extensions", json={"assignee_extension_ids": [a["Lobby"]["id"]]})
    assert r.status_code == 400 and r.json()["code"] == 300
    r = api.delete(f"{DEV}/{dev['id']}/extensions/{a['Break Room']['id']}")
    assert r.status_code == 400 and r.json()["code"] == 300
    # the maximum of assignees (16)
    spare = devices(api, type="unassigned", site_id=s["Main Site"]["id"])[0]
    many = users(api, s["Main Site"]["id"], 17)
    r = api.post(f"{DEV}/{spare['id']}/extensions", json={"assignee_extension_ids": [u["id"] for u in many]})
    assert r.status_code == 400 and "at most 16" in str(r.json())
    assert "assignees" not in device(api, spare["id"])
    r = api.post(f"{DEV}/{spare['id']}/extensions", json={"assignee_extension_ids": [u["id"] for u in many[:16]]})
    assert r.status_code == 201 and len(device(api, spare["id"])["assignees"]) == 16


def test_offboarding_a_user_unassigns_its_phones(api, raw, demo):
    shared = next(d for d in devices(api, type="assigned") if len(d["assignees"]) == 2
                  and all(a["extension_type"] == "user" for a in d["assignees"]))
    gone = shared["assignees"][0]["id"]
    r = raw.delete(f"/_phonestack/accounts/{demo['account_id']}/users/{gone}")  # Zoom's Users API
    assert r.status_code == 204, r.text
    assert [a["id"] for a in device(api, shared["id"])["assignees"]] == [shared["assignees"][1]["id"]]


# --- line keys ------------------------------------------------------------------------------------


def test_line_keys(api):
    shared = next(d for d in devices(api, type="assigned") if len(d["assignees"]) == 2
                  and all(a["extension_type"] == "user" for a in d["assignees"]))
    first, second = shared["assignees"]
    r = api.get(f"{DEV}/{shared['id']}/line_keys")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["device_id"] == shared["id"] and body["device_name"] == shared["display_name"]
    # the seed put the second user on key 1
    assert [p["extension_id"] for p in body["positions"]] == [second["id"], first["id"]]
    assert [p["index"] for p in body["positions"]] == [1, 2]
    assert body["positions"][0]["extension_type"] == "User"
    assert body["positions"][0]["owner_extension_name"] == first["name"]
    r = api.patch(f"{DEV}/{shared['id']}/line_keys", json={"positions": [
        {"extension_id": first["id"], "index": 1}, {"extension_id": second["id"], "index": 2}]})
    assert r.status_code == 204, r.text
    got = api.get(f"{DEV}/{shared['id']}/line_keys").json()["positions"]
    assert [(p["extension_id"], p["index"]) for p in got] == [(first["id"], 1), (second["id"], 2)]


def test_line_keys_of_a_common_area_phone_and_errors(api):
    lobby = areas(api)["Lobby"]
    dev = lobby["desk_phones"][0]["id"]
    got = api.get(f"{DEV}/{dev}/line_keys").json()["positions"]
    assert got[0]["extension_id"] == lobby["id"] and got[0]["extension_type"] == "CommonArea"
    assert got[0]["phone_number"] == lobby["phone_numbers"][0]["number"]
    r = api.patch(f"{DEV}/{dev}/line_keys", json={"positions": [{"extension_id": "nope", "index": 1}]})
    assert r.status_code == 400 and r.json()["message"] == "Extension ID does not exist: nope."
    r = api.patch(f"{DEV}/{dev}/line_keys", json={"positions": [{"extension_id": lobby["id"], "index": 5}]})
    assert r.status_code == 400 and r.json()["message"] == "Index is invalid: 5."
    r = api.get(f"{DEV}/nope/line_keys")
    assert r.status_code == 404


# --- provisioning, reboot, sync -------------------------------------------------------------------


def test_provision_template(api):
    tpls = templates(api)
    did = next(d["id"] for d in devices(api) if not d.get("provision_template_id"))
    r = api.put(f"{DEV}/{did}/provision_templates", json={"provision_template_id": tpls[0]})
    assert r.status_code == 204, r.text
    assert device(api, did)["provision_template_id"] == tpls[0]
    r = api.put(f"{DEV}/{did}/provision_templates", json={"provision_template_id": "nope"})
    assert r.status_code == 400 and r.json() == {"code": 404, "message": "Provision template does not exist."}
    assert device(api, did)["provision_template_id"] == tpls[0]
    assert api.put(f"{DEV}/{did}/provision_templates", json={}).status_code == 204
    assert device(api, did)["provision_template_id"] == ""
    r = api.put(f"{DEV}/nope/provision_templates", json={})
    assert r.status_code == 400


def test_reboot(api):
    online = next(d for d in devices(api) if d["status"] == "online")
    offline = next(d for d in devices(api) if d["status"] == "offline")
    r = api.post(f"{DEV}/{online['id']}/reboot")
    assert r.status_code == 202, r.text
    r = api.post(f"{DEV}/{offline['id']}/reboot")
    assert r.status_code == 400 and r.json() == {"code": 400, "message": "The given device is offline."}
    r = api.post(f"{DEV}/nope/reboot")
    assert r.status_code == 400 and r.json()["code"] == 404


def test_sync(api):
    s = sites(api)
    assert api.post(f"{DEV}/sync", json={"level": 2, "site_id": s["Austin Branch"]["id"]}).status_code == 204
    r = api.post(f"{DEV}/sync", json={"level": 2, "site_id": s["Austin Branch"]["id"]})
    assert r.status_code == 400 and r.json()["code"] == 429
    assert api.post(f"{DEV}/sync", json={"level": 1}).status_code == 204
    for body in ({"level": 3}, {"level": 2}, {"level": 2, "site_id": "nope"}):
        r = api.post(f"{DEV}/sync", json=body)
        assert r.status_code == 400 and r.json()["code"] == 300, body
