"""Shared line appearances (derived from the users' delegation) and smartphones through HTTP (issue 4)."""

from __future__ import annotations

from typing import Any

import httpx

SLA = "/phone/shared_line_appearances"
PHONES = "/phone/smartphones"


def users(api) -> list[dict[str, Any]]:  # noqa: ANN001
    return api.get("/phone/users", params={"page_size": 100}).json()["users"]


def appearances(api) -> list[dict[str, Any]]:  # noqa: ANN001
    r = api.get(SLA, params={"page_size": 100})
    assert r.status_code == 200, r.text
    return r.json()["shared_line_appearances"]


def test_seeded_delegation_is_an_appearance(api):
    sla = appearances(api)
    assert len(sla) == 1
    one = sla[0]
    assert one["privileges"] == ["place_calls", "answer_calls", "pickup_hold_calls"]  # seeded 1, 2, 3, 5
    assert one["executive"]["extension_type"] == "user" and len(one["assistants"]) == 1
    assistant = one["assistants"][0]
    s = api.get(f"/phone/users/{assistant['id']}/settings").json()
    execs = s["shared_lines_call_setting"]["shared_line_appearances"]["executives"]
    assert execs and assistant["extension_type"] == "user"


def test_delegation_changes_show(api, server, demo):
    us = users(api)
    boss, helper, helper2 = us[30], us[31], us[32]
    for h in (helper, helper2):
        r = api.post(f"/phone/users/{boss['id']}/settings/delegation", json={"delegation_assistant_extension_id": h["id"]})
        assert r.status_code == 201, r.text
    r = api.patch(f"/phone/users/{boss['id']}/settings/delegation", json={"delegation": {"privileges": [1, 8]}})
    assert r.status_code == 204, r.text
    sla = {x["executive"]["name"]: x for x in appearances(api)}
    mine = sla[boss["name"]]
    assert mine["executive"]["extension_number"] == boss["extension_number"]
    assert [a["id"] for a in mine["assistants"]] == [helper["id"], helper2["id"]]
    assert mine["assistants"][0]["name"] == helper["name"]
    assert mine["privileges"] == ["place_calls", "reply_to_sms"]
    r = api.get(SLA, params={"page_size": 1})
    assert r.json()["total_records"] == 2 and len(r.json()["shared_line_appearances"]) == 1
    # an assistant deleted: gone from the appearance; the executive deleted: the appearance goes
    r = httpx.delete(f"{server.base}/_phonestack/accounts/{demo['account_id']}/users/{helper['id']}")
    assert r.status_code == 204
    mine = {x["executive"]["name"]: x for x in appearances(api)}[boss["name"]]
    assert [a["id"] for a in mine["assistants"]] == [helper2["id"]]
    r = httpx.delete(f"{server.base}/_phonestack/accounts/{demo['account_id']}/users/{boss['id']}")
    assert r.status_code == 204
    assert boss["name"] not in {x["executive"]["name"] for x in appearances(api)}


def test_sla_errors_and_scope(api, scoped_api, other_api):
    r = api.get(SLA, params={"next_page_token": "forged"})
    assert r.status_code == 400 and r.json()["code"] == 300
    r = api.get(SLA, params={"page_size": 500})
    assert r.status_code == 400 and r.json()["code"] == 300
    assert other_api.get(SLA).json()["shared_line_appearances"] == []
    client = scoped_api(["phone:read:list_devices:admin"])
    r = client.get(SLA)
    assert r.status_code == 400 and r.json()["code"] == 4700


def test_smartphones(api):
    r = api.get(PHONES)
    assert r.status_code == 200, r.text
    phones = r.json()["smartphones"]
    assert r.json()["total_records"] == 4
    assigned = [p for p in phones if "assignee" in p]
    assert len(assigned) == 3
    for p in assigned:
        assert p["activation_status"] == "Activated" and p["activation_time"].endswith("Z")
        area = api.get(f"/phone/common_areas/{p['assignee']['common_area_id']}").json()
        assert p["assignee"]["name"] == area["display_name"]
        assert p["assignee"]["extension_number"] == area["extension_number"]
        assert p["site"] == {"site_id": area["site"]["id"], "name": area["site"]["name"]}
    spare = next(p for p in phones if "assignee" not in p)
    assert "activation_status" not in spare and spare["device_name"] and spare["site"]["site_id"]
    # the assignee deleted: the smartphone stays, without an assignee
    gone = assigned[0]
    assert api.delete(f"/phone/common_areas/{gone['assignee']['common_area_id']}").status_code == 204
    after = {p["smartphone_id"]: p for p in api.get(PHONES).json()["smartphones"]}
    assert "assignee" not in after[gone["smartphone_id"]]
    assert after[assigned[1]["smartphone_id"]]["assignee"] == assigned[1]["assignee"]


def test_smartphones_paginate_and_errors(api, other_api, sub_api):
    r = api.get(PHONES, params={"page_size": 3}).json()
    assert len(r["smartphones"]) == 3 and r["next_page_token"]
    r2 = api.get(PHONES, params={"page_size": 3, "next_page_token": r["next_page_token"]}).json()
    assert len(r2["smartphones"]) == 1
    assert {p["smartphone_id"] for p in r["smartphones"]}.isdisjoint({p["smartphone_id"] for p in r2["smartphones"]})
    r = api.get(PHONES, params={"next_page_token": "forged"})
    assert r.status_code == 400 and r.json() == {"code": 400, "message": "The next page token is invalid or expired."}
    assert other_api.get(PHONES).json()["smartphones"] == []
    assert sub_api.get(PHONES).json()["total_records"] == 0
