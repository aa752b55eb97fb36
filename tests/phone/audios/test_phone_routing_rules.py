"""Directory backup routing rules: validation, order, sites and SIP groups that must exist."""

from __future__ import annotations

from typing import Any

URL = "/phone/routing_rules"
NM = "/accounts/me/number_management"


def _rules(api) -> list[dict[str, Any]]:  # noqa: ANN001
    r = api.get(URL)
    assert r.status_code == 200, r.text
    return r.json()


def _group(api) -> dict[str, Any]:  # noqa: ANN001
    return api.get(f"{NM}/sip_groups", params={"product": "ZOOM_PHONE"}).json()["sip_groups"][0]


def _site(api, i: int = 0) -> str:  # noqa: ANN001
    return api.get("/phone/sites").json()["sites"][i]["id"]


def test_demo_rules(api, other_api):
    rules = _rules(api)
    assert [r["order"] for r in rules] == list(range(1, len(rules) + 1)) and len(rules) == 3
    assert {r["routing_path"]["type"] for r in rules} == {"pstn", "sip_group", "other_sites"}
    sip = next(r for r in rules if r["routing_path"]["type"] == "sip_group")
    group = _group(api)
    assert sip["routing_path"]["sip_group"] == {"id": group["sip_group_id"], "name": group["display_name"]}
    assert other_api.get(URL).json() == []


def test_add_get_update_delete(api):
    group = _group(api)
    site = _site(api)
    r = api.post(URL, json={"name": "Backup to SBC", "number_pattern": r"^\+1650(\d{7})$", "translation": "+1650$1",
                            "type": "sip_group", "sip_group_id": group["sip_group_id"], "site_id": site})
    assert r.status_code == 201, r.text
    rid = r.json()["routing_rule_id"]
    assert r.json()["name"] == "Backup to SBC"
    got = api.get(f"{URL}/{rid}").json()
    assert got == {"routing_rule_id": rid, "name": "Backup to SBC", "number_pattern": r"^\+1650(\d{7})$",
                   "translation": "+1650$1", "order": 4, "site_id": site,
                   "routing_path": {"type": "sip_group",
                                    "sip_group": {"id": group["sip_group_id"], "name": group["display_name"]}}}
    assert _rules(api)[-1] == got
    # move it first: the others shift down
    first = _rules(api)[0]["routing_rule_id"]
    r = api.patch(f"{URL}/{rid}", json={"order": 1, "name": "SBC first", "type": "pstn"})
    assert r.status_code == 204, r.text
    rules = _rules(api)
    assert [x["routing_rule_id"] for x in rules[:2]] == [rid, first]
    assert [x["order"] for x in rules] == [1, 2, 3, 4]
    got = api.get(f"{URL}/{rid}").json()
    assert got["name"] == "SBC first" and got["routing_path"] == {"type": "pstn"} and got["order"] == 1
    assert api.delete(f"{URL}/{rid}").status_code == 204
    r = api.get(f"{URL}/{rid}")
    assert r.status_code == 404 and r.json() == {"code": 404, "message": "Routing rule does not exist."}
    assert [x["order"] for x in _rules(api)] == [1, 2, 3]
    r = api.delete(f"{URL}/{rid}")
    assert r.status_code == 400 and r.json() == {"code": 404, "message": "Routing rule does not exist."}


def test_add_errors(api):
    group = _group(api)
    existing = _rules(api)[0]["number_pattern"]
    base = {"name": "R", "number_pattern": r"^\+1999\d+$", "type": "pstn"}
    cases = [
        ({k: v for k, v in base.items() if k != "type"}, 300, "Type cannot be null."),
        ({**base, "number_pattern": ""}, 300, "Number Pattern cannot be null."),
        ({**base, "number_pattern": "1" * 256}, 300, "Number Pattern length can be up to 255 characters."),
        ({**base, "type": "sip_group"}, 300, "SIP Group cannot be null."),
        ({**base, "type": "sip_group", "sip_group_id": "ghost"}, 404, "SIP Group does not exist."),
        ({**base, "number_pattern": existing}, 300, f"Number Pattern ({existing}) already exists."),
        ({**base, "translation": "9" * 256}, 300, "Translation length can be up to 255 characters."),
        ({**base, "name": " "}, 300, "Routing rule name cannot be blank."),
        ({**base, "name": "n" * 256}, 300, "Routing rule name length can be up to 255 characters."),
        ({**base, "site_id": "ghost"}, 404, "Site does not exist."),
    ]
    for body, code, message in cases:
        r = api.post(URL, json=body)
        assert r.status_code == 400 and r.json()["code"] == code and r.json()["message"] == message, (body, r.text)
    r = api.post(URL, json={**base, "type": "fax"})
    assert r.status_code == 400 and r.json()["code"] == 300  # the contract's enum
    r = api.post(URL, json={**base, "number_pattern": "([0-9"})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "number_pattern"
    assert len(_rules(api)) == 3
    assert group  # a valid group exists: the sip_group errors above are about the request


def test_update_errors(api):
    rules = _rules(api)
    rid = rules[0]["routing_rule_id"]
    r = api.patch(f"{URL}/ghost", json={"name": "x"})
    assert r.status_code == 400 and r.json() == {"code": 404, "message": "Routing rule does not exist."}
    r = api.patch(f"{URL}/{rid}", json={"number_pattern": rules[1]["number_pattern"]})
    assert r.status_code == 400 and r.json()["message"] == f"Number Pattern ({rules[1]['number_pattern']}) already exists."
    r = api.patch(f"{URL}/{rid}", json={"type": "sip_group"})
    assert r.status_code == 400 and r.json()["message"] == "SIP Group cannot be null."
    r = api.patch(f"{URL}/{rid}", json={"type": "sip_group", "sip_group_id": "ghost"})
    assert r.status_code == 400 and r.json() == {"code": 404, "message": "SIP Group does not exist."}
    r = api.patch(f"{URL}/{rid}", json={"order": 0})
    assert r.status_code == 400 and r.json()["code"] == 300
    assert _rules(api) == rules
    # the pattern of the rule itself is not a duplicate; an order past the end puts it last
    assert api.patch(f"{URL}/{rid}", json={"number_pattern": rules[0]["number_pattern"], "order": 99}).status_code == 204
    assert _rules(api)[-1]["routing_rule_id"] == rid


def test_other_tenants_rules_are_not_found(api, other_api):
    rid = _rules(api)[0]["routing_rule_id"]
    assert other_api.get(f"{URL}/{rid}").status_code == 404
    assert other_api.patch(f"{URL}/{rid}", json={"name": "x"}).json()["code"] == 404
    assert other_api.delete(f"{URL}/{rid}").json()["code"] == 404
    assert _rules(api)[0]["routing_rule_id"] == rid


def test_site_filter_and_deleted_site(api):
    sites = api.get("/phone/sites").json()["sites"]
    target = sites[-1]["id"]
    r = api.post(URL, json={"name": "Site rule", "number_pattern": r"^\+1777\d+$", "type": "other_sites",
                            "site_id": target})
    rid = r.json()["routing_rule_id"]
    only = api.request("GET", URL, json={"site_id": target}).json()
    assert rid in [x["routing_rule_id"] for x in only] and all(x["site_id"] == target for x in only)
    # deleting the site takes its rules with it
    r = api.delete(f"/phone/sites/{target}", params={"transfer_site_id": sites[0]["id"]})
    assert r.status_code == 204, r.text
    assert rid not in [x["routing_rule_id"] for x in _rules(api)]
    assert api.get(f"{URL}/{rid}").status_code == 404
    assert [x["order"] for x in _rules(api)] == list(range(1, len(_rules(api)) + 1))


def test_routing_rule_scopes(scoped_api):
    client = scoped_api(["phone:write:admin"])
    r = client.get(URL)
    assert r.status_code == 400 and r.json()["code"] == 4700
