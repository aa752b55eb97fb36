"""Outbound calling countries/regions and exception rules at site, user and common-area level."""

from __future__ import annotations

from typing import Any

import pytest
from test_site_settings import err, extensions, site_ids


def owners(api) -> dict[str, tuple[str, str]]:
    """level -> (base path, id) of one owner of each level in the main site."""
    main = site_ids(api)["Main Site"]
    exts = extensions(api, main)
    user = next(e for e in exts if e["type"] == "user")
    area = next(e for e in exts if e["type"] == "commonArea")
    return {"site": ("/phone/sites", main), "user": ("/phone/users", user["id"]),
            "commonArea": ("/phone/common_areas", area["id"])}


def countries(api, base: str, oid: str) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    token = ""
    while True:
        body = api.get(f"{base}/{oid}/outbound_calling/countries_regions",
                       params={"page_size": 50, "next_page_token": token}).json()
        out.update({c["iso_code"]: c for c in body["countries_regions"]})
        token = body["next_page_token"]
        if not token:
            return out


def rules(api, base: str, oid: str) -> list[dict[str, Any]]:
    return api.get(f"{base}/{oid}/outbound_calling/exception_rules", params={"page_size": 100}).json()[
        "exception_rules"]


def test_countries_inherit_account_site_entity(api):
    o = owners(api)
    site = countries(api, *o["site"])
    assert site["US"] == {"name": "United States", "code": 1, "iso_code": "US", "rule": 1, "enabled_carrier": ["ZOOM"]}
    assert site["RU"]["rule"] == 2 and site["MX"]["rule"] == 3
    user = countries(api, *o["user"])
    assert user["RU"]["rule"] == 2  # from the site
    area = countries(api, *o["commonArea"])
    assert area["CA"]["rule"] == 2 and area["RU"]["rule"] == 2
    assert countries(api, "/phone/sites", site_ids(api)["London Office"])["RU"]["rule"] == 1


@pytest.mark.parametrize("level", ["site", "user", "commonArea"])
def test_update_countries(api, level):
    base, oid = owners(api)[level]
    path = f"{base}/{oid}/outbound_calling/countries_regions"
    r = api.patch(path, json={"country_regions": [{"iso_code": "de", "rule": 2}, {"iso_code": "JP", "rule": 4}]})
    assert r.status_code == 204, r.text
    got = countries(api, base, oid)
    assert got["DE"]["rule"] == 2 and got["JP"]["rule"] == 4 and got["FR"]["rule"] == 1
    r = api.patch(path, json={"country_regions": [{"iso_code": "DE", "rule": 1}, {"iso_code": "QQ", "rule": 2}]})
    assert err(r, 400, 300)["errors"][0]["field"] == "country_regions[1].iso_code"
    assert countries(api, base, oid)["DE"]["rule"] == 2  # nothing written


def test_changing_a_country_rule_can_drop_its_exception_rules(api):
    base, oid = owners(api)["site"]
    before = rules(api, base, oid)
    assert any(r["prefix_number"] == "8031234567" for r in before)  # the NG exception of the seed
    r = api.patch(f"{base}/{oid}/outbound_calling/countries_regions", json={"country_regions": [
        {"iso_code": "NG", "rule": 1, "delete_existing_exception_rules": True}]})
    assert r.status_code == 204
    after = rules(api, base, oid)
    assert len(after) == len(before) - 1 and not any(r["prefix_number"] == "8031234567" for r in after)


@pytest.mark.parametrize("level", ["site", "user", "commonArea"])
def test_exception_rules_crud(api, level):
    base, oid = owners(api)[level]
    path = f"{base}/{oid}/outbound_calling/exception_rules"
    before = rules(api, base, oid)
    r = api.post(path, json={"exception_rule": {"country": "US", "match_type": "phoneNumber",
                                                "prefix_number": "2065558945", "status": "active",
                                                "comment": "Vendor"}})
    assert r.status_code == 201, r.text
    rid = r.json()["exception_rule_id"]
    got = {x["id"]: x for x in rules(api, base, oid)}
    assert got[rid] == {"id": rid, "match_type": "phoneNumber", "prefix_number": "2065558945", "rule": 2,
                        "status": "active", "comment": "Vendor"}
    # blocked country: the exception allows
    r = api.post(path, json={"exception_rule": {"country": "RU", "match_type": "prefix", "prefix_number": "7495",
                                                "status": "inactive"}})
    ru = r.json()["exception_rule_id"]
    assert {x["id"]: x for x in rules(api, base, oid)}[ru]["rule"] == 1
    r = api.patch(f"{path}/{rid}", json={"exception_rule": {"country": "US", "match_type": "prefix",
                                                            "prefix_number": "206", "status": "inactive"}})
    assert r.status_code == 204, r.text
    got = {x["id"]: x for x in rules(api, base, oid)}
    assert got[rid]["match_type"] == "prefix" and got[rid]["prefix_number"] == "206" and got[rid]["status"] == "inactive"
    assert api.delete(f"{path}/{rid}").status_code == 204
    assert api.delete(f"{path}/{ru}").status_code == 204
    assert rules(api, base, oid) == before
    err(api.delete(f"{path}/{rid}"), 404, 13507)
    err(api.patch(f"{path}/{rid}", json={"exception_rule": {"country": "US", "match_type": "prefix",
                                                            "prefix_number": "1", "status": "active"}}), 404, 13507)


def test_exception_rule_errors(api):
    base, oid = owners(api)["site"]
    path = f"{base}/{oid}/outbound_calling/exception_rules"
    before = rules(api, base, oid)
    ok = {"country": "US", "match_type": "prefix", "prefix_number": "1900", "status": "active"}
    err(api.post(path, json={"exception_rule": ok}), 400, 300)  # the seed has it
    err(api.post(path, json={"exception_rule": {**ok, "country": "ZZ"}}), 400, 300)
    err(api.post(path, json={"exception_rule": {**ok, "prefix_number": "12-34"}}), 400, 300)
    err(api.post(path, json={}), 400, 300)
    assert rules(api, base, oid) == before


def test_unknown_and_foreign_owners(api, other_api):
    o = owners(api)
    body = err(api.get("/phone/sites/nope/outbound_calling/countries_regions"), 404, 13500)
    assert body["message"] == "The site does not exist: nope."
    assert err(api.get("/phone/sites/nope/outbound_calling/exception_rules"), 404, 13000)["message"] == \
        "The site does not exist: nope."
    assert err(api.get("/phone/users/nope/outbound_calling/countries_regions"), 404, 13500)["message"] == \
        "The user does not exist: nope."
    assert err(api.get("/phone/common_areas/nope/outbound_calling/exception_rules"), 404, 13000)["message"] == \
        "The common area does not exist: nope."
    for level in ("site", "user", "commonArea"):
        base, oid = o[level]
        err(other_api.get(f"{base}/{oid}/outbound_calling/countries_regions"), 404, 13500)
        err(other_api.post(f"{base}/{oid}/outbound_calling/exception_rules", json={"exception_rule": {
            "country": "US", "match_type": "prefix", "prefix_number": "1", "status": "active"}}), 404, 13500)
        err(other_api.patch(f"{base}/{oid}/outbound_calling/countries_regions", json={"country_regions": [
            {"iso_code": "US", "rule": 2}]}), 404, 13500)
    # a user id is not a common area
    err(api.get(f"/phone/common_areas/{o['user'][1]}/outbound_calling/countries_regions"), 404, 13500)
    # a rule of one owner is not another's
    site_rule = rules(api, *o["site"])[0]["id"]
    err(api.delete(f"/phone/users/{o['user'][1]}/outbound_calling/exception_rules/{site_rule}"), 404, 13507)


def test_outbound_calling_policy_must_be_enabled(api):
    o = owners(api)
    base, sid = o["site"]
    r = api.patch(f"/phone/sites/{sid}", json={"policy": {"outbound_calling": {"enable": False}}})
    assert r.status_code == 204, r.text
    for level in ("site", "user", "commonArea"):
        b, oid = o[level]
        err(api.get(f"{b}/{oid}/outbound_calling/countries_regions"), 400, 13504)
        err(api.get(f"{b}/{oid}/outbound_calling/exception_rules"), 400, 13504)
        err(api.post(f"{b}/{oid}/outbound_calling/exception_rules", json={"exception_rule": {
            "country": "US", "match_type": "prefix", "prefix_number": "1", "status": "active"}}), 400, 13504)
    err(api.patch(f"{base}/{sid}/outbound_calling/countries_regions",
                  json={"country_regions": [{"iso_code": "US", "rule": 2}]}), 400, 13504)
    assert api.patch(f"/phone/sites/{sid}", json={"policy": {"outbound_calling": {"reset": True}}}).status_code == 204
    assert api.get(f"{base}/{sid}/outbound_calling/countries_regions").status_code == 200


def test_countries_pagination(api):
    base, oid = owners(api)["site"]
    first = api.get(f"{base}/{oid}/outbound_calling/countries_regions", params={"page_size": 10}).json()
    assert len(first["countries_regions"]) == 10 and first["page_size"] == 10 and first["next_page_token"]
    second = api.get(f"{base}/{oid}/outbound_calling/countries_regions",
                     params={"page_size": 10, "next_page_token": first["next_page_token"]}).json()
    assert not {c["iso_code"] for c in first["countries_regions"]} & {c["iso_code"] for c in second["countries_regions"]}
    london = site_ids(api)["London Office"]
    r = api.get(f"/phone/sites/{london}/outbound_calling/countries_regions",
                params={"page_size": 10, "next_page_token": first["next_page_token"]})
    assert r.status_code == 400  # a token is bound to its owner


def test_write_scope_needed(scoped_api):
    client = scoped_api(["phone:read:admin"])
    sid = site_ids(client)["Main Site"]
    r = client.post(f"/phone/sites/{sid}/outbound_calling/exception_rules", json={"exception_rule": {
        "country": "US", "match_type": "prefix", "prefix_number": "1", "status": "active"}})
    err(r, 400, 4700)
