"""Account-level inbound block rules and the statistics of the extension-level rules."""

from __future__ import annotations

from typing import Any

import httpx
from restrictions_helpers import all_pages, err, set_account_policy

RULES = "/phone/inbound_blocked/rules"
STATS = "/phone/inbound_blocked/extension_rules/statistics"


def rules(api) -> dict[str, dict[str, Any]]:  # noqa: ANN001
    return {r["id"]: r for r in all_pages(api, RULES, "account_blocked_rules")}


def stats(api) -> dict[str, dict[str, Any]]:  # noqa: ANN001
    """Keyed by the blocked number."""
    return {s["blocked_number"]: s for s in all_pages(api, STATS, "blocked_statistic")}


def users(api) -> list[dict[str, Any]]:  # noqa: ANN001
    return api.get("/phone/users", params={"page_size": 3}).json()["users"]


def ext_rules(api, ext_id: str) -> list[dict[str, Any]]:  # noqa: ANN001
    return api.get(f"/phone/extension/{ext_id}/inbound_blocked/rules", params={"page_size": 100}).json()[
        "extension_blocked_rules"]


def test_rules_seeded_add_update_delete(api):
    before = rules(api)
    assert {(r["match_type"], r["phone_number"], r["type"]) for r in before.values()} == {
        ("phoneNumber", "+13125550166", "block_for_other_reasons"), ("prefix", "+1809", "block_for_other_reasons")}
    r = api.post(RULES, json={"match_type": "phoneNumber", "blocked_number": "2065558945", "country": "us",
                              "type": "block_for_other_reasons", "status": "active", "comment": "Spam"})
    assert r.status_code == 201, r.text
    rid = r.json()["id"]
    assert rules(api)[rid] == {"id": rid, "match_type": "phoneNumber", "phone_number": "+12065558945",
                               "blocked_number": "2065558945", "country": "US", "type": "block_for_other_reasons",
                               "status": "active", "comment": "Spam"}
    r = api.post(RULES, json={"match_type": "SMS-shortCodes", "blocked_number": "55512", "type": "block_as_threat",
                              "status": "inactive"})
    assert r.status_code == 201, r.text
    sms = r.json()["id"]
    assert rules(api)[sms]["status"] == "inactive" and "country" not in rules(api)[sms]
    r = api.patch(f"{RULES}/{rid}", json={"match_type": "prefix", "blocked_number": "206", "type": "block_as_threat",
                                          "country": "US", "status": "inactive"})
    assert r.status_code == 204, r.text
    got = rules(api)[rid]
    assert (got["match_type"], got["phone_number"], got["type"], got["status"], got["comment"]) == (
        "prefix", "+1206", "block_as_threat", "inactive", "Spam")
    # one rule by id (JSON body: the contract declares no parameter), then two at once
    assert api.request("DELETE", RULES, json={"blocked_rule_id": rid}).status_code == 204
    body = err(api.request("DELETE", RULES, json={"blocked_rule_id": rid}), 404, 404)
    assert body["message"] == f"Blocked rule does not exist: {rid}."
    err(api.patch(f"{RULES}/{rid}", json={"match_type": "prefix", "blocked_number": "206", "type": "block_as_threat",
                                          "country": "US"}), 404, 404)
    seeded = next(iter(before))
    assert api.request("DELETE", RULES, json={"blocked_rule_id": f"{sms},{seeded}"}).status_code == 204
    assert set(rules(api)) == set(before) - {seeded}
    err(api.request("DELETE", RULES, json={}), 400, 300)


def test_rule_errors(api, other_api):
    before = rules(api)

    def add(**body: Any) -> httpx.Response:
        return api.post(RULES, json={"type": "block_for_other_reasons", "status": "active", **body})

    body = err(add(match_type="phoneNumber", blocked_number="3125550166", country="US"), 400, 13601)
    assert body["message"] == "Blocked phone number already exists:3125550166."
    assert err(add(match_type="phoneNumber", blocked_number="2065550100", country="XX"), 400, 400)[
        "message"] == "Invalid country."
    body = err(add(match_type="phoneNumber", blocked_number="+442071234567", country="US"), 400, 13604)
    assert body["message"] == "Blocked number:+442071234567 does not match the country:US."
    err(add(match_type="phoneNumber", blocked_number="12ab", country="US"), 400, 7015)
    err(add(match_type="SMS-shortCodes", blocked_number="12"), 400, 7015)
    err(add(match_type="phoneNumber", blocked_number="2065550100", country="US", type="spam"), 400, 300)
    err(api.post(RULES, json={"match_type": "prefix", "blocked_number": "1"}), 400, 300)  # required fields
    prefix = next(r for r in before.values() if r["match_type"] == "prefix")
    err(api.patch(f"{RULES}/{prefix['id']}", json={"match_type": "phoneNumber", "blocked_number": "3125550166",
                                                   "country": "US", "type": "block_for_other_reasons"}), 400, 13601)
    assert rules(api) == before
    # another tenant has its own (empty) account level
    assert rules(other_api) == {}
    err(other_api.patch(f"{RULES}/{prefix['id']}", json={"match_type": "prefix", "blocked_number": "1",
                                                         "country": "US", "type": "block_for_other_reasons"}), 404, 404)
    err(other_api.request("DELETE", RULES, json={"blocked_rule_id": prefix["id"]}), 404, 404)
    assert rules(api) == before


def test_policies_gate_the_rules(api, server):
    rid = next(iter(rules(api)))
    set_account_policy(server, api.account_id, "block_calls_as_threat", {"enable": False})
    err(api.post(RULES, json={"match_type": "prefix", "blocked_number": "44", "country": "US",
                              "type": "block_as_threat", "status": "active"}), 400, 13605)
    err(api.patch(f"{RULES}/{rid}", json={"match_type": "prefix", "blocked_number": "44", "country": "US",
                                          "type": "block_as_threat"}), 400, 13605)
    set_account_policy(server, api.account_id, "block_list_for_inbound_calls_and_messaging", {"enable": False})
    body = err(api.get(RULES), 400, 13600)
    assert body["message"] == "You do not enable the block list for inbound calls and messaging policy setting."
    err(api.post(RULES, json={"match_type": "prefix", "blocked_number": "44", "country": "US",
                              "type": "block_for_other_reasons", "status": "active"}), 400, 13600)
    err(api.request("DELETE", RULES, json={"blocked_rule_id": rid}), 400, 13600)
    err(api.get(STATS), 400, 13600)
    err(api.request("DELETE", STATS, json={"blocked_statistic_id": "x"}), 400, 13600)
    err(api.patch(f"{STATS}/blocked_for_all", json={"blocked_statistic_id": "x"}), 400, 13600)
    set_account_policy(server, api.account_id, "block_list_for_inbound_calls_and_messaging", {"enable": True})
    assert rid in rules(api)


def test_statistics_count_extension_rules(api, server):
    got = stats(api)
    assert got["2025550143"]["block_count"] == 3 and got["2025550143"]["threat_count"] == 0
    assert got["2025550143"]["phone_number"] == "+12025550143" and got["2025550143"]["country"] == "US"
    assert got["2025550143"]["type"] == "block_for_other_reasons"
    assert (got["900"]["block_count"], got["900"]["threat_count"], got["900"]["type"]) == (0, 2, "block_as_threat")
    assert got["32665"]["match_type"] == "SMS-shortCodes" and got["32665"]["block_count"] == 1
    # a new extension rule counts; a deleted extension's rules do not
    first, second, third = users(api)
    r = api.post(f"/phone/extension/{third['id']}/inbound_blocked/rules", json={
        "match_type": "prefix", "blocked_number": "900", "type": "block_for_other_reasons", "country": "US"})
    assert r.status_code == 201, r.text
    assert (stats(api)["900"]["block_count"], stats(api)["900"]["threat_count"]) == (1, 2)
    r = httpx.delete(f"{server.base}/_phonestack/accounts/{api.account_id}/users/{third['id']}")
    assert r.status_code in (200, 204), r.text
    got = stats(api)
    assert got["2025550143"]["block_count"] == 2 and got["900"]["block_count"] == 0
    page = api.get(STATS, params={"page_size": 1}).json()
    assert len(page["blocked_statistic"]) == 1 and page["next_page_token"]


def test_block_for_all_promotes_to_an_account_rule(api):
    stat = stats(api)["2025550143"]
    first = users(api)[0]
    assert any(r["blocked_number"] == "2025550143" for r in ext_rules(api, first["id"]))
    r = api.patch(f"{STATS}/blocked_for_all", json={"blocked_statistic_id": stat["id"]})
    assert r.status_code == 204, r.text
    promoted = [x for x in rules(api).values() if x["blocked_number"] == "2025550143"]
    assert len(promoted) == 1
    assert (promoted[0]["match_type"], promoted[0]["country"], promoted[0]["type"], promoted[0]["status"]) == (
        "phoneNumber", "US", "block_for_other_reasons", "active")
    assert "2025550143" not in stats(api)
    assert not any(r["blocked_number"] == "2025550143" for r in ext_rules(api, first["id"]))
    body = err(api.patch(f"{STATS}/blocked_for_all", json={"blocked_statistic_id": stat["id"]}), 404, 404)
    assert body["message"] == f"Blocked statistic does not exist: {stat['id']}."


def test_delete_statistic_keeps_the_extension_rules(api, other_api):
    stat = stats(api)["900"]
    first = users(api)[0]
    mine = ext_rules(api, first["id"])
    err(other_api.request("DELETE", STATS, json={"blocked_statistic_id": stat["id"]}), 404, 404)
    assert api.request("DELETE", STATS, json={"blocked_statistic_id": stat["id"]}).status_code == 204
    assert "900" not in stats(api) and "2025550143" in stats(api)
    assert ext_rules(api, first["id"]) == mine
    err(api.request("DELETE", STATS, json={"blocked_statistic_id": stat["id"]}), 404, 404)
    err(api.request("DELETE", STATS), 400, 300)
    # blocking the number again starts a new count
    queue = api.get("/phone/call_queues").json()["call_queues"][0]
    r = api.post(f"/phone/extension/{queue['id']}/inbound_blocked/rules", json={
        "match_type": "prefix", "blocked_number": "900", "type": "block_as_threat", "country": "US"})
    assert r.status_code == 201, r.text
    assert stats(api)["900"]["threat_count"] == 1


def test_automatic_blocking_threshold(api, server):
    set_account_policy(server, api.account_id, "block_list_for_inbound_calls_and_messaging",
                       {"enable": True, "automatic_blocking_threshold": 2, "automatic_threat_blocking_threshold": 1})
    r = api.post(RULES, json={"match_type": "phoneNumber", "blocked_number": "2025550143", "country": "US",
                              "type": "block_for_other_reasons", "status": "active"})
    assert r.status_code == 201, r.text
    rid = r.json()["id"]
    err(api.request("DELETE", RULES, json={"blocked_rule_id": rid}), 400, 13602)  # 3 extensions > 2
    err(api.patch(f"{RULES}/{rid}", json={"match_type": "phoneNumber", "blocked_number": "2025550144",
                                          "country": "US", "type": "block_for_other_reasons"}), 400, 13602)
    # the comment and status can still change
    assert api.patch(f"{RULES}/{rid}", json={"match_type": "phoneNumber", "blocked_number": "2025550143",
                                             "country": "US", "type": "block_for_other_reasons",
                                             "comment": "Reported"}).status_code == 204
    r = api.post(RULES, json={"match_type": "prefix", "blocked_number": "900", "country": "US",
                              "type": "block_as_threat", "status": "active"})
    err(api.request("DELETE", RULES, json={"blocked_rule_id": r.json()["id"]}), 400, 13603)  # 2 threats > 1


def test_scope_needed(scoped_api):
    reader = scoped_api(["phone:read:admin"])
    assert reader.get(RULES).status_code == 200
    err(reader.post(RULES, json={"match_type": "prefix", "blocked_number": "44", "country": "US",
                                 "type": "block_for_other_reasons", "status": "active"}), 400, 4700)
