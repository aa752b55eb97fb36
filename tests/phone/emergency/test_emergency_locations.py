"""Emergency service locations: add, batch add (all-or-nothing), get, update, delete (with
sub-locations), and the documented validations."""

from __future__ import annotations

from typing import Any

import pytest

LOC = "/phone/locations"
EA = "/phone/emergency_addresses"


def error(r, status: int, code: int) -> dict[str, Any]:  # noqa: ANN001
    assert r.status_code == status, r.text
    body = r.json()
    assert body["code"] == code, body
    return body


def locations(api) -> list[dict[str, Any]]:  # noqa: ANN001
    out, token = [], ""
    while True:
        body = api.get(LOC, params={"page_size": 300, "next_page_token": token}).json()
        out += body["locations"]
        token = body["next_page_token"]
        if not token:
            return out


def by_name(api) -> dict[str, dict[str, Any]]:  # noqa: ANN001
    return {loc["name"]: loc for loc in locations(api)}


@pytest.fixture
def hq(api) -> dict[str, Any]:  # noqa: ANN001
    return next(loc for loc in locations(api) if "parent_location_id" not in loc and loc.get("elin"))


@pytest.fixture
def address(hq) -> dict[str, Any]:  # noqa: ANN001
    return hq["emergency_address"]


def free_number(api) -> dict[str, Any]:  # noqa: ANN001
    bound = {loc["elin"]["phone_number_id"] for loc in locations(api) if "elin" in loc}
    body = api.get("/phone/numbers", params={"type": "unassigned", "page_size": 100}).json()
    return next(n for n in body["phone_numbers"] if n["id"] not in bound)


def batch_item(i: int, **kw: Any) -> dict[str, Any]:
    return {"identifier": f"B-{i}", "display_name": f"Batch location {i}", "public_ip": "198.51.100.7",
            "company_address": {"address_line1": "1 Batch Rd", "city": "San Jose", "state_code": "CA",
                                "zip": "95110", "country": "US"}, **kw}


def test_seeded_building_with_floors(api, hq):
    locs = locations(api)
    floors = [loc for loc in locs if loc.get("parent_location_id") == hq["id"]]
    assert len(floors) == 3 and 4 <= len(locs) <= 8
    assert hq["site"]["name"] and hq["sip_group"]["id"] and hq["public_ip"]
    assert hq["elin"]["phone_number"].startswith("+")
    f = floors[0]
    assert f["site"] == hq["site"] and f["emergency_address"] == hq["emergency_address"]
    assert f["network_switches"] and f["bssid"] and f["private_ip"]
    assert api.get(f"{LOC}/{f['id']}").json()["name"] == f["name"]
    page = api.get(LOC, params={"page_size": 2}).json()
    assert len(page["locations"]) == 2 and page["next_page_token"] and page["total_records"] == len(locs)


def test_add_get_update_location(api, hq, address):
    number = free_number(api)
    body = {"name": "Annex", "emergency_address_id": address["id"], "public_ip": "203.0.113.50",
            "private_ip": "10.50.0.0/16, 10.51.0.1", "bssid": "AA-BB-CC-DD-EE-01,aabbccddee02",
            "minimum_match_criteria": True, "elin_phone_number_id": number["number"],
            "sip_group_id": hq["sip_group"]["id"], "site_id": hq["site"]["id"]}
    r = api.post(LOC, json=body)
    assert r.status_code == 201, r.text
    made = r.json()
    assert made["name"] == "Annex"
    got = api.get(f"{LOC}/{made['id']}").json()
    assert got["emergency_address"]["id"] == address["id"] and got["site"] == hq["site"]
    assert got["private_ip"] == "10.50.0.0/16,10.51.0.1"
    assert got["bssid"] == "aa:bb:cc:dd:ee:01,aa:bb:cc:dd:ee:02"
    assert got["elin"] == {"phone_number": number["number"], "phone_number_id": number["id"]}
    assert got["sip_group"] == hq["sip_group"] and got["minimum_match_criteria"] is True
    assert "parent_location_id" not in got
    r = api.patch(f"{LOC}/{made['id']}", json={
        "name": "Annex West", "network_switches": [{"mac_address": "00:04:F2:11:22:33", "port": "7"}],
        "elin_phone_number_id": "", "minimum_match_criteria": False})
    assert r.status_code == 204, r.text
    got = api.get(f"{LOC}/{made['id']}").json()
    assert got["name"] == "Annex West" and "elin" not in got and got["minimum_match_criteria"] is False
    assert got["network_switches"] == [{"mac_address": "0004f2112233", "port": "7"}]
    listed = by_name(api)["Annex West"]
    assert listed["id"] == made["id"] and listed["identifier"] == made["id"]


def test_sub_location_follows_its_parent(api, hq, address):
    r = api.post(LOC, json={"name": "HQ Roof", "emergency_address_id": address["id"], "parent_location_id": hq["id"],
                            "sip_group_id": hq["sip_group"]["id"]})
    assert r.status_code == 201, r.text
    got = api.get(f"{LOC}/{r.json()['id']}").json()
    assert got["parent_location_id"] == hq["id"] and got["site"] == hq["site"]
    assert "sip_group" not in got  # "This only affects top locations"
    assert "public_ip" not in got  # not required below the top


@pytest.mark.parametrize(("patch", "needle"), [
    ({"name": " "}, "A location name is required."),
    ({"emergency_address_id": ""}, "An emergency address is required."),
    ({"emergency_address_id": "noSuchAddress"}, "Emergency address does not exist"),
    ({"public_ip": ""}, "A public IP is required."),
    ({"public_ip": "300.1.1.1"}, "IP format error."),
    ({"private_ip": "", "minimum_match_criteria": True}, "private IP"),
    ({"parent_location_id": "noSuchParent"}, "Parent location does not exist."),
    ({"site_id": "noSuchSite"}, "Site does not exist"),
    ({"bssid": "not-a-bssid"}, "BSSID format error."),
    ({"elin_phone_number_id": "12"}, "Phone number format invalid."),
    ({"elin_phone_number_id": "+19999999999"}, "Phone number does not exist."),
    ({"sip_group_id": "noSuchGroup"}, "SIP group does not exist."),
    ({"name": "HQ San Jose"}, "already exists"),
])
def test_add_location_validation(api, address, patch, needle):
    before = locations(api)
    body = {"name": "Valid", "emergency_address_id": address["id"], "public_ip": "203.0.113.9", **patch}
    assert needle in error(api.post(LOC, json=body), 400, 300)["message"]
    assert locations(api) == before


def test_elin_bound_once_and_personal_address_refused(api, hq, address):
    body = {"name": "Other", "emergency_address_id": address["id"], "public_ip": "203.0.113.9",
            "elin_phone_number_id": hq["elin"]["phone_number_id"]}
    assert "multiple locations" in error(api.post(LOC, json=body), 400, 300)["message"]
    personal = api.get(EA, params={"level": 1}).json()["emergency_addresses"][0]
    body = {"name": "Other", "emergency_address_id": personal["id"], "public_ip": "203.0.113.9"}
    assert "company address" in error(api.post(LOC, json=body), 400, 300)["message"]


def test_update_location_validation(api, hq):
    floor = next(loc for loc in locations(api) if loc.get("parent_location_id") == hq["id"])
    error(api.patch(f"{LOC}/{hq['id']}", json={"public_ip": ""}), 400, 300)
    error(api.patch(f"{LOC}/{floor['id']}", json={"name": hq["name"]}), 400, 300)
    dup = floor["network_switches"][0]
    other = next(loc for loc in locations(api) if loc["id"] not in (floor["id"],) and loc["id"] != hq["id"])
    body = error(api.patch(f"{LOC}/{other['id']}", json={"network_switches": [dup]}), 400, 300)
    assert body["message"] == "Duplicate Switch Info found."
    error(api.patch(f"{LOC}/{floor['id']}", json={"network_switches": [{"port": "1"}]}), 400, 300)
    error(api.patch(f"{LOC}/{floor['id']}", json={"emergency_address_id": "", "elin_phone_number_id":
                                                  hq["elin"]["phone_number_id"]}), 400, 300)
    # clearing the address of a location with an ELIN is refused
    body = error(api.patch(f"{LOC}/{hq['id']}", json={"emergency_address_id": ""}), 400, 300)
    assert "ELIN" in body["message"]
    assert api.get(f"{LOC}/{hq['id']}").json() == hq


def test_delete_location_deletes_its_sub_locations(api, hq):
    floors = [loc for loc in locations(api) if loc.get("parent_location_id") == hq["id"]]
    assert api.delete(f"{LOC}/{hq['id']}").status_code == 204
    for loc in [hq, *floors]:
        body = error(api.get(f"{LOC}/{loc['id']}"), 400, 400)
        assert body["message"] == f"Location does not exist: {loc['id']}."
    error(api.delete(f"{LOC}/{hq['id']}"), 400, 400)
    # the address is free now that no location uses it... unless it is the site's default
    assert hq["id"] not in {loc["id"] for loc in locations(api)}


def test_unknown_and_foreign_location_ids(api, other_api, hq):
    for client, key in ((api, "noSuchLocation"), (other_api, hq["id"])):
        error(client.get(f"{LOC}/{key}"), 400, 400)
        error(client.patch(f"{LOC}/{key}", json={"name": "x"}), 400, 400)
        error(client.delete(f"{LOC}/{key}"), 400, 400)
    assert other_api.get(LOC).json()["locations"] == []
    assert api.get(f"{LOC}/{hq['id']}").status_code == 200


# --- batch ---------------------------------------------------------------------------------------


def test_batch_add_with_tree_and_existing_parent(api, hq):
    number = free_number(api)
    group = hq["sip_group"]["display_name"]
    items = [
        batch_item(2, parent_identifier="B-1", public_ip=None,
                   network_switches=[{"mac_address": "00:04:f2:aa:bb:01", "port_prefix": "ge-", "port_range_from": "1",
                                      "port_range_to": "12"}], bssid="f0:b0:52:00:00:01"),
        batch_item(1, elin=number["number"], sip_group_name=group),
        batch_item(3, parent_identifier=hq["identifier"], public_ip=None),
    ]
    items[0].pop("public_ip")
    items[2].pop("public_ip")
    r = api.post("/phone/batch_locations", json={"site_id": hq["site"]["id"], "locations": items})
    assert r.status_code == 201, r.text
    made = {m["display_name"]: m["location_id"] for m in r.json()["locations"]}
    assert list(made) == ["Batch location 2", "Batch location 1", "Batch location 3"]
    one = api.get(f"{LOC}/{made['Batch location 1']}").json()
    two = api.get(f"{LOC}/{made['Batch location 2']}").json()
    three = api.get(f"{LOC}/{made['Batch location 3']}").json()
    assert two["parent_location_id"] == one["id"] and three["parent_location_id"] == hq["id"]
    assert one["elin"]["phone_number_id"] == number["id"] and one["sip_group"]["display_name"] == group
    assert two["network_switches"][0]["port_range_to"] == "12"
    # one new company address, shared by the three
    assert one["emergency_address"]["address_line1"] == "1 Batch Rd"
    assert two["emergency_address"]["id"] == one["emergency_address"]["id"] == three["emergency_address"]["id"]
    addr = api.get(f"{EA}/{one['emergency_address']['id']}").json()
    assert addr["level"] == 0 and addr["site"] == hq["site"] and addr["is_default"] is False
    assert by_name(api)["Batch location 1"]["identifier"] == "B-1"


def _batch_error(api, items, needle, site_id=None):  # noqa: ANN001, ANN202
    before = locations(api)
    before_addresses = api.get(EA, params={"page_size": 100}).json()["total_records"]
    body = {"locations": items, **({"site_id": site_id} if site_id else {})}
    msg = error(api.post("/phone/batch_locations", json=body), 400, 300)["message"]
    assert needle in msg, msg
    assert locations(api) == before  # all or nothing
    assert api.get(EA, params={"page_size": 100}).json()["total_records"] == before_addresses


@pytest.mark.parametrize(("items", "needle"), [
    ([batch_item(i) for i in range(11)], "Locations size must be less than 10."),
    ([batch_item(1), batch_item(2, identifier="B-1")], "You cannot have duplicate identifiers."),
    ([batch_item(1), batch_item(2, display_name="Batch location 1")], "You cannot have duplicate location names."),
    ([batch_item(1, identifier="HQ-SJC")], "This location identifier already exists."),
    ([batch_item(1, display_name="HQ San Jose")], "This location display_name already exists."),
    ([batch_item(1, identifier=" ")], "Identifier is required."),
    ([batch_item(1, display_name="")], "Location name is required."),
    ([batch_item(1, parent_identifier="B-1")], "The parent_identifier can not be the value of the identifier"),
    ([batch_item(1, parent_identifier="nope")], "Identifier can not be matched."),
    ([batch_item(1, parent_identifier="B-2"), batch_item(2, parent_identifier="B-1")],
     "There is an error with the parent location of the sub location."),
    ([batch_item(1, public_ip="")], "Public IP is required."),
    ([batch_item(1, public_ip="1.2.3")], "IP format error."),
    ([batch_item(1, network_switches=[{"port": "1"}])], "Switch MAC address is required."),
    ([batch_item(1, network_switches=[{"mac_address": "xyz"}])], "Mac Address format invalid."),
    ([batch_item(1, network_switches=[{"mac_address": "000000000001"}] * 2)], "Duplicate Switch Info found."),
    ([batch_item(1, network_switches=[{"mac_address": f"0000000000{i:02x}"} for i in range(101)])],
     "Network switches size must be less than 100."),
    ([batch_item(1, bssid="zz:zz")], "BSSID format error."),
    ([batch_item(1, bssid=",".join(f"0000000001{i:02x}" for i in range(101)))],
     "Number bssid per location limited to less than 100."),
    ([batch_item(1, company_address={"address_line1": "", "country": "US"})], "Emergency address Line 1 is required."),
    ([batch_item(1, company_address={"address_line1": "x", "country": ""})], "Emergency address country is required."),
    ([batch_item(1, company_address={"address_line1": "x", "country": "US", "zip": "95110"})],
     "Emergency address state code is required in US."),
    ([batch_item(1, company_address={"address_line1": "x", "country": "US", "state_code": "CA"})],
     "Emergency address zip is required in US."),
    ([batch_item(1, company_address={"address_line1": "Calle 1", "country": "ES", "zip": "28001"})],
     "Emergency address VAT is required in ES."),
    ([batch_item(1, elin="abc")], "Phone number format invalid."),
    ([batch_item(1, elin="+19999999999")], "Phone number does not exist."),
    ([batch_item(1, sip_group_name="No such group")], "SIP group does not exist."),
    ([batch_item(1, display_name="x" * 256)], "The field can not exceed 255 characters."),
    ([batch_item(1, private_ip="", minimum_match_criteria=True)], "private IP"),
])
def test_batch_validation_is_all_or_nothing(api, items, needle):
    _batch_error(api, items, needle)


def test_batch_elin_and_levels(api, hq):
    _batch_error(api, [batch_item(1, elin=hq["elin"]["phone_number"])], "multiple locations")
    chain = [batch_item(1)] + [batch_item(i, parent_identifier=f"B-{i - 1}") for i in range(2, 7)]
    _batch_error(api, chain, "You can only access up to 5 level.")
    # the floors are level 2: four more levels below them are too many
    floor = next(loc for loc in locations(api) if loc.get("parent_location_id") == hq["id"])
    deep = [batch_item(1, parent_identifier=floor["identifier"])] + [
        batch_item(i, parent_identifier=f"B-{i - 1}") for i in range(2, 5)]
    _batch_error(api, deep, "You can only access up to 5 level.", site_id=hq["site"]["id"])
    # a parent of another site
    other_site = next(loc for loc in locations(api) if loc["site"]["id"] != hq["site"]["id"])
    _batch_error(api, [batch_item(1, parent_identifier=other_site["identifier"])],
                 "There is an error with the parent location", site_id=hq["site"]["id"])
    _batch_error(api, [batch_item(1)], "Site does not exist", site_id="noSuchSite")


def test_missing_scope_for_locations(scoped_api, api):
    client = scoped_api(["phone:read:admin"])
    assert client.get(LOC).status_code == 200
    error(client.post("/phone/batch_locations", json={"locations": [batch_item(1)]}), 400, 4700)
    assert "Batch location 1" not in by_name(api)


def test_list_filters_by_site(api, hq):
    locs = locations(api)
    here = api.get(LOC, params={"site_id": hq["site"]["id"], "page_size": 300}).json()
    assert {loc["id"] for loc in here["locations"]} == {loc["id"] for loc in locs
                                                         if loc["site"]["id"] == hq["site"]["id"]}
    assert here["total_records"] == len(here["locations"]) < len(locs)
    other = api.get(LOC, params={"site_id": "no-such-site"}).json()
    assert other["locations"] == [] and other["total_records"] == 0
