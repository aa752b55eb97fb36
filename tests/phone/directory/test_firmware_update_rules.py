"""Firmwares and firmware update rules through HTTP (issue 4)."""

from __future__ import annotations

from typing import Any

from directory_helpers import err, site_ids

FR = "/phone/firmware_update_rules"


def rules(api) -> list[dict[str, Any]]:  # noqa: ANN001
    r = api.get(FR, params={"page_size": 100})
    assert r.status_code == 200, r.text
    return r.json()["rules"]


def test_list_firmwares_catalog(api):
    r = api.get("/phone/firmwares")
    assert r.status_code == 200, r.text
    fws = {(f["device_type"], f["device_model"]): f for f in r.json()["firmwares"]}
    # every model of the demo desk phones is in the catalog, with the version it runs available
    devs = api.get("/phone/devices", params={"page_size": 100}).json()["devices"]
    assert devs
    for d in devs:
        brand, _, model = d["device_type"].partition(" ")
        assert (brand, model) in fws, d["device_type"]
    t54 = {v["version"]: v for v in fws[("Yealink", "T54W")]["versions"]}
    assert t54["96.86.0.70"]["status"] == 1 and t54["96.86.0.100"]["status"] == 1
    assert t54["96.85.0.5"]["status"] == 3 and t54["96.86.0.100"]["update_log"]


def test_list_seeded_rules(api):
    got = {(r["device_type"], r["device_model"]): r for r in rules(api)}
    assert got[("Yealink", "T54W")]["version"] == "96.86.0.100"
    assert ("Poly", "VVX 450") in got and ("Cisco", "8851") in got
    r = api.get(FR, params={"page_size": 1})
    assert len(r.json()["rules"]) == 1 and r.json()["next_page_token"]
    nxt = api.get(FR, params={"page_size": 1, "next_page_token": r.json()["next_page_token"]}).json()["rules"]
    assert nxt[0]["rule_id"] != r.json()["rules"][0]["rule_id"]
    err(api.get(FR, params={"next_page_token": "forged"}), 400, 300)
    err(api.get(FR, params={"page_size": 0}), 400, 300)


def test_firmwares_need_a_read_scope(scoped_api):
    client = scoped_api(["phone:write:admin"])
    err(client.get("/phone/firmwares"), 400, 4700)
    err(client.get(FR), 400, 4700)


def test_add_get_update_delete_rule(api):
    sid = site_ids(api)["London Office"]
    r = api.post(FR, json={"site_id": sid, "device_type": "yealink", "device_model": "t46u",
                           "version": "108.86.0.90", "restart_type": 2})
    assert r.status_code == 201, r.text
    rid = r.json()["rule_Id"]
    got = api.get(f"{FR}/{rid}").json()
    assert got == {"device_type": "Yealink", "device_model": "T46U", "version": "108.86.0.90",
                   "update_log": "1. Call park fixes 2. Security fixes"}
    assert {"rule_id": rid, "version": "108.86.0.90", "device_type": "Yealink", "device_model": "T46U"} in rules(api)
    r = api.patch(f"{FR}/{rid}", json={"device_type": "Yealink", "device_model": "T46U", "version": "108.86.0.45"})
    assert r.status_code == 204, r.text
    assert api.get(f"{FR}/{rid}").json()["version"] == "108.86.0.45"
    assert api.delete(f"{FR}/{rid}").status_code == 204
    err(api.get(f"{FR}/{rid}"), 404, 404, f"Firmware rule (ID: {rid}) does not exist.")
    err(api.delete(f"{FR}/{rid}"), 404, 404, f"The rule does not exist, rule id:{rid}.")
    err(api.patch(f"{FR}/{rid}", json={"device_type": "Yealink", "device_model": "T46U", "version": "108.86.0.45"}),
        404, 404, f"The rule does not exist, rule id:{rid}.")


def test_rule_validation(api):
    ids = site_ids(api)
    base = {"site_id": ids["Austin Branch"], "device_type": "Poly", "device_model": "CCX 400", "version": "8.1.3.1300"}
    err(api.post(FR, json={**base, "version": "9.9.9"}), 404, 404,
        "The firmware version does not exist, firmware version:9.9.9.")
    err(api.post(FR, json={**base, "version": "7.2.4.0211"}), 404, 404)  # sunset: cannot be rolled out
    err(api.post(FR, json={**base, "device_model": "Nonexistent"}), 400, 300)
    err(api.post(FR, json={**base, "site_id": "nope"}), 400, 300)
    err(api.post(FR, json={k: v for k, v in base.items() if k != "site_id"}), 400, 300)  # multiple sites
    err(api.post(FR, json={**base, "restart_type": 3}), 400, 300)
    assert api.post(FR, json=base).status_code == 201
    # one rule per site and model
    err(api.post(FR, json={**base, "version": "8.1.2.1011"}), 400, 300)
    assert api.post(FR, json={**base, "site_id": ids["London Office"]}).status_code == 201
    rid = next(r["rule_id"] for r in rules(api) if r["device_model"] == "T54W")
    err(api.patch(f"{FR}/{rid}", json={"device_type": "Yealink", "device_model": "T54W", "version": "0.0"}), 404, 404,
        "The firmware version does not exist, firmware version:0.0.")
    assert api.get(f"{FR}/{rid}").json()["version"] == "96.86.0.100"


def test_rules_of_other_tenant_and_deleted_site(api, sub_api, other_api):
    rid = rules(api)[0]["rule_id"]
    err(other_api.get(f"{FR}/{rid}"), 404, 404)
    err(sub_api.delete(f"{FR}/{rid}"), 404, 404)
    # a single-site account needs no site_id: the rule goes to its main site
    r = sub_api.post(FR, json={"device_type": "Cisco", "device_model": "6841", "version": "sip68xx.12-0-2MPP"})
    assert r.status_code == 201, r.text
    assert len(rules(sub_api)) == 2
    # the rules of a deleted site go with it
    ids = site_ids(api)
    austin_rule = next(r["rule_id"] for r in rules(api) if r["device_model"] == "8851")
    r = api.delete(f"/phone/sites/{ids['Austin Branch']}", params={"transfer_site_id": ids["Main Site"]})
    assert r.status_code == 204, r.text
    err(api.get(f"{FR}/{austin_rule}"), 404, 404)
    assert austin_rule not in {r["rule_id"] for r in rules(api)}
