"""Account-level outbound calling countries/regions and exception rules (the top of the chain)."""

from __future__ import annotations

from typing import Any

from restrictions_helpers import all_pages, err, set_account_policy

OC = "/phone/outbound_calling"


def countries(api, path: str = OC) -> dict[str, dict[str, Any]]:  # noqa: ANN001
    return {c["iso_code"]: c for c in all_pages(api, f"{path}/countries_regions", "countries_regions")}


def rules(api) -> dict[str, dict[str, Any]]:  # noqa: ANN001
    return {r["id"]: r for r in all_pages(api, f"{OC}/exception_rules", "exception_rules")}


def sites(api) -> dict[str, str]:  # noqa: ANN001
    return {s["name"]: s["id"] for s in api.get("/phone/sites", params={"page_size": 100}).json()["sites"]}


def test_account_countries_seeded_and_inherited(api):
    got = countries(api)
    assert got["EG"]["rule"] == 2 and got["DO"]["rule"] == 3
    assert got["US"] == {"name": "United States", "code": 1, "iso_code": "US", "rule": 1, "enabled_carrier": ["ZOOM"]}
    assert got["RU"]["rule"] == 1  # the main site's override is not the account's
    london = countries(api, f"/phone/sites/{sites(api)['London Office']}/outbound_calling")
    assert london["EG"]["rule"] == 2 and london["DO"]["rule"] == 3


def test_account_patch_shows_where_no_override(api):
    s = sites(api)
    r = api.patch(f"{OC}/countries_regions", json={"country_regions": [
        {"iso_code": "de", "rule": 2}, {"iso_code": "RU", "rule": 4}, {"iso_code": "EG", "rule": 1}]})
    assert r.status_code == 204, r.text
    acct = countries(api)
    assert acct["DE"]["rule"] == 2 and acct["RU"]["rule"] == 4 and acct["EG"]["rule"] == 1
    london = countries(api, f"/phone/sites/{s['London Office']}/outbound_calling")
    assert london["DE"]["rule"] == 2 and london["RU"]["rule"] == 4 and london["EG"]["rule"] == 1
    main = countries(api, f"/phone/sites/{s['Main Site']}/outbound_calling")
    assert main["DE"]["rule"] == 2  # inherited
    assert main["RU"]["rule"] == 2  # the site's own override wins
    # nothing written when one entry is bad
    err(api.patch(f"{OC}/countries_regions", json={"country_regions": [
        {"iso_code": "FR", "rule": 2}, {"iso_code": "XX", "rule": 2}]}), 400, 300)
    assert countries(api)["FR"]["rule"] == 1


def test_account_exception_rules_crud(api):
    before = rules(api)
    assert {r["prefix_number"] for r in before.values()} == {"8095550123", "1976"}
    r = api.post(f"{OC}/exception_rules", json={"exception_rule": {
        "country": "EG", "match_type": "phoneNumber", "prefix_number": "225551234", "status": "active",
        "comment": "Cairo office"}})
    assert r.status_code == 201, r.text
    rid = r.json()["exception_rule_id"]
    # Egypt is blocked at the account: the exception allows
    assert rules(api)[rid] == {"id": rid, "match_type": "phoneNumber", "prefix_number": "225551234", "rule": 1,
                               "status": "active", "comment": "Cairo office"}
    r = api.patch(f"{OC}/exception_rules/{rid}", json={"exception_rule": {
        "country": "EG", "match_type": "prefix", "prefix_number": "2255", "status": "inactive"}})
    assert r.status_code == 204, r.text
    got = rules(api)[rid]
    assert (got["match_type"], got["prefix_number"], got["status"]) == ("prefix", "2255", "inactive")
    # a site's list does not hold the account's rules
    main = sites(api)["Main Site"]
    site_rules = all_pages(api, f"/phone/sites/{main}/outbound_calling/exception_rules", "exception_rules")
    assert rid not in {x["id"] for x in site_rules}
    assert api.delete(f"{OC}/exception_rules/{rid}").status_code == 204
    assert rules(api) == before
    body = err(api.delete(f"{OC}/exception_rules/{rid}"), 404, 13507)
    assert body["message"] == f"The exception rule does not exist: {rid}."
    # the PATCH documents its failures as 400 only: the same code, status 400
    err(api.patch(f"{OC}/exception_rules/{rid}", json={"exception_rule": {
        "country": "EG", "match_type": "prefix", "prefix_number": "2", "status": "active"}}), 400, 13507)
    # a site's rule is not an account rule
    err(api.delete(f"{OC}/exception_rules/{site_rules[0]['id']}"), 404, 13507)


def test_account_exception_rule_errors(api, other_api):
    before = rules(api)
    ok = {"country": "US", "match_type": "prefix", "prefix_number": "1976", "status": "active"}
    err(api.post(f"{OC}/exception_rules", json={"exception_rule": ok}), 400, 300)  # seeded already
    err(api.post(f"{OC}/exception_rules", json={"exception_rule": {**ok, "country": "ZZ"}}), 400, 300)
    err(api.post(f"{OC}/exception_rules", json={"exception_rule": {**ok, "match_type": "suffix"}}), 400, 300)
    assert rules(api) == before
    # another tenant sees its own account level, not this one's
    assert all_pages(other_api, f"{OC}/exception_rules", "exception_rules") == []
    rid = next(iter(before))
    err(other_api.delete(f"{OC}/exception_rules/{rid}"), 404, 13507)
    assert countries(other_api)["EG"]["rule"] == 1


def test_account_outbound_calling_policy_must_be_enabled(api, server):
    rid = next(iter(rules(api)))
    set_account_policy(server, api.account_id, "outbound_calling", {"enable": False})
    err(api.get(f"{OC}/countries_regions"), 400, 13504)
    err(api.patch(f"{OC}/countries_regions", json={"country_regions": [{"iso_code": "US", "rule": 2}]}), 400, 13504)
    body = err(api.get(f"{OC}/exception_rules"), 400, 13504)
    assert body["message"] == "You do not enable the outbound calling policy setting."
    err(api.post(f"{OC}/exception_rules", json={"exception_rule": {
        "country": "US", "match_type": "prefix", "prefix_number": "1", "status": "active"}}), 400, 13504)
    err(api.delete(f"{OC}/exception_rules/{rid}"), 400, 13504)
    # and every level below
    main = sites(api)["Main Site"]
    err(api.get(f"/phone/sites/{main}/outbound_calling/countries_regions"), 400, 13504)
    set_account_policy(server, api.account_id, "outbound_calling", {"enable": True})
    assert api.get(f"{OC}/countries_regions").status_code == 200


def test_account_outbound_write_scope_needed(scoped_api):
    client = scoped_api(["phone:read:admin"])
    assert client.get(f"{OC}/exception_rules").status_code == 200
    err(client.patch(f"{OC}/countries_regions", json={"country_regions": [{"iso_code": "US", "rule": 2}]}), 400, 4700)
