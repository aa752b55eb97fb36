"""Blocked lists (/phone/blocked_list): numbers and prefixes blocked inbound or outbound."""

from __future__ import annotations

from typing import Any

from restrictions_helpers import all_pages, err

BL = "/phone/blocked_list"


def entries(api) -> dict[str, dict[str, Any]]:  # noqa: ANN001
    return {e["id"]: e for e in all_pages(api, BL, "blocked_list")}


def test_seeded_and_paginated(api, sub_api):
    got = list(entries(api).values())
    assert {(e["block_type"], e["match_type"], e["phone_number"], e["status"]) for e in got} == {
        ("inbound", "phoneNumber", "+12025550188", "active"), ("outbound", "prefix", "+1900", "active"),
        ("inbound", "phoneNumber", "+442079460958", "inactive")}
    first = api.get(BL, params={"page_size": 2}).json()
    assert len(first["blocked_list"]) == 2 and first["total_records"] == 3 and first["next_page_token"]
    second = api.get(BL, params={"page_size": 2, "next_page_token": first["next_page_token"]}).json()
    assert len(second["blocked_list"]) == 1
    assert [e["phone_number"] for e in entries(sub_api).values()] == ["+12025550188"]


def test_create_get_update_delete(api):
    r = api.post(BL, json={"block_type": "inbound", "match_type": "phoneNumber", "phone_number": "2065550111",
                           "country": "US", "comment": "Telemarketer", "status": "active"})
    assert r.status_code == 201, r.text
    bid = r.json()["id"]
    assert api.get(f"{BL}/{bid}").json() == {"id": bid, "block_type": "inbound", "match_type": "phoneNumber",
                                              "phone_number": "+12065550111", "status": "active",
                                              "comment": "Telemarketer"}
    assert bid in entries(api)
    # a prefix: the country's calling code is prepended
    r = api.post(BL, json={"block_type": "outbound", "match_type": "prefix", "phone_number": "20", "country": "GB"})
    assert r.status_code == 201, r.text
    pid = r.json()["id"]
    got = api.get(f"{BL}/{pid}").json()
    assert (got["phone_number"], got["status"]) == ("+4420", "active") and "comment" not in got
    r = api.patch(f"{BL}/{bid}", json={"status": "inactive", "block_type": "outbound", "comment": "Old"})
    assert r.status_code == 204, r.text
    got = api.get(f"{BL}/{bid}").json()
    assert (got["status"], got["block_type"], got["comment"], got["phone_number"]) == (
        "inactive", "outbound", "Old", "+12065550111")
    r = api.patch(f"{BL}/{bid}", json={"phone_number": "+14155550100"})
    assert r.status_code == 204 and api.get(f"{BL}/{bid}").json()["phone_number"] == "+14155550100"
    assert api.delete(f"{BL}/{bid}").status_code == 204
    body = err(api.get(f"{BL}/{bid}"), 400, 400)
    assert body["message"] == f"Blocked number (Id: {bid}) does not exist."
    body = err(api.delete(f"{BL}/{bid}"), 400, 300)
    assert body["message"] == f"Validation Failed. Blocked number (Id: {bid}) does not exist."
    err(api.patch(f"{BL}/{bid}", json={"status": "active"}), 400, 400)
    assert bid not in entries(api) and pid in entries(api)


def test_validation_and_duplicates(api):
    before = entries(api)
    body = err(api.post(BL, json={"block_type": "inbound", "match_type": "phoneNumber", "phone_number": "2065550111",
                                  "country": "XX"}), 400, 300)
    assert body["message"] == "Invalid country."
    err(api.post(BL, json={"block_type": "inbound", "match_type": "phoneNumber", "phone_number": "2065550111"}),
        400, 300)  # a local number needs its country
    err(api.post(BL, json={"block_type": "inbound", "match_type": "phoneNumber", "phone_number": "+12-ab"}), 400, 300)
    err(api.post(BL, json={"block_type": "inbound", "match_type": "prefix", "phone_number": "9x"}), 400, 300)
    err(api.post(BL, json={"block_type": "inbound", "match_type": "prefix"}), 400, 300)
    err(api.post(BL, json={"block_type": "sideways", "match_type": "prefix", "phone_number": "+1900"}), 400, 300)
    err(api.post(BL, json={"block_type": "inbound", "match_type": "phoneNumber", "phone_number": "+12025550188",
                           "comment": "x" * 256}), 400, 300)
    # the same number, block type and match type again
    err(api.post(BL, json={"block_type": "inbound", "match_type": "phoneNumber", "phone_number": "+12025550188"}),
        409, 409)
    # an update into another entry's number
    seeded = next(e for e in before.values() if e["phone_number"] == "+442079460958")
    err(api.patch(f"{BL}/{seeded['id']}", json={"phone_number": "+12025550188", "status": "active"}), 409, 409)
    err(api.patch(f"{BL}/{seeded['id']}", json={"country": "QQ"}), 400, 300)
    assert entries(api) == before
    # the other block type is not a duplicate
    r = api.post(BL, json={"block_type": "outbound", "match_type": "phoneNumber", "phone_number": "+12025550188"})
    assert r.status_code == 201, r.text


def test_other_tenant_and_scope(api, other_api, scoped_api):
    bid = next(iter(entries(api)))
    err(other_api.get(f"{BL}/{bid}"), 400, 400)
    err(other_api.delete(f"{BL}/{bid}"), 400, 300)
    err(other_api.patch(f"{BL}/{bid}", json={"status": "inactive"}), 400, 400)
    assert other_api.get(BL).json()["blocked_list"] == []
    assert api.get(f"{BL}/{bid}").status_code == 200
    reader = scoped_api(["phone:read:admin"])
    assert reader.get(f"{BL}/{bid}").status_code == 200
    err(reader.delete(f"{BL}/{bid}"), 400, 4700)
    assert api.get(f"{BL}/{bid}").status_code == 200
